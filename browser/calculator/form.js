// The form, generated from the engine's profile JSON Schema: one question per property, with its
// French title, help text, unit, bounds and choices (`x-libelles`). Every question is built once;
// showing or hiding one is a matter of the `hidden` attribute. Which ones show is decided by the
// page (answers given, `x-pour`, and the engine's ranked list of missing answers).

import { html, nombreFr } from "./format.js";

const VIDE = "";

function identifiant(nom) {
  return `calc-${nom}`;
}

function indication(p) {
  const unite = p["x-unite"] ? ` ${p["x-unite"]}` : "";
  if (p["x-type"] === "montant") return "Montant en euros.";
  if (p.maximum !== undefined) return `Entre ${nombreFr(p.minimum ?? 0)} et ${nombreFr(p.maximum)}${unite}.`;
  if (p.minimum !== undefined && p.minimum > 0) return `Au moins ${nombreFr(p.minimum)}${unite}.`;
  return unite ? `En ${p["x-unite"]}.` : "";
}

function options(libelles, valeurs, choisi) {
  return [`<option value="">— Choisir —</option>`]
    .concat(valeurs.map((v) => `<option value="${html(v)}"${String(v) === choisi ? " selected" : ""}>${html(libelles[v] ?? v)}</option>`))
    .join("");
}

export class Formulaire {
  /**
   * @param {HTMLFormElement} form the empty form of the page
   * @param {object} donnees the calculator's data (schema, territoires)
   * @param {(nom: string, fin: boolean) => void} surChangement called after each edit (fin: the edit is complete)
   */
  constructor(form, donnees, surChangement) {
    this.form = form;
    this.proprietes = donnees.schema.properties;
    this.territoires = donnees.territoires;
    this.regionDe = {};
    for (const [code, r] of Object.entries(this.territoires)) {
      for (const d of Object.keys(r.departements)) this.regionDe[d] = code;
    }
    this.surChangement = surChangement;
    this.reponses = {};
    this.date = VIDE;
    this.construire();
  }

  construire() {
    const morceaux = [];
    for (const [nom, p] of Object.entries(this.proprietes)) morceaux.push(this.gabarit(nom, p));
    morceaux.push(`<div class="champ champ--date" data-champ="date">
      <label for="calc-date">Date de la situation</label>
      <p class="champ__aide" id="calc-date-aide">Les dispositifs ouverts, fermés ou modifiés à cette date (aujourd'hui si vide).</p>
      <input type="date" id="calc-date" name="date" aria-describedby="calc-date-aide calc-date-erreur">
      <p class="champ__erreur" id="calc-date-erreur" hidden></p></div>`);
    this.form.innerHTML = morceaux.join("");
    this.conteneurs = {};
    for (const el of this.form.querySelectorAll("[data-champ]")) this.conteneurs[el.dataset.champ] = el;
    this.form.addEventListener("change", (e) => this.lire(e.target, true));
    this.form.addEventListener("input", (e) => {
      if (e.target.matches("input[type=text]")) this.lire(e.target, false);
    });
    this.form.addEventListener("submit", (e) => e.preventDefault());
  }

  gabarit(nom, p) {
    const id = identifiant(nom);
    const aide = p.description ? `<p class="champ__aide" id="${id}-aide">${html(p.description)}</p>` : "";
    const decrit = `aria-describedby="${p.description ? `${id}-aide ` : ""}${id}-indication ${id}-erreur"`;
    const erreur = `<p class="champ__erreur" id="${id}-erreur" hidden></p>`;
    const type = p["x-type"];
    let controle;
    if (type === "liste") {
      const cases = p.items.enum.map((v) => `<label class="champ__case"><input type="checkbox" name="${nom}" value="${html(v)}"> ${html(p["x-libelles"][v] ?? v)}</label>`);
      return `<fieldset class="champ champ--liste" data-champ="${nom}" hidden ${decrit}>
        <legend>${html(p.title)}</legend>${aide}<div class="champ__cases">${cases.join("")}</div>
        <p class="champ__indication" id="${id}-indication"></p>${erreur}</fieldset>`;
    }
    if (type === "booleen") {
      controle = `<select id="${id}" name="${nom}" ${decrit}>${options({ oui: "Oui", non: "Non" }, ["oui", "non"], VIDE)}</select>`;
    } else if (p.enum) {
      const libelles = p["x-libelles"] || {};
      // Départements by code, regions by name (JSON objects do not keep numeric-looking keys in order).
      const valeurs = type === "code_departement" ? Object.keys(libelles).sort()
        : type === "code_region" ? [...p.enum].sort((a, b) => libelles[a].localeCompare(libelles[b], "fr")) : p.enum;
      const etiquettes = type === "code_departement"
        ? Object.fromEntries(valeurs.map((d) => [d, `${libelles[d]} (${d})`])) : libelles;
      controle = `<select id="${id}" name="${nom}" ${decrit}>${options(etiquettes, valeurs, VIDE)}</select>`;
    } else if (type === "date") {
      controle = `<input type="date" id="${id}" name="${nom}" ${decrit}>`;
    } else {
      const unite = p["x-unite"] && p["x-unite"] !== "%" ? p["x-unite"] : (p["x-unite"] || (type === "montant" ? "€" : ""));
      controle = `<span class="champ__saisie"><input type="text" inputmode="decimal" autocomplete="off" id="${id}" name="${nom}" ${decrit}>${unite ? `<span class="champ__unite">${html(unite)}</span>` : ""}</span>`;
    }
    return `<div class="champ" data-champ="${nom}" hidden>
      <label for="${id}">${html(p.title)}</label>${aide}${controle}
      <p class="champ__indication" id="${id}-indication">${html(indication(p))}</p>${erreur}</div>`;
  }

