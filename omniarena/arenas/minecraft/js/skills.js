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

async function collectDrops (bot) {
  for (let round = 0; round < 6; round++) {
    const drop = bot.nearestEntity(e => e.name === 'item' && e.position.distanceTo(bot.entity.position) < 8)
    if (!drop) return
    try { await goNear(bot, drop.position, 0.5) } catch (e) { return }
    await bot.waitForTicks(4)
  }
}

function countOf (bot, name) {
  return bot.inventory.items().filter(i => i.name === name).reduce((a, i) => a + i.count, 0)
}

async function mine (bot, { item: blockName, count, registry }) {
  const block = registry.blocksByName[blockName]
  if (!block) throw new Error(`unknown block ${blockName}`)
  let dug = 0
  for (let n = 0; n < count; n++) {
    const target = bot.findBlock({ matching: block.id, maxDistance: 32 })
    if (!target) { if (dug) break; throw new Error(`no ${blockName} within 32 blocks`) }
    await goNear(bot, target.position, 2)
    const best = bot.pathfinder.bestHarvestTool(target)
    if (best) await bot.equip(best, 'hand')
    if (!bot.canDigBlock(target)) throw new Error(`cannot dig the ${blockName} at ${target.position} from here`)
    await withTimeout(bot.dig(target, true), MAX_SKILL_TICKS, bot, 'digging')
    dug++
    await bot.waitForTicks(2)
    await collectDrops(bot)
  }
  return { mined: blockName, count: dug }
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
  await bot.equip(held, 'hand')
  return { equipped: item }
}

async function place (bot, { item }) {
  await equip(bot, { item })
  const cursor = bot.blockAtCursor(4.5)
  let reference = null; let face = new Vec3(0, 1, 0)
  if (cursor && cursor.name !== 'air' && cursor.boundingBox === 'block') {
    const above = bot.blockAt(cursor.position.offset(0, 1, 0))
    if (above && above.name === 'air' && above.position.distanceTo(bot.entity.position.floored()) >= 1) reference = cursor
  }
  if (!reference) reference = freeSpotNextTo(bot)
  if (!reference) throw new Error(`no free spot to place ${item} next to the bot`)
  await bot.lookAt(reference.position.offset(0.5, 1, 0.5), true)
  const before = countOf(bot, item)
  await bot.placeBlock(reference, face).catch(err => { if (!/did not fire|timeout/i.test(String(err))) throw err })
  await bot.waitForTicks(2)
  const placed = bot.blockAt(reference.position.plus(face))
  return { placed: item, at: [placed.position.x, placed.position.y, placed.position.z], used: before - countOf(bot, item) }
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
  const target = findTarget(bot, name)
  if (!target) throw new Error(`no ${name} in sight`)
  await goNear(bot, target.pos, 2)
  await bot.lookAt(target.pos.offset(0.5, target.entity ? target.entity.height * 0.8 : 0.5, 0.5), true)
  return { approached: name, distance: bot.entity.position.distanceTo(target.pos) }
}

async function attack (bot, { item: name }) {
  let hits = 0
  for (let t = 0; t < MAX_SKILL_TICKS; t += 6) {
    const entity = bot.nearestEntity(e => e !== bot.entity && (e.name === name || e.username === name))
    if (!entity) { if (hits) return { attacked: name, hits, killed: true }; throw new Error(`no ${name} in sight`) }
    if (entity.position.distanceTo(bot.entity.position) > 3) await goNear(bot, entity.position, 2)
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
