"""Accessibility (RGAA / WCAG 2.1 AA) of every page type, in headless Chromium.

axe-core (npm devDependency, injected by the test only) finds no serious or critical violation
of the WCAG 2.0/2.1 A and AA rules nor of its best-practice rules on the home page, scheme pages,
the tables, the glossary and the calculator before and after a result (with its schedule, « Et
ailleurs ? » and the dossier), and in the states people use: the search open with results, a
page opened from a search result (`?h=`, words highlighted, in code too), the phone's navigation
drawer open, a table on a phone — each in the light and the dark palette. The calculator is
filled and read with the keyboard alone: every field has a label, results are announced by an
aria-live region, an error is tied to its field.
"""

import json
from pathlib import Path

import pytest
from conftest import DELAI, PRET, chercher

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import expect  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "",
    "aides/carim/",
    "aides/aci-cpts/",
    "aides/assistant-medical/",
    "aides/caim/",
    "aides/",
    "tableaux/par-profil/",
    "tableaux/par-region/",
    "tableaux/par-financeur/",
    "tableaux/baremes/",
    "tableaux/cumuls/",
    "glossaire/",
    "sources/",
    "quoi-de-neuf/",
    "trouver-sa-zone/",
    # Opened from a search result: the words are highlighted, in text and in code (`engine/aides/`).
    "donnees/?h=engine",
    "aides/assistant-medical/?h=assistant+m%C3%A9dical",
]
TELEPHONE = {"width": 390, "height": 844}
CALCULATEUR = (
    "calculateur/?beneficiaire=cpts&cpts_habitants=100000&projet_sante_valide=oui"
    "&cpts_missions=acces_soins%2Cparcours%2Cprevention&date=2026-03-01"
)
REGLES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def source_axe() -> str:
    if not AXE.exists():
        pytest.fail("axe-core est introuvable (node_modules/axe-core) : lancez `npm ci`.")
    return AXE.read_text(encoding="utf-8")


def nouvel_audit(browser, source_axe, palette: str, **options):
    """A page in the given palette (`clair` or `sombre`), with `graves()`: axe-core's serious and
    critical violations on it."""
    contexte = browser.new_context(
        locale="fr-FR", bypass_csp=True, color_scheme="dark" if palette == "sombre" else "light", **options
    )
    pg = contexte.new_page()

    def graves() -> list:
        pg.add_script_tag(content=source_axe)
        resultat = pg.evaluate("(regles) => axe.run(document, regles)", REGLES)
        return [
            f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(json.dumps(n["target"]) for n in v["nodes"][:5])
            for v in resultat["violations"]
            if v["impact"] in ("serious", "critical")
        ]

    pg.graves = graves
    return contexte, pg


@pytest.fixture(params=["clair", "sombre"])
def audit(browser, source_axe, request):
    """A desktop page in each palette, and a function that runs axe-core on it."""
    contexte, pg = nouvel_audit(browser, source_axe, request.param)
    yield pg
    contexte.close()


@pytest.fixture(params=["clair", "sombre"])
def audit_telephone(browser, source_axe, request):
    """The same on a phone-sized screen (390 × 844, touch)."""
    contexte, pg = nouvel_audit(browser, source_axe, request.param, viewport=TELEPHONE, is_mobile=True, has_touch=True)
    yield pg
    contexte.close()


@pytest.mark.parametrize("chemin", PAGES)
def test_pages_sans_violation_grave(audit, site_url, chemin):
    audit.goto(site_url + chemin)
    audit.wait_for_load_state("load")
    assert audit.graves() == []


def test_recherche_ouverte_avec_des_resultats(audit, site_url):
    # Material's search dialog, named, with its results: meta text, highlighted words, tags.
    chercher(audit, site_url, "assistant médical")
    expect(audit.locator(".md-search-result mark").first).to_be_visible()
    assert audit.graves() == []


@pytest.mark.parametrize("chemin", ["", "aides/carim/", "aides/"])
def test_telephone_et_tiroir_de_navigation(audit_telephone, site_url, chemin):
    audit_telephone.goto(site_url + chemin)
    audit_telephone.wait_for_load_state("load")
    assert audit_telephone.graves() == []
    audit_telephone.click("label.md-header__button[for=__drawer]")
    expect(audit_telephone.locator(".md-sidebar--primary")).to_be_in_viewport()
    assert audit_telephone.graves() == []


def test_calculateur_avant_et_apres_un_resultat(audit, site_url):
    audit.goto(site_url + "calculateur/")
    audit.wait_for_selector(PRET, timeout=DELAI)
    assert audit.graves() == []
    audit.goto(site_url + CALCULATEUR)
    audit.wait_for_selector(PRET, timeout=DELAI)
    audit.wait_for_selector('[data-aide="aci-cpts"][data-statut="eligible"]', state="attached", timeout=30_000)
    assert audit.graves() == []


