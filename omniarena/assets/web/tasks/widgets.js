// Widget tasks: a date picker, drag and drop, scrolling, tabs, sliders, switches, sorting, reading the page.
(function (T) {
  const h = T.h;
  const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
  const submitButton = (onclick, label) => h("button", {id: "submit", onclick}, label || "Submit");

  T.define("choose-date", {
    setup(rng, area) {
      const year = 2024, start = rng.int(0, 11), target = new Date(Date.UTC(year, rng.int(0, 11), rng.int(1, 28)));
      T.data.month = start; T.data.target = target; T.data.picked = null;
      const title = h("span", {id: "month", "aria-live": "polite"});
      const grid = h("table", {class: "cal"});
      const shown = h("input", {type: "text", id: "date", readonly: true, "aria-label": "Chosen date"});
      function draw() {
        title.textContent = MONTHS[T.data.month] + " " + year;
        grid.replaceChildren();
        const days = new Date(Date.UTC(year, T.data.month + 1, 0)).getUTCDate();
        let row = h("tr", {});
        for (let d = 1; d <= days; d++) {
          row.append(h("td", {}, h("button", {"aria-label": `${MONTHS[T.data.month]} ${d}`, onclick: () => {
            T.data.picked = new Date(Date.UTC(year, T.data.month, d)); shown.value = `${T.data.month + 1}/${d}/${year}`;
          }}, String(d))));
          if (d % 7 === 0) { grid.append(row); row = h("tr", {}); }
        }
        grid.append(row);
      }
      area.append(h("div", {}, h("button", {id: "prev", "aria-label": "Previous month", onclick: () => { if (T.data.month > 0) { T.data.month--; draw(); } }}, "‹"),
        title, h("button", {id: "next", "aria-label": "Next month", onclick: () => { if (T.data.month < 11) { T.data.month++; draw(); } }}, "›")), grid, shown,
      submitButton(() => T.finish(T.data.picked && T.data.picked.getTime() === target.getTime() ? 1 : 0)));
      draw();
      return `Choose ${MONTHS[target.getUTCMonth()]} ${target.getUTCDate()}, ${year} in the calendar and press Submit.`;
    },
    oracle() {
      const t = T.data.target;
      if (T.data.picked && T.data.picked.getTime() === t.getTime()) return ["click", document.getElementById("submit")];
      if (T.data.month < t.getUTCMonth()) return ["click", document.getElementById("next")];
      if (T.data.month > t.getUTCMonth()) return ["click", document.getElementById("prev")];
      return ["click", document.querySelector(`[aria-label="${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}"]`)];
    },
  });

  T.define("drag-items", {
    setup(rng, area) {
      const items = rng.sample(T.WORDS, 4), boxes = rng.sample(["Inbox", "Archive", "Trash", "Later"], 3);
      T.data.item = rng.pick(items); T.data.box = rng.pick(boxes);
      const pool = h("div", {class: "box", role: "region", "aria-label": "Items"});
      for (const w of items) {
        pool.append(h("span", {class: "item", draggable: "true", id: "item-" + w,
          ondragstart: (e) => e.dataTransfer.setData("text/plain", w)}, w));
      }
      area.append(pool, h("br", {}));
      for (const b of boxes) {
        const zone = h("div", {class: "box", role: "region", "aria-label": b, ondragover: (e) => e.preventDefault(), ondrop: (e) => {
          e.preventDefault();
          const w = e.dataTransfer.getData("text/plain");
          zone.append(document.getElementById("item-" + w));
          T.finish(w === T.data.item && b === T.data.box ? 1 : 0, `dropped ${w} on ${b}`);
        }}, h("div", {}, b));
        area.append(zone);
      }
      return `Drag "${T.data.item}" into the ${T.data.box} box.`;
    },
    oracle: () => ["drag_and_drop", document.getElementById("item-" + T.data.item), document.querySelector(`[role=region][aria-label="${T.data.box}"]`)],
  });

  T.define("scroll-find", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, 6);
      T.data.target = rng.pick(words);
      const at = rng.int(3, 5);
      for (let i = 0; i < 7; i++) {
        area.append(h("p", {style: "height:260px"}, rng.sample(T.WORDS, 12).join(" ") + "."));
        if (i === at) for (const w of words) area.append(h("button", {onclick: () => T.finish(w === T.data.target ? 1 : 0)}, w));
      }
      return `Scroll down to find the "${T.data.target}" button and click it.`;
    },
    oracle() {
      const btn = T.byText("button", T.data.target);
      if (!T.inView(btn)) return ["scroll", 0, Math.min(500, Math.max(-500, Math.round(btn.getBoundingClientRect().top - 200)))];
      return ["click", btn];
    },
  });

  T.define("click-tab", {
    setup(rng, area) {
      const tabs = rng.sample(T.WORDS, 4);
      T.data.tab = rng.pick(tabs.slice(1));
      const bar = h("div", {role: "tablist", class: "tabs"}), panels = [];
      tabs.forEach((t, i) => {
        const links = i === tabs.indexOf(T.data.tab) ? [(T.data.link = rng.pick(T.WORDS.filter((w) => !tabs.includes(w)))), ...rng.sample(tabs, 1)] : rng.sample(T.WORDS, 2);
        const panel = h("div", {role: "tabpanel", class: "panel" + (i ? " hidden" : ""), "aria-label": t},
          links.map((w) => h("a", {href: "#", onclick: (e) => { e.preventDefault(); T.finish(t === T.data.tab && w === T.data.link ? 1 : 0); }}, w)).flatMap((a) => [a, " "]));
        const tab = h("button", {role: "tab", "aria-selected": i ? "false" : "true", onclick: () => {
          bar.querySelectorAll("[role=tab]").forEach((x) => x.setAttribute("aria-selected", String(x === tab)));
          panels.forEach((p) => p.classList.toggle("hidden", p !== panel));
        }}, t);
        bar.append(tab); panels.push(panel);
      });
      area.append(bar, ...panels);
      return `Switch to the tab "${T.data.tab}" and click the link "${T.data.link}".`;
    },
    oracle() {
      const tab = T.byText("[role=tab]", T.data.tab);
      if (tab.getAttribute("aria-selected") !== "true") return ["click", tab];
      return ["click", T.byText(`[role=tabpanel][aria-label="${T.data.tab}"] a`, T.data.link)];
    },
  });

  T.define("use-slider", {
    setup(rng, area) {
      T.data.value = rng.int(1, 10);
      const slider = h("input", {type: "range", id: "slider", min: "0", max: "10", step: "1", value: "0", "aria-label": "Volume"});
      const out = h("span", {id: "out"}, "0");
      slider.addEventListener("input", () => { out.textContent = slider.value; });
      area.append(h("div", {class: "row"}, slider, " ", out), submitButton(() => T.finish(Number(slider.value) === T.data.value ? 1 : 0)));
      return `Set the Volume slider to ${T.data.value} and press Submit.`;
    },
    oracle() {
      const slider = document.getElementById("slider"), v = Number(slider.value);
      if (v === T.data.value) return ["click", document.getElementById("submit")];
      return ["press", slider, v < T.data.value ? "ArrowRight" : "ArrowLeft"];
    },
  });

  T.define("use-spinner", {
    setup(rng, area) {
      T.data.value = rng.int(-5, 9);
      let n = 0;
      const show = h("span", {id: "count", role: "status"}, "0");
      const set = (d) => { n += d; show.textContent = String(n); };
      area.append(h("button", {id: "minus", "aria-label": "Decrease", onclick: () => set(-1)}, "−"), show,
        h("button", {id: "plus", "aria-label": "Increase", onclick: () => set(1)}, "+"), h("div", {}, submitButton(() => T.finish(n === T.data.value ? 1 : 0))));
      T.data.get = () => n;
      return `Use the + and − buttons to set the counter to ${T.data.value}, then press Submit.`;
    },
    oracle() {
      const n = T.data.get();
      if (n === T.data.value) return ["click", document.getElementById("submit")];
      return ["click", document.getElementById(n < T.data.value ? "plus" : "minus")];
    },
  });

  T.define("terms-scroll", {
    setup(rng, area) {
      const box = h("div", {class: "scrollbox", id: "terms", role: "document", "aria-label": "Terms", tabindex: "0"});
      for (let i = 1; i <= 12; i++) box.append(h("p", {}, `${i}. ` + rng.sample(T.WORDS, 10).join(" ") + "."));
      const accept = h("button", {id: "accept", disabled: true, onclick: () => T.finish(1)}, "Accept");
      box.addEventListener("scroll", () => { if (box.scrollTop + box.clientHeight >= box.scrollHeight - 4) accept.disabled = false; });
      area.append(box, accept, h("button", {onclick: () => T.finish(0, "declined")}, "Decline"));
      return "Scroll the terms to the end, then click Accept.";
    },
    oracle() {
      const accept = document.getElementById("accept");
      if (!accept.disabled) return ["click", accept];
      const b = document.getElementById("terms").getBoundingClientRect();
      return ["scroll_at", Math.round(b.left + b.width / 2), Math.round(b.top + b.height / 2), 0, 300];
    },
  });

  T.define("toggle-switches", {
    setup(rng, area) {
      const names = rng.sample(["Wi-Fi", "Bluetooth", "Location", "Dark mode", "Notifications", "Auto-update"], 4);
      T.data.want = {};
      for (const n of names) {
        const on = rng.random() < 0.5;
        T.data.want[n] = rng.random() < 0.5;
        const sw = h("button", {role: "switch", "aria-checked": String(on), "aria-label": n, onclick: () => {
          sw.setAttribute("aria-checked", String(sw.getAttribute("aria-checked") !== "true")); sw.textContent = n + ": " + (sw.getAttribute("aria-checked") === "true" ? "on" : "off");
        }}, n + ": " + (on ? "on" : "off"));
        area.append(h("div", {class: "row"}, sw));
      }
      area.append(submitButton(() => T.finish(Object.entries(T.data.want).every(([n, v]) => (document.querySelector(`[aria-label="${n}"]`).getAttribute("aria-checked") === "true") === v) ? 1 : 0), "Apply"));
      const words = Object.entries(T.data.want).map(([n, v]) => `${n} ${v ? "on" : "off"}`);
      return `Set ${words.join(", ")}, then click Apply.`;
    },
    oracle() {
      for (const [n, v] of Object.entries(T.data.want)) {
        const sw = document.querySelector(`[aria-label="${n}"]`);
        if ((sw.getAttribute("aria-checked") === "true") !== v) return ["click", sw];
      }
      return ["click", document.getElementById("submit")];
    },
  });

  T.define("sort-list", {
    setup(rng, area) {
      const items = rng.sample(T.WORDS, 4);
      const list = h("ol", {id: "list"});
      const move = (li, d) => { const sib = d < 0 ? li.previousElementSibling : li.nextElementSibling; if (sib) (d < 0 ? sib.before(li) : sib.after(li)); };
      for (const w of items) {
        const li = h("li", {"data-word": w}, w + " ");
        li.append(h("button", {"aria-label": "Move " + w + " up", onclick: () => move(li, -1)}, "↑"), h("button", {"aria-label": "Move " + w + " down", onclick: () => move(li, 1)}, "↓"));
        list.append(li);
      }
      T.data.order = () => [...list.children].map((li) => li.dataset.word);
      T.data.want = items.slice().sort();
      area.append(list, submitButton(() => T.finish(JSON.stringify(T.data.order()) === JSON.stringify(T.data.want) ? 1 : 0), "Done"));
      return "Sort the list alphabetically with the ↑ and ↓ buttons, then click Done.";
    },
    oracle() {
      const order = T.data.order();
      for (let i = 1; i < order.length; i++) if (order[i] < order[i - 1]) return ["click", document.querySelector(`[aria-label="Move ${order[i]} up"]`)];
      return ["click", document.getElementById("submit")];
    },
  });

  T.define("read-table", {
    setup(rng, area) {
      const people = rng.sample(T.NAMES, 5).map((n) => ({name: n, age: rng.int(19, 77), city: rng.pick(["Oslo", "Lima", "Pune", "Accra", "Hanoi", "Quito"])}));
      const who = rng.pick(people), column = rng.pick(["age", "city"]);
      T.data.answer = String(who[column]);
      area.append(h("table", {class: "data"}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Age"), h("th", {}, "City")),
        people.map((p) => h("tr", {}, h("td", {}, p.name), h("td", {}, String(p.age)), h("td", {}, p.city)))));
      area.append(h("div", {class: "row"}, h("label", {for: "answer"}, "Answer"), h("input", {type: "text", id: "answer"})), submitButton(() => T.finish(document.getElementById("answer").value.trim() === T.data.answer ? 1 : 0)));
      return `Enter the ${column} of ${who.name} from the table and press Submit.`;
    },
    oracle() {
      const box = document.getElementById("answer");
      return box.value === T.data.answer ? ["click", document.getElementById("submit")] : ["fill", box, T.data.answer];
    },
  });

  T.define("count-shapes", {
    setup(rng, area) {
      const kinds = ["circle", "square", "triangle"], shapes = [];
      const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      svg.setAttribute("width", "420"); svg.setAttribute("height", "160"); svg.setAttribute("role", "img");
      const n = rng.int(5, 9);
      for (let i = 0; i < n; i++) {
        const k = rng.pick(kinds), x = 30 + i * 45, y = rng.int(30, 120), c = rng.pick(Object.values(T.COLORS));
        shapes.push(k);
        let el;
        if (k === "circle") { el = document.createElementNS(svg.namespaceURI, "circle"); el.setAttribute("cx", x); el.setAttribute("cy", y); el.setAttribute("r", 16); }
        else if (k === "square") { el = document.createElementNS(svg.namespaceURI, "rect"); el.setAttribute("x", x - 15); el.setAttribute("y", y - 15); el.setAttribute("width", 30); el.setAttribute("height", 30); }
        else { el = document.createElementNS(svg.namespaceURI, "polygon"); el.setAttribute("points", `${x},${y - 17} ${x - 17},${y + 14} ${x + 17},${y + 14}`); }
        el.setAttribute("fill", c); svg.append(el);
      }
      const kind = rng.pick(shapes);
      T.data.answer = String(shapes.filter((s) => s === kind).length);
      svg.setAttribute("aria-label", "shapes: " + shapes.join(", "));
      area.append(svg, h("div", {class: "row"}, h("label", {for: "answer"}, "How many?"), h("input", {type: "text", id: "answer"})),
        submitButton(() => T.finish(document.getElementById("answer").value.trim() === T.data.answer ? 1 : 0)));
      return `Count the ${kind}s in the picture, enter the number and press Submit.`;
    },
    oracle() {
      const box = document.getElementById("answer");
      return box.value === T.data.answer ? ["click", document.getElementById("submit")] : ["fill", box, T.data.answer];
    },
  });

  T.define("find-word", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, 9), k = rng.int(1, 9);
      T.data.answer = words[k - 1];
      const ordinal = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"][k - 1];
      area.append(h("p", {}, words.join(" ") + "."), h("div", {class: "row"}, h("label", {for: "answer"}, "Word"), h("input", {type: "text", id: "answer"})),
        submitButton(() => T.finish(document.getElementById("answer").value.trim() === T.data.answer ? 1 : 0)));
      return `Enter the ${ordinal} word of the paragraph and press Submit.`;
    },
    oracle() {
      const box = document.getElementById("answer");
      return box.value === T.data.answer ? ["click", document.getElementById("submit")] : ["fill", box, T.data.answer];
    },
  });

  T.define("click-pixel", {
    setup(rng, area) {
      const canvas = h("canvas", {id: "board", width: "400", height: "200", "aria-label": "target board"});
      const cx = rng.int(40, 360), cy = rng.int(40, 160);
      area.append(canvas);
      const g = canvas.getContext("2d");
      g.fillStyle = "#eef1f6"; g.fillRect(0, 0, 400, 200);
      g.fillStyle = "#e53935"; g.beginPath(); g.arc(cx, cy, 14, 0, 7); g.fill();
      canvas.addEventListener("click", (e) => {
        const b = canvas.getBoundingClientRect();
        const dx = e.clientX - b.left - cx, dy = e.clientY - b.top - cy;
        T.finish(dx * dx + dy * dy <= 16 * 16 ? 1 : 0, "clicked the board");
      });
      T.data.cx = cx; T.data.cy = cy;
      return "Click on the red dot on the board (it is drawn on a canvas: use the screenshot).";
    },
    oracle() {
      const b = document.getElementById("board").getBoundingClientRect();
      return ["mouse_click", Math.round(b.left + T.data.cx), Math.round(b.top + T.data.cy)];
    },
  });
})(window.OmniTask);
