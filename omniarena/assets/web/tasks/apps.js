// Small apps: an inbox, a social feed, a search engine, a shop, a flight search.
(function (T) {
  const h = T.h;

  T.define("email-inbox", {
    setup(rng, area) {
      const senders = rng.sample(T.NAMES, 5);
      const action = rng.pick(["delete", "star", "reply"]);
      T.data.sender = rng.pick(senders); T.data.action = action; T.data.reply = rng.sample(T.WORDS, 2).join(" ");
      const list = h("div", {id: "inbox", role: "list", "aria-label": "Inbox"}), view = h("div", {id: "view", class: "hidden panel"});
      T.data.open = null;
      function open(s, subject) {
        T.data.open = s;
        view.replaceChildren(h("h3", {}, subject), h("p", {}, "From: " + s),
          h("button", {id: "delete", onclick: () => T.finish(s === T.data.sender && action === "delete" ? 1 : 0)}, "Delete"),
          h("button", {id: "star", onclick: () => T.finish(s === T.data.sender && action === "star" ? 1 : 0)}, "Star"),
          h("div", {class: "row"}, h("label", {for: "reply"}, "Reply"), h("input", {type: "text", id: "reply"}),
            h("button", {id: "send", onclick: () => T.finish(s === T.data.sender && action === "reply" && document.getElementById("reply").value === T.data.reply ? 1 : 0)}, "Send")),
          h("button", {id: "back", onclick: () => { view.classList.add("hidden"); list.classList.remove("hidden"); T.data.open = null; }}, "Back to inbox"));
        list.classList.add("hidden"); view.classList.remove("hidden");
      }
      for (const s of senders) {
        const subject = rng.pick(["Lunch", "Report", "Tickets", "Meeting", "Photos", "Invoice"]) + " " + rng.pick(T.WORDS);
        list.append(h("div", {class: "email unread", role: "listitem"}, h("a", {href: "#", "aria-label": `Open email from ${s}`, onclick: (e) => { e.preventDefault(); open(s, subject); }}, `${s} — ${subject}`)));
      }
      area.append(list, view);
      const what = action === "reply" ? `reply "${T.data.reply}" to` : action === "star" ? "star" : "delete";
      return `Open the email from ${T.data.sender} and ${what} it.`;
    },
    oracle() {
      if (T.data.open !== T.data.sender) {
        if (T.data.open !== null) return ["click", document.getElementById("back")];
        return ["click", document.querySelector(`[aria-label="Open email from ${T.data.sender}"]`)];
      }
      if (T.data.action !== "reply") return ["click", document.getElementById(T.data.action)];
      const box = document.getElementById("reply");
      return box.value === T.data.reply ? ["click", document.getElementById("send")] : ["fill", box, T.data.reply];
    },
  });

  T.define("social-feed", {
    setup(rng, area) {
      const users = rng.sample(T.NAMES, 5).map((n) => "@" + n.toLowerCase());
      const action = rng.pick(["Like", "Share", "Follow"]);
      T.data.user = rng.pick(users); T.data.action = action;
      for (const u of users) {
        area.append(h("div", {class: "post", role: "article", "aria-label": "post by " + u}, h("b", {}, u), h("p", {}, rng.sample(T.WORDS, 7).join(" ")),
          ["Like", "Share", "Follow"].map((a) => h("button", {onclick: () => T.finish(u === T.data.user && a === action ? 1 : 0, `${a} ${u}`)}, a))));
      }
      return `${action} the post by ${T.data.user}.`;
    },
    oracle: () => ["click", T.byText(`[aria-label="post by ${T.data.user}"] button`, T.data.action)],
  });

  T.define("search-engine", {
    setup(rng, area) {
      T.data.query = rng.pick(T.WORDS);
      T.data.rank = rng.int(1, 5);
      const results = h("div", {id: "results"});
      const box = h("input", {type: "search", id: "q", "aria-label": "Search"});
      const run = () => {
        results.replaceChildren();
        const q = box.value.trim().toLowerCase();
        if (!q) return;
        const r = T.rng(q.length + 31 * q.charCodeAt(0));
        for (let i = 1; i <= 6; i++) {
          const title = `${q} ${r.pick(T.WORDS)} ${r.pick(["guide", "news", "wiki", "shop", "forum"])}`;
          results.append(h("div", {class: "result"}, h("a", {href: "#", "data-rank": String(i), onclick: (e) => { e.preventDefault(); T.finish(q === T.data.query && i === T.data.rank ? 1 : 0); }}, title)));
        }
        T.data.searched = q;
      };
      box.addEventListener("keydown", (e) => { if (e.key === "Enter") run(); });
      area.append(h("div", {class: "row"}, box, h("button", {id: "go", onclick: run}, "Search")), results);
      return `Search for "${T.data.query}" and click search result number ${T.data.rank}.`;
    },
    oracle() {
      const box = document.getElementById("q");
      if (T.data.searched === T.data.query && box.value.trim() === T.data.query) return ["click", document.querySelector(`#results a[data-rank="${T.data.rank}"]`)];
      if (box.value !== T.data.query) return ["fill", box, T.data.query];
      return ["press", box, "Enter"];
    },
  });

  T.define("shopping-cart", {
    setup(rng, area) {
      const products = rng.sample(["Mug", "Lamp", "Notebook", "Scarf", "Kettle", "Plant", "Poster", "Candle"], 5);
      T.data.item = rng.pick(products); T.data.qty = rng.int(1, 3);
      const cart = {};
      const summary = h("div", {id: "cart", role: "status"}, "Cart is empty");
      const show = () => { const e = Object.entries(cart).filter(([, n]) => n > 0); summary.textContent = e.length ? "Cart: " + e.map(([p, n]) => `${p} × ${n}`).join(", ") : "Cart is empty"; };
      for (const p of products) {
        area.append(h("div", {class: "row"}, `${p} — €${rng.int(5, 60)} `,
          h("button", {"aria-label": "Add " + p, onclick: () => { cart[p] = (cart[p] || 0) + 1; show(); }}, "Add"),
          h("button", {"aria-label": "Remove " + p, onclick: () => { cart[p] = Math.max(0, (cart[p] || 0) - 1); show(); }}, "Remove")));
      }
      T.data.cart = cart;
      area.append(summary, h("button", {id: "checkout", onclick: () => {
        const e = Object.entries(cart).filter(([, n]) => n > 0);
        T.finish(e.length === 1 && e[0][0] === T.data.item && e[0][1] === T.data.qty ? 1 : 0);
      }}, "Checkout"));
      return `Put exactly ${T.data.qty} × ${T.data.item} in the cart (nothing else) and check out.`;
    },
    oracle() {
      for (const [p, n] of Object.entries(T.data.cart)) if (p !== T.data.item && n > 0) return ["click", document.querySelector(`[aria-label="Remove ${p}"]`)];
      const n = T.data.cart[T.data.item] || 0;
      if (n < T.data.qty) return ["click", document.querySelector(`[aria-label="Add ${T.data.item}"]`)];
      if (n > T.data.qty) return ["click", document.querySelector(`[aria-label="Remove ${T.data.item}"]`)];
      return ["click", document.getElementById("checkout")];
    },
  });

  T.define("book-flight", {
    setup(rng, area) {
      const cities = rng.sample(["Oslo", "Lima", "Pune", "Accra", "Hanoi", "Quito", "Perth", "Turin"], 5);
      T.data.from = cities[0]; T.data.to = cities[1];
      const opts = (id, label) => h("select", {id, "aria-label": label}, h("option", {value: ""}, label), cities.map((c) => h("option", {value: c}, c)));
      const results = h("div", {id: "flights"});
      T.data.searched = false;
      const flights = [0, 1, 2, 3].map(() => ({time: `${String(rng.int(6, 22)).padStart(2, "0")}:${rng.pick(["00", "15", "30", "45"])}`, price: rng.int(80, 400)}));
      const cheapest = Math.min(...flights.map((f) => f.price));
      if (flights.filter((f) => f.price === cheapest).length > 1) flights[0].price = cheapest - 1;
      T.data.cheapest = Math.min(...flights.map((f) => f.price));
      area.append(h("div", {class: "row"}, opts("from", "From"), opts("to", "To"), h("button", {id: "search", onclick: () => {
        const ok = document.getElementById("from").value && document.getElementById("to").value;
        results.replaceChildren();
        if (!ok) { results.append(h("p", {class: "err"}, "Choose both cities.")); return; }
        T.data.searched = [document.getElementById("from").value, document.getElementById("to").value].join(">");
        for (const f of flights) results.append(h("div", {class: "result"}, `${f.time} — €${f.price} `, h("button", {"data-price": String(f.price), onclick: () => {
          T.finish(T.data.searched === `${T.data.from}>${T.data.to}` && f.price === T.data.cheapest ? 1 : 0);
        }}, "Book")));
      }}, "Search flights")), results);
      return `Find flights from ${T.data.from} to ${T.data.to} and book the cheapest one.`;
    },
    oracle() {
      for (const [id, want] of [["from", T.data.from], ["to", T.data.to]]) if (document.getElementById(id).value !== want) return ["select_option", document.getElementById(id), want];
      if (T.data.searched !== `${T.data.from}>${T.data.to}`) return ["click", document.getElementById("search")];
      return ["click", document.querySelector(`#flights button[data-price="${T.data.cheapest}"]`)];
    },
  });
})(window.OmniTask);
