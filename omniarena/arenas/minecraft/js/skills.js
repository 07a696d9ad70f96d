'use strict'
// High-level skills run with mineflayer (and mineflayer-pathfinder): each resolves with what it did or
// rejects with a reason the agent reads in its next observation. Every skill is bounded in ticks.

const { Vec3 } = require('vec3')

const MAX_SKILL_TICKS = 400

function pathfinding (bot) {
  const { Movements, goals } = require('mineflayer-pathfinder')
  if (!bot.omniMovements) {
    const moves = new Movements(bot)
    moves.canDig = false
    moves.allow1by1towers = false
    moves.allowParkour = false
    bot.omniMovements = moves
  }
  bot.pathfinder.setMovements(bot.omniMovements)
  bot.pathfinder.thinkTimeout = 20000 // a loaded machine plans slowly; the skill's own tick limit still holds
  return goals
}

function withTimeout (promise, ticks, bot, what) {
  let timer
  const limit = new Promise((resolve, reject) => {
    timer = setTimeout(() => { try { bot.pathfinder.stop() } catch (e) {} reject(new Error(`${what} did not finish within ${ticks} ticks`)) }, ticks * 50)
  })
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer))
}

async function goNear (bot, pos, range) {
  const goals = pathfinding(bot)
  if (bot.entity.position.distanceTo(pos) <= range + 0.5) return
  await withTimeout(bot.pathfinder.goto(new goals.GoalNear(pos.x, pos.y, pos.z, range)), MAX_SKILL_TICKS, bot, 'walking')
}

// Wait on state, not on time: poll ``ready`` once a tick for at most ``ticks`` ticks.
async function waitFor (bot, ready, ticks) {
  for (let t = 0; t < ticks; t++) {
    const value = ready()
    if (value) return value
    await bot.waitForTicks(1)
  }
  return ready()
}

// Equipping is a window click the server may leave unanswered ("did not respond to transaction"):
// it is idempotent, so try again a few times.
async function equipItem (bot, item) {
  for (let attempt = 0; ; attempt++) {
    try {
      if (bot.heldItem && bot.heldItem.type === item.type) return
      await bot.equip(item, 'hand')
      return
    } catch (err) {
      if (attempt >= 2) throw err
      await bot.waitForTicks(4)
    }
  }
}

function totalItems (bot) {
  return bot.inventory.items().reduce((a, i) => a + i.count, 0)
}

// After a dig: walk onto the drops until the inventory grows (a drop may take a few ticks to appear and
// the server a few more to hand it over), within a bounded number of ticks.
async function collectDrops (bot, before, ticks = 100) {
  for (let t = 0; t < ticks && totalItems(bot) <= before; t += 2) {
    const drop = bot.nearestEntity(e => e.name === 'item' && e.position.distanceTo(bot.entity.position) < 8)
    if (drop && drop.position.distanceTo(bot.entity.position) > 0.8) {
      try { await goNear(bot, drop.position, 0.5) } catch (e) { /* try again on the next round */ }
    }
    await bot.waitForTicks(2)
  }
  return totalItems(bot) > before
}

function countOf (bot, name) {
  return bot.inventory.items().filter(i => i.name === name).reduce((a, i) => a + i.count, 0)
}

