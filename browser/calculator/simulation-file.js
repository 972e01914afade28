// The simulation as a file: download it as JSON (the engine's own output plus the answers and the
// date), and reload one by dropping it on the calculator or choosing it, so that a doctor can keep
// it or send it to a CPAM or ARS adviser. A bad or foreign file gets a French message saying what
// is wrong with it (shown as text, never as markup); a good one refills the form and is evaluated
// again by the engine.

import { formatDate as dateFr } from "./format.js";
import { situationAddress } from "./url-state.js";

export const FORMAT = "aides-medecins-simulation";
export const VERSION = 1;
const TAILLE_MAX = 5 * 1024 * 1024;
const installes = new WeakSet();

function nomDeFichier(date) {
  return `simulation-aides-medecins-${date || "sans-date"}.json`;
}

/** The file's content for a result, the answers that gave it and their date. */
export function contenu(resultat, reponses, date, proprietes) {
  const { graphique, ...moteur } = resultat;
  return {
    format: FORMAT,
    version: VERSION,
    adresse: situationAddress(reponses, date || resultat.date, proprietes),
    enregistre_le: new Date().toISOString(),
    date: date || resultat.date,
    profil: reponses,
    resultat: moteur,
  };
}

/** The answers and date of a file's text, or a French message saying why it cannot be read. */
export function lireSimulation(texte, proprietes) {
  let d;
  try {
    d = JSON.parse(texte);
  } catch {
    return { erreur: "Ce fichier n'est pas une simulation enregistrée par ce calculateur : son contenu n'est pas du JSON lisible." };
  }
  if (!d || typeof d !== "object" || Array.isArray(d) || d.format !== FORMAT) {
    return { erreur: "Ce fichier JSON ne vient pas de ce calculateur : il n'est pas marqué comme une simulation d'aides aux médecins (champ « format »)." };
  }
  if (d.version !== VERSION) {
    return { erreur: `Cette simulation a été enregistrée dans un format (version ${String(d.version)}) que ce calculateur ne sait pas relire.` };
  }
  if (!d.profil || typeof d.profil !== "object" || Array.isArray(d.profil)) {
    return { erreur: "Cette simulation ne contient pas de réponses lisibles (champ « profil »)." };
  }
  const inconnus = Object.keys(d.profil).filter((k) => !proprietes[k]);
  if (inconnus.length) {
    return { erreur: `Cette simulation contient une réponse que ce calculateur ne connaît pas : « ${inconnus[0]} ».` };
  }
  if (d.date !== undefined && d.date !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(String(d.date))) {
    return { erreur: `La date de cette simulation n'est pas une date AAAA-MM-JJ (« ${String(d.date)} »).` };
  }
  const reponses = {};
  for (const [k, v] of Object.entries(d.profil)) {
    if (v === null || v === "") continue;
    // A repeated group is a list of members, each a table of answers (`answersFromProfile` spells them).
    reponses[k] = Array.isArray(v)
      ? v.map((x) => (x && typeof x === "object" && !Array.isArray(x) ? x : String(x)))
      : (typeof v === "boolean" ? (v ? "oui" : "non") : String(v));
  }
  return { reponses, date: d.date || "" };
}

function telecharger(c) {
  const texte = JSON.stringify(contenu(c.resultat, c.reponses, c.date, c.donnees.schema.properties), null, 2);
  const url = URL.createObjectURL(new Blob([texte], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = nomDeFichier(c.date || c.resultat.date);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function ouvrir(fichier, etat) {
  const message = etat.racine.querySelector(".simulation__message");
  const dire = (texte, erreur) => {
    if (!message) return;
    message.textContent = texte;
    message.classList.toggle("simulation__message--erreur", Boolean(erreur));
  };
  if (!fichier) return;
  if (fichier.size > TAILLE_MAX) {
    dire(`Ce fichier (${Math.round(fichier.size / 1024 / 1024)} Mo) est trop gros pour être une simulation enregistrée par ce calculateur.`, true);
    return;
  }
  const lu = lireSimulation(await fichier.text(), etat.donnees.schema.properties);
  if (lu.erreur) {
    dire(lu.erreur, true);
    return;
  }
  etat.charger(lu.reponses, lu.date);
  dire(`Simulation ${lu.date ? `au ${dateFr(lu.date)} ` : ""}rouverte depuis « ${fichier.name} » : le moteur la recalcule.`, false);
}

/** The download and open controls under the result, and dropping a file on the calculator. */
export function installerFichier(conteneur, c) {
  const racine = conteneur.closest("#calculateur") || conteneur;
  const etat = racine.simulation || (racine.simulation = { racine });
  Object.assign(etat, { donnees: c.donnees, charger: c.charger, dernier: c });
  const barre = conteneur.querySelector(".calculateur__dossier-actions");
  if (barre) {
    barre.insertAdjacentHTML("beforeend", `<button type="button" class="md-button" data-action="telecharger">Télécharger la simulation (JSON)</button>
      <label class="md-button simulation__ouvrir">Ouvrir une simulation enregistrée<input type="file" accept=".json,application/json" class="simulation__fichier"></label>
      <span class="simulation__aide">ou déposez son fichier sur le calculateur.</span>`);
    barre.querySelector('[data-action="telecharger"]').addEventListener("click", () => telecharger(etat.dernier));
    barre.querySelector(".simulation__fichier").addEventListener("change", (e) => ouvrir(e.target.files[0], etat));
  }
  if (!racine.querySelector(".simulation__message")) {
    racine.querySelector(".calculateur__sortie, .calculateur__resultats")?.insertAdjacentHTML("afterbegin",
      '<p class="simulation__message" role="status" aria-live="polite"></p>');
  }
  if (installes.has(racine)) return;
  installes.add(racine);
  const aFichier = (e) => e.dataTransfer && [...e.dataTransfer.types].includes("Files");
  racine.addEventListener("dragover", (e) => {
    if (!aFichier(e)) return;
    e.preventDefault();
    racine.classList.add("calculateur--depot");
  });
  racine.addEventListener("dragleave", (e) => {
    if (!racine.contains(e.relatedTarget)) racine.classList.remove("calculateur--depot");
  });
  racine.addEventListener("drop", (e) => {
    if (!aFichier(e)) return;
    e.preventDefault();
    racine.classList.remove("calculateur--depot");
    ouvrir(e.dataTransfer.files[0], etat);
  });
}
