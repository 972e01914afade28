"""Security and privacy of the built site, in headless Chromium.

Every page type runs under the strict Content-Security-Policy the build writes (no violation
reported, by event or in the console, the calculator included; instant navigation is checked in
test_calculateur_sous_chemin.py); no page asks anything of another origin; markup and script put
into the URL query string of the calculator and of the tables are shown as text and never run.
"""

import re
from urllib.parse import quote

import pytest
from conftest import DELAI, PRET, hors_origine, violations

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import expect  # noqa: E402

PAGES = [
    "",
    "aides/",
    "aides/carim/",
    "aides/aci-cpts/",
    "aides/medecin-adjoint/",
    "tableaux/",
    "tableaux/par-profil/",
    "tableaux/par-region/",
    "tableaux/par-financeur/",
    "tableaux/baremes/",
    "tableaux/cumuls/",
    "trouver-sa-zone/",
    "quoi-de-neuf/",
    "glossaire/",
    "sources/",
    "donnees/",
    "page-qui-n-existe-pas/",
]
CALCULATEUR = (
    "calculateur/?beneficiaire=medecin&zone=zip&specialite=medecine_generale&premiere_installation=oui"
    "&cabinet_principal=oui&secteur=1&date_installation=2026-03-02&aide_installation_10_ans=non"
    "&date=2026-03-20"
)
# Marks any run of injected script: its payloads set window.__pirate.
PIEGE = '"><img src=x onerror="window.__pirate=1"><script>window.__pirate=1</script>'


def test_la_politique_est_stricte(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    politiques = set()
    for chemin in pages:
        texte = chemin.read_text(encoding="utf-8")
        trouvees = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', texte)
        assert len(trouvees) == 1, chemin
        # Before any script of the page.
        assert texte.index("Content-Security-Policy") < texte.index("<script"), chemin
        politiques.add(trouvees[0])
    assert len(politiques) == 1  # the same on every page: instant navigation keeps the first one
    directives = {d.split()[0]: d.split()[1:] for d in politiques.pop().split("; ")}
    assert directives["default-src"] == ["'self'"]
    assert directives["worker-src"] == ["'self'"]
    assert directives["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
    assert all(re.fullmatch(r"'sha256-[A-Za-z0-9+/]{43}='", s) for s in directives["script-src"][2:])
    assert len(directives["script-src"]) >= 5  # Material's scripts, the calculator's start-up
    assert not any("unsafe-inline" in v or v == "*" or "http" in v for vs in directives.values() for v in vs)


@pytest.mark.parametrize("chemin", PAGES)
def test_chaque_type_de_page_sans_violation_ni_requete_externe(surveille, site_url, chemin):
    reponse = surveille.goto(site_url + chemin)
    assert reponse.status == (404 if "n-existe-pas" in chemin else 200)
    surveille.wait_for_load_state("load")
    surveille.wait_for_timeout(300)
    assert surveille.locator("h1").count() >= 1
    assert violations(surveille) == []
    assert hors_origine(surveille, site_url) == []
    assert surveille.errors == []


def test_calculateur_sous_la_politique(surveille, site_url):
    surveille.goto(site_url + CALCULATEUR)
    surveille.wait_for_selector(PRET, timeout=DELAI)
    surveille.wait_for_selector(
        '#calculateur [data-aide="aide-installation-zip"][data-statut="eligible"]', state="attached", timeout=30_000
    )
    assert violations(surveille) == []
    assert hors_origine(surveille, site_url) == []
    assert surveille.errors == []


def test_balisage_dans_l_adresse_du_calculateur_reste_du_texte(surveille, site_url):
    surveille.goto(
        f"{site_url}calculateur/?beneficiaire=medecin&zone={quote(PIEGE)}&region={quote(PIEGE)}"
        f"&{quote(PIEGE)}={quote(PIEGE)}&date=2026-03-01"
    )
    surveille.wait_for_selector(PRET, timeout=DELAI)
    surveille.wait_for_timeout(500)
    assert surveille.evaluate("window.__pirate") is None
    assert surveille.locator("#calculateur img[src=x], #calculateur script").count() == 0
    assert surveille.errors == []


def test_balisage_dans_l_adresse_des_tableaux_reste_du_texte(surveille, site_url):
    surveille.goto(f"{site_url}aides/?texte={quote(PIEGE)}&beneficiaires={quote(PIEGE)}&{quote(PIEGE)}=1")
    expect(surveille.locator("#table-aides")).to_be_visible()
    surveille.wait_for_timeout(300)
    assert surveille.evaluate("window.__pirate") is None
    assert surveille.locator("article img[src=x], article script").count() == 0
    assert surveille.input_value("input[data-filtre=texte]") == PIEGE  # shown as typed, as text
    assert surveille.errors == []
