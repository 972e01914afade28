"""Benchmark of the calculator page (not a test): prints its figures and writes benchmarks/results/calculateur.json.

Run: `.venv/bin/python benchmarks/calculateur.py [--repetitions N] [--repetitions-reseau N]
[--seulement local|reseau]`. The site is built into a temporary folder and served on 127.0.0.1 by
a static server that behaves as GitHub Pages (`Cache-Control: max-age=600`, gzip for text files
and for WebAssembly, see README). Headless Chromium ($CHROMIUM, else /usr/bin/chromium), one fresh
browser profile per first visit.

On localhost, a cold visit then a warm one (second visit, same profile), `--repetitions` times:
- time from navigation to the first result (`performance.mark("calculateur:pret")`, set when
  data-state becomes "ready" with the results shown), cold and warm; its ratio to a bare page that
  only loads Pyodide as documented (its whole standard library and lock file) and runs `1+1`, in a
  module worker as the calculator does (the same bare page on the main thread is measured too);
- the median time from a form change to the updated result (30 changes, the form of every question);
- the worker's time for the « Et ailleurs ? » table (every zone and region, one call), over 10
  changes (the page asks for it once the answers settle);
- the longest main-thread task (Long Tasks API) during load and during the changes;
- the bytes the calculator page transfers apart from Pyodide's own files: counted by the server
  from the cold navigation to the first result;
- for reference, the longest main-thread task of an ordinary page of the site (Material's own).
Targets (issue 6): cold ratio ≤ 1.15, warm ≤ 60 % of cold, change → result median < 30 ms, longest
task < 200 ms, bytes < 300 KB; « Et ailleurs ? » < 300 ms (issue 17).

Over « Fast 4G » (benchmarks/reseau.py: Chrome's network emulation on the page, its workers and its
service worker), `--repetitions-reseau` times: first visits of the bare page and of the calculator
with a situation (time to the first result, bytes and responses the server sent, files sent twice,
when the search index was asked for, when the memory snapshot was stored), its second visit, a first
visit of the empty calculator (DOMContentLoaded, the first question answerable), then each lever
turned off in turn (the trimmed standard library, the search index held back, the compression of
the WebAssembly); once, the first visit of each kind of page (weight by kind of file, first
contentful paint). Targets (issue 13): first result ≤ 0.90 × the bare page, bytes ≤ the bare page's
+ 300 KB, first question within 2 s, second visit ≤ 0.25 × the first with no byte of Pyodide, the
snapshot stored within 2 s of the first result. Figures are medians over the repetitions.
"""