async function mine (bot, { item: blockName, count, registry }) {
  const block = registry.blocksByName[blockName]
  if (!block) throw new Error(`unknown block ${blockName}`)
  // ``count`` blocks dug and their drops in the inventory: a dig the server did not confirm, or a drop
  // not picked up, is tried again (a bounded number of times), and a drop left lying is picked up later.
  let dug = 0; let collected = 0
  for (let tries = 0; collected < count && tries < count + 3; tries++) {
    // The scene may still be arriving at the client: look again for a short while before giving up.
    const target = await waitFor(bot, () => bot.findBlock({ matching: block.id, maxDistance: 32 }), dug ? 1 : 20)
    if (!target) { if (dug) break; throw new Error(`no ${blockName} within 32 blocks`) }
    await goNear(bot, target.position, 2)
    const best = bot.pathfinder.bestHarvestTool(target)
    if (best) await equipItem(bot, best).catch(() => {}) // digging by hand is slower, not wrong
    if (!bot.canDigBlock(target)) {
      try { await goNear(bot, target.position, 1) } catch (e) { /* report below */ }
      if (!bot.canDigBlock(target)) throw new Error(`cannot dig the ${blockName} at ${target.position} from here`)
    }
    const still = bot.blockAt(target.position)
    if (!still || still.type !== block.id) continue // someone else dug it meanwhile
    const before = totalItems(bot)
    const digTicks = Math.ceil(bot.digTime(target) / 50) + 40
    try {
      await withTimeout(bot.dig(target, true), Math.min(MAX_SKILL_TICKS, digTicks), bot, 'digging')
    } catch (err) { bot.stopDigging(); if (!/within/.test(String(err))) throw err }
    // The dig counts once the server's block update says the block is gone; else dig it again.
    const gone = await waitFor(bot, () => { const b = bot.blockAt(target.position); return b && b.type !== block.id }, 20)
    if (!gone) continue
    dug++
    if (await collectDrops(bot, before)) collected++
  }
  return { mined: blockName, count: dug, collected }
}

async function craft (bot, { item, count, serv, serverPlayer, registry }) {
  if (serv && serverPlayer) {
    const result = await serv.omniCraft(serverPlayer, item, count)
    await bot.waitForTicks(2)
    return result
  }
  // Any other server crafts for itself: use mineflayer's window clicks.
  const wanted = registry.itemsByName[item]
  if (!wanted) throw new Error(`unknown item ${item}`)
  const table = bot.findBlock({ matching: registry.blocksByName.crafting_table.id, maxDistance: 4 })
  const recipe = bot.recipesFor(wanted.id, null, 1, table)[0]
  if (!recipe) throw new Error(`no recipe for ${item} with this inventory${table ? '' : ' and no crafting table near'}`)
  await bot.craft(recipe, count, table || undefined)
  return { crafted: item, count }
}

function freeSpotNextTo (bot) {
  const base = bot.entity.position.floored()
  const yaw = bot.entity.yaw
  // In front first, then around.
  const front = new Vec3(-Math.round(Math.sin(yaw)), 0, -Math.round(Math.cos(yaw)))
  const offsets = [front, new Vec3(1, 0, 0), new Vec3(-1, 0, 0), new Vec3(0, 0, 1), new Vec3(0, 0, -1), new Vec3(1, 0, 1), new Vec3(-1, 0, -1)]
  for (const off of offsets) {
    if (off.x === 0 && off.z === 0) continue
    const spot = base.plus(off)
    const here = bot.blockAt(spot); const below = bot.blockAt(spot.offset(0, -1, 0))
    if (here && here.name === 'air' && below && below.boundingBox === 'block') return below
  }
  return null
}

async function equip (bot, { item }) {
  const held = bot.inventory.items().find(i => i.name === item)
  if (!held) throw new Error(`no ${item} in the inventory`)
  await equipItem(bot, held)
  return { equipped: item }
}

async function place (bot, { item }) {
  const before = countOf(bot, item)
  // Placing is retried: the server may not confirm in time, or the bot may stand in the way.
  for (let attempt = 0; attempt < 3; attempt++) {
    await equip(bot, { item })
    const cursor = bot.blockAtCursor(4.5)
    let reference = null; const face = new Vec3(0, 1, 0)
    if (cursor && cursor.name !== 'air' && cursor.boundingBox === 'block') {
      const above = bot.blockAt(cursor.position.offset(0, 1, 0))
      if (above && above.name === 'air' && above.position.distanceTo(bot.entity.position.floored()) >= 1) reference = cursor
    }
    if (!reference) reference = freeSpotNextTo(bot)
    if (!reference) throw new Error(`no free spot to place ${item} next to the bot`)
    await bot.lookAt(reference.position.offset(0.5, 1, 0.5), true)
    const spot = reference.position.plus(face)
    await bot.placeBlock(reference, face).catch(err => { if (!/did not fire|timeout/i.test(String(err))) throw err })
    const placed = await waitFor(bot, () => { const b = bot.blockAt(spot); return b && b.name === item }, 20)
    if (placed) return { placed: item, at: [spot.x, spot.y, spot.z], used: before - countOf(bot, item) }
    if (!countOf(bot, item)) break
  }
  throw new Error(`the ${item} was not placed (the server did not confirm it)`)
}

