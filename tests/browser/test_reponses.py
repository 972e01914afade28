"""Answers a doctor can act on (issue 17), in the calculator of the built site: the schedule of
payments as a chart and a table, a summary that hides no known amount, « et si » near a
threshold, next steps with dates, « Et ailleurs ? », the printable dossier (a real PDF, its text
read back), the simulation downloaded as JSON and reloaded, and the same chart on a scheme page.
Profiles and figures from the sources: CARIM at 8 half-days and 25 h (17 500 €, 20 000 € at 28 h),
a CPTS of 100 000 inhabitants (265 000 € a year), the assistant médical at 1 ETP in 2024
(38 000 / 28 000 / 22 000 €), CRAI's deadlines (30 June and 30 October 2026).
"""

import json
import re

from conftest import DELAI, PRET, violations
from playwright.sync_api import expect
from pypdf import PdfReader

CARIM = (
    "?beneficiaire=centre_sante&region=53&departement=29&type_centre=medical&zone=zar&qpv=non&conventionne=oui"
    "&recrute_medecin_salarie=oui&medecins_recrutes_detail=8_25&pdsa=oui"
    "&date=2026-03-01"
)
CPTS = "?beneficiaire=cpts&projet_sante_valide=oui&cpts_habitants=100000&cpts_missions=acces_soins,parcours,prevention&date=2026-03-01"
CRAI = (
    "?beneficiaire=medecin&specialite=medecine_generale&region=32&departement=02&zone=zar&qpv=non"
    "&mode_exercice=liberal&conventionne=oui&secteur=1&deja_installe=non&premiere_installation=oui"
    "&cabinet_principal=oui&date_installation=2025-09-01&aide_installation_10_ans=non&exercice_coordonne=msp"
    "&date=2026-03-20"
)
PAYS_DE_LA_LOIRE = (
    "?beneficiaire=medecin&specialite=medecine_generale&region=52&departement=53&zone=zip&qpv=non"
    "&deja_installe=non&premiere_installation=oui&cabinet_principal=oui&secteur=1&date_installation=2026-03-02"
    "&aide_installation_10_ans=non&date=2026-03-20"
)
NB = "\u202f"  # the thousands separator
EURO = "\u00a0€"


def ouvrir(pg, requete):
    pg.goto(f"{pg.base}calculateur/{requete}")
    pg.wait_for_selector(PRET, timeout=DELAI)
    pg.wait_for_selector("table[data-comparaison]", timeout=60_000)


def carte(pg, ident):
    return pg.locator(f'#calculateur article[data-aide="{ident}"]')


def test_carim_chart_table_what_if_and_next_steps(calc):
    ouvrir(calc, CARIM)
    svg = calc.locator(".resultat__echeancier svg[data-echeancier]")
    assert svg.get_attribute("role") == "img"
    assert svg.locator(":scope > title").text_content() == "Échéancier des versements, année par année"
    assert f"17{NB}500{EURO}" in svg.locator(":scope > desc").text_content()
    table = calc.locator(".resultat__echeancier table[data-echeancier]")
    assert table.locator('tr[data-serie="carim"] td').first.text_content() == f"17{NB}500{EURO}"
    # « Et si » from the grid: 28 h a week reach the next row.
    et_si = carte(calc, "carim").locator("[data-et-si]").text_content()
    assert "28 heures par semaine (au lieu de 25 heures par semaine)" in et_si and f"20{NB}000{EURO}" in et_si
    # Every eligible card has its next steps; no card is « Éligible » and « à compléter » at once.
    eligibles = calc.locator('#calculateur article[data-statut="eligible"]')
    assert eligibles.count() >= 2
    assert calc.locator('article[data-statut="eligible"] [data-demarches]').count() == eligibles.count()
    assert (
        "Votre référent « exercice coordonné » à l'ARS Bretagne"
        in carte(calc, "carim").locator("[data-demarches]").text_content()
    )
    for texte in eligibles.all_inner_texts():
        assert "À compléter" not in texte and "Pour conclure" not in texte
    # Accord national or ACI: both amounts unknown, the choice is the centre's, with what it depends on.
    choix = calc.locator(".resultat__choix")
    assert "À vous de choisir" in choix.text_content() and "indicateurs" in choix.text_content()
    assert (
        "au choix Accord national des centres de santé ou ACI" in calc.locator(".resultat__combinaison").text_content()
    )
    assert calc.errors == []


