// The result, as HTML, from the engine's JSON: a summary that hides no known amount (the best
// compatible combination, its yearly amount with no fixed duration, the choices the amounts
// cannot make, the pairs that do not combine and why, the region's own aids or its ARS portal),
// the schedule of payments (chart and table, made by the engine), then one card per scheme —
// one state each — with its amounts, formula, « et si » near a threshold, the reading taken where
// a source is ambiguous for this answer, how fresh its sources are, next steps for an eligible
// aid, and its conditions and sources (rendered when its box is first opened); the
// schemes not for this profile or region folded away, those with a condition not met shown with
// that condition; « Et ailleurs ? » (filled by a second engine call) and the printable dossier.
// Test hooks: each card has data-aide, data-statut, data-montant-total and data-montant-annuel
// (numbers; empty when unknown); [data-demarches] in each eligible card; [data-comparaison] the
// « Et ailleurs ? » table; [data-dossier] the printable view; the engine's svg/table[data-echeancier].

import { answerText } from "./answer-text.js";
import { escapeHtml, formatDate, formatEuros, formatMonth, formatNumber } from "./format.js";
import { renderNextSteps } from "./next-steps.js";
import { fillComparison } from "./elsewhere.js";
import { dossierBar, dossierPlace, prepareDossier } from "./dossier.js";
import { installSimulationFile } from "./simulation-file.js";

const STATUS_LABELS = { eligible: "Éligible", a_completer: "À compléter", non_eligible: "Non éligible" };
const MARKS = {
  true: ["vrai", "✓", "condition remplie"],
  false: ["faux", "✗", "condition non remplie"],
  null: ["inconnu", "?", "réponse manquante"],
};

/** A scheme's short name (its acronym, else its name) from the calculator data's schemes by id,
 * else from the result's aids. */
export function shortName(id, schemes, aids) {
  const i = schemes[id] || (aids && aids.find((a) => a.id === id)) || {};
  return i.sigle || i.nom || id;
}

function schemeLink(aid, schemes, siteRoot) {
  const page = schemes[aid.id] && schemes[aid.id].page;
  const title = escapeHtml(aid.sigle ? `${aid.sigle} — ${aid.nom}` : aid.nom);
  return page ? `<a href="${escapeHtml(siteRoot + page)}">${title}</a>` : title;
}

function amounts(aid) {
  const parts = [];
  const yearly = aid.montant_annuel !== null && ["annuel", "mensuel"].includes(aid.periodicite);
  if (aid.montant_total !== null) {
    parts.push(`<strong>${formatEuros(aid.montant_total)}</strong>${aid.periodicite === "unique" ? " (versement unique)" : " au total"}`);
  }
  if (yearly) {
    parts.push(aid.montant_total === null
      ? `<strong>${formatEuros(aid.montant_annuel)} par an</strong> (durée non fixée par la source)`
      : `${formatEuros(aid.montant_annuel)} par an`);
  }
  if (!parts.length && aid.montant_non_precise) parts.push("Montant non précisé par la source");
  return parts.length ? `<p class="resultat__montant">${parts.join(" · ")}</p>` : "";
}

function sourceList(aid) {
  const numbers = {};
  const items = aid.source.map((s, i) => {
    numbers[s.id] = i + 1;
    const date = s.date ? ` (${formatDate(s.date)})` : "";
    const title = s.url ? `<a href="${escapeHtml(s.url)}" rel="noopener">${escapeHtml(s.titre)}</a>` : escapeHtml(s.titre);
    return `<li id="src-${escapeHtml(aid.id)}-${i + 1}">${title}${date}</li>`;
  });
  return { numbers, list: `<ol class="resultat__sources">${items.join("")}</ol>` };
}

function conditionList(aid, numbers) {
  const lines = aid.conditions.map((c) => {
    const [kind, mark, meaning] = MARKS[String(c.resultat)];
    const n = numbers[c.source];
    const note = c.note ? ` <span class="resultat__note">${escapeHtml(c.note)}</span>` : "";
    const unconfirmed = c.non_confirme ? ' <span class="resultat__nc">non confirmé</span>' : "";
    return `<li class="condition condition--${kind}"><span class="condition__marque" aria-hidden="true">${mark}</span>`
      + `<span class="sr-only">${meaning} : </span>${escapeHtml(c.libelle)}${unconfirmed}${note}${n ? ` <sup>[${n}]</sup>` : ""}</li>`;
  });
  return `<ul class="resultat__conditions">${lines.join("")}</ul>`;
}

/** A card's conditions and sources, rendered when its box is first opened (keeps each update light). */
export function renderDetails(aid) {
  const { numbers, list } = sourceList(aid);
  return conditionList(aid, numbers) + list;
}

