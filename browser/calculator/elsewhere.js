// « Et ailleurs ? »: the same situation in every zone (ZIP, ZAC, ZAR, hors zone, in or out of a
// QPV) and in every region with aids of its own, in one table (`table[data-comparaison]`, one
// `tr[data-variante]` per variant), from one engine call (`moteur.comparer`, engine/variants.py):
// the best combination's total, its aids, the difference with the person's own answer, and the
// answers a variant needs that were not given.

import { formatEuros as euros, escapeHtml as html } from "./format.js";
import { nomCourt } from "./results.js";

const MANQUANTS_MONTRES = 3;
const ATTENTE_MS = 250;

function total(v) {
  const parts = [];
  if (v.montant_total) parts.push(euros(v.montant_total));
  if (v.montant_annuel_sans_duree) parts.push(`${euros(v.montant_annuel_sans_duree)} par an`);
  return parts.join(" + ") || "—";
}

function signe(x, suffixe = "") {
  if (x === null || x === 0) return "";
  return `${x > 0 ? "+" : "−"}${euros(Math.abs(x))}${suffixe}`;
}

function ecart(v) {
  const parts = [signe(v.ecart_total), signe(v.ecart_annuel, " par an")].filter(Boolean);
  return parts.length ? parts.join(", ") : "identique";
}

function aides(v, infos) {
  const enChoix = new Set(v.a_choisir.flat());
  const noms = v.ids.filter((id) => !enChoix.has(id)).map((id) => html(nomCourt(id, infos)));
  for (const [a, b] of v.a_choisir) noms.push(`au choix ${html(nomCourt(a, infos))} ou ${html(nomCourt(b, infos))}`);
  return noms.join(", ") || "aucune";
}

function manquants(v) {
  if (!v.manquants.length) return "";
  const premiers = v.manquants.slice(0, MANQUANTS_MONTRES).map((m) => html(m.libelle)).join(", ");
  const reste = v.manquants.length - MANQUANTS_MONTRES;
  return `<p class="comparaison__manque">Résultat à confirmer : il faut aussi répondre à ${premiers}${reste > 0 ? ` et ${reste} autre${reste > 1 ? "s" : ""} question${reste > 1 ? "s" : ""}` : ""}.</p>`;
}

/** The comparison table as HTML. */
export function rendreComparaison(c, infos) {
  const lignes = c.variantes.map((v) => `<tr data-variante="${html(v.id)}" data-ecart-total="${v.ecart_total ?? ""}">
      <th scope="row">${html(v.libelle)}</th><td>${total(v)}</td><td>${aides(v, infos)}${manquants(v)}</td><td>${ecart(v)}</td></tr>`);
  const ref = c.reference;
  return `<p>La même situation, avec une seule réponse changée à chaque ligne : la zone, le QPV ou la région.</p>
    <div class="comparaison__defilement" tabindex="0" role="region" aria-label="Et ailleurs ? (tableau)"><table data-comparaison class="comparaison">
    <caption>Et ailleurs ? Meilleure combinaison compatible selon le lieu d'exercice</caption>
    <thead><tr><th scope="col">Variante</th><th scope="col">Total</th><th scope="col">Aides retenues</th><th scope="col">Écart avec votre situation</th></tr></thead>
    <tbody><tr data-reference><th scope="row">Votre situation</th><td>${total(ref)}</td><td>${aides({ ...ref, manquants: [] }, infos)}</td><td>—</td></tr>
    ${lignes.join("")}</tbody></table></div>`;
}

/**
 * Ask the engine for every variant of the situation shown and fill `place` when it answers. The
 * call waits for the answers to settle (`ATTENTE_MS` without a new result), so that it never
 * delays the result of the next edit; the worker's own time is kept in `data-duree-ms`.
 */
export function remplirComparaison(place, { moteur, reponses, date, donnees }) {
  if (!place || !moteur || !moteur.comparer) return;
  const profil = { ...reponses };
  setTimeout(() => {
    if (!place.isConnected) return;
    moteur.comparer(profil, date).then((reponse) => {
      if (!reponse || !place.isConnected) return;
      const c = reponse.resultat;
      place.innerHTML = c.erreur ? `<p>${html(c.erreur.message)}</p>` : rendreComparaison(c, donnees.aides);
      const table = place.querySelector("table[data-comparaison]");
      if (table) table.dataset.dureeMs = String(Math.round(reponse.duree));
    }).catch(() => {
      if (place.isConnected) place.innerHTML = "<p>La comparaison n'a pas pu être calculée.</p>";
    });
  }, ATTENTE_MS);
}
