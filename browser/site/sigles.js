// The glossary's abbreviations on every page (the abbr extension gives each a title) for touch
// and keyboard, not only for hover: touching, clicking or pressing Enter on an abbreviation shows
// its expansion beside it (and hides it again). The first one of each on a page is reachable
// with Tab; the title is kept in data-developpe (Material's tooltips move it while they show).
(function () {
  "use strict";

  function basculer(abbr) {
    var suivant = abbr.nextElementSibling;
    if (suivant && suivant.classList.contains("sigle-developpe")) {
      suivant.remove();
      abbr.setAttribute("aria-expanded", "false");
      return;
    }
    var developpe = document.createElement("span");
    developpe.className = "sigle-developpe";
    developpe.textContent = " (" + abbr.getAttribute("data-developpe") + ")";
    abbr.after(developpe);
    abbr.setAttribute("aria-expanded", "true");
  }

  function initialiser() {
    var vus = {};
    document.querySelectorAll(".md-typeset abbr[title]:not([data-developpe])").forEach(function (abbr) {
      abbr.setAttribute("data-developpe", abbr.getAttribute("title"));
      if (abbr.closest("a, button, summary")) return;
      abbr.setAttribute("role", "button");
      abbr.setAttribute("aria-expanded", "false");
      if (!vus[abbr.textContent]) {
        vus[abbr.textContent] = true;
        abbr.tabIndex = 0;
      }
    });
  }

  document.addEventListener("click", function (e) {
    var abbr = e.target.closest && e.target.closest("abbr[data-developpe][role=button]");
    if (abbr) basculer(abbr);
  });
  document.addEventListener("keydown", function (e) {
    var abbr = e.target.closest && e.target.closest("abbr[data-developpe][role=button]");
    if (abbr && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      basculer(abbr);
    }
  });

  if (typeof document$ !== "undefined") {
    document$.subscribe(initialiser);
  } else {
    document.addEventListener("DOMContentLoaded", initialiser);
  }
})();
