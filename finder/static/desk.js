/* Finder front desk: the keyboard path. "/" goes to the search, arrows move between the rows of the
   table (same column), Enter on a row's box opens the service, Esc empties the search. The page works
   without this file: a GET form, checkboxes and links. */
(function () {
  "use strict";
  var search = document.getElementById("desk-q");
  var results = document.getElementById("desk-results");
  if (!search || !results) return;

  function rows() {
    return Array.prototype.slice.call(results.querySelectorAll("tbody tr"))
      .filter(function (row) { return row.querySelector(".desk-pick"); });
  }

  function focusables(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input, a[href]"));
  }

  function clearSearch() {
    search.value = "";
    search.dispatchEvent(new Event("input", { bubbles: true }));
    search.focus();
  }

  function moveInTable(target, key) {
    var row = target.closest("tr");
    var all = rows();
    var index = all.indexOf(row);
    var column = focusables(row).indexOf(target);
    var next = key === "ArrowDown" ? all[index + 1] : all[index - 1];
    if (next) {
      var cells = focusables(next);
      (cells[column] || cells[0]).focus();
    } else if (key === "ArrowUp") {
      search.focus();
    }
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var typing = target.matches("input:not([type=checkbox]):not([type=radio]), textarea, select, [contenteditable]");
    if (event.key === "/" && !typing) {
      event.preventDefault();
      search.focus();
      search.select();
    } else if (event.key === "Escape" && (target === search || results.contains(target))) {
      event.preventDefault();
      clearSearch();
    } else if (target === search && event.key === "ArrowDown") {
      var first = rows()[0];
      if (first) {
        event.preventDefault();
        first.querySelector(".desk-pick").focus();
      }
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && target.closest && target.closest("#desk-results tbody tr")) {
      event.preventDefault();
      moveInTable(target, event.key);
    } else if (event.key === "Enter" && target.classList.contains("desk-pick") && target.dataset.href) {
      event.preventDefault();
      location.assign(target.dataset.href);
    }
  });

  // Results arrive while the operator may already be in the table: keep the focus where it was.
  var focusedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    focusedId = event.detail.target === results && active && results.contains(active) ? active.id : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== results || !focusedId) return;
    var again = document.getElementById(focusedId);
    if (again) again.focus();
    else search.focus();
  });
})();
