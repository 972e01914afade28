"""Dated parameters: a value applies from its `depuis` date until the next value's date."""

import datetime

from .money import to_decimal


def value_at(parametre: dict, date: datetime.date) -> dict | None:
    """The dated value of `parametre` in force at `date` (None before its first value).

    A first value without `depuis` applies to every date before the next one (its start is
    not known from the sources).
    """
    courante = None
    for entree in parametre["valeurs"]:
        depuis = entree.get("depuis")
        if depuis is not None and depuis > date:
            break
        courante = entree
    return courante


def as_number(valeur):
    """A scalar parameter value as a Decimal; False (a value that ceased to exist) stays None."""
    if valeur is False or valeur is None:
        return None
    return to_decimal(valeur)
