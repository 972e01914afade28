"""The calculator as an interview, in Chromium on the built site: four personas answer only what
they are asked, one step at a time, and reach a complete result within the issue's targets (a GP
settling in a ZIP: 8 questions at most; a centre de santé in a Breton ZAR: 10; a CPTS: 5; an
interne in the Aisne: 6), with the amounts of the sources. Then: the commune field (keyboard,
overseas), « je ne sais pas », changing an answer in place, Back, reset, the copied link, the
scheme page's example, a phone's screen.
"""

import re
from pathlib import Path

import pytest
from conftest import DELAI, PRET

QUESTION = "#calculateur .entretien__question"


def ouvrir(pg, requete=""):
    pg.goto(f"{pg.base}calculateur/{requete}")
    pg.wait_for_selector(PRET, timeout=DELAI)


def choisir_commune(pg, saisie, nom):
    champ = pg.locator(f'{QUESTION} input[name="commune"]')
    assert champ.get_attribute("role") == "combobox"
    champ.fill("")
    champ.press_sequentially(saisie, delay=20)
    option = pg.locator(f"{QUESTION} [role=option]", has_text=nom).first
    option.wait_for(timeout=30_000)
    option.click()


def remplir(pg, nom, valeur):
    """Answer one field of the current step, whatever its control."""
    bloc = pg.locator(f'{QUESTION} [data-champ="{nom}"]')
    if isinstance(valeur, list) and valeur and isinstance(valeur[0], dict):
        for i, membre in enumerate(valeur):
            if i:
                bloc.locator("[data-action=ajouter-membre]").click()
            ligne = bloc.locator(".champ__membre").nth(i)
            for champ, v in membre.items():
                ligne.locator(f'input[name="{champ}"]').fill(str(v))
    elif isinstance(valeur, list):
        for v in valeur or ["aucun"]:
            bloc.locator(f'input[value="{v}"]').check()
    elif bloc.locator(f'input[type=radio][name="{nom}"]').count():
        bloc.locator(f'input[name="{nom}"][value="{valeur}"]').check()
    elif bloc.locator("select").count():
        bloc.locator("select").select_option(str(valeur))
    else:
        bloc.locator(f'input[name="{nom}"]').fill(str(valeur))


def derouler(pg, reponses: dict, communes: tuple = ()):
    """Answer each step the engine asks with `reponses` (the commune by its name); the questions
    asked, in order. Fails on a question the persona has no answer for."""
    posees = []
    for _ in range(20):
        pg.wait_for_selector(f"{QUESTION}, #calculateur .entretien__fin", timeout=30_000)
        if pg.locator("#calculateur .entretien__fin").count():
            return posees
        champs = pg.locator(f"{QUESTION} [data-champ]").evaluate_all("els => els.map(e => e.dataset.champ)")
        for nom in champs:
            if nom == "commune":
                choisir_commune(pg, *communes)
            else:
                assert nom in reponses, f"question inattendue : {nom} (déjà : {posees})"
                remplir(pg, nom, reponses[nom])
        avant = pg.locator("#calculateur [data-reponse]").count()
        pg.locator(f'{QUESTION} [data-action="suivant"]').click()
        pg.wait_for_function(
            "(n) => document.querySelectorAll('#calculateur [data-reponse]').length > n", arg=avant, timeout=30_000
        )
        posees.append(champs)
    pytest.fail("l'entretien ne s'arrête pas")


def haut(locator) -> float:
    """The top of an element in the page (not the viewport)."""
    return locator.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def carte(pg, ident):
    return pg.locator(f'#calculateur [data-aide="{ident}"]')


