// The desktop: one seeded virtual state (files, mail, calendar, settings), a window manager and the API
// the arena calls (window.__desk). Apps (apps.js) register in DESK.apps. Every element gets its
// data-omni-bid from a key (its own data-key or its parent's key plus its place), so the accessibility
// tree's ids stay the same while an element lives, across re-renders.
(() => {
  "use strict";
  const D = window.DESK = {apps: {}, S: null, U: null, handlers: {}};
  const ATTR = "data-omni-bid";
  let ids = new Map();
  let seedState = null;

  const esc = D.esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  D.clone = (x) => JSON.parse(JSON.stringify(x));

  // --- virtual file system: a flat map path -> {type, content, mtime} -------------------------------
  D.fs = {
    get: (p) => D.S.fs[p] || null,
    isDir: (p) => !!(D.S.fs[p] && D.S.fs[p].type === "dir"),
    parent: (p) => p.slice(0, p.lastIndexOf("/")) || "/",
    base: (p) => p.slice(p.lastIndexOf("/") + 1),
    join: (d, n) => (d === "/" ? "" : d) + "/" + n,
    children(dir) { return Object.keys(D.S.fs).filter((p) => p !== dir && D.fs.parent(p) === dir); },
    subtree(dir) { return Object.keys(D.S.fs).filter((p) => p.startsWith(dir + "/")); },
    dirs() { return Object.keys(D.S.fs).filter((p) => D.S.fs[p].type === "dir").sort(); },
    validName(n) { return typeof n === "string" && n.trim() !== "" && !/[\/\\]/.test(n) && n !== "." && n !== ".."; },
    write(p, content) {
      const node = D.S.fs[p];
      if (node && node.type === "dir") throw new Error(`${D.fs.base(p)} is a folder`);
      if (!D.fs.isDir(D.fs.parent(p))) throw new Error(`no folder ${D.fs.parent(p)}`);
      D.S.fs[p] = {type: "file", content: String(content), mtime: D.S.tick++};
    },
    moveTree(from, to, copy) {
      if (D.S.fs[to]) throw new Error(`${D.fs.base(to)} already exists in ${D.fs.parent(to)}`);
      if (to.startsWith(from + "/")) throw new Error("a folder cannot go inside itself");
      for (const p of [from, ...D.fs.subtree(from)]) {
        const node = D.clone(D.S.fs[p]);
        node.mtime = D.S.tick++;
        D.S.fs[to + p.slice(from.length)] = node;
        if (!copy) delete D.S.fs[p];
      }
    },
  };

  // --- windows -----------------------------------------------------------------------------------
  D.win = (id) => D.U.windows.find((w) => w.id === id) || null;
  D.top = (app) => D.U.windows.filter((w) => w.app === app && !w.min).sort((a, b) => b.z - a.z)[0] || null;
  D.focused = () => D.win(D.U.focus);
  D.dialogOf = (w) => D.U.windows.find((c) => c.parent === w.id) || null;

  D.open = (app, data) => {
    const def = D.apps[app];
    const n = D.U.windows.filter((w) => !w.parent).length;
    const w = {id: "w" + D.U.nextWin++, app, x: 150 + 34 * (n % 8), y: 40 + 28 * (n % 8), w: def.w, h: def.h, z: 0,
      min: false, max: false, parent: null, d: def.init ? def.init(data || {}) : {}};
    D.U.windows.push(w);
    D.focus(w);
    return w;
  };

  D.dialog = (parent, d) => {
    const w = {id: "w" + D.U.nextWin++, app: "dialog", w: d.width || 380, h: d.height || 190, z: 0, min: false, max: false,
      parent: parent ? parent.id : null, d};
    const px = parent && !parent.max ? parent.x : 0, py = parent && !parent.max ? parent.y : 0;
    const pw = parent ? (parent.max ? 1280 : parent.w) : 1280, ph = parent ? (parent.max ? 760 : parent.h) : 760;
    w.x = Math.max(0, Math.round(px + (pw - w.w) / 2));
    w.y = Math.max(0, Math.round(py + (ph - w.h) / 2));
    D.U.windows.push(w);
    D.focus(w);
    return w;
  };
  D.error = (parent, message) => D.dialog(parent, {kind: "message", title: "Error", message, ok: null});

  D.focus = (w) => {
    const child = D.dialogOf(w);
    if (child) return D.focus(child);
    w.min = false;
    w.z = ++D.U.z;
    D.U.focus = w.id;
  };

  D.close = (w) => {
    for (const child of D.U.windows.filter((c) => c.parent === w.id)) D.close(child);
    const def = D.apps[w.app];
    if (def && def.beforeClose && def.beforeClose(w) === false) return;
    D.U.windows = D.U.windows.filter((c) => c !== w);
    const parent = w.parent ? D.win(w.parent) : null;
    if (parent) D.focus(parent);
    else if (D.U.focus === w.id) {
      const next = D.U.windows.filter((c) => !c.min).sort((a, b) => b.z - a.z)[0];
      D.U.focus = next ? next.id : null;
    }
  };

  D.minimise = (w) => {
    w.min = true;
    if (D.U.focus === w.id) {
      const next = D.U.windows.filter((c) => !c.min && !c.parent).sort((a, b) => b.z - a.z)[0];
      D.U.focus = next ? next.id : null;
    }
  };

  D.title = (w) => {
    const def = D.apps[w.app];
    return w.app === "dialog" ? w.d.title : def.title + (def.subtitle ? def.subtitle(w) : "");
  };

  // --- rendering ---------------------------------------------------------------------------------
  const glyph = (app, small) => `<span class="glyph g-${app}${small ? " small" : ""}" data-l="${esc((D.apps[app] || {}).letter || "?")}"></span>`;
  D.glyph = glyph;
  const LAUNCH = ["files", "editor", "mail", "calendar", "sheet", "settings"];

  function windowHtml(w) {
    const def = D.apps[w.app];
    const g = w.max ? "left:0;top:0;width:1280px;height:760px" : `left:${w.x}px;top:${w.y}px;width:${w.w}px;height:${w.h}px`;
    const focused = D.U.focus === w.id;
    const blocked = D.dialogOf(w);
    const buttons = w.app === "dialog" ? `<button class="x" data-act="close" data-win="${w.id}" data-key="${w.id}/close" aria-label="Close">×</button>`
      : `<button data-act="minimise" data-win="${w.id}" data-key="${w.id}/minimise" aria-label="Minimise">–</button>` +
        `<button data-act="maximise" data-win="${w.id}" data-key="${w.id}/maximise" aria-label="${w.max ? "Restore" : "Maximise"}">${w.max ? "❐" : "□"}</button>` +
        `<button class="x" data-act="close" data-win="${w.id}" data-key="${w.id}/close" aria-label="Close">×</button>`;
    return `<div class="win${focused ? " focused" : ""}" role="window" aria-label="${esc(D.title(w))}" data-win="${w.id}" data-key="${w.id}" style="${g};z-index:${w.z}${w.min ? ";display:none" : ""}">` +
      `<div class="titlebar" data-drag="move" data-win="${w.id}" data-key="${w.id}/titlebar">${glyph(w.app, true)}<span class="wtitle">${esc(D.title(w))}</span>${buttons}</div>` +
      `<div class="wbody" data-key="${w.id}/body">${def.render(w)}</div>` +
      (blocked ? `<div class="blocker" data-key="${w.id}/blocker"></div>` : "") +
      (w.app !== "dialog" && !w.max ? `<div class="resize" data-drag="resize" data-win="${w.id}" data-key="${w.id}/resize"></div>` : "") +
      `</div>`;
  }

  function clock() {
    const [date, time] = D.S.now.split(" ");
    let [h, m] = time.split(":").map(Number);
    const shown = D.S.settings.clock24 ? `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`
      : `${((h + 11) % 12) + 1}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
    return `<div class="clock" role="timer" aria-label="Clock ${esc(date)} ${shown}" data-key="clock">${shown}<br>${esc(date)}</div>`;
  }

  D.render = () => {
    const root = document.getElementById("root");
    const active = document.activeElement;
    const activeBid = active && active !== document.body ? active.getAttribute(ATTR) : null;
    const sel = active && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
    const st = D.S.settings;
    root.className = `${st.theme === "dark" ? "dark" : ""} scale-${st.scale}`;
    const icons = LAUNCH.map((a) => `<div class="icon${D.U.iconSel === a ? " sel" : ""}" role="button" tabindex="-1" aria-label="${D.apps[a].title}" data-act="select-icon" data-arg="${a}" data-dbl="launch" data-key="icon:${a}">${glyph(a)}<div>${D.apps[a].title}</div></div>`).join("");
    const tasks = D.U.windows.filter((w) => !w.parent).map((w) =>
      `<button class="${D.U.focus === w.id || (D.dialogOf(w) && D.U.focus === D.dialogOf(w).id) ? "on" : ""}${w.min ? " minimised" : ""}" data-act="task" data-win="${w.id}" data-key="task:${w.id}" aria-label="${esc(D.title(w))}${w.min ? " (minimised)" : ""}">${glyph(w.app, true)}${esc(D.title(w))}</button>`).join("");
    const launcher = D.U.launcher ? `<div class="launcher" role="menu" aria-label="Apps" data-key="launcher">` +
      LAUNCH.map((a) => `<button role="menuitem" data-act="launch" data-arg="${a}" data-key="launch:${a}">${glyph(a, true)}${D.apps[a].title}</button>`).join("") + `</div>` : "";
    const toast = D.U.toast && st.notifications ? `<div class="toast" role="status" data-key="toast">${esc(D.U.toast)}</div>` : "";
    root.innerHTML = `<div class="wall ${esc(st.wallpaper)}" data-act="desktop" data-key="wallpaper"><div class="icons" data-key="icons">${icons}</div></div>` +
      [...D.U.windows].sort((a, b) => a.z - b.z).map(windowHtml).join("") + launcher + toast +
      `<div class="taskbar" role="toolbar" aria-label="Taskbar" data-key="taskbar"><button class="start" data-act="launcher" data-key="start" aria-label="Apps">Apps</button>${tasks}<div class="spacer"></div>${clock()}</div>`;
    tag(root, "root");
    if (activeBid) {
      const again = root.querySelector(`[${ATTR}="${activeBid}"]`);
      if (again) { again.focus(); if (sel && "selectionStart" in again) try { again.setSelectionRange(sel[0], sel[1]); } catch (e) {} }
    }
    if (D.U.focusKey) {
      const el = root.querySelector(`[data-key="${D.U.focusKey}"]`);
      D.U.focusKey = null;
      if (el) { el.focus(); if ("value" in el && el.setSelectionRange) try { el.setSelectionRange(el.value.length, el.value.length); } catch (e) {} }
    }
  };

  function tag(el, key) {
    let n = ids.get(key);
    if (n === undefined) { n = String(ids.size + 1); ids.set(key, n); }
    el.setAttribute(ATTR, n);
    const counts = {};
    for (const child of el.children) {
      const own = child.getAttribute("data-key");
      const t = child.tagName;
      counts[t] = (counts[t] || 0) + 1;
      tag(child, own ? own : `${key}>${t}${counts[t]}`);
    }
  }

  // --- events --------------------------------------------------------------------------------------
  D.act = (name, el, event) => {
    const w = el && el.dataset.win ? D.win(el.dataset.win) : winOf(el);
    const arg = el ? el.dataset.arg : undefined;
    const fn = D.handlers[name];
    if (!fn) return;
    try { fn(w, arg, el, event); } catch (e) { D.error(w, e.message); }
    D.render();
  };
  function winOf(el) { const box = el && el.closest ? el.closest(".win") : null; return box ? D.win(box.dataset.win) : null; }

  const H = D.handlers;
  H.close = (w) => D.close(w);
  H.minimise = (w) => D.minimise(w);
  H.maximise = (w) => { w.max = !w.max; D.focus(w); };
  H.task = (w) => { if (D.U.focus === w.id && !w.min) D.minimise(w); else D.focus(w); };
  H.launcher = () => { D.U.launcher = !D.U.launcher; };
  H.launch = (w, app) => { D.U.launcher = false; D.open(app); };
  H.desktop = () => { D.U.launcher = false; D.U.iconSel = null; };
  H["select-icon"] = (w, app) => { D.U.iconSel = app; };
  H["dialog-ok"] = (w) => {
    const d = w.d, parent = w.parent ? D.win(w.parent) : null;
    if (d.ok) {
      const fn = D.handlers[d.ok];
      D.close(w);
      fn(parent, d);
    } else D.close(w);
  };

  const SELECT_ONLY = new Set(["select-icon", "select-file"]);  // patched in place: a double-click follows
  document.addEventListener("pointerdown", (e) => {
    if (!e.target.closest) return;
    if (!e.target.closest(".launcher") && !e.target.closest("[data-act=launcher]") && D.U.launcher) { D.U.launcher = false; D.U.pendingRender = true; }
    if (!e.target.closest(".menu") && !e.target.closest("[data-menu]") && D.U.menu) { D.U.menu = null; D.U.pendingRender = true; }
    const box = e.target.closest(".win");
    if (box) {
      const w = D.win(box.dataset.win);
      const before = D.U.focus;
      if (w && D.U.focus !== w.id) { D.focus(w); D.U.pendingRender = D.U.focus !== before; }
      const drag = e.target.closest("[data-drag]");
      if (drag && w && !w.max && !D.dialogOf(w) && !e.target.closest("button")) {
        D.U.drag = {w, kind: drag.dataset.drag, x0: e.clientX, y0: e.clientY, gx: w.x, gy: w.y, gw: w.w, gh: w.h, box};
        e.preventDefault();
      }
      if (D.U.pendingRender) {  // show the new z-order at once; the element under the mouse stays
        for (const other of document.querySelectorAll(".win")) {
          const ow = D.win(other.dataset.win);
          if (ow) { other.style.zIndex = ow.z; other.classList.toggle("focused", ow.id === D.U.focus); }
        }
      }
    }
  }, true);
  document.addEventListener("pointermove", (e) => {
    const g = D.U && D.U.drag;
    if (!g) return;
    const dx = e.clientX - g.x0, dy = e.clientY - g.y0;
    if (g.kind === "move") {
      g.w.x = Math.min(1240, Math.max(-g.w.w + 60, g.gx + dx));
      g.w.y = Math.min(720, Math.max(0, g.gy + dy));
      g.box.style.left = g.w.x + "px"; g.box.style.top = g.w.y + "px";
    } else {
      g.w.w = Math.max(260, g.gw + dx); g.w.h = Math.max(160, g.gh + dy);
      g.box.style.width = g.w.w + "px"; g.box.style.height = g.w.h + "px";
    }
  });
  document.addEventListener("pointerup", () => {
    if (D.U && D.U.drag) {
      const g = D.U.drag;
      D.U.drag = null;
      if (g.w.x !== g.gx || g.w.y !== g.gy || g.w.w !== g.gw || g.w.h !== g.gh) D.render();
    }
  });
  document.addEventListener("click", (e) => {
    const el = e.target.closest ? e.target.closest("[data-act]") : null;
    if (el && !el.disabled && !(el.tagName === "SELECT" || (el.tagName === "INPUT" && el.type !== "button"))) {
      const name = el.dataset.act;
      if (SELECT_ONLY.has(name)) {
        D.handlers[name](el.dataset.win ? D.win(el.dataset.win) : winOf(el), el.dataset.arg, el, e);
        const group = el.parentElement;
        for (const sib of group.children) sib.classList.toggle("sel", sib === el);
        if (D.U.pendingRender) { D.U.pendingRender = false; D.render(); }
        return;
      }
      D.U.pendingRender = false;
      D.act(name, el, e);
      return;
    }
    if (D.U.pendingRender) { D.U.pendingRender = false; D.render(); }
  });
  document.addEventListener("dblclick", (e) => {
    const el = e.target.closest ? e.target.closest("[data-dbl]") : null;
    if (el) D.act(el.dataset.dbl, el, e);
  });
  document.addEventListener("change", (e) => {
    const el = e.target;
    if (el.dataset && el.dataset.act && (el.tagName === "SELECT" || el.tagName === "INPUT")) D.act(el.dataset.act, el, e);
  });
  document.addEventListener("input", (e) => {
    const el = e.target;
    const w = winOf(el);
    if (!w || !el.dataset || !el.dataset.bind) return;
    const def = D.apps[w.app];
    if (def.onInput) def.onInput(w, el.dataset.bind, el.value, el);
    else w.d[el.dataset.bind] = el.value;
  });
  document.addEventListener("keydown", (e) => {
    if (!D.U) return;
    if (e.key === "Escape" && (D.U.launcher || D.U.menu)) { D.U.launcher = false; D.U.menu = null; D.render(); return; }
    const w = D.focused();
    if (!w) return;
    if (e.altKey && e.key === "F4") { e.preventDefault(); D.close(w); D.render(); return; }
    if (w.app === "dialog") {
      if (e.key === "Escape") { e.preventDefault(); D.close(w); D.render(); }
      else if (e.key === "Enter" && e.target.tagName !== "TEXTAREA") { e.preventDefault(); D.act("dialog-ok", document.querySelector(`[data-key="${w.id}/ok"]`) || null); }
      return;
    }
    const def = D.apps[w.app];
    if (def.onKey && def.onKey(w, e) === true) { e.preventDefault(); D.render(); }
  });

  // --- dialogs (real windows that block their parent) ------------------------------------------------
  D.apps.dialog = {
    title: "Dialog", letter: "!", w: 380, h: 190,
    render(w) {
      const d = w.d, id = w.id;
      let body = d.message ? `<div class="msg" role="alert">${esc(d.message)}</div>` : "";
      if (d.fields) for (const f of d.fields) {
        const input = f.options
          ? `<select data-bind="${f.name}" data-key="${id}/field:${f.name}" aria-label="${esc(f.label)}">${f.options.map((o) => `<option${o === d[f.name] ? " selected" : ""}>${esc(o)}</option>`).join("")}</select>`
          : `<input data-bind="${f.name}" data-key="${id}/field:${f.name}" aria-label="${esc(f.label)}" value="${esc(d[f.name] || "")}">`;
        body += `<div class="row"><span>${esc(f.label)}</span>${input}</div>`;
      }
      const cancel = d.ok ? `<button data-act="close" data-key="${id}/cancel">Cancel</button>` : "";
      return `<div class="dlg">${body}<div class="buttons">${cancel}<button class="primary" data-act="dialog-ok" data-key="${id}/ok">${esc(d.okLabel || "OK")}</button></div></div>`;
    },
    onInput(w, name, value) { w.d[name] = value; },
  };

  // --- the arena's API -------------------------------------------------------------------------------
  window.__desk = {
    load(seed) {
      seedState = seed;
      ids = new Map();
      D.S = D.clone(seed.state);
      D.U = {windows: [], nextWin: 1, z: 0, focus: null, launcher: false, menu: null, iconSel: null, toast: null, drag: null, focusKey: null};
      for (const spec of seed.open || []) {
        const w = D.open(spec.app, spec.data || {});
        if (spec.min) D.minimise(w);
      }
      if (seed.toast) D.U.toast = seed.toast;
      D.render();
      if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
      return true;
    },
    state() {
      if (!D.S) return null;
      const windows = D.U.windows.map((w) => ({id: w.id, app: w.app, title: D.title(w), x: w.x, y: w.y, w: w.max ? 1280 : w.w,
        h: w.max ? 760 : w.h, z: w.z, min: w.min, max: w.max, parent: w.parent, focused: D.U.focus === w.id,
        view: D.apps[w.app].view ? D.apps[w.app].view(w) : {}}));
      return {fs: D.S.fs, trash: D.S.trash, mail: D.S.mail, calendar: D.S.calendar, settings: D.S.settings, now: D.S.now,
        windows, focus: D.U.focus, launcher: D.U.launcher};
    },
    element(key) {
      // "files/rename" means that key in the topmost window of app "files"; other keys are as written
      let full = key;
      const slash = key.indexOf("/");
      const head = slash > 0 ? key.slice(0, slash) : key;
      if (D.apps[head]) {
        const w = D.top(head);
        if (!w) return null;
        full = slash > 0 ? w.id + key.slice(slash) : w.id;
      }
      const el = document.querySelector(`[data-key="${full.replace(/"/g, '\\"')}"]`);
      if (!el) return null;
      const b = el.getBoundingClientRect();
      return [el.getAttribute(ATTR), Math.round(b.left + b.width / 2), Math.round(b.top + b.height / 2)];
    },
  };
})();