  /** Read one control into the answers, then tell the page. */
  lire(cible, fin) {
    const nom = cible.name;
    if (!nom) return;
    if (nom === "date") {
      this.date = cible.value;
    } else if (cible.type === "checkbox") {
      const coches = [...this.form.querySelectorAll(`input[name="${nom}"]:checked`)].map((c) => c.value);
      if (coches.length) this.reponses[nom] = coches;
      else delete this.reponses[nom];
    } else {
      const valeur = cible.value.trim();
      if (valeur === VIDE) delete this.reponses[nom];
      else this.reponses[nom] = valeur;
      if (nom === "departement" && valeur) this.accorderRegion(valeur);
      if (nom === "region") this.filtrerDepartements();
    }
    this.surChangement(nom, fin);
  }

  accorderRegion(departement) {
    const region = this.regionDe[departement];
    if (region && this.reponses.region !== region) {
      this.reponses.region = region;
      this.form.elements.region.value = region;
      this.filtrerDepartements();
    }
  }

  /** The département list shows the chosen region's départements only. */
  filtrerDepartements() {
    const region = this.reponses.region;
    const choix = this.form.elements.departement;
    if (!choix) return;
    if (this.reponses.departement && region && this.regionDe[this.reponses.departement] !== region) {
      delete this.reponses.departement;
      choix.value = VIDE;
    }
    for (const option of choix.options) {
      option.hidden = Boolean(region && option.value && this.regionDe[option.value] !== region);
    }
  }

  /** Put answers (from the address) into the controls. */
  remplir(reponses, date) {
    this.reponses = { ...reponses };
    this.date = date || VIDE;
    for (const [nom, conteneur] of Object.entries(this.conteneurs)) {
      const valeur = nom === "date" ? this.date : this.reponses[nom];
      for (const el of conteneur.querySelectorAll("input, select")) {
        if (el.type === "checkbox") el.checked = Array.isArray(valeur) && valeur.includes(el.value);
        else el.value = valeur === undefined ? VIDE : String(valeur);
      }
    }
    this.filtrerDepartements();
  }

  /** Show exactly the questions of `noms`; mark the next useful one. */
  montrer(noms, suivante) {
    for (const [nom, conteneur] of Object.entries(this.conteneurs)) {
      if (nom === "date") continue;
      const visible = noms.has(nom);
      if (conteneur.hidden === visible) conteneur.hidden = !visible;
      conteneur.toggleAttribute("data-suivante", nom === suivante);
    }
  }

  /** The engine's message on the field it names (false when that field is not in the form). */
  erreur(champ, message) {
    this.effacerErreurs();
    const conteneur = this.conteneurs[champ];
    if (!conteneur || conteneur.hidden) return false;
    const p = conteneur.querySelector(".champ__erreur");
    p.textContent = message;
    p.hidden = false;
    conteneur.classList.add("champ--invalide");
    for (const el of conteneur.querySelectorAll("input, select")) el.setAttribute("aria-invalid", "true");
    return true;
  }

  effacerErreurs() {
    for (const conteneur of this.form.querySelectorAll(".champ--invalide")) {
      conteneur.classList.remove("champ--invalide");
      conteneur.querySelector(".champ__erreur").hidden = true;
      for (const el of conteneur.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    }
  }
}
