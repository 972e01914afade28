"""Declarative conditions: three-valued evaluation (true, false, unknown) and French wording.

A simple condition names a `champ` (a profile field or a scheme variable) and one operator of
`operators.REGISTRY`; a compound one is `tous` (all of) or `un_parmi` (any of) over a list of
conditions.
"""

import datetime
from dataclasses import dataclass

from .operators import operator_of
from .profile import fields, label_of
from .rules import rules

UNKNOWN = object()


@dataclass(frozen=True)
class Verdict:
    resultat: bool | None
    manquants: tuple = ()


TRUE, FALSE = Verdict(True), Verdict(False)


def parts(cond: dict):
    """(`tous` or `un_parmi`, its list) of a compound condition, else None."""
    for key in ("tous", "un_parmi"):
        if key in cond:
            return key, cond[key]
    return None


def evaluate(cond: dict, read) -> Verdict:
    """Evaluate `cond`; `read(name)` gives a field's value or UNKNOWN."""
    compound = parts(cond)
    if compound:
        key, members = compound
        decisive = key == "un_parmi"
        missing = []
        for c in members:
            v = evaluate(c, read)
            if v.resultat is decisive:
                return TRUE if decisive else FALSE
            missing += v.manquants
        if missing:
            return Verdict(None, tuple(dict.fromkeys(missing)))
        return FALSE if decisive else TRUE
    value = read(cond["champ"])
    if value is UNKNOWN:
        return Verdict(None, (cond["champ"],))
    op = operator_of(cond)
    return TRUE if op.test(cond[op.name], value) else FALSE


def fields_read(cond: dict) -> list:
    """The fields (or variables) a condition, or any of its parts, reads."""
    compound = parts(cond)
    if compound:
        return [n for c in compound[1] for n in fields_read(c)]
    return [cond["champ"]]


def sets_used(cond: dict) -> list:
    """The named value sets a condition (or any of its parts) reads."""
    compound = parts(cond)
    if compound:
        return [n for c in compound[1] for n in sets_used(c)]
    return [cond["ensemble"]] if "ensemble" in cond else []


def describe_value(name: str, value, variables: dict) -> str:
    if name in variables:
        for band in variables[name]["tranches"]:
            if band["valeur"] == value:
                return band["libelle"]
        return str(value)
    return fields()[name].value_label(value)


def describe(cond: dict, variables: dict | None = None) -> str:
    """Plain French wording of a condition, built from the profile's labels. Where « et » and
    « ou » mix, each alternative reads « soit … ; soit … » so that the grouping is clear."""
    variables = variables or {}
    if "libelle" in cond:
        return cond["libelle"]
    compound = parts(cond)
    if compound:
        key, members = compound
        texts = [describe(c, variables) for c in members]
        if key == "tous":
            return (", et " if any(" ou " in t for t in texts) else " et ").join(texts)
        mixed = len(texts) > 1 and any(" ou " in t or " et " in t for t in texts)
        return " ; ".join(f"soit {t}" for t in texts) if mixed else " ou ".join(texts)
    name = cond["champ"]
    label = label_of(name, variables)
    op = operator_of(cond)
    expected = cond[op.name]
    if op.operand == "set":
        text = rules().ensembles[expected].libelle
    elif op.operand == "values":
        text = " ou ".join(describe_value(name, v, variables) for v in expected)
    else:
        text = describe_value(name, expected, variables)
    wording = op.date_wording if op.date_wording and isinstance(expected, datetime.date) else op.wording
    return wording.format(libelle=label, texte=text, texte_ni=text.replace(" ou ", " ni "))
