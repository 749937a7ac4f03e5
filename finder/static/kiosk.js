/* Finder kiosk: a shared screen forgets the last person.
   After data-kiosk-idle seconds without a touch or a key, "Sei ancora qui?" counts down from
   data-kiosk-countdown; then the session ends: the history of this tab is cut back to the kiosk's first
   attract screen and /chiosco/fine (Clear-Site-Data) brings the attract screen back. Settings come from
   data- attributes on <body>; without JavaScript the "Ho finito" link does the same, minus the history. */
(function () {
  "use strict";
  var body = document.body;
  var settings = body.dataset;
  var idleSeconds = Number(settings.kioskIdle) || 90;
  var countdownSeconds = Number(settings.kioskCountdown) || 20;
  var resetUrl = settings.kioskReset;
  var homePath = settings.kioskHome || "/chiosco/";
  var dialog = document.getElementById("kiosk-idle");
  var RESETTING = "finder-kiosk-resetting";
  var onAttract = body.classList.contains("kiosk-attract");
  var idleTimer = null;
  var countdownTimer = null;

  function isAttract(url) {  // /chiosco/ and /en/chiosco/: the attract screen in any language
    var path = new URL(url, location.href).pathname;
    return path === homePath || new RegExp("^/[a-z]{2}" + homePath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "$").test(path);
  }

  // Second half of a reset: back on the first attract screen, a new navigation drops every entry after it.
  function continueReset() {
    var started = Number(sessionStorage.getItem(RESETTING));
    if (!started) return false;
    sessionStorage.removeItem(RESETTING);
    if (!onAttract || Date.now() - started > 15000) return false;
    whenLoaded(pushReset);
    return true;
  }

  // A new history entry drops every entry after this one. Browsers turn a navigation that starts before
  // the page has loaded into a replacement, which would keep them: wait for "load".
  function pushReset() {
    if (window.navigation && navigation.navigate) navigation.navigate(resetUrl, { history: "push" });
    else location.assign(resetUrl);
  }

  function whenLoaded(action) {
    if (document.readyState === "complete") setTimeout(action, 0);
    else window.addEventListener("load", function () { setTimeout(action, 0); }, { once: true });
  }

  function endSession() {
    stopTimers();
    if (dialog && dialog.open) dialog.close();
    var nav = window.navigation;
    if (nav && nav.entries && nav.currentEntry) {
      var first = nav.entries().filter(function (entry) { return entry.url && isAttract(entry.url); })[0];
      if (first && first.index < nav.currentEntry.index) {
        sessionStorage.setItem(RESETTING, String(Date.now()));
        nav.traverseTo(first.key).finished.catch(function () {
          sessionStorage.removeItem(RESETTING);
          location.replace(resetUrl);
        });
        return;
      }
      if (first && first.index === nav.currentEntry.index) {
        whenLoaded(pushReset);
        return;
      }
    }
    location.replace(resetUrl);
  }

  function stopTimers() {
    clearTimeout(idleTimer);
    clearInterval(countdownTimer);
  }

  function startIdleTimer() {
    stopTimers();
    idleTimer = setTimeout(askIfStillHere, idleSeconds * 1000);
  }

  function askIfStillHere() {
    if (!dialog || typeof dialog.showModal !== "function") { endSession(); return; }
    var left = countdownSeconds;
    var shown = dialog.querySelector("[data-kiosk-countdown-value]");
    shown.textContent = String(left);
    dialog.showModal();
    dialog.querySelector("[data-kiosk-continue]").focus();
    countdownTimer = setInterval(function () {
      left -= 1;
      shown.textContent = String(Math.max(left, 0));
      if (left <= 0) endSession();
    }, 1000);
  }

  function stillHere() {
    if (dialog && dialog.open) dialog.close();
    startIdleTimer();
  }

  function activity() {
    if (dialog && dialog.open) return;  // only "Sì, continuo" answers the question
    startIdleTimer();
  }

  if (continueReset()) return;
  window.addEventListener("pageshow", function (event) { if (event.persisted) continueReset(); });

  ["pointerdown", "keydown", "wheel", "touchstart", "input"].forEach(function (name) {
    document.addEventListener(name, activity, { passive: true, capture: true });
  });
  if (dialog) {
    dialog.querySelector("[data-kiosk-continue]").addEventListener("click", stillHere);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stillHere(); });  // Esc
  }
  // "Ho finito" and the chat's quick exit (any link to the reset URL): the same end of session, with the
  // history cut too. Captured first, so no other handler sends the tab there half-way.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (link && new URL(link.href).pathname === new URL(resetUrl, location.href).pathname) {
      event.preventDefault();
      event.stopPropagation();
      endSession();
    }
  }, true);
  // The Italian attract screen waits for a person; everywhere else the clock starts at once.
  if (!onAttract || location.pathname !== homePath) startIdleTimer();
})();
