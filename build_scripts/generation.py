"""The list of generated files: which template makes which page, with which data.

`Site.fichiers()` yields `(path in docs, content, path to edit in the repository)` for every
generated page and download; `Site.navigation()` renders the navigation from `nav.yml.j2`.
"""

import tomllib
from pathlib import Path

import yaml

from build_scripts import exports
from build_scripts.rendering import date_fr, environnement
from engine.profile import fields, territories
from engine.schema import CATEGORIES, FINANCEURS

ICI = Path(__file__).parent
TEMPLATES = ICI / "templates"
GLOSSAIRE = ICI / "glossaire.toml"

# (path in docs, template, path to edit) of the pages that are not one per scheme.
# Beyond this many schemes the sidebar lists categories' pages only, and the cumul matrix gives
# way to the list of rules: both grow with the square of the number of schemes.
NAV_MAX = 150
MATRICE_MAX = 60

PAGES = [
    ("index.md", "accueil.md.j2", "build_scripts/templates/accueil.md.j2"),
    ("aides/index.md", "tous.md.j2", None),
    ("tableaux/index.md", "tableaux.md.j2", None),
    ("tableaux/par-profil.md", "par_profil.md.j2", None),
    ("tableaux/par-region.md", "par_region.md.j2", None),
    ("tableaux/par-financeur.md", "par_financeur.md.j2", None),
    ("tableaux/baremes.md", "baremes.md.j2", None),
    ("tableaux/cumuls.md", "cumuls.md.j2", None),
    ("trouver-sa-zone.md", "zone.md.j2", "build_scripts/templates/zone.md.j2"),
    ("quoi-de-neuf.md", "quoi_de_neuf.md.j2", None),
    ("glossaire.md", "glossaire.md.j2", "build_scripts/glossaire.toml"),
    ("sources.md", "sources.md.j2", None),
    ("donnees.md", "donnees.md.j2", None),
]


def lire_glossaire() -> list:
    with open(GLOSSAIRE, "rb") as f:
        termes = tomllib.load(f)["termes"]
    return sorted(termes, key=lambda t: t["sigle"].lower())


class Site:
    """Renders every generated file of the guide from one `Modele`."""

    def __init__(self, modele):
        self.modele = modele
        self.env = environnement()
        self.glossaire = lire_glossaire()
        self.dossier_edition = _relatif(modele.dossier)

    def contexte(self, page_src: str, **extra) -> dict:
        m = self.modele
        return {"page_src": page_src, "m": m, "vues": m.vues, "aides": m.aides, "statuts": m.statuts,
                "date": m.date, "glossaire": self.glossaire,
                "categories": [(c, n) for c, n in CATEGORIES.items() if c != "statut"],
                "categories_dict": CATEGORIES, "financeurs": FINANCEURS,
                "beneficiaires": fields()["beneficiaire"].choix, "zones": fields()["zone"].choix,
                "territoires": territories(),
                "departements": {d: n for r in territories().values() for d, n in r["departements"].items()},
                **extra}

    def rendre(self, template: str, page_src: str, **extra) -> str:
        return self.env.get_template(template).render(self.contexte(page_src, **extra))

    def fichiers(self, calculateur: bool = False):
        for src, template, edition in PAGES:
            yield src, self.rendre(template, src, calculateur=calculateur, licence=exports.LICENCE,
                                   matrice_max=MATRICE_MAX), edition
        for v in self.modele.vues.values():
            edition = f"{self.dossier_edition}/{v.fichier}" if self.dossier_edition else None
            yield v.src, self.rendre("aide.md.j2", v.src, v=v, calculateur=calculateur), edition
        yield "donnees/aides.json", exports.json_aides(self.modele), None
        yield "donnees/aides.csv", exports.csv_aides(self.modele), None
        yield "donnees/profil.schema.json", exports.json_schema_profil(), None

    def navigation(self, calculateur: bool, autres_pages: list) -> list:
        texte = self.rendre("nav.yml.j2", "index.md", calculateur=calculateur, nav_max=NAV_MAX,
                            autres_pages=[p for p in autres_pages if p != "calculateur.md"])
        return yaml.safe_load(texte)

    def abreviations(self) -> str:
        return self.env.get_template("abreviations.md.j2").render(glossaire=self.glossaire)

    def pied_de_page(self) -> dict:
        m = self.modele
        return {"nombre": len(m.vues), "derniere_verification": date_fr(m.derniere_verification),
                "date_construction": date_fr(m.date)}


def _relatif(dossier: str):
    racine = ICI.parent
    try:
        return Path(dossier).resolve().relative_to(racine).as_posix()
    except ValueError:
        return None
