// The simulation as a file: download it as JSON (the engine's own output plus the answers and the
// date), and reload one by dropping it on the calculator or choosing it, so that a doctor can keep
// it or send it to a CPAM or ARS adviser. A bad or foreign file gets a French message saying what
// is wrong with it (shown as text, never as markup); a good one refills the form and is evaluated
// again by the engine.

import { formatDate } from "./format.js";
import { situationAddress } from "./url-state.js";

export const FORMAT = "aides-medecins-simulation";
export const VERSION = 1;
const MAX_SIZE = 5 * 1024 * 1024;
const installed = new WeakSet();

function fileName(date) {
  return `simulation-aides-medecins-${date || "sans-date"}.json`;
}

/** The file's content for a result, the answers that gave it and their date. */
export function fileContent(result, answers, date, properties) {
  const { graphique: _chart, ...output } = result;
  return {
    format: FORMAT,
    version: VERSION,
    adresse: situationAddress({ answers, date: date || result.date }, properties),
    enregistre_le: new Date().toISOString(),
    date: date || result.date,
    profil: answers,
    resultat: output,
  };
}

/** The answers and date of a file's text, or a French message saying why it cannot be read. */
export function readSimulation(text, properties) {
  let d;
  try {
    d = JSON.parse(text);
  } catch {
    return { error: "Ce fichier n'est pas une simulation enregistrée par ce calculateur : son contenu n'est pas du JSON lisible." };
  }
  if (!d || typeof d !== "object" || Array.isArray(d) || d.format !== FORMAT) {
    return { error: "Ce fichier JSON ne vient pas de ce calculateur : il n'est pas marqué comme une simulation d'aides aux médecins (champ « format »)." };
  }
  if (d.version !== VERSION) {
    return { error: `Cette simulation a été enregistrée dans un format (version ${String(d.version)}) que ce calculateur ne sait pas relire.` };
  }
  if (!d.profil || typeof d.profil !== "object" || Array.isArray(d.profil)) {
    return { error: "Cette simulation ne contient pas de réponses lisibles (champ « profil »)." };
  }
  const unknown = Object.keys(d.profil).filter((k) => !properties[k]);
  if (unknown.length) {
    return { error: `Cette simulation contient une réponse que ce calculateur ne connaît pas : « ${unknown[0]} ».` };
  }
  if (d.date !== undefined && d.date !== "" && !/^\d{4}-\d{2}-\d{2}$/.test(String(d.date))) {
    return { error: `La date de cette simulation n'est pas une date AAAA-MM-JJ (« ${String(d.date)} »).` };
  }
  const answers = {};
  for (const [k, v] of Object.entries(d.profil)) {
    if (v === null || v === "") continue;
    // A repeated group is a list of members, each a table of answers (`answersFromProfile` spells them).
    answers[k] = Array.isArray(v)
      ? v.map((x) => (x && typeof x === "object" && !Array.isArray(x) ? x : String(x)))
      : (typeof v === "boolean" ? (v ? "oui" : "non") : String(v));
  }
  return { answers, date: d.date || "" };
}

function download(c) {
  const text = JSON.stringify(fileContent(c.result, c.answers, c.date, c.data.schema.properties), null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName(c.date || c.result.date);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function openFile(file, state) {
  const message = state.root.querySelector(".simulation__message");
  const say = (text, isError) => {
    if (!message) return;
    message.textContent = text;
    message.classList.toggle("simulation__message--erreur", Boolean(isError));
  };
  if (!file) return;
  if (file.size > MAX_SIZE) {
    say(`Ce fichier (${Math.round(file.size / 1024 / 1024)} Mo) est trop gros pour être une simulation enregistrée par ce calculateur.`, true);
    return;
  }
  const read = readSimulation(await file.text(), state.data.schema.properties);
  if (read.error) {
    say(read.error, true);
    return;
  }
  state.load(read.answers, read.date);
  say(`Simulation ${read.date ? `au ${formatDate(read.date)} ` : ""}rouverte depuis « ${file.name} » : le moteur la recalcule.`, false);
}

/** The download and open controls under the result, and dropping a file on the calculator. */
export function installSimulationFile(container, c) {
  const root = container.closest("#calculateur") || container;
  const state = root.simulationFile || (root.simulationFile = { root });
  Object.assign(state, { data: c.data, load: c.load, last: c });
  const bar = container.querySelector(".calculateur__dossier-actions");
  if (bar) {
    bar.insertAdjacentHTML("beforeend", `<button type="button" class="md-button" data-action="telecharger">Télécharger la simulation (JSON)</button>
      <label class="md-button simulation__ouvrir">Ouvrir une simulation enregistrée<input type="file" accept=".json,application/json" class="simulation__fichier"></label>
      <span class="simulation__aide">ou déposez son fichier sur le calculateur.</span>`);
    bar.querySelector('[data-action="telecharger"]').addEventListener("click", () => download(state.last));
    bar.querySelector(".simulation__fichier").addEventListener("change", (e) => openFile(e.target.files[0], state));
  }
  if (!root.querySelector(".simulation__message")) {
    root.querySelector(".calculateur__sortie, .calculateur__resultats")?.insertAdjacentHTML("afterbegin",
      '<p class="simulation__message" role="status" aria-live="polite"></p>');
  }
  if (installed.has(root)) return;
  installed.add(root);
  const hasFile = (e) => e.dataTransfer && [...e.dataTransfer.types].includes("Files");
  root.addEventListener("dragover", (e) => {
    if (!hasFile(e)) return;
    e.preventDefault();
    root.classList.add("calculateur--depot");
  });
  root.addEventListener("dragleave", (e) => {
    if (!root.contains(e.relatedTarget)) root.classList.remove("calculateur--depot");
  });
  root.addEventListener("drop", (e) => {
    if (!hasFile(e)) return;
    e.preventDefault();
    root.classList.remove("calculateur--depot");
    openFile(e.dataTransfer.files[0], state);
  });
}