function shortAmount(r) {
  if (r.montant_total !== null && r.montant_total !== undefined) return formatEuros(r.montant_total);
  return `${formatEuros(r.montant_annuel)} par an`;
}

function whatIf(aid) {
  return aid.et_si.map((e) => {
    const what = e.changements.map((c) => `${escapeHtml(c.libelle)} : ${escapeHtml(c.texte)} (au lieu de ${escapeHtml(c.actuel)})`).join(" et ");
    return `<p class="resultat__etsi" data-et-si><strong>Et si…</strong> ${what} : ${shortAmount(e)} au lieu de ${shortAmount(aid)}.</p>`;
  }).join("");
}

/** How fresh the scheme's sources are, in words: recent, or old and to be checked with its funder
 * (a closed scheme says so in its conditions). */
function freshness(aid) {
  const f = aid.fraicheur;
  if (f.etat === "fermee") return "";
  const when = f.derniere_source ? formatMonth(f.derniere_source) : "";
  const text = f.etat === "recente"
    ? `Confirmé par une source de moins de ${f.seuil_mois} mois (${when}).`
    : `${when ? `Dernière source : ${when}` : "Aucune source datée"} — à vérifier auprès du financeur (${escapeHtml(f.financeur)}).`;
  return `<p class="resultat__fraicheur" data-fraicheur="${f.etat}">${text}</p>`;
}

/** The readings of an ambiguous source that apply to this answer: the reading taken, then the source's words. */
function readings(aid) {
  return aid.lectures.map((l) => `<div class="resultat__lecture" data-lecture><p><strong>À savoir :</strong> ${escapeHtml(l.choix)}</p>
    <details><summary>Ce que disent les sources</summary><p>${escapeHtml(l.texte)}</p></details></div>`).join("");
}

function card(aid, data, siteRoot, labels) {
  const total = aid.montant_total === null ? "" : String(aid.montant_total);
  const met = aid.conditions.filter((c) => c.resultat === true).length;
  const failed = aid.conditions.filter((c) => c.resultat === false);
  const names = aid.manquants.map((m) => escapeHtml(labels[m] || m)).join(", ");
  // One state per card: an eligible aid whose amount needs an answer is eligible, its amount to be figured.
  let missing = "";
  if (aid.manquants.length && aid.statut === "eligible") missing = `<p class="resultat__manque">Pour chiffrer le montant, répondez à : ${names}.</p>`;
  else if (aid.manquants.length) missing = `<p class="resultat__manque">Pour conclure, répondez à : ${names}.</p>`;
  const failure = failed.length
    ? `<p class="resultat__echec">Non rempli : ${failed.map((c) => escapeHtml(c.libelle)).join(" ; ")}.</p>` : "";
  const formula = aid.formule ? `<p class="resultat__formule">${escapeHtml(aid.formule)}</p>` : "";
  const warnings = aid.avertissements.map((a) => `<p class="resultat__avertissement">${escapeHtml(a)}</p>`).join("");
  const nextSteps = aid.statut === "eligible" ? renderNextSteps(aid, labels) : "";
  return `<article class="resultat resultat--${aid.statut}" data-aide="${escapeHtml(aid.id)}" data-statut="${aid.statut}" data-montant-total="${total}" data-montant-annuel="${aid.montant_annuel ?? ""}">
    <header class="resultat__entete"><h3 class="resultat__nom">${schemeLink(aid, data.aides, siteRoot)}</h3>
    <span class="resultat__statut">${STATUS_LABELS[aid.statut]}</span></header>
    ${amounts(aid)}${formula}${whatIf(aid)}${failure}${missing}${warnings}${readings(aid)}${freshness(aid)}${nextSteps}
    <details class="resultat__details" data-differe><summary>Conditions (${met} remplie${met > 1 ? "s" : ""} sur ${aid.conditions.length}) et sources</summary></details></article>`;
}

/** Rates year by year in words: `+50 % / +30 % / +10 %, puis +10 % du forfait médecin traitant`. */
export function ratesInWords(e) {
  const rate = (t) => `+${formatNumber(t)}\u00a0%`;
  const years = e.annees.map((a) => rate(a.taux)).join(" / ");
  const after = e.ensuite && e.ensuite.taux !== null && e.annees.length > 1 ? `, puis ${rate(e.ensuite.taux)}` : "";
  const condition = e.condition ? ` (si « ${e.condition} »)` : "";
  return `${years}${after} ${e.assiette}${condition}`;
}

