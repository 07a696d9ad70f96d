'use strict'
// omniarena's Minecraft bridge: an embedded flying-squid server (or any server) and mineflayer bots,
// driven by JSON lines. Requests arrive on stdin ({"id", "op", ...}); each reply is one line on fd 3
// ({"id", "ok", "result"} or {"id", "ok": false, "error"}). stdout is left to the libraries' logging.
// The process exits when stdin closes, so it never outlives the Python side.

const fs = require('fs')
const readline = require('readline')
const { Vec3 } = require('vec3')

const REPLY_FD = 3
const VERSION = '1.16.5'
const crafting = require('./crafting')
const skills = require('./skills')

const state = { serv: null, bots: {}, registry: null, version: VERSION, external: false }

function sleep (ms) { return new Promise(resolve => setTimeout(resolve, ms)) }

function reply (message) {
  fs.writeSync(REPLY_FD, JSON.stringify(message) + '\n')
}

function registry () {
  if (!state.registry) state.registry = require('prismarine-registry')(state.version)
  return state.registry
}

// --- server ---------------------------------------------------------------------------------------
function startServer ({ port, seed = 0, version = VERSION, viewDistance = 3 }) {
  state.viewDistance = viewDistance
  const mcServer = require('flying-squid')
  state.version = version
  return new Promise((resolve, reject) => {
    const serv = mcServer.createMCServer({
      motd: 'omniarena',
      host: '127.0.0.1',
      port,
      'max-players': 16,
      'online-mode': false,
      logging: false,
      gameMode: 0,
      difficulty: 0,
      worldFolder: undefined,
      generation: { name: 'superflat', options: { worldHeight: 80, seed } },
      kickTimeout: 1000000,
      plugins: {},
      modpe: false,
      'view-distance': viewDistance,
      'player-list-text': { header: '', footer: '' },
      'everybody-op': true,
      'max-entities': 200,
      version
    })
    serv.once('listening', () => { state.serv = serv; crafting.install(serv); resolve({ port, version }) })
    serv.once('error', reject)
  })
}

function serverPlayer (name) {
  if (!state.serv) return null
  return state.serv.players.find(p => p.username === name) || null
}

// --- bots -----------------------------------------------------------------------------------------
function connect ({ name, host = '127.0.0.1', port, version, timeoutMs = 30000 }) {
  const mineflayer = require('mineflayer')
  if (version) state.version = version
  state.external = !state.serv
  return new Promise((resolve, reject) => {
    const bot = mineflayer.createBot({ host, port, username: name, version: state.version, auth: 'offline', hideErrors: true })
    const timer = setTimeout(() => reject(new Error(`bot ${name} did not spawn within ${timeoutMs} ms on ${host}:${port}`)), timeoutMs)
    bot.once('spawn', () => {
      clearTimeout(timer)
      state.bots[name] = bot
      try {
        const { pathfinder } = require('mineflayer-pathfinder')
        bot.loadPlugin(pathfinder)
      } catch (err) { /* pathfinder is optional for low-level play */ }
      bot.waitForTicks(2).then(() => resolve({ name, version: bot.version }))
    })
    bot.once('error', err => { clearTimeout(timer); reject(err) })
    bot.once('kicked', why => { clearTimeout(timer); reject(new Error(`kicked: ${JSON.stringify(why)}`)) })
    bot.on('end', () => { delete state.bots[name] })
  })
}

function botOf (name) {
  const bot = state.bots[name]
  if (!bot) throw new Error(`no bot named ${name} (connect it first)`)
  return bot
}

// --- world building (embedded server: its world API; any other server: chat commands) ---------------
async function setBlocks ({ blocks }) {
  const reg = registry()
  if (!state.serv) {
    const bot = Object.values(state.bots)[0]
    for (const [x, y, z, name] of blocks) bot.chat(`/setblock ${x} ${y} ${z} ${name}`)
    return { placed: blocks.length }
  }
  for (const [x, y, z, name] of blocks) {
    const block = reg.blocksByName[name]
    if (!block) throw new Error(`unknown block ${name}`)
    await state.serv.setBlock(state.serv.overworld, new Vec3(x, y, z), block.defaultState ?? block.minStateId)
  }
  return { placed: blocks.length }
}

