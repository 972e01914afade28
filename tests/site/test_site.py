"""Build tests of the site: pages and tables equal the engine's values, data changes propagate,
broken data stops the build with a clear message, data text is escaped, links and exports hold.

The site is built with `mkdocs build --strict` on the project's data (or `$AIDES_DOSSIER`) and
on a frozen fixture folder (`tests/fixtures/aides`), copied and modified per test.
"""

import csv
import datetime
import html
import html.parser
import io
import json
import os
import re
from pathlib import Path

import pytest
from outils_site import (
    DATE_TESTS,
    article,
    construire,
    copie_fixtures,
    lire,
    montants,
    normaliser,
    spans_montant,
    texte,
)

import engine
from engine.formulas import Context, summarize
from engine.money import format_euros

DOSSIER_REEL = Path(os.environ["AIDES_DOSSIER"]) if os.environ.get("AIDES_DOSSIER") else None


@pytest.fixture(scope="module")
def site_reel(tmp_path_factory):
    """The site built on the project's data (the one `mkdocs build` makes)."""
    site = tmp_path_factory.mktemp("site-reel")
    r = construire(site, DOSSIER_REEL, DATE_TESTS)
    assert r.returncode == 0, r.stderr
    assert "WARNING" not in r.stderr, r.stderr
    return site


@pytest.fixture(scope="module")
def catalogue_reel():
    return engine.load(DOSSIER_REEL) if DOSSIER_REEL else engine.load()


@pytest.fixture(scope="module")
def site_fixtures(tmp_path_factory):
    dossier = copie_fixtures(tmp_path_factory.mktemp("donnees") / "aides")
    site = tmp_path_factory.mktemp("site-fixtures")
    r = construire(site, dossier, DATE_TESTS)
    assert r.returncode == 0, r.stderr
    return site, engine.load(dossier)


def resultat_exemple(aide, i, catalogue):
    ex = aide.exemples[i]
    complet = engine.evaluate(ex["profil"], ex["date"], catalogue)
    return next(r for r in complet["aides"] if r["id"] == aide.id)


def _nombres(x, sortie):
    if isinstance(x, bool):
        return
    if isinstance(x, (int, float)):
        sortie.add(normaliser(x))
    elif isinstance(x, dict):
        for v in x.values():
            _nombres(v, sortie)
    elif isinstance(x, list):
        for v in x:
            _nombres(v, sortie)


def _textes(x):
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _textes(v)
    elif isinstance(x, list):
        for v in x:
            yield from _textes(v)


def montants_permis(aide, catalogue) -> set:
    """Amounts a scheme page may show: its parameter values, its examples' results and the
    figures of the engine's formulas, and figures quoted in the data's own texts."""
    permis = set()
    for p in aide.parametres.values():
        for e in p["valeurs"]:
            _nombres(e["valeur"], permis)
    for i, _ in enumerate(aide.exemples if aide.nature == "aide" else []):
        r = resultat_exemple(aide, i, catalogue)
        for cle in ("montant_annuel", "montant_total"):
            if r[cle] is not None:
                permis.add(normaliser(r[cle]))
        for t in [r["formule"] or ""] + r["avertissements"]:
            permis.update(montants(t))
    for t in _textes(aide.data):
        permis.update(montants(t))
    for paire, regle in catalogue.regles_cumul.items():
        if aide.id in paire:
            permis.update(montants(regle.get("note", "")))
    # A scheme closed to new applications names the aids opened the day after, with their amounts.
    fin = aide.validite.get("fin_nouvelles_demandes") or aide.validite.get("fin")
    for autre in catalogue.aides.values():
        if fin and autre.validite.get("debut") == fin + datetime.timedelta(days=1):
            for p in autre.parametres.values():
                for e in p["valeurs"]:
                    _nombres(e["valeur"], permis)
    return permis


def test_chaque_dispositif_a_sa_page(site_reel, catalogue_reel):
    for aide in catalogue_reel.aides.values():
        page = lire(site_reel, f"aides/{aide.id}/")
        titre = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
        assert aide.nom.replace("'", "") in texte(titre).replace("'", ""), aide.id


