// Form tasks: entering text, logging in, validation, copy and paste, arithmetic, dropdowns, keys.
(function (T) {
  const h = T.h;
  const field = (id, label, type) => h("div", {class: "row"}, h("label", {for: id}, label), h("input", {id, type: type || "text"}));
  const val = (id) => document.getElementById(id).value;
  // The oracle of a form: fill the first field whose value differs, then click the button.
  function fillThen(pairs, button) {
    for (const [id, want] of pairs) if (val(id) !== want) return ["fill", document.getElementById(id), want];
    return ["click", document.getElementById(button)];
  }

  T.define("enter-text", {
    setup(rng, area) {
      T.data.word = rng.pick(T.WORDS) + rng.int(10, 99);
      area.append(field("answer", "Text:"), h("button", {id: "submit", onclick: () => T.finish(val("answer").trim() === T.data.word ? 1 : 0)}, "Submit"));
      return `Enter "${T.data.word}" into the text field and press Submit.`;
    },
    oracle: () => fillThen([["answer", T.data.word]], "submit"),
  });

  T.define("login-user", {
    setup(rng, area) {
      T.data.user = rng.pick(T.NAMES).toLowerCase() + rng.int(1, 99);
      T.data.pass = rng.pick(T.WORDS) + "-" + rng.int(100, 999);
      area.append(field("username", "Username"), field("password", "Password", "password"),
        h("button", {id: "login", onclick: () => T.finish(val("username") === T.data.user && val("password") === T.data.pass ? 1 : 0)}, "Login"));
      return `Log in with username "${T.data.user}" and password "${T.data.pass}".`;
    },
    oracle: () => fillThen([["username", T.data.user], ["password", T.data.pass]], "login"),
  });

  T.define("form-validation", {
    setup(rng, area) {
      const name = rng.pick(T.NAMES);
      T.data.want = {fullname: name + " " + rng.pick(["Smith", "Okafor", "Larsen", "Moreau", "Tanaka"]),
        email: name.toLowerCase() + "@example.org", age: String(rng.int(18, 80))};
      area.append(field("fullname", "Full name"), field("email", "Email", "email"), field("age", "Age", "number"),
        h("div", {id: "errors", class: "err", role: "alert"}));
      area.append(h("button", {id: "submit", onclick: () => {
        const errors = [];
        if (val("fullname").trim().split(/\s+/).length < 2) errors.push("Full name needs a first and a last name.");
        if (!/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(val("email"))) errors.push("Email is not valid.");
        const age = Number(val("age"));
        if (!Number.isInteger(age) || age < 18 || age > 120) errors.push("Age must be a whole number from 18 to 120.");
        document.getElementById("errors").textContent = errors.join(" ");
        if (errors.length) return;
        const ok = Object.entries(T.data.want).every(([k, v]) => val(k).trim() === v);
        T.finish(ok ? 1 : 0);
      }}, "Register"));
      return `Register as ${T.data.want.fullname}, email ${T.data.want.email}, age ${T.data.want.age}. The form checks what you enter.`;
    },
    oracle: () => fillThen(Object.entries(T.data.want), "submit"),
  });

  T.define("copy-paste", {
    setup(rng, area) {
      T.data.text = rng.sample(T.WORDS, 3).join(" ");
      area.append(h("div", {class: "row"}, h("label", {for: "source"}, "Source"), h("textarea", {id: "source", readonly: true}, T.data.text)));
      area.append(field("answer", "Answer"), h("button", {id: "submit", onclick: () => T.finish(val("answer") === T.data.text ? 1 : 0)}, "Submit"));
      return "Copy the text from the Source box, paste it into the Answer field and press Submit.";
    },
    oracle: () => fillThen([["answer", T.data.text]], "submit"),
  });

  T.define("simple-arithmetic", {
    setup(rng, area) {
      const a = rng.int(2, 30), b = rng.int(2, 30), op = rng.pick(["+", "-", "×"]);
      T.data.answer = String(op === "+" ? a + b : op === "-" ? a - b : a * b);
      area.append(h("p", {style: "font-size:22px"}, `${a} ${op} ${b} =`), field("answer", "Answer"),
        h("button", {id: "submit", onclick: () => T.finish(val("answer").trim() === T.data.answer ? 1 : 0)}, "Submit"));
      return "Solve the arithmetic problem, enter the result and press Submit.";
    },
    oracle: () => fillThen([["answer", T.data.answer]], "submit"),
  });

  T.define("enter-date", {
    setup(rng, area) {
      const d = new Date(Date.UTC(rng.int(1990, 2030), rng.int(0, 11), rng.int(1, 28)));
      const pad = (n) => String(n).padStart(2, "0");
      T.data.text = `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()}`;
      const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
      area.append(field("date", "Date (MM/DD/YYYY)"), h("button", {id: "submit", onclick: () => T.finish(val("date").trim() === T.data.text ? 1 : 0)}, "Submit"));
      return `Enter the date ${months[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} as MM/DD/YYYY and press Submit.`;
    },
    oracle: () => fillThen([["date", T.data.text]], "submit"),
  });

  T.define("text-transform", {
    setup(rng, area) {
      const word = rng.pick(T.WORDS) + " " + rng.pick(T.WORDS);
      const mode = rng.pick(["uppercase", "reversed"]);
      T.data.answer = mode === "uppercase" ? word.toUpperCase() : word.split("").reverse().join("");
      area.append(field("answer", "Answer"), h("button", {id: "submit", onclick: () => T.finish(val("answer") === T.data.answer ? 1 : 0)}, "Submit"));
      return `Type "${word}" ${mode === "uppercase" ? "in uppercase" : "with its letters reversed"} and press Submit.`;
    },
    oracle: () => fillThen([["answer", T.data.answer]], "submit"),
  });

  T.define("fill-address", {
    setup(rng, area) {
      T.data.want = {street: rng.int(1, 999) + " " + rng.pick(T.WORDS) + " Street", city: rng.pick(["Lyon", "Osaka", "Tromsø", "Kraków", "São Paulo", "Zürich"]),
        zip: String(rng.int(10000, 99999))};
      area.append(field("street", "Street"), field("city", "City"), field("zip", "Postcode"),
        h("button", {id: "save", onclick: () => T.finish(Object.entries(T.data.want).every(([k, v]) => val(k).trim() === v) ? 1 : 0)}, "Save address"));
      return `Enter the address ${T.data.want.street}, ${T.data.want.zip} ${T.data.want.city} and save it.`;
    },
    oracle: () => fillThen(Object.entries(T.data.want), "save"),
  });

  T.define("choose-list", {
    setup(rng, area) {
      const words = rng.sample(T.WORDS, rng.int(5, 9));
      T.data.target = rng.pick(words);
      const select = h("select", {id: "choice", "aria-label": "Choice"}, h("option", {value: ""}, "(choose)"), words.map((w) => h("option", {value: w}, w)));
      area.append(h("div", {class: "row"}, select), h("button", {id: "submit", onclick: () => T.finish(select.value === T.data.target ? 1 : 0)}, "Submit"));
      return `Select ${T.data.target} from the list and click Submit.`;
    },
    oracle() {
      const select = document.getElementById("choice");
      return select.value === T.data.target ? ["click", document.getElementById("submit")] : ["select_option", select, T.data.target];
    },
  });

  T.define("select-even", {
    setup(rng, area) {
      const numbers = rng.sample([...Array(40).keys()].map((n) => n + 1), rng.int(5, 7));
      if (!numbers.some((n) => n % 2 === 0)) numbers[0] = 2 * rng.int(1, 20);
      T.data.want = numbers.filter((n) => n % 2 === 0).map(String).sort();
      for (const n of numbers) area.append(h("label", {}, h("input", {type: "checkbox", value: String(n)}), " " + n), " ");
      area.append(h("div", {}, h("button", {id: "submit", onclick: () => {
        const got = [...area.querySelectorAll("input:checked")].map((e) => e.value).sort();
        T.finish(JSON.stringify(got) === JSON.stringify(T.data.want) ? 1 : 0);
      }}, "Submit")));
      return "Check every even number, then click Submit.";
    },
    oracle() {
      for (const box of document.querySelectorAll("input[type=checkbox]")) if (box.checked !== T.data.want.includes(box.value)) return ["click", box];
      return ["click", document.getElementById("submit")];
    },
  });

  T.define("sign-up", {
    setup(rng, area) {
      T.data.pass = rng.pick(T.WORDS) + rng.int(1000, 9999) + "!";
      T.data.user = rng.pick(T.NAMES).toLowerCase();
      area.append(field("user", "Username"), field("pw1", "Password", "password"), field("pw2", "Repeat password", "password"),
        h("label", {}, h("input", {type: "checkbox", id: "terms"}), " I accept the terms"),
        h("div", {}, h("button", {id: "create", onclick: () => {
          T.finish(val("user") === T.data.user && val("pw1") === T.data.pass && val("pw2") === T.data.pass && document.getElementById("terms").checked ? 1 : 0);
        }}, "Create account")));
      return `Create an account "${T.data.user}" with password "${T.data.pass}" (entered twice), accept the terms and click Create account.`;
    },
    oracle() {
      for (const [id, want] of [["user", T.data.user], ["pw1", T.data.pass], ["pw2", T.data.pass]]) if (val(id) !== want) return ["fill", document.getElementById(id), want];
      const terms = document.getElementById("terms");
      return terms.checked ? ["click", document.getElementById("create")] : ["click", terms];
    },
  });

  T.define("press-key", {
    setup(rng) {
      const combos = [["Control", "s", "save"], ["Control", "z", "undo"], ["Alt", "n", "new note"], ["Shift", "Enter", "send"], ["Control", "Enter", "run"]];
      const [mod, key, what] = rng.pick(combos);
      T.data.combo = mod + "+" + key;
      document.addEventListener("keydown", (e) => {
        if (["Control", "Shift", "Alt", "Meta"].includes(e.key)) return;
        e.preventDefault();
        const ok = e.key.toLowerCase() === key.toLowerCase() && e.getModifierState(mod) && ["Control", "Shift", "Alt"].filter((m) => m !== mod).every((m) => !e.getModifierState(m));
        T.finish(ok ? 1 : 0, "pressed " + e.key);
      });
      return `Press ${mod}+${key} (the shortcut for "${what}").`;
    },
    oracle: () => ["keyboard_press", T.data.combo],
  });

  T.define("type-focused", {
    setup(rng, area) {
      T.data.text = rng.pick(T.WORDS) + " " + rng.pick(T.NAMES);
      const box = h("input", {type: "text", id: "note", "aria-label": "Note", autofocus: true});
      area.append(box, h("button", {id: "submit", onclick: () => T.finish(box.value === T.data.text ? 1 : 0)}, "Submit"));
      return `Type "${T.data.text}" into the note field and press Submit.`;
    },
    oracle() {
      const box = document.getElementById("note");
      if (box.value === T.data.text) return ["click", document.getElementById("submit")];
      if (box.value !== "") return ["clear", box];
      if (document.activeElement !== box) return ["click", box];
      return ["keyboard_type", T.data.text];
    },
  });
})(window.OmniTask);