function findTarget (bot, name) {
  const entity = bot.nearestEntity(e => e !== bot.entity && (e.name === name || e.username === name))
  if (entity) return { entity, pos: entity.position }
  const block = bot.registry.blocksByName[name]
  if (block) {
    const found = bot.findBlock({ matching: block.id, maxDistance: 48 })
    if (found) return { block: found, pos: found.position }
  }
  return null
}

async function approach (bot, { item: name }) {
  const target = await waitFor(bot, () => findTarget(bot, name), 20)
  if (!target) throw new Error(`no ${name} in sight`)
  await goNear(bot, target.pos, 2)
  await bot.lookAt(target.pos.offset(0.5, target.entity ? target.entity.height * 0.8 : 0.5, 0.5), true)
  return { approached: name, distance: bot.entity.position.distanceTo(target.pos) }
}

async function attack (bot, { item: name }) {
  let hits = 0
  for (let t = 0; t < MAX_SKILL_TICKS; t += 6) {
    const near = () => bot.nearestEntity(e => e !== bot.entity && (e.name === name || e.username === name))
    const entity = hits ? near() : await waitFor(bot, near, 20)
    if (!entity) { if (hits) return { attacked: name, hits, killed: true }; throw new Error(`no ${name} in sight`) }
    if (entity.position.distanceTo(bot.entity.position) > 3) {
      try { await goNear(bot, entity.position, 2) } catch (err) { await bot.waitForTicks(6); continue } // the mob moved: plan again
    }
    await bot.lookAt(entity.position.offset(0, entity.height * 0.8, 0), true)
    bot.attack(entity)
    hits++
    await bot.waitForTicks(6)
  }
  return { attacked: name, hits, killed: false }
}

function within (promise, ms) {
  let timer
  return Promise.race([promise, new Promise(resolve => { timer = setTimeout(resolve, ms) })]).finally(() => clearTimeout(timer))
}

async function useHeld (bot) {
  return within(useHeldNow(bot), 1500)
}

async function useHeldNow (bot) {
  const held = bot.heldItem
  if (!held) { const block = bot.blockAtCursor(4.5); if (block) await bot.activateBlock(block); return }
  if (bot.registry.blocksByName[held.name]) {
    const cursor = bot.blockAtCursor(4.5)
    if (cursor) {
      // Place against the face the crosshair is on (the face nearest the eye).
      const eye = bot.entity.position.offset(0, bot.entity.height, 0)
      const center = cursor.position.offset(0.5, 0.5, 0.5)
      const d = eye.minus(center)
      const ax = Math.abs(d.x); const ay = Math.abs(d.y); const az = Math.abs(d.z)
      const face = ay >= ax && ay >= az ? new Vec3(0, Math.sign(d.y), 0) : ax >= az ? new Vec3(Math.sign(d.x), 0, 0) : new Vec3(0, 0, Math.sign(d.z))
      await bot.placeBlock(cursor, face).catch(() => {})
    }
    return
  }
  if (bot.registry.foodsByName && bot.registry.foodsByName[held.name]) { await bot.consume().catch(() => {}); return }
  bot.activateItem()
  await bot.waitForTicks(1)
  bot.deactivateItem()
}

const SKILLS = { mine, craft, place, approach, attack, equip }

async function run (bot, options) {
  const skill = SKILLS[options.skill]
  if (!skill) throw new Error(`unknown skill ${options.skill}`)
  return skill(bot, options)
}

module.exports = { run, useHeld }
