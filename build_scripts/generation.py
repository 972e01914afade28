"""The list of generated files: which template makes which page, with which data.

`Site.files()` yields `(path in docs, content, path to edit in the repository)` for every
generated page and download; `Site.navigation()` renders the navigation from `nav.yml.j2`.
"""

import tomllib
from pathlib import Path

import yaml

from build_scripts import communes, exports
from build_scripts.rendering import environment, french_date
from build_scripts.state import ROOT
from engine.profile import fields, rezone, territories, zoning_values
from engine.schema import CATEGORIES, FINANCEURS

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
GLOSSARY = HERE / "glossaire.toml"

# Beyond this many schemes the sidebar lists categories' pages only, and the cumul matrix gives
# way to the list of rules: both grow with the square of the number of schemes.
NAV_MAX = 150
MATRIX_MAX = 60

# (path in docs, template, path to edit) of the pages that are not one per scheme.
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

# The regions' pages: their index (the list the home page also shows) and one page per region,
# whose own facts are edited in the territories file (its schemes, in their own files).
REGIONS_INDEX = "regions/index.md"
REGION_EDIT = "engine/territoires.toml"
# Past this many national schemes, a region's page links to the national table instead of copying
# it: eighteen copies of a table of every national scheme would dominate the build.
REGION_NATIONAL_MAX = NAV_MAX


def read_glossary() -> list:
    with open(GLOSSARY, "rb") as f:
        terms = tomllib.load(f)["termes"]
    return sorted(terms, key=lambda t: t["sigle"].lower())


def relative_to_root(folder) -> str | None:
    """`folder` relative to the repository (for "edit this page" links), or None outside it."""
    try:
        return Path(folder).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return None


class Site:
    """Renders every generated file of the guide from one `SiteModel`."""

    def __init__(self, model):
        self.model = model
        self.env = environment()
        self.glossary = read_glossary()
        self.edit_dir = relative_to_root(model.data_dir)

    def context(self, page_src: str, **extra) -> dict:
        m = self.model
        return {
            "page_src": page_src,
            "m": m,
            "views": m.views,
            "aids": m.aids,
            "statuses": m.statuses,
            "date": m.date,
            "glossary": self.glossary,
            "categories": [(c, n) for c, n in CATEGORIES.items() if c != "statut"],
            "category_names": CATEGORIES,
            "funders": FINANCEURS,
            "beneficiaries": fields()["beneficiaire"].choix,
            "zones": fields()["zone"].choix,
            "zoning": zoning_values(),
            "territories": territories(),
            "departments": {d: n for r in territories().values() for d, n in r["departements"].items()},
            "communes": communes.source(),
            "rezone": rezone(),
            **extra,
        }

    def render(self, template: str, page_src: str, **extra) -> str:
        return self.env.get_template(template).render(self.context(page_src, **extra))

    def files(self, calculator: bool = False):
        for src, template, edit in PAGES:
            yield (
                src,
                self.render(template, src, calculator=calculator, licence=exports.LICENCE, matrix_max=MATRIX_MAX),
                edit,
            )
        for v in self.model.views.values():
            edit = f"{self.edit_dir}/{v.file}" if self.edit_dir else None
            yield v.src, self.render("aide.md.j2", v.src, v=v, calculator=calculator), edit
        yield REGIONS_INDEX, self.render("regions.md.j2", REGIONS_INDEX), None
        for r in self.model.regions:
            yield (
                r.src,
                self.render(
                    "region.md.j2",
                    r.src,
                    r=r,
                    national_max=REGION_NATIONAL_MAX,
                ),
                REGION_EDIT,
            )
        yield "donnees/aides.json", exports.schemes_json(self.model), None
        yield "donnees/aides.csv", exports.schemes_csv(self.model), None
        yield "donnees/profil.schema.json", exports.profile_schema_json(), None

    def navigation(self, calculator: bool, other_pages: list) -> list:
        text = self.render(
            "nav.yml.j2",
            "index.md",
            calculator=calculator,
            nav_max=NAV_MAX,
            other_pages=[p for p in other_pages if p != "calculateur.md"],
        )
        return yaml.safe_load(text)

    def abbreviations(self) -> str:
        return self.env.get_template("abreviations.md.j2").render(glossary=self.glossary)

    def footer(self) -> dict:
        m = self.model
        return {
            "nombre": self.env.get_template("_nombre.md.j2").render(m=m).strip(),
            "derniere_verification": french_date(m.last_checked),
            "date_construction": french_date(m.date),
        }
