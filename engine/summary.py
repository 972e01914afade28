"""The parts of a result that look across schemes and tell the whole truth about it: why each
incompatible pair does not combine, the choices the amounts cannot settle (two incompatible aids
whose totals are both unknown), the best combination's schedule and its yearly amount with no
fixed duration, and whether the person's region has aids of its own in the data (with its ARS
portal when it has none).
"""

from decimal import Decimal

from .money import json_number
from .profile import territories
from .rules import rules
from .schedule import combined_schedule


def pair_reasons(catalogue, pairs: list, source_json) -> list:
    """For each incompatible pair: the cumul rule's note and source, or the ten-year rule."""
    out = []
    for a, b in pairs:
        rule = catalogue.regles_cumul.get(frozenset((a, b)))
        if rule is not None and not rule["cumulable"]:
            scheme = catalogue.aides[rule["declare_par"]]
            motif = rule.get("note") or "Non cumulables selon la source."
            source = source_json(scheme, rule["source"])
        else:
            scheme = catalogue.aides[a]
            motif = (
                "Règle des dix ans : deux aides à l'installation de la même catégorie ne se cumulent pas "
                "(une seule par période de dix ans)."
            )
            source = source_json(scheme, rules().dix_ans.sources[0])
        out.append({"aides": [a, b], "motif": motif, "source": source})
    return out


def open_choices(totals: dict, pairs: list, ids: list) -> list:
    """Incompatible pairs of eligible aids whose totals are both unknown and that the best
    combination could swap (the other one conflicts with nothing else kept): a choice for the
    person, which the amounts cannot make."""
    kept = set(ids)
    neighbours = {}
    for a, b in pairs:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    out = []
    for a, b in pairs:
        if totals.get(a) is not None or totals.get(b) is not None or (a in kept) == (b in kept):
            continue
        chosen, other = (a, b) if a in kept else (b, a)
        if neighbours[other] & kept == {chosen}:
            out.append([a, b])
    return out


def combination(results: dict, ids: list) -> dict:
    """The best combination's schedule and the sum of the yearly amounts of its aids with no
    fixed duration (`results`: id -> scheme result JSON)."""
    schedules = {i: results[i]["echeancier"] for i in ids}
    yearly = [
        Decimal(str(results[i]["montant_annuel"]))
        for i in ids
        if results[i]["montant_total"] is None and results[i]["montant_annuel"] is not None
    ]
    return {
        "montant_annuel_sans_duree": json_number(sum(yearly, Decimal(0))) if yearly else None,
        "echeancier": combined_schedule(schedules),
    }


def local_aids(catalogue, profile: dict) -> list:
    """Schemes of the person's region or département (for their kind of applicant, when known)."""
    region, dep, who = profile.get("region"), profile.get("departement"), profile.get("beneficiaire")
    out = []
    for s in catalogue.aides.values():
        if s.nature != "aide" or (who and who not in s.beneficiaires):
            continue
        in_region = region in s.regions or any(d in territories()[region]["departements"] for d in s.departements)
        if in_region and (not dep or not s.departements or dep in s.departements):
            out.append(s.id)
    return out


def territory(catalogue, profile: dict) -> dict | None:
    """The person's region, its own aids in the data and its ARS portal (PAPS), when it is known."""
    region = profile.get("region")
    if region is None:
        return None
    r = territories()[region]
    paps = r.get("paps")
    return {
        "region": region,
        "nom": r["nom"],
        "aides_locales": local_aids(catalogue, profile),
        "paps": None
        if paps is None
        else {"url": paps["url"], "date": paps["date"].isoformat() if paps.get("date") else None},
    }
