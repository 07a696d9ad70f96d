// omniarena web task runtime: seeded content, the instruction, the reward computed in the page, oracles.
// A task is OmniTask.define(name, {setup(rng, area, T) -> instruction, oracle(T) -> [action, ...args]}).
// setup builds the task's DOM from the seeded rng and calls T.finish(reward) when the episode ends.
// oracle returns the next step of a solution from the page's current state (elements stand for their ids).
(function () {
  "use strict";
  const params = new URLSearchParams(location.search);
  const seed = parseInt(params.get("seed") || "0", 10) >>> 0;
  const name = params.get("task") || "";
  const key = "omni:" + name + ":" + seed;

  function mulberry32(a) {
    return function () {
      a |= 0; a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  function makeRng(s) {
    const next = mulberry32(s * 2654435761 + 12345);
    const rng = {
      random: next,
      int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
      pick: (arr) => arr[Math.floor(next() * arr.length)],
      shuffle: (arr) => { const a = arr.slice(); for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(next() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; } return a; },
      sample: (arr, k) => rng.shuffle(arr).slice(0, k),
    };
    return rng;
  }
  const WORDS = ["apple", "river", "stone", "cloud", "tiger", "piano", "maple", "ocean", "lemon", "comet",
    "amber", "cedar", "delta", "ember", "frost", "grove", "haven", "ivory", "jolly", "koala", "lunar",
    "mango", "noble", "olive", "pearl", "quartz", "raven", "solar", "tulip", "umbra", "violet", "willow",
    "yarrow", "zephyr", "basil", "coral", "dune", "fable", "garnet", "harbor"];
  const NAMES = ["Alice", "Bruno", "Chen", "Dana", "Emil", "Fatima", "Goran", "Hana", "Ivan", "Julia",
    "Kenji", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Uma", "Viktor"];
  const COLORS = {red: "#e53935", green: "#43a047", blue: "#1e88e5", yellow: "#fdd835", purple: "#8e24aa",
    orange: "#fb8c00", pink: "#ec407a", teal: "#00897b", brown: "#6d4c41", gray: "#757575"};

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "text") el.textContent = v;
      else if (k === "style") el.setAttribute("style", v);
      else if (v === true) el.setAttribute(k, "");
      else if (v !== false && v !== null && v !== undefined) el.setAttribute(k, v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
    return el;
  }
  function loadState() {
    try { return JSON.parse(localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  const T = {
    seed, name, key, h, WORDS, NAMES, COLORS, tasks: {},
    page: params.get("page") || "",
    instruction: "",
    data: {},
    define(taskName, spec) { this.tasks[taskName] = spec; },
    rng: (salt) => makeRng(seed + 7919 * (salt || 0)),
    url(extra) {
      const p = new URLSearchParams({task: name, seed: String(seed)});
      for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
      return "task.html?" + p.toString();
    },
    save(patch) { const s = Object.assign(loadState(), patch); localStorage.setItem(key, JSON.stringify(s)); return s; },
    stored: () => loadState(),
    finish(reward, why) {
      if (loadState().done) return;
      T.save({done: true, reward: reward, why: why || ""});
      T.showStatus();
    },
    showStatus() {
      const s = loadState();
      if (!s.done) return;
      const reward = s.reward, why = s.why;
      const status = document.getElementById("status");
      if (status) {
        status.textContent = (reward > 0 ? "Done: success" : "Done: failed") + (why ? " (" + why + ")" : "");
        status.className = reward > 0 ? "win" : "lose";
      }
    },
    byText(selector, text) {
      for (const el of document.querySelectorAll(selector)) if (el.textContent.trim() === text) return el;
      return null;
    },
    inView(el) { const b = el.getBoundingClientRect(); return b.top >= 0 && b.bottom <= window.innerHeight; },
  };
  window.OmniTask = T;

  function wire(v) {
    if (v instanceof Element) return window.__omniTree ? window.__omniTree.bid(v) : null;
    return v;
  }
  window.__omni = {
    state() {
      const s = loadState();
      return {task: name, seed, instruction: T.instruction, done: !!s.done, reward: s.reward || 0, why: s.why || ""};
    },
    oracle() {
      const spec = T.tasks[name];
      if (!spec || !spec.oracle) return null;
      const step = spec.oracle(T);
      return step ? step.map(wire) : null;
    },
    message(text) {
      const spec = T.tasks[name];
      if (spec && spec.onMessage) spec.onMessage(String(text), T);
    },
  };

  document.addEventListener("DOMContentLoaded", () => {
    const spec = T.tasks[name];
    const query = document.getElementById("query");
    const area = document.getElementById("area");
    if (!spec) { query.textContent = "Unknown task '" + name + "'."; return; }
    T.instruction = spec.setup(makeRng(seed), area, T);
    query.textContent = T.instruction;
    T.showStatus();
  });
})();
