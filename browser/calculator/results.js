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
import { formatDate as dateFr, formatEuros as euros, escapeHtml as html, formatMonth as moisFr, formatNumber as nombreFr } from "./format.js";
import { rendreDemarches } from "./next-steps.js";
import { remplirComparaison } from "./elsewhere.js";
import { barreDossier, placeDossier, preparerDossier } from "./dossier.js";
import { installerFichier } from "./simulation-file.js";

const STATUTS = { eligible: "Éligible", a_completer: "À compléter", non_eligible: "Non éligible" };
const MARQUES = {
  true: ["vrai", "✓", "condition remplie"],
  false: ["faux", "✗", "condition non remplie"],
  null: ["inconnu", "?", "réponse manquante"],
};

export function nomCourt(id, infos, aides) {
  const i = infos[id] || (aides && aides.find((a) => a.id === id)) || {};
  return i.sigle || i.nom || id;
}

function lien(aide, infos, racine) {
  const page = infos[aide.id] && infos[aide.id].page;
  const titre = html(aide.sigle ? `${aide.sigle} — ${aide.nom}` : aide.nom);
  return page ? `<a href="${html(racine + page)}">${titre}</a>` : titre;
}

function montants(aide) {
  const parties = [];
  const parAn = aide.montant_annuel !== null && ["annuel", "mensuel"].includes(aide.periodicite);
  if (aide.montant_total !== null) {
    parties.push(`<strong>${euros(aide.montant_total)}</strong>${aide.periodicite === "unique" ? " (versement unique)" : " au total"}`);
  }
  if (parAn) {
    parties.push(aide.montant_total === null
      ? `<strong>${euros(aide.montant_annuel)} par an</strong> (durée non fixée par la source)`
      : `${euros(aide.montant_annuel)} par an`);
  }
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

function montantCourt(r) {
  if (r.montant_total !== null && r.montant_total !== undefined) return euros(r.montant_total);
  return `${euros(r.montant_annuel)} par an`;
}

function etSi(aide) {
  return aide.et_si.map((e) => {
    const quoi = e.changements.map((c) => `${html(c.libelle)} : ${html(c.texte)} (au lieu de ${html(c.actuel)})`).join(" et ");
    return `<p class="resultat__etsi" data-et-si><strong>Et si…</strong> ${quoi} : ${montantCourt(e)} au lieu de ${montantCourt(aide)}.</p>`;
  }).join("");
}

/** How fresh the scheme's sources are, in words: recent, or old and to be checked with its funder
 * (a closed scheme says so in its conditions). */
function fraicheur(aide) {
  const f = aide.fraicheur;
  if (f.etat === "fermee") return "";
  const quand = f.derniere_source ? moisFr(f.derniere_source) : "";
  const texte = f.etat === "recente"
    ? `Confirmé par une source de moins de ${f.seuil_mois} mois (${quand}).`
    : `${quand ? `Dernière source : ${quand}` : "Aucune source datée"} — à vérifier auprès du financeur (${html(f.financeur)}).`;
  return `<p class="resultat__fraicheur" data-fraicheur="${f.etat}">${texte}</p>`;
}

/** The readings of an ambiguous source that apply to this answer: the reading taken, then the source's words. */
function lectures(aide) {
  return aide.lectures.map((l) => `<div class="resultat__lecture" data-lecture><p><strong>À savoir :</strong> ${html(l.choix)}</p>
    <details><summary>Ce que disent les sources</summary><p>${html(l.texte)}</p></details></div>`).join("");
}

function carte(aide, donnees, racine, libelles) {
  const total = aide.montant_total === null ? "" : String(aide.montant_total);
  const remplies = aide.conditions.filter((c) => c.resultat === true).length;
  const fausses = aide.conditions.filter((c) => c.resultat === false);
  const noms = aide.manquants.map((m) => html(libelles[m] || m)).join(", ");
  // One state per card: an eligible aid whose amount needs an answer is eligible, its amount to be figured.
  let manque = "";
  if (aide.manquants.length && aide.statut === "eligible") manque = `<p class="resultat__manque">Pour chiffrer le montant, répondez à : ${noms}.</p>`;
  else if (aide.manquants.length) manque = `<p class="resultat__manque">Pour conclure, répondez à : ${noms}.</p>`;
  const echec = fausses.length
    ? `<p class="resultat__echec">Non rempli : ${fausses.map((c) => html(c.libelle)).join(" ; ")}.</p>` : "";
  const formule = aide.formule ? `<p class="resultat__formule">${html(aide.formule)}</p>` : "";
  const alertes = aide.avertissements.map((a) => `<p class="resultat__avertissement">${html(a)}</p>`).join("");
  const demarches = aide.statut === "eligible" ? rendreDemarches(aide, libelles) : "";
  return `<article class="resultat resultat--${aide.statut}" data-aide="${html(aide.id)}" data-statut="${aide.statut}" data-montant-total="${total}" data-montant-annuel="${aide.montant_annuel ?? ""}">
    <header class="resultat__entete"><h3 class="resultat__nom">${lien(aide, donnees.aides, racine)}</h3>
    <span class="resultat__statut">${STATUTS[aide.statut]}</span></header>
    ${montants(aide)}${formule}${etSi(aide)}${echec}${manque}${alertes}${lectures(aide)}${fraicheur(aide)}${demarches}
    <details class="resultat__details" data-differe><summary>Conditions (${remplies} remplie${remplies > 1 ? "s" : ""} sur ${aide.conditions.length}) et sources</summary></details></article>`;
}

/** Rates year by year in words: `+50 % / +30 % / +10 %, puis +10 % du forfait médecin traitant`. */
export function tauxEnClair(e) {
  const taux = (t) => `+${nombreFr(t)}\u00a0%`;
  const annees = e.annees.map((a) => taux(a.taux)).join(" / ");
  const ensuite = e.ensuite && e.ensuite.taux !== null && e.annees.length > 1 ? `, puis ${taux(e.ensuite.taux)}` : "";
  const condition = e.condition ? ` (si « ${e.condition} »)` : "";
  return `${annees}${ensuite} ${e.assiette}${condition}`;
}

/** The best combination in words: its aids, its total, what it pays each year with no fixed duration, what is not in figures. */
export function phraseCombinaison(r, donnees) {
  const m = r.meilleure_combinaison;
  const nom = (id) => html(nomCourt(id, donnees.aides, r.aides));
  const enChoix = new Set(m.a_choisir.flat());
  const ids = m.ids.filter((id) => !enChoix.has(id));
  const parId = Object.fromEntries(r.aides.map((a) => [a.id, a]));
  const parts = [];
  const avecTotal = ids.filter((id) => parId[id].montant_total !== null);
  if (avecTotal.length) parts.push(`<strong data-meilleure-combinaison="${m.montant_total ?? ""}">${euros(m.montant_total)}</strong> au total`);
  const sansDuree = ids.filter((id) => parId[id].montant_total === null && parId[id].montant_annuel !== null);
  if (sansDuree.length) {
    const detail = sansDuree.length > 1 ? ` (${sansDuree.map((id) => `${nom(id)} : ${euros(parId[id].montant_annuel)}`).join(", ")})` : "";
    parts.push(`<strong data-annuel-sans-duree="${m.montant_annuel_sans_duree}">${euros(m.montant_annuel_sans_duree)} par an</strong> (durée non fixée)${detail}`);
  }
  const sansMontant = ids.filter((id) => parId[id].montant_total === null && parId[id].montant_annuel === null);
  const enTaux = sansMontant.filter((id) => parId[id].echeancier && parId[id].echeancier.assiette);
  for (const id of enTaux) parts.push(`${nom(id)} : ${html(tauxEnClair(parId[id].echeancier))}`);
  const inconnus = sansMontant.filter((id) => !enTaux.includes(id));
  if (inconnus.length) parts.push(`sans montant chiffré par les sources : ${inconnus.map(nom).join(", ")}`);
  const choix = m.a_choisir.map(([a, b]) => `au choix ${nom(a)} ou ${nom(b)}`);
  const liste = [ids.map(nom).join(" + "), ...choix].filter(Boolean).join(" + ");
  return `Meilleure combinaison compatible : ${liste}${parts.length ? ` : ${parts.join(" ; ")}` : ""}.`;
}

function choix(r, donnees) {
  const parId = Object.fromEntries(r.aides.map((a) => [a.id, a]));
  const motifs = Object.fromEntries(r.incompatibilites_motifs.map((p) => [p.aides.join("|"), p]));
  return r.meilleure_combinaison.a_choisir.map(([a, b]) => {
    const motif = motifs[`${a}|${b}`];
    const depend = [a, b].map((id) => `<li><strong>${html(nomCourt(id, donnees.aides, r.aides))}</strong> : ${html(parId[id].formule || "montant non précisé par la source")}</li>`).join("");
    return `<div class="resultat__choix" data-a-choisir="${html(a)} ${html(b)}"><p><strong>À vous de choisir</strong> entre ${html(nomCourt(a, donnees.aides, r.aides))} et ${html(nomCourt(b, donnees.aides, r.aides))} : leurs montants ne sont pas chiffrés par les sources, le calcul ne peut pas choisir à votre place.${motif ? ` ${html(motif.motif)}` : ""}</p>
      <p>Ce dont dépend chacun :</p><ul>${depend}</ul></div>`;
  }).join("");
}

function incompatibles(r, donnees) {
  const enChoix = new Set(r.meilleure_combinaison.a_choisir.map((p) => p.join("|")));
  const autres = r.incompatibilites_motifs.filter((p) => !enChoix.has(p.aides.join("|")));
  if (!autres.length) return "";
  const paires = autres.map((p) => `<li>${html(nomCourt(p.aides[0], donnees.aides, r.aides))} et ${html(nomCourt(p.aides[1], donnees.aides, r.aides))} : ${html(p.motif)}</li>`);
  return `<div class="resultat__incompatibles"><p>Ne se cumulent pas :</p><ul>${paires.join("")}</ul></div>`;
}

/** The region's own aids, or a plain sentence with its ARS portal when the data hold none. */
export function phraseTerritoire(r) {
  const t = r.territoire;
  if (!t || t.aides_locales.length) return "";
  const portail = t.paps
    ? ` Consultez le portail de l'ARS : <a href="${html(t.paps.url)}" rel="noopener">PAPS ${html(t.nom)}</a>${t.paps.date ? ` (page du ${dateFr(t.paps.date)})` : ""}.`
    : " Aucune adresse du portail de l'ARS de cette région (PAPS) n'est dans nos données.";
  return `<p class="resultat__territoire" data-territoire>Aucune aide propre à la région ${html(t.nom)} pour votre situation n'est dans les données de ce guide : seules les aides nationales ci-dessous s'appliquent.${portail}</p>`;
}

function synthese(r, donnees) {
  const parStatut = (s) => r.aides.filter((a) => a.statut === s).length;
  const e = parStatut("eligible");
  const n = parStatut("non_eligible");
  const phrases = [`<p>Situation au ${dateFr(r.date)} : <strong>${e} aide${e > 1 ? "s" : ""} possible${e > 1 ? "s" : ""}</strong>, `
    + `${parStatut("a_completer")} à compléter, ${n} non éligible${n > 1 ? "s" : ""}.</p>`];
  if (r.meilleure_combinaison.ids.length) phrases.push(`<p class="resultat__combinaison">${phraseCombinaison(r, donnees)}</p>`);
  return `<div class="resultat__synthese">${phrases.join("")}${choix(r, donnees)}${incompatibles(r, donnees)}${phraseTerritoire(r)}</div>`;
}

function echeancier(r) {
  if (!r.graphique) return "";
  return `<section class="resultat__echeancier"><h2>Vos versements, année par année</h2>${r.graphique}</section>`;
}

/** The whole result as HTML. `racine` is the site root relative to the page; `barre`, the
 * controls shown under the summary. */
export function rendreResultat(r, donnees, racine, barre = "") {
  const libelles = Object.fromEntries(Object.entries(donnees.schema.properties).map(([nom, p]) => [nom, p.title]));
  const tri = (a, b) => (b.montant_total ?? b.montant_annuel ?? -1) - (a.montant_total ?? a.montant_annuel ?? -1);
  const cartes = (liste) => liste.sort(tri).map((a) => carte(a, donnees, racine, libelles)).join("");
  const eligibles = cartes(r.aides.filter((a) => a.statut === "eligible"));
  const aCompleter = cartes(r.aides.filter((a) => a.statut === "a_completer"));
  const nonRemplie = r.aides.filter((a) => a.statut === "non_eligible" && a.non_eligible_par !== "profil");
  const horsProfil = r.aides.filter((a) => a.statut === "non_eligible" && a.non_eligible_par === "profil");
  return `${synthese(r, donnees)}${echeancier(r)}${barre}
    <h2>Aides possibles</h2>${eligibles || "<p>Aucune aide n'est acquise avec les réponses données.</p>"}
    ${aCompleter ? `<h2>À compléter</h2>${aCompleter}` : ""}
    ${nonRemplie.length ? `<h2>Une condition n'est pas remplie (${nonRemplie.length})</h2><div class="resultat__non-remplies">${cartes(nonRemplie)}</div>` : ""}
    ${horsProfil.length ? `<details class="resultat__non-eligibles"><summary>Pas pour votre profil ou votre région (${horsProfil.length})</summary>${cartes(horsProfil)}</details>` : ""}
    <section class="resultat__ailleurs"><h2>Et ailleurs ?</h2><div data-comparaison-place><p>Calcul de la même situation dans les autres zones et régions…</p></div></section>`;
}

/** The answers in words (`ouvert`: as a plain list, else in a box closed on screen). */
export function rendreSituation(reponses, date, donnees, ouvert = false) {
  const lignes = [];
  const proprietes = donnees.schema.properties;
  for (const [nom, p] of Object.entries(proprietes)) {
    const v = reponses[nom];
    if (v === undefined) continue;
    lignes.push(`<dt>${html(p.title)}</dt><dd>${html(answerText(nom, v, proprietes))}</dd>`);
  }
  if (date) lignes.push(`<dt>Date de la situation</dt><dd>${dateFr(date)}</dd>`);
  if (!lignes.length) return "";
  return ouvert ? `<dl class="dossier__situation">${lignes.join("")}</dl>`
    : `<details class="calculateur__situation"><summary>Votre situation</summary><dl>${lignes.join("")}</dl></details>`;
}

/**
 * Show a result in `conteneur` (the calculator's results element) and what goes with it: the
 * « Et ailleurs ? » table (a second engine call, `moteur.comparer`), the dossier and the
 * simulation file (download, and reload by dropping a file: `charger(reponses, date)`).
 * @param {HTMLElement} conteneur
 * @param {{resultat: object, reponses: object, date: string, donnees: object, racine: string,
 *          moteur: {comparer: Function}, charger: (reponses: object, date: string) => void}} c
 */
export function afficherResultat(conteneur, c) {
  const { resultat, reponses, date, donnees, racine } = c;
  conteneur.innerHTML = rendreSituation(reponses, date, donnees)
    + rendreResultat(resultat, donnees, racine, barreDossier())
    + placeDossier();
  preparerDossier(conteneur, resultat, reponses, date, donnees);
  installerFichier(conteneur, c);
  remplirComparaison(conteneur.querySelector("[data-comparaison-place]"), c);
}
