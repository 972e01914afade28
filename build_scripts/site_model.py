"""What the templates read: one view per scheme, computed once per build from the catalogue.

A view holds the raw data (`data`), the scheme's state at the build date, its conditions (the
engine's standard ones and the data's), its parameters' history and grids, its worked examples
evaluated by the engine, its cumul rules and its numbered sources. No wording is made here.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from build_scripts import presentation
from build_scripts.regions import region_views
from engine import evaluate_one
from engine.api import scheme_figure
from engine.conditions import describe
from engine.evaluation import freshness, standard_conditions
from engine.formulas import Context, explain
from engine.money import to_decimal
from engine.profile import department_regions, fields, territories

# Past this many schemes in one ten-year category, its pairs are not listed one by one (their
# number grows with the square of the category's size): the scheme pages and the cumul page name
# the category's group once. No fewer than generation.MATRIX_MAX, so that a cumul matrix shown
# always has every ten-year cell.
TEN_YEARS_MAX = 60


@dataclass
class SchemeView:
    """Everything a scheme page and the tables show about one scheme."""

    id: str
    scheme: object
    src: str
    validity: dict
    freshness: dict
    zones: list
    conditions: list
    history: list
    grids: list
    amount: dict | None
    examples: list
    cumul_rules: list
    sources: list
    source_numbers: dict
    region_codes: list = field(default_factory=list)
    ten_years: dict | None = None
    shared_acronym: bool = False

    @property
    def data(self) -> dict:
        return self.scheme.data

    @property
    def file(self) -> str:
        return self.scheme.fichier

    @property
    def nature(self):
        return self.scheme.nature

    @property
    def short_name(self):
        """The scheme's short name: its acronym (unless another scheme shares it), else its name."""
        if self.scheme.sigle and not self.shared_acronym:
            return self.scheme.sigle
        return self.scheme.nom

    @property
    def main_example(self):
        """The first worked example's result for this scheme (None if there is none)."""
        return self.examples[0] if self.examples else None

    @property
    def reference_amount(self):
        """The first example's total (or yearly amount): the figure used to sort the tables."""
        ex = self.main_example
        if ex is None or ex["resultat"] is None:
            return None
        r = ex["resultat"]
        if r["montant_total"] is not None:
            return r["montant_total"]
        return r["montant_annuel"]


def _sources(scheme) -> tuple:
    listed, numbers = [], {}
    for i, (key, s) in enumerate(scheme.sources.items(), start=1):
        numbers[key] = i
        listed.append({"cle": key, "numero": i, **s})
    return listed, numbers


CONDITION_NOTES = ("libelle", "source", "note", "depuis", "jusqu_au", "nouveaux_contrats_seulement", "non_confirme")


def _detail(cond: dict, variables: dict):
    """The engine's structured wording of a condition, without its source-worded label."""
    bare = {k: v for k, v in cond.items() if k not in CONDITION_NOTES}
    if not bare:
        return None
    text = describe(bare, variables)
    return text if text != cond.get("libelle") else None


def _conditions(scheme, date) -> list:
    out = [
        {
            "libelle": sc.libelle,
            "source": sc.source,
            "automatique": True,
            "note": None,
            "non_confirme": False,
            "depuis": None,
            "jusqu_au": None,
            "nouveaux_contrats_seulement": False,
            "detail": None,
        }
        for sc in standard_conditions(scheme, date)
    ]
    for c in scheme.conditions:
        out.append(
            {
                "libelle": c["libelle"],
                "source": c["source"],
                "automatique": False,
                "note": c.get("note"),
                "non_confirme": bool(c.get("non_confirme")),
                "depuis": c.get("depuis"),
                "jusqu_au": c.get("jusqu_au"),
                "nouveaux_contrats_seulement": bool(c.get("nouveaux_contrats_seulement")),
                "detail": _detail(c, scheme.variables),
            }
        )
    return out


def _profile_value(name, value):
    if name == "region":
        return territories().get(str(value), {}).get("nom", str(value))
    if name == "departement":
        names = {d: n for r in territories().values() for d, n in r["departements"].items()}
        return f"{names.get(str(value), value)} ({value})"
    ch = fields().get(name)
    if ch is None:
        return str(value)
    if isinstance(value, list):
        return [ch.value_label(v) for v in value]
    if isinstance(value, float):
        value = to_decimal(value)
    return ch.value_label(value)


