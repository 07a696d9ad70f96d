'use strict'
// Crafting for the embedded flying-squid server, which has none: recipes come from minecraft-data
// (through prismarine-registry). A recipe whose shape fits 2x2 crafts from the inventory grid; a larger
// one needs a crafting table within reach, as in vanilla. The server takes the ingredients out of the
// player's inventory and puts the result in, so the client sees ordinary slot updates.

const { Vec3 } = require('vec3')

const TABLE_REACH = 4.5

function install (serv) {
  serv.omniCraft = (player, itemName, count) => craft(serv, player, itemName, count)
}

function needs (recipe) {
  const need = new Map()
  const cells = recipe.inShape ? recipe.inShape.flat() : recipe.ingredients
  for (const cell of cells) {
    if (cell === null || cell === undefined) continue
    const id = typeof cell === 'object' ? cell.id : cell
    if (id < 0) continue
    need.set(id, (need.get(id) || 0) + 1)
  }
  return need
}

function fitsInventoryGrid (recipe) {
  if (!recipe.inShape) return (recipe.ingredients || []).length <= 4
  return recipe.inShape.length <= 2 && recipe.inShape.every(row => row.length <= 2)
}

function counts (player) {
  const have = new Map()
  for (const item of player.inventory.slots) if (item) have.set(item.type, (have.get(item.type) || 0) + item.count)
  return have
}

async function tableNear (serv, player) {
  const reg = serv.registry
  const table = reg.blocksByName.crafting_table.id
  const base = player.position.floored()
  for (let dx = -4; dx <= 4; dx++) {
    for (let dy = -2; dy <= 3; dy++) {
      for (let dz = -4; dz <= 4; dz++) {
        const pos = base.offset(dx, dy, dz)
        if (pos.offset(0.5, 0.5, 0.5).distanceTo(player.position.offset(0, 1.62, 0)) > TABLE_REACH + 1) continue
        if ((await player.world.getBlockType(pos)) === table) return true
      }
    }
  }
  return false
}

function take (player, id, amount) {
  for (let slot = 0; slot < player.inventory.slots.length && amount > 0; slot++) {
    const item = player.inventory.slots[slot]
    if (!item || item.type !== id) continue
    const used = Math.min(amount, item.count)
    amount -= used
    if (used === item.count) player.inventory.updateSlot(slot, undefined)
    else { item.count -= used; player.inventory.updateSlot(slot, item) }
  }
}

function give (serv, player, id, amount) {
  const Item = require('prismarine-item')(serv.registry.version.minecraftVersion)
  const stackSize = serv.registry.items[id].stackSize
  for (let slot = 9; slot < 45 && amount > 0; slot++) {
    const item = player.inventory.slots[slot]
    if (item && item.type === id && item.count < stackSize) {
      const added = Math.min(amount, stackSize - item.count)
      item.count += added
      amount -= added
      player.inventory.updateSlot(slot, item)
    }
  }
  // Hotbar first, as vanilla fills it when the result is shift-clicked out.
  const order = [36, 37, 38, 39, 40, 41, 42, 43, 44, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]
  for (const slot of order) {
    if (amount <= 0) break
    if (player.inventory.slots[slot]) continue
    const added = Math.min(amount, stackSize)
    player.inventory.updateSlot(slot, new Item(id, added))
    amount -= added
  }
  return amount
}

// Craft `count` times (each time gives the recipe's result count). Throws with the reason when impossible.
async function craft (serv, player, itemName, count = 1) {
  const reg = serv.registry
  const item = reg.itemsByName[itemName]
  if (!item) throw new Error(`unknown item ${itemName}`)
  const recipes = reg.recipes[item.id]
  if (!recipes || !recipes.length) throw new Error(`${itemName} has no crafting recipe`)
  const table = await tableNear(serv, player)
  let made = 0
  for (let n = 0; n < count; n++) {
    const have = counts(player)
    const usable = recipes.filter(r => (table || fitsInventoryGrid(r)) && [...needs(r)].every(([id, k]) => (have.get(id) || 0) >= k))
    if (!usable.length) {
      if (made) break
      const anyGrid = recipes.some(fitsInventoryGrid)
      const missing = [...needs(recipes[0])].map(([id, k]) => `${k} ${reg.items[id].name}`).join(', ')
      if (!table && !anyGrid) throw new Error(`${itemName} needs a crafting table within reach (and ${missing})`)
      throw new Error(`not enough ingredients for ${itemName}: it needs ${missing}`)
    }
    const recipe = usable[0]
    for (const [id, k] of needs(recipe)) take(player, id, k)
    give(serv, player, recipe.result.id, recipe.result.count)
    made += recipe.result.count
  }
  return { crafted: itemName, count: made }
}

module.exports = { install, craft, needs, Vec3 }
