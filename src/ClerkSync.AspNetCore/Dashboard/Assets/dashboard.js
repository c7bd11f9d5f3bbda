// ClerkSync dashboard: live rows on the Deliveries page. The server renders every row; this only swaps the table
// body for a fresh server-rendered one every few seconds while the tab is visible (no inline script: CSP).
"use strict";
(function () {
  const body = document.getElementById("rows");
  if (!body || !body.dataset.live) {
    return;
  }
  const url = body.dataset.live;
  const interval = Number(body.dataset.interval) || 3000;
  let last = body.innerHTML;
  async function refresh() {
    if (document.visibilityState !== "visible") {
      return;
    }
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin", cache: "no-store" });
      if (!response.ok) {
        return;
      }
      const html = await response.text();
      if (html !== last) {
        body.innerHTML = html;
        last = html;
        body.dispatchEvent(new CustomEvent("clerksync:rows", { bubbles: true }));
      }
    } catch {
      // Offline for a moment: the next tick tries again.
    }
  }
  setInterval(refresh, interval);
})();
