"""Declarative amount formulas, one registry entry per type: its keys (read by the schema check),
how it computes (exact, with the formula spelled out in French for the result), its structured
explanation (what the scheme page and the calculator display) and its summary (the range of
amounts the sources give, read without a profile: what the page says in plain words and what the
tables sort by). Adding a type is one entry here.

Types: `valeur` (a parameter), `produit` (a parameter or a sub-formula times a profile count, with
an optional maximum count), `pourcentage` (a rate of a profile base, with an optional cap, itself
possibly per unit), `table` (a parameter table looked up by keys), `grille` (the best row whose
minimum thresholds are all met), `somme` (of terms, each possibly conditional), `cas` (the first
case whose condition holds), `par_membre` (a sub-formula for each member of a repeated group of
the profile, summed, with an optional maximum number of members counted) and `non_precise` (the
source gives no amount). Every formula may carry `si` conditions, a `libelle` and a `note`.

A condition that reads a member field of a repeated group the profile holds (the working time of
« the recruited doctor ») is met when it is met for one member at least (`Context.holds`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from . import conditions
from .money import cents, format_euros, format_number, to_decimal
from .parameters import as_number, value_at
from .profile import fields, groups_of_members, label_of
from .units import REGISTRY as UNITS

# Roles of a formula's keys, for the schema check: a parameter's name, a profile field (or scheme
# variable), a list of them, one sub-formula, a list of sub-formulas, a text.
PARAMETER, FIELD, FIELDS, FORMULA, FORMULAS, TEXT = "parametre", "champ", "champs", "formule", "formules", "texte"
COMMON_KEYS = {"type": (TEXT, True), "libelle": (TEXT, False), "si": ("conditions", False), "note": (TEXT, False)}


@dataclass
class Computation:
    """The value of a formula (None when unknown or not given) and how it was obtained."""

    valeur: Decimal | None
    texte: str
    manquants: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)
    non_precise: bool = False
    # A table lookup's keys in words, and its text without them (a sum of lookups read with the
    # same keys names them once).
    cles: str = ""
    sans_cles: str = ""


class Context:
    """What a formula reads: the scheme's variables and parameters, the profile, the date."""

    def __init__(self, scheme, profile: dict, date: datetime.date):
        self.scheme = scheme
        self.profile = profile
        self.date = date

    def read(self, name: str):
        if name in self.profile:
            return self.profile[name]
        variable = self.scheme.variables.get(name)
        if variable is None:
            return conditions.UNKNOWN
        base = self.profile.get(variable["champ"], conditions.UNKNOWN)
        if base is conditions.UNKNOWN:
            return base
        for band in variable["tranches"]:
            if "moins_de" in band and base < to_decimal(band["moins_de"]):
                return band["valeur"]
            if "jusqu_a" in band and base <= to_decimal(band["jusqu_a"]):
                return band["valeur"]
            if "moins_de" not in band and "jusqu_a" not in band:
                return band["valeur"]
        return conditions.UNKNOWN

    def missing_fields(self, name: str) -> list:
        """The profile field behind `name` (a variable reads one field)."""
        variable = self.scheme.variables.get(name)
        return [variable["champ"] if variable else name]

    def member(self, member: dict) -> "Context":
        """The context of one member of a repeated group: its fields over the profile's."""
        return Context(self.scheme, {**self.profile, **member}, self.date)

    def holds(self, cond: dict) -> conditions.Verdict:
        """`cond` against the profile; read member by member when it reads a group's member fields:
        true for one member at least, false for every member, else unknown."""
        members_of = groups_of_members()
        group = next((members_of[f] for f in conditions.fields_read(cond) if f in members_of), None)
        members = self.profile.get(group) if group else None
        if members is None:
            return conditions.evaluate(cond, self.read)
        verdicts = [conditions.evaluate(cond, self.member(m).read) for m in members]
        if any(v.resultat for v in verdicts):
            return conditions.TRUE
        missing = [f for v in verdicts for f in v.manquants]
        return conditions.Verdict(None, tuple(dict.fromkeys(missing))) if missing else conditions.FALSE

    def number(self, name: str):
        value = self.read(name)
        return value if value is conditions.UNKNOWN else to_decimal(value)

    def parameter(self, name: str):
        """(entry in force at the date, parameter): the entry is None before its first value."""
        p = self.scheme.parametres[name]
        return value_at(p, self.date), p

    def parameter_value(self, name: str):
        """(value as a Decimal or None, parameter, warnings)."""
        entry, p = self.parameter(name)
        value = as_number(entry["valeur"]) if entry else None
        return value, p, warnings_of(entry, p)

    def unknown(self, names) -> Computation:
        return Computation(None, "à compléter", [m for n in names for m in self.missing_fields(n)])


