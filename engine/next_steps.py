"""What to do next for an eligible scheme: whom to contact, where, what to send, by when (each
deadline as a date, fixed or so many months after a date of the profile, and whether it is past
at the evaluation date), the commitments it brings and what ends it — all from the scheme's data
(`contact`, `[demarches]`, `engagements`, `[duree]`, `renouvellement`, `[validite]`).
"""

import calendar
import datetime

from .dates import format_date
from .profile import fields
from .schedule import duration_words, months_of


def plus_months(d: datetime.date, months: int) -> datetime.date:
    """`d` moved `months` months on (the last day of a shorter month when needed)."""
    year, month = divmod(d.month - 1 + months, 12)
    year += d.year
    return datetime.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _deadline(e: dict, profile: dict, date: datetime.date, source_json) -> dict:
    out = {
        "libelle": e["libelle"],
        "date": None,
        "passee": None,
        "manque": None,
        "delai": None,
        "source": source_json(e["source"]) if "source" in e else None,
    }
    when = e.get("date")
    if "mois" in e:
        field = fields()[e["apres_champ"]]
        out["delai"] = f"{e['mois']} mois après : {field.libelle.lower()}"
        base = profile.get(e["apres_champ"])
        if base is None:
            out["manque"] = e["apres_champ"]
        else:
            when = plus_months(base, e["mois"])
    if when is not None:
        out["date"] = when.isoformat()
        out["passee"] = when < date
    return out


def _ends(scheme) -> list:
    v = scheme.validite
    out = []
    months = months_of(scheme)
    if months:
        out.append(f"Durée de l'engagement : {duration_words(months)}.")
    if scheme.renouvellement:
        out.append(scheme.renouvellement)
    if v.get("fin"):
        out.append(f"Le dispositif prend fin le {format_date(v['fin'])}.")
    return out


def next_steps(scheme, profile: dict, date: datetime.date, source_json) -> dict | None:
    """The next steps of `scheme` for `profile` at `date` (None when the data give none);
    `source_json(key)` gives a source's JSON form."""
    dem = scheme.demarches or {}
    out = {
        "contact": scheme.contact,
        "adresse": dem.get("adresse"),
        "pieces": list(dem.get("pieces", [])),
        "echeances": [_deadline(e, profile, date, source_json) for e in dem.get("echeances", [])],
        "note": dem.get("note"),
        "engagements": list(scheme.engagements),
        "fin": _ends(scheme),
        "source": source_json(dem["source"]) if dem else None,
    }
    if not any(out[k] for k in ("contact", "adresse", "pieces", "echeances", "engagements", "fin")):
        return None
    return out
