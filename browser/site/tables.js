// Sortable and filterable tables of the guide (plain DOM, run on each page via Material's
// `document$` observable). Tables: <table data-triable> with <th data-tri="texte|nombre">;
// cells may carry data-valeur (the value to sort by). Filters: <form class="filtres-aides"
// data-table="ID"> whose fields carry data-filtre; rows carry the matching data- attributes.
// Initial filter values can come from the page address (?beneficiaires=medecin&zones=zip).
(function () {
  "use strict";

  function sansAccents(texte) {
    return texte.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function valeurCellule(ligne, index) {
    var cellule = ligne.cells[index];
    if (!cellule) return "";
    return cellule.hasAttribute("data-valeur") ? cellule.getAttribute("data-valeur") : cellule.textContent.trim();
  }

  function trier(table, index, nombre, croissant) {
    var corps = table.tBodies[0];
    var lignes = Array.prototype.slice.call(corps.rows);
    lignes.sort(function (a, b) {
      var va = valeurCellule(a, index), vb = valeurCellule(b, index);
      if (nombre) {
        var na = va === "" ? null : parseFloat(va), nb = vb === "" ? null : parseFloat(vb);
        if (na === null && nb === null) return 0;
        if (na === null) return 1;   // rows without a figure always last
        if (nb === null) return -1;
        return croissant ? na - nb : nb - na;
      }
      var c = va.localeCompare(vb, "fr", { sensitivity: "base", numeric: true });
      return croissant ? c : -c;
    });
    lignes.forEach(function (l) { corps.appendChild(l); });
  }

  function rendreTriable(table) {
    var entetes = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(entetes, function (th, index) {
      if (!th.hasAttribute("data-tri")) return;
      var bouton = th.querySelector("button") || th;
      bouton.addEventListener("click", function () {
        var croissant = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(entetes, function (autre) {
          if (autre.hasAttribute("data-tri")) autre.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", croissant ? "ascending" : "descending");
        trier(table, index, th.getAttribute("data-tri") === "nombre", croissant);
      });
    });
  }

  function contient(liste, valeur) {
    return (liste || "").split(" ").indexOf(valeur) !== -1;
  }

  function garde(ligne, filtres) {
    var d = ligne.dataset;
    if (filtres.beneficiaires && !contient(d.beneficiaires, filtres.beneficiaires)) return false;
    // A scheme with no zone condition is open in every zone.
    if (filtres.zones && d.zones && !contient(d.zones, filtres.zones)) return false;
    if (filtres.regions) {
      if (filtres.regions === "national") {
        if (d.regions !== "national") return false;
      } else if (d.regions !== "national" && !contient(d.regions, filtres.regions)) {
        return false;
      }
    }
    if (filtres.financeur && d.financeur !== filtres.financeur) return false;
    if (filtres.etat && d.etat !== filtres.etat) return false;
    if (filtres["montant-min"]) {
      var min = parseFloat(filtres["montant-min"].replace(",", "."));
      if (!isNaN(min) && (d.montant === "" || parseFloat(d.montant) < min)) return false;
    }
    if (filtres.texte && sansAccents(ligne.textContent).indexOf(sansAccents(filtres.texte)) === -1) return false;
    return true;
  }

  function brancherFiltres(formulaire) {
    var table = document.getElementById(formulaire.getAttribute("data-table"));
    if (!table) return;
    var champs = formulaire.querySelectorAll("[data-filtre]");
    var compteur = document.querySelector('[data-compteur="' + table.id + '"]');
    var adresse = new URLSearchParams(window.location.search);
    // Filtering happens as one types: pressing Enter must not submit (and reload) the page.
    formulaire.addEventListener("submit", function (e) { e.preventDefault(); });

    function appliquer() {
      var filtres = {};
      Array.prototype.forEach.call(champs, function (c) { filtres[c.getAttribute("data-filtre")] = c.value.trim(); });
      var n = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (ligne) {
        var visible = garde(ligne, filtres);
        ligne.hidden = !visible;
        if (visible) n += 1;
      });
      if (compteur) {
        compteur.textContent = n + " " + compteur.getAttribute(n > 1 ? "data-pluriel" : "data-singulier");
      }
    }

    Array.prototype.forEach.call(champs, function (c) {
      var initiale = adresse.get(c.getAttribute("data-filtre"));
      if (initiale !== null) c.value = initiale;
      c.addEventListener("input", appliquer);
      c.addEventListener("change", appliquer);
    });
    appliquer();
  }

  // A table wider than the page scrolls inside Material's wrapper: keyboard users must be able to
  // reach it (focus, then arrow keys), and screen readers hear what it holds.
  function rendreDefilableAuClavier(enveloppe) {
    if (enveloppe.hasAttribute("tabindex") || enveloppe.scrollWidth <= enveloppe.clientWidth) return;
    var legende = enveloppe.querySelector("caption");
    enveloppe.setAttribute("tabindex", "0");
    enveloppe.setAttribute("role", "region");
    enveloppe.setAttribute("aria-label", legende ? legende.textContent.trim() : "Tableau défilant");
  }

  function initialiser() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(rendreDefilableAuClavier);
    document.querySelectorAll("table[data-triable]:not([data-pret])").forEach(function (table) {
      table.setAttribute("data-pret", "");
      rendreTriable(table);
    });
    document.querySelectorAll("form.filtres-aides:not([data-pret])").forEach(function (formulaire) {
      formulaire.setAttribute("data-pret", "");
      brancherFiltres(formulaire);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(initialiser);
  } else {
    document.addEventListener("DOMContentLoaded", initialiser);
  }
})();