/** The best combination in words: its aids, its total, what it pays each year with no fixed duration, what is not in figures. */
export function combinationSentence(r, data) {
  const best = r.meilleure_combinaison;
  const name = (id) => escapeHtml(shortName(id, data.aides, r.aides));
  const toChoose = new Set(best.a_choisir.flat());
  const ids = best.ids.filter((id) => !toChoose.has(id));
  const byId = Object.fromEntries(r.aides.map((a) => [a.id, a]));
  const parts = [];
  const withTotal = ids.filter((id) => byId[id].montant_total !== null);
  if (withTotal.length) parts.push(`<strong data-meilleure-combinaison="${best.montant_total ?? ""}">${formatEuros(best.montant_total)}</strong> au total`);
  const noDuration = ids.filter((id) => byId[id].montant_total === null && byId[id].montant_annuel !== null);
  if (noDuration.length) {
    const detail = noDuration.length > 1 ? ` (${noDuration.map((id) => `${name(id)} : ${formatEuros(byId[id].montant_annuel)}`).join(", ")})` : "";
    parts.push(`<strong data-annuel-sans-duree="${best.montant_annuel_sans_duree}">${formatEuros(best.montant_annuel_sans_duree)} par an</strong> (durée non fixée)${detail}`);
  }
  const noAmount = ids.filter((id) => byId[id].montant_total === null && byId[id].montant_annuel === null);
  const asRates = noAmount.filter((id) => byId[id].echeancier && byId[id].echeancier.assiette);
  for (const id of asRates) parts.push(`${name(id)} : ${escapeHtml(ratesInWords(byId[id].echeancier))}`);
  const unknown = noAmount.filter((id) => !asRates.includes(id));
  if (unknown.length) parts.push(`sans montant chiffré par les sources : ${unknown.map(name).join(", ")}`);
  const choices = best.a_choisir.map(([a, b]) => `au choix ${name(a)} ou ${name(b)}`);
  const list = [ids.map(name).join(" + "), ...choices].filter(Boolean).join(" + ");
  return `Meilleure combinaison compatible : ${list}${parts.length ? ` : ${parts.join(" ; ")}` : ""}.`;
}

function choices(r, data) {
  const byId = Object.fromEntries(r.aides.map((a) => [a.id, a]));
  const reasons = Object.fromEntries(r.incompatibilites_motifs.map((p) => [p.aides.join("|"), p]));
  return r.meilleure_combinaison.a_choisir.map(([a, b]) => {
    const reason = reasons[`${a}|${b}`];
    const dependsOn = [a, b].map((id) => `<li><strong>${escapeHtml(shortName(id, data.aides, r.aides))}</strong> : ${escapeHtml(byId[id].formule || "montant non précisé par la source")}</li>`).join("");
    return `<div class="resultat__choix" data-a-choisir="${escapeHtml(a)} ${escapeHtml(b)}"><p><strong>À vous de choisir</strong> entre ${escapeHtml(shortName(a, data.aides, r.aides))} et ${escapeHtml(shortName(b, data.aides, r.aides))} : leurs montants ne sont pas chiffrés par les sources, le calcul ne peut pas choisir à votre place.${reason ? ` ${escapeHtml(reason.motif)}` : ""}</p>
      <p>Ce dont dépend chacun :</p><ul>${dependsOn}</ul></div>`;
  }).join("");
}

function incompatiblePairs(r, data) {
  const toChoose = new Set(r.meilleure_combinaison.a_choisir.map((p) => p.join("|")));
  const others = r.incompatibilites_motifs.filter((p) => !toChoose.has(p.aides.join("|")));
  if (!others.length) return "";
  const pairs = others.map((p) => `<li>${escapeHtml(shortName(p.aides[0], data.aides, r.aides))} et ${escapeHtml(shortName(p.aides[1], data.aides, r.aides))} : ${escapeHtml(p.motif)}</li>`);
  return `<div class="resultat__incompatibles"><p>Ne se cumulent pas :</p><ul>${pairs.join("")}</ul></div>`;
}

/** The region's own aids, or a plain sentence with its ARS portal when the data hold none. */
export function territorySentence(r) {
  const t = r.territoire;
  if (!t || t.aides_locales.length) return "";
  const portal = t.paps
    ? ` Consultez le portail de l'ARS : <a href="${escapeHtml(t.paps.url)}" rel="noopener">PAPS ${escapeHtml(t.nom)}</a>${t.paps.date ? ` (page du ${formatDate(t.paps.date)})` : ""}.`
    : " Aucune adresse du portail de l'ARS de cette région (PAPS) n'est dans nos données.";
  return `<p class="resultat__territoire" data-territoire>Aucune aide propre à la région ${escapeHtml(t.nom)} pour votre situation n'est dans les données de ce guide : seules les aides nationales ci-dessous s'appliquent.${portal}</p>`;
}

