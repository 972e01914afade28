"""What the templates read: one view per scheme, computed once per build from the catalogue.

A view holds the raw data (`data`), the scheme's state at the build date, its conditions (the
engine's standard ones and the data's), its amount's summary (the engine's range of amounts), its
parameters' history and grids, its worked examples evaluated by the engine (each with the
calculator's address that reopens it), its next steps (the engine's, as the calculator shows
them), its cumul rules and its numbered sources. No wording is made here.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from markupsafe import Markup

from build_scripts import presentation
from build_scripts.regions import region_views
from engine import evaluate_one
from engine.api import scheme_figure
from engine.conditions import describe
from engine.evaluation import freshness, standard_conditions
from engine.formulas import Context, explain, summarize
from engine.money import to_decimal
from engine.next_steps import next_steps
from engine.parameters import as_number, value_at
from engine.profile import department_regions, fields, territories
from engine.rules import rules
from engine.schedule import duration_words, months_of

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
    summary: dict | None
    examples: list
    cumul_rules: list
    sources: list
    source_numbers: dict
    steps: dict | None = None
    duration: dict | None = None
    rates: dict | None = None
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
        """The first example's total (or yearly amount), as the open-data export gives it."""
        ex = self.main_example
        if ex is None or ex["resultat"] is None:
            return None
        r = ex["resultat"]
        if r["montant_total"] is not None:
            return r["montant_total"]
        return r["montant_annuel"]

    @property
    def highest_amount(self):
        """The highest amount the sources give (the summary's highest total, else its highest
        amount per unit, else its lowest): what the tables sort by; None when none is given."""
        s = self.summary
        if s is None or s["non_precise"]:
            return None
        for key in ("plus_haut", "haut", "bas"):
            if s[key] is not None:
                return s[key]
        return None

    @property
    def is_closed(self) -> bool:
        """Closed to new applications or expired at the build date."""
        return self.validity["etat"] in ("ferme_nouvelles_demandes", "expire")


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
                "adresse_calculateur": calculator_query(ex["profil"], ex["date"]),
            }
        )
    return out


def _answer_text(value) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def calculator_query(profile: dict, date: datetime.date) -> str:
    """The calculator's query string for `profile` at `date`, as browser/calculator/url-state.js
    reads it: one parameter per answer, lists joined by commas (`aucun` when empty), yes/no as
    `oui`/`non`, a repeated group's members joined by commas and each member's fields by `_`."""
    params = []
    for name, value in profile.items():
        ch = fields().get(name)
        if isinstance(value, list) and ch is not None and ch.type == "groupe":
            text = ",".join("_".join(_answer_text(m.get(f, "")) for f in ch.membres) for m in value) or "aucun"
        elif isinstance(value, list):
            text = ",".join(_answer_text(v) for v in value) or "aucun"
        else:
            text = _answer_text(value)
        params.append((name, text))
    params.append(("date", date.isoformat()))
    return urlencode(params)


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
    return {
        "etat": freshness(state, newest, date),
        "derniere_source": newest,
        "verifie_le": scheme.verifie_le,
        "mois": rules().fraicheur_mois,
    }


def _duration(scheme) -> dict | None:
    """The duration in words (`3 ans`), its note and whether the note already says it."""
    months = months_of(scheme)
    if not months:
        return None
    words = duration_words(months)
    note = scheme.duree.get("note")
    return {"mots": words, "note": note, "note_suffit": bool(note) and words in note, "source": scheme.duree["source"]}


def _rates(scheme, date: datetime.date) -> dict | None:
    """For an amount the source gives only as rates of a base it does not give (`[montant.echeancier]`
    with `taux`): the rates year by year, the rate after them, the base and the condition."""
    sched = (scheme.montant or {}).get("echeancier") or {}
    if "taux" not in sched or "assiette" not in sched:
        return None

    def rate(name):
        entry = value_at(scheme.parametres[name], date)
        return as_number(entry["valeur"]) if entry else None

    return {
        "annees": [rate(n) for n in sched["taux"]],
        "ensuite": rate(sched["ensuite"]) if "ensuite" in sched else None,
        "assiette": sched["assiette"],
        "si": [describe(c, scheme.variables) for c in sched.get("si", [])],
        "source": sched["source"],
    }


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
        summary=summarize(scheme.montant, Context(scheme, {}, date)) if scheme.montant else None,
        examples=_examples(scheme, catalogue),
        steps=next_steps(scheme, {}, date, lambda key: key),
        duration=_duration(scheme),
        rates=_rates(scheme, date),
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
    def freshness_months(self) -> int:
        """The freshness threshold, in months (`[fraicheur]` of engine/regles.toml)."""
        return rules().fraicheur_mois

    @cached_property
    def counts(self) -> dict:
        """How many aids and statuses the guide presents (one count for every page and the footer)."""
        return {"aides": len(self.aids), "statuts": len(self.statuses)}

    def _switch_at(self, date: datetime.date) -> dict | None:
        """The schemes that opened on `date` and those of the same funders that took their last
        new application the day before (or ended then); None when `date` is no such switch."""
        day_before = date - presentation.ONE_DAY
        opened = [v for v in self.views.values() if v.validity["debut"] == date]
        funders = {v.data["financeur"] for v in opened}
        ended = [
            v
            for v in self.views.values()
            if day_before in (v.validity["fin_nouvelles_demandes"], v.validity["fin"]) and v not in opened
        ]
        closed = [v for v in ended if v.data["financeur"] in funders]
        if not closed:
            return None
        # What a doctor who cancels a running contract gets instead (`remplace_par`, see each
        # closed scheme's ambiguities): named apart from the aids that open for everyone.
        on_cancel = [self.views[i] for i in dict.fromkeys(r for v in closed for r in v.scheme.remplace_par)]
        return {
            "date": date,
            "veille": day_before,
            "fermes": closed,
            "ouverts": opened,
            "remplacants": [v for v in opened if v not in on_cancel],
            "a_la_resiliation": on_cancel,
            "autres_fins": [v for v in ended if v not in closed],
        }

    @cached_property
    def switch(self) -> dict | None:
        """The latest switch at or before the build date (see `_switch_at`)."""
        starts = sorted({v.validity["debut"] for v in self.views.values() if v.validity["debut"]}, reverse=True)
        for date in starts:
            if date <= self.date and (found := self._switch_at(date)):
                return found
        return None

    def switch_of(self, view) -> dict | None:
        """The switch that closed `view` to new applications (None if it was not one)."""
        last = view.validity["fin_nouvelles_demandes"] or view.validity["fin"]
        found = self._switch_at(last + presentation.ONE_DAY) if last else None
        return found if found and view in found["fermes"] else None

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
        citing it and the latest date on which one of them was checked against it. The file of a
        source without a public address is the project's provenance, not a reference: it is not
        given."""
        by_key = {}
        for v in self.views.values():
            for s in v.sources:
                key = s.get("url") or (s["titre"], s.get("fichier"))
                entry = by_key.setdefault(
                    key,
                    {
                        "url": s.get("url"),
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
        return sorted(by_key.values(), key=lambda e: (e["url"] is None, e["url"] or "", e["titres"][0]))

    def cumul_matrix(self) -> dict:
        """Schemes involved in a cumul rule (explicit or ten-year) and the cell for each pair."""
        involved = [v.id for v in self.views.values() if v.cumul_rules or v.ten_years]
        cells = {}
        for v in self.views.values():
            for c in v.cumul_rules:
                cells[(v.id, c["autre"])] = c
        return {"ids": involved, "cellules": cells}
