// Module worker of the calculator: runs the Python engine in Pyodide, off the page's main thread.
//
// Messages in: {type: "demarrer", index, stdlib, verrou, roue, fichiers, instantane: {cache, cle}}
// (the downloads start), {type: "lancer"} (Pyodide starts: sent once the page's own scripts have
// run), then {type: "evaluer", id, profil, date} (the evaluation and its schedule's figure) or
// {type: "comparer", id, profil, date} (« Et ailleurs ? »). Messages out: {type: "progres", etape,
// valeur}, {type: "pret", mesures}, {type: "resultat", id, json, duree}, {type: "instantane", ok}
// (the memory snapshot is stored), {type: "erreur", message}.
//
// Every file is downloaded once, as soon as the worker starts: Pyodide's core, the Python standard
// library trimmed to what the engine needs (build_scripts/python_stdlib.py, `stdLibURL`) and the
// engine's wheel, in parallel; Pyodide's own requests for them are answered from these downloads
// (its WebAssembly is compiled while it arrives). Each file is read from the cache `fichiers` when
// it is there (a later visit: nothing goes over the network) and put in it otherwise, where the
// service worker (sw-calculateur.js) finds it instead of downloading it again.
//
// Warm start: once the files and the compiled WebAssembly come from the browser's caches, what is
// left of a start is Python's own start-up. A start without a memory snapshot therefore runs in
// snapshot mode and, right after answering its first evaluation (the engine imported, its data
// loaded, its caches warm), takes a snapshot of the interpreter (a copy of its memory, tens of
// milliseconds) and stores it in Cache Storage (keyed on Pyodide's version and the engine's hash);
// later starts restore it instead of booting Python again. Any problem with a snapshot falls back
// to a normal start.

// The engine's wheel, unzipped into site-packages (not through Pyodide's package loader, which
// would also import tarfile, email and importlib.metadata, and download what it imports). The
// build's trimmed standard library and the parity test install it with this very code
// (build_scripts/pyodide_engine.mjs reads it here).
const INSTALLER = `
import sys, zipfile
site_packages = next(p for p in sys.path if p.endswith("site-packages"))
zipfile.ZipFile("/tmp/moteur.whl").extractall(site_packages)
sys.path_importer_cache.pop(site_packages, None)  # not importlib.invalidate_caches(): it imports importlib.metadata
del site_packages
`;
// The engine's one entry point (engine/api.py), the same the parity test and the benchmarks call.
const MOTEUR = `
from engine.api import compare_json, evaluate_json, warm_up
warm_up()
`;

let pyodide = null;
let appels = null;
let signale = false;
let demarrage = null;
let instantaneAFaire = null;
const telechargements = new Map();

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

/** One file: from the cache `nom` when it is there, else downloaded and put in it. */
async function telecharger(url, nom) {
  const cache = nom ? await caches.open(nom).catch(() => null) : null;
  const garde = cache ? await cache.match(url).catch(() => null) : null;
  if (garde) return garde;
  const reponse = await fetch(url);
  if (cache && reponse.ok) cache.put(url, reponse.clone()).catch(() => {});
  return reponse;
}

// Pyodide's requests for a file being downloaded are answered by that download (once).
const chercher = self.fetch;
self.fetch = function (requete, options) {
  const url = typeof requete === "string" ? requete : requete instanceof URL ? requete.href : requete.url;
  const enCours = telechargements.get(url);
  if (!enCours) return chercher.call(self, requete, options);
  telechargements.delete(url);
  return enCours;
};

async function lireInstantane({ cache, cle }) {
  try {
    const reponse = await (await caches.open(cache)).match(cle);
    return reponse ? new Uint8Array(await reponse.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

async function garderInstantane({ cache, cle }, image) {
  try {
    for (const nom of await caches.keys()) {
      if (nom.startsWith("calculateur-instantane-") && nom !== cache) await caches.delete(nom);
    }
    const reponse = new Response(image, { headers: { "Content-Type": "application/octet-stream" } });
    await (await caches.open(cache)).put(cle, reponse);
    return true;
  } catch {
    return false;
  }
}

function horodatage() {
  return performance.timeOrigin + performance.now();
}

/** Start every download (the first message, from the page's <head>). */
function preparer(m) {
  demarrage = m;
  const index = new URL(m.index);
  const fichiers = [new URL("pyodide.asm.wasm", index).href, m.stdlib, m.roue];
  for (const url of fichiers) telechargements.set(url, telecharger(url, m.fichiers));
  demarrage.modules = Promise.all([
    import(new URL("pyodide.mjs", index).href),
    import(new URL("pyodide.asm.mjs", index).href),
  ]);
  demarrage.modules.catch(() => {});
  demarrage.image = m.instantane ? lireInstantane(m.instantane) : Promise.resolve(null);
}

async function lancer() {
  const { index, stdlib, verrou, roue, instantane } = demarrage;
  const mesures = { debut: horodatage() };
  progres("pyodide", 10);
  const [{ loadPyodide }, coeur] = await demarrage.modules;
  const options = { indexURL: index, stdLibURL: stdlib, lockFileContents: verrou, createPyodideModule: coeur.default };
  const image = await demarrage.image;
  mesures.instantane = Boolean(image);
  progres("python", 30);
  if (image) {
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: image });
    } catch (e) {
      pyodide = null;
      mesures.instantane = false;
      mesures.instantaneRejete = String(e && e.message ? e.message : e);
      for (const url of [new URL("pyodide.asm.wasm", index).href, stdlib]) {
        telechargements.set(url, telecharger(url, demarrage.fichiers));
      }
    }
  }
  const faire = !pyodide && Boolean(instantane);
  if (!pyodide) pyodide = await loadPyodide({ ...options, _makeSnapshot: faire });
  // The engine's files (a restored snapshot has the engine in memory, not its files).
  pyodide.FS.writeFile("/tmp/moteur.whl", new Uint8Array(await (await fetch(roue)).arrayBuffer()));
  pyodide.runPython(INSTALLER);
  mesures.python = horodatage();
  progres("moteur", 85);
  pyodide.runPython(MOTEUR);
  appels = { evaluer: pyodide.globals.get("evaluate_json"), comparer: pyodide.globals.get("compare_json") };
  mesures.moteur = horodatage();
  if (faire) instantaneAFaire = instantane;
  postMessage({ type: "pret", mesures });
}

/** The memory snapshot of a first start, once (after its first answer: nothing waits for it). */
async function faireInstantane() {
  const cible = instantaneAFaire;
  instantaneAFaire = null;
  let image;
  try {
    image = pyodide.makeMemorySnapshot();
  } catch (e) {
    console.warn("Instantané du moteur impossible :", e);
    postMessage({ type: "instantane", ok: false });
    return;
  }
  postMessage({ type: "instantane", ok: await garderInstantane(cible, image) });
}

self.onmessage = (event) => {
  const m = event.data;
  if (m.type === "demarrer") {
    try {
      preparer(m);
    } catch (e) {
      erreur(e);
    }
  } else if (m.type === "lancer") {
    lancer().catch(erreur);
  } else if (m.type === "evaluer" || m.type === "comparer") {
    const debut = performance.now();
    let json;
    try {
      json = appels[m.type](JSON.stringify(m.profil), m.date || "");
    } catch (e) {
      json = JSON.stringify({ erreur: { champ: null, message: "Erreur interne du moteur de calcul." } });
    }
    postMessage({ type: "resultat", id: m.id, json, duree: performance.now() - debut });
    if (instantaneAFaire) faireInstantane();
  }
};
