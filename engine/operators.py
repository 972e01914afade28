"""The condition operators, one entry each: what its operand is, which fields it applies to, how
it tests an answer and how it reads in French. The checker, the evaluator and the wording all
read this registry; adding an operator is one entry here (and its tests).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from .money import to_decimal
from .rules import rules

NUMERIC_TYPES = ("entier", "decimal", "montant", "date")


def _comparable(value):
    if isinstance(value, (datetime.date, str, tuple)):
        return value
    return to_decimal(value)


@dataclass(frozen=True)
class Operator:
    """`operand`: `value` (one answer), `values` (a list of answers), `bound` (a number or a
    date) or `set` (the name of a set of `regles.toml`); `field_types`: the profile field types
    it applies to (empty: any); `wording`: the French phrase, `{libelle}` and `{texte}` filled
    (`date_wording` for a date bound: « le 01/01/2026 ou après »)."""

    name: str
    operand: str
    test: Callable
    wording: str
    field_types: tuple = ()
    list_field: bool = False
    date_wording: str = ""


def _set_of(name: str):
    return rules().ensembles[name]


REGISTRY = {
    op.name: op
    for op in (
        Operator("egal", "value", lambda expected, v: v == expected, "{libelle} : {texte}"),
        Operator("different", "value", lambda expected, v: v != expected, "{libelle} : autre que {texte}"),
        Operator("dans", "values", lambda expected, v: v in expected, "{libelle} : {texte}"),
        Operator("hors", "values", lambda expected, v: v not in expected, "{libelle} : ni {texte_ni}"),
        Operator("contient", "value", lambda expected, v: expected in v, "{libelle} : {texte}", list_field=True),
        Operator(
            "contient_un_de",
            "values",
            lambda expected, v: any(x in v for x in expected),
            "{libelle} : {texte}",
            list_field=True,
        ),
        Operator(
            "min",
            "bound",
            lambda expected, v: _comparable(v) >= _comparable(expected),
            "{libelle} : au moins {texte}",
            NUMERIC_TYPES,
            date_wording="{libelle} : le {texte} ou après",
        ),
        Operator(
            "max",
            "bound",
            lambda expected, v: _comparable(v) <= _comparable(expected),
            "{libelle} : au plus {texte}",
            NUMERIC_TYPES,
            date_wording="{libelle} : le {texte} ou avant",
        ),
        Operator(
            "plus_de",
            "bound",
            lambda expected, v: _comparable(v) > _comparable(expected),
            "{libelle} : plus de {texte}",
            NUMERIC_TYPES,
            date_wording="{libelle} : après le {texte}",
        ),
        Operator(
            "moins_de",
            "bound",
            lambda expected, v: _comparable(v) < _comparable(expected),
            "{libelle} : moins de {texte}",
            NUMERIC_TYPES,
            date_wording="{libelle} : avant le {texte}",
        ),
        Operator("ensemble", "set", lambda expected, v: v in _set_of(expected).valeurs, "{libelle} : {texte}"),
    )
}
OPERATORS = tuple(REGISTRY)


def operator_of(cond: dict) -> Operator:
    """The one operator of a simple condition."""
    for name in OPERATORS:
        if name in cond:
            return REGISTRY[name]
    raise KeyError("opérateur")


def accepted_values(cond: dict, values) -> list:
    """The answers among `values` (a choice field's) that the simple condition `cond` accepts."""
    op = operator_of(cond)
    return [v for v in values if op.test(cond[op.name], v)]