async function fill ({ from, to, name }) {
  const reg = registry()
  const block = reg.blocksByName[name]
  if (!block) throw new Error(`unknown block ${name}`)
  const sid = block.defaultState ?? block.minStateId
  const world = state.serv.overworld
  const lo = from.map((v, i) => Math.min(v, to[i]))
  const hi = from.map((v, i) => Math.max(v, to[i]))
  // Write the chunk columns directly (synchronous), then resend each touched chunk once: a packet per
  // block would flood the bots, and an await per block is slow.
  const chunks = []
  for (let cx = lo[0] >> 4; cx <= hi[0] >> 4; cx++) {
    for (let cz = lo[2] >> 4; cz <= hi[2] >> 4; cz++) {
      const column = await world.getColumn(cx, cz)
      const local = new Vec3(0, 0, 0)
      for (let x = Math.max(lo[0], cx * 16); x <= Math.min(hi[0], cx * 16 + 15); x++) {
        for (let z = Math.max(lo[2], cz * 16); z <= Math.min(hi[2], cz * 16 + 15); z++) {
          local.x = x & 15; local.z = z & 15
          for (let y = lo[1]; y <= hi[1]; y++) { local.y = y; column.setBlockStateId(local, sid) }
        }
      }
      chunks.push({ chunkX: cx, chunkZ: cz })
    }
  }
  resendChunks(chunks)
  return { filled: (hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1) }
}

function resendChunks (chunks) {
  for (const player of state.serv.players) {
    for (const { chunkX, chunkZ } of chunks) {
      const dx = (player.position.x >> 4) - chunkX; const dz = (player.position.z >> 4) - chunkZ
      if (Math.abs(dx) > state.viewDistance + 1 || Math.abs(dz) > state.viewDistance + 1) continue
      state.serv.overworld.getColumn(chunkX, chunkZ).then(column => player.sendChunk(chunkX, chunkZ, column))
    }
  }
}

function clearMobs ({ box = null } = {}) {
  if (!state.serv) return
  for (const entity of Object.values(state.serv.entities)) {
    if (entity.type !== 'mob' && entity.type !== 'object') continue
    const p = entity.position
    if (box && (p.x < box[0] || p.z < box[1] || p.x > box[2] || p.z > box[3])) continue
    state.serv.destroyEntity(entity)
  }
}

function spawnMob ({ name, pos, health = 4 }) {
  const reg = registry()
  const kind = reg.entitiesByName[name]
  if (!kind) throw new Error(`unknown entity ${name}`)
  const mob = state.serv.spawnMob(kind.id, state.serv.overworld, new Vec3(...pos), { yaw: 0 })
  mob.health = health
  mob.mobName = name
  const drops = { cow: 'beef', pig: 'porkchop', sheep: 'mutton', chicken: 'chicken' }
  const takeDamage = mob.takeDamage
  mob.takeDamage = (options) => {
    takeDamage(options)
    if (mob.health <= 0) {
      state.serv.destroyEntity(mob)
      state.killed[name] = (state.killed[name] || 0) + 1
      const item = reg.itemsByName[drops[name] || 'leather']
      if (item) {
        state.serv.spawnObject(2, state.serv.overworld, mob.position.plus(new Vec3(0, 0.5, 0)), {
          velocity: new Vec3(0, 0, 0), itemId: item.id, itemCount: 1, pickupTime: 200
        })
      }
    }
  }
  return { id: mob.id }
}
state.killed = {}

async function resetPlayer ({ name, pos, yaw = 0, pitch = 0, inventory = [], time = 1000, health = 20, food = 20 }) {
  const bot = botOf(name)
  const reg = registry()
  if (state.serv) {
    const player = serverPlayer(name)
    state.serv.setTime(time)
    for (let slot = 0; slot < player.inventory.slots.length; slot++) {
      if (player.inventory.slots[slot]) player.inventory.updateSlot(slot, undefined)
    }
    const Item = require('prismarine-item')(state.version)
    inventory.forEach(([itemName, count], index) => {
      const item = reg.itemsByName[itemName]
      if (!item) throw new Error(`unknown item ${itemName}`)
      player.inventory.updateSlot(36 + index, new Item(item.id, count))
    })
    player.updateHealth(health)
    player.updateFood(food)
    await player.teleport(new Vec3(...pos))
    await player.worldSendRestOfChunks()
  } else {
    bot.chat(`/clear ${name}`)
    bot.chat(`/tp ${name} ${pos.join(' ')}`)
    bot.chat(`/time set ${time}`)
    for (const [itemName, count] of inventory) bot.chat(`/give ${name} ${itemName} ${count}`)
  }
  state.killed = {}
  bot.clearControlStates()
  // Wait (in wall time: the bot's physics ticks stop while its chunk is not loaded) until the teleport
  // and the chunks under the bot arrived.
  const target = new Vec3(...pos)
  await sleep(100)
  for (let i = 0; i < 100 && bot.entity.position.distanceTo(target) > 1.5; i++) await sleep(50)
  for (let i = 0; i < 100 && !bot.blockAt(target.offset(0, -1, 0)); i++) await sleep(50)
  bot.setQuickBarSlot(0)
  await bot.look(yaw, pitch, true)
  await bot.waitForTicks(2)
  return { ok: true }
}

