"""Browser tests of the guide (headless Chromium on the built site): the home page, a scheme page
and the table page render; the French search finds a scheme by acronym, by a word of its
conditions, the assistant médical aid first and the 2026 ZIP aids, and shows each scheme's state
and amount; the tables' filters (written to the address, closed schemes hidden by default, a
minimum amount that keeps the schemes whose amount is not given) and sorting work; no page
scrolls sideways on a phone, where the tables become cards; the cumul matrix and the glossary's
abbreviations work without hover; a worked example opens in the calculator with its answers."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import chercher

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import expect  # noqa: E402

TELEPHONE = {"width": 390, "height": 844}
BUREAU = {"width": 1366, "height": 900}
FERMES = ("ferme_nouvelles_demandes", "expire")


@pytest.fixture
def telephone(browser):
    """A page on a phone-sized touch screen."""
    contexte = browser.new_context(locale="fr-FR", viewport=TELEPHONE, is_mobile=True, has_touch=True)
    pg = contexte.new_page()
    pg.errors = []
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    yield pg
    contexte.close()


def test_accueil(page, site_url):
    page.goto(site_url)
    expect(page.locator("h1")).to_contain_text("Aides à l'installation")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator(".md-tabs")).to_contain_text("Dispositifs")
    expect(page.locator("article")).to_contain_text("Par profil")
    expect(page.locator(".md-copyright")).to_contain_text("données vérifiées")
    assert page.errors == []


def test_un_seul_decompte_des_dispositifs(page, site_url):
    # The page and the footer say the same, from one template: 60 aids and 3 statuses today.
    page.goto(site_url)
    texte = page.locator("article").inner_text()
    decompte = re.search(r"présente (\d+ aides? et \d+ statuts? d'exercice)", texte).group(1)
    expect(page.locator(".md-copyright")).to_contain_text(decompte)
    page.goto(site_url + "aides/")
    expect(page.locator("article")).to_contain_text(decompte)
    lignes = page.locator("#table-aides tbody tr")
    aides, statuts = (int(n) for n in re.findall(r"\d+", decompte))
    assert lignes.count() == aides + statuts


@pytest.mark.parametrize("taille", [TELEPHONE, BUREAU])
def test_les_boutons_de_l_accueil_ne_se_touchent_pas(browser, site_url, taille):
    contexte = browser.new_context(locale="fr-FR", viewport=taille)
    pg = contexte.new_page()
    pg.goto(site_url)
    boutons = pg.locator(".boutons-accueil .md-button")
    expect(boutons).to_have_count(2)
    a, b = boutons.nth(0).bounding_box(), boutons.nth(1).bounding_box()
    ecart_vertical = b["y"] - (a["y"] + a["height"])
    ecart_horizontal = b["x"] - (a["x"] + a["width"])
    assert max(ecart_vertical, ecart_horizontal) >= 8, (a, b)
    contexte.close()


def test_page_d_un_dispositif(page, site_url):
    page.goto(site_url + "aides/carim/")
    expect(page.locator("h1")).to_contain_text("CARIM")
    # The amount in words, from the formula: 12 500 € to 25 000 € per doctor, 2 at most.
    expect(page.locator(".fiche-statut")).to_contain_text(
        "de 12\u202f500\u00a0€ à 25\u202f000\u00a0€ par médecin, 2 au plus"
    )
    expect(page.locator("article")).to_contain_text("Exemple chiffré")
    expect(page.locator("article")).to_contain_text("17\u202f500\u00a0€")
    expect(page.locator("#comment-en-beneficier")).to_be_visible()
    expect(page.locator("article")).to_contain_text("Votre référent « exercice coordonné » à l'ARS Bretagne")
    expect(page.locator(".bareme table").first).to_be_visible()
    # Glossary tooltips: ZAR is an <abbr> with its expansion.
    expect(page.locator("article abbr", has_text="ZAR").first).to_have_attribute(
        "data-developpe", re.compile("accompagnement")
    )
    assert page.errors == []


def test_tableau_general(page, site_url):
    page.goto(site_url + "aides/")
    lignes = page.locator("#table-aides tbody tr")
    total = lignes.count()
    fermes = page.locator(
        "#table-aides tbody tr[data-etat=ferme_nouvelles_demandes], #table-aides tbody tr[data-etat=expire]"
    )
    n_fermes = fermes.count()
    assert total > 3 and n_fermes > 0
    # Closed and expired schemes are hidden by default; one click shows them.
    expect(page.locator(".compteur-aides")).to_have_text(
        f"{total - n_fermes} dispositifs affichés ; {n_fermes} fermés ou expirés masqués."
    )
    expect(page.locator("#table-aides tbody tr[data-id=caim]")).to_be_hidden()
    page.click("[data-fermes=table-aides] button")
    expect(page.locator(".compteur-aides")).to_have_text(f"{total} dispositifs affichés.")
    expect(page.locator("#table-aides tbody tr[data-id=caim]")).to_be_visible()
    assert parse_qs(urlsplit(page.url).query) == {"etat": ["tous"]}
    assert page.errors == []


def test_filtrer_le_tableau(page, site_url):
    page.goto(site_url + "aides/?etat=tous")
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
    # The filters are written to the address, which can be shared.
    assert parse_qs(urlsplit(page.url).query) == {"beneficiaires": ["cpts"], "etat": ["tous"]}

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

    # At least 20 000 €: the schemes whose sources give a lower highest amount go; those whose
    # amount the sources do not give stay (the form says so).
    page.fill("input[data-filtre=montant-min]", "20000")
    expect(page.locator("#table-aides-montant-aide")).to_contain_text("ne donne pas le montant restent affichés")
    montants = page.locator("#table-aides tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.dataset.montant)"
    )
    assert "" in montants and all(float(m) >= 20000 for m in montants if m)
    expect(page.locator("#table-aides tbody tr[data-id=aide-installation-zip]")).to_be_hidden()  # 10 000 €
    expect(page.locator("#table-aides tbody tr[data-id=aci-cpts]")).to_be_visible()  # up to 380 000 €


def test_filtre_et_fraicheur_depuis_l_adresse(page, site_url):
    page.goto(site_url + "aides/?beneficiaires=centre_sante")
    expect(page.locator("select[data-filtre=beneficiaires]")).to_have_value("centre_sante")
    expect(page.locator("#table-aides tbody tr[data-id=carim]")).to_be_visible()
    expect(page.locator("#table-aides tbody tr[data-id=aci-cpts]")).to_be_hidden()
    # The freshness column and filter: CARIM's newest source is the PAPS Bretagne page of 11/12/2024.
    expect(page.locator("#table-aides tbody tr[data-id=carim] td[data-libelle=Sources]")).to_have_text(
        "à vérifier (source de décembre 2024)"
    )
    page.select_option("select[data-filtre=fraicheur]", "recente")
    expect(page.locator("#table-aides tbody tr[data-id=carim]")).to_be_hidden()
    for etat in page.locator("#table-aides tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.dataset.fraicheur)"
    ):
        assert etat == "recente"


def test_trier_par_le_montant_le_plus_eleve(page, site_url):
    page.goto(site_url + "aides/")
    page.click("#table-aides thead th:nth-child(5) button")
    expect(page.locator("#table-aides thead th:nth-child(5)")).to_have_attribute("aria-sort", "ascending")
    valeurs = [
        v for v in page.locator("#table-aides tbody tr").evaluate_all("rows => rows.map(r => r.dataset.montant)") if v
    ]
    assert [float(v) for v in valeurs] == sorted(float(v) for v in valeurs)
    page.click("#table-aides thead th:nth-child(5) button")
    ordre = page.locator("#table-aides tbody tr:not([hidden])").evaluate_all("rows => rows.map(r => r.dataset.id)")
    valeurs = [
        v for v in page.locator("#table-aides tbody tr").evaluate_all("rows => rows.map(r => r.dataset.montant)") if v
    ]
    assert [float(v) for v in valeurs] == sorted((float(v) for v in valeurs), reverse=True)
    # The highest amount the sources give: ACI CPTS up to 380 000 € a year comes first.
    assert ordre[0] == "aci-cpts"


@pytest.mark.parametrize(
    "chemin",
    [
        "",
        "aides/",
        "aides/carim/",
        "aides/assistant-medical/",
        "aides/aci-cpts/",
        "tableaux/par-profil/",
        "tableaux/par-region/",
        "tableaux/baremes/",
        "tableaux/cumuls/",
        "trouver-sa-zone/",
        "sources/",
    ],
)
def test_aucune_page_ne_defile_de_cote_sur_un_telephone(telephone, site_url, chemin):
    telephone.goto(site_url + chemin)
    telephone.wait_for_load_state("load")
    assert telephone.evaluate("document.documentElement.scrollWidth") <= TELEPHONE["width"]
    assert telephone.errors == []


def test_tableaux_en_fiches_sur_un_telephone(telephone, site_url):
    telephone.goto(site_url + "aides/")
    ligne = telephone.locator("#table-aides tbody tr[data-id=carim]")
    assert ligne.evaluate("r => getComputedStyle(r).display") == "block"
    assert ligne.bounding_box()["width"] <= TELEPHONE["width"]
    # Each cell says what it is; the table keeps its meaning for screen readers.
    assert (
        ligne.locator("td[data-libelle=Montant]").evaluate("c => getComputedStyle(c, '::before').content")
        == '"Montant : "'
    )
    assert telephone.locator("#table-aides").get_attribute("role") == "table"
    # The header's sort buttons stay usable, in a row above the cards.
    telephone.click("#table-aides thead th:nth-child(5) button")
    expect(telephone.locator("#table-aides thead th:nth-child(5)")).to_have_attribute("aria-sort", "ascending")


def test_tableau_au_bureau(page, site_url):
    page.set_viewport_size(BUREAU)
    page.goto(site_url + "aides/")
    assert page.locator("#table-aides tbody tr").first.evaluate("r => getComputedStyle(r).display") == "table-row"


def test_pages_par_profil_filtrables(page, site_url):
    page.goto(site_url + "tableaux/par-profil/?regions=53")
    expect(page.locator("select[data-filtre=regions]")).to_have_value("53")
    expect(page.locator("#profil-centre_sante tr[data-id=carim]")).to_be_visible()
    expect(page.locator("#profil-medecin tr[data-id=crai]")).to_be_hidden()  # Hauts-de-France
    page.select_option("select[data-filtre=zones]", "zar")
    assert parse_qs(urlsplit(page.url).query) == {"regions": ["53"], "zones": ["zar"]}
    page.goto(site_url + "tableaux/baremes/")
    expect(page.locator("#baremes [data-id=carim]")).to_be_visible()
    page.select_option("select[data-filtre=beneficiaires]", "cpts")
    expect(page.locator("#baremes [data-id=carim]")).to_be_hidden()
    expect(page.locator("#baremes [data-id=aci-cpts]")).to_be_visible()


def test_matrice_des_cumuls_sans_survol(telephone, site_url):
    telephone.goto(site_url + "tableaux/cumuls/")
    expect(telephone.locator("article")).not_to_contain_text("survol")
    regle = telephone.locator("[data-regle-affichee]")
    # Touch: the cell's rule is shown in place, with a link to its text and source.
    cellule = telephone.locator("table[data-matrice] a[data-regle]").first
    cellule.tap()
    expect(regle).to_contain_text(cellule.get_attribute("data-regle"))
    expect(regle.locator("a")).to_have_attribute("href", cellule.get_attribute("href"))
    # Keyboard: reaching a cell shows its rule.
    autre = telephone.locator("table[data-matrice] a[data-regle]").nth(3)
    autre.focus()
    expect(regle).to_contain_text(autre.get_attribute("data-regle"))
    # The row names stay in view while the matrix scrolls sideways.
    nom = telephone.locator("table[data-matrice] tbody th").first
    case = telephone.locator("table[data-matrice] tbody tr").first.locator("td").first
    avant = case.bounding_box()["x"]
    defilant = telephone.locator(".matrice-cumuls .md-typeset__scrollwrap")
    expect(defilant).to_have_attribute("role", "region")  # reachable with the keyboard
    defilant.evaluate("m => { m.scrollLeft = 600; }")
    assert case.bounding_box()["x"] < avant - 300
    boite = nom.bounding_box()
    assert boite["x"] >= 0 and boite["x"] + boite["width"] <= TELEPHONE["width"]


def test_sigles_sans_survol(telephone, site_url):
    telephone.goto(site_url + "glossaire/")
    expect(telephone.locator("article")).not_to_contain_text("survol")
    telephone.goto(site_url + "aides/carim/")
    sigle = telephone.locator("article abbr", has_text="ZAR").first
    sigle.tap()
    expect(telephone.locator("article .sigle-developpe").first).to_have_text(" (Zone d'accompagnement régional)")
    expect(sigle).to_have_attribute("aria-expanded", "true")


def test_recherche_par_sigle(page, site_url):
    liens = chercher(page, site_url, "CARIM")
    assert any("/aides/carim/" in h for h in liens), liens


def test_recherche_par_mot_des_conditions(page, site_url):
    # « polyvalent » only appears in CARIM's conditions (centre médical ou polyvalent).
    liens = chercher(page, site_url, "polyvalent")
    assert any("/aides/carim/" in h for h in liens), liens


def test_recherche_assistant_medical_et_zip(page, site_url):
    liens = chercher(page, site_url, "assistant médical")
    assert "/aides/assistant-medical/" in liens[0], liens[:3]
    # Each result says whether the scheme is open and how much it gives, without table walls.
    etiquettes = page.locator(".md-search-result__item").first.locator(".md-tag")
    expect(etiquettes.nth(0)).to_have_text("en vigueur")
    expect(etiquettes.nth(1)).to_contain_text("de 7 350 € à 38 000 € par an")
    liens = chercher(page, site_url, "ZIP")
    premiers = list(dict.fromkeys(urlsplit(h).path for h in liens))[:3]
    assert {"/aides/aide-installation-zip/", "/aides/majoration-fmt/"} <= set(premiers), premiers


def test_navigation_marque_les_dispositifs_fermes(page, site_url):
    page.goto(site_url + "aides/carim/")
    nav = page.locator(".md-nav--primary")
    expect(nav.locator("a[href$='caim/']")).to_contain_text(
        "CAIM — Contrat d'aide à l'installation des médecins (fermé)"
    )
    expect(nav.locator("a[href$='aide-zac-fir-normandie/']")).to_contain_text("(expiré)")
    expect(nav.locator("a[href$='carim/']").first).not_to_contain_text("(fermé)")


def test_l_exemple_s_ouvre_dans_le_calculateur(browser, site_url):
    contexte = browser.new_context(locale="fr-FR", service_workers="block")
    pg = contexte.new_page()
    pg.goto(site_url + "aides/carim/")
    pg.click("a.exemple__calculateur")
    pg.wait_for_selector("#calculateur[data-state=ready]", timeout=120_000)
    pg.wait_for_selector('#calculateur [data-aide="carim"][data-statut="eligible"]', state="attached", timeout=60_000)
    # The example's answers, and the example's amount: 17 500 € (8 half-days, 25 h a week).
    assert pg.locator('#calculateur [data-aide="carim"]').get_attribute("data-montant-total") == "17500"
    assert parse_qs(urlsplit(pg.url).query)["date"] == ["2026-03-01"]
    contexte.close()
