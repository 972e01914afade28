"""The regions' pages and the home page's list of regions, built on the project's data: every
region of the territories has its page, with its own schemes and their amounts, the national rules
that name it, its ARS pages; a region without aids of its own says so with its PAPS portal; the
home list's counts and dates are those of the data (recomputed here from the catalogue).
"""

import html
import os
import re
from pathlib import Path

import pytest
from outils_site import DATE_TESTS, article, construire, lire, texte

import engine
from build_scripts.regions import region_rules, slug
from build_scripts.rendering import french_date
from engine.profile import department_regions, territories
from engine.rules import rules

DOSSIER_REEL = Path(os.environ["AIDES_DOSSIER"]) if os.environ.get("AIDES_DOSSIER") else None
DONNEES_DU_PROJET = DOSSIER_REEL is None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site-regions")
    r = construire(site, DOSSIER_REEL, DATE_TESTS)
    assert r.returncode == 0, r.stderr
    return site


@pytest.fixture(scope="module")
def catalogue():
    return engine.load(DOSSIER_REEL) if DOSSIER_REEL else engine.load()


def regions_du_dispositif(aide) -> set:
    return set(aide.regions) | {department_regions()[d] for d in aide.departements}


def page(site, code: str) -> str:
    return texte(article(lire(site, f"regions/{slug(territories()[code]['nom'])}/")))


def section(page_texte: str, titre: str, suivant: str) -> str:
    """The text of a page between two of its headings."""
    debut = page_texte.index(titre)
    return page_texte[debut : page_texte.index(suivant, debut)]


def test_slug_des_regions():
    assert slug("Provence-Alpes-Côte d'Azur") == "provence-alpes-cote-d-azur"
    assert slug("La Réunion") == "la-reunion"
    assert slug("Île-de-France") == "ile-de-france"
    assert len({slug(r["nom"]) for r in territories().values()}) == len(territories())


def test_regles_nationales_propres_a_une_region(catalogue):
    zip_ = catalogue.aides["aide-installation-zip"]
    (texte_hdf,) = region_rules(zip_, "32")
    assert "Hauts-de-France" in texte_hdf and "QPV" in texte_hdf
    assert region_rules(zip_, "53") == []
    # An amount case (`si`) naming Normandie: the ARS Normandie's start-up aid of the 400 médecins.
    assert any("Normandie" in t for t in region_rules(catalogue.aides["400mg-volet-2"], "28"))


def test_chaque_region_a_sa_page_dans_la_navigation(site):
    index = lire(site, "regions/")
    par_region = lire(site, "tableaux/par-region/")
    for code, r in territories().items():
        adresse = f"regions/{slug(r['nom'])}/"
        contenu = lire(site, adresse)
        titre = re.search(r"<h1[^>]*>(.*?)<", contenu, re.S).group(1)
        assert html.unescape(titre).strip() == f"Aides aux médecins {r.get('dans', 'en ' + r['nom'])}", code
        for d, nom in r["departements"].items():
            assert f"{nom} ({d})" in html.unescape(texte(article(contenu))), (code, d)
        # Listed in the navigation (every page) and linked from the regions index and the table.
        assert f'href="{slug(r["nom"])}/"' in index, code
        assert f'href="../../{adresse}"' in par_region, code


@pytest.mark.skipif(not DONNEES_DU_PROJET, reason="valeurs tirées des données du projet")
def test_page_de_region_avec_une_aide_propre_et_son_montant(site):
    grand_est = page(site, "44")
    propres = section(grand_est, "Les aides propres à la région", "Les aides nationales")
    # The ARS Grand Est's ASI: 50 000 € (« Une aide forfaitaire de 50 000 € versée en deux fois »).
    assert "ASI" in propres and "50 000 €" in propres
    assert "ASI" not in section(page(site, "53"), "Les aides propres à la région", "Les aides nationales")
    # Département schemes are grouped under their département: the Indre's in Centre-Val de Loire.
    centre = page(site, "24")
    indre = section(centre, "Indre (36)", "Les aides nationales")
    assert "Bourse du Département de l'Indre pour les internes de médecine générale" in indre
    # The newest dated source of Bretagne is its PAPS page of 16/12/2024, which has no title of its own.
    assert (
        "Source datée la plus récente pour cette région : PAPS Bretagne (portail de l'ARS), du 16 décembre 2024"
        in page(site, "53")
    )


