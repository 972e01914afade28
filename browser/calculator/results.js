// The result, as HTML, from the engine's JSON: a summary (best compatible combination, pairs that
// do not combine), then one card per scheme with its status, amounts, formula, conditions
// (tick, cross or question mark) and sources — rendered when the card's box is opened — and a
// link to the scheme's page.
// Test hooks: each card has data-aide, data-statut, data-montant-total and data-montant-annuel
// (numbers; empty when unknown).

import { formatDate as dateFr, formatEuros as euros, escapeHtml as html } from "./format.js";

const STATUTS = { eligible: "Éligible", a_completer: "À compléter", non_eligible: "Non éligible" };
const MARQUES = {
  true: ["vrai", "✓", "condition remplie"],
  false: ["faux", "✗", "condition non remplie"],
  null: ["inconnu", "?", "réponse manquante"],
};

function nomCourt(aide, infos) {
  const i = infos[aide.id] || aide;
  return i.sigle || i.nom || aide.id;
}

function lien(aide, infos, racine) {
  const page = infos[aide.id] && infos[aide.id].page;
  const titre = html(aide.sigle ? `${aide.sigle} — ${aide.nom}` : aide.nom);
  return page ? `<a href="${html(racine + page)}">${titre}</a>` : titre;
}

function montants(aide) {
  const parties = [];
  if (aide.montant_total !== null) {
    parties.push(`<strong>${euros(aide.montant_total)}</strong>${aide.periodicite === "unique" ? " (versement unique)" : " au total"}`);
  }
  if (aide.montant_annuel !== null && ["annuel", "mensuel"].includes(aide.periodicite)) parties.push(`${euros(aide.montant_annuel)} par an`);
  if (!parties.length && aide.montant_non_precise) parties.push("Montant non précisé par la source");
  return parties.length ? `<p class="resultat__montant">${parties.join(" · ")}</p>` : "";
}

function sources(aide) {
  const numeros = {};
  const items = aide.source.map((s, i) => {
    numeros[s.id] = i + 1;
    const date = s.date ? ` (${dateFr(s.date)})` : "";
    const titre = s.url ? `<a href="${html(s.url)}" rel="noopener">${html(s.titre)}</a>` : html(s.titre);
    return `<li id="src-${html(aide.id)}-${i + 1}">${titre}${date}</li>`;
  });
  return { numeros, liste: `<ol class="resultat__sources">${items.join("")}</ol>` };
}

function conditions(aide, numeros) {
  const lignes = aide.conditions.map((c) => {
    const [classe, signe, texte] = MARQUES[String(c.resultat)];
    const n = numeros[c.source];
    const note = c.note ? ` <span class="resultat__note">${html(c.note)}</span>` : "";
    const nc = c.non_confirme ? ' <span class="resultat__nc">non confirmé</span>' : "";
    return `<li class="condition condition--${classe}"><span class="condition__marque" aria-hidden="true">${signe}</span>`
      + `<span class="sr-only">${texte} : </span>${html(c.libelle)}${nc}${note}${n ? ` <sup>[${n}]</sup>` : ""}</li>`;
  });
  return `<ul class="resultat__conditions">${lignes.join("")}</ul>`;
}

/** A card's conditions and sources, rendered when its box is first opened (keeps each update light). */
export function rendreDetails(aide) {
  const { numeros, liste } = sources(aide);
  return conditions(aide, numeros) + liste;
}

function carte(aide, donnees, racine, libelles) {
  const total = aide.montant_total === null ? "" : String(aide.montant_total);
  const remplies = aide.conditions.filter((c) => c.resultat === true).length;
  const fausses = aide.conditions.filter((c) => c.resultat === false);
  const manque = aide.manquants.length
    ? `<p class="resultat__manque">Pour conclure, répondez à : ${aide.manquants.map((m) => html(libelles[m] || m)).join(", ")}.</p>` : "";
  const echec = fausses.length
    ? `<p class="resultat__echec">Non rempli : ${fausses.map((c) => html(c.libelle)).join(" ; ")}.</p>` : "";
  const formule = aide.formule ? `<p class="resultat__formule">${html(aide.formule)}</p>` : "";
  const alertes = aide.avertissements.map((a) => `<p class="resultat__avertissement">${html(a)}</p>`).join("");
  return `<article class="resultat resultat--${aide.statut}" data-aide="${html(aide.id)}" data-statut="${aide.statut}" data-montant-total="${total}" data-montant-annuel="${aide.montant_annuel ?? ""}">
    <header class="resultat__entete"><h3 class="resultat__nom">${lien(aide, donnees.aides, racine)}</h3>
    <span class="resultat__statut">${STATUTS[aide.statut]}</span></header>
    ${montants(aide)}${formule}${echec}${manque}${alertes}
    <details class="resultat__details" data-differe><summary>Conditions (${remplies} remplie${remplies > 1 ? "s" : ""} sur ${aide.conditions.length}) et sources</summary></details></article>`;
}