def test_montants_des_pages_egaux_au_moteur(site_reel, catalogue_reel):
    for aide in catalogue_reel.aides.values():
        contenu = article(lire(site_reel, f"aides/{aide.id}/"))
        for attrs, affiche in spans_montant(contenu):
            assert affiche == format_euros(attrs["data-valeur"]), (aide.id, attrs, affiche)
            if "data-champ" in attrs:
                r = resultat_exemple(aide, int(attrs["data-exemple"]), catalogue_reel)
                assert normaliser(attrs["data-valeur"]) == normaliser(r[attrs["data-champ"]]), aide.id
        permis = montants_permis(aide, catalogue_reel)
        inconnus = set(montants(texte(contenu))) - permis
        assert not inconnus, f"{aide.id}: montants absents des données et du moteur : {inconnus}"


def test_exemples_affiches_avec_le_resultat_du_moteur(site_reel, catalogue_reel):
    for aide in catalogue_reel.aides.values():
        if aide.nature != "aide":
            continue
        contenu = article(lire(site_reel, f"aides/{aide.id}/"))
        champs_affiches = {(a["data-exemple"], a["data-champ"]) for a, _ in spans_montant(contenu) if "data-champ" in a}
        for i, _ in enumerate(aide.exemples):
            r = resultat_exemple(aide, i, catalogue_reel)
            if r["montant_total"] is not None:
                assert (str(i), "montant_total") in champs_affiches, aide.id


class _Nesting(html.parser.HTMLParser):
    """The block elements of a page, each closed where it was opened (or the first misnesting)."""

    BLOCKS = {"div", "figure", "figcaption", "table", "details", "section", "article", "svg"}

    def __init__(self):
        super().__init__()
        self.stack, self.faults = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "figcaption" and self.stack[-1:] != ["figure"]:
            self.faults.append(f"<figcaption> hors de sa <figure> (dans {self.stack[-3:]})")
        if tag in self.BLOCKS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            if not self.stack or self.stack[-1] != tag:
                self.faults.append(f"</{tag}> ferme {self.stack[-3:]}")
            else:
                self.stack.pop()


def test_pages_des_dispositifs_bien_imbriquees(site_reel, catalogue_reel):
    # The worked example's chart (a figure with an SVG, a table and notes) stays whole inside its
    # example: a misnested figure once pushed the page's content out of its column.
    for aide in catalogue_reel.aides.values():
        verif = _Nesting()
        verif.feed(article(lire(site_reel, f"aides/{aide.id}/")))
        assert not verif.faults and not verif.stack, (aide.id, verif.faults[:3], verif.stack)


def test_tableau_general_egal_au_moteur(site_reel, catalogue_reel):
    """The table sorts by the highest amount the sources give: the engine's summary of the formula
    (its highest total, else its highest amount, else its lowest), empty when none is given."""
    page = lire(site_reel, "aides/")
    lignes = dict(re.findall(r'<tr data-id="([^"]+)"[^>]*data-montant="([^"]*)"', page))
    assert set(lignes) == set(catalogue_reel.aides)
    for aide in catalogue_reel.aides.values():
        attendu = ""
        if aide.nature == "aide" and aide.montant:
            r = summarize(aide.montant, Context(aide, {}, datetime.date.fromisoformat(DATE_TESTS)))
            valeur = next((r[k] for k in ("plus_haut", "haut", "bas") if r[k] is not None), None)
            attendu = "" if r["non_precise"] or valeur is None else normaliser(valeur)
        assert (normaliser(lignes[aide.id]) if lignes[aide.id] else "") == attendu, aide.id
    # Real values from the sources: CARIM 25 000 € per doctor for 2 doctors at most, the 2026 ZIP
    # aid 10 000 €, ACI CPTS at most 380 000 € a year (size 4, every mission).
    assert (lignes["carim"], lignes["aide-installation-zip"], lignes["aci-cpts"]) == ("50000", "10000", "380000")


def test_liens_internes(site_reel):
    """Every relative href/src of every built page points at a file of the site."""
    casses = []
    for page in site_reel.rglob("*.html"):
        contenu = page.read_text(encoding="utf-8")
        for lien in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', contenu):
            if re.match(r"^[a-z]+:|^//", lien):
                continue
            base = site_reel if lien.startswith("/") else page.parent
            cible = (base / lien.lstrip("/")).resolve()
            if not (cible.exists() or (cible / "index.html").exists()):
                casses.append((str(page.relative_to(site_reel)), lien))
    assert not casses, casses[:20]


