"""Benchmark of the calculator page (not a test): prints its figures and writes benchmarks/results/calculateur.json.

Run: `.venv/bin/python benchmarks/calculateur.py [--repetitions N]`. The site is built into a
temporary folder and served on 127.0.0.1 by a static server that behaves as GitHub Pages
(`Cache-Control: max-age=600`, gzip for text files). Headless Chromium ($CHROMIUM, else /usr/bin/chromium), one fresh browser
profile per repetition: a cold visit, then a warm one (second visit, same profile). Measured:

- time from navigation to the first result (`performance.mark("calculateur:pret")`, set when
  data-state becomes "ready" with the results shown), cold and warm; its ratio to a bare page that
  only loads the same Pyodide files and runs `1+1`, in a module worker as the calculator does (the
  same bare page on the main thread is measured too, for comparison);
- the median time from a form change to the updated result (30 changes);
- the worker's time for the « Et ailleurs ? » table (every zone and region, one call), over 10
  changes (the page asks for it once the answers settle);
- the longest main-thread task (Long Tasks API) during load and during the changes;
- the bytes the calculator page transfers apart from Pyodide's own files: counted by the server
  (text files gzipped, as GitHub Pages does) from the cold navigation to the first result;
- for reference, the longest main-thread task of an ordinary page of the site (Material's own).
Targets (issue 6): cold ratio ≤ 1.15, warm ≤ 60 % of cold, change → result median < 30 ms, longest
task < 200 ms, bytes < 300 KB; « Et ailleurs ? » < 300 ms (issue 17). Figures are medians over the
repetitions.
"""

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PROFIL = (
    "?beneficiaire=centre_sante&region=53&zone=zar&type_centre=medical&conventionne=oui&pdsa=oui"
    "&medecins_recrutes=1&demi_journees_semaine=8&heures_semaine=25&date=2026-03-01"
)
LONGUES = """
window.__longues = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longues.push([e.startTime, e.duration]); })
  .observe({ type: "longtask", buffered: true });
"""
NU_PAGE = """<!doctype html><meta charset="utf-8"><title>Pyodide nu</title><p id="etat">chargement</p>
<script type="module">
const index = new URL("../assets/calculateur/pyodide-{version}/", location.href).href;
if (location.search.includes("principal")) {{
  const {{ loadPyodide }} = await import(index + "pyodide.mjs");
  const py = await loadPyodide({{ indexURL: index }});
  py.runPython("1+1");
  performance.mark("nu:pret");
}} else {{
  const w = new Worker("nu-worker.js", {{ type: "module" }});
  w.postMessage(index);
  await new Promise((r) => (w.onmessage = r));
  performance.mark("nu:pret");
}}
document.getElementById("etat").textContent = "prêt";
</script>
"""
NU_WORKER = """self.onmessage = async (e) => {
  const { loadPyodide } = await import(e.data + "pyodide.mjs");
  const py = await loadPyodide({ indexURL: e.data });
  py.runPython("1+1");
  postMessage("pret");
};
"""
CHANGEMENTS = """async () => {
  const champ = document.querySelector('[data-champ="heures_semaine"] input');
  const resultats = document.querySelector(".calculateur__resultats");
  const durees = [];
  const debutLongues = window.__longues.length;
  for (let i = 0; i < 30; i++) {
    const fini = new Promise((r) => new MutationObserver((_, o) => { o.disconnect(); r(); })
      .observe(resultats, { childList: true }));
    const t0 = performance.now();
    champ.value = String(20 + (i % 15));
    champ.dispatchEvent(new Event("input", { bubbles: true }));
    await fini;
    durees.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { durees, longues: window.__longues.slice(debutLongues).map((l) => l[1]) };
}"""
AILLEURS = """async () => {
  const champ = document.querySelector('[data-champ="heures_semaine"] input');
  const durees = [];
  for (let i = 0; i < 10; i++) {
    champ.value = String(21 + i);
    champ.dispatchEvent(new Event("change", { bubbles: true }));
    const t0 = performance.now();
    let table = null;
    while (!table && performance.now() - t0 < 30000) {
      await new Promise((r) => setTimeout(r, 20));
      const t = document.querySelector("table[data-comparaison][data-duree-ms]");
      if (t && t.closest(".calculateur__resultats") && !t.dataset.vu) table = t;
    }
    if (!table) break;
    table.dataset.vu = "";
    durees.push(Number(table.dataset.dureeMs));
  }
  return durees;
}"""


