// The article form renews its member's presence and shows who else has the article open
// (articles.presence): a plain request every few seconds, no server push.
(function () {
  "use strict";
  const box = document.getElementById("presence");
  if (!box) {
    return;
  }
  const names = box.querySelector(".presence__names");
  async function renew() {
    try {
      const response = await fetch(box.dataset.url, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) {
        return;
      }
      const { others } = await response.json();
      names.textContent = others.join("、");
      box.hidden = others.length === 0;
    } catch (error) {
      // Offline for a moment: the next turn tries again.
    }
  }
  setInterval(renew, Number(box.dataset.every) * 1000);
})();