def test_calculateur_echeancier_ailleurs_et_dossier(audit, site_url):
    # A centre de santé in a ZAR recruiting a GP (CARIM): the schedule's chart and table, « Et
    # ailleurs ? », then the dossier view.
    audit.goto(
        site_url + "calculateur/?beneficiaire=centre_sante&region=53&zone=zar&type_centre=medical&conventionne=oui"
        "&pdsa=oui&medecins_recrutes=1&demi_journees_semaine=8&heures_semaine=25&date=2026-03-01"
    )
    audit.wait_for_selector(PRET, timeout=DELAI)
    audit.wait_for_selector("table[data-comparaison]", timeout=60_000)
    assert audit.graves() == []
    audit.click("[data-action=dossier]")
    audit.wait_for_selector("[data-dossier]:not([hidden])")
    assert audit.graves() == []


def tabuler_jusqu_a(pg, selecteur, essais=80) -> None:
    """Press Tab until the element matching `selecteur` has the focus."""
    for _ in range(essais):
        if pg.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selecteur):
            return
        pg.keyboard.press("Tab")
    pytest.fail(f"{selecteur} n'est pas atteignable au clavier")


def test_calculateur_au_clavier_seul(browser, site_url):
    contexte = browser.new_context(locale="fr-FR", service_workers="block")
    pg = contexte.new_page()
    # The form of every question at once (the interview is tested in test_calculateur_entretien.py).
    pg.goto(site_url + "calculateur/?date=2026-03-01&vue=tout")
    pg.wait_for_selector(PRET, timeout=DELAI)
    annonce = pg.locator(".calculateur__annonce")
    assert annonce.get_attribute("aria-live") == "polite" and annonce.get_attribute("role") == "status"
    # Every control of the form has a label (or its group a legend).
    sans_etiquette = pg.evaluate("""() => [...document.querySelectorAll(".calculateur__formulaire input, .calculateur__formulaire select")]
        .filter((el) => !(el.labels && el.labels.length) && !el.closest("fieldset")?.querySelector("legend"))
        .map((el) => el.name)""")
    assert sans_etiquette == []
    # A CPTS of 100 000 inhabitants with a validated health project, typed with the keyboard only.
    tabuler_jusqu_a(pg, "select[name=beneficiaire]")
    pg.keyboard.type("Une CPTS")
    pg.wait_for_selector('[data-champ="cpts_habitants"]:not([hidden])', timeout=30_000)
    tabuler_jusqu_a(pg, "input[name=cpts_habitants]")
    pg.keyboard.type("cent mille")
    pg.keyboard.press("Tab")
    # The engine's error is shown on the field, tied to it, and announced.
    champ = pg.locator("input[name=cpts_habitants]")
    erreur = pg.locator('[data-champ="cpts_habitants"] .champ__erreur')
    erreur.wait_for(state="visible", timeout=30_000)
    assert champ.get_attribute("aria-invalid") == "true"
    assert erreur.get_attribute("id") in champ.get_attribute("aria-describedby").split()
    assert pg.locator(".calculateur__alerte").get_attribute("role") == "alert"
    pg.keyboard.press("Shift+Tab")
    pg.keyboard.press("Control+a")
    pg.keyboard.type("100000")
    pg.keyboard.press("Tab")
    erreur.wait_for(state="hidden", timeout=30_000)
    assert champ.get_attribute("aria-invalid") is None
    tabuler_jusqu_a(pg, "select[name=projet_sante_valide]")
    pg.keyboard.type("Oui")
    # The three core missions (« obligatoires, dites socles »), ticked with the space bar.
    for mission in ("acces_soins", "parcours", "prevention"):
        tabuler_jusqu_a(pg, f"input[name=cpts_missions][value={mission}]")
        pg.keyboard.press("Space")
    pg.wait_for_selector('[data-aide="aci-cpts"][data-statut="eligible"]', state="attached", timeout=30_000)
    # The summary of the result is read out by the live region.
    texte = annonce.text_content()
    assert texte.startswith("Situation au 01/03/2026 : 1 aide possible, 0 à compléter,")
    assert "non éligibles. Meilleure combinaison compatible : ACI CPTS" in texte
    # The result can be read with the keyboard: a card's details open with Enter.
    tabuler_jusqu_a(pg, '[data-aide="aci-cpts"] summary')
    pg.keyboard.press("Enter")
    assert pg.locator('[data-aide="aci-cpts"] details').first.get_attribute("open") is not None
    contexte.close()
