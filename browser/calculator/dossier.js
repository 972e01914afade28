// « Mon dossier » (`[data-dossier]`): one view of the result that prints on A4 (or saves as PDF
// from the browser's print dialog): the situation as answered, the best combination with its
// schedule (the engine's chart and table), the next steps as a checklist, the pairs that do not
// combine and why, the simulation's date and the data's check date, and the link that reopens it.
// It is made when first shown (not on every update of the result).
// While the dossier is shown (`body.calculateur--dossier`), the print holds the dossier only;
// otherwise the print holds the result, each card with its conditions and sources filled in.

import { escapeHtml, formatDate } from "./format.js";
import { steps } from "./next-steps.js";
import { combinationSentence, renderDetails, renderSituation, shortName } from "./results.js";
import { situationAddress } from "./url-state.js";

const MODE = "calculateur--dossier";
let last = null;

function siteName() {
  const parts = document.title.split(" - ");
  return parts.length > 1 ? parts[parts.length - 1] : document.title;
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function labelsOf(data) {
  return Object.fromEntries(Object.entries(data.schema.properties).map(([n, p]) => [n, p.title]));
}

function nextSteps(r, data) {
  const byId = Object.fromEntries(r.aides.map((a) => [a.id, a]));
  const ids = [...new Set([...r.meilleure_combinaison.ids, ...r.meilleure_combinaison.a_choisir.flat()])];
  const labels = labelsOf(data);
  const blocks = ids.map((id) => {
    const a = byId[id];
    const d = a.demarches;
    const boxes = d ? steps(d, labels).map(([, text]) => `<li>${text}</li>`) : [];
    if (d) for (const e of d.engagements) boxes.push(`<li>S'engager : ${escapeHtml(e)}</li>`);
    if (!boxes.length) boxes.push("<li>Se renseigner auprès du financeur (démarches non précisées par les sources).</li>");
    return `<h4>${escapeHtml(shortName(id, data.aides, r.aides))}</h4><ul class="dossier__cases">${boxes.join("")}</ul>`;
  });
  return blocks.join("") || "<p>Aucune aide retenue.</p>";
}

function incompatiblePairs(r, data) {
  if (!r.incompatibilites_motifs.length) return "<p>Toutes les aides retenues se cumulent.</p>";
  return `<ul>${r.incompatibilites_motifs.map((p) => `<li><strong>${escapeHtml(shortName(p.aides[0], data.aides, r.aides))}</strong> et <strong>${escapeHtml(shortName(p.aides[1], data.aides, r.aides))}</strong> : ${escapeHtml(p.motif)}${p.source ? ` (source : ${escapeHtml(p.source.titre)})` : ""}</li>`).join("")}</ul>`;
}

function checkDate(r) {
  const ids = new Set(r.meilleure_combinaison.ids);
  const dates = r.aides.filter((a) => ids.has(a.id)).map((a) => a.fraicheur.verifie_le).sort();
  return dates[0] || r.aides.map((a) => a.fraicheur.verifie_le).sort()[0];
}

/** The bar that opens the dossier (the simulation file's controls join it). */
export function dossierBar() {
  return `<div class="calculateur__dossier-actions">
    <button type="button" class="md-button" data-action="dossier">Mon dossier (à imprimer ou enregistrer en PDF)</button></div>`;
}

/** The dossier's content for a result, the answers that gave it and their date. */
export function renderDossier(r, answers, date, data) {
  const address = situationAddress({ answers, date: date || r.date }, data.schema.properties);
  const combination = r.meilleure_combinaison.ids.length ? `<p>${combinationSentence(r, data)}</p>` : "<p>Aucune aide n'est acquise avec les réponses données.</p>";
  return `<div class="dossier__actions">
      <button type="button" class="md-button md-button--primary" data-action="imprimer-dossier">Imprimer ou enregistrer en PDF</button>
      <button type="button" class="md-button" data-action="fermer-dossier">Revenir au résultat</button>
    </div>
    <header class="dossier__entete"><p class="dossier__site">${escapeHtml(siteName())}</p>
      <h2 id="dossier-titre">Mon dossier d'aides</h2>
      <p class="dossier__dates">Simulation au <strong>${formatDate(r.date)}</strong> · données des dispositifs vérifiées le ${formatDate(checkDate(r))} · dossier préparé le ${formatDate(today())}</p></header>
    <h3>Ma situation</h3>${renderSituation(answers, date, data, true) || "<p>Aucune réponse donnée.</p>"}
    <h3>La meilleure combinaison</h3>${combination}${r.graphique || ""}
    <h3>Prochaines étapes</h3>${nextSteps(r, data)}
    <h3>Ce qui ne se cumule pas</h3>${incompatiblePairs(r, data)}
    <h3>Retrouver cette simulation</h3>
    <p>Ce lien rouvre la même situation dans le calculateur : <a class="dossier__lien" href="${escapeHtml(address)}">${escapeHtml(address)}</a></p>
    <p class="dossier__avertissement">Estimation faite par le moteur de règles du guide à partir des sources citées ; seul l'organisme financeur décide de l'attribution.</p>`;
}

/** The place of the dossier under a result: empty and hidden until asked for. */
export function dossierPlace() {
  return '<section class="dossier" data-dossier hidden aria-labelledby="dossier-titre"></section>';
}

function showDossier(container, visible) {
  const dossier = container.querySelector("[data-dossier]");
  if (!dossier || !last) return;
  if (visible && !dossier.childElementCount) {
    const { r, answers, date, data } = last;
    dossier.innerHTML = renderDossier(r, answers, date, data);
  }
  dossier.hidden = !visible;
  document.body.classList.toggle(MODE, visible);
  if (visible) dossier.querySelector("h2").scrollIntoView();
}

/** Wire the dossier's buttons for the result just shown in `container` (made when first shown). */
export function prepareDossier(container, r, answers, date, data) {
  last = { container, r, answers: { ...answers }, date, data };
  if (document.body.classList.contains(MODE)) showDossier(container, true);
  if (container.dataset.dossierPret) return;
  container.dataset.dossierPret = "";
  container.addEventListener("click", (e) => {
    const action = e.target.closest("[data-action]")?.dataset.action;
    if (action === "dossier") showDossier(container, true);
    if (action === "fermer-dossier") showDossier(container, false);
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
  if (!last || !last.container.isConnected || document.body.classList.contains(MODE)) return;
  // Where the printed page comes from: the site, the situation's date, the link that reopens it.
  const { container, r, answers, date, data } = last;
  const address = situationAddress({ answers, date: date || r.date }, data.schema.properties);
  container.querySelector("[data-impression]")?.remove();
  container.insertAdjacentHTML("afterbegin", `<p class="calculateur__impression" data-impression>${escapeHtml(siteName())} — simulation au ${formatDate(date || r.date)}, imprimée le ${formatDate(today())} — ${escapeHtml(address)}</p>`);
  const byId = Object.fromEntries(last.r.aides.map((a) => [a.id, a]));
  for (const d of last.container.querySelectorAll(".resultat__details")) {
    const aid = byId[d.closest("[data-aide]").dataset.aide];
    if (!aid) continue;
    if (d.hasAttribute("data-differe")) {
      d.removeAttribute("data-differe");
      d.insertAdjacentHTML("beforeend", renderDetails(aid));
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