import argparse
import asyncio
import functools
import gzip
import http.server
import json
import os
import platform
import re
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
  // The form of every question evaluates on `change` (typing alone only keeps the answer).
  const champ = document.querySelector('[data-champ="heures_semaine"] input');
  const resultats = document.querySelector(".calculateur__resultats");
  const durees = [];
  const debutLongues = window.__longues.length;
  for (let i = 0; i < 30; i++) {
    const fini = new Promise((r) => {
      const o = new MutationObserver(() => { o.disconnect(); r(true); });
      o.observe(resultats, { childList: true });
      setTimeout(() => { o.disconnect(); r(false); }, 10000);
    });
    const t0 = performance.now();
    champ.value = String(20 + (i % 15));
    champ.dispatchEvent(new Event("change", { bubbles: true }));
    if (!(await fini)) throw new Error("pas de résultat après un changement");
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
    """Static files as GitHub Pages sends them: `Cache-Control: max-age=600`, gzip for text files
    (and for WebAssembly while `gzip_wasm` is true); `substitutions` serves another file at an
    address (a lever turned off for a measurement)."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }
    TEXTES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", "/")
    gzip_wasm = True
    substitutions: dict = {}  # URL path -> file served in its place
    compresses = {}
    envoyes = {}  # path -> bytes of body sent (what the page transferred, compressed or not)
    journal: list = []  # (path, bytes of body sent), every response with a body, in order

    def translate_path(self, path):
        chemin = self.substitutions.get(path.split("?")[0])
        return str(chemin) if chemin else super().translate_path(path)

    def copyfile(self, source, outputfile):
        donnees = source.read()
        self.noter(len(donnees))
        outputfile.write(donnees)

    def noter(self, taille):
        self.envoyes[self.path] = self.envoyes.get(self.path, 0) + taille
        self.journal.append((self.path, taille))

    def end_headers(self):
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self):  # noqa: N802
        chemin = Path(self.translate_path(self.path))
        if chemin.is_dir():
            chemin = chemin / "index.html"
        compressible = self.TEXTES + ((".wasm",) if self.gzip_wasm else ())
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or not chemin.is_file()
            or not self.path.split("?")[0].endswith(compressible)
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
        self.noter(len(donnees))
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
    # The bare page loads Pyodide as documented: its whole standard library and its lock file, which
    # the site does not ship (the calculator has its own trimmed library, its lock file inline).
    for nom in ("python_stdlib.zip", "pyodide-lock.json"):
        shutil.copyfile(
            RACINE / "node_modules" / "pyodide" / nom, dossier / "assets" / "calculateur" / f"pyodide-{version}" / nom
        )
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
        url = f"{base}calculateur/{PROFIL}&vue=tout"  # the form of every question, for the changes
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


# --- The throttled visits (« Fast 4G », benchmarks/reseau.py) -------------------------------------

# When the first question can be answered: its « Suivant » button is in the page and enabled.
QUESTION = """
window.__question = null;
new MutationObserver((_, o) => {
  const b = document.querySelector(".entretien__question [data-action=suivant]:not([disabled])");
  if (b && window.__question === null) { window.__question = performance.now(); o.disconnect(); }
}).observe(document, { subtree: true, childList: true });
"""
TEMPS_PAGE = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const marques = Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, Math.round(m.startTime)]));
  return { origine: performance.timeOrigin, dcl: n ? Math.round(n.domContentLoadedEventEnd) : null,
           fcp: fcp ? Math.round(fcp.startTime) : null, question: window.__question, marques,
           longues: (window.__longues || []).map((l) => [Math.round(l[0]), Math.round(l[1])]) };
}"""
PAGES = {
    "accueil": "",
    "fiche": "aides/aide-installation-zip/",
    "liste_des_aides": "aides/",
    "tableaux": "tableaux/",
    "tableau": "tableaux/par-region/",
    "glossaire": "glossaire/",
}  # and the calculator, from its own first visits


def _genre(url: str) -> str:
    """What a site file is, for the weight of a page."""
    chemin = url.split("?")[0]
    if "/search/" in chemin or "/lunr/" in chemin or "/workers/search" in chemin:
        return "recherche"
    if "/assets/calculateur/" in chemin or chemin.endswith("sw-calculateur.js"):
        return "calculateur"
    if chemin.endswith("/") or chemin.endswith(".html"):
        return "html"
    for ext, genre in ((".css", "css"), (".js", "js"), (".mjs", "js"), (".json", "json"), (".xml", "xml")):
        if chemin.endswith(ext):
            return genre
    return "autre"


async def _navigateur_async(p, profil_dir):
    chemin = os.environ.get("CHROMIUM") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    kwargs = {"headless": True, "args": ARGS}
    if chemin:
        kwargs["executable_path"] = chemin
    return await p.chromium.launch_persistent_context(profil_dir, **kwargs)


async def _visite_4g(contexte, url, selecteur, marque, suite=False):
    """One visit over « Fast 4G »: times (ms from navigation), the network's bytes and requests
    up to `marque` and, when `suite`, up to the snapshot and the service worker being in place."""
    from reseau import Reseau

    page = await contexte.new_page()
    await page.add_init_script(LONGUES + QUESTION)
    reseau = await Reseau.ouvrir(contexte, page)
    _Cache.journal.clear()
    await page.goto(url)
    await page.wait_for_selector(selecteur, timeout=600_000)
    temps = await page.evaluate(TEMPS_PAGE)
    pret = temps["marques"][marque]
    limite = reseau.vers_cdp(temps["origine"] + pret)
    mesure = {
        "premier_resultat_ms": pret,
        "dom_content_loaded_ms": temps["dcl"],
        "fcp_ms": temps["fcp"],
        "premiere_question_ms": round(temps["question"]) if temps["question"] is not None else None,
        "jusqu_au_resultat": reseau.bilan(limite),
        "marques": temps["marques"],
        # When the search index was asked for, from the first result (negative: before it).
        "index_de_recherche_apres_resultat_ms": [
            round((r.debut - limite) * 1000) for r in reseau.requetes.values() if r.url.endswith("search_index.json")
        ],
    }
    if suite:
        debut = time.monotonic()
        while not await page.evaluate(PRET_POUR_LA_SUITE):
            if time.monotonic() - debut > 300:
                raise TimeoutError("instantané ou service worker absent")
            await page.wait_for_timeout(200)
        apres = await page.evaluate("performance.now()")
        mesure["instantane_et_service_worker_apres_resultat_ms"] = round(apres - pret)
        await page.wait_for_timeout(1000)
        temps = await page.evaluate(TEMPS_PAGE)
        mesure["marques"] = temps["marques"]
    mesure["taches_longues"] = temps["longues"]
    mesure["tache_longue_max_ms"] = max((d for _, d in temps["longues"]), default=0.0)
    mesure["visite"] = reseau.bilan()
    mesure["serveur"] = _bilan_serveur(list(_Cache.journal))
    mesure["pyodide_sur_le_reseau"] = sum(
        r.octets for r in reseau.sur_le_reseau() if "/assets/calculateur/pyodide-" in r.url
    )
    mesure["fichiers"] = sorted(
        ((r.octets, r.cible, r.url.split("/", 3)[-1], r.encodage) for r in reseau.sur_le_reseau()), reverse=True
    )[:12]
    await reseau.fermer()
    await page.close()
    return mesure


def _bilan_serveur(journal) -> dict:
    """What the server sent during a visit: bytes, responses, the addresses sent more than once."""
    vus: dict = {}
    for chemin, _ in journal:
        vus[chemin] = vus.get(chemin, 0) + 1
    par_genre: dict = {}
    for chemin, n in journal:
        par_genre[_genre(chemin)] = par_genre.get(_genre(chemin), 0) + n
    return {
        "octets": sum(n for _, n in journal),
        "reponses": len(journal),
        "par_genre": par_genre,
        "en_double": sorted(c for c, n in vus.items() if n > 1),
    }


async def _page_4g(p, base, chemin):
    """A page of the site, first visit over « Fast 4G »: its weight by kind of file (what the
    server sent, the search index included), its first contentful paint, the calculator files it
    fetched."""
    from reseau import Reseau

    with tempfile.TemporaryDirectory() as profil:
        contexte = await _navigateur_async(p, profil)
        page = await contexte.new_page()
        reseau = await Reseau.ouvrir(contexte, page)
        _Cache.journal.clear()
        await page.goto(base + chemin, wait_until="load")
        await page.wait_for_timeout(4000)  # what the page fetches after its load (search index…)
        temps = await page.evaluate(TEMPS_PAGE)
        serveur = _bilan_serveur(list(_Cache.journal))
        calcul = sorted({r.url[len(base) :] for r in reseau.requetes.values() if _genre(r.url) == "calculateur"})
        await reseau.fermer()
        await contexte.close()
    return {
        "fcp_ms": temps["fcp"],
        "octets": serveur["octets"],
        "requetes": serveur["reponses"],
        "par_genre": serveur["par_genre"],
        "fichiers_du_calculateur": calcul,
    }


async def mesurer_reseau(base, variantes, repetitions):
    """Every throttled measurement, one fresh browser profile per first visit, `repetitions` times:
    the bare page, the calculator with a situation (then its second visit), the empty calculator,
    then each lever turned off (`variantes`: name -> (switch, the bare page is affected too)); the
    pages of the site once."""
    from playwright.async_api import async_playwright

    resultat: dict = {}
    async with async_playwright() as p:

        async def premiere_visite(nom, url, selecteur, marque, suite=False, seconde=False):
            with tempfile.TemporaryDirectory() as profil:
                contexte = await _navigateur_async(p, profil)
                mesure = await _visite_4g(contexte, url, selecteur, marque, suite)
                resultat.setdefault(nom, []).append(mesure)
                if seconde:
                    await asyncio.sleep(2)
                    resultat.setdefault(nom + "_seconde_visite", []).append(
                        await _visite_4g(contexte, url, selecteur, marque)
                    )
                await contexte.close()
            print(
                f"  4G {nom} : premier résultat {mesure['premier_resultat_ms']} ms, "
                f"{mesure['serveur']['octets'] / 1e6:.2f} Mo envoyés"
            )

        calc = f"{base}calculateur/{PROFIL}"
        pret = "#calculateur[data-state=ready]"
        nu = f"{base}banc/nu.html"
        for _ in range(repetitions):
            await premiere_visite("nu", nu, "#etat:has-text('prêt')", "nu:pret")
            await premiere_visite("calculateur", calc, pret, "calculateur:pret", suite=True, seconde=True)
            await premiere_visite("calculateur_vide", f"{base}calculateur/", pret, "calculateur:pret")
            for nom, (reglage, nu_aussi) in variantes.items():
                reglage(True)
                try:
                    if nu_aussi:
                        await premiere_visite(f"nu_{nom}", nu, "#etat:has-text('prêt')", "nu:pret")
                    await premiere_visite(f"calculateur_{nom}", calc, pret, "calculateur:pret")
                finally:
                    reglage(False)
        resultat["pages"] = {nom: await _page_4g(p, base, chemin) for nom, chemin in PAGES.items()}
    return resultat


def mesurer_local(base, repetitions):
    """The figures on localhost (no network emulation): cold and warm starts, changes, long tasks."""
    from playwright.sync_api import sync_playwright

    mesures = {"calculateur": [], "nu_worker": [], "nu_principal": []}
    with sync_playwright() as p:
        for i in range(repetitions):
            mesures["nu_worker"].append(mesurer_nu(p, base, "worker"))
            mesures["calculateur"].append(mesurer_calculateur(p, base))
            mesures["nu_principal"].append(mesurer_nu(p, base, "principal"))
            print(
                f"répétition {i + 1}/{repetitions} : calculateur froid "
                f"{mesures['calculateur'][-1]['froid_ms']:.0f} ms, chaud {mesures['calculateur'][-1]['chaud_ms']:.0f} ms"
            )

    def med(cle, nom):
        return round(statistics.median(m[nom] for m in mesures[cle]), 1)

    calc = mesures["calculateur"]
    return {
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
        "detail": mesures,
    }


def resumer_reseau(m: dict) -> dict:
    """The throttled figures that answer the targets (medians over the repetitions)."""

    def med(nom, *cles):
        valeurs = []
        for mesure in m[nom]:
            v = mesure
            for c in cles:
                v = v[c]
            valeurs.append(v)
        return statistics.median(valeurs)

    nu = med("nu", "premier_resultat_ms")
    calc = med("calculateur", "premier_resultat_ms")
    out = {
        "nu_premier_resultat_ms": nu,
        "nu_octets": med("nu", "serveur", "octets"),
        "nu_requetes": med("nu", "serveur", "reponses"),
        "calculateur_premier_resultat_ms": calc,
        "ratio_premier_resultat_calculateur_sur_nu": round(calc / nu, 3),
        "ratios_par_repetition": [
            round(c["premier_resultat_ms"] / n["premier_resultat_ms"], 3)
            for c, n in zip(m["calculateur"], m["nu"], strict=True)
        ],
        "calculateur_octets_jusqu_au_resultat": med("calculateur", "jusqu_au_resultat", "octets"),
        "calculateur_octets_visite": med("calculateur", "serveur", "octets"),
        "calculateur_requetes_visite": med("calculateur", "serveur", "reponses"),
        "octets_visite_moins_nu": med("calculateur", "serveur", "octets") - med("nu", "serveur", "octets"),
        "calculateur_fichiers_en_double": sorted({u for x in m["calculateur"] for u in x["serveur"]["en_double"]}),
        "calculateur_octets_par_cible": m["calculateur"][0]["visite"]["par_cible"],
        "index_de_recherche_apres_resultat_ms": [x["index_de_recherche_apres_resultat_ms"] for x in m["calculateur"]],
        "vide_dom_content_loaded_ms": med("calculateur_vide", "dom_content_loaded_ms"),
        "vide_premiere_question_ms": med("calculateur_vide", "premiere_question_ms"),
        "vide_premier_resultat_ms": med("calculateur_vide", "premier_resultat_ms"),
        "seconde_visite_premier_resultat_ms": med("calculateur_seconde_visite", "premier_resultat_ms"),
        "seconde_visite_ratio": round(med("calculateur_seconde_visite", "premier_resultat_ms") / calc, 3),
        "seconde_visite_octets": med("calculateur_seconde_visite", "serveur", "octets"),
        "seconde_visite_octets_pyodide": max(x["pyodide_sur_le_reseau"] for x in m["calculateur_seconde_visite"]),
        "instantane_apres_resultat_ms": [
            x["marques"].get("calculateur:instantane", 0) - x["premier_resultat_ms"] for x in m["calculateur"]
        ],
        "instantane_et_service_worker_apres_resultat_ms": med(
            "calculateur", "instantane_et_service_worker_apres_resultat_ms"
        ),
        "tache_longue_max_ms": max(
            x["tache_longue_max_ms"] for nom in ("calculateur", "calculateur_seconde_visite") for x in m[nom]
        ),
    }
    for nom in m:
        if nom.startswith("calculateur_") and nom not in ("calculateur_vide", "calculateur_seconde_visite"):
            variante = nom[len("calculateur_") :]
            reference = f"nu_{variante}" if f"nu_{variante}" in m else "nu"
            out[f"sans_levier_{variante}"] = {
                "calculateur_ms": med(nom, "premier_resultat_ms"),
                "nu_ms": med(reference, "premier_resultat_ms"),
                "ratio": round(med(nom, "premier_resultat_ms") / med(reference, "premier_resultat_ms"), 3),
                "calculateur_octets": med(nom, "serveur", "octets"),
                "nu_octets": med(reference, "serveur", "octets"),
            }
    vide = m["calculateur_vide"][len(m["calculateur_vide"]) // 2]
    out["pages"] = {
        **m["pages"],
        "calculateur": {
            "fcp_ms": vide["fcp_ms"],
            "octets": vide["serveur"]["octets"],
            "requetes": vide["serveur"]["reponses"],
            "par_genre": vide["serveur"]["par_genre"],
        },
    }
    return out


def variantes(dossier: Path) -> dict:
    """The levers, each turned off in turn: name -> (switch, whether the bare page changes too).
    A lever the built site does not have (an older version of it) is left out."""

    def substitution(adresse, fichier):
        def reglage(actif):
            if actif:
                _Cache.substitutions[adresse] = fichier
            else:
                _Cache.substitutions.pop(adresse, None)

        return reglage

    def sans_compression_wasm(actif):
        _Cache.gzip_wasm = not actif

    leviers = {}
    stdlib = next(dossier.glob("assets/calculateur/pyodide-*/python_stdlib-*.zip"), None)
    if stdlib is not None:
        # Pyodide's whole standard library (sources) served in place of the trimmed one.
        leviers["stdlib_reduite"] = (
            substitution("/" + stdlib.relative_to(dossier).as_posix(), stdlib.parent / "python_stdlib.zip"),
            False,
        )
    page = (dossier / "calculateur" / "index.html").read_text(encoding="utf-8")
    if "<script data-calculateur-recherche>" in page:
        # The search index fetched at once, as on the other pages.
        sans_report = dossier / "banc" / "calculateur-recherche-immediate.html"
        sans_report.write_text(
            re.sub(r"<script data-calculateur-recherche>.*?</script>", "", page, flags=re.S), encoding="utf-8"
        )
        leviers["report_recherche"] = (substitution("/calculateur/", sans_report), False)
    leviers["compression_wasm"] = (sans_compression_wasm, True)
    return leviers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--repetitions-reseau", type=int, default=3)
    parser.add_argument(
        "--seulement",
        choices=["local", "reseau"],
        help="une partie des mesures (écrites à part, calculateur-<partie>.json)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as dossier:
        serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Cache, directory=dossier))
        port = serveur.server_address[1]
        version = construire(Path(dossier), port)
        threading.Thread(target=serveur.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{port}/"
        resultat = {
            "chromium": subprocess.run(
                [os.environ.get("CHROMIUM") or "/usr/bin/chromium", "--version"], capture_output=True, text=True
            ).stdout.strip(),
            "pyodide": version,
            "machine": f"{platform.machine()}, {os.cpu_count()} cœurs",
            "repetitions": args.repetitions,
        }
        if args.seulement != "reseau":
            resultat.update(mesurer_local(base, args.repetitions))
        if args.seulement != "local":
            print("« Fast 4G » (9 Mbit/s, 1,5 Mbit/s, 150 ms) :")
            detail = asyncio.run(mesurer_reseau(base, variantes(Path(dossier)), args.repetitions_reseau))
            resultat["reseau"] = {**resumer_reseau(detail), "detail": detail}
        serveur.shutdown()
    resultat["objectifs"] = {
        "ratio_froid_max": 1.15,
        "ratio_chaud_sur_froid_max": 0.60,
        "changement_median_max_ms": 30,
        "tache_longue_max_ms": 200,
        "ailleurs_max_ms": 300,
        "octets_hors_pyodide_max": 300_000,
        "reseau_ratio_premier_resultat_max": 0.90,
        "reseau_octets_visite_moins_nu_max": 300_000,
        "reseau_premiere_question_max_ms": 2000,
        "reseau_seconde_visite_ratio_max": 0.25,
        "reseau_seconde_visite_octets_pyodide": 0,
        "instantane_apres_resultat_max_ms": 2000,
    }
    nom = f"calculateur-{args.seulement}.json" if args.seulement else "calculateur.json"
    sortie = RACINE / "benchmarks" / "results" / nom
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(json.dumps(resultat, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for cle, valeur in resultat.items():
        if cle == "reseau":
            for c, v in valeur.items():
                if c not in ("detail", "pages"):
                    print(f"reseau.{c}: {v}")
            for page, v in valeur["pages"].items():
                print(f"reseau.pages.{page}: {json.dumps(v, ensure_ascii=False)}")
        elif cle != "detail":
            print(f"{cle}: {valeur}")
    print(f"→ {sortie.relative_to(RACINE)}")


if __name__ == "__main__":
    main()
