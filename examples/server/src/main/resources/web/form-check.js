// The add-pool form before it is sent: every required field is marked with "*" in its label, and
// a submit with required fields left empty marks each of them and says which, without a request.
// (The server checks everything again; this only saves a round trip.) Placeholders are examples,
// written "e.g. …" and greyed, so they cannot be taken for values.
"use strict";

(function () {
  const form = document.getElementById("pool-form");
  if (!form) return;

  // the API key is left to the server, whose answer names it ("Braiins needs an API key")
  function requiredFields() {
    return [...form.querySelectorAll("[required]")];
  }

  function labelOf(field) {
    const label = field.closest("label");
    return label ? label.firstChild.textContent.trim() : field.name;
  }

  for (const field of form.querySelectorAll("[required]")) {
    const label = field.closest("label");
    if (label && !label.querySelector(".required-mark")) {
      const mark = document.createElement("span");
      mark.className = "required-mark";
      mark.title = "required";
      mark.textContent = " *";
      label.insertBefore(mark, label.firstChild.nextSibling);
    }
  }

  form.addEventListener(
    "submit",
    (event) => {
      const missing = requiredFields().filter((f) => f && f.value.trim() === "");
      form.querySelectorAll(".invalid").forEach((el) => el.classList.remove("invalid"));
      if (missing.length === 0) return; // app.js sends it
      event.preventDefault();
      event.stopImmediatePropagation();
      missing.forEach((f) => f.classList.add("invalid"));
      const m = document.getElementById("form-message");
      m.textContent = "Please fill in: " + missing.map(labelOf).join(", ") + ".";
      m.className = "error";
      missing[0].focus();
    },
    true
  );
})();
