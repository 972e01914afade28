// Module worker of the calculator: runs the Python engine in Pyodide, off the page's main thread.
//
// Messages in: optionally {type: "precharger", urls} (download only), {type: "demarrer", index,
// roue, instantane: {cache, cle}}, then
// {type: "evaluer", id, profil, date} (the evaluation and its schedule's figure) or
// {type: "comparer", id, profil, date} (« Et ailleurs ? »). Messages out: {type: "progres", etape, valeur},
// {type: "pret", mesures}, {type: "resultat", id, json, duree}, {type: "erreur", message}.
// A second, short-lived instance of this worker receives {type: "instantane", index, roue,
// instantane} and answers {type: "instantane", ok}.
//
// Warm start: once the files and the compiled WebAssembly come from the browser's caches, what is
// left of a start is Python's own start-up (2 to 3 s of WebAssembly execution on a modest
// machine). After a first visit, a memory snapshot of the interpreter with the engine imported and
// its data loaded is saved in Cache Storage (keyed on Pyodide's version and the engine's hash);
// later starts restore it instead of booting Python again. The snapshot is made by the second
// worker, after the first result, so that the first visit is not slowed down (the snapshot mode
// makes Python's start-up slower). Any problem with a snapshot falls back to a normal start.

// The engine's one entry point (engine/api.py), the same the parity test and the benchmarks call.
const MOTEUR = `
from engine.api import compare_json, evaluate_json, warm_up
warm_up()
`;

let pyodide = null;
let appels = null;
let signale = false;

function erreur(raison) {
  if (signale) return;
  signale = true;
  const message = raison && raison.message ? raison.message : String(raison);
  postMessage({ type: "erreur", message });
}

// Pyodide waits forever when WebAssembly instantiation fails (it only logs a warning): report it.
const instancier = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = function (source, imports) {
  return instancier.call(WebAssembly, source, imports).catch((e) => {
    erreur(e);
    throw e;
  });
};
self.addEventListener("unhandledrejection", (event) => erreur(event.reason));

function progres(etape, valeur) {
  postMessage({ type: "progres", etape, valeur });
}

async function lireInstantane({ cache, cle }) {
  try {
    const reponse = await (await caches.open(cache)).match(cle);
    return reponse ? new Uint8Array(await reponse.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

async function oublierInstantanes(garder) {
  try {
    for (const nom of await caches.keys()) {
      if (nom.startsWith("calculateur-instantane-") && nom !== garder) await caches.delete(nom);
    }
  } catch {
    /* Cache Storage unavailable: nothing to clean */
  }
}

async function faireInstantane({ index, roue, instantane }) {
  const { loadPyodide } = await import(new URL("pyodide.mjs", index).href);
  const py = await loadPyodide({ indexURL: index, packages: [roue], _makeSnapshot: true });
  py.runPython(MOTEUR);
  // The snapshot needs the JS-side state Pyodide had at start-up: no package recorded as loaded
  // (the wheel is installed again, from the browser's cache, when the snapshot is restored).
  const charges = py.loadedPackages;
  for (const nom of Object.keys(charges)) delete charges[nom];
  const image = py.makeMemorySnapshot();
  await oublierInstantanes(instantane.cache);
  const reponse = new Response(image, { headers: { "Content-Type": "application/octet-stream" } });
  await (await caches.open(instantane.cache)).put(instantane.cle, reponse);
}

function horodatage() {
  return performance.timeOrigin + performance.now();
}

async function demarrer({ index, roue, instantane }) {
  const mesures = { debut: horodatage() };
  progres("pyodide", 10);
  const { loadPyodide } = await import(new URL("pyodide.mjs", index).href);
  const image = instantane ? await lireInstantane(instantane) : null;
  mesures.instantane = Boolean(image);
  progres("python", 30);
  if (image) {
    try {
      pyodide = await loadPyodide({ indexURL: index, packages: [roue], _loadSnapshot: image });
    } catch (e) {
      pyodide = null;
      mesures.instantane = false;
      mesures.instantaneRejete = String(e && e.message ? e.message : e);
      await oublierInstantanes(null);
    }
  }
  if (!pyodide) pyodide = await loadPyodide({ indexURL: index, packages: [roue] });
  mesures.python = horodatage();
  progres("moteur", 85);
  pyodide.runPython(MOTEUR);
  appels = { evaluer: pyodide.globals.get("evaluate_json"), comparer: pyodide.globals.get("compare_json") };
  mesures.moteur = horodatage();
  postMessage({ type: "pret", mesures });
}

self.onmessage = (event) => {
  const m = event.data;
  if (m.type === "precharger") {
    // Warm the HTTP cache while the page finishes loading (failures surface at start-up).
    for (const url of m.urls) fetch(url).then((r) => r.arrayBuffer()).catch(() => {});
  } else if (m.type === "demarrer") {
    demarrer(m).catch(erreur);
  } else if (m.type === "instantane") {
    signale = true; // this worker reports its own outcome only
    faireInstantane(m).then(() => postMessage({ type: "instantane", ok: true }),
      (e) => postMessage({ type: "instantane", ok: false, message: String(e && e.message ? e.message : e) }));
  } else if (m.type === "evaluer" || m.type === "comparer") {
    const debut = performance.now();
    let json;
    try {
      json = appels[m.type](JSON.stringify(m.profil), m.date || "");
    } catch (e) {
      json = JSON.stringify({ erreur: { champ: null, message: "Erreur interne du moteur de calcul." } });
    }
    postMessage({ type: "resultat", id: m.id, json, duree: performance.now() - debut });
  }
};
