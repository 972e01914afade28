"""Browser tests of the guide (headless Chromium on the built site): the home page, a scheme page
and the table page render; the French search finds a scheme by acronym and by a word of its
conditions; the table's filters and sorting work."""

import re

import pytest
from conftest import chercher

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import expect  # noqa: E402


def test_accueil(page, site_url):
    page.goto(site_url)
    expect(page.locator("h1")).to_contain_text("Aides à l'installation")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".md-tabs")).to_contain_text("Dispositifs")
    expect(page.locator("article")).to_contain_text("Par profil")
    expect(page.locator(".md-copyright")).to_contain_text("données vérifiées")
    assert page.errors == []


def test_page_d_un_dispositif(page, site_url):
    page.goto(site_url + "aides/carim/")
    expect(page.locator("h1")).to_contain_text("CARIM")
    expect(page.locator("article")).to_contain_text("Exemple chiffré")
    expect(page.locator("article")).to_contain_text("17\u202f500\u00a0€")
    expect(page.locator(".bareme table").first).to_be_visible()
    # Glossary tooltips: ZAR is an <abbr> with its expansion.
    expect(page.locator("article abbr", has_text="ZAR").first).to_have_attribute("title", re.compile("accompagnement"))
    assert page.errors == []


def test_tableau_general(page, site_url):
    page.goto(site_url + "aides/")
    lignes = page.locator("#table-aides tbody tr")
    total = lignes.count()
    assert total > 3
    compteur = page.locator(".compteur-aides")
    expect(compteur).to_have_text(re.compile(rf"^{total} dispositifs affichés$"))
    assert page.errors == []


def test_filtrer_le_tableau(page, site_url):
    page.goto(site_url + "aides/")
    lignes = page.locator("#table-aides tbody tr")
    total = lignes.count()
    page.select_option("select[data-filtre=beneficiaires]", "cpts")
    visibles = page.locator("#table-aides tbody tr:not([hidden])")
    n = visibles.count()
    assert 0 < n < total
    for i in range(n):
        assert "cpts" in visibles.nth(i).get_attribute("data-beneficiaires").split()
    expect(page.locator(".compteur-aides")).to_contain_text(str(n))
    expect(page.locator("#table-aides tbody tr[data-id=aci-cpts]")).to_be_visible()
    expect(page.locator("#table-aides tbody tr[data-id=carim]")).to_be_hidden()

    page.select_option("select[data-filtre=beneficiaires]", "")
    page.fill("input[data-filtre=texte]", "carim")
    expect(page.locator("#table-aides tbody tr:not([hidden])")).to_have_count(1)
    page.fill("input[data-filtre=texte]", "")

    page.select_option("select[data-filtre=regions]", "53")
    regions = page.locator("#table-aides tbody tr:not([hidden])")
    for i in range(regions.count()):
        assert (
            regions.nth(i).get_attribute("data-regions") in ("national",)
            or "53" in regions.nth(i).get_attribute("data-regions").split()
        )
    page.select_option("select[data-filtre=regions]", "")

    page.fill("input[data-filtre=montant-min]", "20000")
    montants = page.locator("#table-aides tbody tr:not([hidden])")
    assert montants.count() > 0
    for i in range(montants.count()):
        assert float(montants.nth(i).get_attribute("data-montant")) >= 20000


def test_filtre_depuis_l_adresse(page, site_url):
    page.goto(site_url + "aides/?beneficiaires=centre_sante")
    expect(page.locator("select[data-filtre=beneficiaires]")).to_have_value("centre_sante")
    expect(page.locator("#table-aides tbody tr[data-id=carim]")).to_be_visible()
    expect(page.locator("#table-aides tbody tr[data-id=aci-cpts]")).to_be_hidden()


def test_trier_le_tableau(page, site_url):
    page.goto(site_url + "aides/")
    page.click("#table-aides thead th:nth-child(5) button")
    expect(page.locator("#table-aides thead th:nth-child(5)")).to_have_attribute("aria-sort", "ascending")
    valeurs = [
        v for v in page.locator("#table-aides tbody tr").evaluate_all("rows => rows.map(r => r.dataset.montant)") if v
    ]
    assert [float(v) for v in valeurs] == sorted(float(v) for v in valeurs)
    page.click("#table-aides thead th:nth-child(5) button")
    valeurs = [
        v for v in page.locator("#table-aides tbody tr").evaluate_all("rows => rows.map(r => r.dataset.montant)") if v
    ]
    assert [float(v) for v in valeurs] == sorted((float(v) for v in valeurs), reverse=True)


def test_recherche_par_sigle(page, site_url):
    liens = chercher(page, site_url, "CARIM")
    assert any("/aides/carim/" in h for h in liens), liens


def test_recherche_par_mot_des_conditions(page, site_url):
    # « polyvalent » only appears in CARIM's conditions (centre médical ou polyvalent).
    liens = chercher(page, site_url, "polyvalent")
    assert any("/aides/carim/" in h for h in liens), liens
