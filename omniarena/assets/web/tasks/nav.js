// Navigation tasks: several real pages of one site, going back, a second tab. State lives in localStorage.
(function (T) {
  const h = T.h;
  const link = (text, page, extra) => h("a", Object.assign({href: T.url({page})}, extra || {}), text);

  T.define("navigate-pages", {
    setup(rng, area) {
      const products = rng.sample(["Mug", "Lamp", "Notebook", "Scarf", "Kettle", "Plant", "Poster", "Candle"], 5);
      T.data.item = rng.pick(products);
      const nav = h("nav", {}, link("Home", ""), " | ", link("Products", "products"), " | ", link("About", "about"));
      area.append(nav);
      if (T.page === "products") {
        area.append(h("h2", {}, "Products"), h("ul", {}, products.map((p) => h("li", {}, link(p, "item-" + p)))));
      } else if (T.page.startsWith("item-")) {
        const p = T.page.slice(5);
        area.append(h("h2", {}, p), h("p", {}, "A fine " + p.toLowerCase() + "."), h("button", {id: "buy", onclick: () => T.finish(p === T.data.item ? 1 : 0, "bought " + p)}, "Buy"));
      } else if (T.page === "about") {
        area.append(h("h2", {}, "About"), h("p", {}, "We sell " + products.join(", ") + "."));
      } else {
        area.append(h("h2", {}, "Welcome"), h("p", {}, "Browse our products."));
      }
      return `Go to the Products page, open ${T.data.item} and click Buy.`;
    },
    oracle() {
      if (T.page === "item-" + T.data.item) return ["click", document.getElementById("buy")];
      if (T.page === "products") return ["click", T.byText("li a", T.data.item)];
      return ["click", T.byText("nav a", "Products")];
    },
  });

  T.define("go-back", {
    setup(rng, area) {
      T.data.code = rng.pick(T.WORDS).toUpperCase() + rng.int(10, 99);
      if (T.page === "notice") {
        T.save({seen: true});
        area.append(h("h2", {}, "Notice"), h("p", {}, "Your code is " + T.data.code + "."), h("p", {}, "Go back to the previous page to use it."));
      } else {
        area.append(h("p", {}, link("Read the notice", "notice")), h("div", {class: "row"}, h("label", {for: "code"}, "Code"), h("input", {type: "text", id: "code"})),
          h("button", {id: "submit", onclick: () => T.finish(document.getElementById("code").value.trim() === T.data.code ? 1 : 0)}, "Submit"));
      }
      return "Read the code on the notice page, go back, enter the code and press Submit.";
    },
    oracle() {
      if (T.page === "notice") return ["go_back"];
      if (!T.stored().seen) return ["click", T.byText("a", "Read the notice")];
      const box = document.getElementById("code");
      return box.value === T.data.code ? ["click", document.getElementById("submit")] : ["fill", box, T.data.code];
    },
  });

  T.define("new-tab", {
    setup(rng, area) {
      T.data.code = "SAVE" + rng.int(10, 99);
      if (T.page === "coupon") {
        T.save({seen: true});
        area.append(h("h2", {}, "Coupon"), h("p", {}, "Coupon code: " + T.data.code), h("p", {}, "Switch back to the first tab to use it."));
      } else {
        area.append(h("p", {}, link("Show my coupon (opens a new tab)", "coupon", {target: "_blank"})),
          h("div", {class: "row"}, h("label", {for: "coupon"}, "Coupon"), h("input", {type: "text", id: "coupon"})),
          h("button", {id: "apply", onclick: () => T.finish(document.getElementById("coupon").value.trim() === T.data.code ? 1 : 0)}, "Apply"));
      }
      return "Open your coupon (it opens in a new tab), switch back to the first tab, enter the coupon code and click Apply.";
    },
    oracle() {
      if (T.page === "coupon") return ["tab_focus", 0];
      if (!T.stored().seen) return ["click", T.byText("a", "Show my coupon (opens a new tab)")];
      const box = document.getElementById("coupon");
      return box.value === T.data.code ? ["click", document.getElementById("apply")] : ["fill", box, T.data.code];
    },
  });
})(window.OmniTask);