def test_aucune_requete_tierce(site_reel):
    for page in site_reel.rglob("*.html"):
        contenu = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in contenu and "fonts.gstatic" not in contenu, page
        for src in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:[^"]+)"', contenu):
            pytest.fail(f"{page}: ressource externe {src}")


def test_la_page_des_sources_donne_la_version_des_communes(site_reel):
    # The commune field's data: the package pinned in package-lock.json, its vintage and date.
    verrou = json.loads((Path(__file__).parents[2] / "package-lock.json").read_text(encoding="utf-8"))
    version = verrou["packages"]["node_modules/@etalab/decoupage-administratif"]["version"]
    sources = re.sub(r"\s+", " ", texte(article(lire(site_reel, "sources/")))).replace("\u00a0", " ")
    assert f"paquet npm @etalab/decoupage-administratif, version {version} (millésime 2026), publiée le 9 avril 2026" in sources


def test_pages_communes(site_reel, catalogue_reel):
    for chemin in (
        "",
        "aides/",
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
    ):
        assert "<h1" in lire(site_reel, chemin), chemin
    zone = lire(site_reel, "trouver-sa-zone/")
    assert 'href="https://rezone.ameli.fr"' in zone and "CartoSanté" in zone
    sources = texte(article(lire(site_reel, "sources/")))
    sans_balises = html.unescape(re.sub(r"<[^>]+>", "", lire(site_reel, "sources/")))
    for aide in catalogue_reel.aides.values():
        for s in aide.sources.values():
            assert html.escape(s["url"]) in lire(site_reel, "sources/") if "url" in s else s["titre"] in sans_balises, s
    glossaire = texte(article(lire(site_reel, "glossaire/")))
    assert "ZIP" in glossaire
    # The CDE as the 2026 note has it: reserved to remplaçants, its end date disputed.
    assert "réservé aux médecins remplaçants depuis 2023-2024" in glossaire
    assert "Sa date de fin n'est pas confirmée" in glossaire
    # The glossary's abbreviations appear as tooltips on the scheme pages.
    assert (
        re.search(r'<abbr title="[^"]+">ZIP</abbr>', lire(site_reel, "aides/coscom/"))
        or "coscom" not in catalogue_reel.aides
    )
    assert sources


def test_exports(site_reel, catalogue_reel):
    donnees = json.loads(lire(site_reel, "donnees/aides.json"))
    assert [a["id"] for a in donnees["aides"]] == list(catalogue_reel.aides)
    lignes = list(csv.DictReader(io.StringIO(lire(site_reel, "donnees/aides.csv"))))
    assert [ligne["id"] for ligne in lignes] == list(catalogue_reel.aides)
    # The CSV's sources are addresses a reader can open, never the project's working files.
    assert all(s.startswith("http") for ligne in lignes for s in ligne["sources"].split())
    carim = next(ligne for ligne in lignes if ligne["id"] == "carim")
    assert "https://bretagne.paps.sante.fr/index.php/etre-accompagne-pour-creer-et-gerer-un-centre-de-sante-4" in carim[
        "sources"
    ].split()
    assert json.loads(lire(site_reel, "donnees/profil.schema.json")) == json.loads(json.dumps(engine.json_schema()))


def test_etat_a_la_date_de_construction(site_fixtures):
    site, catalogue = site_fixtures
    coscom = texte(article(lire(site, "aides/coscom/")))
    assert "fermé aux nouvelles demandes depuis le 1er janvier 2026" in coscom
    carim = texte(article(lire(site, "aides/carim/")))
    assert "en vigueur ; date de fin inconnue" in carim
    statut = texte(article(lire(site, "aides/statut-test/")))
    assert "statut d'exercice" in statut


def test_changement_de_donnee_change_pages_et_tableaux(tmp_path, site_fixtures):
    site_avant, _ = site_fixtures
    dossier = copie_fixtures(tmp_path / "aides")
    fichier = dossier / "carim.toml"
    source = fichier.read_text(encoding="utf-8")
    assert "montant = 17500" in source and "montant = 25000" in source
    source = source.replace("montant = 17500", "montant = 17600").replace("montant = 25000", "montant = 26000")
    fichier.write_text(source, encoding="utf-8")
    site = tmp_path / "site"
    r = construire(site, dossier, DATE_TESTS)
    assert r.returncode == 0, r.stderr

    avant, apres = texte(article(lire(site_avant, "aides/carim/"))), texte(article(lire(site, "aides/carim/")))
    assert "17 600 €" not in avant and "17 600 €" in apres
    # The worked example (7 demi-journées, 24,5 h reached) now pays 17 600 €.
    assert re.search(r'data-champ="montant_total" data-valeur="17600"', lire(site, "aides/carim/"))
    # The amount in words and the tables follow the grid's top row: 26 000 € per doctor, 2 at most.
    assert "de 12 500 € à 26 000 € par médecin, 2 au plus" in apres.replace("\u202f", " ")
    assert re.search(r'<tr data-id="carim"[^>]*data-montant="52000"', lire(site, "aides/"))
    assert "17 600 €" in texte(article(lire(site, "tableaux/baremes/")))
    assert "26 000 €" in texte(article(lire(site, "tableaux/par-profil/")))
    assert "17600" in lire(site, "donnees/aides.json") and "17600" in lire(site, "donnees/aides.csv")


@pytest.mark.parametrize(
    "remplacement, message",
    [
        (
            ('periodicite = "unique"', 'periodicite = "hebdomadaire"'),
            "carim.toml, ligne 97 : montant, periodicite : périodicité inconnu « hebdomadaire »",
        ),
        (
            ("[montant]", "[montant"),
            "carim.toml, ligne 96 : syntaxe TOML : « ] » manquant à la fin du nom de rubrique (ligne 96, colonne 9)",
        ),
        (
            ('champ = "zone"', 'champ = "zonage"'),
            "carim.toml, ligne 69 : 2e condition, champ : champ du profil inconnu « zonage »",
        ),
    ],
)
def test_donnee_cassee_message_clair(tmp_path, remplacement, message):
    dossier = copie_fixtures(tmp_path / "aides")
    fichier = dossier / "carim.toml"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace(*remplacement, 1), encoding="utf-8")
    r = construire(tmp_path / "site", dossier, DATE_TESTS)
    assert r.returncode != 0
    assert message in r.stderr, r.stderr
    assert "Traceback" not in r.stderr, r.stderr


