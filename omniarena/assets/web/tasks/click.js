// Click tasks: buttons, links, checkboxes, radios, colours, dialogs, double and right clicks, hovering.
(function (T) {
  const h = T.h;
  const submit = (onclick) => h("button", {id: "submit", onclick}, "Submit");

  T.define("click-button", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, rng.int(3, 6));
      T.data.target = rng.pick(words);
      for (const w of words) area.append(h("button", {onclick: () => T.finish(w === T.data.target ? 1 : 0, "clicked " + w)}, w));
      return `Click on the "${T.data.target}" button.`;
    },
    oracle: () => ["click", T.byText("button", T.data.target)],
  });

  T.define("click-link", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, 12);
      T.data.target = rng.pick(words.slice(0, 6));
      const p = h("p", {});
      words.forEach((w, i) => {
        if (i < 6) p.append(h("a", {href: "#" + w, onclick: (e) => { e.preventDefault(); T.finish(w === T.data.target ? 1 : 0); }}, w), " ");
        else p.append(w + " ");
      });
      area.append(p);
      return `Click on the link "${T.data.target}".`;
    },
    oracle: () => ["click", T.byText("a", T.data.target)],
  });

  T.define("click-checkboxes", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, rng.int(4, 6));
      T.data.want = rng.sample(words, rng.int(1, 3));
      for (const w of words) area.append(h("div", {class: "row"}, h("label", {}, h("input", {type: "checkbox", value: w}), " " + w)));
      area.append(submit(() => {
        const got = [...area.querySelectorAll("input:checked")].map((e) => e.value).sort();
        T.finish(JSON.stringify(got) === JSON.stringify(T.data.want.slice().sort()) ? 1 : 0);
      }));
      return `Select ${T.data.want.join(", ")} and click Submit.`;
    },
    oracle() {
      for (const box of document.querySelectorAll("input[type=checkbox]")) {
        if (box.checked !== T.data.want.includes(box.value)) return ["click", box];
      }
      return ["click", document.getElementById("submit")];
    },
  });

  T.define("click-option", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, rng.int(3, 5));
      T.data.target = rng.pick(words);
      for (const w of words) area.append(h("div", {class: "row"}, h("label", {}, h("input", {type: "radio", name: "opt", value: w}), " " + w)));
      area.append(submit(() => { const c = area.querySelector("input:checked"); T.finish(c && c.value === T.data.target ? 1 : 0); }));
      return `Select ${T.data.target} and click Submit.`;
    },
    oracle() {
      const want = document.querySelector(`input[value="${T.data.target}"]`);
      return want.checked ? ["click", document.getElementById("submit")] : ["click", want];
    },
  });

  T.define("click-color", {
    setup(rng, area) {
      const names = rng.sample(Object.keys(T.COLORS), 5);
      T.data.target = rng.pick(names);
      for (const c of names) {
        area.append(h("div", {class: "swatch", role: "button", "aria-label": c + " square", style: "background:" + T.COLORS[c],
          onclick: () => T.finish(c === T.data.target ? 1 : 0)}));
      }
      return `Click on the ${T.data.target} square.`;
    },
    oracle: () => ["click", document.querySelector(`[aria-label="${T.data.target} square"]`)],
  });

  T.define("click-dialog", {
    setup(rng, area) {
      const choice = rng.pick(["OK", "Cancel", "Close"]);
      T.data.target = choice;
      area.append(h("p", {}, rng.sample(T.WORDS, 8).join(" ") + "."));
      const modal = h("div", {class: "modal", role: "dialog", "aria-label": "Notice"},
        h("p", {}, "Your settings were updated: " + rng.pick(T.WORDS) + "."));
      for (const b of rng.shuffle(["OK", "Cancel", "Close"])) modal.append(h("button", {onclick: () => { modal.remove(); T.finish(b === choice ? 1 : 0); }}, b));
      area.append(modal);
      return `Close the dialog by clicking "${choice}".`;
    },
    oracle: () => ["click", T.byText(".modal button", T.data.target)],
  });

  T.define("double-click", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, 5);
      T.data.target = rng.pick(words);
      for (const w of words) {
        area.append(h("span", {class: "item", tabindex: "0", ondblclick: () => T.finish(w === T.data.target ? 1 : 0), onclick: () => {}}, w));
      }
      return `Double-click on "${T.data.target}".`;
    },
    oracle: () => ["dblclick", T.byText(".item", T.data.target)],
  });

  T.define("hover-reveal", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, 4);
      T.data.target = rng.pick(words);
      for (const w of words) {
        const btn = h("button", {class: "hidden", onclick: () => T.finish(w === T.data.target ? 1 : 0)}, "Open " + w);
        const card = h("div", {class: "box", tabindex: "0", "aria-label": "card " + w,
          onmouseenter: () => btn.classList.remove("hidden"), onmouseleave: () => btn.classList.add("hidden")}, h("div", {}, w), btn);
        area.append(card);
      }
      return `Hover over the card "${T.data.target}" and click its Open button.`;
    },
    oracle() {
      const btn = T.byText("button", "Open " + T.data.target);
      return btn.classList.contains("hidden") ? ["hover", document.querySelector(`[aria-label="card ${T.data.target}"]`)] : ["click", btn];
    },
  });

  T.define("right-click", {
    setup(rng, area) {
      const files = rng.sample(T.WORDS, 4).map((w) => w + ".txt");
      const action = rng.pick(["Delete", "Rename", "Copy"]);
      T.data.file = rng.pick(files); T.data.action = action;
      const menu = h("ul", {role: "menu", class: "hidden", style: "position:absolute;list-style:none;background:#fff;border:1px solid #888;padding:4px"});
      let current = null;
      for (const a of ["Open", "Rename", "Copy", "Delete"]) {
        menu.append(h("li", {role: "menuitem", onclick: () => { menu.classList.add("hidden"); T.finish(current === T.data.file && a === action ? 1 : 0); }}, a));
      }
      for (const f of files) {
        area.append(h("div", {class: "row", tabindex: "0", oncontextmenu: (e) => {
          e.preventDefault(); current = f; menu.style.left = e.pageX + "px"; menu.style.top = e.pageY + "px"; menu.classList.remove("hidden");
        }}, "📄 " + f));
      }
      document.body.append(menu);
      return `Right-click the file ${T.data.file} and choose "${action}".`;
    },
    oracle() {
      const menu = document.querySelector("[role=menu]");
      if (menu.classList.contains("hidden")) return ["click", T.byText(".row", "📄 " + T.data.file), "right"];
      return ["click", T.byText("[role=menuitem]", T.data.action)];
    },
  });

  T.define("click-collapsible", {
    setup(rng, area) {
      const sections = rng.sample(T.WORDS, 3);
      T.data.section = rng.pick(sections);
      T.data.link = rng.pick(T.WORDS.filter((w) => !sections.includes(w)));
      for (const s of sections) {
        const body = h("div", {class: "hidden panel"});
        for (const w of s === T.data.section ? [T.data.link, ...rng.sample(T.WORDS, 2)] : rng.sample(T.WORDS, 2)) {
          body.append(h("a", {href: "#", onclick: (e) => { e.preventDefault(); T.finish(s === T.data.section && w === T.data.link ? 1 : 0); }}, w), " ");
        }
        const head = h("button", {"aria-expanded": "false", onclick: () => {
          const open = body.classList.toggle("hidden") === false; head.setAttribute("aria-expanded", String(open));
        }}, "Section " + s);
        area.append(h("div", {class: "row"}, head, body));
      }
      return `Expand the section "${T.data.section}" and click the link "${T.data.link}".`;
    },
    oracle() {
      const head = T.byText("button", "Section " + T.data.section);
      if (head.getAttribute("aria-expanded") !== "true") return ["click", head];
      for (const a of head.nextElementSibling.querySelectorAll("a")) if (a.textContent === T.data.link) return ["click", a];
      return null;
    },
  });

  T.define("click-menu", {
    setup(rng, area) {
      const menus = {File: ["New", "Open", "Save", "Export"], Edit: ["Undo", "Redo", "Find", "Replace"], View: ["Zoom in", "Zoom out", "Full screen"]};
      const top = rng.pick(Object.keys(menus));
      T.data.top = top; T.data.item = rng.pick(menus[top]);
      const bar = h("div", {role: "menubar"});
      for (const [m, items] of Object.entries(menus)) {
        const list = h("ul", {role: "menu", class: "hidden"});
        for (const it of items) list.append(h("li", {role: "menuitem", onclick: () => T.finish(m === top && it === T.data.item ? 1 : 0)}, it));
        const btn = h("button", {"aria-expanded": "false", onclick: () => {
          for (const other of bar.querySelectorAll("[role=menu]")) if (other !== list) other.classList.add("hidden");
          list.classList.toggle("hidden"); btn.setAttribute("aria-expanded", String(!list.classList.contains("hidden")));
        }}, m);
        bar.append(h("div", {class: "menu"}, btn, list));
      }
      area.append(bar);
      return `Open the ${top} menu and click "${T.data.item}".`;
    },
    oracle() {
      const btn = T.byText("[role=menubar] button", T.data.top);
      if (btn.nextElementSibling.classList.contains("hidden")) return ["click", btn];
      for (const li of btn.nextElementSibling.children) if (li.textContent === T.data.item) return ["click", li];
      return null;
    },
  });

  T.define("focus-text", {
    setup(rng, area) {
      const n = rng.int(3, 5);
      T.data.index = rng.int(1, n);
      for (let i = 1; i <= n; i++) {
        area.append(h("div", {class: "row"}, h("input", {type: "text", "aria-label": "field " + i, onfocus: () => T.finish(i === T.data.index ? 1 : 0)})));
      }
      return `Focus on text field number ${T.data.index} (counting from the top).`;
    },
    oracle: () => ["focus", document.querySelector(`[aria-label="field ${T.data.index}"]`)],
  });
})(window.OmniTask);