def test_cpts_summary_shows_its_yearly_amount_and_hides_other_applicants(calc):
    ouvrir(calc, CPTS)
    synthese = calc.locator(".resultat__combinaison").text_content()
    assert f"ACI CPTS : 265{NB}000{EURO} par an (durée non fixée)" in synthese
    assert "non déterminé" not in synthese
    # The doctors' and students' aids are folded away, not shown as cards to read through.
    plie = calc.locator("details.resultat__non-eligibles")
    assert plie.get_attribute("open") is None
    assert re.search(r"Pas pour votre profil ou votre région \(\d+\)", plie.locator(":scope > summary").text_content())
    assert calc.locator('details.resultat__non-eligibles article[data-aide="coscom"]').count() == 1
    # The next size up, from the variable's bands.
    assert f"175{NB}001 habitants" in carte(calc, "aci-cpts").locator("[data-et-si]").text_content()
    assert calc.errors == []


def test_a_condition_not_met_is_shown_with_that_condition(calc):
    ouvrir(calc, CARIM.replace("detail=8_25", "detail=8_17"))
    section = calc.locator(".resultat__non-remplies")
    assert "17 h 30" in section.locator('article[data-aide="carim"] .resultat__echec').text_content()
    assert calc.locator('details.resultat__non-eligibles article[data-aide="carim"]').count() == 0


def test_region_without_own_aid_links_to_its_ars_portal(calc):
    ouvrir(calc, PAYS_DE_LA_LOIRE)
    avis = calc.locator("[data-territoire]")
    assert "Aucune aide propre à la région Pays de la Loire" in avis.text_content()
    assert avis.locator("a").get_attribute("href") == "https://www.paysdelaloire.paps.sante.fr/linstallation-61"
    assert "10/11/2025" in avis.text_content()
    # The schedule of the first year holds the installation aid and the FMT's rate, dated.
    table = calc.locator(".resultat__echeancier table[data-echeancier]")
    assert "dès le 02/03/2026" in table.locator("thead").text_content()
    assert "+50\u00a0%" in table.locator('tr[data-serie="majoration-fmt"]').text_content()


def test_elsewhere_one_row_per_zone_qpv_and_region(calc):
    ouvrir(calc, PAYS_DE_LA_LOIRE)
    table = calc.locator("table[data-comparaison]")
    variantes = table.locator("tr[data-variante]")
    ids = [variantes.nth(i).get_attribute("data-variante") for i in range(variantes.count())]
    assert ids[:4] == ["zone:zac", "zone:zar", "zone:hors_zone", "qpv:oui"]
    assert "region:53" in ids and "region:52" not in ids
    reference = table.locator("tr[data-reference]").text_content()
    assert f"10{NB}000{EURO}" in reference
    # In a ZAC, the 2026 installation aid is 5 000 € instead of 10 000 €: 5 000 € less.
    zac = table.locator('tr[data-variante="zone:zac"]')
    assert zac.get_attribute("data-ecart-total") == "-5000" and f"−5{NB}000{EURO}" in zac.text_content()
    # A region whose aids need an answer not given says so.
    hdf = table.locator('tr[data-variante="region:32"]')
    assert "Département" in hdf.locator(".comparaison__manque").text_content()


def _texte_pdf(chemin) -> tuple:
    """(number of A4 pages, the text) of a printed PDF, read back with pypdf."""
    lecteur = PdfReader(str(chemin))
    # A4 is 595,3 × 841,9 points; Chromium rounds its page box up to whole points.
    tailles = [(float(p.mediabox.width), float(p.mediabox.height)) for p in lecteur.pages]
    assert all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1.2 for w, h in tailles), tailles
    return len(lecteur.pages), "\n".join(p.extract_text() for p in lecteur.pages)


