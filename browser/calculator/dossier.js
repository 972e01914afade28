// « Mon dossier » (`[data-dossier]`): one view of the result that prints on A4 (or saves as PDF
// from the browser's print dialog): the situation as answered, the best combination with its
// schedule (the engine's chart and table), the next steps as a checklist, the pairs that do not
// combine and why, the simulation's date and the data's check date, and the link that reopens it.
// It is made when first shown (not on every update of the result).
// While the dossier is shown (`body.calculateur--dossier`), the print holds the dossier only;
// otherwise the print holds the result, each card with its conditions and sources filled in.

import { formatDate as dateFr, escapeHtml as html } from "./format.js";
import { etapes } from "./next-steps.js";
import { nomCourt, phraseCombinaison, rendreDetails, rendreSituation } from "./results.js";
import { situationAddress } from "./url-state.js";

const MODE = "calculateur--dossier";
let dernier = null;

function nomDuSite() {
  const titre = document.title.split(" - ");
  return titre.length > 1 ? titre[titre.length - 1] : document.title;
}

function aujourdhui() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function libellesDe(donnees) {
  return Object.fromEntries(Object.entries(donnees.schema.properties).map(([n, p]) => [n, p.title]));
}

function prochainesEtapes(r, donnees) {
  const parId = Object.fromEntries(r.aides.map((a) => [a.id, a]));
  const ids = [...new Set([...r.meilleure_combinaison.ids, ...r.meilleure_combinaison.a_choisir.flat()])];
  const libelles = libellesDe(donnees);
  const blocs = ids.map((id) => {
    const a = parId[id];
    const d = a.demarches;
    const cases = d ? etapes(d, libelles).map(([, texte]) => `<li>${texte}</li>`) : [];
    if (d) for (const e of d.engagements) cases.push(`<li>S'engager : ${html(e)}</li>`);
    if (!cases.length) cases.push("<li>Se renseigner auprès du financeur (démarches non précisées par les sources).</li>");
    return `<h4>${html(nomCourt(id, donnees.aides, r.aides))}</h4><ul class="dossier__cases">${cases.join("")}</ul>`;
  });
  return blocs.join("") || "<p>Aucune aide retenue.</p>";
}

function incompatibles(r, donnees) {
  if (!r.incompatibilites_motifs.length) return "<p>Toutes les aides retenues se cumulent.</p>";
  return `<ul>${r.incompatibilites_motifs.map((p) => `<li><strong>${html(nomCourt(p.aides[0], donnees.aides, r.aides))}</strong> et <strong>${html(nomCourt(p.aides[1], donnees.aides, r.aides))}</strong> : ${html(p.motif)}${p.source ? ` (source : ${html(p.source.titre)})` : ""}</li>`).join("")}</ul>`;
}

function dateDeVerification(r) {
  const ids = new Set(r.meilleure_combinaison.ids);
  const dates = r.aides.filter((a) => ids.has(a.id)).map((a) => a.fraicheur.verifie_le).sort();
  return dates[0] || r.aides.map((a) => a.fraicheur.verifie_le).sort()[0];
}

/** The bar that opens the dossier (the simulation file's controls join it). */
export function barreDossier() {
  return `<div class="calculateur__dossier-actions">
    <button type="button" class="md-button" data-action="dossier">Mon dossier (à imprimer ou enregistrer en PDF)</button></div>`;
}

