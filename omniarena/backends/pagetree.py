"""A flattened accessibility tree of a page with stable element ids, read in one ``evaluate`` call.

:data:`TREE_SCRIPT` is an init script (add it with ``Session.add_init_script``) that defines
``window.__omniTree``. ``snapshot()`` walks the visible DOM and returns one line per element a user can
see or act on, ``[12] button 'Submit'``, indented by depth, with states (``checked``, ``focused``,
``value='...'``), the focused element's id and each element's box (for set-of-marks and coordinates).

Ids are **stable**: an element gets the next free number the first time a snapshot meets it, kept in
its ``data-omni-bid`` attribute, so it never changes while the element lives, and a new element never
takes an old element's id. Same page, same actions: same ids (the walk is in document order).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["TREE_SCRIPT", "BID_ATTRIBUTE", "Snapshot", "snapshot", "selector", "read_page", "EMPTY"]

BID_ATTRIBUTE = "data-omni-bid"

TREE_SCRIPT = r"""
(() => {
  if (window.__omniTree) return;
  const ATTR = "data-omni-bid";
  let next = 1;
  const IMPLICIT = {A: "link", BUTTON: "button", SELECT: "combobox", OPTION: "option", TEXTAREA: "textbox",
    H1: "heading", H2: "heading", H3: "heading", H4: "heading", H5: "heading", H6: "heading", IMG: "img",
    UL: "list", OL: "list", LI: "listitem", TABLE: "table", TR: "row", TD: "cell", TH: "columnheader",
    FORM: "form", NAV: "navigation", DIALOG: "dialog", LABEL: "LabelText", P: "paragraph", MAIN: "main",
    HEADER: "banner", FOOTER: "contentinfo", ARTICLE: "article", SECTION: "region", FIELDSET: "group",
    LEGEND: "legend", SUMMARY: "button", DETAILS: "group", PROGRESS: "progressbar", CANVAS: "canvas"};
  const INPUTS = {checkbox: "checkbox", radio: "radio", button: "button", submit: "button", reset: "button",
    range: "slider", number: "spinbutton", search: "searchbox", image: "button", hidden: null};
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "HEAD", "META", "LINK", "TITLE", "BR"]);
  function bid(el) {
    let id = el.getAttribute(ATTR);
    if (id === null) { id = String(next++); el.setAttribute(ATTR, id); }
    return id;
  }
  function clip(s, n) { s = (s || "").replace(/\s+/g, " ").trim(); return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  function q(s) { return "'" + s.replace(/\\/g, "\\\\").replace(/'/g, "\\'") + "'"; }
  function role(el) {
    const explicit = el.getAttribute("role");
    if (explicit) return explicit.split(" ")[0];
    if (el.tagName === "INPUT") { const t = (el.type || "text").toLowerCase(); return t in INPUTS ? INPUTS[t] : "textbox"; }
    if (el.tagName === "A" && !el.hasAttribute("href")) return el.onclick ? "link" : null;
    if (el.isContentEditable && el.getAttribute("contenteditable") !== null) return "textbox";
    return IMPLICIT[el.tagName] || null;
  }
  function ownText(el) {
    let s = "";
    for (const n of el.childNodes) if (n.nodeType === 3) s += n.textContent;
    return clip(s, 100);
  }
  function name(el, r) {
    const aria = el.getAttribute("aria-label");
    if (aria) return clip(aria, 100);
    const by = el.getAttribute("aria-labelledby");
    if (by) { const l = document.getElementById(by); if (l) return clip(l.innerText || l.textContent, 100); }
    if (el.labels && el.labels.length) return clip(el.labels[0].innerText || el.labels[0].textContent, 100);
    if (el.tagName === "IMG") return clip(el.alt || el.title, 100);
    if (el.tagName === "INPUT" && ["button", "submit", "reset"].includes(el.type)) return clip(el.value, 100);
    if (["button", "link", "heading", "option", "cell", "columnheader", "tab", "menuitem", "LabelText",
         "listitem", "treeitem", "legend"].includes(r) || (el.children.length === 0 && r !== "textbox")) {
      return clip(el.innerText || el.textContent, 100);
    }
    if (el.placeholder) return clip(el.placeholder, 100);
    return el.title ? clip(el.title, 100) : "";
  }
  function interactive(el, r) {
    return ["button", "link", "checkbox", "radio", "textbox", "searchbox", "combobox", "option", "slider",
            "spinbutton", "tab", "menuitem", "switch", "listbox", "treeitem"].includes(r)
      || el.hasAttribute("onclick") || el.hasAttribute("tabindex") || el.getAttribute("draggable") === "true"
      || el.hasAttribute("ondrop") || el.hasAttribute("ondragover");
  }
  function visible(el) {
    if (el.tagName === "OPTION") return true;
    if (!el.checkVisibility({visibilityProperty: true})) return false;
    const b = el.getBoundingClientRect();
    return b.width > 0 || b.height > 0;
  }
  function snapshot(maxLines) {
    const lines = [], marks = [];
    const focused = document.activeElement && document.activeElement !== document.body ? bid(document.activeElement) : null;
    function walk(el, depth) {
      if (SKIP.has(el.tagName) || lines.length >= maxLines) return;
      if (!visible(el)) return;
      const r = role(el), inter = interactive(el, r), text = ownText(el);
      let shown = false;
      if (r || inter || text) {
        const id = bid(el);
        let nm = r ? name(el, r) : "";
        if (!r && text) nm = text;
        let line = "  ".repeat(depth) + "[" + id + "] " + (r || (inter ? "generic" : "text")) + (nm ? " " + q(nm) : "");
        const st = [];
        if (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT") {
          if (el.type === "checkbox" || el.type === "radio") st.push(el.checked ? "checked" : "unchecked");
          else if (el.tagName === "SELECT") st.push("value=" + q(clip(el.selectedOptions.length ? el.selectedOptions[0].text : "", 60)));
          else if (el.type !== "button" && el.type !== "submit") st.push("value=" + q(clip(el.type === "password" ? "•".repeat(el.value.length) : el.value, 80)));
          if (el.placeholder && nm !== clip(el.placeholder, 100)) st.push("placeholder=" + q(clip(el.placeholder, 40)));
        }
        if (el.tagName === "OPTION" && el.selected) st.push("selected");
        const ac = el.getAttribute("aria-checked"); if (ac !== null && el.tagName !== "INPUT") st.push(ac === "true" ? "checked" : "unchecked");
        const sel = el.getAttribute("aria-selected"); if (sel === "true") st.push("selected");
        const ex = el.getAttribute("aria-expanded"); if (ex !== null) st.push(ex === "true" ? "expanded" : "collapsed");
        if (el.disabled || el.getAttribute("aria-disabled") === "true") st.push("disabled");
        if (el.getAttribute("draggable") === "true") st.push("draggable");
        if (el.tagName === "A" && el.hasAttribute("href")) { const h = el.getAttribute("href"); if (h && !h.startsWith("javascript")) st.push("url=" + q(clip(h, 60))); }
        if (id === focused) st.push("focused");
        if (st.length) line += " " + st.join(", ");
        lines.push(line);
        if (inter || r) {
          const b = el.getBoundingClientRect();
          marks.push([id, Math.round(b.left), Math.round(b.top), Math.round(b.width), Math.round(b.height), inter]);
        }
        shown = true;
        if (r && nm && el.children.length === 0) return;
      }
      if (el.tagName === "SELECT") {
        for (const o of el.options) walk(o, depth + 1);
        return;
      }
      for (const child of el.children) walk(child, depth + (shown ? 1 : 0));
    }
    if (document.body) walk(document.body, 0);
    return {lines, marks, focused, title: document.title, truncated: lines.length >= maxLines,
            scroll: [Math.round(window.scrollX), Math.round(window.scrollY)]};
  }
  function find(id) { return document.querySelector("[" + ATTR + "=\"" + String(id).replace(/"/g, "") + "\"]"); }
  window.__omniTree = {snapshot, bid, find};
})();
"""


@dataclass
class Snapshot:
    """What :func:`snapshot` read: tree lines, the focused id, boxes ``(bid, x, y, w, h, interactive)``."""

    lines: list[str]
    focused: str | None
    marks: list[tuple[str, int, int, int, int, bool]]
    title: str
    scroll: tuple[int, int]
    truncated: bool

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + ("\n(tree cut short)" if self.truncated else "")

    @property
    def ids(self) -> set[str]:
        """Every id the tree shows."""
        return {line.split("]", 1)[0].strip().lstrip("[") for line in self.lines}

    def box(self, bid: str) -> tuple[int, int, int, int] | None:
        for mark in self.marks:
            if mark[0] == bid:
                return mark[1:5]
        return None


EMPTY = Snapshot([], None, [], "", (0, 0), False)

_READ = """async ([n, withTree]) => {
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const tree = withTree && window.__omniTree ? window.__omniTree.snapshot(n) : null;
  return {tree, extra: (%s)()};
}"""


def read_page(page: Any, max_lines: int = 400, extra_js: str = "() => null") -> tuple[Snapshot, Any]:
    """After the page has painted: its tree and what ``extra_js`` (a JS function) returns, in one call."""
    raw = page.evaluate(_READ % extra_js, [max_lines, True])
    tree = _parse(raw["tree"]) if raw["tree"] else EMPTY
    return tree, raw["extra"]


def snapshot(page: Any, max_lines: int = 400) -> Snapshot:
    """The tree of ``page`` (a Playwright page whose session has :data:`TREE_SCRIPT`)."""
    return read_page(page, max_lines)[0]


def _parse(raw: dict[str, Any]) -> Snapshot:
    marks = [(str(m[0]), int(m[1]), int(m[2]), int(m[3]), int(m[4]), bool(m[5])) for m in raw["marks"]]
    return Snapshot(
        list(raw["lines"]), raw["focused"], marks, str(raw["title"]), tuple(raw["scroll"]), bool(raw["truncated"])
    )


def selector(bid: str) -> str:
    """The CSS selector of the element with id ``bid``."""
    cleaned = str(bid).replace("\\", "").replace('"', "")
    return f'[{BID_ATTRIBUTE}="{cleaned}"]'