def test_generaliste_premiere_installation_en_zip_en_2026(calc):
    ouvrir(calc, "?date=2026-03-20")
    # The loading message speaks to a doctor.
    assert "WebAssembly" not in calc.locator(".calculateur__etat").text_content()
    assert calc.locator("[data-action=copier]").is_hidden()  # nothing to copy yet
    posees = derouler(
        calc,
        {
            "beneficiaire": "medecin",
            "zone": "zip",
            "qpv": "non",
            "specialite": "medecine_generale",
            "secteur": "1",
            "premiere_installation": "oui",
            "date_installation": "2026-03-02",
            "cabinet_principal": "oui",
            "aide_installation_10_ans": "non",
            "remplacant": "non",
            "post_internat": "non",
            "cabinet_secondaire_zip": "non",
            "assistant_temps": "aucun",
        },
        ("Bourg-en-Bresse", "Bourg-en-Bresse"),
    )
    assert len(posees) <= 8, posees
    # 10 000 € at the first installation in a ZIP (ameli), with the FMT majoration.
    zip_ = carte(calc, "aide-installation-zip")
    assert zip_.get_attribute("data-statut") == "eligible"
    assert zip_.get_attribute("data-montant-total") == "10000"
    assert carte(calc, "majoration-fmt").get_attribute("data-statut") == "eligible"
    assert calc.locator('#calculateur [data-statut="a_completer"]').count() == 0
    assert "Résultat complet" in calc.locator(".entretien__fin").inner_text()
    # The commune filled the région and the département.
    assert "region=84" in calc.url and "departement=01" in calc.url
    assert "Bourg-en-Bresse" in calc.locator('[data-reponse="commune"]').inner_text()
    assert calc.errors == []


def test_centre_de_sante_en_zar_en_bretagne_qui_recrute_un_generaliste(calc):
    ouvrir(calc, "?date=2026-03-01")
    posees = derouler(
        calc,
        {
            "beneficiaire": "centre_sante",
            "zone": "zar",
            "qpv": "non",
            "ile": "non",
            "type_centre": "medical",
            "conventionne": "oui",
            "pdsa": "oui",
            "centre_nouveau": "non",
            "medecins_recrutes_detail": [{"demi_journees_semaine": 8, "heures_semaine": 25}],
            "recrute_medecin_salarie": "oui",
            "avis_carpec_favorable": "ne_sait_pas",
            "etp_mis_a_disposition_zip": "0",
            "honoraires_zip": "0",
        },
        ("Brest", "Brest"),
    )
    assert len(posees) <= 10, posees
    # CARIM: 8 half-days for 25 h a week give 17 500 € (the source's own example).
    assert carte(calc, "carim").get_attribute("data-statut") == "eligible"
    assert carte(calc, "carim").get_attribute("data-montant-total") == "17500"
    assert "17\u202f500\u00a0€" in carte(calc, "carim").inner_text()
    # « Je ne sais pas » for the CARPEC's decision: the ARS aid stays open, and is explained.
    assert carte(calc, "accompagnement-cds-bretagne").get_attribute("data-statut") == "a_completer"
    assert calc.locator('[data-inconnu="avis_carpec_favorable"]').is_visible()
    assert calc.errors == []


def test_cpts_avec_sa_population_et_ses_missions(calc):
    ouvrir(calc, "?date=2026-03-01")
    posees = derouler(
        calc,
        {
            "beneficiaire": "cpts",
            "projet_sante_valide": "oui",
            "cpts_habitants": "100000",
            "cpts_missions": ["acces_soins", "parcours", "prevention"],
        },
    )
    assert len(posees) <= 5, posees
    # Size 3: 75 000 € + access 65 000 € + pathways 90 000 € + prevention 35 000 € a year.
    aci = carte(calc, "aci-cpts")
    assert aci.get_attribute("data-statut") == "eligible"
    assert aci.get_attribute("data-montant-annuel") == "265000"
    assert "265\u202f000\u00a0€ par an" in aci.inner_text()


def test_interne_en_stage_dans_l_aisne(calc):
    ouvrir(calc, "?date=2026-03-01")
    posees = derouler(
        calc,
        {
            "beneficiaire": "etudiant",
            "etudes": "troisieme_cycle",
            "zone": "zip",
            "stage_ambulatoire": "oui",
            "lieu_stage": "medecin_generaliste_liberal",
            "distance_km": "1200",
            "originaire_departement": "non",
        },
        ("02000", "Laon"),
    )
    assert len(posees) <= 6, posees
    # 0,25 €/km × 1 200 km = 300 €; the Aisne's stage bonus, 1 000 €.
    assert carte(calc, "indemnite-km-stage").get_attribute("data-montant-total") == "300"
    assert carte(calc, "prime-stage-aisne").get_attribute("data-montant-total") == "1000"
    assert "departement=02" in calc.url


