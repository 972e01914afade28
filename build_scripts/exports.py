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


def _json_defaut(o):
    if isinstance(o, (datetime.date, datetime.datetime)):
        return o.isoformat()
    if isinstance(o, Decimal):
        return int(o) if o == o.to_integral_value() else float(o)
    if isinstance(o, (set, frozenset, tuple)):
        return list(o)
    raise TypeError(f"non sérialisable : {type(o).__name__}")


def _exemple(v):
    ex = v.exemple_principal
    if ex is None or ex["resultat"] is None:
        return None
    r = ex["resultat"]
    return {"titre": ex["titre"], "date": ex["date"], "statut": r["statut"],
            "montant_annuel": r["montant_annuel"], "montant_total": r["montant_total"],
            "formule": r["formule"]}


def json_aides(modele) -> str:
    contenu = {
        "titre": "Aides à l'installation et au maintien des médecins",
        "date_generation": modele.date,
        "licence": LICENCE,
        "aides": [{**v.aide, "page": f"aides/{v.id}/", "etat": v.validite["etat"],
                   "exemple_calcule": _exemple(v)} for v in modele.vues.values()],
    }
    return json.dumps(contenu, default=_json_defaut, ensure_ascii=False, indent=2) + "\n"


COLONNES = ["id", "nature", "sigle", "nom", "categorie", "financeur", "financeur_nom", "beneficiaires",
            "regions", "departements", "zones", "etat", "debut", "fin_nouvelles_demandes", "fin",
            "periodicite", "exemple_montant_annuel", "exemple_montant_total", "verifie_le", "page",
            "sources"]


def csv_aides(modele) -> str:
    sortie = io.StringIO()
    w = csv.writer(sortie, lineterminator="\n")
    w.writerow(COLONNES)
    for v in modele.vues.values():
        a, val, ex = v.aide, v.validite, _exemple(v)
        w.writerow([
            v.id, a["nature"], a.get("sigle", ""), a["nom"], a["categorie"], a["financeur"],
            a["financeur_nom"], ";".join(a["beneficiaires"]), ";".join(v.regions),
            ";".join(a.get("departements", [])), ";".join(v.zones), val["etat"],
            _date(val["debut"]), _date(val["fin_nouvelles_demandes"]), _date(val["fin"]),
            a.get("montant", {}).get("periodicite", ""),
            _nombre(ex["montant_annuel"]) if ex else "", _nombre(ex["montant_total"]) if ex else "",
            a["verifie_le"].isoformat(), f"aides/{v.id}/",
            " ".join(s.get("url") or s.get("fichier") for s in v.sources),
        ])
    return sortie.getvalue()


def _date(d):
    return d.isoformat() if d else ""


def _nombre(n):
    return "" if n is None else str(n)


def json_schema_profil() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
