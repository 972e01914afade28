// « Et ailleurs ? »: the same situation in every zone (ZIP, ZAC, ZAR, hors zone, in or out of a
// QPV) and in every region with aids of its own, in one table (`table[data-comparaison]`, one
// `tr[data-variante]` per variant), from one engine call (`engine.comparer`, engine/variants.py):
// the best combination's total, its aids, the difference with the person's own answer, and the
// answers a variant needs that were not given.

import { formatEuros, escapeHtml } from "./format.js";
import { shortName } from "./results.js";

const MISSING_SHOWN = 3;
const SETTLE_MS = 250;

function total(v) {
  const parts = [];
  if (v.montant_total) parts.push(formatEuros(v.montant_total));
  if (v.montant_annuel_sans_duree) parts.push(`${formatEuros(v.montant_annuel_sans_duree)} par an`);
  return parts.join(" + ") || "—";
}

function signed(x, suffix = "") {
  if (x === null || x === 0) return "";
  return `${x > 0 ? "+" : "−"}${formatEuros(Math.abs(x))}${suffix}`;
}

function difference(v) {
  const parts = [signed(v.ecart_total), signed(v.ecart_annuel, " par an")].filter(Boolean);
  return parts.length ? parts.join(", ") : "identique";
}

function aidNames(v, schemes) {
  const toChoose = new Set(v.a_choisir.flat());
  const names = v.ids.filter((id) => !toChoose.has(id)).map((id) => escapeHtml(shortName(id, schemes)));
  for (const [a, b] of v.a_choisir) names.push(`au choix ${escapeHtml(shortName(a, schemes))} ou ${escapeHtml(shortName(b, schemes))}`);
  return names.join(", ") || "aucune";
}

function missingAnswers(v) {
  if (!v.manquants.length) return "";
  const first = v.manquants.slice(0, MISSING_SHOWN).map((m) => escapeHtml(m.libelle)).join(", ");
  const rest = v.manquants.length - MISSING_SHOWN;
  return `<p class="comparaison__manque">Résultat à confirmer : il faut aussi répondre à ${first}${rest > 0 ? ` et ${rest} autre${rest > 1 ? "s" : ""} question${rest > 1 ? "s" : ""}` : ""}.</p>`;
}

/** The comparison table as HTML (`schemes`: the calculator data's schemes by id). */
export function renderComparison(c, schemes) {
  const rows = c.variantes.map((v) => `<tr data-variante="${escapeHtml(v.id)}" data-ecart-total="${v.ecart_total ?? ""}">
      <th scope="row">${escapeHtml(v.libelle)}</th><td>${total(v)}</td><td>${aidNames(v, schemes)}${missingAnswers(v)}</td><td>${difference(v)}</td></tr>`);
  const ref = c.reference;
  return `<p>La même situation, avec une seule réponse changée à chaque ligne : la zone, le QPV ou la région.</p>
    <div class="comparaison__defilement" tabindex="0" role="region" aria-label="Et ailleurs ? (tableau)"><table data-comparaison class="comparaison">
    <caption>Et ailleurs ? Meilleure combinaison compatible selon le lieu d'exercice</caption>
    <thead><tr><th scope="col">Variante</th><th scope="col">Total</th><th scope="col">Aides retenues</th><th scope="col">Écart avec votre situation</th></tr></thead>
    <tbody><tr data-reference><th scope="row">Votre situation</th><td>${total(ref)}</td><td>${aidNames({ ...ref, manquants: [] }, schemes)}</td><td>—</td></tr>
    ${rows.join("")}</tbody></table></div>`;
}

/**
 * Ask the engine for every variant of the situation shown and fill `place` when it answers. The
 * call waits for the answers to settle (`SETTLE_MS` without a new result), so that it never
 * delays the result of the next edit; the worker's own time is kept in `data-duree-ms`.
 */
export function fillComparison(place, { engine, answers, date, data }) {
  if (!place || !engine || !engine.comparer) return;
  const profile = { ...answers };
  setTimeout(() => {
    if (!place.isConnected) return;
    engine.comparer(profile, date).then((response) => {
      if (!response || !place.isConnected) return;
      const c = response.resultat;
      place.innerHTML = c.erreur ? `<p>${escapeHtml(c.erreur.message)}</p>` : renderComparison(c, data.aides);
      const table = place.querySelector("table[data-comparaison]");
      if (table) table.dataset.dureeMs = String(Math.round(response.duree));
    }).catch(() => {
      if (place.isConnected) place.innerHTML = "<p>La comparaison n'a pas pu être calculée.</p>";
    });
  }, SETTLE_MS);
}