function synthese(r, donnees) {
  const infos = donnees.aides;
  const parStatut = (s) => r.aides.filter((a) => a.statut === s).length;
  const e = parStatut("eligible");
  const phrases = [`<p>Situation au ${dateFr(r.date)} : <strong>${e} aide${e > 1 ? "s" : ""} possible${e > 1 ? "s" : ""}</strong>, `
    + `${parStatut("a_completer")} à compléter, ${parStatut("non_eligible")} non éligible${parStatut("non_eligible") > 1 ? "s" : ""}.</p>`];
  const m = r.meilleure_combinaison;
  if (m.ids.length) {
    const noms = m.ids.map((id) => html(nomCourt({ id }, infos))).join(" + ");
    const inconnus = m.ids.filter((id) => (r.aides.find((a) => a.id === id) || {}).montant_total === null);
    let total = ` : <strong data-meilleure-combinaison="${m.montant_total ?? ""}">${euros(m.montant_total)}</strong> au total`;
    if (inconnus.length === m.ids.length) total = " (montant total non déterminé : durée ou montant non fixés par la source)";
    else if (inconnus.length) total += ` (hors ${inconnus.map((id) => html(nomCourt({ id }, infos))).join(", ")}, dont le total n'est pas déterminé)`;
    phrases.push(`<p class="resultat__combinaison">Meilleure combinaison compatible : ${noms}${total}.</p>`);
  }
  if (r.incompatibilites.length) {
    const paires = r.incompatibilites.map(([a, b]) => `${html(nomCourt({ id: a }, infos))} et ${html(nomCourt({ id: b }, infos))}`);
    phrases.push(`<p class="resultat__incompatibles">Ne se cumulent pas : ${paires.join(" ; ")}.</p>`);
  }
  return `<div class="resultat__synthese">${phrases.join("")}</div>`;
}

/** The whole result as HTML. `racine` is the site root relative to the page. */
export function rendreResultat(r, donnees, racine) {
  const libelles = Object.fromEntries(Object.entries(donnees.schema.properties).map(([n, p]) => [n, p.title]));
  const tri = (a, b) => (b.montant_total ?? -1) - (a.montant_total ?? -1);
  const groupe = (statut) => r.aides.filter((a) => a.statut === statut).sort(tri).map((a) => carte(a, donnees, racine, libelles)).join("");
  const eligibles = groupe("eligible");
  const aCompleter = groupe("a_completer");
  const non = r.aides.filter((a) => a.statut === "non_eligible");
  return `${synthese(r, donnees)}
    <h2>Aides possibles</h2>${eligibles || "<p>Aucune aide n'est acquise avec les réponses données.</p>"}
    ${aCompleter ? `<h2>À compléter</h2>${aCompleter}` : ""}
    ${non.length ? `<details class="resultat__non-eligibles"><summary>Non éligibles (${non.length})</summary>${non.map((a) => carte(a, donnees, racine, libelles)).join("")}</details>` : ""}`;
}

/** The answers in words, for the printed page. */
export function rendreSituation(reponses, date, donnees) {
  const lignes = [];
  for (const [nom, p] of Object.entries(donnees.schema.properties)) {
    const v = reponses[nom];
    if (v === undefined) continue;
    const libelles = p["x-libelles"] || (p.type === "boolean" ? { oui: "Oui", non: "Non", true: "Oui", false: "Non" } : {});
    const texte = Array.isArray(v) ? v.map((x) => libelles[x] || x).join(", ") : (libelles[v] || `${v}${p["x-unite"] ? ` ${p["x-unite"]}` : ""}`);
    lignes.push(`<dt>${html(p.title)}</dt><dd>${html(texte)}</dd>`);
  }
  if (date) lignes.push(`<dt>Date de la situation</dt><dd>${dateFr(date)}</dd>`);
  return lignes.length ? `<details class="calculateur__situation"><summary>Votre situation</summary><dl>${lignes.join("")}</dl></details>` : "";
}
