/*
 * Drawing the stories' regions on a page image (admin/articles/issue/regions.html).
 * Each story's rectangles live in its text field, as JSON fractions of the page; the
 * overlay draws them all, the chosen story's in red. Dragging over the page draws the chosen
 * story's region (Shift adds a rectangle to it). A file of its own, with no inline script,
 * so a strict Content-Security-Policy allows it.
 */
(function () {
  "use strict";

  const SVG = "http://www.w3.org/2000/svg";
  const MIN_SIZE = 0.005;

  function start() {
    const form = document.getElementById("regions-form");
    const overlay = document.getElementById("regions-overlay");
    if (!form || !overlay) return;
    const fields = Array.from(form.querySelectorAll(".regions__field"));

    function chosen() {
      const radio = form.querySelector('input[name="drawing"]:checked');
      return radio ? form.querySelector("#region-" + radio.value) : null;
    }

    function read(field) {
      try {
        const value = JSON.parse(field.value || "[]");
        return Array.isArray(value) ? value.filter((r) => Array.isArray(r) && r.length === 4) : [];
      } catch (error) {
        return [];
      }
    }

    function draw() {
      overlay.replaceChildren();
      const current = chosen();
      for (const field of fields) {
        for (const [left, top, width, height] of read(field)) {
          const rect = document.createElementNS(SVG, "rect");
          rect.setAttribute("x", left);
          rect.setAttribute("y", top);
          rect.setAttribute("width", width);
          rect.setAttribute("height", height);
          if (field === current) rect.classList.add("is-chosen");
          overlay.appendChild(rect);
        }
      }
    }

    function point(event) {
      const box = overlay.getBoundingClientRect();
      const clamp = (n) => Math.min(1, Math.max(0, n));
      return [clamp((event.clientX - box.left) / box.width), clamp((event.clientY - box.top) / box.height)];
    }

    let start = null;
    let adding = false;
    overlay.addEventListener("pointerdown", (event) => {
      if (!chosen()) return;
      start = point(event);
      adding = event.shiftKey;
      overlay.setPointerCapture(event.pointerId);
    });
    overlay.addEventListener("pointerup", (event) => {
      const field = chosen();
      if (!start || !field) return;
      const end = point(event);
      const rect = [
        Math.min(start[0], end[0]),
        Math.min(start[1], end[1]),
        Math.abs(end[0] - start[0]),
        Math.abs(end[1] - start[1]),
      ].map((n) => Math.round(n * 10000) / 10000);
      start = null;
      if (rect[2] < MIN_SIZE || rect[3] < MIN_SIZE) return;
      const rectangles = adding ? read(field).concat([rect]) : [rect];
      field.value = JSON.stringify(rectangles);
      draw();
    });

    form.addEventListener("change", draw);
    form.addEventListener("input", draw);
    form.addEventListener("click", (event) => {
      const target = event.target.closest("[data-clears]");
      if (!target) return;
      document.getElementById(target.dataset.clears).value = "";
      draw();
    });
    draw();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
