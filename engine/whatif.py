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

from .formulas import what_if_steps
from .money import json_number
from .profile import fields


def _candidates(scheme, profile: dict, date) -> list:
    """Candidate changes of the answers, nearest first, each once (`formulas.what_if_steps`)."""
    unique = []
    for c in what_if_steps(scheme.montant, scheme, profile, date) if scheme.montant else ():
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
