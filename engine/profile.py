"""The profile: its fields (read from `profil.toml`), their validation, and the JSON Schema.

`validate_profile` turns a user's raw answers (from JSON, a form or Python) into typed values and
raises `ProfileError` with a French message naming the field for anything wrong. Fields left
out, or given as null or "", are unanswered: the engine then reports them as missing.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from .errors import ProfileError, suggestion
from .money import format_number, to_decimal

HERE = Path(__file__).parent
TYPES = {"choix", "liste", "booleen", "entier", "decimal", "montant", "date", "code_region", "code_departement"}


@dataclass(frozen=True)
class Field:
    """One question of the profile."""

    nom: str
    libelle: str
    type: str
    aide: str = ""
    choix: dict = field(default_factory=dict)
    min: Decimal | None = None
    max: Decimal | None = None
    unite: str = ""
    pour: tuple = ()
    zonage: bool = False

    @property
    def integer_choices(self) -> bool:
        """Choices written as digits (the secteur) take integer values."""
        return bool(self.choix) and all(k.isdigit() for k in self.choix)

    def choice_values(self) -> list:
        return [int(k) if self.integer_choices else k for k in self.choix]

    def value_label(self, valeur) -> str:
        """The French label of one value of this field (a choice label, `Oui`, `12 500`)."""
        if self.choix:
            return self.choix.get(str(valeur), str(valeur))
        if isinstance(valeur, bool):
            return "oui" if valeur else "non"
        if isinstance(valeur, (int, Decimal, float)):
            texte = format_number(valeur)
            return (
                f"{texte} {self.unite}".strip()
                if self.unite and self.unite != "%"
                else (f"{texte} %" if self.unite == "%" else texte)
            )
        if isinstance(valeur, datetime.date):
            return valeur.strftime("%d/%m/%Y")
        return str(valeur)


@cache
def territories() -> dict:
    """Regions by INSEE code, each with its name and its départements (code to name)."""
    with open(HERE / "territoires.toml", "rb") as f:
        return tomllib.load(f)["regions"]


@cache
def department_regions() -> dict:
    return {d: r for r, reg in territories().items() for d in reg["departements"]}


@cache
def fields() -> dict:
    """Every profile field by name, in the order of `profil.toml`."""
    with open(HERE / "profil.toml", "rb") as f:
        data = tomllib.load(f)["champs"]
    result = {}
    for nom, d in data.items():
        if d["type"] not in TYPES:
            raise ValueError(f"profil.toml: {nom}: type inconnu « {d['type']} »")
        if d["type"] in ("entier", "decimal", "montant") and "max" not in d:
            raise ValueError(f"profil.toml: {nom}: un nombre doit avoir une borne « max »")
        result[nom] = Field(
            nom=nom,
            libelle=d["libelle"],
            type=d["type"],
            aide=d.get("aide", ""),
            choix=d.get("choix", {}),
            min=to_decimal(d["min"]) if "min" in d else None,
            max=to_decimal(d["max"]) if "max" in d else None,
            unite=d.get("unite", ""),
            pour=tuple(d.get("pour", ())),
            zonage=bool(d.get("zonage")),
        )
    return result


@cache
def zoning_values() -> dict:
    """Code -> label of every place in the zoning of under-served areas, in the profile's order:
    each value of a zoning choice field (`zip`, `zac`…), then each zoning yes/no question (`qpv`)."""
    out = {}
    for ch in fields().values():
        if ch.zonage and ch.choix:
            out.update(ch.choix)
    for ch in fields().values():
        if ch.zonage and ch.type == "booleen":
            out[ch.nom] = ch.libelle
    return out


def _number(ch: Field, valeur):
    if isinstance(valeur, bool):
        raise ProfileError(ch.nom, f"« {ch.libelle} » doit être un nombre, pas oui/non.")
    if isinstance(valeur, str):
        texte = valeur.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
        texte = texte.replace(",", ".")
        try:
            valeur = Decimal(texte)
        except InvalidOperation:
            raise ProfileError(ch.nom, f"« {ch.libelle} » doit être un nombre (reçu « {valeur} »).") from None
    elif isinstance(valeur, (int, float, Decimal)):
        valeur = to_decimal(valeur)
    else:
        raise ProfileError(ch.nom, f"« {ch.libelle} » doit être un nombre.")
    if not valeur.is_finite():
        raise ProfileError(ch.nom, f"« {ch.libelle} » doit être un nombre fini.")
    if valeur < 0:
        raise ProfileError(ch.nom, f"« {ch.libelle} » ne peut pas être négatif.")
    if ch.min is not None and valeur < ch.min:
        raise ProfileError(ch.nom, f"« {ch.libelle} » doit être au moins {format_number(ch.min)}.")
    if ch.max is not None and valeur > ch.max:
        raise ProfileError(
            ch.nom,
            f"« {ch.libelle} » ne peut pas dépasser {format_number(ch.max)}{' ' + ch.unite if ch.unite else ''}.",
        )
    if ch.type == "entier" and valeur != valeur.to_integral_value():
        raise ProfileError(ch.nom, f"« {ch.libelle} » doit être un nombre entier.")
    if ch.type == "montant" and valeur != valeur.quantize(Decimal("0.01")):
        raise ProfileError(ch.nom, f"« {ch.libelle} » est un montant en euros : deux décimales au plus.")
    return int(valeur) if ch.type == "entier" else valeur


def _choice(ch: Field, valeur):
    if ch.integer_choices and isinstance(valeur, str) and valeur.strip().isdigit():
        valeur = int(valeur)
    if isinstance(valeur, bool) or valeur not in ch.choice_values():
        permis = ", ".join(str(v) for v in ch.choice_values())
        raise ProfileError(ch.nom, f"« {ch.libelle} » : valeur inconnue « {valeur} » (valeurs possibles : {permis}).")
    return valeur


def _value(ch: Field, valeur):
    if ch.type == "choix":
        return _choice(ch, valeur)
    if ch.type == "liste":
        if isinstance(valeur, str):
            valeur = [v.strip() for v in valeur.split(",") if v.strip()]
        if not isinstance(valeur, (list, tuple)):
            raise ProfileError(ch.nom, f"« {ch.libelle} » doit être une liste de valeurs.")
        return tuple(dict.fromkeys(_choice(ch, v) for v in valeur))
    if ch.type == "booleen":
        if isinstance(valeur, bool):
            return valeur
        if isinstance(valeur, str) and valeur.lower() in ("true", "oui", "1", "false", "non", "0"):
            return valeur.lower() in ("true", "oui", "1")
        raise ProfileError(ch.nom, f"« {ch.libelle} » doit être oui ou non (true / false).")
    if ch.type in ("entier", "decimal", "montant"):
        return _number(ch, valeur)
    if ch.type == "date":
        if isinstance(valeur, datetime.date):
            return valeur
        try:
            return datetime.date.fromisoformat(str(valeur))
        except ValueError:
            raise ProfileError(ch.nom, f"« {ch.libelle} » doit être une date AAAA-MM-JJ (reçu « {valeur} »).") from None
    codes = territories() if ch.type == "code_region" else department_regions()
    if isinstance(valeur, int) and not isinstance(valeur, bool):
        valeur = f"{valeur:02d}"
    if not isinstance(valeur, str) or valeur not in codes:
        raise ProfileError(ch.nom, f"« {ch.libelle} » : code INSEE inconnu « {valeur} ».")
    return valeur


def validate_profile(brut) -> dict:
    """Typed, checked profile from raw answers; `ProfileError` names the first wrong field."""
    if not isinstance(brut, dict):
        raise ProfileError("profil", "le profil doit être un objet JSON (des paires champ : valeur).")
    definitions = fields()
    profil = {}
    for nom, valeur in brut.items():
        if nom not in definitions:
            raise ProfileError(str(nom), "champ inconnu du profil" + (suggestion(nom, definitions) or "."))
        if valeur is None or valeur == "":
            continue
        profil[nom] = _value(definitions[nom], valeur)
    region, dep = profil.get("region"), profil.get("departement")
    if dep is not None:
        attendue = department_regions()[dep]
        if region is None:
            profil["region"] = attendue
        elif region != attendue:
            raise ProfileError("departement", f"le département {dep} n'est pas dans la région {region}.")
    return profil


def json_schema() -> dict:
    """The profile's JSON Schema (draft 2020-12), with French titles, help texts and units."""
    proprietes = {}
    for ch in fields().values():
        p = {"title": ch.libelle}
        if ch.aide:
            p["description"] = ch.aide
        if ch.type == "choix":
            p["enum"] = ch.choice_values()
            p["x-libelles"] = dict(ch.choix)
        elif ch.type == "liste":
            p.update(type="array", uniqueItems=True, items={"enum": ch.choice_values()})
            p["x-libelles"] = dict(ch.choix)
        elif ch.type == "booleen":
            p["type"] = "boolean"
        elif ch.type in ("entier", "decimal", "montant"):
            p["type"] = "integer" if ch.type == "entier" else "number"
            if ch.type == "montant":
                p["multipleOf"] = 0.01
            p["minimum"] = int(ch.min) if ch.min is not None else 0
            if ch.max is not None:
                p["maximum"] = int(ch.max) if ch.max == int(ch.max) else float(ch.max)
        elif ch.type == "date":
            p.update(type="string", format="date")
        elif ch.type == "code_region":
            p["enum"] = list(territories())
            p["x-libelles"] = {c: r["nom"] for c, r in territories().items()}
        else:
            p["enum"] = list(department_regions())
            p["x-libelles"] = {d: n for r in territories().values() for d, n in r["departements"].items()}
        if ch.unite:
            p["x-unite"] = ch.unite
        if ch.pour:
            p["x-pour"] = list(ch.pour)
        p["x-type"] = ch.type
        proprietes[ch.nom] = p
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Situation d'un demandeur d'aide à l'installation ou au maintien des médecins",
        "type": "object",
        "additionalProperties": False,
        "properties": proprietes,
    }
