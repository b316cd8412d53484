/*
 * The article form never loses what an editor typed:
 * - leaving the page with unsaved changes asks first (beforeunload);
 * - each change is copied to this browser's localStorage, and the copy is offered back
 *   (#autosave-restore in the change form) when the page is opened again after a crash or
 *   a closed tab. Saving the form drops the copy. CKEditor's text is included.
 * A file of its own, with no inline script, so a strict Content-Security-Policy allows it.
 */
(function () {
  "use strict";

  const SKIPPED = new Set(["csrfmiddlewaretoken", "seen_version", "_submission_token"]);

  function start() {
    const form = document.getElementById("article_form");
    if (!form) return;
    const key = "newsroom:unsaved-article:" + window.location.pathname;
    let dirty = false;
    let submitting = false;

    function editors() {
      return window.CKEDITOR ? Object.values(window.CKEDITOR.instances) : [];
    }

    function fields() {
      return Array.from(form.elements).filter(
        (field) =>
          field.name &&
          !SKIPPED.has(field.name) &&
          !["file", "submit", "button"].includes(field.type),
      );
    }

    function snapshot() {
      editors().forEach((editor) => editor.updateElement());
      const values = {};
      fields().forEach((field) => {
        values[field.name] = ["checkbox", "radio"].includes(field.type)
          ? field.checked
          : field.value;
      });
      return values;
    }

    function restore(values) {
      fields().forEach((field) => {
        if (!(field.name in values)) return;
        if (["checkbox", "radio"].includes(field.type)) field.checked = values[field.name];
        else field.value = values[field.name];
      });
      editors().forEach((editor) => {
        const name = editor.element.getAttribute("name");
        if (name in values) editor.setData(values[name]);
      });
    }

    function remember() {
      dirty = true;
      try {
        window.localStorage.setItem(key, JSON.stringify(snapshot()));
      } catch (error) {
        // Private mode or a full storage: the warning before leaving still works.
      }
    }

    function forget() {
      window.localStorage.removeItem(key);
    }

    form.addEventListener("input", remember);
    form.addEventListener("change", remember);
    form.addEventListener("submit", () => {
      submitting = true;
      forget();
    });
    if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", (event) => event.editor.on("change", remember));
    }
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = "";
      }
    });

    const offer = document.getElementById("autosave-restore");
    const kept = window.localStorage.getItem(key);
    if (!offer || !kept) return;
    offer.hidden = false;
    offer.addEventListener("click", (event) => {
      const choice = event.target.dataset.autosave;
      if (choice === "restore") {
        restore(JSON.parse(kept));
        dirty = true;
      } else if (choice === "discard") {
        forget();
      } else {
        return;
      }
      offer.hidden = true;
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
