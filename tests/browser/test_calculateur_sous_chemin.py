"""The calculator on a site published under a sub-path, as on GitHub Pages (`site_url` with a path).

The site is built with SITE_URL=http://127.0.0.1:<port>/sous-chemin/ and served only under
/sous-chemin/. Checked there: Material's instant navigation (which needs the site's address) keeps
one engine worker for the visit; the service worker is scoped to the sub-path; after a first
visit the calculator opens offline, its engine restored from its memory snapshot. All of this runs
under the site's Content-Security-Policy without a single violation.
"""

import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import DELAI, ESPION_CSP, PRET

ROOT = Path(__file__).resolve().parents[2]
PREFIXE = "/sous-chemin/"


class _SousChemin(http.server.SimpleHTTPRequestHandler):
    """Static files under PREFIXE only; anything else is a 404."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def translate_path(self, path):
        if not path.startswith(PREFIXE):
            return str(Path(self.directory) / "__absent__")
        return super().translate_path("/" + path[len(PREFIXE) :])

    def log_message(self, format, *args):  # noqa: A002
        pass


@pytest.fixture(scope="module")
def site_sous_chemin(tmp_path_factory):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sortie = tmp_path_factory.mktemp("site-sous-chemin")
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    env = {**os.environ, "SITE_URL": f"http://127.0.0.1:{port}{PREFIXE}"}
    r = subprocess.run(
        [mkdocs, "build", "--strict", "--quiet", "--site-dir", str(sortie)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    if r.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{r.stdout}\n{r.stderr}")
    serveur = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(_SousChemin, directory=str(sortie))
    )
    threading.Thread(target=serveur.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}{PREFIXE}"
    serveur.shutdown()
    serveur.server_close()


def attendre(pg, fonction, delai=180):
    """Poll an async predicate in the page (wait_for_function does not await promises)."""
    fin = time.time() + delai
    while not pg.evaluate(fonction):
        assert time.time() < fin, "délai dépassé"
        pg.wait_for_timeout(500)


def test_navigation_instantanee_garde_un_seul_worker(browser, site_sous_chemin):
    contexte = browser.new_context(locale="fr-FR", service_workers="block")
    contexte.add_init_script(ESPION_CSP)
    modules = []
    contexte.on("request", lambda r: modules.append(r.url) if r.url.endswith("/pyodide.mjs") else None)
    pg = contexte.new_page()
    pg.goto(site_sous_chemin)
    pg.evaluate("window.__meme_document = true")
    pg.wait_for_timeout(300)
    assert modules == []  # Pyodide never starts on a page that is not the calculator
    pg.locator(".md-tabs a").filter(has_text="Calculateur").first.click()
    pg.wait_for_selector(PRET, timeout=DELAI)
    pg.locator(".md-tabs a").filter(has_text="Tableaux").first.click()
    pg.wait_for_url(re.compile(r"/sous-chemin/tableaux/"))
    pg.go_back()
    pg.wait_for_selector(PRET, timeout=DELAI)
    assert pg.evaluate("window.__meme_document") is True  # instant navigation, no reload
    assert len(modules) == 1  # one worker, started once
    assert all("/sous-chemin/" in u for u in modules)
    assert pg.evaluate("window.__violations") == []
    contexte.close()


def test_service_worker_du_sous_chemin_et_hors_ligne(browser, site_sous_chemin):
    contexte = browser.new_context(locale="fr-FR")
    contexte.add_init_script(ESPION_CSP)
    pg = contexte.new_page()
    csp = []
    pg.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    adresse = (
        f"{site_sous_chemin}calculateur/?beneficiaire=cpts&cpts_habitants=100000&projet_sante_valide=oui"
        "&cpts_missions=acces_soins%2Cparcours%2Cprevention&date=2026-03-01"
    )
    pg.goto(adresse)
    pg.wait_for_selector(PRET, timeout=DELAI)
    assert pg.get_attribute("#calculateur", "data-demarrage") == "complet"
    portee = pg.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert portee == site_sous_chemin
    # The memory snapshot of the engine is saved shortly after the first start.
    attendre(
        pg,
        """async () => {
      const c = await caches.open(document.querySelector("#calculateur").dataset.instantane);
      const sw = await navigator.serviceWorker.getRegistration();
      return (await c.keys()).length === 1 && Boolean(sw && sw.active);
    }""",
    )
    contexte.set_offline(True)
    pg.goto(adresse)
    pg.wait_for_selector(PRET, timeout=DELAI)
    assert pg.get_attribute("#calculateur", "data-demarrage") == "instantane"
    assert pg.get_attribute('[data-aide="aci-cpts"]', "data-statut") == "eligible"
    assert pg.evaluate("window.__violations") == [] and csp == []
    contexte.close()