class _Cache(http.server.SimpleHTTPRequestHandler):
    """Static files as GitHub Pages sends them: `Cache-Control: max-age=600`, text gzipped."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }
    TEXTES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", "/")
    compresses = {}
    envoyes = {}  # path -> bytes of body sent (what the page transferred, compressed or not)

    def copyfile(self, source, outputfile):
        donnees = source.read()
        self.envoyes[self.path] = self.envoyes.get(self.path, 0) + len(donnees)
        outputfile.write(donnees)

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):  # noqa: N802
        chemin = Path(self.translate_path(self.path))
        if chemin.is_dir():
            chemin = chemin / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not chemin.is_file()
            or not self.path.split("?")[0].endswith(self.TEXTES)
        ):
            return super().do_GET()
        if chemin not in self.compresses:
            self.compresses[chemin] = gzip.compress(chemin.read_bytes(), 6)
        donnees = self.compresses[chemin]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(chemin)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(donnees)))
        self.end_headers()
        self.envoyes[self.path] = self.envoyes.get(self.path, 0) + len(donnees)
        self.wfile.write(donnees)

    def log_message(self, format, *args):  # noqa: A002
        pass


def construire(dossier: Path, port: int) -> str:
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}/"}
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    subprocess.run(
        [mkdocs, "build", "--strict", "--quiet", "--site-dir", str(dossier)], cwd=RACINE, check=True, env=env
    )
    version = json.loads((RACINE / "node_modules" / "pyodide" / "package.json").read_text())["version"]
    (dossier / "banc").mkdir()
    (dossier / "banc" / "nu.html").write_text(NU_PAGE.format(version=version), encoding="utf-8")
    (dossier / "banc" / "nu-worker.js").write_text(NU_WORKER, encoding="utf-8")
    return version


def navigateur(p, profil_dir):
    chemin = os.environ.get("CHROMIUM") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    kwargs = {"headless": True, "args": ARGS}
    if chemin:
        kwargs["executable_path"] = chemin
    return p.chromium.launch_persistent_context(profil_dir, **kwargs)


def visite(contexte, url, marque, selecteur):
    pg = contexte.new_page()
    pg.add_init_script(LONGUES)
    pg.goto(url)
    pg.wait_for_selector(selecteur, timeout=180_000)
    t = pg.evaluate(f"performance.getEntriesByName('{marque}')[0].startTime")
    longues = pg.evaluate("window.__longues")
    pg.etapes = pg.evaluate(
        "Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]))"
    )
    pg.longues = [[round(a), round(b)] for a, b in longues]
    return pg, t, max((d for _, d in longues), default=0.0)


PRET_POUR_LA_SUITE = """async () => {
  const c = await caches.open(document.querySelector("#calculateur").dataset.instantane);
  const sw = await navigator.serviceWorker.getRegistration();
  return (await c.keys()).length === 1 && Boolean(sw && sw.active);
}"""


def attendre(pg, fonction, delai=180):
    """Poll an async predicate in the page (wait_for_function does not await promises)."""
    fin = time.time() + delai
    while not pg.evaluate(fonction):
        if time.time() > fin:
            raise TimeoutError("instantané ou service worker absent")
        pg.wait_for_timeout(500)


def mesurer_page(p, url):
    """Longest main-thread task of an ordinary page of the site (cold), for reference."""
    with tempfile.TemporaryDirectory() as profil:
        contexte = navigateur(p, profil)
        pg = contexte.new_page()
        pg.add_init_script(LONGUES)
        pg.goto(url, wait_until="load")
        pg.wait_for_timeout(1500)
        longues = pg.evaluate("window.__longues.map((l) => l[1])")
        contexte.close()
    return max(longues, default=0.0)


def mesurer_nu(p, base, variante):
    with tempfile.TemporaryDirectory() as profil:
        contexte = navigateur(p, profil)
        url = f"{base}banc/nu.html{'?principal' if variante == 'principal' else ''}"
        pg, froid, longue_froid = visite(contexte, url, "nu:pret", "#etat:has-text('prêt')")
        pg.close()
        time.sleep(2)
        pg, chaud, longue_chaud = visite(contexte, url, "nu:pret", "#etat:has-text('prêt')")
        pg.close()
        contexte.close()
    return {"froid_ms": froid, "chaud_ms": chaud, "tache_longue_max_ms": max(longue_froid, longue_chaud)}


def mesurer_calculateur(p, base):
    with tempfile.TemporaryDirectory() as profil:
        contexte = navigateur(p, profil)
        _Cache.envoyes.clear()
        url = f"{base}calculateur/{PROFIL}"
        pg, froid, longue_froid = visite(contexte, url, "calculateur:pret", "#calculateur[data-state=ready]")
        demarrage_froid = pg.get_attribute("#calculateur", "data-demarrage")
        etapes = {"froid": pg.etapes, "longues_froid": pg.longues}
        octets = dict(_Cache.envoyes)  # up to the first result (the service worker comes 2 s later)
        # Wait for the memory snapshot and the service worker before the warm visit.
        attendre(pg, PRET_POUR_LA_SUITE)
        pg.close()
        time.sleep(2)
        pg, chaud, longue_chaud = visite(contexte, url, "calculateur:pret", "#calculateur[data-state=ready]")
        demarrage_chaud = pg.get_attribute("#calculateur", "data-demarrage")
        etapes.update(chaud=pg.etapes, longues_chaud=pg.longues)
        pg.wait_for_timeout(500)
        changements = pg.evaluate(CHANGEMENTS)
        ailleurs = pg.evaluate(AILLEURS)
        pg.close()
        contexte.close()
    pyodide = {u: n for u, n in octets.items() if "/assets/calculateur/pyodide-" in u}
    reference = mesurer_page(p, base + "tableaux/")
    autres = {u: n for u, n in octets.items() if u not in pyodide}
    return {
        "froid_ms": froid,
        "chaud_ms": chaud,
        "demarrage": [demarrage_froid, demarrage_chaud],
        "tache_longue_chargement_ms": max(longue_froid, longue_chaud),
        "changement_resultat_median_ms": statistics.median(changements["durees"]),
        "changement_resultat_max_ms": max(changements["durees"]),
        "tache_longue_calcul_ms": max(changements["longues"], default=0.0),
        "ailleurs_median_ms": statistics.median(ailleurs) if ailleurs else None,
        "ailleurs_max_ms": max(ailleurs, default=None),
        "octets_hors_pyodide": sum(autres.values()),
        "octets_pyodide": sum(pyodide.values()),
        "etapes": etapes,
        "plus_gros": sorted(((n, u.lstrip("/")) for u, n in autres.items()), reverse=True)[:8],
        "tache_longue_page_sans_calculateur_ms": reference,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as dossier:
        serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Cache, directory=dossier))
        port = serveur.server_address[1]
        version = construire(Path(dossier), port)
        threading.Thread(target=serveur.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{port}/"
        mesures = {"calculateur": [], "nu_worker": [], "nu_principal": []}
        with sync_playwright() as p:
            for i in range(args.repetitions):
                mesures["nu_worker"].append(mesurer_nu(p, base, "worker"))
                mesures["calculateur"].append(mesurer_calculateur(p, base))
                mesures["nu_principal"].append(mesurer_nu(p, base, "principal"))
                print(
                    f"répétition {i + 1}/{args.repetitions} : calculateur froid "
                    f"{mesures['calculateur'][-1]['froid_ms']:.0f} ms, chaud {mesures['calculateur'][-1]['chaud_ms']:.0f} ms"
                )
        serveur.shutdown()

    def med(cle, nom):
        return round(statistics.median(m[nom] for m in mesures[cle]), 1)

    calc = mesures["calculateur"]
    resultat = {
        "chromium": subprocess.run(
            [os.environ.get("CHROMIUM") or "/usr/bin/chromium", "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "pyodide": version,
        "machine": f"{platform.machine()}, {os.cpu_count()} cœurs",
        "repetitions": args.repetitions,
        "calculateur_froid_ms": med("calculateur", "froid_ms"),
        "calculateur_chaud_ms": med("calculateur", "chaud_ms"),
        "nu_worker_froid_ms": med("nu_worker", "froid_ms"),
        "nu_worker_chaud_ms": med("nu_worker", "chaud_ms"),
        "nu_principal_froid_ms": med("nu_principal", "froid_ms"),
        "nu_principal_chaud_ms": med("nu_principal", "chaud_ms"),
        "nu_principal_tache_longue_max_ms": med("nu_principal", "tache_longue_max_ms"),
        "nu_worker_tache_longue_max_ms": med("nu_worker", "tache_longue_max_ms"),
        "page_sans_calculateur_tache_longue_max_ms": round(
            statistics.median(m["tache_longue_page_sans_calculateur_ms"] for m in calc), 1
        ),
        "ratio_froid_calculateur_sur_nu": round(med("calculateur", "froid_ms") / med("nu_worker", "froid_ms"), 3),
        "ratio_chaud_sur_froid": round(med("calculateur", "chaud_ms") / med("calculateur", "froid_ms"), 3),
        "changement_resultat_median_ms": med("calculateur", "changement_resultat_median_ms"),
        "ailleurs_median_ms": med("calculateur", "ailleurs_median_ms"),
        "ailleurs_max_ms": round(max(m["ailleurs_max_ms"] for m in calc), 1),
        "tache_longue_chargement_max_ms": round(max(m["tache_longue_chargement_ms"] for m in calc), 1),
        "tache_longue_calcul_max_ms": round(max(m["tache_longue_calcul_ms"] for m in calc), 1),
        "octets_hors_pyodide": int(statistics.median(m["octets_hors_pyodide"] for m in calc)),
        "octets_pyodide": int(statistics.median(m["octets_pyodide"] for m in calc)),
        "demarrages": [m["demarrage"] for m in calc],
        "plus_gros_hors_pyodide": calc[0]["plus_gros"],
        "objectifs": {
            "ratio_froid_max": 1.15,
            "ratio_chaud_sur_froid_max": 0.60,
            "changement_median_max_ms": 30,
            "tache_longue_max_ms": 200,
            "ailleurs_max_ms": 300,
            "octets_hors_pyodide_max": 300_000,
        },
        "detail": mesures,
    }
    sortie = RACINE / "benchmarks" / "results" / "calculateur.json"
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(json.dumps(resultat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for cle, valeur in resultat.items():
        if cle != "detail":
            print(f"{cle}: {valeur}")
    print(f"→ {sortie.relative_to(RACINE)}")


if __name__ == "__main__":
    main()