@pytest.mark.skipif(not DONNEES_DU_PROJET, reason="valeurs tirées des données du projet")
def test_aides_propres_de_nouvelle_aquitaine_et_de_mayotte_avec_leur_source_datee(site):
    propres = section(page(site, "75"), "Les aides propres à la région", "Les aides nationales")
    charente_maritime = section(propres, "Charente-Maritime (17)", "Corrèze (19)")
    # The Charente-Maritime's bourse: 800, 1 100 and 1 600 € a month over the three years of the
    # 3rd cycle (Le Petit Économiste, 30/04/2012), 42 000 €; its newest dated page: Aqui!, 27/10/2020.
    assert "Bourse d'études du Département de la Charente-Maritime" in charente_maritime
    assert "de 9 600 € à 19 200 € par an" in charente_maritime and "octobre 2020" in charente_maritime
    mayotte = section(page(site, "06"), "Les aides propres à la région", "Les aides nationales")
    # The hospital practitioners' IPE: « 7 mois d'émoluments pour 1 année d'engagement » (Weblex, 31/07/2025).
    assert "Indemnité particulière d'exercice des praticiens hospitaliers à Mayotte" in mayotte
    assert "juillet 2025" in mayotte
    # The Choletais' aid (Pays de la Loire) rests on pages that show no date, and the page says so.
    pays_de_la_loire = section(page(site, "52"), "Les aides propres à la région", "Les aides nationales")
    assert "Aucune des pages qui décrivent ces aides ne montre de date" in pays_de_la_loire
    assert "32 000 €" in section(pays_de_la_loire, "Maine-et-Loire (49)", "Sarthe (72)")


@pytest.mark.skipif(not DONNEES_DU_PROJET, reason="valeurs tirées des données du projet")
def test_region_sans_aide_propre_le_dit_avec_son_portail(site):
    martinique = page(site, "02")
    assert "Aucune aide propre à la région dans ce guide" in martinique
    assert "décrite par une page publique datée n'a été trouvée" in martinique
    contenu = lire(site, "regions/martinique/")
    propres = contenu[contenu.index('id="aides-propres"') : contenu.index('id="aides-nationales"')]
    assert 'href="https://martinique.paps.sante.fr/index.php/les-aides-linstallation-78"' in propres
    # Corse: no aid of its own and no PAPS page found; its zoning page is still given.
    corse = page(site, "94")
    assert "Aucune page du portail de l'ARS (PAPS) sur les aides à l'installation n'a été trouvée" in corse
    assert 'href="https://www.corse.ars.sante.fr/nouveaux-zonages-medecins-et-sages-femmes"' in lire(
        site, "regions/corse/"
    )


@pytest.mark.skipif(not DONNEES_DU_PROJET, reason="valeurs tirées des données du projet")
def test_regles_nationales_sur_la_page_de_la_region(site):
    hdf = page(site, "32")
    propre = section(hdf, "Ce qui change dans les Hauts-de-France", "Dispositif")
    assert "QPV" in propre and "10 000 €" in texte(article(lire(site, "aides/aide-installation-zip/")))
    assert "Ce qui change" not in page(site, "02")
    # The list of those rules ends before the table of the national aids, which stays a table.
    contenu = lire(site, "regions/hauts-de-france/")
    nationales = contenu[contenu.index('id="aides-nationales"') : contenu.index('id="ars"')]
    assert nationales.count("<table ") == 1 and "| Dispositif |" not in nationales


def test_liste_des_regions_de_l_accueil_egale_aux_donnees(site, catalogue):
    accueil = lire(site, "")
    tableau = accueil[accueil.index('id="par-region"') :]
    tableau = tableau[: tableau.index("</table>")]
    lignes = re.findall(r'<td><a href="regions/([^"/]+)/">(.*?)</a></td>\s*<td>(\d+)</td>\s*<td>(.*?)</td>', tableau)
    assert [html.unescape(nom) for _, nom, _, _ in lignes] == [r["nom"] for r in territories().values()]
    partagees = rules().sources
    for (adresse, _, nombre, date), (code, r) in zip(lignes, territories().items(), strict=True):
        assert adresse == slug(r["nom"])
        propres = [a for a in catalogue.aides.values() if code in regions_du_dispositif(a) and a.nature == "aide"]
        assert int(nombre) == len(propres), r["nom"]
        dates = [
            s["date"]
            for a in catalogue.aides.values()
            if code in regions_du_dispositif(a)
            for cle, s in a.sources.items()
            if "date" in s and cle not in partagees
        ]
        dates += [p["date"] for p in (r.get("zonage"), r.get("paps")) if p and "date" in p]
        attendu = french_date(max(dates)) if dates else "aucune source datée"
        assert html.unescape(date).replace("\u00a0", " ") == attendu.replace("\u00a0", " "), r["nom"]
    nationales = [a for a in catalogue.aides.values() if not regions_du_dispositif(a) and a.nature == "aide"]
    assert f"Les {len(nationales)} aides nationales s'appliquent dans toutes les régions" in texte(accueil)
