"""Accessibility (RGAA / WCAG 2.1 AA) of every page type, in headless Chromium.

axe-core (npm devDependency, injected by the test only) finds no serious or critical violation
of the WCAG 2.0/2.1 A and AA rules on the home page, a scheme page, the tables, the glossary and
the calculator before and after a result (with its schedule, « Et ailleurs ? » and the dossier),
in the light and the dark palette. The calculator is
filled and read with the keyboard alone: every field has a label, results are announced by an
aria-live region, an error is tied to its field.
"""

import json
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PRET = "#calculateur[data-state=ready]"
DELAI = 120_000
PAGES = [
    "",
    "aides/carim/",
    "aides/aci-cpts/",
    "aides/",
    "tableaux/par-profil/",
    "tableaux/baremes/",
    "tableaux/cumuls/",
    "glossaire/",
    "sources/",
    "quoi-de-neuf/",
    "trouver-sa-zone/",
]
CALCULATEUR = (
    "calculateur/?beneficiaire=cpts&cpts_habitants=100000&projet_sante_valide=oui"
    "&cpts_missions=acces_soins%2Cparcours%2Cprevention&date=2026-03-01"
)
REGLES = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="module")
def source_axe() -> str:
    if not AXE.exists():
        pytest.fail("axe-core est introuvable (node_modules/axe-core) : lancez `npm ci`.")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(params=["clair", "sombre"])
def audit(browser, source_axe, request):
    """A page in the given palette, and a function that runs axe-core on it."""
    contexte = browser.new_context(
        locale="fr-FR", bypass_csp=True, color_scheme="dark" if request.param == "sombre" else "light"
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
    yield pg
    contexte.close()


@pytest.mark.parametrize("chemin", PAGES)
def test_pages_sans_violation_grave(audit, site_url, chemin):
    audit.goto(site_url + chemin)
    audit.wait_for_load_state("load")
    assert audit.graves() == []


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