def test_la_construction_donne_toutes_les_erreurs_et_les_fichiers_non_lus(tmp_path):
    """Three mistakes in two files and two misnamed files: the build names them all, once each."""
    dossier = copie_fixtures(tmp_path / "aides")
    carim, coscom = dossier / "carim.toml", dossier / "coscom.toml"
    texte_carim = carim.read_text(encoding="utf-8")
    (dossier / "carim.toml.txt").write_text(texte_carim, encoding="utf-8")
    (dossier / "Aide-Testé.toml").write_text(texte_carim, encoding="utf-8")
    carim.write_text(
        texte_carim.replace('champ = "zone"', 'champ = "zonage"', 1).replace(
            'periodicite = "unique"', 'periodicite = "x"'
        ),
        encoding="utf-8",
    )
    coscom.write_text(
        coscom.read_text(encoding="utf-8").replace("stagiaire_mois_par_an = 6 }", "stagiaire_mois_par_an = 16 }"),
        encoding="utf-8",
    )
    r = construire(tmp_path / "site", dossier, DATE_TESTS)
    assert r.returncode != 0
    attendues = [
        "Aide-Testé.toml : nom du fichier : en minuscules, sans accents, mots séparés par des tirets : "
        "renommez-le aide-teste.toml",
        "carim.toml, ligne 69 : 2e condition, champ : champ du profil inconnu « zonage » : vouliez-vous dire zone ?",
        "carim.toml, ligne 97 : montant, periodicite : périodicité inconnu « x »",
        "coscom.toml, ligne 132 : profil du 1er exemple, stagiaire_mois_par_an : « Mois de stagiaire à temps plein "
        "par an » ne peut pas dépasser 12 mois par an.",
    ]
    for ligne in attendues:
        assert r.stderr.count(ligne) == 1, (ligne, r.stderr)
    assert "4 erreurs dans 3 fichiers" in r.stderr
    assert "WARNING -  Données : carim.toml.txt : ce fichier n'est pas lu" in r.stderr
    assert "Traceback" not in r.stderr