def test_dossier_prints_on_a4_with_every_part(calc, tmp_path):
    ouvrir(calc, CRAI)
    calc.click("[data-action=dossier]")
    dossier = calc.locator("[data-dossier]")
    dossier.wait_for(state="visible")
    # The dossier in place of the interview and the result.
    assert not calc.locator(".calculateur__entretien").is_visible()
    assert not calc.locator('#calculateur article[data-aide="crai"]').is_visible()
    pdf = tmp_path / "dossier.pdf"
    calc.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes()[:5] == b"%PDF-"
    pages, texte = _texte_pdf(pdf)
    assert pages <= 3
    texte = re.sub(r"\s+", " ", texte.replace(NB, " ").replace("\u00a0", " "))
    for partie in (
        "Mon dossier d'aides",
        "Simulation au 20/03/2026",
        "données des dispositifs vérifiées le",
        "Ma situation",
        "ZAR (zone d'accompagnement régional)",
        "La meilleure combinaison",
        "Échéancier des versements, année par année",
        "50 000 €",
        "Prochaines étapes",
        "Contacter : L'ARS Hauts-de-France.",
        "au plus tard le 30/06/2026",
        "Signature du contrat au plus tard le 30/10/2026",
        "Ce qui ne se cumule pas",
        "Retrouver cette simulation",
    ):
        assert partie in texte, partie
    assert "date_installation=2025-09-01" in texte.replace(" ", "")  # the link that reopens it
    # The dossier alone: no card, no form, no « Et ailleurs ? ».
    assert "Et ailleurs" not in texte and "Aides possibles" not in texte
    calc.emulate_media(media="screen")
    calc.click("[data-action=fermer-dossier]")
    assert calc.locator(".calculateur__entretien").is_visible()
    assert calc.locator('#calculateur article[data-aide="crai"]').is_visible()


def test_ordinary_print_has_no_empty_conditions_box(calc):
    ouvrir(calc, CARIM)
    calc.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    calc.emulate_media(media="print")
    boites = calc.locator('#calculateur article[data-statut="eligible"] .resultat__details')
    assert boites.count() >= 2
    for i in range(boites.count()):
        boite = boites.nth(i)
        assert boite.get_attribute("open") is not None
        assert boite.locator(".resultat__conditions li").count() >= 1
        assert not boite.locator("summary").is_visible()
    # The printed page says where it comes from: the site, the situation's date, the link.
    origine = calc.locator("[data-impression]")
    assert origine.is_visible()
    texte = origine.inner_text()
    assert texte.startswith("Aides à l'installation des médecins — simulation au 01/03/2026, imprimée le ")
    assert "calculateur/?beneficiaire=centre_sante" in texte and texte.endswith("&date=2026-03-01")
    calc.emulate_media(media="screen")
    assert not origine.is_visible()
    calc.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert boites.first.get_attribute("open") is None


def test_download_and_reload_the_simulation(calc, tmp_path):
    ouvrir(calc, CARIM)
    with calc.expect_download() as attente:
        calc.click("[data-action=telecharger]")
    fichier = tmp_path / attente.value.suggested_filename
    attente.value.save_as(fichier)
    assert fichier.name == "simulation-aides-medecins-2026-03-01.json"
    contenu = json.loads(fichier.read_text(encoding="utf-8"))
    assert contenu["format"] == "aides-medecins-simulation" and contenu["date"] == "2026-03-01"
    assert contenu["profil"]["medecins_recrutes_detail"] == [{"demi_journees_semaine": "8", "heures_semaine": "25"}]
    carim = next(a for a in contenu["resultat"]["aides"] if a["id"] == "carim")
    assert carim["montant_total"] == 17500 and carim["echeancier"]["annees"][0]["montant"] == 17500
    # Reopen it on a blank calculator: the form and the result come back.
    calc.goto(f"{calc.base}calculateur/")
    calc.wait_for_selector(PRET, timeout=DELAI)
    calc.locator(".simulation__fichier").set_input_files(str(fichier))
    calc.wait_for_selector('article[data-aide="carim"][data-montant-total="17500"]', timeout=30_000)
    assert "25" in calc.locator('[data-reponse="medecins_recrutes_detail"]').inner_text()
    assert "medecins_recrutes_detail=8_25" in calc.url and "date=2026-03-01" in calc.url
    assert "rouverte" in calc.locator(".simulation__message").text_content()
    # Bad and foreign files: a French message, the result unchanged.
    for nom, texte, attendu in [
        ("photo.json", "\x89PNG pas du JSON", "pas du JSON lisible"),
        ("autre.json", json.dumps({"nom": "autre chose"}), "ne vient pas de ce calculateur"),
        ("vieux.json", json.dumps({**contenu, "version": 99}), "version 99"),
        ("piege.json", json.dumps({**contenu, "profil": {"couleur": "<b>bleu</b>"}}), "« couleur »"),
    ]:
        mauvais = tmp_path / nom
        mauvais.write_text(texte, encoding="utf-8")
        calc.locator(".simulation__fichier").set_input_files(str(mauvais))
        message = calc.locator(".simulation__message--erreur")
        # The message of this file, not the one the previous file left on screen.
        expect(message).to_contain_text(attendu, timeout=10_000)
        assert calc.locator(".simulation__message b").count() == 0
    assert calc.locator('article[data-aide="carim"]').get_attribute("data-montant-total") == "17500"
    assert calc.errors == []