def warnings_of(entry: dict | None, p: dict) -> list:
    if entry and entry.get("non_confirme"):
        note = f" ({entry['note']})" if entry.get("note") else ""
        return [f"NON CONFIRMÉ : {p['libelle']}{note}."]
    return []


def _label(e: dict, default: str) -> str:
    return e.get("libelle", default)


def _not_given(p: dict) -> Computation:
    return Computation(None, f"{p['libelle']} : montant non précisé par la source à cette date", non_precise=True)


# Structured explanation: a node per formula, `segments` read left to right (a text, a
# parameter's value in force with its unit, a grid to look at, a profile field), `si` the
# wording of its conditions, `enfants` the nodes of its sub-formulas.


def _text(t: str) -> dict:
    return {"texte": t}


def _param_segment(ctx: Context, name: str) -> dict:
    entry, p = ctx.parameter(name)
    unit = UNITS[p["unite"]]
    if unit.structured:
        return {"bareme": name, "libelle": p["libelle"]}
    return {
        "parametre": name,
        "libelle": p["libelle"],
        "unite": p["unite"],
        "valeur": None if entry is None else entry["valeur"],
        "non_confirme": bool(entry and entry.get("non_confirme")),
    }


def _field_segment(ctx: Context, name: str) -> dict:
    return {"champ": name, "libelle": label_of(name, ctx.scheme.variables)}


def explain(e: dict, ctx: Context) -> dict:
    """The structured explanation of formula `e` at `ctx.date` (no profile needed)."""
    kind = TYPES[e["type"]]
    node = kind.explain(e, ctx)
    node.setdefault("enfants", [])
    node["type"] = e["type"]
    node["si"] = [conditions.describe(c, ctx.scheme.variables) for c in e.get("si", [])]
    return node


def sub_formulas(e: dict) -> list:
    """The formulas directly inside `e`."""
    out = []
    for key, (role, _required) in TYPES[e["type"]].keys.items():
        if key in e and role == FORMULA:
            out.append(e[key])
        elif key in e and role == FORMULAS:
            out += e[key]
    return out


def walk(e: dict):
    """Every formula of `e`, `e` first."""
    yield e
    for sub in sub_formulas(e):
        yield from walk(sub)


def compute(e: dict, ctx: Context) -> Computation:
    """Evaluate formula `e`, honouring its `si` conditions."""
    if e.get("si"):
        verdict = ctx.holds({"tous": e["si"]})
        if verdict.resultat is None:
            return ctx.unknown(verdict.manquants)
        if verdict.resultat is False:
            return Computation(Decimal(0), "")
    return TYPES[e["type"]].compute(e, ctx)


# Summary: what a formula can give, read from the values in force without a profile. `bas` and
# `haut` bound the amount (per `par` unit when there is one; `haut` None: no upper bound given),
# `plus_haut` is the highest total the sources allow (None when unbounded or not given),
# `maximum` says the top is a maximum the source gives (« jusqu'à »), `au_plus` the most units
# counted, `taux` a rate of a base, `selon` the fields the amount depends on, `partiel` that in
# some cases the source gives no amount, `non_precise` that it gives none at all.


def _range(bas=None, haut=None, **extra) -> dict:
    out = {
        "bas": bas,
        "haut": haut,
        "plus_haut": haut,
        "maximum": False,
        "par": None,
        "au_plus": None,
        "taux": None,
        "selon": [],
        "partiel": False,
        "non_precise": bas is None and haut is None,
    }
    out.update(extra)
    return out


