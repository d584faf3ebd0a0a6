// Filters the scenarios by status and opens every scenario; nothing here is needed to read the
// report. The last line marks the page as scripted without error (the browser check reads it).
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-filter]");
  function show(filter) {
    document.querySelectorAll("article.scenario").forEach(function (a) {
      a.hidden = filter !== "all" && a.getAttribute("data-status") !== filter;
    });
    document.querySelectorAll("section.feature").forEach(function (s) {
      s.hidden = s.querySelector("article.scenario:not([hidden])") === null;
      if (filter !== "all" && !s.hidden) { s.querySelector("details").open = true; }
    });
    buttons.forEach(function (b) { b.classList.toggle("on", b.getAttribute("data-filter") === filter); });
  }
  buttons.forEach(function (b) { b.addEventListener("click", function () { show(b.getAttribute("data-filter")); }); });
  var expand = document.getElementById("expand-all");
  if (expand) {
    expand.addEventListener("click", function () {
      document.querySelectorAll("#features details").forEach(function (d) { d.open = true; });
    });
  }
  show("all");
  document.documentElement.setAttribute("data-report-ready", "yes");
})();
