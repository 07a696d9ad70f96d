// The six apps (and Mail's compose window) over DESK's shared virtual state.
(() => {
  "use strict";
  const D = window.DESK, H = D.handlers, esc = D.esc, fs = D.fs;
  const HOME = "/Home";
  const PLACES = ["Home", "Desktop", "Documents", "Downloads", "Pictures", "Trash"];
  const btn = (w, act, label, arg) => `<button data-act="${act}"${arg !== undefined ? ` data-arg="${esc(arg)}"` : ""} data-key="${w.id}/${act}${arg !== undefined ? ":" + esc(arg) : ""}">${esc(label)}</button>`;
  const folderChoices = () => fs.dirs().filter((p) => p.startsWith(HOME));
  const size = (n) => (n.type === "dir" ? "—" : `${n.content.length} B`);
  const textLike = (p) => /\.(txt|md|log|csv|json|ics)$/i.test(p);

  // --- Files -------------------------------------------------------------------------------------
  D.apps.files = {
    title: "Files", letter: "F", w: 660, h: 430,
    init: (o) => ({cwd: o.cwd || HOME, sel: null, sort: "name", search: ""}),
    subtitle: (w) => " — " + (w.d.cwd === "trash" ? "Trash" : fs.base(w.d.cwd)),
    view: (w) => ({cwd: w.d.cwd, selected: w.d.sel, sort: w.d.sort, search: w.d.search}),
    render(w) {
      const d = w.d, id = w.id;
      const side = PLACES.map((p) => {
        const target = p === "Trash" ? "trash" : p === "Home" ? HOME : `${HOME}/${p}`;
        return `<div role="treeitem" tabindex="-1" class="${d.cwd === target ? "on" : ""}" data-act="files-go" data-arg="${target}" data-key="${id}/place:${p}">${p}</div>`;
      }).join("");
      let rows;
      if (d.cwd === "trash") {
        rows = D.S.trash.map((t, i) => ({key: "trash:" + i, name: fs.base(t.path), node: t.node, where: fs.parent(t.path), arg: String(i)}));
      } else {
        let paths = d.search ? fs.subtree(d.cwd).filter((p) => fs.base(p).toLowerCase().includes(d.search.toLowerCase())) : fs.children(d.cwd);
        rows = paths.map((p) => ({key: p, name: d.search ? p.slice(d.cwd.length + 1) : fs.base(p), node: fs.get(p), arg: p}));
      }
      const by = {name: (a, b) => a.name.localeCompare(b.name), size: (a, b) => (a.node.content || "").length - (b.node.content || "").length || a.name.localeCompare(b.name),
        date: (a, b) => b.node.mtime - a.node.mtime || a.name.localeCompare(b.name), type: (a, b) => (a.node.type === b.node.type ? a.name.localeCompare(b.name) : a.node.type === "dir" ? -1 : 1)};
      rows.sort(by[d.sort] || by.name);
      const body = rows.map((r) => `<tr role="option" tabindex="-1" class="${d.sel === r.arg ? "sel" : ""}" data-act="select-file" data-arg="${esc(r.arg)}" data-dbl="files-open" data-key="${id}/item:${esc(r.key)}" aria-label="${esc(r.name)}"><td>${r.node.type === "dir" ? "▸ " : ""}${esc(r.name)}</td><td>${d.cwd === "trash" ? esc(r.where) : size(r.node)}</td><td>${r.node.type === "dir" ? "folder" : "file"}</td></tr>`).join("");
      const tools = d.cwd === "trash"
        ? btn(w, "files-restore", "Restore") + btn(w, "files-empty", "Empty trash")
        : btn(w, "files-up", "Up") + btn(w, "files-newfolder", "New folder") + btn(w, "files-rename", "Rename") + btn(w, "files-copy", "Copy to…") +
          btn(w, "files-move", "Move to…") + btn(w, "files-delete", "Delete") +
          `<select data-act="files-sort" data-key="${id}/sort" aria-label="Sort by">${["name", "size", "date", "type"].map((s) => `<option value="${s}"${d.sort === s ? " selected" : ""}>Sort: ${s}</option>`).join("")}</select>` +
          `<input type="search" data-bind="search" data-key="${id}/search" aria-label="Search" placeholder="Search" value="${esc(d.search)}"><button data-act="files-search" data-key="${id}/search-go">Find</button>`;
      return `<div class="bar" role="toolbar" data-key="${id}/tools">${tools}</div><div class="path" data-key="${id}/path">${esc(d.cwd === "trash" ? "Trash" : d.cwd)}${d.search ? ` · search “${esc(d.search)}”` : ""}</div>` +
        `<div class="split"><div class="side" role="tree" aria-label="Places" data-key="${id}/places">${side}</div><div class="main"><table class="list" role="listbox" aria-label="Files" data-key="${id}/list"><thead><tr><th>Name</th><th>${d.cwd === "trash" ? "From" : "Size"}</th><th>Kind</th></tr></thead><tbody data-key="${id}/rows">${body}</tbody></table></div></div>` +
        `<div class="status" data-key="${id}/status">${rows.length} items</div>`;
    },
    onInput(w, name, value) { w.d[name] = value; },
    onKey(w, e) {
      if (e.target.dataset && e.target.dataset.bind === "search") { if (e.key === "Enter") { H["files-search"](w); return true; } return false; }
      if (e.key === "Delete" && w.d.sel) { H["files-delete"](w); return true; }
      if (e.key === "F2" && w.d.sel) { H["files-rename"](w); return true; }
      return false;
    },
  };
  const selected = (w) => {
    if (!w.d.sel || !fs.get(w.d.sel)) throw new Error("select a file or folder first");
    return w.d.sel;
  };
  H["files-go"] = (w, target) => { w.d.cwd = target; w.d.sel = null; w.d.search = ""; };
  H["select-file"] = (w, arg) => { w.d.sel = arg; };
  H["files-open"] = (w, arg) => {
    if (w.d.cwd === "trash") return;
    const node = fs.get(arg);
    if (!node) return;
    if (node.type === "dir") { w.d.cwd = arg; w.d.sel = null; w.d.search = ""; return; }
    if (/\.csv$/i.test(arg)) D.open("sheet", {path: arg});
    else if (textLike(arg)) D.open("editor", {path: arg});
    else D.error(w, `No app can open ${fs.base(arg)}.`);
  };
  H["files-up"] = (w) => { if (w.d.cwd !== HOME && w.d.cwd !== "trash") { w.d.cwd = fs.parent(w.d.cwd); w.d.sel = null; } };
  H["files-sort"] = (w, a, el) => { w.d.sort = el.value; };
  H["files-search"] = (w) => { w.d.sel = null; };
  H["files-newfolder"] = (w) => D.dialog(w, {kind: "prompt", title: "New folder", fields: [{name: "name", label: "Name"}], name: "New folder", ok: "files-newfolder-ok"});
  H["files-newfolder-ok"] = (w, d) => {
    if (!fs.validName(d.name)) return D.error(w, `“${d.name}” is not a valid name.`);
    const p = fs.join(w.d.cwd, d.name.trim());
    if (fs.get(p)) return D.error(w, `${d.name} already exists.`);
    D.S.fs[p] = {type: "dir", content: "", mtime: D.S.tick++};
    w.d.sel = p;
  };
  H["files-rename"] = (w) => { const p = selected(w); D.dialog(w, {kind: "prompt", title: "Rename", fields: [{name: "name", label: "New name"}], name: fs.base(p), path: p, ok: "files-rename-ok"}); };
  H["files-rename-ok"] = (w, d) => {
    if (!fs.validName(d.name)) return D.error(w, `“${d.name}” is not a valid name.`);
    const to = fs.join(fs.parent(d.path), d.name.trim());
    if (to === d.path) return;
    try { fs.moveTree(d.path, to, false); } catch (e) { return D.error(w, e.message); }
    w.d.sel = to;
  };
  const transfer = (copy) => (w) => {
    const p = selected(w);
    const dirs = folderChoices().filter((f) => f !== p && !f.startsWith(p + "/"));
    D.dialog(w, {kind: "folder", title: copy ? "Copy to" : "Move to", message: fs.base(p), fields: [{name: "folder", label: "Folder", options: dirs}],
      folder: dirs.includes(fs.parent(p)) ? fs.parent(p) : dirs[0], path: p, copy, ok: "files-transfer-ok"});
  };
  H["files-copy"] = transfer(true);
  H["files-move"] = transfer(false);
  H["files-transfer-ok"] = (w, d) => {
    const to = fs.join(d.folder, fs.base(d.path));
    if (to === d.path) return;
    try { fs.moveTree(d.path, to, d.copy); } catch (e) { return D.error(w, e.message); }
  };
  H["files-delete"] = (w) => {
    const p = selected(w);
    for (const q of [p, ...fs.subtree(p)]) { D.S.trash.push({path: q, node: fs.get(q)}); delete D.S.fs[q]; }
    w.d.sel = null;
  };
  H["files-restore"] = (w) => {
    const i = Number(w.d.sel);
    const item = D.S.trash[i];
    if (!item) throw new Error("select an item of the trash first");
    if (fs.get(item.path)) throw new Error(`${fs.base(item.path)} already exists in ${fs.parent(item.path)}`);
    if (!fs.isDir(fs.parent(item.path))) throw new Error(`its folder ${fs.parent(item.path)} is gone`);
    D.S.fs[item.path] = item.node;
    D.S.trash.splice(i, 1);
    w.d.sel = null;
  };
  H["files-empty"] = (w) => D.dialog(w, {kind: "confirm", title: "Empty trash", message: `Delete ${D.S.trash.length} items for ever?`, okLabel: "Empty", ok: "files-empty-ok"});
  H["files-empty-ok"] = () => { D.S.trash = []; };

  // --- Editor ------------------------------------------------------------------------------------
  D.apps.editor = {
    title: "Editor", letter: "E", w: 620, h: 440,
    init(o) {
      const node = o.path ? fs.get(o.path) : null;
      return {path: node ? o.path : null, text: node ? node.content : "", saved: node ? node.content : "", undo: []};
    },
    subtitle: (w) => " — " + (w.d.path ? fs.base(w.d.path) : "Untitled") + (w.d.text !== w.d.saved ? " *" : ""),
    view: (w) => ({path: w.d.path, text: w.d.text, dirty: w.d.text !== w.d.saved}),
    render(w) {
      const id = w.id, m = D.U.menu;
      const menu = (name, items) => `<button data-act="menu" data-arg="${id}:${name}" data-menu="1" data-key="${id}/menu:${name}" class="${m === id + ":" + name ? "on" : ""}" aria-haspopup="menu">${name}</button>` +
        (m === id + ":" + name ? `<div class="menu" role="menu" data-key="${id}/menu-${name}" style="left:${name === "File" ? 4 : 52}px">${items.map(([act, label]) => `<button role="menuitem" data-act="${act}" data-key="${id}/${act}">${label}</button>`).join("")}</div>` : "");
      return `<div class="menubar" role="menubar" data-key="${id}/menubar">` +
        menu("File", [["editor-new", "New"], ["editor-open", "Open…"], ["editor-save", "Save  (Ctrl+S)"], ["editor-saveas", "Save as…"]]) +
        menu("Edit", [["editor-undo", "Undo  (Ctrl+Z)"], ["editor-replace", "Find and replace…  (Ctrl+H)"]]) + `</div>` +
        `<textarea class="doc" data-bind="text" data-key="${id}/text" aria-label="Document" spellcheck="false">${esc(w.d.text)}</textarea>` +
        `<div class="status" data-key="${id}/status">${esc(w.d.path || "not saved yet")} · ${w.d.text.split("\n").length} lines</div>`;
    },
    onInput(w, name, value, el) {
      if (name !== "text") return;
      if (!w.d.undo.length || w.d.undo[w.d.undo.length - 1] !== w.d.text) w.d.undo.push(w.d.text);
      if (w.d.undo.length > 200) w.d.undo.shift();
      w.d.text = value;
      const t = el.closest(".win").querySelector(".wtitle");
      if (t) t.textContent = D.title(w);
    },
    onKey(w, e) {
      const k = e.key.toLowerCase();
      if (e.ctrlKey && k === "s") { H["editor-save"](w); return true; }
      if (e.ctrlKey && k === "z") { H["editor-undo"](w); return true; }
      if (e.ctrlKey && k === "h") { H["editor-replace"](w); return true; }
      if (e.ctrlKey && k === "o") { H["editor-open"](w); return true; }
      return false;
    },
    beforeClose(w) {
      if (w.d.text === w.d.saved || w.d.discard) return true;
      D.dialog(w, {kind: "confirm", title: "Unsaved changes", message: `Close ${w.d.path ? fs.base(w.d.path) : "Untitled"} without saving?`, okLabel: "Discard", ok: "editor-discard"});
      return false;
    },
  };
  H.menu = (w, arg) => { D.U.menu = D.U.menu === arg ? null : arg; };
  const closeMenu = () => { D.U.menu = null; };
  H["editor-new"] = (w) => { closeMenu(); D.open("editor"); };
  H["editor-open"] = (w) => {
    closeMenu();
    const files = Object.keys(D.S.fs).filter((p) => D.S.fs[p].type === "file" && textLike(p)).sort();
    D.dialog(w, {kind: "open", title: "Open", fields: [{name: "path", label: "File", options: files}], path: w.d.path || files[0], ok: "editor-open-ok", width: 460});
  };
  H["editor-open-ok"] = (w, d) => { const node = fs.get(d.path); if (!node) return D.error(w, "no such file"); w.d.path = d.path; w.d.text = w.d.saved = node.content; w.d.undo = []; };
  H["editor-save"] = (w) => {
    closeMenu();
    if (!w.d.path) return H["editor-saveas"](w);
    fs.write(w.d.path, w.d.text);
    w.d.saved = w.d.text;
  };
  H["editor-saveas"] = (w) => {
    closeMenu();
    const dirs = folderChoices();
    D.dialog(w, {kind: "save", title: "Save as", fields: [{name: "folder", label: "Folder", options: dirs}, {name: "name", label: "Name"}],
      folder: w.d.path ? fs.parent(w.d.path) : `${HOME}/Documents`, name: w.d.path ? fs.base(w.d.path) : "untitled.txt", ok: "editor-saveas-ok", width: 440, height: 200});
  };
  H["editor-saveas-ok"] = (w, d) => {
    if (!fs.validName(d.name)) return D.error(w, `“${d.name}” is not a valid file name.`);
    const p = fs.join(d.folder, d.name.trim());
    if (fs.get(p) && p !== w.d.path) {
      return D.dialog(w, {kind: "confirm", title: "Replace file?", message: `${d.name} already exists in ${d.folder}. Replace it?`, okLabel: "Replace", path: p, ok: "editor-write"});
    }
    H["editor-write"](w, {path: p});
  };
  H["editor-write"] = (w, d) => { fs.write(d.path, w.d.text); w.d.path = d.path; w.d.saved = w.d.text; };
  H["editor-discard"] = (w) => { w.d.discard = true; D.close(w); };
  H["editor-undo"] = (w) => { closeMenu(); if (w.d.undo.length) w.d.text = w.d.undo.pop(); };
  H["editor-replace"] = (w) => { closeMenu(); D.dialog(w, {kind: "replace", title: "Find and replace", fields: [{name: "find", label: "Find"}, {name: "replace", label: "Replace with"}], find: "", replace: "", okLabel: "Replace all", ok: "editor-replace-ok", width: 420, height: 200}); };
  H["editor-replace-ok"] = (w, d) => {
    if (!d.find) return D.error(w, "nothing to find");
    const count = w.d.text.split(d.find).length - 1;
    if (!count) return D.error(w, `“${d.find}” was not found.`);
    w.d.undo.push(w.d.text);
    w.d.text = w.d.text.split(d.find).join(d.replace || "");
  };

  // --- Mail --------------------------------------------------------------------------------------
  const FOLDERS = ["Inbox", "Archive", "Sent", "Trash"];
  const msgs = (folder) => D.S.mail.messages.filter((m) => m.folder === folder).sort((a, b) => (b.date > a.date ? 1 : b.date < a.date ? -1 : b.id - a.id));
  const msg = (id) => D.S.mail.messages.find((m) => String(m.id) === String(id)) || null;
  D.apps.mail = {
    title: "Mail", letter: "M", w: 800, h: 500,
    init: () => ({folder: "Inbox", sel: null, moveTo: "Archive"}),
    subtitle: (w) => " — " + w.d.folder,
    view: (w) => ({folder: w.d.folder, selected: w.d.sel}),
    render(w) {
      const id = w.id, d = w.d, m = msg(d.sel);
      const side = FOLDERS.map((f) => `<div role="treeitem" tabindex="-1" class="${d.folder === f ? "on" : ""}" data-act="mail-folder" data-arg="${f}" data-key="${id}/folder:${f}">${f} (${msgs(f).length})</div>`).join("");
      const list = msgs(d.folder).map((x) => `<div class="m${String(x.id) === String(d.sel) ? " sel" : ""}${x.read ? "" : " unread"}" role="option" tabindex="-1" data-act="mail-open" data-arg="${x.id}" data-key="${id}/msg:${x.id}" aria-label="${esc(x.subject)}"><div class="from">${esc(d.folder === "Sent" ? "To: " + x.to : x.fromName || x.from)} · ${esc(x.date)}</div><div class="subj">${x.attachments.length ? "◆ " : ""}${esc(x.subject)}</div></div>`).join("") || `<div class="m">No messages</div>`;
      let reader = `<div class="reader">Select a message.</div>`;
      if (m) {
        const atts = m.attachments.map((a, i) => `<span class="att" data-key="${id}/att:${i}">${esc(a.name)} <button data-act="mail-save-att" data-arg="${i}" data-key="${id}/save-att:${i}">Save to Files</button></span>`).join("");
        reader = `<div class="bar" role="toolbar" data-key="${id}/tools">` + btn(w, "mail-reply", "Reply") + btn(w, "mail-forward", "Forward") + btn(w, "mail-delete", "Delete") +
          `<select data-bind="moveTo" data-key="${id}/move-to" aria-label="Move to folder">${FOLDERS.filter((f) => f !== m.folder).map((f) => `<option${f === d.moveTo ? " selected" : ""}>${f}</option>`).join("")}</select>` + btn(w, "mail-move", "Move") + `</div>` +
          `<div class="reader" data-key="${id}/reader"><h3>${esc(m.subject)}</h3><div class="meta">From: ${esc(m.fromName ? `${m.fromName} <${m.from}>` : m.from)}<br>To: ${esc(m.to)}<br>Date: ${esc(m.date)}</div>${esc(m.body)}${atts ? `<div>${atts}</div>` : ""}</div>`;
      }
      return `<div class="bar" data-key="${id}/top">${btn(w, "mail-compose", "New message")}</div><div class="split"><div class="side" role="tree" aria-label="Folders" data-key="${id}/folders">${side}</div>` +
        `<div class="mails" role="listbox" aria-label="Messages" data-key="${id}/list">${list}</div><div class="main" data-key="${id}/main">${reader}</div></div>`;
    },
    onInput(w, name, value) { w.d[name] = value; },
  };
  const current = (w) => { const m = msg(w.d.sel); if (!m) throw new Error("open a message first"); return m; };
  H["mail-folder"] = (w, f) => { w.d.folder = f; w.d.sel = null; };
  H["mail-open"] = (w, mid) => { const m = msg(mid); w.d.sel = m.id; m.read = true; const others = FOLDERS.filter((f) => f !== m.folder); if (!others.includes(w.d.moveTo)) w.d.moveTo = others[0]; };
  H["mail-compose"] = () => D.open("compose", {});
  H["mail-reply"] = (w) => { const m = current(w); D.open("compose", {to: m.from, subject: m.subject.startsWith("Re: ") ? m.subject : "Re: " + m.subject, body: `\n\n> ${m.body.split("\n").join("\n> ")}`, replyTo: m.id}); };
  H["mail-forward"] = (w) => { const m = current(w); D.open("compose", {to: "", subject: "Fwd: " + m.subject, body: `\n\n---- Forwarded message ----\nFrom: ${m.from}\n${m.body}`, attachments: D.clone(m.attachments)}); };
  H["mail-move"] = (w) => { const m = current(w); m.folder = w.d.moveTo; w.d.sel = null; };
  H["mail-delete"] = (w) => { const m = current(w); m.folder = "Trash"; w.d.sel = null; };
  H["mail-save-att"] = (w, i) => {
    const a = current(w).attachments[Number(i)];
    D.dialog(w, {kind: "save", title: "Save attachment", fields: [{name: "folder", label: "Folder", options: folderChoices()}, {name: "name", label: "Name"}],
      folder: `${HOME}/Downloads`, name: a.name, content: a.content, ok: "mail-save-att-ok", width: 440, height: 200});
  };
  H["mail-save-att-ok"] = (w, d) => {
    if (!fs.validName(d.name)) return D.error(w, `“${d.name}” is not a valid file name.`);
    const p = fs.join(d.folder, d.name.trim());
    if (fs.get(p)) return D.error(w, `${d.name} already exists in ${d.folder}.`);
    fs.write(p, d.content);
    D.U.toast = `Saved ${d.name} to ${fs.base(d.folder)}`;
  };

  D.apps.compose = {
    title: "New message", letter: "M", w: 560, h: 420,
    init: (o) => ({to: o.to || "", subject: o.subject || "", body: o.body || "", attachments: o.attachments || []}),
    subtitle: (w) => (w.d.subject ? " — " + w.d.subject : ""),
    view: (w) => ({to: w.d.to, subject: w.d.subject, body: w.d.body}),
    render(w) {
      const id = w.id, d = w.d;
      return `<div class="bar" data-key="${id}/tools">${btn(w, "mail-send", "Send")}</div><div class="form" data-key="${id}/form">` +
        `<span>To</span><input data-bind="to" data-key="${id}/to" aria-label="To" value="${esc(d.to)}">` +
        `<span>Subject</span><input data-bind="subject" data-key="${id}/subject" aria-label="Subject" value="${esc(d.subject)}">` +
        `<textarea data-bind="body" data-key="${id}/message" aria-label="Message body">${esc(d.body)}</textarea>` +
        (d.attachments.length ? `<span>Attached</span><div>${d.attachments.map((a) => esc(a.name)).join(", ")}</div>` : "") + `</div>`;
    },
    onInput(w, name, value) { w.d[name] = value; },
  };
  H["mail-send"] = (w) => {
    const d = w.d;
    const to = d.to.split(/[,;\s]+/).filter(Boolean);
    if (!to.length || !to.every((a) => /^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(a))) return D.error(w, `“${d.to}” is not a valid address.`);
    const id = Math.max(0, ...D.S.mail.messages.map((m) => m.id)) + 1;
    D.S.mail.messages.push({id, folder: "Sent", from: D.S.mail.me, to: to.join(", "), subject: d.subject, body: d.body, date: D.S.now, read: true, attachments: d.attachments});
    D.close(w);
    D.U.toast = "Message sent";
  };

  // --- Calendar ------------------------------------------------------------------------------------
  const pad = (n) => String(n).padStart(2, "0");
  const ymd = (y, m, d) => `${y}-${pad(m)}-${pad(d)}`;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  D.apps.calendar = {
    title: "Calendar", letter: "C", w: 660, h: 500,
    init: () => ({view: "month", date: D.S.now.split(" ")[0]}),
    subtitle: (w) => " — " + (w.d.view === "month" ? MONTHS[Number(w.d.date.slice(5, 7)) - 1] + " " + w.d.date.slice(0, 4) : w.d.date),
    view: (w) => ({view: w.d.view, date: w.d.date}),
    render(w) {
      const id = w.id, d = w.d;
      const [y, m] = d.date.split("-").map(Number);
      const tools = `<div class="bar" role="toolbar" data-key="${id}/tools">${btn(w, "cal-prev", "‹ Prev")}${btn(w, "cal-next", "Next ›")}${btn(w, "cal-today", "Today")}${btn(w, "cal-view", d.view === "month" ? "Day view" : "Month view")}${btn(w, "cal-new", "New event")}</div>`;
      if (d.view === "day") {
        const evs = D.S.calendar.events.filter((e) => e.date === d.date).sort((a, b) => a.start.localeCompare(b.start));
        const rows = evs.map((e) => `<div class="ev" role="listitem" data-key="${id}/ev:${e.id}"><span class="t">${esc(e.start)}–${esc(e.end)} <b>${esc(e.title)}</b></span>${btn(w, "cal-edit", "Edit", e.id)}${btn(w, "cal-delete", "Delete", e.id)}</div>`).join("") || `<div>No events.</div>`;
        return tools + `<div class="day" role="list" aria-label="Events on ${d.date}" data-key="${id}/day"><h3>${esc(d.date)}</h3>${rows}</div>`;
      }
      const first = new Date(Date.UTC(y, m - 1, 1));
      const start = new Date(first.getTime() - ((first.getUTCDay() + 6) % 7) * 86400000);
      let cells = "";
      for (let i = 0; i < 42; i++) {
        const t = new Date(start.getTime() + i * 86400000);
        const key = ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
        if (i % 7 === 0) cells += "<tr>";
        const evs = D.S.calendar.events.filter((e) => e.date === key).sort((a, b) => a.start.localeCompare(b.start));
        cells += `<td role="gridcell" tabindex="-1" class="${t.getUTCMonth() + 1 !== m ? "other" : ""}${key === D.S.now.split(" ")[0] ? " today" : ""}" data-act="cal-day" data-arg="${key}" data-key="${id}/day:${key}" aria-label="${key}">${t.getUTCDate()}${evs.map((e) => `<div class="chip">${esc(e.start)} ${esc(e.title)}</div>`).join("")}</td>`;
        if (i % 7 === 6) cells += "</tr>";
      }
      return tools + `<table class="month" role="grid" aria-label="${MONTHS[m - 1]} ${y}" data-key="${id}/month"><thead><tr>${["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((n) => `<th>${n}</th>`).join("")}</tr></thead><tbody>${cells}</tbody></table>`;
    },
  };
  const shiftMonth = (date, k) => { let [y, m] = date.split("-").map(Number); m += k; while (m < 1) { m += 12; y--; } while (m > 12) { m -= 12; y++; } return ymd(y, m, 1); };
  const shiftDay = (date, k) => { const t = new Date(Date.parse(date + "T00:00:00Z") + k * 86400000); return ymd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()); };
  H["cal-prev"] = (w) => { w.d.date = w.d.view === "month" ? shiftMonth(w.d.date, -1) : shiftDay(w.d.date, -1); };
  H["cal-next"] = (w) => { w.d.date = w.d.view === "month" ? shiftMonth(w.d.date, 1) : shiftDay(w.d.date, 1); };
  H["cal-today"] = (w) => { w.d.date = D.S.now.split(" ")[0]; };
  H["cal-view"] = (w) => { w.d.view = w.d.view === "month" ? "day" : "month"; };
  H["cal-day"] = (w, date) => { w.d.date = date; w.d.view = "day"; };
  const eventFields = [{name: "evTitle", label: "Title"}, {name: "date", label: "Date"}, {name: "start", label: "Start"}, {name: "end", label: "End"}];
  H["cal-new"] = (w) => D.dialog(w, {kind: "event", title: "New event", fields: eventFields, evTitle: "", date: w.d.date, start: "09:00", end: "10:00", ok: "cal-save", width: 400, height: 250});
  H["cal-edit"] = (w, eid) => { const e = D.S.calendar.events.find((x) => String(x.id) === String(eid)); D.dialog(w, {kind: "event", title: "Edit event", fields: eventFields, eid: e.id, date: e.date, start: e.start, end: e.end, evTitle: e.title, ok: "cal-save", width: 400, height: 250}); };
  H["cal-save"] = (w, d) => {
    const ev = {title: String(d.evTitle || "").trim(), date: String(d.date || "").trim(), start: String(d.start || "").trim(), end: String(d.end || "").trim()};
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(ev.date) && !isNaN(Date.parse(ev.date + "T00:00:00Z")) && /^\d{2}:\d{2}$/.test(ev.start) && /^\d{2}:\d{2}$/.test(ev.end);
    if (!ev.title) return D.error(w, "An event needs a title.");
    if (!ok) return D.error(w, "Dates are YYYY-MM-DD and times HH:MM.");
    if (ev.end <= ev.start) return D.error(w, "The event must end after it starts.");
    if (d.eid !== undefined) Object.assign(D.S.calendar.events.find((x) => x.id === d.eid), ev);
    else D.S.calendar.events.push({id: Math.max(0, ...D.S.calendar.events.map((e) => e.id)) + 1, ...ev});
    w.d.date = ev.date;
  };
  H["cal-delete"] = (w, eid) => { const e = D.S.calendar.events.find((x) => String(x.id) === String(eid)); D.dialog(w, {kind: "confirm", title: "Delete event", message: `Delete “${e.title}” on ${e.date}?`, okLabel: "Delete", eid: e.id, ok: "cal-delete-ok"}); };
  H["cal-delete-ok"] = (w, d) => { D.S.calendar.events = D.S.calendar.events.filter((e) => e.id !== d.eid); };

  // --- Sheet ---------------------------------------------------------------------------------------
  const COLS = "ABCDEF", ROWS = 14;
  const parseCsv = (text) => text.replace(/\r/g, "").split("\n").filter((l, i, a) => l !== "" || i < a.length - 1).map((l) => l.split(","));
  const fromCsv = (text) => { const cells = {}; parseCsv(text).forEach((row, r) => row.forEach((v, c) => { if (v !== "" && c < COLS.length && r < ROWS) cells[COLS[c] + (r + 1)] = v; })); return cells; };
  D.sheet = {
    value(cells, ref, depth) {
      const raw = cells[ref];
      if (raw === undefined || raw === "") return "";
      if (!String(raw).startsWith("=")) return isNaN(Number(raw)) ? raw : Number(raw);
      if ((depth || 0) > 20) return "#CYCLE";
      try { return evaluate(String(raw).slice(1), cells, (depth || 0) + 1); } catch (e) { return "#ERR"; }
    },
  };
  function evaluate(src, cells, depth) {
    const toks = src.toUpperCase().match(/\d+(\.\d+)?|[A-Z]+\d+:[A-Z]+\d+|[A-Z]+\d+|[A-Z]+|[-+*/(),]/g) || [];
    let i = 0;
    const num = (v) => { if (v === "") return 0; if (typeof v !== "number") throw new Error("not a number"); return v; };
    const range = (r) => { const [a, b] = r.split(":"); const out = []; const c0 = COLS.indexOf(a[0]), c1 = COLS.indexOf(b[0]), r0 = +a.slice(1), r1 = +b.slice(1);
      for (let c = Math.min(c0, c1); c <= Math.max(c0, c1); c++) for (let r = Math.min(r0, r1); r <= Math.max(r0, r1); r++) out.push(D.sheet.value(cells, COLS[c] + r, depth)); return out; };
    const FN = {SUM: (v) => v.reduce((s, x) => s + num(x), 0), AVERAGE: (v) => { const n = v.filter((x) => x !== ""); return n.reduce((s, x) => s + num(x), 0) / n.length; },
      MIN: (v) => Math.min(...v.filter((x) => x !== "").map(num)), MAX: (v) => Math.max(...v.filter((x) => x !== "").map(num)), COUNT: (v) => v.filter((x) => typeof x === "number").length};
    function atom() {
      const t = toks[i++];
      if (t === undefined) throw new Error("end");
      if (t === "(") { const v = expr(); if (toks[i++] !== ")") throw new Error(")"); return v; }
      if (t === "-") return -atom();
      if (/^\d/.test(t)) return Number(t);
      if (FN[t]) {
        if (toks[i++] !== "(") throw new Error("(");
        let args = [];
        while (toks[i] !== ")") { const a = toks[i]; if (/:/.test(a)) { args = args.concat(range(a)); i++; } else args.push(expr()); if (toks[i] === ",") i++; else if (toks[i] !== ")") throw new Error(","); }
        i++;
        return FN[t](args);
      }
      if (/^[A-Z]+\d+$/.test(t)) return num(D.sheet.value(cells, t, depth));
      throw new Error("token " + t);
    }
    function term() { let v = atom(); while (toks[i] === "*" || toks[i] === "/") { const op = toks[i++]; const r = atom(); v = op === "*" ? v * r : v / r; } return v; }
    function expr() { let v = term(); while (toks[i] === "+" || toks[i] === "-") { const op = toks[i++]; const r = term(); v = op === "+" ? v + r : v - r; } return v; }
    const v = expr();
    if (i !== toks.length) throw new Error("trailing");
    return Math.round(v * 1e6) / 1e6;
  }
  const toCsv = (cells) => {
    let rows = 0, cols = 0;
    for (const ref of Object.keys(cells)) if (cells[ref] !== "") { rows = Math.max(rows, +ref.slice(1)); cols = Math.max(cols, COLS.indexOf(ref[0]) + 1); }
    const lines = [];
    for (let r = 1; r <= rows; r++) { const row = []; for (let c = 0; c < cols; c++) row.push(String(D.sheet.value(cells, COLS[c] + r))); lines.push(row.join(",")); }
    return lines.join("\n") + "\n";
  };
  D.apps.sheet = {
    title: "Sheet", letter: "S", w: 680, h: 440,
    init(o) { const node = o.path ? fs.get(o.path) : null; const cells = node ? fromCsv(node.content) : {}; return {path: node ? o.path : null, cells, sel: "A1", edit: cells.A1 || ""}; },
    subtitle: (w) => " — " + (w.d.path ? fs.base(w.d.path) : "Untitled"),
    view: (w) => ({path: w.d.path, cells: w.d.cells, selected: w.d.sel}),
    render(w) {
      const id = w.id, d = w.d;
      let grid = `<tr><th class="rh"></th>${[...COLS].map((c) => `<th>${c}</th>`).join("")}</tr>`;
      for (let r = 1; r <= ROWS; r++) {
        grid += `<tr><th class="rh">${r}</th>`;
        for (const c of COLS) {
          const ref = c + r, v = D.sheet.value(d.cells, ref);
          grid += `<td role="gridcell" tabindex="-1" class="${d.sel === ref ? "sel" : ""}${typeof v === "number" ? " num" : ""}" data-act="sheet-cell" data-arg="${ref}" data-key="${id}/cell:${ref}" aria-label="${ref}">${esc(v)}</td>`;
        }
        grid += "</tr>";
      }
      return `<div class="bar" role="toolbar" data-key="${id}/tools">${btn(w, "sheet-open", "Open…")}${btn(w, "sheet-save", "Save")}${btn(w, "sheet-saveas", "Save as CSV…")}${btn(w, "sheet-sort", "Sort A→Z")}${btn(w, "sheet-sort-desc", "Sort Z→A")}</div>` +
        `<div class="bar" data-key="${id}/fx"><b>${d.sel}</b><input data-bind="edit" data-key="${id}/formula" aria-label="Formula bar" value="${esc(d.edit)}" style="flex:1"></div>` +
        `<div class="main" data-key="${id}/sheet"><table class="grid" role="grid" aria-label="Cells" data-key="${id}/grid">${grid}</table></div>`;
    },
    onInput(w, name, value) { w.d[name] = value; },
    onKey(w, e) {
      if (e.target.dataset && e.target.dataset.bind === "edit" && (e.key === "Enter" || e.key === "Tab")) {
        commit(w);
        const c = w.d.sel[0], r = +w.d.sel.slice(1);
        w.d.sel = e.key === "Enter" ? c + Math.min(ROWS, r + 1) : COLS[Math.min(COLS.length - 1, COLS.indexOf(c) + 1)] + r;
        w.d.edit = w.d.cells[w.d.sel] || "";
        D.U.focusKey = `${w.id}/formula`;
        return true;
      }
      if (e.ctrlKey && e.key.toLowerCase() === "s") { H["sheet-save"](w); return true; }
      return false;
    },
  };
  const commit = (w) => { if (w.d.edit === "") delete w.d.cells[w.d.sel]; else w.d.cells[w.d.sel] = w.d.edit.trim(); };
  H["sheet-cell"] = (w, ref) => { w.d.sel = ref; w.d.edit = w.d.cells[ref] || ""; D.U.focusKey = `${w.id}/formula`; };
  H["sheet-open"] = (w) => {
    const files = Object.keys(D.S.fs).filter((p) => /\.csv$/i.test(p) && D.S.fs[p].type === "file").sort();
    if (!files.length) return D.error(w, "There is no CSV file.");
    D.dialog(w, {kind: "open", title: "Open", fields: [{name: "path", label: "File", options: files}], path: files[0], ok: "sheet-open-ok", width: 460});
  };
  H["sheet-open-ok"] = (w, d) => { w.d.path = d.path; w.d.cells = fromCsv(fs.get(d.path).content); w.d.sel = "A1"; w.d.edit = w.d.cells.A1 || ""; };
  H["sheet-save"] = (w) => { if (!w.d.path) return H["sheet-saveas"](w); fs.write(w.d.path, toCsv(w.d.cells)); D.U.toast = `Saved ${fs.base(w.d.path)}`; };
  H["sheet-saveas"] = (w) => D.dialog(w, {kind: "save", title: "Save as CSV", fields: [{name: "folder", label: "Folder", options: folderChoices()}, {name: "name", label: "Name"}],
    folder: w.d.path ? fs.parent(w.d.path) : `${HOME}/Documents`, name: w.d.path ? fs.base(w.d.path) : "sheet.csv", ok: "sheet-saveas-ok", width: 440, height: 200});
  H["sheet-saveas-ok"] = (w, d) => {
    let name = d.name.trim();
    if (!fs.validName(name)) return D.error(w, `“${d.name}” is not a valid file name.`);
    if (!/\.csv$/i.test(name)) name += ".csv";
    const p = fs.join(d.folder, name);
    fs.write(p, toCsv(w.d.cells));
    w.d.path = p;
  };
  const sortBy = (desc) => (w) => {
    const c = w.d.sel[0];
    let last = 1;
    for (const ref of Object.keys(w.d.cells)) last = Math.max(last, +ref.slice(1));
    const rows = [];
    for (let r = 2; r <= last; r++) { const row = {}; for (const k of COLS) if (w.d.cells[k + r] !== undefined) row[k] = w.d.cells[k + r]; rows.push(row); }
    const keyOf = (row) => { const v = row[c] === undefined ? "" : row[c]; return isNaN(Number(v)) || v === "" ? v : Number(v); };
    rows.sort((a, b) => { const x = keyOf(a), y = keyOf(b); const s = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)); return desc ? -s : s; });
    for (let r = 2; r <= last; r++) for (const k of COLS) delete w.d.cells[k + r];
    rows.forEach((row, i) => { for (const k of Object.keys(row)) w.d.cells[k + (i + 2)] = row[k]; });
    w.d.edit = w.d.cells[w.d.sel] || "";
  };
  H["sheet-sort"] = sortBy(false);
  H["sheet-sort-desc"] = sortBy(true);

  // --- Settings ------------------------------------------------------------------------------------
  D.apps.settings = {
    title: "Settings", letter: "⚙", w: 440, h: 380,
    init: () => ({}),
    render(w) {
      const s = D.S.settings, id = w.id;
      const radio = (v) => `<label><input type="radio" name="${id}-theme" value="${v}" data-act="set-theme" data-key="${id}/theme:${v}"${s.theme === v ? " checked" : ""}>${v[0].toUpperCase() + v.slice(1)}</label>`;
      const select = (key, label, options, fmt) => `<label>${label} <select data-act="set-select" data-arg="${key}" data-key="${id}/${key}" aria-label="${label}">${options.map((o) => `<option value="${o}"${String(s[key]) === String(o) ? " selected" : ""}>${fmt ? fmt(o) : o}</option>`).join("")}</select></label>`;
      const check = (key, label) => `<label><input type="checkbox" data-act="set-check" data-arg="${key}" data-key="${id}/${key}"${s[key] ? " checked" : ""}>${label}</label>`;
      return `<div class="pane" data-key="${id}/pane"><div role="radiogroup" aria-label="Theme" style="display:flex;gap:14px">Theme: ${radio("light")}${radio("dark")}</div>` +
        select("scale", "Display scale", [100, 125, 150, 175, 200], (o) => o + "%") +
        select("wallpaper", "Wallpaper", ["blue", "green", "sunset", "gray"]) +
        select("language", "Language", ["English (US)", "English (UK)"]) +
        check("notifications", "Show notifications") + check("clock24", "24-hour clock") + `</div>`;
    },
  };
  H["set-theme"] = (w, a, el) => { D.S.settings.theme = el.value; };
  H["set-select"] = (w, key, el) => { D.S.settings[key] = key === "scale" ? Number(el.value) : el.value; };
  H["set-check"] = (w, key, el) => { D.S.settings[key] = el.checked; if (key === "notifications" && !el.checked) D.U.toast = null; };
})();