function summary(r, data) {
  const countOf = (s) => r.aides.filter((a) => a.statut === s).length;
  const e = countOf("eligible");
  const n = countOf("non_eligible");
  const sentences = [`<p>Situation au ${formatDate(r.date)} : <strong>${e} aide${e > 1 ? "s" : ""} possible${e > 1 ? "s" : ""}</strong>, `
    + `${countOf("a_completer")} à compléter, ${n} non éligible${n > 1 ? "s" : ""}.</p>`];
  if (r.meilleure_combinaison.ids.length) sentences.push(`<p class="resultat__combinaison">${combinationSentence(r, data)}</p>`);
  return `<div class="resultat__synthese">${sentences.join("")}${choices(r, data)}${incompatiblePairs(r, data)}${territorySentence(r)}</div>`;
}

function schedule(r) {
  if (!r.graphique) return "";
  return `<section class="resultat__echeancier"><h2>Vos versements, année par année</h2>${r.graphique}</section>`;
}

/** The whole result as HTML. `siteRoot` is the site root relative to the page; `bar`, the
 * controls shown under the summary. */
export function renderResult(r, data, siteRoot, bar = "") {
  const labels = Object.fromEntries(Object.entries(data.schema.properties).map(([name, p]) => [name, p.title]));
  const byAmount = (a, b) => (b.montant_total ?? b.montant_annuel ?? -1) - (a.montant_total ?? a.montant_annuel ?? -1);
  const cards = (list) => list.sort(byAmount).map((a) => card(a, data, siteRoot, labels)).join("");
  const eligible = cards(r.aides.filter((a) => a.statut === "eligible"));
  const pending = cards(r.aides.filter((a) => a.statut === "a_completer"));
  const notMet = r.aides.filter((a) => a.statut === "non_eligible" && a.non_eligible_par !== "profil");
  const notForProfile = r.aides.filter((a) => a.statut === "non_eligible" && a.non_eligible_par === "profil");
  return `${summary(r, data)}${schedule(r)}${bar}
    <h2>Aides possibles</h2>${eligible || "<p>Aucune aide n'est acquise avec les réponses données.</p>"}
    ${pending ? `<h2>À compléter</h2>${pending}` : ""}
    ${notMet.length ? `<h2>Une condition n'est pas remplie (${notMet.length})</h2><div class="resultat__non-remplies">${cards(notMet)}</div>` : ""}
    ${notForProfile.length ? `<details class="resultat__non-eligibles"><summary>Pas pour votre profil ou votre région (${notForProfile.length})</summary>${cards(notForProfile)}</details>` : ""}
    <section class="resultat__ailleurs"><h2>Et ailleurs ?</h2><div data-comparaison-place><p>Calcul de la même situation dans les autres zones et régions…</p></div></section>`;
}

/** The answers in words (`open`: as a plain list, else in a box closed on screen). */
export function renderSituation(answers, date, data, open = false) {
  const lines = [];
  const properties = data.schema.properties;
  for (const [name, p] of Object.entries(properties)) {
    const v = answers[name];
    if (v === undefined) continue;
    lines.push(`<dt>${escapeHtml(p.title)}</dt><dd>${escapeHtml(answerText(name, v, properties))}</dd>`);
  }
  if (date) lines.push(`<dt>Date de la situation</dt><dd>${formatDate(date)}</dd>`);
  if (!lines.length) return "";
  return open ? `<dl class="dossier__situation">${lines.join("")}</dl>`
    : `<details class="calculateur__situation"><summary>Votre situation</summary><dl>${lines.join("")}</dl></details>`;
}

/**
 * Show a result in `container` (the calculator's results element) and what goes with it: the
 * « Et ailleurs ? » table (a second engine call, `engine.comparer`), the dossier and the
 * simulation file (download, and reload by dropping a file: `load(answers, date)`).
 * @param {HTMLElement} container
 * @param {{result: object, answers: object, date: string, data: object, siteRoot: string,
 *          engine: {comparer: Function}, load: (answers: object, date: string) => void}} c
 */
export function showResult(container, c) {
  const { result, answers, date, data, siteRoot } = c;
  container.innerHTML = renderSituation(answers, date, data)
    + renderResult(result, data, siteRoot, dossierBar())
    + dossierPlace();
  prepareDossier(container, result, answers, date, data);
  installSimulationFile(container, c);
  fillComparison(container.querySelector("[data-comparaison-place]"), c);
}