def test_un_fichier_non_lu_fait_echouer_la_construction_stricte(tmp_path):
    dossier = copie_fixtures(tmp_path / "aides")
    (dossier / "brouillon.toml.txt").write_text("", encoding="utf-8")
    r = construire(tmp_path / "site", dossier, DATE_TESTS)
    assert r.returncode != 0
    assert "brouillon.toml.txt : ce fichier n'est pas lu" in r.stderr
    assert "renommez-le brouillon.toml s'il décrit un dispositif" in r.stderr


def test_texte_avec_script_echappe(tmp_path):
    dossier = copie_fixtures(tmp_path / "aides")
    fichier = dossier / "carim.toml"
    piege = "<script>alert('piège')</script>"
    contenu = fichier.read_text(encoding="utf-8")
    contenu = contenu.replace('resume = "', f'resume = "{piege} ', 1)
    contenu = contenu.replace('libelle = "Être conventionné', f'libelle = "{piege} Être conventionné', 1)
    contenu = contenu.replace(
        'choix = "Application littérale', f'choix = "[lien](javascript:alert(1)) {piege} Application littérale', 1
    )
    fichier.write_text(contenu, encoding="utf-8")
    site = tmp_path / "site"
    r = construire(site, dossier, DATE_TESTS)
    assert r.returncode == 0, r.stderr
    for chemin in ("aides/carim/", "aides/", "tableaux/par-profil/", "tableaux/par-region/"):
        page = lire(site, chemin)
        assert "<script>alert" not in page, chemin
        assert 'href="javascript:' not in page, chemin
    page = lire(site, "aides/carim/")
    assert "&lt;script&gt;alert(" in page


def test_dossier_de_donnees_configurable(site_fixtures):
    site, catalogue = site_fixtures
    pages = {p.parent.name for p in (site / "aides").glob("*/index.html")}
    assert pages == set(catalogue.aides)


def test_lien_modifier_vers_le_fichier_de_donnees(tmp_path):
    site = tmp_path / "site"
    r = construire(site, None, DATE_TESTS, AIDES_EDIT_URL="https://depot.example/edit/main/{path}")
    assert r.returncode == 0, r.stderr
    assert 'href="https://depot.example/edit/main/engine/aides/carim.toml"' in lire(site, "aides/carim/")
    assert 'href="https://depot.example/edit/main/build_scripts/glossaire.toml"' in lire(site, "glossaire/")


def test_home_page_says_what_changed_at_the_last_switch(site_reel, catalogue_reel):
    """Generated from the data: on the latest date some schemes opened the day after schemes of the
    same funder stopped taking new applications, what closed, what opened (for whom, how much)
    and what a doctor who cancels a running contract gets instead (`remplace_par`)."""
    page = texte(article(lire(site_reel, "index.html"))).replace("\u202f", " ")
    section = page[page.index("Ce qui a changé le 1er janvier 2026") : page.index("Tous les changements datés")]
    ouvertes = [a for a in catalogue_reel.aides.values() if a.validite.get("debut") == datetime.date(2026, 1, 1)]
    fermees = [
        a
        for a in catalogue_reel.aides.values()
        if a.validite.get("fin_nouvelles_demandes") == datetime.date(2025, 12, 31)
        and a.financeur == "assurance_maladie"
    ]
    assert {a.id for a in ouvertes} >= {"aide-installation-zip", "aide-installation-zac", "majoration-fmt"}
    assert {a.id for a in fermees} >= {"caim", "coscom", "cotram", "cstm"}
    assert (
        "CAIM, COSCOM, COTRAM, CSTM La Désirade et CSTM (Assurance Maladie) ne prennent plus de nouvelles demandes depuis le 1er janvier 2026"
        in section
    )
    assert "le médecin qui résilie le sien perçoit à la place FMT majoré" in section
    # Every aid opened that day, once, with its amount in words and for whom: the 5 000 € ZAC aid too.
    liste = section[section.index("Ouvertes le 1er janvier 2026") : section.index("Ont aussi pris fin")]
    for a in ouvertes:
        assert liste.count(a.sigle or a.nom) == 1, a.id
    assert (
        "première installation en zone d'action complémentaire : 5 000 €, une fois ; pour un médecin, en ZAC" in section
    )
    assert (
        "première installation en zone d'intervention prioritaire : 10 000 €, une fois ; pour un médecin, en ZIP"
        in section
    )
    # FMT majoré in one item, its rates from the data: +10 % a year, 50, 30 and 10 % the first 3 years.
    assert "de 10 % chaque année ; de 50 %, 30 % et 10 % les 3 premières années" in section.replace("\u00a0", " ")
    assert "première valeur datée" not in section and "ouverture du dispositif" not in section


