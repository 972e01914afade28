"""Session fixtures for the browser tests: the site built once, served locally, and Chromium.

`built_site` runs `mkdocs build` once into a temporary directory; `site_url` serves it with a
threaded static server on 127.0.0.1 (random port); `browser` is a headless Chromium (the
`CHROMIUM` env var, else Debian's /usr/bin/chromium if present, else Playwright's own);
`page` is a fresh page per test; `surveille` a page whose Content-Security-Policy violations
and requests are recorded; `visiteur` and `calc`, a visitor's context per test file and a page of
it (the calculator's tests). Other browser tests (the calculator) reuse them.
"""

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    """The Chromium to launch: $CHROMIUM (a path, or `playwright` for Playwright's own, as on
    GitHub Actions), else /usr/bin/chromium, else None (Playwright's own)."""
    explicit = os.environ.get("CHROMIUM")
    if explicit == "playwright":
        return None
    if explicit:
        return explicit
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return None


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site built once per session with `mkdocs build --strict`, in a temporary directory."""
    out = tmp_path_factory.mktemp("site")
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--quiet", "--site-dir", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }

    def log_message(self, format, *args):  # noqa: A002 - silence the access log
        pass


@contextlib.contextmanager
def servir(dossier: Path):
    """Base URL (ending with `/`) of a threaded static server on `dossier`, for the block's duration."""
    handler = functools.partial(_QuietHandler, directory=str(dossier))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending with `/`) of a static server on the built site."""
    with servir(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium shared by the session."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        kwargs = {"headless": True, "args": CHROMIUM_ARGS}
        path = chromium_path()
        if path:
            kwargs["executable_path"] = path
        b = p.chromium.launch(**kwargs)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page (own context, French locale) per test; console errors in `page.errors`."""
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    context.close()


# Collects what the policy blocks, from the very start of every document.
ESPION_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ""}`);
});
"""


@pytest.fixture
def surveille(browser):
    """A page whose CSP violations (events and console) and outside requests are recorded."""
    contexte = browser.new_context(locale="fr-FR")
    contexte.add_init_script(ESPION_CSP)
    pg = contexte.new_page()
    pg.console_csp = []
    pg.requetes = []
    pg.errors = []
    pg.on("console", lambda m: pg.console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    pg.on("request", lambda r: pg.requetes.append(r.url))
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    contexte.close()


# The calculator is ready (its first result shown), and how long a cold start may take here.
PRET = "#calculateur[data-state=ready]"
DELAI = 120_000


@pytest.fixture(scope="module")
def visiteur(browser):
    """One visitor's browser context per test file (HTTP cache, service worker and Cache Storage
    shared by its pages), downloads accepted."""
    contexte = browser.new_context(locale="fr-FR", accept_downloads=True)
    yield contexte
    contexte.close()


@pytest.fixture
def calc(visiteur, site_url):
    """A page of the visitor's context, its page errors collected in `errors`, the site in `base`."""
    pg = visiteur.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.base = site_url
    yield pg
    pg.close()


def violations(pg) -> list:
    return pg.evaluate("window.__violations") + pg.console_csp


def hors_origine(pg, site_url) -> list:
    origine = urlsplit(site_url).netloc
    return [
        u for u in pg.requetes if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != origine
    ]


def chercher(page, site_url, requete):
    """Type `requete` in Material's search box once its index is ready; the result links."""
    sync_api = pytest.importorskip("playwright.sync_api")
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    meta = page.locator(".md-search-result__meta")
    # Material shows « Initialisation de la recherche » until its worker has loaded the index.
    sync_api.expect(meta).not_to_contain_text("Initialisation", timeout=20000)
    champ = page.locator("input.md-search__input")
    champ.fill("")
    champ.press_sequentially(requete, delay=30)
    resultats = page.locator(".md-search-result__item")
    sync_api.expect(resultats.first).to_be_visible(timeout=15000)
    return page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