def _not_given_range() -> dict:
    return _range(non_precise=True)


def _merge_selon(*lists) -> list:
    return list(dict.fromkeys(label for labels in lists for label in labels))


def _si_labels(e: dict, ctx: "Context") -> list:
    return [label_of(n, ctx.scheme.variables) for c in e.get("si", []) for n in conditions.fields_read(c)]


def summarize(e: dict, ctx: "Context") -> dict:
    """The summary of formula `e` at `ctx.date` (see above); a formula under `si` conditions may
    also give nothing, which its parent reads from `si`."""
    out = TYPES[e["type"]].summarize(e, ctx)
    out["selon"] = _merge_selon(out["selon"], _si_labels(e, ctx))
    return out


def _amount_of(ctx: "Context", name: str):
    """(value in force as a Decimal or None, parameter)."""
    entry, p = ctx.parameter(name)
    return (as_number(entry["valeur"]) if entry else None), p


def _numbers_in(value) -> list:
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers_in(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers_in(v.get("montant") if isinstance(v, dict) else v)]
    number = as_number(value) if value is not None else None
    return [number] if number is not None else []


def _unit_words(name: str, n=1) -> str:
    """A profile field's unit agreed with `n` (« jour », « jours »)."""
    ch = fields().get(name)
    return ch.unit_for(n) if ch else ""


# --- valeur -----------------------------------------------------------------------------------


def _value(e, ctx):
    value, p, warnings = ctx.parameter_value(e["parametre"])
    if value is None:
        return _not_given(p)
    return Computation(value, f"{format_euros(value)} ({_label(e, p['libelle'])})", avertissements=warnings)


def _explain_value(e, ctx):
    p = ctx.scheme.parametres[e["parametre"]]
    return {"libelle": _label(e, p["libelle"]), "segments": [_param_segment(ctx, e["parametre"])]}


def _summarize_value(e, ctx):
    value, p = _amount_of(ctx, e["parametre"])
    if value is None:
        return _not_given_range()
    return _range(value, value, maximum=bool(p.get("maximum")))


# --- produit ----------------------------------------------------------------------------------


def _product(e, ctx):
    n = ctx.number(e["champ"])
    if n is conditions.UNKNOWN:
        return ctx.unknown([e["champ"]])
    if "parametre" in e:
        unit_value, p, warnings = ctx.parameter_value(e["parametre"])
        if unit_value is None:
            return _not_given(p)
        # An amount per unit of the field (5 000 € per ETP), or a count applied to an amount the
        # field gives (7 months of the practitioner's monthly emoluments).
        unit = UNITS[p["unite"]]
        text = format_euros(unit_value) if unit.kind == "money" else unit.format(unit_value)
        base = Computation(unit_value, text, avertissements=warnings)
        label = _label(e, p["libelle"])
    else:
        base = compute(e["facteur"], ctx)
        if base.valeur is None:
            return base
        base.texte = f"({base.texte})" if " " in base.texte.strip() else base.texte
        label = e.get("libelle", "")
    n_text = format_number(n)
    warnings = list(base.avertissements)
    if "max_parametre" in e:
        cap, p_max, w = ctx.parameter_value(e["max_parametre"])
        warnings += w
        if cap is not None and n > cap:
            n_text = f"{format_number(cap)} (plafond : {p_max['libelle']}, au lieu de {format_number(n)})"
            n = cap
    unit = fields()[e["champ"]].unite if e["champ"] in fields() else ""
    value = cents(base.valeur * n)
    text = f"{base.texte} × {n_text}{(' ' + unit) if unit else ''} = {format_euros(value)}"
    if label:
        text = f"{label} : {text}"
    return Computation(value, text, base.manquants, warnings)


def _explain_product(e, ctx):
    if "parametre" in e:
        label = _label(e, ctx.scheme.parametres[e["parametre"]]["libelle"])
        segments = [_param_segment(ctx, e["parametre"])]
        children = []
    else:
        label = _label(e, "Produit")
        segments = [_text("montant ci-dessous")]
        children = [explain(e["facteur"], ctx)]
    segments += [_text(" × "), _field_segment(ctx, e["champ"])]
    if "max_parametre" in e:
        segments += [_text(" (au plus "), _param_segment(ctx, e["max_parametre"]), _text(")")]
    return {"libelle": label, "segments": segments, "enfants": children}