def test_la_commune_au_clavier_et_l_outre_mer(calc):
    ouvrir(calc, "?beneficiaire=medecin&date=2026-03-01")
    champ = calc.locator(f'{QUESTION} input[name="commune"]')
    champ.press_sequentially("97200", delay=20)
    calc.locator(f"{QUESTION} [role=option]").first.wait_for()
    assert champ.get_attribute("aria-expanded") == "true"
    champ.press("ArrowDown")
    actif = champ.get_attribute("aria-activedescendant")
    assert calc.locator(f"#{actif}").get_attribute("aria-selected") == "true"
    champ.press("Enter")
    assert champ.get_attribute("aria-expanded") == "false"
    assert "Fort-de-France" in champ.input_value()
    assert "Martinique" in calc.locator(f"{QUESTION} .commune__etat").inner_text()
    # The zone question links to Rézone and the ARS Martinique's zoning page, the commune named.
    liens = calc.locator(f'{QUESTION} [data-champ="zone"] a').evaluate_all("as => as.map(a => a.href)")
    assert liens[0] == "https://rezone.ameli.fr/" and "martinique.ars.sante.fr" in liens[1]
    assert calc.locator(f"{QUESTION} .entretien__commune-nom").input_value() == "Fort-de-France"
    # An overseas collectivity is not covered by the guide's schemes: said in French.
    champ.fill("")
    champ.press_sequentially("Nouméa", delay=20)
    calc.locator(f"{QUESTION} [role=option]", has_text="Nouméa").first.click()
    assert "collectivité d'outre-mer" in calc.locator(f"{QUESTION} .champ__erreur:visible").first.inner_text()


def test_je_ne_sais_pas_pour_la_zone(calc):
    ouvrir(calc, "?beneficiaire=medecin&region=53&departement=29&commune=29019&date=2026-03-20")
    remplir(calc, "zone", "ne_sait_pas")
    remplir(calc, "qpv", "non")
    calc.locator(f'{QUESTION} [data-action="suivant"]').click()
    bloc = calc.locator('[data-inconnu="zone"]')
    bloc.wait_for(timeout=30_000)
    texte = bloc.inner_text()
    for zone in ("ZIP", "ZAC", "ZAR", "Hors zone"):
        assert zone in texte
    assert bloc.locator('a[href="https://rezone.ameli.fr/"]').count() == 1
    assert bloc.locator('a[href*="bretagne.paps.sante.fr"]').count() == 1
    assert "zone=ne_sait_pas" in calc.url


def test_modifier_une_reponse_sur_place_et_revenir_en_arriere(calc):
    ouvrir(calc, "?date=2026-03-01")
    derouler(
        calc,
        {
            "beneficiaire": "cpts",
            "projet_sante_valide": "oui",
            "cpts_habitants": "100000",
            "cpts_missions": ["acces_soins", "parcours", "prevention"],
        },
    )
    assert carte(calc, "aci-cpts").get_attribute("data-montant-annuel") == "265000"
    ligne = calc.locator('[data-reponse="cpts_habitants"]')
    ligne.locator("[data-action=modifier]").click()
    ligne.locator('input[name="cpts_habitants"]').fill("20000")
    ligne.locator("[data-action=valider]").click()
    calc.wait_for_function("() => location.search.includes('cpts_habitants=20000')")
    # Size 1 (under 40 000): 50 000 € + 15 000 + 20 000 + 10 000 € (ACI CPTS).
    calc.wait_for_function(
        "() => document.querySelector('[data-aide=\"aci-cpts\"]')?.dataset.montantAnnuel !== '265000'"
    )
    assert calc.locator('[data-reponse="cpts_habitants"]').inner_text().count("20\u202f000 habitants") == 1
    # Back undoes the change.
    calc.go_back()
    calc.wait_for_function(
        "() => document.querySelector('[data-aide=\"aci-cpts\"]')?.dataset.montantAnnuel === '265000'"
    )
    assert "100\u202f000 habitants" in calc.locator('[data-reponse="cpts_habitants"]').inner_text()
    # A nonsense answer is refused with the engine's French message, on its field.
    ligne = calc.locator('[data-reponse="cpts_habitants"]')
    ligne.locator("[data-action=modifier]").click()
    ligne.locator('input[name="cpts_habitants"]').fill("1e5")
    ligne.locator("[data-action=valider]").click()
    erreur = ligne.locator(".champ__erreur")
    erreur.wait_for(state="visible")
    assert "sans exposant" in erreur.inner_text()
    assert "cpts_habitants=100000" in calc.url