// --- acting ---------------------------------------------------------------------------------------
const CONTROLS = ['forward', 'back', 'left', 'right', 'jump', 'sneak', 'sprint']

async function act ({ name, controls = {}, camera = [0, 0], ticks = 1, hotbar = 0, attack = false, use = false, drop = false }) {
  const bot = botOf(name)
  if (hotbar >= 1 && hotbar <= 9) bot.setQuickBarSlot(hotbar - 1)
  // camera: [pitch, yaw] degrees in MineRL's signs (positive pitch looks down, positive yaw turns right);
  // mineflayer's pitch grows upwards and its yaw grows to the left.
  if (camera[0] || camera[1]) {
    const pitch = Math.max(-Math.PI / 2, Math.min(Math.PI / 2, bot.entity.pitch - camera[0] * Math.PI / 180))
    const yaw = bot.entity.yaw - camera[1] * Math.PI / 180
    await bot.look(yaw, pitch, true)
  }
  for (const c of CONTROLS) bot.setControlState(c, Boolean(controls[c]))
  if (drop) { const held = bot.heldItem; if (held) bot.tossStack(held).catch(() => {}) }
  if (use) await skills.useHeld(bot).catch(() => {})
  let digging = null
  for (let t = 0; t < ticks; t++) {
    if (attack) {
      const entity = bot.entityAtCursor(3.5)
      if (entity && t % 5 === 0) bot.attack(entity)
      else if (!entity && !digging) {
        const block = bot.blockAtCursor(4.5)
        if (block && block.name !== 'air' && block.diggable) {
          digging = bot.dig(block, 'ignore', 'raycast').then(() => { digging = null }, () => { digging = null })
        } else if (t % 5 === 0) bot.swingArm()
      }
    }
    await bot.waitForTicks(1)
  }
  if (digging && !attack) bot.stopDigging()
  if (digging) { bot.stopDigging(); await digging }
  for (const c of CONTROLS) bot.setControlState(c, false)
  return { ok: true }
}

// --- observing ------------------------------------------------------------------------------------
let stateToBlock = null
function blockIdsOf () {
  if (!stateToBlock) {
    const reg = registry()
    let maxState = 0
    for (const b of reg.blocksArray) maxState = Math.max(maxState, b.maxStateId)
    stateToBlock = new Uint16Array(maxState + 1)
    for (const b of reg.blocksArray) for (let s = b.minStateId; s <= b.maxStateId; s++) stateToBlock[s] = b.id
  }
  return stateToBlock
}

function palette () {
  return { blocks: registry().blocksArray.map(b => [b.id, b.name]), items: registry().itemsArray.map(i => [i.id, i.name]) }
}

function observe ({ name, radius = 12, up = 8, down = 4, entityRadius = 32 }) {
  const bot = botOf(name)
  const e = bot.entity
  const cx = Math.floor(e.position.x); const cy = Math.floor(e.position.y); const cz = Math.floor(e.position.z)
  const side = 2 * radius + 1; const height = up + down + 1
  const ids = new Uint16Array(side * side * height)
  const map = blockIdsOf()
  const p = new Vec3(0, 0, 0)
  let i = 0
  // Layout [y][z][x] from the low corner (cx - radius, cy - down, cz - radius).
  for (let dy = -down; dy <= up; dy++) {
    for (let dz = -radius; dz <= radius; dz++) {
      for (let dx = -radius; dx <= radius; dx++) {
        p.x = cx + dx; p.y = cy + dy; p.z = cz + dz
        const sid = bot.world.getBlockStateId(p)
        ids[i++] = sid === undefined || sid === null ? 0 : map[sid]
      }
    }
  }
  const entities = []
  for (const other of Object.values(bot.entities)) {
    if (other === e || !other.position) continue
    const d = other.position.distanceTo(e.position)
    if (d > entityRadius) continue
    entities.push({ id: other.id, kind: other.type, name: other.name || other.username || other.displayName || 'entity', username: other.username || null, pos: [other.position.x, other.position.y, other.position.z], height: other.height || 1, width: other.width || 0.6 })
  }
  const items = bot.inventory.items().map(item => [item.name, item.count, item.slot])
  const cursor = bot.blockAtCursor(4.5)
  return {
    pos: [e.position.x, e.position.y, e.position.z],
    yaw: e.yaw,
    pitch: e.pitch,
    health: bot.health,
    food: bot.food,
    onGround: e.onGround,
    hotbar: bot.quickBarSlot,
    held: bot.heldItem ? bot.heldItem.name : null,
    items,
    time: bot.time.timeOfDay,
    origin: [cx - radius, cy - down, cz - radius],
    shape: [height, side, side],
    blocks: Buffer.from(ids.buffer).toString('base64'),
    entities,
    cursor: cursor ? { name: cursor.name, pos: [cursor.position.x, cursor.position.y, cursor.position.z] } : null
  }
}