def _page(site, ident) -> str:
    return texte(article(lire(site, f"aides/{ident}/"))).replace("\u202f", " ").replace("\u00a0", " ")


def test_montant_en_mots_tire_de_la_formule(site_reel):
    # From the formulas and the sources' values: a range per recruited doctor with its cap, a
    # one-off amount, a maximum said to be one, a rate with its ceiling.
    assert "Montant : de 12 500 € à 25 000 € par médecin, 2 au plus" in _page(site_reel, "carim")
    assert "Montant : 10 000 €, une fois" in _page(site_reel, "aide-installation-zip")
    assert "Montant : jusqu'à 10 000 €, une fois" in _page(site_reel, "bonus-installation-idf")
    assert "Montant : de 50 000 € à 380 000 € au maximum par an" in _page(site_reel, "aci-cpts")
    assert "Montant : 10 % de « Honoraires annuels conventionnés », au plus 20 000 € par an" in _page(
        site_reel, "cotram"
    )
    for ident in ("carim", "aide-installation-zip", "aci-cpts"):
        assert "voir le calcul" not in _page(site_reel, ident) and "exemple chiffré :" not in _page(site_reel, ident)


def test_pas_de_texte_en_double_ni_de_code_a_la_place_d_un_nom(site_reel, catalogue_reel):
    carim = _page(site_reel, "carim")
    # The duration's note already says « 3 ans »: said once.
    assert "Durée : 3 ans à compter de la date de signature du contrat avec l'ARS." in carim
    assert "3 ans — 3 ans" not in carim
    # The funder's kind is not repeated after a name that contains it.
    zac = _page(site_reel, "aide-installation-zac")
    assert "Financeur : Assurance Maladie (CPAM du lieu d'exercice)" in zac and "(Assurance Maladie)" not in zac
    # Regions and départements by their names, units agreed with their number.
    assert "Région : Bretagne" in carim and "Département : Finistère (29)" in carim
    assert "au moins 1 médecin " in carim and "1 médecins" not in carim
    for aide in catalogue_reel.aides.values():
        assert not re.search(r"Région : \d", _page(site_reel, aide.id)), aide.id
    # Mixed « et » / « ou » read as alternatives.
    assert (
        "soit Secteur conventionnel : Secteur 1 ; soit Secteur conventionnel : Secteur 2, et Adhésion à l'OPTAM" in zac
    )
    # ACI CPTS: the size the worked example is computed for, once in its calculation.
    cpts = _page(site_reel, "aci-cpts")
    calcul = cpts[cpts.index("Calcul :") : cpts.index("Montant annuel")]
    assert calcul.count("Taille 3 (entre 80 000 et 175 000 habitants)") == 1
    # The assistant médical's grids, each once: the 2019 grid shared by three parameters is one
    # table in the history; the three counterpart grids are one table.
    page = _page(site_reel, "assistant-medical")
    assert page.count("barème initial au 21") == 1
    assert page.count("Contreparties demandées pour un tiers temps, mi-temps, temps plein") == 1


def test_fraicheur_en_mots(site_reel):
    mois = engine.rules.rules().fraicheur_mois
    assert mois == 12
    assert "Sources : Dernière source : décembre 2024 — à vérifier auprès du financeur : ARS Bretagne" in _page(
        site_reel, "carim"
    )
    assert f"Sources : Confirmé par une source de moins de {mois} mois (janvier 2026)" in _page(
        site_reel, "aide-installation-zac"
    )
    assert "Sources : Dispositif fermé ; dernière source : février 2026" in _page(site_reel, "caim")
    tableau = lire(site_reel, "aides/")
    assert re.search(r'<tr data-id="carim"[^>]*data-fraicheur="a_verifier"', tableau)
    assert 'data-filtre="fraicheur"' in tableau and f"récentes (moins de {mois} mois)" in tableau