def _summarize_product(e, ctx):
    if "parametre" in e:
        value, p = _amount_of(ctx, e["parametre"])
        if value is None:
            return _not_given_range()
        inner = _range(value, value, maximum=bool(p.get("maximum")))
    else:
        inner = summarize(e["facteur"], ctx)
    unit = _unit_words(e["champ"]).split(" ")[0]  # « jour » of « jours par semaine »
    if inner["non_precise"] or inner["par"] or not unit:
        return {
            **inner,
            "plus_haut": None,
            "selon": _merge_selon(inner["selon"], [label_of(e["champ"], ctx.scheme.variables)]),
        }
    out = {**inner, "par": f"par {unit}", "plus_haut": None}
    if "max_parametre" in e:
        cap, _ = _amount_of(ctx, e["max_parametre"])
        if cap is not None:
            out["au_plus"] = f"{format_number(cap)} {_unit_words(e['champ'], cap)}".strip()
            out["plus_haut"] = None if inner["haut"] is None else cents(inner["haut"] * cap)
    return out


# --- pourcentage ------------------------------------------------------------------------------


def _percentage(e, ctx):
    base = ctx.number(e["assiette"])
    missing = [e["assiette"]] if base is conditions.UNKNOWN else []
    per = None
    if "plafond_par" in e:
        per = ctx.number(e["plafond_par"])
        if per is conditions.UNKNOWN:
            missing.append(e["plafond_par"])
    if missing:
        return ctx.unknown(missing)
    rate, p_rate, warnings = ctx.parameter_value(e["taux"])
    if rate is None:
        return _not_given(p_rate)
    gross = cents(base * rate / 100)
    text = f"{format_number(rate)} % × {format_euros(base)} = {format_euros(gross)}"
    value = gross
    if "plafond" in e:
        cap, p_cap, w = ctx.parameter_value(e["plafond"])
        warnings += w
        if cap is not None:
            cap_text = format_euros(cap)
            if per is not None:
                cap = cents(cap * per)
                cap_text = f"{cap_text} × {format_number(per)} = {format_euros(cap)}"
            if gross > cap:
                value = cap
                text += f", ramené au plafond ({p_cap['libelle']}) de {cap_text}"
            else:
                text += f" (sous le plafond de {cap_text})"
    return Computation(value, f"{_label(e, p_rate['libelle'])} : {text}", avertissements=warnings)


def _explain_percentage(e, ctx):
    segments = [_param_segment(ctx, e["taux"]), _text(" de « "), _field_segment(ctx, e["assiette"]), _text(" »")]
    if "plafond" in e:
        segments += [_text(", dans la limite de "), _param_segment(ctx, e["plafond"])]
        if "plafond_par" in e:
            segments += [_text(" par unité de « "), _field_segment(ctx, e["plafond_par"]), _text(" »")]
    return {"libelle": _label(e, ctx.scheme.parametres[e["taux"]]["libelle"]), "segments": segments}


def _summarize_percentage(e, ctx):
    rate, _ = _amount_of(ctx, e["taux"])
    if rate is None:
        return _not_given_range()
    cap = None
    if "plafond" in e:
        cap, _ = _amount_of(ctx, e["plafond"])
    per = _unit_words(e["plafond_par"]) if "plafond_par" in e else None
    return _range(
        None,
        cap,
        non_precise=False,
        maximum=cap is not None,
        plus_haut=cap if per is None else None,
        taux={"valeur": rate, "assiette": label_of(e["assiette"], ctx.scheme.variables), "plafond_par": per},
    )


# --- table and grille -------------------------------------------------------------------------


