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

  // Chat: after each turn, empty the box and bring the start of the new answer into view, focused so
  // that screen readers read it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    form = form && form.closest ? form.closest("#chat-form") : null;
    if (!form) return;
    var box = form.querySelector("textarea");
    if (box) box.value = "";
    var answers = document.querySelectorAll("#chat-log .bubble-assistant");
    var answer = answers[answers.length - 1];
    if (!answer) return;
    answer.focus({ preventScroll: true });
    answer.scrollIntoView({ block: "start" });
  });

  // A refusal (a rate limit, an expired form) is a whole page: make the plain request instead, so the
  // person reads it in their language as they would without JavaScript.
  document.addEventListener("htmx:responseError", function (event) {
    var element = event.detail.elt;
    var form = element && element.closest ? element.closest("form") : null;
    if (event.detail.requestConfig.verb === "post" && form) {
      form.submit();
    } else {
      window.location.assign(event.detail.pathInfo.finalRequestPath);
    }
  });

  // Quick exit: leave for a neutral page, replacing this one so Back does not bring the chat back.
  function quickExit() {
    var link = document.querySelector("[data-quick-exit]");
    if (!link) return;
    var log = document.getElementById("chat-log");
    if (log) log.textContent = "";
    window.location.replace(link.href);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (!link) return;
    event.preventDefault();
    quickExit();
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 800) quickExit();
    lastEscape = now;
  });
})();

/* Print buttons ([data-print], hidden in the HTML): they only make sense with JavaScript on. */
(function () {
  "use strict";
  function reveal() {
    document.querySelectorAll("[data-print][hidden]").forEach(function (button) { button.hidden = false; });
  }
  reveal();
  document.addEventListener("htmx:afterSettle", reveal);
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });
})();

/* My list: with JavaScript it is also kept in this browser's own storage (never on the server), so it is
   there after the browser is closed; without, the list lives in the page's address (`/lista?servizi=…`). */
(function () {
  "use strict";
  var KEY = "finder-my-list";
  function stored() {
    try { return (window.localStorage.getItem(KEY) || "").split(",").filter(Boolean); } catch (error) { return []; }
  }
  function store(ids) {
    try { window.localStorage.setItem(KEY, ids.join(",")); } catch (error) { /* storage off: the address keeps it */ }
  }
  var list = document.querySelector("[data-my-list]");
  if (list) {
    var restore = list.getAttribute("data-restore");
    var kept = stored();
    if (restore && kept.length) {
      window.location.replace(restore + "?servizi=" + encodeURIComponent(kept.join(",")));
      return;
    }
    store(list.getAttribute("data-my-list").split(",").filter(Boolean));
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-list-add]");
    if (!link) return;
    var ids = stored();
    link.getAttribute("data-list-add").split(",").forEach(function (id) {
      if (id && ids.indexOf(id) < 0) ids.push(id);
    });
    store(ids);
    var target = new URL(link.href, window.location.href);
    target.searchParams.set("servizi", ids.join(","));
    event.preventDefault();
    window.location.assign(target.toString());
  });
})();
