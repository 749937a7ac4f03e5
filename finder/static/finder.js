/* Finder: the few things htmx does not do. Every page works without this file. */
(function () {
  "use strict";

  // After htmx swaps in a new page or step, move focus to its heading so screen readers announce it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "main") return;
    var heading = target.querySelector("h1") || target.querySelector("h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  });
})();