def _table(e, ctx):
    entry, p = ctx.parameter(e["parametre"])
    keys = [ctx.read(c) for c in e["cles"]]
    missing = [c for c, v in zip(e["cles"], keys, strict=True) if v is conditions.UNKNOWN]
    if missing:
        return ctx.unknown(missing)
    if entry is None or entry["valeur"] is False:
        return _not_given(p)
    cell = entry["valeur"]
    for key in keys:
        cell = cell.get(str(key)) if isinstance(cell, dict) else None
        if cell is None:
            return Computation(
                None, f"{p['libelle']} : montant non précisé par la source pour ce cas", non_precise=True
            )
    value = as_number(cell)
    if value is None:
        return Computation(None, f"{p['libelle']} : cette option n'existe plus à cette date", non_precise=True)
    details = ", ".join(
        conditions.describe_value(c, v, ctx.scheme.variables) for c, v in zip(e["cles"], keys, strict=True)
    )
    label = _label(e, p["libelle"])
    return Computation(
        value,
        f"{label} ({details}) : {format_euros(value)}",
        avertissements=warnings_of(entry, p),
        cles=details,
        sans_cles=f"{label} : {format_euros(value)}",
    )


def _grid(e, ctx):
    values = {c: ctx.number(c) for c in e["champs"]}
    missing = [c for c, v in values.items() if v is conditions.UNKNOWN]
    if missing:
        return ctx.unknown(missing)
    entry, p = ctx.parameter(e["parametre"])
    if entry is None or entry["valeur"] is False:
        return _not_given(p)
    chosen = None
    for row in entry["valeur"]:
        if all(values[c] >= to_decimal(row[c]) for c in e["champs"]):
            if chosen is None or to_decimal(row["montant"]) > to_decimal(chosen["montant"]):
                chosen = row
    if chosen is None:
        return Computation(Decimal(0), f"{p['libelle']} : aucun seuil minimal de la grille n'est atteint")
    thresholds = " et ".join(fields()[c].value_label(to_decimal(chosen[c])) for c in e["champs"])
    value = to_decimal(chosen["montant"])
    return Computation(
        value,
        f"{_label(e, p['libelle'])} : ligne « {thresholds} » : {format_euros(value)}",
        avertissements=warnings_of(entry, p),
    )


def _explain_lookup(keys_name):
    def explain_lookup(e, ctx):
        p = ctx.scheme.parametres[e["parametre"]]
        labels = ", ".join(label_of(c, ctx.scheme.variables) for c in e[keys_name])
        return {
            "libelle": _label(e, p["libelle"]),
            "segments": [
                _text("selon le barème "),
                {"bareme": e["parametre"], "libelle": p["libelle"]},
                _text(f" (selon {labels})"),
            ],
        }

    return explain_lookup


def _grid_steps(e: dict, scheme, profile: dict, date) -> list:
    """The nearest higher row of a grid of minimum thresholds: the answers it needs raised."""
    values = {c: profile.get(c) for c in e["champs"]}
    if any(v is None for v in values.values()):
        return []
    entry = value_at(scheme.parametres[e["parametre"]], date)
    if not entry or entry["valeur"] is False:
        return []
    rows = entry["valeur"]
    met = [to_decimal(r["montant"]) for r in rows if all(values[c] >= to_decimal(r[c]) for c in e["champs"])]
    current = max(met, default=Decimal(0))
    higher = sorted((r for r in rows if to_decimal(r["montant"]) > current), key=lambda r: to_decimal(r["montant"]))
    if not higher:
        return []
    row = higher[0]
    change = {c: to_decimal(row[c]) for c in e["champs"] if to_decimal(row[c]) > values[c]}
    return [{c: int(v) if fields()[c].type == "entier" else v for c, v in change.items()}] if change else []


def _band_start(previous: dict, field) -> Decimal | None:
    """The least value of `field` in the band after `previous`."""
    if "moins_de" in previous:
        return to_decimal(previous["moins_de"])
    if "jusqu_a" in previous and field.type == "entier":
        return to_decimal(previous["jusqu_a"]) + 1
    return None


def _variable_steps(name: str, scheme, profile: dict) -> list:
    variable = scheme.variables[name]
    field = fields()[variable["champ"]]
    current = Context(scheme, profile, None).read(name)
    bands = variable["tranches"]
    index = next((i for i, b in enumerate(bands) if b["valeur"] == current), None)
    if index is None or index + 1 >= len(bands):
        return []
    start = _band_start(bands[index], field)
    if start is None:
        return []
    return [{variable["champ"]: int(start) if field.type == "entier" else start}]


