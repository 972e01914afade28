"""The JSON Schema of a scheme data file, generated from the checker's key tables and the engine's
registries (formula types, condition operators, units, profile fields), so that an editor that
reads JSON Schema for TOML (Taplo, « Even Better TOML ») flags a mistake while someone types.

`python -m engine schema` prints it; the file `engine/aide.schema.json` is this output, kept up to
date by a test.
"""

import datetime

from . import formulas, schema
from .operators import REGISTRY as OPERATORS
from .profile import fields
from .units import REGISTRY as UNITS

JSON_TYPES = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    list: {"type": "array"},
    dict: {"type": "object"},
    datetime.date: {"type": "string", "format": "date"},
    object: {},
}


def _table(keys: dict, title: str | None = None, **extra) -> dict:
    out = {
        "type": "object",
        "additionalProperties": False,
        "properties": {k: dict(JSON_TYPES[t]) for k, (t, _) in keys.items()},
        "required": [k for k, (_, required) in keys.items() if required],
    }
    if title:
        out["title"] = title
    for key, value in extra.items():
        out["properties"][key] = value
    return out


def _condition() -> dict:
    simple = {
        "champ": {
            "type": "string",
            "description": "Un champ du profil (" + ", ".join(fields()) + ") ou une variable du dispositif",
        },
        **{name: {} for name in OPERATORS},
    }
    return {
        "type": "object",
        "title": "Condition (un champ et un opérateur, ou « tous » / « un_parmi »)",
        "properties": {
            **simple,
            "libelle": {"type": "string"},
            "tous": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
            "un_parmi": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
        },
        "additionalProperties": False,
    }


def _formula() -> dict:
    keys = {k: v for k, v in schema.EXPRESSION.items()}
    props = {k: dict(JSON_TYPES[t]) for k, (t, _) in keys.items()}
    props["type"] = {"enum": list(formulas.TYPES)}
    props["si"] = {"type": "array", "items": {"$ref": "#/$defs/condition"}}
    for t in formulas.TYPES.values():
        for key, (role, _) in t.keys.items():
            if role == formulas.FORMULA:
                props[key] = {"$ref": "#/$defs/formule"}
            elif role == formulas.FORMULAS:
                props[key] = {"type": "array", "items": {"$ref": "#/$defs/formule"}}
    return {
        "type": "object",
        "title": "Formule de montant",
        "properties": props,
        "required": ["type"],
        "additionalProperties": False,
    }


def scheme_json_schema() -> dict:
    condition_ref = {"$ref": "#/$defs/condition"}
    root = _table(schema.RACINE, "Fichier de dispositif (engine/aides/<id>.toml)")
    p = root["properties"]
    p["nature"] = {"enum": sorted(schema.NATURES)}
    p["financeur"] = {"enum": list(schema.FINANCEURS)}
    p["categorie"] = {"enum": list(schema.CATEGORIES)}
    p["beneficiaires"] = {"type": "array", "items": {"enum": sorted(fields()["beneficiaire"].choix)}}
    p["validite"] = _table(schema.VALIDITE)
    p["duree"] = _table(schema.DUREE)
    p["sources"] = {"type": "object", "additionalProperties": _table(schema.SOURCE)}
    valeur = _table(schema.VALEUR)
    p["parametres"] = {
        "type": "object",
        "additionalProperties": _table(
            schema.PARAMETRE, unite={"enum": list(UNITS)}, valeurs={"type": "array", "items": valeur}
        ),
    }
    p["variables"] = {
        "type": "object",
        "additionalProperties": _table(schema.VARIABLE, tranches={"type": "array", "items": _table(schema.TRANCHE)}),
    }
    data_condition = _table(schema.CONDITION_RACINE)
    data_condition["properties"].update(_condition()["properties"])
    p["conditions"] = {"type": "array", "items": data_condition}
    montant = _formula()
    montant["properties"].update(
        {
            "periodicite": {"enum": sorted(schema.PERIODICITES)},
            "source": {"type": "string"},
            "annee_champ": {"type": "string"},
            "echeancier": _table(
                schema.ECHEANCIER,
                parts={"type": "array", "items": {"type": "number"}},
                taux={"type": "array", "items": {"type": "string"}},
                si={"type": "array", "items": condition_ref},
            ),
        }
    )
    montant["required"] = ["type", "periodicite", "source"]
    p["montant"] = montant
    p["cumuls"] = {"type": "array", "items": _table(schema.CUMUL)}
    p["ambiguites"] = {"type": "array", "items": _table(schema.AMBIGUITE, si={"type": "array", "items": condition_ref})}
    p["non_confirme"] = {"type": "array", "items": _table(schema.NOTE)}
    p["informations"] = {"type": "array", "items": _table(schema.NOTE)}
    p["exemples"] = {"type": "array", "items": _table(schema.EXEMPLE)}
    p["demarches"] = _table(
        schema.DEMARCHES,
        pieces={"type": "array", "items": {"type": "string"}},
        echeances={"type": "array", "items": _table(schema.ECHEANCE)},
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **root,
        "$defs": {"condition": _condition(), "formule": _formula()},
    }
