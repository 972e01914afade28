"""« Et si… » near a threshold: for an eligible scheme whose amount reads a grid of minimum
thresholds, a table keyed by a variable's bands or a table keyed by a choice, the smallest change
of the answers that reaches the next, higher amount — computed from the grid's rows, the bands'
bounds and the choices' order in the data, then checked by evaluating the scheme again (it must
stay eligible and pay more).

For a repeated group (`par_membre`), each member is changed on its own: CARIM prices each
recruited doctor on the grid. Examples from the data: CARIM at 8 half-days and 25 h reaches the 8 half-days / 28 h row
(20 000 € instead of 17 500 €); a CPTS of 100 000 inhabitants the next size (more than
175 000 inhabitants); an assistant at half time the next step (full time).
"""

from decimal import Decimal

from .formulas import Context, walk
from .money import json_number, to_decimal
from .parameters import value_at
from .profile import fields


def _grid_steps(e: dict, scheme, profile: dict, date) -> list:
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


def _member_steps(e: dict, scheme, profile: dict, date) -> list:
    """Changes of one member of a repeated group (`par_membre`: each recruited doctor priced on the
    grid), as {group: members with that member changed}, with the change itself for the wording."""
    members = profile.get(e["groupe"]) or ()
    out = []
    for i, member in enumerate(members):
        for sub in walk(e["formule"]):
            if sub["type"] != "grille":
                continue
            for step in _grid_steps(sub, scheme, member, date):
                changed = tuple({**m, **step} if j == i else m for j, m in enumerate(members))
                out.append(({e["groupe"]: changed}, step, member, i + 1 if len(members) > 1 else None))
    return out


def _candidates(scheme, profile: dict, date) -> list:
    """Candidate changes of the answers, nearest first: (answers changed, the change in words'
    terms — field -> new value —, the answers it changes, the group member's number or None)."""
    m = scheme.montant or {}
    year_field = m.get("annee_champ")
    out, inside_groups = [], set()
    for e in walk(m) if m else ():
        if id(e) in inside_groups:
            continue
        if e["type"] == "par_membre":
            inside_groups.update(id(x) for x in walk(e["formule"]))
            out += _member_steps(e, scheme, profile, date)
        elif e["type"] == "grille":
            out += [(c, c, profile, None) for c in _grid_steps(e, scheme, profile, date)]
        elif e["type"] == "table":
            for key in e["cles"]:
                if key in scheme.variables:
                    if scheme.variables[key]["champ"] != year_field:
                        out += [(c, c, profile, None) for c in _variable_steps(key, scheme, profile)]
                elif key != year_field and fields()[key].type == "choix":
                    out += [(c, c, profile, None) for c in _choice_steps(key, profile)]
    unique = []
    for c in out:
        if c[0] not in [u[0] for u in unique]:
            unique.append(c)
    return unique


def _weight(r: dict):
    return r["montant_total"] if r["montant_total"] is not None else r["montant_annuel"]


def _change_text(name: str, value, before, member: int | None) -> dict:
    f = fields()[name]
    out = {
        "champ": name,
        "libelle": f.libelle,
        "valeur": json_number(value) if isinstance(value, Decimal) else value,
        "texte": f.value_label(value),
        "actuel": f.value_label(before),
    }
    if member is not None:
        out["membre"] = member
    return out


def what_ifs(scheme, profile: dict, date, current: dict, evaluate_scheme) -> list:
    """The « et si » of an eligible scheme's result `current` (its JSON): for the nearest change of
    each kind that keeps it eligible and pays more, the changed answers and the new amounts."""
    base = _weight(current)
    if base is None or current["statut"] != "eligible":
        return []
    out, kinds = [], set()
    for change, words, before, member in _candidates(scheme, profile, date):
        kind = (frozenset(words), member)
        if kind in kinds:
            continue
        other = evaluate_scheme(scheme, {**profile, **change}, date).to_json()
        amount = _weight(other)
        if other["statut"] != "eligible" or amount is None or amount <= base:
            continue
        if (current["montant_total"] is None) != (other["montant_total"] is None):
            continue
        kinds.add(kind)
        out.append(
            {
                "changements": [_change_text(n, v, before[n], member) for n, v in words.items()],
                "montant_annuel": other["montant_annuel"],
                "montant_total": other["montant_total"],
            }
        )
    return out