def _choice_steps(name: str, profile: dict) -> list:
    choices = fields()[name].choice_values()
    if profile.get(name) not in choices:
        return []
    return [{name: c} for c in choices[choices.index(profile[name]) + 1 :]]


def _what_if_table(e, scheme, profile, date):
    """Each key's next band (a variable's) or next choice, the year of the engagement excepted."""
    year_field = (scheme.montant or {}).get("annee_champ")
    out = []
    for key in e["cles"]:
        if key in scheme.variables:
            if scheme.variables[key]["champ"] != year_field:
                out += _variable_steps(key, scheme, profile)
        elif key != year_field and fields()[key].type == "choix":
            out += _choice_steps(key, profile)
    return [(c, c, profile, None) for c in out]


def _what_if_grid(e, scheme, profile, date):
    return [(c, c, profile, None) for c in _grid_steps(e, scheme, profile, date)]


def _summarize_lookup(keys_name):
    def summarize_lookup(e, ctx):
        entry, p = ctx.parameter(e["parametre"])
        numbers = _numbers_in(entry["valeur"]) if entry and entry["valeur"] is not False else []
        if not numbers:
            return _not_given_range()
        return _range(
            min(numbers),
            max(numbers),
            maximum=bool(p.get("maximum")),
            selon=[label_of(c, ctx.scheme.variables) for c in e[keys_name]] if min(numbers) != max(numbers) else [],
        )

    return summarize_lookup


# --- somme, cas, non_precise ------------------------------------------------------------------


def _sum(e, ctx):
    parts = [compute(t, ctx) for t in e["termes"]]
    missing = [m for c in parts for m in c.manquants]
    warnings = [w for c in parts for w in c.avertissements]
    if missing:
        return Computation(None, "à compléter", list(dict.fromkeys(missing)), warnings)
    counted = [c for c in parts if c.texte]
    if any(c.valeur is None for c in counted):
        return Computation(None, " ; ".join(c.texte for c in counted), avertissements=warnings, non_precise=True)
    total = sum((c.valeur for c in counted), Decimal(0))
    if len(counted) == 1:
        return Computation(total, counted[0].texte, avertissements=warnings)
    keys = {c.cles for c in counted}
    if len(keys) == 1 and "" not in keys:
        text = f"{keys.pop()} — " + " + ".join(c.sans_cles for c in counted)
    else:
        text = " + ".join(c.texte for c in counted)
    return Computation(total, text + f" ; total : {format_euros(total)}", avertissements=warnings)


def _cases(e, ctx):
    for case in e["cas"]:
        verdict = ctx.holds({"tous": case["si"]}) if case.get("si") else None
        if verdict is not None and verdict.resultat is None:
            return ctx.unknown(verdict.manquants)
        if verdict is None or verdict.resultat:
            return TYPES[case["type"]].compute(case, ctx)
    return Computation(Decimal(0), "aucun cas de la grille ne s'applique")


def _explain_list(default_label: str, key: str, connector: str):
    def explain_list(e, ctx):
        return {
            "libelle": _label(e, default_label),
            "segments": [_text(connector)] if connector else [],
            "enfants": [explain(t, ctx) for t in e[key]],
        }

    return explain_list


def _summarize_sum(e, ctx):
    parts = [summarize(t, ctx) for t in e["termes"]]
    given = [r for r in parts if not r["non_precise"]]
    if not given:
        return _not_given_range()
    # A conditional term, a rate or an amount per unit may add nothing: it does not raise `bas`.
    fixed = [
        r for t, r in zip(e["termes"], parts, strict=True) if not t.get("si") and r["bas"] is not None and not r["par"]
    ]
    tops = [r["plus_haut"] for r in given]
    return _range(
        sum((r["bas"] for r in fixed), Decimal(0))
        if fixed
        else min((r["bas"] for r in given if r["bas"] is not None), default=None),
        None if any(t is None for t in tops) else sum(tops, Decimal(0)),
        maximum=any(r["maximum"] for r in given),
        selon=_merge_selon(*(r["selon"] for r in parts)),
        partiel=len(given) < len(parts) or any(r["partiel"] for r in given),
        non_precise=False,
    )


