"""The schedule of payments: what each scheme pays in each year of its engagement, and what the
best combination pays, all aids together.

Years are years of the engagement, not calendar years: the sources count that way (« 1re année »,
« 2e année » of the assistant's contract, « 3 ans à compter de la date de signature du contrat »,
an installation aid « versée […] dans les 3 mois suivant l'installation »). Year 1 is the first
twelve months of the contract, or of the installation for an installation aid, whose years are
dated from the installation date when the profile gives one; other contracts start on their
signature, which no answer gives, and stay undated.

For one scheme (`scheme_schedule`): a one-off amount in year 1, or in the `parts` its source gives
(`[montant.echeancier]`); a monthly or yearly amount each year of its duration, a last partial
year pro rata, a decreasing grid year by year (the amounts the evaluation computed for each year of
`annee_champ`); an amount with no duration in year 1 and `ensuite` (every later year); rates of a
base the source does not give (`taux`) as percentages, never as euros. Exact to the cent.
"""

import datetime
from decimal import Decimal

from . import conditions
from .conditions import describe
from .money import cents, json_number

START_FIELD = "date_installation"  # an installation aid's year 1 starts on the installation


def months_of(scheme) -> int | None:
    """A scheme's duration in months (`[duree]` in years or months), None when the source fixes none."""
    duree = scheme.duree or {}
    return duree.get("mois", duree.get("annees", 0) * 12) or None


def duration_words(months: int) -> str:
    """`1 an`, `3 ans`, `30 mois`."""
    if months % 12:
        return f"{months} mois"
    return f"{months // 12} an{'s' if months >= 24 else ''}"


def _plus_years(d: datetime.date, years: int) -> datetime.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def start_date(scheme, profile: dict) -> datetime.date | None:
    """The date year 1 starts, when answered: the profile date `[montant.echeancier]` names, else
    the installation date for an installation aid."""
    named = (scheme.montant or {}).get("echeancier", {}).get("depart")
    if named:
        return profile.get(named)
    if scheme.categorie == "installation":
        return profile.get(START_FIELD)
    return None


def _split(total: Decimal, parts: list) -> list:
    """`total` in yearly `parts` (percentages), to the cent; the last year takes the rounding."""
    amounts = [cents(total * Decimal(str(p)) / 100) for p in parts[:-1]]
    return [*amounts, total - sum(amounts, Decimal(0))]


def _year(n: int, start, amount=None, rate=None) -> dict:
    return {
        "annee": n,
        "debut": _plus_years(start, n - 1).isoformat() if start else None,
        "montant": json_number(amount),
        "taux": json_number(rate),
    }


def _result(amounts: list, then, start, **extra) -> dict:
    """JSON schedule: `amounts` (year 1 first) as (amount, rate) pairs, `then` the same or None."""
    return {
        "annees": [_year(i + 1, start, a, r) for i, (a, r) in enumerate(amounts)],
        "ensuite": None if then is None else {"montant": json_number(then[0]), "taux": json_number(then[1])},
        "depart": start.isoformat() if start else None,
        "assiette": None,
        "condition": None,
        **extra,
    }


def _rates(scheme, spread: dict, ctx, start) -> dict | None:
    def rate(name):
        return ctx.parameter_value(name)[0]

    si = spread.get("si")
    verdict = conditions.evaluate({"tous": si}, ctx.read).resultat if si else True
    yearly = [rate(n) for n in spread.get("taux", [])] if verdict is not False else []
    then = rate(spread["ensuite"]) if "ensuite" in spread else None
    if not yearly and then is None:
        return None
    years = [(None, r) for r in yearly] or [(None, then)]
    condition = None
    if verdict is None:
        condition = " et ".join(describe(c, scheme.variables) for c in si)
    return _result(
        years, None if then is None else (None, then), start, assiette=spread["assiette"], condition=condition
    )


def scheme_schedule(scheme, ctx, per_year, total, years, months) -> dict | None:
    """The schedule of `scheme` for the evaluation context `ctx`, from the amounts the evaluation
    found: `per_year`, `total`, `years` (each year's amount, for a grid by year) and `months` (the
    duration, None when not fixed). None when no yearly figure is known."""
    m = scheme.montant or {}
    spread = m.get("echeancier", {})
    start = start_date(scheme, ctx.profile)
    if "taux" in spread or "ensuite" in spread:
        return _rates(scheme, spread, ctx, start)
    if m.get("periodicite") == "unique":
        if total is None:
            return None
        return _result([(a, None) for a in _split(total, spread.get("parts", [100]))], None, start)
    if per_year is None or ("annee_champ" in m and not years):
        return None  # no yearly figure, or a grid by year with a year still to be answered
    if years:
        return _result([(a, None) for a in years], None, start)
    if months is None:
        return _result([(per_year, None)], (per_year, None), start)
    full, rest = divmod(months, 12)
    amounts = [per_year] * full + ([cents(per_year * rest / 12)] if rest else [])
    return _result([(a, None) for a in amounts], None, start)


def _add(a, b):
    if b is None:
        return a
    return b if a is None else a + b


def combined_schedule(schedules: dict) -> dict:
    """All aids together: `schedules` maps an id to its schedule (None when not in figures). As
    many years as the longest schedule; an aid with no fixed duration counts every year (its
    `ensuite`), and in the combination's `ensuite`."""
    known = {i: s for i, s in schedules.items() if s is not None}
    horizon = max((len(s["annees"]) for s in known.values()), default=1) or 1
    starts = {s["depart"] for s in known.values() if s["depart"]}
    start = datetime.date.fromisoformat(min(starts)) if starts else None
    years = []
    for n in range(1, horizon + 1):
        parts, total = [], None
        for ident, s in known.items():
            entry = s["annees"][n - 1] if n <= len(s["annees"]) else s["ensuite"]
            if entry is None:
                continue
            parts.append({"id": ident, "montant": entry["montant"], "taux": entry["taux"]})
            total = _add(total, None if entry["montant"] is None else Decimal(str(entry["montant"])))
        years.append(
            {
                "annee": n,
                "debut": _plus_years(start, n - 1).isoformat() if start else None,
                "montant": json_number(total),
                "aides": parts,
            }
        )
    then_parts, then_total = [], None
    for ident, s in known.items():
        if s["ensuite"] is not None:
            then_parts.append({"id": ident, **s["ensuite"]})
            m = s["ensuite"]["montant"]
            then_total = _add(then_total, None if m is None else Decimal(str(m)))
    return {
        "annees": years,
        "ensuite": {"montant": json_number(then_total), "aides": then_parts} if then_parts else None,
        "depart": start.isoformat() if start else None,
        "non_chiffrees": [i for i, s in schedules.items() if s is None],
    }