def test_sources_sans_adresse_publique(site_reel, catalogue_reel):
    # A source without a public address reads as a document not available online, with its title
    # and date; the project's working file is never given as a reference.
    for aide in catalogue_reel.aides.values():
        page = _page(site_reel, aide.id)
        assert "seeds/" not in page and "actualisation-2026.md" not in page, aide.id
        for s in aide.sources.values():
            if "url" not in s:
                assert "document non disponible en ligne" in page, aide.id
    sources = texte(article(lire(site_reel, "sources/")))
    assert "seeds/" not in sources and "actualisation-2026.md" not in sources
    # The public page found for the PAPS Bretagne copy, with the date it shows (11/12/2024).
    assert (
        'href="https://bretagne.paps.sante.fr/index.php/etre-accompagne-pour-creer-et-gerer-un-centre-de-sante-4"'
        in lire(site_reel, "aides/carim/")
    )
    assert "gérer un centre de santé », 11 décembre 2024" in _page(site_reel, "carim")


def test_contrats_de_2016_remplaces_ensemble(site_reel):
    caim = _page(site_reel, "caim")
    encadre = caim[caim.index("Fermé aux nouvelles demandes depuis") : caim.index("En bref")]
    assert (
        "CAIM, COSCOM, COTRAM, CSTM La Désirade et CSTM ont cessé ensemble de prendre de nouvelles demandes" in encadre
    )
    assert (
        "Aide forfaitaire à la première installation en zone d'intervention prioritaire (10 000 €, une fois)" in encadre
    )
    assert "Les sources ne désignent pas de successeur à ce dispositif en particulier." in encadre
    assert "Le médecin qui résilie son contrat en cours perçoit à la place : FMT majoré." in encadre
    assert "Il est remplacé par" not in caim


def test_comment_en_beneficier(site_reel, catalogue_reel):
    for aide in catalogue_reel.aides.values():
        page = _page(site_reel, aide.id)
        section = page[page.index("Comment en bénéficier") :]
        assert "À qui s'adresser :" in section, aide.id
        if aide.contact:
            assert aide.contact.replace("'", "'")[:40] in section, aide.id
    # CRAI: its dated deadlines, and at the build date no more new application.
    crai = _page(site_reel, "crai")
    section = crai[crai.index("Comment en bénéficier") : crai.index("Barèmes") if "Barèmes" in crai else None]
    assert "il n'est plus possible d'en bénéficier : fermé aux nouvelles demandes depuis le 1er juillet 2026" in section
    assert "Demande complète à déposer au plus tard le 30 juin 2026 (date passée au 22 novembre 2026)" in section
    assert "Demande complète à déposer dans les 6 mois à compter de l'installation" in section
    # CRME: the address the source gives, as a link.
    crme = article(lire(site_reel, "aides/crme/")).split('id="comment-en-beneficier"')[1].split("<h2")[0]
    assert re.search(r"Où envoyer la demande</strong> : <a href=\"mailto:[^\"]+@[^\"]+\">", crme), crme[:600]


def test_chaque_exemple_s_ouvre_dans_le_calculateur(site_reel, catalogue_reel):
    """Each worked example links to the calculator with its answers in the address, as
    browser/calculator/url-state.js reads them (the browser test opens one)."""
    from urllib.parse import parse_qs, urlsplit

    for aide in catalogue_reel.aides.values():
        page = lire(site_reel, f"aides/{aide.id}/")
        liens = [html.unescape(h) for h in re.findall(r'class="exemple__calculateur" href="([^"]+)"', page)]
        assert len(liens) == (len(aide.exemples) if aide.nature == "aide" else 0), aide.id
        for lien, ex in zip(liens, aide.exemples, strict=False):
            params = parse_qs(urlsplit(lien).query)
            assert params.pop("date") == [ex["date"].isoformat()]
            assert set(params) == set(ex["profil"]), aide.id
    carim = html.unescape(
        re.search(r'class="exemple__calculateur" href="([^"]+)"', lire(site_reel, "aides/carim/")).group(1)
    )
    assert parse_qs(urlsplit(carim).query)["conventionne"] == ["oui"]
    assert parse_qs(urlsplit(carim).query)["heures_semaine"] == ["25"]