def _summarize_cases(e, ctx):
    parts = [summarize(c, ctx) for c in e["cas"]]
    given = [r for r in parts if not r["non_precise"]]
    if not given:
        return _not_given_range()
    pers = {r["par"] for r in given}
    lows = [r["bas"] for r in given if r["bas"] is not None]
    highs = [r["haut"] for r in given]
    tops = [r["plus_haut"] for r in given]
    return _range(
        min(lows, default=None),
        None if any(h is None for h in highs) else max(highs),
        plus_haut=None if any(t is None for t in tops) else max(tops),
        maximum=any(r["maximum"] for r in given),
        par=pers.pop() if len(pers) == 1 else None,
        taux=given[0]["taux"] if len(given) == 1 else None,
        selon=_merge_selon(*(r["selon"] for r in given)),
        partiel=len(given) < len(parts) or any(r["partiel"] for r in given),
        non_precise=False,
    )


# --- par_membre -------------------------------------------------------------------------------


def _per_member(e, ctx):
    members = ctx.read(e["groupe"])
    if members is conditions.UNKNOWN:
        return ctx.unknown([e["groupe"]])
    name = fields()[e["groupe"]].libelle_membre
    parts = [compute(e["formule"], ctx.member(m)) for m in members]
    missing = list(dict.fromkeys(m for c in parts for m in c.manquants))
    warnings = list(dict.fromkeys(w for c in parts for w in c.avertissements))
    if missing:
        return Computation(None, "à compléter", missing, warnings)
    lines = [f"{name} {i} : {c.texte}" for i, c in enumerate(parts, start=1)]
    if any(c.valeur is None for c in parts):
        return Computation(None, " ; ".join(lines), avertissements=warnings, non_precise=True)
    counted = list(range(len(parts)))
    note = ""
    if "max_parametre" in e:
        cap, p_max, w = ctx.parameter_value(e["max_parametre"])
        warnings += w
        if cap is not None and len(parts) > cap:
            # The most favourable members are counted (the highest amounts, the first on a tie).
            counted = sorted(sorted(counted, key=lambda i: -parts[i].valeur)[: int(cap)])
            kept = ", ".join(f"{name.lower()} {i + 1}" for i in counted)
            note = f" ; {p_max['libelle']} : {format_number(cap)}, les montants les plus élevés sont retenus ({kept})"
    total = sum((parts[i].valeur for i in counted), Decimal(0))
    text = " + ".join(lines) + note + f" ; total : {format_euros(total)}"
    label = e.get("libelle", "")
    return Computation(total, f"{label} : {text}" if label else text, avertissements=warnings)


def _explain_per_member(e, ctx):
    member = fields()[e["groupe"]].libelle_membre.lower()
    segments = [
        _text(f"pour chaque {member} de « "),
        _field_segment(ctx, e["groupe"]),
        _text(" », le montant ci-dessous"),
    ]
    if "max_parametre" in e:
        segments += [
            _text(", additionné pour au plus "),
            _param_segment(ctx, e["max_parametre"]),
            _text(f" {member}s (les montants les plus élevés)"),
        ]
    return {"libelle": _label(e, "Somme par membre"), "segments": segments, "enfants": [explain(e["formule"], ctx)]}


def _summarize_per_member(e, ctx):
    inner = summarize(e["formule"], ctx)
    if inner["non_precise"]:
        return inner
    out = {**inner, "par": f"par {fields()[e['groupe']].libelle_membre.lower()}", "plus_haut": None}
    if "max_parametre" in e:
        cap, _ = _amount_of(ctx, e["max_parametre"])
        if cap is not None:
            out["au_plus"] = format_number(cap)
            out["plus_haut"] = None if inner["haut"] is None else cents(inner["haut"] * cap)
    return out


def _not_specified(e, ctx):
    return Computation(None, e["note"], non_precise=True)


