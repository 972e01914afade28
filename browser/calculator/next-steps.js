// What to do next for an eligible aid, from the engine's `demarches`: whom to contact, where,
// what to send, each deadline as a date (said when already past at the evaluation date, or what
// answer it waits for), the commitments and what ends it. The card shows it as a list, the dossier
// as a checklist.

import { formatDate, escapeHtml } from "./format.js";

function linkOrText(address) {
  if (/^https?:\/\//.test(address)) return `<a href="${escapeHtml(address)}" rel="noopener">${escapeHtml(address)}</a>`;
  if (/^[^@\s]+@[^@\s]+$/.test(address)) return `<a href="mailto:${escapeHtml(address)}">${escapeHtml(address)}</a>`;
  return escapeHtml(address);
}

function deadline(e, labels) {
  let when;
  if (e.date) when = `<strong>${formatDate(e.date)}</strong>${e.passee ? ' <span class="demarches__passee">(date dépassée à la date de la simulation)</span>' : ""}`;
  else if (e.manque) when = `${escapeHtml(e.delai)} (répondez à « ${escapeHtml(labels[e.manque] || e.manque)} » pour la date)`;
  else when = escapeHtml(e.delai || "");
  return `${escapeHtml(e.libelle)} ${when}`;
}

/** The steps as [kind, HTML] items, in the order one takes them. */
export function steps(d, labels) {
  const out = [];
  if (d.contact) out.push(["contact", `Contacter : ${escapeHtml(d.contact)}`]);
  if (d.adresse) out.push(["adresse", `Adresse : ${linkOrText(d.adresse)}`]);
  for (const p of d.pieces) out.push(["piece", `À envoyer : ${escapeHtml(p)}`]);
  for (const e of d.echeances) out.push([e.passee ? "echeance echeance--passee" : "echeance", deadline(e, labels)]);
  return out;
}

/** The `[data-demarches]` block of an eligible card. */
export function renderNextSteps(aid, labels) {
  const d = aid.demarches;
  if (!d) return `<div class="resultat__demarches" data-demarches><p>Démarches : non précisées par les sources ; voir la fiche du dispositif.</p></div>`;
  const items = steps(d, labels).map(([kind, text]) => `<li class="demarches__${kind.split(" ")[0]}">${text}</li>`);
  const note = d.note ? `<p>${escapeHtml(d.note)}</p>` : "";
  const commitments = d.engagements.length
    ? `<p class="demarches__titre">Ce à quoi vous vous engagez :</p><ul>${d.engagements.map((e) => `<li>${escapeHtml(e)}</li>`).join("")}</ul>` : "";
  const end = d.fin.length ? `<p class="demarches__fin">Ce qui y met fin : ${d.fin.map(escapeHtml).join(" ")}</p>` : "";
  return `<div class="resultat__demarches" data-demarches><p class="demarches__titre">Prochaines étapes :</p>`
    + `<ul>${items.join("")}</ul>${note}${commitments}${end}</div>`;
}
