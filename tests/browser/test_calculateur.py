"""End-to-end tests of the calculator page (Pyodide in a module worker) on the built site, in its
view of every question at once (`vue=tout`, the expert's form; the interview is tested in
test_calculateur_entretien.py).

Profiles from the sources are typed into the form as a person would (a GP settling in a ZIP, a
centre de santé in a ZAR recruiting a GP — CARIM, a CPTS of 100 000 inhabitants with every
mission — ACI CPTS); the address reopens the same result; a bad answer shows the engine's French
message on its field; the page asks nothing of another origin; blocked Pyodide files give a French
message that points to the static tables. Most tests share one browser context, as one visitor
would: after the first (cold) start, the engine restores its memory snapshot.
Loading: the interview can be answered before the engine has loaded (its WebAssembly held back
here), the answers kept and evaluated once it is ready; scheme and table pages fetch nothing of the
calculator but its loader and stylesheet.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from conftest import DELAI, PRET, chercher

from engine.interview import interview


def ouvrir(pg, requete=""):
    separateur = "&" if "?" in requete else "?"
    pg.goto(f"{pg.base}calculateur/{requete}{separateur}vue=tout")
    pg.wait_for_selector(PRET, timeout=DELAI)


def repondre(pg, nom, valeur):
    """Answer one question once the form shows it (the engine decides which ones it asks)."""
    champ = pg.locator(f'#calculateur .calculateur__formulaire [data-champ="{nom}"]')
    champ.wait_for(state="visible", timeout=30_000)
    if isinstance(valeur, list):
        for v in valeur:
            champ.locator(f'input[value="{v}"]').check()
    elif champ.locator("select").count():
        champ.locator("select").select_option(str(valeur))
    else:
        champ.locator("input").fill(str(valeur))
        champ.locator("input").dispatch_event("change")


def carte(pg, ident):
    return pg.locator(f'#calculateur [data-aide="{ident}"]')


def attendre_statut(pg, ident, statut):
    pg.wait_for_selector(
        f'#calculateur [data-aide="{ident}"][data-statut="{statut}"]', state="attached", timeout=30_000
    )


def test_medecin_generaliste_en_zip(calc):
    ouvrir(calc, "?date=2026-03-20")
    for nom, valeur in [
        ("beneficiaire", "medecin"),
        ("zone", "zip"),
        ("specialite", "medecine_generale"),
        ("premiere_installation", "oui"),
        ("cabinet_principal", "oui"),
        ("secteur", "1"),
        ("date_installation", "2026-03-02"),
        ("aide_installation_10_ans", "non"),
    ]:
        repondre(calc, nom, valeur)
    attendre_statut(calc, "aide-installation-zip", "eligible")
    assert carte(calc, "aide-installation-zip").get_attribute("data-montant-total") == "10000"
    assert "10\u202f000\u00a0€" in carte(calc, "aide-installation-zip").inner_text()
    # The CAIM no longer takes new contracts in 2026: its failing condition is shown.
    assert carte(calc, "caim").get_attribute("data-statut") == "non_eligible"
    # A centre de santé is never asked about a secteur conventionnel; a doctor is.
    assert calc.locator('.calculateur__formulaire [data-champ="secteur"]').is_visible()
    repondre(calc, "beneficiaire", "centre_sante")
    calc.wait_for_selector('.calculateur__formulaire [data-champ="secteur"][hidden]', state="attached")
    assert "secteur=" not in calc.url
    assert calc.errors == []


def test_centre_de_sante_en_zar_qui_recrute_un_generaliste_carim(calc):
    ouvrir(calc, "?date=2026-03-01")
    for nom, valeur in [
        ("beneficiaire", "centre_sante"),
        ("region", "53"),
        ("zone", "zar"),
        ("type_centre", "medical"),
        ("conventionne", "oui"),
        ("pdsa", "oui"),
        ("medecins_recrutes", "1"),
        ("demi_journees_semaine", "8"),
        ("heures_semaine", "25"),
    ]:
        repondre(calc, nom, valeur)
    attendre_statut(calc, "carim", "eligible")
    assert carte(calc, "carim").get_attribute("data-montant-total") == "17500"
    texte = carte(calc, "carim").inner_text()
    assert "17\u202f500\u00a0€" in texte
    # The conditions are listed with a tick; the scheme's page is linked.
    carte(calc, "carim").locator("summary").click()
    carte(calc, "carim").locator(".condition--vrai").first.wait_for()
    assert carte(calc, "carim").locator(".condition--vrai").count() >= 3
    assert carte(calc, "carim").locator("a[href*='aides/carim']").count() == 1
    # 17 h a week is under the 17 h 30 floor: the result updates as one types.
    repondre(calc, "heures_semaine", "17")
    attendre_statut(calc, "carim", "non_eligible")
    assert "17 h 30" in carte(calc, "carim").locator(".resultat__echec").text_content()
    assert calc.errors == []


def test_cpts_de_100_000_habitants_avec_toutes_les_missions(calc):
    ouvrir(calc, "?date=2026-03-01")
    repondre(calc, "beneficiaire", "cpts")
    repondre(calc, "projet_sante_valide", "oui")
    repondre(calc, "cpts_habitants", "100000")
    repondre(calc, "cpts_missions", ["acces_soins", "parcours", "prevention", "qualite", "accompagnement"])
    calc.wait_for_function(
        "() => document.querySelector('[data-aide=\"aci-cpts\"]')?.dataset.montantAnnuel === '315000'", timeout=30_000
    )
    aci = carte(calc, "aci-cpts")
    assert aci.get_attribute("data-statut") == "eligible"
    assert aci.get_attribute("data-montant-total") == ""  # no duration in the source: no total
    assert "315\u202f000\u00a0€ par an" in aci.inner_text()
    # Every question a CPTS does not need stays hidden (no secteur, no zone for this one).
    assert not calc.locator('.calculateur__formulaire [data-champ="secteur"]').is_visible()


def test_l_adresse_rouvre_le_meme_resultat(calc, visiteur):
    ouvrir(calc, "?date=2026-03-01")
    repondre(calc, "beneficiaire", "cpts")
    repondre(calc, "projet_sante_valide", "oui")
    repondre(calc, "cpts_habitants", "100000")
    repondre(calc, "cpts_missions", ["acces_soins", "parcours", "prevention"])
    # Size 3 (80 000 to 175 000 inhabitants), the three core missions: 75 000 € + access 65 000 €
    # + pathways 90 000 € + prevention 35 000 €.
    calc.wait_for_function(
        "() => document.querySelector('[data-aide=\"aci-cpts\"]')?.dataset.montantAnnuel === '265000'"
    )
    adresse = calc.url
    assert "beneficiaire=cpts" in adresse and "cpts_missions=acces_soins%2Cparcours%2Cprevention" in adresse
    avant = carte(calc, "aci-cpts").get_attribute("data-montant-annuel")
    # "Copier le lien" copies this very address.
    visiteur.grant_permissions(["clipboard-read", "clipboard-write"])
    calc.get_by_role("button", name="Copier le lien").click()
    calc.wait_for_selector(".calculateur__message:has-text('Lien copié')")
    assert calc.evaluate("navigator.clipboard.readText()") == adresse
    autre = visiteur.new_page()
    autre.goto(adresse)
    autre.wait_for_selector(PRET, timeout=DELAI)
    assert autre.locator('[data-aide="aci-cpts"]').get_attribute("data-montant-annuel") == avant
    assert autre.locator('.calculateur__formulaire [data-champ="cpts_habitants"] input').input_value() == "100000"
    assert autre.locator('.calculateur__formulaire [data-champ="cpts_missions"] input[value="parcours"]').is_checked()
    # The back button returns to the previous answers.
    repondre(autre, "cpts_habitants", "20000")
    autre.wait_for_function("() => location.search.includes('cpts_habitants=20000')")
    autre.go_back()
    autre.wait_for_function("() => location.search.includes('cpts_habitants=100000')")
    autre.wait_for_function(
        "(avant) => document.querySelector('[data-aide=\"aci-cpts\"]')?.dataset.montantAnnuel === avant", arg=avant
    )
    assert autre.locator('.calculateur__formulaire [data-champ="cpts_habitants"] input').input_value() == "100000"
    autre.close()


@pytest.mark.parametrize(
    "saisie, message",
    [
        ("-5", "ne peut pas être négatif"),
        ("beaucoup", "doit être un nombre"),
        ("20000000", "ne peut pas dépasser"),
    ],
)
def test_une_reponse_invalide_affiche_le_message_du_moteur(calc, saisie, message):
    ouvrir(calc, "?beneficiaire=cpts&date=2026-03-01")
    repondre(calc, "cpts_habitants", saisie)
    erreur = calc.locator('.calculateur__formulaire [data-champ="cpts_habitants"] .champ__erreur')
    erreur.wait_for(state="visible", timeout=30_000)
    assert message in erreur.inner_text()
    assert "Population couverte par la CPTS" in erreur.inner_text()
    assert (
        calc.locator('.calculateur__formulaire [data-champ="cpts_habitants"] input').get_attribute("aria-invalid")
        == "true"
    )
    texte = calc.locator("#calculateur").inner_text()
    assert "Traceback" not in texte and "Error" not in texte
    # The previous result stays on screen, marked out of date, with the message.
    assert calc.locator(".calculateur__alerte").is_visible()
    repondre(calc, "cpts_habitants", "50000")
    erreur.wait_for(state="hidden", timeout=30_000)


def test_aucune_requete_hors_de_l_origine(browser, site_url):
    contexte = browser.new_context(locale="fr-FR")
    requetes = []
    contexte.on("request", lambda r: requetes.append(r.url))
    pg = contexte.new_page()
    pg.goto(f"{site_url}calculateur/?beneficiaire=medecin&zone=zip&date=2026-03-01")
    pg.wait_for_selector(PRET, timeout=DELAI)
    pg.wait_for_timeout(500)
    origine = urlsplit(site_url).netloc
    dehors = [u for u in requetes if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != origine]
    assert dehors == []
    assert any("pyodide.asm.wasm" in u for u in requetes)
    assert any(re.search(r"aides_medecins_engine-[^/]+\+[0-9a-f]{12}-py3-none-any\.whl$", u) for u in requetes)
    contexte.close()


def test_fichiers_pyodide_bloques_message_en_francais(browser, site_url):
    contexte = browser.new_context(locale="fr-FR", service_workers="block")
    contexte.route(re.compile(r".*/pyodide-[^/]+/pyodide\.asm\.wasm$"), lambda route: route.abort())
    pg = contexte.new_page()
    pg.goto(f"{site_url}calculateur/")
    pg.wait_for_selector("#calculateur[data-state=error]", timeout=DELAI)
    texte = pg.locator("#calculateur").inner_text()
    assert "ne peut pas fonctionner" in texte
    lien = pg.get_by_role("link", name="tableaux des aides")
    assert lien.count() == 1
    lien.click()
    pg.wait_for_url(re.compile(r"/tableaux/"))
    assert "Tableaux" in pg.locator("h1").first.inner_text()
    contexte.close()


def test_feuille_d_impression(calc):
    ouvrir(calc, "?beneficiaire=cpts&cpts_habitants=100000&projet_sante_valide=oui&date=2026-03-01")
    calc.emulate_media(media="print")
    assert not calc.locator(".calculateur__formulaire").is_visible()
    assert not calc.locator(".md-header").is_visible()
    assert calc.locator('[data-aide="aci-cpts"]').is_visible()
    calc.emulate_media(media="screen")
    assert calc.locator(".calculateur__formulaire").is_visible()
    # The interview's view is not printed either.
    calc.goto(calc.url.replace("&vue=tout", ""))
    calc.wait_for_selector(PRET, timeout=DELAI)
    assert calc.locator(".calculateur__entretien").is_visible()
    calc.emulate_media(media="print")
    assert not calc.locator(".calculateur__entretien").is_visible()
    assert calc.locator('[data-aide="aci-cpts"]').is_visible()


def test_sans_webassembly_message_en_francais(browser, site_url):
    contexte = browser.new_context(locale="fr-FR", service_workers="block")
    contexte.add_init_script("delete globalThis.WebAssembly")
    pg = contexte.new_page()
    pg.goto(f"{site_url}calculateur/")
    pg.wait_for_selector("#calculateur[data-state=error]", timeout=DELAI)
    assert "WebAssembly" in pg.locator(".calculateur__erreur").inner_text()
    assert pg.get_by_role("link", name="fiches des dispositifs").count() == 1
    assert not pg.locator(".calculateur__formulaire").is_visible()
    contexte.close()


def test_sans_aucun_fichier_du_calculateur_le_reste_du_site_fonctionne(browser, site_url):
    contexte = browser.new_context(locale="fr-FR", service_workers="block")
    contexte.route(re.compile(r".*/assets/calculateur/.*"), lambda route: route.abort())
    pg = contexte.new_page()
    erreurs = []
    pg.on("pageerror", lambda exc: erreurs.append(str(exc)))
    # The calculator says it cannot load and points to the static pages.
    pg.goto(f"{site_url}calculateur/")
    pg.wait_for_selector("#calculateur[data-state=error]", timeout=DELAI)
    assert "n'a pas pu être chargé" in pg.locator(".calculateur__etat").inner_text()
    assert not pg.locator(".calculateur__formulaire").is_visible()
    pg.get_by_role("link", name="tableaux des aides").click()
    pg.wait_for_url(re.compile(r"/tableaux/$"))
    # Tables filter, search finds, scheme pages show their amounts.
    pg.goto(f"{site_url}aides/")
    pg.fill("input[data-filtre=texte]", "carim")
    pg.wait_for_function("() => document.querySelectorAll('#table-aides tbody tr:not([hidden])').length === 1")
    liens = chercher(pg, site_url, "CARIM")
    assert any("/aides/carim/" in h for h in liens), liens
    pg.goto(f"{site_url}aides/carim/")
    assert "17\u202f500\u00a0€" in pg.locator("article").inner_text()
    assert erreurs == []
    contexte.close()


def test_on_repond_pendant_que_le_moteur_se_charge(browser, site_url):
    """The engine's WebAssembly is held back: its first steps are asked all the same (computed by the
    engine at build time), the answers kept in the address, and evaluated once it is released.
    Material's search index waits for the first result too."""
    contexte = browser.new_context(locale="fr-FR", service_workers="block")
    index = []
    contexte.on("request", lambda r: index.append(r.url) if r.url.endswith("/search/search_index.json") else None)
    retenues = []
    contexte.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: retenues.append(route))
    pg = contexte.new_page()
    erreurs = []
    pg.on("pageerror", lambda exc: erreurs.append(str(exc)))
    pg.goto(f"{site_url}calculateur/")
    etape = pg.locator(".entretien__etape")
    attendu = interview({}, datetime.date.today())["entretien"]["question"]["libelle"]
    etape.locator(f"h2:text-is('{attendu}')").wait_for(timeout=DELAI)
    assert pg.get_attribute("#calculateur", "data-state") == "loading"
    etape.locator('input[value="cpts"]').check()
    etape.locator("[data-action=suivant]").click()
    # The engine's step for a CPTS, from the build: whether its health project is validated.
    attendu = interview({"beneficiaire": "cpts"}, datetime.date.today())["entretien"]["question"]
    etape.locator(f'h2:text-is("{attendu["libelle"]}")').wait_for()
    assert "beneficiaire=cpts" in pg.url
    champ = attendu["unites"][0]["nom"]
    etape.locator(f'[data-champ="{champ}"] input[value="oui"]').check()
    etape.locator("[data-action=suivant]").click()
    # No step known in advance any more: the answers are kept, the next question waits for the engine.
    pg.wait_for_selector(".entretien__attente")
    assert f"{champ}=oui" in pg.url
    assert pg.locator(".entretien__reponse").count() == 2
    assert pg.get_attribute("#calculateur", "data-state") == "loading"
    assert retenues, "le WebAssembly du moteur n'a pas été retenu"
    assert index == []
    with pg.expect_request(lambda r: r.url.endswith("/search/search_index.json"), timeout=DELAI):
        for route in retenues:
            route.continue_()
        pg.wait_for_selector(PRET, timeout=DELAI)
    # Both answers evaluated: the engine's next question for them, their result.
    apres = interview({"beneficiaire": "cpts", champ: True}, datetime.date.today())
    etape.locator(f'h2:text-is("{apres["entretien"]["question"]["libelle"]}")').wait_for(timeout=30_000)
    aci = next(a for a in apres["aides"] if a["id"] == "aci-cpts")
    attendre_statut(pg, "aci-cpts", aci["statut"])
    assert pg.locator(".entretien__reponse").count() == 2
    assert erreurs == []
    contexte.close()


@pytest.mark.parametrize("chemin", ["aides/carim/", "tableaux/", "tableaux/par-region/"])
def test_fiches_et_tableaux_ne_chargent_rien_du_calculateur(browser, site_url, chemin):
    """A scheme page or a table fetches, of the calculator, only the loader every page has (boot.js,
    which mounts the calculator after an instant navigation) and the stylesheet (the schedule's chart
    is on scheme pages too): no Pyodide, no worker, no engine, no data, no service worker."""
    contexte = browser.new_context(locale="fr-FR")
    requetes = []
    contexte.on("request", lambda r: requetes.append(r.url))
    pg = contexte.new_page()
    pg.goto(site_url + chemin, wait_until="load")
    pg.wait_for_timeout(1500)
    calcul = sorted({u[len(site_url) :] for u in requetes if "/assets/calculateur/" in u or "sw-calculateur" in u})
    assert calcul == ["assets/calculateur/boot.js", "assets/calculateur/calculator.css"]
    assert pg.evaluate("navigator.serviceWorker.getRegistration().then((r) => Boolean(r))") is False
    contexte.close()