def _what_if_per_member(e, scheme, profile, date):
    """Each member of the repeated group changed on its own (CARIM prices each recruited doctor on
    the grid): {group: members with that member changed}, the change, the member's answers and its
    number (None when the group has one member)."""
    members = profile.get(e["groupe"]) or ()
    out = []
    for i, member in enumerate(members):
        for changed, step, _, _ in what_if_steps(e["formule"], scheme, member, date):
            group = tuple({**m, **changed} if j == i else m for j, m in enumerate(members))
            out.append(({e["groupe"]: group}, step, member, i + 1 if len(members) > 1 else None))
    return out


def what_if_steps(e: dict, scheme, profile: dict, date) -> list:
    """Candidate changes of the answers that may reach a higher amount of formula `e`, nearest
    first: (answers changed, the change field by field, the answers it changes, the group member's
    number or None). A type that declares `what_if` gives its own; the others look inside."""
    t = TYPES[e["type"]]
    if t.what_if:
        return t.what_if(e, scheme, profile, date)
    return [c for sub in sub_formulas(e) for c in what_if_steps(sub, scheme, profile, date)]


@dataclass(frozen=True)
class FormulaType:
    """One formula type: its keys (name -> (role, required)), its computation, explanation and
    summary, `exclusive`: groups of keys of which exactly one must be given, and `what_if`: how its
    amount reaches the next threshold (« et si », `engine.whatif`)."""

    name: str
    keys: dict
    compute: Callable
    explain: Callable
    summarize: Callable
    exclusive: tuple = ()
    # (formula, scheme, profile, date) -> the changes that may reach its next, higher amount
    # (`what_if_steps`); None: the type has no threshold of its own.
    what_if: Callable | None = None


TYPES = {
    t.name: t
    for t in (
        FormulaType("valeur", {"parametre": (PARAMETER, True)}, _value, _explain_value, _summarize_value),
        FormulaType(
            "produit",
            {
                "champ": (FIELD, True),
                "parametre": (PARAMETER, False),
                "facteur": (FORMULA, False),
                "max_parametre": (PARAMETER, False),
            },
            _product,
            _explain_product,
            _summarize_product,
            exclusive=(("parametre", "facteur"),),
        ),
        FormulaType(
            "pourcentage",
            {
                "taux": (PARAMETER, True),
                "assiette": (FIELD, True),
                "plafond": (PARAMETER, False),
                "plafond_par": (FIELD, False),
            },
            _percentage,
            _explain_percentage,
            _summarize_percentage,
        ),
        FormulaType(
            "table",
            {"parametre": (PARAMETER, True), "cles": (FIELDS, True)},
            _table,
            _explain_lookup("cles"),
            _summarize_lookup("cles"),
            what_if=_what_if_table,
        ),
        FormulaType(
            "grille",
            {"parametre": (PARAMETER, True), "champs": (FIELDS, True)},
            _grid,
            _explain_lookup("champs"),
            _summarize_lookup("champs"),
            what_if=_what_if_grid,
        ),
        FormulaType(
            "somme",
            {"termes": (FORMULAS, True)},
            _sum,
            _explain_list("Somme des montants suivants", "termes", ""),
            _summarize_sum,
        ),
        FormulaType(
            "cas",
            {"cas": (FORMULAS, True)},
            _cases,
            _explain_list("Selon la situation", "cas", "le premier des cas suivants qui s'applique"),
            _summarize_cases,
        ),
        FormulaType(
            "par_membre",
            {"groupe": (FIELD, True), "formule": (FORMULA, True), "max_parametre": (PARAMETER, False)},
            _per_member,
            _explain_per_member,
            _summarize_per_member,
            what_if=_what_if_per_member,
        ),
        FormulaType(
            "non_precise",
            {"note": (TEXT, True)},
            _not_specified,
            lambda e, ctx: {"libelle": e["note"], "segments": []},
            lambda e, ctx: _not_given_range(),
        ),
    )
}


def parameter_keys(scheme, name: str) -> list:
    """The profile fields (or variables) a table or grid parameter is read with."""
    for e in walk(scheme.montant or {"type": "non_precise", "note": ""}):
        if e.get("parametre") == name:
            keys = [k for k, (role, _) in TYPES[e["type"]].keys.items() if role == FIELDS]
            if keys:
                return list(e[keys[0]])
    return []
