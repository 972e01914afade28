"""Open-data files built from the data: every scheme as JSON and as CSV, the profile JSON Schema.

The JSON file holds each scheme's full data (dates as AAAA-MM-JJ) plus its state at the build
date, its page and its first worked example's amounts as the engine computes them. The CSV file
(UTF-8, comma-separated, one row per scheme) holds the columns a spreadsheet needs.
"""

import csv
import datetime
import io
import json
from decimal import Decimal

from engine import json_schema

LICENCE = "Licence Ouverte / Open Licence version 2.0 (Etalab)"


def _json_default(o):
    if isinstance(o, (datetime.date, datetime.datetime)):
        return o.isoformat()
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    raise TypeError(f"non sérialisable : {type(o).__name__}")


def _example(v):
    ex = v.main_example
    if ex is None or ex["resultat"] is None:
        return None
    r = ex["resultat"]
    return {
        "titre": ex["titre"],
        "date": ex["date"],
        "statut": r["statut"],
        "montant_annuel": r["montant_annuel"],
        "montant_total": r["montant_total"],
        "formule": r["formule"],
    }


def schemes_json(model) -> str:
    content = {
        "titre": "Aides à l'installation et au maintien des médecins",
        "date_generation": model.date,
        "licence": LICENCE,
        "aides": [
            {**v.data, "page": f"aides/{v.id}/", "etat": v.validity["etat"], "exemple_calcule": _example(v)}
            for v in model.views.values()
        ],
    }
    return json.dumps(content, default=_json_default, ensure_ascii=False, indent=2) + "\n"


COLUMNS = [
    "id",
    "nature",
    "sigle",
    "nom",
    "categorie",
    "financeur",
    "financeur_nom",
    "beneficiaires",
    "regions",
    "departements",
    "zones",
    "etat",
    "debut",
    "fin_nouvelles_demandes",
    "fin",
    "periodicite",
    "exemple_montant_annuel",
    "exemple_montant_total",
    "verifie_le",
    "page",
    "sources",
]


def schemes_csv(model) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for v in model.views.values():
        a, val, ex = v.data, v.validity, _example(v)
        w.writerow(
            [
                v.id,
                a["nature"],
                a.get("sigle", ""),
                a["nom"],
                a["categorie"],
                a["financeur"],
                a["financeur_nom"],
                ";".join(a["beneficiaires"]),
                ";".join(v.region_codes),
                ";".join(a.get("departements", [])),
                ";".join(v.zones),
                val["etat"],
                _date(val["debut"]),
                _date(val["fin_nouvelles_demandes"]),
                _date(val["fin"]),
                a.get("montant", {}).get("periodicite", ""),
                _number(ex["montant_annuel"]) if ex else "",
                _number(ex["montant_total"]) if ex else "",
                a["verifie_le"].isoformat(),
                f"aides/{v.id}/",
                " ".join(s["url"] for s in v.sources if s.get("url")),  # addresses a reader can open
            ]
        )
    return out.getvalue()


def _date(d):
    return d.isoformat() if d else ""


def _number(n):
    return "" if n is None else str(n)


def profile_schema_json() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