def _examples(scheme, catalogue) -> list:
    out = []
    for ex in scheme.exemples:
        # The loader has checked the example's profile (engine.loader._example_errors).
        result = evaluate_one(scheme.id, ex["profil"], ex["date"], catalogue) if scheme.nature == "aide" else None
        profile = [
            {
                "champ": name,
                "libelle": fields()[name].libelle if name in fields() else name,
                "valeur": _profile_value(name, v),
            }
            for name, v in ex["profil"].items()
        ]
        chart = scheme_figure(result) if result else None  # the calculator's chart, same engine code
        out.append(
            {
                "titre": ex["titre"],
                "date": ex["date"],
                "profil": profile,
                "resultat": result,
                "graphique": Markup(chart) if chart else None,
            }
        )
    return out


def _cumul_rules(scheme, catalogue, rules_by_scheme: dict, rank: dict, groups: dict) -> list:
    """The scheme's cumul rules, explicit then ten-year, in catalogue order of the other scheme;
    `rules_by_scheme` is the catalogue's rules by scheme, `rank` each scheme's catalogue position
    and `groups` the ten-year categories too large to list pair by pair."""
    out = []
    for pair, rule in rules_by_scheme.get(scheme.id, ()):
        other = next(x for x in pair if x != scheme.id)
        out.append(
            {
                "autre": other,
                "cumulable": rule["cumulable"],
                "note": rule.get("note"),
                "source": rule["source"],
                "declare_par": rule["declare_par"],
                "dix_ans": False,
            }
        )
    category = scheme.categorie_dix_ans
    if category and category not in groups:
        for other in catalogue.categories[category]:
            if other != scheme.id and frozenset((scheme.id, other)) not in catalogue.regles_cumul:
                out.append(
                    {
                        "autre": other,
                        "cumulable": False,
                        "dix_ans": True,
                        "categorie": category,
                        "note": None,
                        "source": None,
                        "declare_par": None,
                    }
                )
    out.sort(key=lambda c: rank[c["autre"]])
    return out


def _ten_years(scheme, catalogue, rules_by_scheme: dict, groups: dict):
    """For a scheme of a ten-year category too large to list pair by pair: its group's anchor and
    how many schemes of the group it cannot be combined with under the rule (no explicit rule)."""
    group = groups.get(scheme.categorie_dix_ans)
    if group is None:
        return None
    members = catalogue.categories[scheme.categorie_dix_ans]
    explicit = sum(1 for pair, _ in rules_by_scheme.get(scheme.id, ()) if pair <= members)
    return {"categorie": scheme.categorie_dix_ans, "ancre": group["ancre"], "nombre": len(members) - 1 - explicit}


def _region_codes(scheme) -> list:
    """Region codes the scheme is limited to ([] for a national scheme)."""
    codes = list(scheme.regions)
    for dep in scheme.departements:
        r = department_regions()[dep]
        if r not in codes:
            codes.append(r)
    return codes


def _freshness(scheme, state: str, date: datetime.date) -> dict:
    newest = scheme.newest_source_date()
    return {"etat": freshness(state, newest, date), "derniere_source": newest, "verifie_le": scheme.verifie_le}


def scheme_view(scheme, catalogue, date: datetime.date, rules_by_scheme: dict, rank: dict, groups: dict) -> SchemeView:
    sources, numbers = _sources(scheme)
    validity = presentation.validity(scheme, date)
    return SchemeView(
        id=scheme.id,
        scheme=scheme,
        src=f"aides/{scheme.id}.md",
        validity=validity,
        freshness=_freshness(scheme, validity["etat"], date),
        zones=presentation.zones_named(scheme),
        conditions=_conditions(scheme, date),
        history=presentation.parameter_history(scheme, date),
        grids=presentation.grids_in_force(scheme, date),
        amount=explain(scheme.montant, Context(scheme, {}, date)) if scheme.montant else None,
        examples=_examples(scheme, catalogue),
        cumul_rules=_cumul_rules(scheme, catalogue, rules_by_scheme, rank, groups),
        sources=sources,
        source_numbers=numbers,
        region_codes=_region_codes(scheme),
        ten_years=_ten_years(scheme, catalogue, rules_by_scheme, groups),
    )


