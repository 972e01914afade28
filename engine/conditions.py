"""Declarative conditions: three-valued evaluation (true, false, unknown) and French wording.

A simple condition names a `champ` (a profile field or a scheme variable) and one operator:
egal, different, dans, hors, contient, contient_un_de, min (at least), max (at most),
plus_de (strictly more than), moins_de (strictly less than), ensemble (one of a named set of
values declared once in `regles.toml`).
A compound one is `tous` (all of) or `un_parmi` (any of) over a list of conditions.
"""

import datetime
from dataclasses import dataclass

from .money import to_decimal
from .profile import fields
from .rules import rules

UNKNOWN = object()
OPERATORS = ("egal", "different", "dans", "hors", "contient", "contient_un_de", "min", "max", "plus_de",
              "moins_de", "ensemble")


@dataclass(frozen=True)
class Verdict:
    resultat: bool | None
    manquants: tuple = ()


TRUE, FALSE = Verdict(True), Verdict(False)


def _comparable(valeur):
    if isinstance(valeur, (datetime.date, str, tuple)):
        return valeur
    return to_decimal(valeur)


def _simple(op: str, attendu, valeur) -> bool:
    if op == "egal":
        return valeur == attendu
    if op == "different":
        return valeur != attendu
    if op == "dans":
        return valeur in attendu
    if op == "hors":
        return valeur not in attendu
    if op == "contient":
        return attendu in valeur
    if op == "contient_un_de":
        return any(v in valeur for v in attendu)
    if op == "min":
        return _comparable(valeur) >= _comparable(attendu)
    if op == "plus_de":
        return _comparable(valeur) > _comparable(attendu)
    if op == "moins_de":
        return _comparable(valeur) < _comparable(attendu)
    if op == "ensemble":
        return valeur in rules().ensembles[attendu].valeurs
    return _comparable(valeur) <= _comparable(attendu)  # max


def operator_of(cond: dict) -> str:
    for k in OPERATORS:
        if k in cond:
            return k
    raise KeyError("opérateur")


def evaluate(cond: dict, lire) -> Verdict:
    """Evaluate `cond`; `lire(nom)` gives a field's value or INCONNU."""
    champ = cond.get("champ")
    if champ is None:
        tous = "tous" in cond
        decisif = not tous
        manquants = []
        for c in cond["tous"] if tous else cond["un_parmi"]:
            v = evaluate(c, lire)
            if v.resultat is decisif:
                return TRUE if decisif else FALSE
            manquants += v.manquants
        if manquants:
            return Verdict(None, tuple(dict.fromkeys(manquants)))
        return FALSE if decisif else TRUE
    valeur = lire(champ)
    if valeur is UNKNOWN:
        return Verdict(None, (champ,))
    op = operator_of(cond)
    return TRUE if _simple(op, cond[op], valeur) else FALSE


def sets_used(cond: dict) -> list:
    """The named value sets a condition (or any of its parts) reads."""
    if "tous" in cond or "un_parmi" in cond:
        return [n for c in cond.get("tous", cond.get("un_parmi")) for n in sets_used(c)]
    return [cond["ensemble"]] if "ensemble" in cond else []


def describe_value(nom: str, valeur, variables: dict) -> str:
    if nom in variables:
        for t in variables[nom]["tranches"]:
            if t["valeur"] == valeur:
                return t["libelle"]
        return str(valeur)
    return fields()[nom].value_label(valeur)


def describe(cond: dict, variables: dict | None = None) -> str:
    """Plain French wording of a condition, built from the profile's labels."""
    variables = variables or {}
    if "libelle" in cond:
        return cond["libelle"]
    if "tous" in cond:
        return " et ".join(describe(c, variables) for c in cond["tous"])
    if "un_parmi" in cond:
        return " ou ".join(describe(c, variables) for c in cond["un_parmi"])
    nom = cond["champ"]
    libelle = variables[nom]["libelle"] if nom in variables else fields()[nom].libelle
    op = operator_of(cond)
    attendu = cond[op]
    if op == "ensemble":
        return f"{libelle} : {rules().ensembles[attendu].libelle}"
    if op in ("dans", "hors", "contient_un_de"):
        texte = " ou ".join(describe_value(nom, v, variables) for v in attendu)
    else:
        texte = describe_value(nom, attendu, variables)
    if isinstance(attendu, bool) and op == "egal":
        return f"{libelle} : {texte}"
    return {
        "egal": f"{libelle} : {texte}",
        "different": f"{libelle} : autre que {texte}",
        "dans": f"{libelle} : {texte}",
        "hors": f"{libelle} : ni {texte.replace(' ou ', ' ni ')}",
        "contient": f"{libelle} : {texte}",
        "contient_un_de": f"{libelle} : {texte}",
        "min": f"{libelle} : au moins {texte}",
        "max": f"{libelle} : au plus {texte}",
        "plus_de": f"{libelle} : plus de {texte}",
        "moins_de": f"{libelle} : moins de {texte}",
    }[op]
