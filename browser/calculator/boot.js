// Loaded on every page of the site (extra_javascript), and tiny: when the page holds the
// calculator (#calculateur), load the calculator's module and mount it. Pages without the
// calculator never load Pyodide. With Material's instant navigation the check runs on each
// new page through `document$`; the module (and its worker) is loaded once per visit.
(function () {
  "use strict";
  var script = document.currentScript;
  var ici = script ? script.src : document.baseURI;
  var module = new URL("calculator.js", ici).href;
  var moteur = new URL("engine-client.js", ici).href;
  var chargement = null;

  function verifier() {
    var racine = document.getElementById("calculateur");
    if (!racine || racine.hasAttribute("data-monte")) return;
    racine.setAttribute("data-monte", "");
    // The engine first (one small module): Pyodide starts loading while the form's code arrives.
    import(moteur).then(function (m) { m.moteur(m.configuration(racine)); }).catch(function () {});
    chargement = chargement || import(module);
    chargement.then(function (m) {
      m.monter(racine);
    }).catch(function (erreur) {
      racine.setAttribute("data-state", "error");
      var etat = racine.querySelector(".calculateur__etat");
      var echec = racine.querySelector(".calculateur__echec");
      if (etat && echec) {
        echec.hidden = false;
        etat.replaceChildren(echec);
      }
      chargement = null;
      console.error(erreur);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(verifier);
  }
  verifier();
})();
