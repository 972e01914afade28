"""Markup and script put into a scheme's texts never run, on its page, in the tables, in the
search results and in the calculator's results.

The site is built from the fixture data folder with a trap in the scheme's name, summary,
condition wording and ambiguity note; every page that shows them is opened in Chromium under the
site's Content-Security-Policy, and the trap's payloads (which would set `window.__pirate`) must
neither run nor become elements.
"""

import pytest
from conftest import chercher, servir, violations

pytest.importorskip("playwright.sync_api")
from outils_site import DATE_TESTS, construire, copie_fixtures  # noqa: E402

PIEGE = '<img src=x onerror="window.__pirate=1"><script>window.__pirate=1</script>'
PAGES = [
    "aides/carim/",
    "aides/",
    "tableaux/par-profil/",
    "tableaux/par-region/",
    "tableaux/cumuls/",
    "sources/",
    "glossaire/",
]


@pytest.fixture(scope="module")
def site_piege(tmp_path_factory):
    dossier = copie_fixtures(tmp_path_factory.mktemp("donnees-piegees") / "aides")
    fichier = dossier / "carim.toml"
    contenu = fichier.read_text(encoding="utf-8")
    piege_toml = PIEGE.replace('"', '\\"')  # inside a TOML basic string
    for debut in ('nom = "', 'resume = "', 'libelle = "Être conventionné', 'choix = "Application littérale'):
        cle, suite = debut.split('"', 1)
        contenu = contenu.replace(debut, f'{cle}"{piege_toml} {suite}', 1)
    fichier.write_text(contenu, encoding="utf-8")
    site = tmp_path_factory.mktemp("site-piege")
    r = construire(site, dossier, DATE_TESTS)
    assert r.returncode == 0, r.stderr
    with servir(site) as url:
        yield url


def sain(pg):
    assert pg.evaluate("window.__pirate") is None
    assert pg.locator("img[src=x], article script, #calculateur script").count() == 0
    assert violations(pg) == []
    assert pg.errors == []


@pytest.mark.parametrize("chemin", PAGES)
def test_pages_statiques(surveille, site_piege, chemin):
    surveille.goto(site_piege + chemin)
    surveille.wait_for_load_state("load")
    surveille.wait_for_timeout(300)
    assert "window.__pirate=1" in surveille.locator("body").inner_text() or chemin != "aides/carim/"
    sain(surveille)


def test_recherche(surveille, site_piege):
    liens = chercher(surveille, site_piege, "polyvalent")  # a word of CARIM's conditions
    assert any("/aides/carim/" in h for h in liens), liens
    surveille.wait_for_timeout(300)
    sain(surveille)


def test_calculateur(surveille, site_piege):
    surveille.goto(f"{site_piege}calculateur/?beneficiaire=centre_sante&zone=zar&region=53&date=2026-03-01")
    surveille.wait_for_selector("#calculateur[data-state=ready]", timeout=120_000)
    carte = surveille.locator('#calculateur [data-aide="carim"]')
    carte.wait_for(state="attached", timeout=30_000)
    assert "window.__pirate=1" in carte.text_content()  # the name, shown as text
    sain(surveille)
