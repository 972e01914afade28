// Sortable and filterable tables of the guide, and the cumul matrix (plain DOM, run on each page
// via Material's `document$` observable).
// Sorting: <table data-triable> with <th data-tri="texte|nombre">; cells may carry data-valeur
// (the value to sort by; rows without a figure always last).
// Filtering: <form class="filtres-aides" data-table="ID [ID…]"> whose fields carry data-filtre;
// each ID is a table (its body rows are filtered) or a block (its [data-id] children are); rows
// carry the matching data- attributes. The filters are read from the page address on arrival
// (?beneficiaires=medecin&zones=zip) and written back to it as they change (history.replaceState),
// so that the address can be shared. Closed and expired schemes are hidden unless the situation
// filter asks for them (`etat=tous`, or one state); a button shows them. A minimum amount keeps
// the schemes whose amount the sources do not give.
// Tables marked data-cartes read as cards on a narrow screen (site.css): their roles are set
// explicitly, since CSS display changes drop a table's semantics in some browsers.
// Cumul matrix: <table data-matrice> whose cells link to their rule carry data-regle; touching,
// clicking or focusing a cell shows its rule in [data-regle-affichee], without hover.
(function () {
  "use strict";

  var FERMES = ["ferme_nouvelles_demandes", "expire"];

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

  // A table shown as cards keeps its meaning for screen readers.
  function donnerLesRoles(table) {
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (g) { g.setAttribute("role", "rowgroup"); });
    Array.prototype.forEach.call(table.rows, function (ligne) {
      ligne.setAttribute("role", "row");
      Array.prototype.forEach.call(ligne.cells, function (c) {
        var role = c.tagName === "TD" ? "cell" : (c.closest("thead") ? "columnheader" : "rowheader");
        c.setAttribute("role", role);
      });
    });
  }

  function contient(liste, valeur) {
    return (liste || "").split(" ").indexOf(valeur) !== -1;
  }

  function garde(d, filtres, texte) {
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
    if (filtres.fraicheur && d.fraicheur !== filtres.fraicheur) return false;
    if (filtres["montant-min"]) {
      // A scheme whose amount the sources do not give is kept (the form says so).
      var min = parseFloat(filtres["montant-min"].replace(",", "."));
      if (!isNaN(min) && d.montant !== "" && parseFloat(d.montant) < min) return false;
    }
    if (filtres.texte && sansAccents(texte).indexOf(sansAccents(filtres.texte)) === -1) return false;
    return true;
  }

  function etatGarde(d, etat) {
    if (etat === "tous") return true;
    if (etat) return d.etat === etat;
    return FERMES.indexOf(d.etat) === -1;
  }

  function elements(cible) {
    if (cible.tagName === "TABLE") return Array.prototype.slice.call(cible.tBodies[0].rows);
    return Array.prototype.slice.call(cible.querySelectorAll("[data-id]"));
  }

  function brancherFiltres(formulaire) {
    var cibles = (formulaire.getAttribute("data-table") || "").split(" ").map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    if (!cibles.length) return;
    var cle = formulaire.id.replace(/^filtres-/, "");
    var champs = formulaire.querySelectorAll("[data-filtre]");
    var etat = formulaire.querySelector('[data-filtre="etat"]');
    var compteur = document.querySelector('[data-compteur="' + cle + '"]');
    var boutonFermes = document.querySelector('[data-fermes="' + cle + '"]');
    var vide = document.querySelector('[data-vide="' + cle + '"]');
    // Filtering happens as one types: pressing Enter must not submit (and reload) the page.
    formulaire.addEventListener("submit", function (e) { e.preventDefault(); });

    function ecrireAdresse(filtres) {
      var adresse = new URL(window.location.href);
      Object.keys(filtres).forEach(function (nom) {
        if (filtres[nom]) adresse.searchParams.set(nom, filtres[nom]);
        else adresse.searchParams.delete(nom);
      });
      if (adresse.href !== window.location.href) window.history.replaceState(window.history.state, "", adresse.href);
    }

    function appliquer(ecrire) {
      var filtres = {};
      Array.prototype.forEach.call(champs, function (c) { filtres[c.getAttribute("data-filtre")] = c.value.trim(); });
      var affiches = 0, masques = 0;
      cibles.forEach(function (cible) {
        var visibles = 0;
        elements(cible).forEach(function (el) {
          var visible = garde(el.dataset, filtres, el.textContent);
          if (visible && !etatGarde(el.dataset, filtres.etat || "")) {
            visible = false;
            if (!filtres.etat) masques += 1;
          }
          el.hidden = !visible;
          if (visible) visibles += 1;
        });
        affiches += visibles;
        // On a page of several tables, one left empty by the filters disappears with its wrapper.
        var enveloppe = cible.closest(".table-aides") || cible;
        if (cible.tagName === "TABLE" && cibles.length > 1) enveloppe.hidden = visibles === 0;
      });
      if (compteur) {
        var texte = affiches + " " + compteur.getAttribute(affiches > 1 ? "data-pluriel" : "data-singulier");
        if (masques) texte += " ; " + masques + " " + compteur.getAttribute(masques > 1 ? "data-masques" : "data-masque");
        compteur.textContent = texte + ".";
      }
      if (boutonFermes) boutonFermes.hidden = masques === 0;
      if (vide) vide.hidden = affiches !== 0;
      if (ecrire) ecrireAdresse(filtres);
    }

    var adresse = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(champs, function (c) {
      var initiale = adresse.get(c.getAttribute("data-filtre"));
      if (initiale !== null) c.value = initiale;
      c.addEventListener("input", function () { appliquer(true); });
      c.addEventListener("change", function () { appliquer(true); });
    });
    if (boutonFermes && etat) {
      boutonFermes.querySelector("button").addEventListener("click", function () {
        etat.value = "tous";
        appliquer(true);
        etat.focus();
      });
    }
    appliquer(false);
  }

  // The cumul matrix: a cell's rule, shown under the table when the cell is touched, clicked or
  // reached with the keyboard; its link still leads to the rule's full text.
  function brancherMatrice(table) {
    var zone = document.querySelector("[data-regle-affichee]");
    if (!zone) return;
    function montrer(lien) {
      zone.textContent = lien.getAttribute("data-regle") + " ";
      var suite = document.createElement("a");
      suite.href = lien.getAttribute("href");
      suite.textContent = "Lire la règle et sa source";
      zone.appendChild(suite);
      Array.prototype.forEach.call(table.querySelectorAll("[aria-current]"), function (a) { a.removeAttribute("aria-current"); });
      lien.setAttribute("aria-current", "true");
    }
    table.addEventListener("click", function (e) {
      var lien = e.target.closest("a[data-regle]");
      if (!lien) return;
      e.preventDefault();
      montrer(lien);
    });
    table.addEventListener("focusin", function (e) {
      var lien = e.target.closest("a[data-regle]");
      if (lien) montrer(lien);
    });
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
    document.querySelectorAll(".md-typeset__scrollwrap, .historique, .bareme").forEach(rendreDefilableAuClavier);
    document.querySelectorAll("table[data-triable]:not([data-pret])").forEach(function (table) {
      table.setAttribute("data-pret", "");
      rendreTriable(table);
      if (table.hasAttribute("data-cartes")) donnerLesRoles(table);
    });
    document.querySelectorAll("form.filtres-aides:not([data-pret])").forEach(function (formulaire) {
      formulaire.setAttribute("data-pret", "");
      brancherFiltres(formulaire);
    });
    document.querySelectorAll("table[data-matrice]:not([data-pret])").forEach(function (table) {
      table.setAttribute("data-pret", "");
      brancherMatrice(table);
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(initialiser);
  } else {
    document.addEventListener("DOMContentLoaded", initialiser);
  }
})();