def test_recommencer_copier_le_lien_avec_sa_date(calc, visiteur):
    visiteur.grant_permissions(["clipboard-read", "clipboard-write"])
    ouvrir(calc)
    remplir(calc, "beneficiaire", "cpts")
    calc.locator(f'{QUESTION} [data-action="suivant"]').click()
    calc.locator("[data-action=copier]").wait_for(state="visible")
    calc.locator("[data-action=copier]").click()
    calc.wait_for_selector(".calculateur__message:has-text('Lien copié')")
    copie = calc.evaluate("navigator.clipboard.readText()")
    # Today's date is written in the link: it reopens the same result next year.
    assert re.search(r"date=\d{4}-\d{2}-\d{2}", copie) and "beneficiaire=cpts" in copie
    calc.locator("[data-action=recommencer]").click()
    calc.wait_for_function("() => !document.querySelector('#calculateur [data-reponse]')")
    assert "beneficiaire" not in calc.url
    assert calc.locator("[data-action=copier]").is_hidden()


def test_la_date_hors_des_donnees_est_refusee(calc):
    ouvrir(calc, "?beneficiaire=centre_sante&date=1990-01-01")
    erreur = calc.locator("#calc-date-situation-erreur")
    erreur.wait_for(state="visible", timeout=30_000)
    assert "du 11/07/2011 au 07/12/2027" in erreur.inner_text()


def test_estimer_votre_situation_ouvre_l_exemple_de_la_fiche(calc):
    calc.goto(f"{calc.base}aides/carim/")
    calc.get_by_role("link", name="Estimer votre situation avec le calculateur").click()
    calc.wait_for_selector(PRET, timeout=DELAI)
    calc.wait_for_function("() => location.search.includes('beneficiaire=centre_sante')")
    # CARIM's worked example (8 half-days, 25 h): 17 500 €, its date kept.
    calc.wait_for_selector('[data-aide="carim"][data-statut="eligible"]', state="attached", timeout=30_000)
    assert carte(calc, "carim").get_attribute("data-montant-total") == "17500"
    assert "date=2026-03-01" in calc.url and "exemple=" not in calc.url


def test_deux_medecins_recrutes_a_des_temps_differents(calc):
    ouvrir(
        calc,
        "?beneficiaire=centre_sante&region=53&departement=29&zone=zar&type_centre=medical&conventionne=oui&pdsa=oui"
        "&medecins_recrutes_detail=8_28%2C6_21&date=2026-03-01",
    )
    # 20 000 € (8 half-days, 28 h) + 15 000 € (6 half-days, 21 h), seed 001's grid.
    calc.wait_for_selector('[data-aide="carim"][data-statut="eligible"]', state="attached", timeout=30_000)
    assert carte(calc, "carim").get_attribute("data-montant-total") == "35000"
    ligne = calc.locator('[data-reponse="medecins_recrutes_detail"]')
    assert "2 médecins" in ligne.inner_text()
    # Remove the second doctor, in place: 20 000 €.
    ligne.locator("[data-action=modifier]").click()
    ligne.locator(".champ__membre").nth(1).locator("[data-action=retirer-membre]").click()
    ligne.locator("[data-action=valider]").click()
    calc.wait_for_function("() => document.querySelector('[data-aide=\"carim\"]')?.dataset.montantTotal === '20000'")
    assert "medecins_recrutes_detail=8_28&" in calc.url