// What a task's success check reads: the server's own state where there is one.
async function serverState ({ name, probes = [] }) {
  const out = { killed: { ...state.killed }, blocks: [], inventory: {}, mobs: {} }
  const player = serverPlayer(name)
  if (player) {
    for (const item of player.inventory.slots) if (item) out.inventory[item.name] = (out.inventory[item.name] || 0) + item.count
    out.pos = [player.position.x, player.position.y, player.position.z]
    out.health = player.health
    for (const entity of Object.values(state.serv.entities)) {
      if (entity.type === 'mob' && entity.mobName) out.mobs[entity.mobName] = (out.mobs[entity.mobName] || 0) + 1
    }
    out.time = state.serv.time
  } else {
    const bot = botOf(name)
    for (const item of bot.inventory.items()) out.inventory[item.name] = (out.inventory[item.name] || 0) + item.count
    out.pos = [bot.entity.position.x, bot.entity.position.y, bot.entity.position.z]
    out.health = bot.health
    out.time = bot.time.timeOfDay
  }
  const reg = registry()
  const bot = state.bots[name]
  for (const [x, y, z] of probes) {
    let blockName = 'unknown'
    if (state.serv) {
      const sid = await state.serv.overworld.getBlockStateId(new Vec3(x, y, z))
      blockName = reg.blocksByStateId[sid] ? reg.blocksByStateId[sid].name : 'unknown'
    } else if (bot) {
      const block = bot.blockAt(new Vec3(x, y, z))
      blockName = block ? block.name : 'unknown'
    }
    out.blocks.push(blockName)
  }
  return out
}

async function countBlocks ({ name, from, to }) {
  const reg = registry()
  const block = reg.blocksByName[name]
  if (!block) throw new Error(`unknown block ${name}`)
  const bot = Object.values(state.bots)[0]
  let count = 0
  for (let x = from[0]; x <= to[0]; x++) {
    for (let y = from[1]; y <= to[1]; y++) {
      for (let z = from[2]; z <= to[2]; z++) {
        const pos = new Vec3(x, y, z)
        const sid = state.serv ? await state.serv.overworld.getBlockStateId(pos) : bot.world.getBlockStateId(pos)
        if (sid >= block.minStateId && sid <= block.maxStateId) count++
      }
    }
  }
  return { count }
}

async function skill ({ name, skill, item = '', count = 1 }) {
  const bot = botOf(name)
  return skills.run(bot, { skill, item, count, serv: state.serv, serverPlayer: serverPlayer(name), registry: registry(), version: state.version })
}

async function disconnect ({ name }) {
  const bot = state.bots[name]
  if (bot) { bot.quit(); delete state.bots[name] }
  return { ok: true }
}

function crash () { process.exit(17) }

const OPS = { countBlocks, startServer, connect, setBlocks, fill, clearMobs, spawnMob, resetPlayer, act, observe, palette, serverState, skill, disconnect, crash, ping: () => ({ pong: true }) }

async function handle (line) {
  let request
  try { request = JSON.parse(line) } catch (err) { reply({ id: null, ok: false, error: `bad JSON: ${err.message}` }); return }
  const op = OPS[request.op]
  if (!op) { reply({ id: request.id, ok: false, error: `unknown op ${request.op}` }); return }
  try {
    // No op may stall the queue: each has a time limit (a skill's own limit is shorter).
    const limitMs = request.args && request.args.limitMs ? request.args.limitMs : 45000
    let timer
    const limit = new Promise((resolve, reject) => { timer = setTimeout(() => reject(new Error(`${request.op} took longer than ${limitMs} ms`)), limitMs) })
    const result = await Promise.race([op(request.args || {}), limit]).finally(() => clearTimeout(timer))
    reply({ id: request.id, ok: true, result: result === undefined ? null : result })
  } catch (err) {
    reply({ id: request.id, ok: false, error: String(err && err.stack ? err.stack.split('\n').slice(0, 3).join(' | ') : err) })
  }
}

// Requests run one after another: a step's ticks finish before the next observation is taken.
let queue = Promise.resolve()
const input = readline.createInterface({ input: process.stdin })
input.on('line', line => { queue = queue.then(() => handle(line)) })
input.on('close', () => { queue.then(() => process.exit(0)) })
process.on('unhandledRejection', err => { process.stderr.write(`unhandled rejection: ${err && err.stack}\n`) })
process.on('uncaughtException', err => { process.stderr.write(`uncaught exception: ${err && err.stack}\n`) })