/** The dossier's content for a result, the answers that gave it and their date. */
export function rendreDossier(r, reponses, date, donnees) {
  const adresse = situationAddress(reponses, date || r.date, donnees.schema.properties);
  const combinaison = r.meilleure_combinaison.ids.length ? `<p>${phraseCombinaison(r, donnees)}</p>` : "<p>Aucune aide n'est acquise avec les réponses données.</p>";
  return `<div class="dossier__actions">
      <button type="button" class="md-button md-button--primary" data-action="imprimer-dossier">Imprimer ou enregistrer en PDF</button>
      <button type="button" class="md-button" data-action="fermer-dossier">Revenir au résultat</button>
    </div>
    <header class="dossier__entete"><p class="dossier__site">${html(nomDuSite())}</p>
      <h2 id="dossier-titre">Mon dossier d'aides</h2>
      <p class="dossier__dates">Simulation au <strong>${dateFr(r.date)}</strong> · données des dispositifs vérifiées le ${dateFr(dateDeVerification(r))} · dossier préparé le ${dateFr(aujourdhui())}</p></header>
    <h3>Ma situation</h3>${rendreSituation(reponses, date, donnees, true) || "<p>Aucune réponse donnée.</p>"}
    <h3>La meilleure combinaison</h3>${combinaison}${r.graphique || ""}
    <h3>Prochaines étapes</h3>${prochainesEtapes(r, donnees)}
    <h3>Ce qui ne se cumule pas</h3>${incompatibles(r, donnees)}
    <h3>Retrouver cette simulation</h3>
    <p>Ce lien rouvre la même situation dans le calculateur : <a class="dossier__lien" href="${html(adresse)}">${html(adresse)}</a></p>
    <p class="dossier__avertissement">Estimation faite par le moteur de règles du guide à partir des sources citées ; seul l'organisme financeur décide de l'attribution.</p>`;
}

/** The place of the dossier under a result: empty and hidden until asked for. */
export function placeDossier() {
  return '<section class="dossier" data-dossier hidden aria-labelledby="dossier-titre"></section>';
}

function montrer(conteneur, oui) {
  const dossier = conteneur.querySelector("[data-dossier]");
  if (!dossier || !dernier) return;
  if (oui && !dossier.childElementCount) {
    const { r, reponses, date, donnees } = dernier;
    dossier.innerHTML = rendreDossier(r, reponses, date, donnees);
  }
  dossier.hidden = !oui;
  document.body.classList.toggle(MODE, oui);
  if (oui) dossier.querySelector("h2").scrollIntoView();
}

/** Wire the dossier's buttons for the result just shown in `conteneur` (made when first shown). */
export function preparerDossier(conteneur, r, reponses, date, donnees) {
  dernier = { conteneur, r, reponses: { ...reponses }, date, donnees };
  if (document.body.classList.contains(MODE)) montrer(conteneur, true);
  if (conteneur.dataset.dossierPret) return;
  conteneur.dataset.dossierPret = "";
  conteneur.addEventListener("click", (e) => {
    const action = e.target.closest("[data-action]")?.dataset.action;
    if (action === "dossier") montrer(conteneur, true);
    if (action === "fermer-dossier") montrer(conteneur, false);
    if (action === "imprimer-dossier") window.print();
  });
}

// The ordinary print: the situation in words and every card's conditions and sources (rendered on
// first opening only) are opened for the print, then closed again; no empty box is printed.
addEventListener("beforeprint", () => {
  for (const d of document.querySelectorAll(".calculateur__situation:not([open])")) {
    d.open = true;
    d.dataset.refermer = "";
  }
  if (!dernier || !dernier.conteneur.isConnected || document.body.classList.contains(MODE)) return;
  // Where the printed page comes from: the site, the situation's date, the link that reopens it.
  const { conteneur, r, reponses, date, donnees } = dernier;
  const adresse = situationAddress(reponses, date || r.date, donnees.schema.properties);
  conteneur.querySelector("[data-impression]")?.remove();
  conteneur.insertAdjacentHTML("afterbegin", `<p class="calculateur__impression" data-impression>${html(nomDuSite())} — simulation au ${dateFr(date || r.date)}, imprimée le ${dateFr(aujourdhui())} — ${html(adresse)}</p>`);
  const parId = Object.fromEntries(dernier.r.aides.map((a) => [a.id, a]));
  for (const d of dernier.conteneur.querySelectorAll(".resultat__details")) {
    const aide = parId[d.closest("[data-aide]").dataset.aide];
    if (!aide) continue;
    if (d.hasAttribute("data-differe")) {
      d.removeAttribute("data-differe");
      d.insertAdjacentHTML("beforeend", rendreDetails(aide));
    }
    if (!d.open) {
      d.open = true;
      d.dataset.refermer = "";
    }
  }
});
addEventListener("afterprint", () => {
  for (const d of document.querySelectorAll("details[data-refermer]")) {
    d.open = false;
    delete d.dataset.refermer;
  }
});