def test_sur_un_telephone_le_resultat_reste_visible(browser, site_url):
    contexte = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = contexte.new_page()
    pg.goto(f"{site_url}calculateur/?beneficiaire=cpts&date=2026-03-01")
    pg.wait_for_selector(PRET, timeout=DELAI)
    question = pg.locator(QUESTION)
    question.scroll_into_view_if_needed()
    apercu = pg.locator(".calculateur__apercu")
    boite = apercu.bounding_box()
    assert boite and 0 <= boite["y"] and boite["y"] + boite["height"] <= 844 + 1
    assert "Acquis" in apercu.inner_text()
    # The next question comes below the one just answered (now a summary line), never above it.
    avant = haut(question)
    remplir(pg, "projet_sante_valide", "oui")
    pg.locator(f'{QUESTION} [data-action="suivant"]').click()
    pg.wait_for_selector('[data-reponse="projet_sante_valide"]')
    assert haut(pg.locator(QUESTION)) > haut(pg.locator('[data-reponse="projet_sante_valide"]'))
    assert haut(pg.locator(QUESTION)) >= avant
    boite = apercu.bounding_box()
    assert boite["y"] + boite["height"] <= 844 + 1
    contexte.close()


def test_voir_toutes_les_questions(calc):
    ouvrir(calc, "?beneficiaire=cpts&date=2026-03-01")
    calc.locator("[data-action=vue]").click()
    formulaire = calc.locator(".calculateur__formulaire")
    formulaire.wait_for(state="visible")
    assert "vue=tout" in calc.url
    assert formulaire.locator('[data-champ="cpts_habitants"]').is_visible()
    assert not formulaire.locator('[data-champ="secteur"]').is_visible()
    formulaire.locator('input[name="cpts_habitants"]').fill("100000")
    formulaire.locator('input[name="cpts_habitants"]').dispatch_event("change")
    calc.wait_for_function("() => location.search.includes('cpts_habitants=100000')")
    calc.locator("[data-action=vue]").click()
    calc.locator(QUESTION).wait_for()
    assert calc.locator('[data-reponse="cpts_habitants"]').count() == 1


def test_au_clavier_seul_et_sans_violation_d_accessibilite(browser, site_url):
    """The interview with the keyboard alone (commune included), audited by axe-core with the
    commune's suggestions open and after the step, as test_accessibilite.py does the pages."""
    axe = (Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    regles = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    contexte = browser.new_context(locale="fr-FR", bypass_csp=True, service_workers="block")
    pg = contexte.new_page()

    def graves():
        pg.add_script_tag(content=axe)
        r = pg.evaluate("(regles) => axe.run(document.querySelector('#calculateur'), regles)", regles)
        return [f"{v['id']}: {v['help']}" for v in r["violations"] if v["impact"] in ("serious", "critical")]

    pg.goto(f"{site_url}calculateur/?date=2026-03-01")
    pg.wait_for_selector(PRET, timeout=DELAI)
    for _ in range(60):
        if pg.evaluate("() => document.activeElement?.name === 'beneficiaire'"):
            break
        pg.keyboard.press("Tab")
    # Arrow keys move in a radio group; Space ticks; Enter in the form validates the step.
    while pg.evaluate("() => document.activeElement.value") != "centre_sante":
        pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    pg.wait_for_selector('[data-reponse="beneficiaire"]', timeout=30_000)
    # The new step has the focus (its heading): Tab reaches the commune.
    for _ in range(10):
        if pg.evaluate("() => document.activeElement?.name === 'commune'"):
            break
        pg.keyboard.press("Tab")
    pg.keyboard.type("Quimper", delay=20)
    pg.wait_for_selector(f"{QUESTION} [role=option]")
    assert graves() == []
    pg.keyboard.press("ArrowDown")
    pg.keyboard.press("Enter")
    assert "Quimper" in pg.locator(f'{QUESTION} input[name="commune"]').input_value()
    assert graves() == []
    contexte.close()


def test_les_communes_ne_sont_chargees_qu_a_l_usage(calc):
    # The communes file (@etalab/decoupage-administratif, reduced at build time) is fetched when the
    # commune field is first used, once.
    demandes = []
    calc.on("request", lambda r: demandes.append(r.url) if "/communes-" in r.url else None)
    ouvrir(calc, "?beneficiaire=medecin&date=2026-03-01")
    calc.wait_for_selector(f'{QUESTION} input[name="commune"]')
    assert demandes == []
    choisir_commune(calc, "Brest", "Brest")
    assert "Bretagne" in calc.locator(f"{QUESTION} .commune__etat").inner_text()
    choisir_commune(calc, "29000", "Quimper")
    assert len(demandes) == 1 and demandes[0].endswith(".json")
