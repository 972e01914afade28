// What to do next for an eligible aid, from the engine's `demarches`: whom to contact, where,
// what to send, each deadline as a date (said when already past at the evaluation date, or what
// answer it waits for), the commitments and what ends it. The card shows it as a list, the dossier
// as a checklist.

import { formatDate as dateFr, escapeHtml as html } from "./format.js";

function lienOuTexte(adresse) {
  if (/^https?:\/\//.test(adresse)) return `<a href="${html(adresse)}" rel="noopener">${html(adresse)}</a>`;
  if (/^[^@\s]+@[^@\s]+$/.test(adresse)) return `<a href="mailto:${html(adresse)}">${html(adresse)}</a>`;
  return html(adresse);
}

function echeance(e, libelles) {
  let quand;
  if (e.date) quand = `<strong>${dateFr(e.date)}</strong>${e.passee ? ' <span class="demarches__passee">(date dépassée à la date de la simulation)</span>' : ""}`;
  else if (e.manque) quand = `${html(e.delai)} (répondez à « ${html(libelles[e.manque] || e.manque)} » pour la date)`;
  else quand = html(e.delai || "");
  return `${html(e.libelle)} ${quand}`;
}

/** The steps as [kind, HTML] items, in the order one takes them. */
export function etapes(d, libelles) {
  const out = [];
  if (d.contact) out.push(["contact", `Contacter : ${html(d.contact)}`]);
  if (d.adresse) out.push(["adresse", `Adresse : ${lienOuTexte(d.adresse)}`]);
  for (const p of d.pieces) out.push(["piece", `À envoyer : ${html(p)}`]);
  for (const e of d.echeances) out.push([e.passee ? "echeance echeance--passee" : "echeance", echeance(e, libelles)]);
  return out;
}

/** The `[data-demarches]` block of an eligible card. */
export function rendreDemarches(aide, libelles) {
  const d = aide.demarches;
  if (!d) return `<div class="resultat__demarches" data-demarches><p>Démarches : non précisées par les sources ; voir la fiche du dispositif.</p></div>`;
  const items = etapes(d, libelles).map(([classe, texte]) => `<li class="demarches__${classe.split(" ")[0]}">${texte}</li>`);
  const note = d.note ? `<p>${html(d.note)}</p>` : "";
  const engagements = d.engagements.length
    ? `<p class="demarches__titre">Ce à quoi vous vous engagez :</p><ul>${d.engagements.map((e) => `<li>${html(e)}</li>`).join("")}</ul>` : "";
  const fin = d.fin.length ? `<p class="demarches__fin">Ce qui y met fin : ${d.fin.map(html).join(" ")}</p>` : "";
  return `<div class="resultat__demarches" data-demarches><p class="demarches__titre">Prochaines étapes :</p>`
    + `<ul>${items.join("")}</ul>${note}${engagements}${fin}</div>`;
}