@dataclass
class SiteModel:
    """The whole site's data: the views, the build date, the catalogue's dated changes."""

    date: datetime.date
    data_dir: str
    views: dict
    changes: list
    catalogue: object
    ten_year_groups: list = field(default_factory=list)

    @classmethod
    def build(cls, catalogue, date: datetime.date, data_dir: str) -> "SiteModel":
        rules_by_scheme = {}
        for pair, rule in catalogue.regles_cumul.items():
            for ident in pair:
                rules_by_scheme.setdefault(ident, []).append((pair, rule))
        rank = {ident: i for i, ident in enumerate(catalogue.aides)}
        groups = {}
        for category, members in catalogue.categories.items():
            if len(members) > TEN_YEARS_MAX:
                groups[category] = {
                    "categorie": category,
                    "ancre": f"dix-ans-{len(groups) + 1}",
                    "ids": sorted(members, key=rank.get),
                }
        views = {s.id: scheme_view(s, catalogue, date, rules_by_scheme, rank, groups) for s in catalogue.aides.values()}
        acronyms = Counter(v.scheme.sigle for v in views.values() if v.scheme.sigle)
        for v in views.values():
            v.shared_acronym = acronyms[v.scheme.sigle] > 1
        return cls(date, data_dir, views, presentation.dated_changes(catalogue), catalogue, list(groups.values()))

    @cached_property
    def aids(self) -> list:
        return [v for v in self.views.values() if v.nature == "aide"]

    @cached_property
    def statuses(self) -> list:
        return [v for v in self.views.values() if v.nature == "statut"]

    @property
    def switch(self) -> dict | None:
        """The latest switch the data records: schemes closed to new applications and replaced
        by others (`remplace_par`), with the date the replacements opened and the changes of
        both sides on that date and the day before."""
        replaced = [s for s in self.catalogue.aides.values() if s.remplace_par]
        if not replaced:
            return None
        new = {n for s in replaced for n in s.remplace_par}
        starts = [self.catalogue.aides[n].validite["debut"] for n in new if "debut" in self.catalogue.aides[n].validite]
        if not starts:
            return None
        date = max(starts)
        day_before = date - datetime.timedelta(days=1)
        ids = new | {s.id for s in replaced}
        changes = [
            c
            for c in self.changes
            if c["date"] in (date, day_before)
            and c["aide"] in ids
            and c["genre"] in ("debut", "fin_nouvelles_demandes", "parametre")
        ]
        return {"date": date, "changements": sorted(changes, key=lambda c: (c["date"], c["aide"]))}

    @property
    def last_checked(self):
        return max(v.scheme.verifie_le for v in self.views.values())

    @property
    def first_checked(self):
        return min(v.scheme.verifie_le for v in self.views.values())

    @cached_property
    def regions(self) -> list:
        """A view per region of the territories, in INSEE order (see `build_scripts.regions`)."""
        return region_views(self.views)

    def regions_cited(self) -> list:
        """(code, name) of every region some scheme is limited to, in INSEE order."""
        codes = {c for v in self.views.values() for c in v.region_codes}
        return [(c, territories()[c]["nom"]) for c in territories() if c in codes]

    def all_sources(self) -> list:
        """Every distinct source (by address, else by title and file), with its dates, the schemes
        citing it and the latest date on which one of them was checked against it."""
        by_key = {}
        for v in self.views.values():
            for s in v.sources:
                key = s.get("url") or (s["titre"], s.get("fichier"))
                entry = by_key.setdefault(
                    key,
                    {
                        "adresse": s.get("url") or s.get("fichier"),
                        "url": s.get("url"),
                        "fichier": s.get("fichier"),
                        "via": s.get("via"),
                        "titres": [],
                        "dates": [],
                        "aides": [],
                        "verifiee_le": v.scheme.verifie_le,
                    },
                )
                entry["via"] = entry["via"] or s.get("via")
                entry["verifiee_le"] = max(entry["verifiee_le"], v.scheme.verifie_le)
                if s["titre"] not in entry["titres"]:
                    entry["titres"].append(s["titre"])
                if s.get("date") and s["date"] not in entry["dates"]:
                    entry["dates"].append(s["date"])
                if not entry["aides"] or entry["aides"][-1] != v.id:  # v's sources come in a row
                    entry["aides"].append(v.id)
        return sorted(by_key.values(), key=lambda e: (e["url"] is None, e["adresse"] or "", e["titres"][0]))

    def cumul_matrix(self) -> dict:
        """Schemes involved in a cumul rule (explicit or ten-year) and the cell for each pair."""
        involved = [v.id for v in self.views.values() if v.cumul_rules or v.ten_years]
        cells = {}
        for v in self.views.values():
            for c in v.cumul_rules:
                cells[(v.id, c["autre"])] = c
        return {"ids": involved, "cellules": cells}