def test_dropping_a_file_on_the_calculator_reopens_it(calc, tmp_path):
    ouvrir(calc, CPTS)
    contenu = {
        "format": "aides-medecins-simulation",
        "version": 1,
        "date": "2026-03-01",
        "profil": {"beneficiaire": "centre_sante", "region": "53", "zone": "zar", "type_centre": "medical"},
    }
    calc.evaluate(
        """(texte) => {
        const transfert = new DataTransfer();
        transfert.items.add(new File([texte], "simulation.json", { type: "application/json" }));
        const racine = document.querySelector("#calculateur");
        racine.dispatchEvent(new DragEvent("dragover", { dataTransfer: transfert, bubbles: true, cancelable: true }));
        racine.dispatchEvent(new DragEvent("drop", { dataTransfer: transfert, bubbles: true, cancelable: true }));
    }""",
        json.dumps(contenu),
    )
    calc.wait_for_selector('article[data-aide="carim"][data-statut="a_completer"]', timeout=30_000)
    assert "beneficiaire=centre_sante" in calc.url


def test_scheme_page_shows_the_chart_of_its_worked_example(page, site_url):
    page.goto(site_url + "aides/assistant-medical/")
    table = page.locator(".exemple table[data-echeancier]")
    cellules = table.locator('tr[data-serie="assistant-medical"] td').all_text_contents()
    assert cellules[:3] == [f"38{NB}000{EURO}", f"28{NB}000{EURO}", f"22{NB}000{EURO}"]
    assert page.locator(".exemple svg[data-echeancier] rect").count() == 3


def test_chart_and_dossier_under_the_csp(surveille, site_url):
    surveille.goto(site_url + "calculateur/" + CARIM)
    surveille.wait_for_selector(PRET, timeout=DELAI)
    surveille.wait_for_selector("table[data-comparaison]", timeout=60_000)
    surveille.click("[data-action=dossier]")
    surveille.wait_for_selector("[data-dossier] svg[data-echeancier]")
    assert violations(surveille) == []
    assert surveille.errors == []


CRME_INSTALLE = (
    "?beneficiaire=medecin&specialite=medecine_generale&region=32&departement=02&zone=zac&qpv=non"
    "&deja_installe=oui&mode_exercice=liberal&conventionne=oui&secteur=1&pdsa=oui"
    "&engagement_accueil_stagiaires=oui&exercice_coordonne=msp&date=2026-03-01"
)


def test_a_card_says_how_fresh_its_sources_are_and_the_reading_taken(calc):
    # CRME for a GP already installed in a ZAC of the Aisne: eligible (15 000 €) under the reading
    # « exercer » of a page that also says « s'installant », which the card says; its newest
    # source is the PAPS Hauts-de-France page of 23/02/2024, older than the data's 12 months.
    ouvrir(calc, CRME_INSTALLE)
    crme = carte(calc, "crme")
    assert crme.get_attribute("data-statut") == "eligible" and crme.get_attribute("data-montant-total") == "15000"
    lecture = crme.locator("[data-lecture]")
    assert "qu'il confirme auprès de l'ARS Hauts-de-France" in lecture.inner_text()
    assert "s'installant dans une zone d'action complémentaire" in lecture.locator("details").text_content()
    fraicheur = crme.locator(".resultat__fraicheur")
    assert fraicheur.get_attribute("data-fraicheur") == "a_verifier"
    assert fraicheur.inner_text() == (
        "Dernière source : février 2024 — à vérifier auprès du financeur (ARS Hauts-de-France)."
    )
    # The 5 000 € ZAC aid of 2026 rests on a page of January 2026: recent at this date.
    zac = carte(calc, "aide-installation-zac").locator(".resultat__fraicheur")
    assert zac.inner_text() == "Confirmé par une source de moins de 12 mois (janvier 2026)."


def test_the_dossier_link_keeps_the_date_when_the_situation_is_today(calc):
    # No date in the address: the situation is today's, and the dossier's link writes that date in,
    # so that it reopens the same result next year (as « Copier le lien » does).
    ouvrir(calc, CPTS.replace("&date=2026-03-01", ""))
    assert "date=" not in calc.url
    calc.click("[data-action=dossier]")
    lien = calc.locator("[data-dossier] a.dossier__lien").get_attribute("href")
    aujourd_hui = calc.evaluate("new Date().toISOString().slice(0, 10)")
    assert lien.endswith(f"&date={aujourd_hui}") and "cpts_habitants=100000" in lien
