"""What a region's page and the home page's list of regions read: one view per region of
`engine/territoires.toml`, built from the scheme views (its own schemes, the national ones and the
national rules that name it), its ARS pages (zoning, PAPS portal) and its newest dated source.
No wording is made here.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from engine.profile import territories
from engine.rules import rules


def slug(name: str) -> str:
    """`Provence-Alpes-Côte d'Azur` -> `provence-alpes-cote-d-azur` (the page's address)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def _names_region(node, code: str) -> bool:
    """Whether a condition (or a tree of them) tests that the profile's region is `code`."""
    if isinstance(node, list):
        return any(_names_region(n, code) for n in node)
    if not isinstance(node, dict):
        return False
    if node.get("champ") == "region" and (node.get("egal") == code or code in node.get("dans", ())):
        return True
    return any(_names_region(v, code) for k, v in node.items() if isinstance(v, (list, dict)))


def _amount_cases(node, code: str):
    """Labels of the amount formula's cases whose `si` names the region."""
    if isinstance(node, list):
        for n in node:
            yield from _amount_cases(n, code)
    elif isinstance(node, dict):
        if _names_region(node.get("si"), code) and node.get("libelle"):
            yield node["libelle"]
        for k, v in node.items():
            if k != "si" and isinstance(v, (list, dict)):
                yield from _amount_cases(v, code)


def region_rules(scheme, code: str) -> list:
    """The texts of a national scheme's rules that apply to region `code` only: the label of each
    condition that names it, of each amount case, and the reading chosen for each ambiguity."""
    out = [c["libelle"] for c in scheme.conditions if _names_region(c, code)]
    out += list(_amount_cases(scheme.montant, code))
    out += [a["choix"] for a in scheme.ambiguites if _names_region(a.get("si"), code)]
    return out


@dataclass
class RegionView:
    """One region: its own schemes (limited to it or to one of its départements), the national
    schemes and the rules of theirs that name it, its ARS zoning page and PAPS portal."""

    code: str
    nom: str
    dans: str  # « en Bretagne », « à Mayotte », « dans les Hauts-de-France »
    departements: dict
    own: list
    national: list
    specifics: list
    zonage: dict | None
    paps: dict | None

    @property
    def slug(self) -> str:
        return slug(self.nom)

    @property
    def src(self) -> str:
        return f"regions/{self.slug}.md"

    @cached_property
    def aids(self) -> list:
        """Its own schemes that are aids (not forms of practice)."""
        return [v for v in self.own if v.nature == "aide"]

    @cached_property
    def regional(self) -> list:
        """Its own schemes open in the whole region."""
        return [v for v in self.own if not v.scheme.departements]

    @cached_property
    def by_department(self) -> list:
        """(code, name, schemes) of each of its départements that has schemes of its own."""
        out = []
        for dep, name in self.departements.items():
            vs = [v for v in self.own if dep in v.scheme.departements]
            if vs:
                out.append((dep, name, vs))
        return out

    @cached_property
    def contacts(self) -> list:
        """(scheme view, contact) of its own schemes that name one."""
        return [(v, v.scheme.contact) for v in self.own if v.scheme.contact]

    @cached_property
    def newest_source(self) -> dict | None:
        """The newest dated source among its own schemes' and its ARS pages (`date`, `titre`,
        `url`), None when none of them shows a date."""
        shared = rules().sources
        candidates = [
            {"date": s["date"], "titre": s["titre"], "url": s.get("url")}
            for v in self.own
            for s in v.sources
            if s.get("date") and s["cle"] not in shared
        ]
        for page in (self.zonage, self.paps):
            if page and page.get("date"):
                candidates.append({"date": page["date"], "titre": page.get("titre"), "url": page["url"]})
        return max(candidates, key=lambda c: c["date"], default=None)


def region_views(views: dict) -> list:
    """A view per region, in INSEE order, from the site's scheme views."""
    national = [v for v in views.values() if not v.region_codes]
    out = []
    for code, r in territories().items():
        specifics = []
        for v in national:
            texts = region_rules(v.scheme, code)
            if texts:
                specifics.append({"vue": v, "textes": texts})
        out.append(
            RegionView(
                code=code,
                nom=r["nom"],
                dans=r.get("dans", f"en {r['nom']}"),
                departements=r["departements"],
                own=[v for v in views.values() if code in v.region_codes],
                national=national,
                specifics=specifics,
                zonage=r.get("zonage"),
                paps=r.get("paps"),
            )
        )
    return out
