"""« Et ailleurs ? »: the same situation evaluated in each zone of the zoning (ZIP, ZAC, ZAR, hors
zone, and in or out of a QPV) and in each region that has aids of its own in the data, each
compared with the person's own answer: the best combination's total, the aids it holds, the
difference, and the answers the variant needs that the person has not given (a variant never
guesses them: it says so).
"""

from decimal import Decimal

from .evaluation import evaluate, parse_date
from .loader import Catalogue, default_catalogue
from .money import json_number
from .profile import fields, territories, validate_profile


def _regions_with_aids(catalogue: Catalogue, who) -> list:
    found = set()
    for s in catalogue.aides.values():
        if s.nature != "aide" or (who and who not in s.beneficiaires):
            continue
        found.update(s.regions)
        found.update(r for r, reg in territories().items() for d in s.departements if d in reg["departements"])
    return [r for r in territories() if r in found]


def variant_profiles(profile: dict, catalogue: Catalogue) -> list:
    """(id, kind, label, changed answers, profile) of every variant of a checked `profile`."""
    out = []
    zone = fields()["zone"]
    for value, label in zone.choix.items():
        if profile.get("zone") != value:
            out.append((f"zone:{value}", "zone", label, {"zone": value}, {**profile, "zone": value}))
    in_qpv = profile.get("qpv") is True
    qpv = fields()["qpv"]
    out.append(
        (
            "qpv:" + ("non" if in_qpv else "oui"),
            "qpv",
            f"{qpv.libelle} : {qpv.value_label(not in_qpv)}",
            {"qpv": not in_qpv},
            {**profile, "qpv": not in_qpv},
        )
    )
    for code in _regions_with_aids(catalogue, profile.get("beneficiaire")):
        if code == profile.get("region"):
            continue
        other = {k: v for k, v in profile.items() if k != "departement"}
        other["region"] = code
        out.append((f"region:{code}", "region", f"Région {territories()[code]['nom']}", {"region": code}, other))
    return out


def _figures(result: dict) -> dict:
    best = result["meilleure_combinaison"]
    return {
        "ids": best["ids"],
        "a_choisir": best["a_choisir"],
        "montant_total": best["montant_total"],
        "montant_annuel_sans_duree": best["montant_annuel_sans_duree"],
    }


def _gap(a, b):
    if a is None and b is None:
        return None
    return json_number(Decimal(str(a or 0)) - Decimal(str(b or 0)))


def compare(raw_profile, date=None, catalogue: Catalogue | None = None) -> dict:
    """The person's own result and every variant's, in one table; `ProfileError` for bad input."""
    catalogue = catalogue or default_catalogue()
    date = parse_date(date) if date is not None else None
    profile = validate_profile(raw_profile)
    own = evaluate(profile, date, catalogue)
    reference = _figures(own)
    own_missing = {m["champ"] for m in own["manquants"]}
    rows = []
    for ident, kind, label, changed, other in variant_profiles(profile, catalogue):
        result = evaluate(other, date, catalogue)
        figures = _figures(result)
        rows.append(
            {
                "id": ident,
                "type": kind,
                "libelle": label,
                "changements": dict(changed),
                **figures,
                "ecart_total": _gap(figures["montant_total"], reference["montant_total"]),
                "ecart_annuel": _gap(figures["montant_annuel_sans_duree"], reference["montant_annuel_sans_duree"]),
                "manquants": [
                    {"champ": m["champ"], "libelle": m["libelle"]}
                    for m in result["manquants"]
                    if m["champ"] not in own_missing
                ],
            }
        )
    return {"date": own["date"], "reference": reference, "variantes": rows}
