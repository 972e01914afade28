"""The profile: its fields (read from `profil.toml`), their validation, and the JSON Schema.

`validate_profile` turns a user's raw answers (from JSON, a form or Python) into typed values and
raises `ProfileError` with a French message naming the field for anything wrong. Fields left
out, or given as null or "", are unanswered: the engine then reports them as missing.

Three kinds of answer beyond a plain value:
- « je ne sais pas » (`"ne_sait_pas"`), for the fields whose `inconnu` the sources make a real
  case (the zone, QPV, the percentile…): answered, but unknown to the engine, which then treats the
  field as missing (`unknown_answers` lists them, for the interview);
- « aucun » for a list: the empty list, given explicitly (`[]`), is an answer (no value applies);
- a repeated group (`type = "groupe"`): a list of members, each a table of the group's `membres`
  fields (two doctors recruited, each with their own working time). The group's `nombre` field
  (how many members) is derived from it; given the other way round (the count and one member's
  fields), the group is made of that many identical members, so that older profiles still work.
"""

import datetime
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from .dates import format_date
from .errors import ProfileError, suggestion
from .money import format_number, to_decimal

HERE = Path(__file__).parent
TYPES = {
    "choix",
    "liste",
    "booleen",
    "entier",
    "decimal",
    "montant",
    "date",
    "code_region",
    "code_departement",
    "groupe",
}
# The answer « je ne sais pas », for the fields that allow it (`inconnu` in profil.toml).
UNKNOWN_ANSWER = "ne_sait_pas"
# A number typed by a person: digits, one decimal comma or point; no exponent, no underscore.
NUMBER_TEXT = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


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
    unite_singulier: str = ""
    pour: tuple = ()
    zonage: bool = False
    inconnu: str = ""
    ou_trouver: str = ""
    aucun: str = ""
    saisie: str = ""
    membres: tuple = ()
    nombre: str = ""
    libelle_membre: str = ""

    @property
    def integer_choices(self) -> bool:
        """Choices written as digits (the secteur) take integer values."""
        return bool(self.choix) and all(k.isdigit() for k in self.choix)

    def choice_values(self) -> list:
        return [int(k) if self.integer_choices else k for k in self.choix]

    def unit_for(self, n) -> str:
        """The unit agreed with the number `n`: singular below 2 (« 1 médecin », « 1,5 jour »)."""
        if self.unite_singulier and abs(n) < 2:
            return self.unite_singulier
        return self.unite

    def value_label(self, valeur) -> str:
        """The French label of one value of this field (a choice label, `Oui`, `12 500`)."""
        if self.choix:
            return self.choix.get(str(valeur), str(valeur))
        if self.type == "code_region":
            return territories().get(str(valeur), {}).get("nom", str(valeur))
        if self.type == "code_departement":
            region = territories().get(department_regions().get(str(valeur)), {})
            return f"{region['departements'][str(valeur)]} ({valeur})" if region else str(valeur)
        if isinstance(valeur, bool):
            return "oui" if valeur else "non"
        if isinstance(valeur, (int, Decimal, float)):
            texte = format_number(valeur)
            if self.unite == "%":
                return f"{texte} %"
            return f"{texte} {self.unit_for(valeur)}".strip()
        if isinstance(valeur, datetime.date):
            return format_date(valeur)
        return str(valeur)


@cache
def _territory_file() -> dict:
    with open(HERE / "territoires.toml", "rb") as f:
        return tomllib.load(f)


@cache
def territories() -> dict:
    """Regions by INSEE code, each with its name, its départements (code to name) and, where one
    was found, its ARS page on the doctors' zoning (`zonage`: title, address, dates)."""
    return _territory_file()["regions"]


def rezone() -> dict:
    """Rézone, the Assurance Maladie's zoning map (title, address, date read)."""
    return _territory_file()["rezone"]


def communes_package() -> dict:
    """The npm package the calculator's communes come from (name, title, address, vintage, date)."""
    return _territory_file()["communes"]


@cache
def department_regions() -> dict:
    return {d: r for r, reg in territories().items() for d in reg["departements"]}


@dataclass(frozen=True)
class Step:
    """Questions that belong together, asked as one step of the interview."""

    nom: str
    libelle: str
    champs: tuple


@cache
def _profile_file() -> dict:
    with open(HERE / "profil.toml", "rb") as f:
        return tomllib.load(f)


@cache
def steps() -> dict:
    """Field -> the step it belongs to (a field belongs to its first step in `profil.toml`)."""
    out = {}
    for nom, d in _profile_file().get("etapes", {}).items():
        step = Step(nom, d["libelle"], tuple(d["champs"]))
        for champ in step.champs:
            if champ not in fields():
                raise ValueError(f"profil.toml: etapes.{nom}: champ inconnu « {champ} »")
            out.setdefault(champ, step)
    return out


@cache
def fields() -> dict:
    """Every profile field by name, in the order of `profil.toml`."""
    data = _profile_file()["champs"]
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
            unite_singulier=d.get("unite_singulier", ""),
            pour=tuple(d.get("pour", ())),
            zonage=bool(d.get("zonage")),
            inconnu=d.get("inconnu", ""),
            ou_trouver=d.get("ou_trouver", ""),
            aucun=d.get("aucun", ""),
            saisie=d.get("saisie", ""),
            membres=tuple(d.get("membres", ())),
            nombre=d.get("nombre", ""),
            libelle_membre=d.get("libelle_membre", ""),
        )
    for nom, ch in result.items():
        if ch.type == "groupe":
            if not ch.membres or not ch.libelle_membre:
                raise ValueError(f"profil.toml: {nom}: un groupe a des « membres » et un « libelle_membre »")
            for m in (*ch.membres, *([ch.nombre] if ch.nombre else [])):
                if m not in result or result[m].type in ("groupe", "liste"):
                    raise ValueError(f"profil.toml: {nom}: champ de membre inconnu ou invalide « {m} »")
        if ch.aucun and ch.type != "liste":
            raise ValueError(f"profil.toml: {nom}: « aucun » ne vaut que pour une liste")
    return result


def label_of(name: str, variables: dict | None = None) -> str:
    """The French label of a profile field or of one of a scheme's `variables` (the name itself
    when it is neither)."""
    if variables and name in variables:
        return variables[name]["libelle"]
    return fields()[name].libelle if name in fields() else name


@cache
def groups_of_members() -> dict:
    """Member field -> the group whose members it describes."""
    return {m: ch.nom for ch in fields().values() if ch.type == "groupe" for m in ch.membres}


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
        if re.fullmatch(r"[+-]?[\d.,]*[eE][+-]?\d+", texte):
            raise ProfileError(
                ch.nom, f"« {ch.libelle} » : écrivez le nombre en chiffres, sans exposant (reçu « {valeur} »)."
            )
        if not NUMBER_TEXT.fullmatch(texte):
            raise ProfileError(ch.nom, f"« {ch.libelle} » doit être un nombre (reçu « {valeur} »).")
        try:
            valeur = Decimal(texte.replace(",", "."))
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


def _member(group: Field, index: int, brut) -> dict:
    """One member of a repeated group: its own fields, checked one by one; messages name the member."""
    if not isinstance(brut, dict):
        raise ProfileError(
            group.nom, f"« {group.libelle} » : {group.libelle_membre} {index} doit être une table de réponses."
        )
    membre = {}
    for nom, valeur in brut.items():
        if nom not in group.membres:
            permis = ", ".join(group.membres)
            raise ProfileError(
                group.nom,
                f"« {group.libelle} » : {group.libelle_membre} {index} : champ inconnu « {nom} » (champs possibles : {permis}).",
            )
        if valeur is None or valeur == "":
            continue
        try:
            membre[nom] = _value(fields()[nom], valeur)
        except ProfileError as e:
            raise ProfileError(
                group.nom, f"« {group.libelle} » : {group.libelle_membre} {index} : {e.message}"
            ) from None
    return membre


def _group(ch: Field, valeur) -> tuple:
    if not isinstance(valeur, (list, tuple)):
        raise ProfileError(
            ch.nom, f"« {ch.libelle} » doit être une liste ({ch.libelle_membre} 1, {ch.libelle_membre} 2…)."
        )
    if ch.max is not None and len(valeur) > ch.max:
        raise ProfileError(ch.nom, f"« {ch.libelle} » : {format_number(ch.max)} au plus.")
    return tuple(_member(ch, i, m) for i, m in enumerate(valeur, start=1))


def _value(ch: Field, valeur):
    if ch.type == "groupe":
        return _group(ch, valeur)
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


def _is_unknown(ch: Field, valeur) -> bool:
    """« Je ne sais pas »: an answer for the fields that allow it, refused for the others."""
    if valeur != UNKNOWN_ANSWER:
        return False
    if not ch.inconnu:
        raise ProfileError(ch.nom, f"« {ch.libelle} » : « je ne sais pas » n'est pas une réponse possible ici.")
    return True


def unknown_answers(brut) -> list:
    """The fields answered « je ne sais pas » in raw answers (already checked by `validate_profile`)."""
    return [nom for nom, v in brut.items() if v == UNKNOWN_ANSWER] if isinstance(brut, dict) else []


def _link_groups(profil: dict):
    """Each group with its count: the count derived from the group, or the group made of `count`
    identical members from the member fields given at the top level (older profiles, and checked
    ones: a checked profile checks again to itself)."""
    for ch in fields().values():
        if ch.type != "groupe" or not ch.nombre:
            continue
        count = profil.get(ch.nombre)
        if ch.nom in profil:
            n = len(profil[ch.nom])
            if count is not None and count != n:
                raise ProfileError(
                    ch.nombre,
                    f"« {fields()[ch.nombre].libelle} » ({count}) ne correspond pas au nombre de "
                    f"{ch.libelle_membre.lower()}s décrits dans « {ch.libelle} » ({n}).",
                )
            for m in ch.membres:
                # A member field at the top level is the older spelling of a group of identical
                # members (as a checked profile keeps it): refused only when the group differs.
                if m in profil and any(member.get(m) != profil[m] for member in profil[ch.nom]):
                    raise ProfileError(
                        m,
                        f"« {fields()[m].libelle} » se donne pour chaque {ch.libelle_membre.lower()} "
                        f"dans « {ch.libelle} », pas une fois pour tous.",
                    )
            profil[ch.nombre] = n
        elif count is not None:
            membre = {m: profil[m] for m in ch.membres if m in profil}
            profil[ch.nom] = tuple(dict(membre) for _ in range(count))


def validate_profile(brut) -> dict:
    """Typed, checked profile from raw answers; `ProfileError` names the first wrong field."""
    if not isinstance(brut, dict):
        raise ProfileError("profil", "le profil doit être un objet JSON (des paires champ : valeur).")
    definitions = fields()
    profil = {}
    for nom, valeur in brut.items():
        if nom not in definitions:
            raise ProfileError(str(nom), "champ inconnu du profil" + (suggestion(nom, definitions) or "."))
        if valeur is None or valeur == "" or _is_unknown(definitions[nom], valeur):
            continue
        profil[nom] = _value(definitions[nom], valeur)
    _link_groups(profil)
    region, dep = profil.get("region"), profil.get("departement")
    if dep is not None:
        attendue = department_regions()[dep]
        if region is None:
            profil["region"] = attendue
        elif region != attendue:
            raise ProfileError("departement", f"le département {dep} n'est pas dans la région {region}.")
    return profil


def _property(ch: Field) -> dict:
    """One field's JSON Schema: its type, bounds, labels and the interview's extensions
    (`x-inconnu`: the « je ne sais pas » answer, `x-aucun`: the « none » answer of a list,
    `x-saisie`: the control that fills it, `x-membres`: a group's member fields)."""
    p = {"title": ch.libelle}
    if ch.aide:
        p["description"] = ch.aide
    if ch.type == "groupe":
        p.update(
            type="array",
            items={
                "type": "object",
                "additionalProperties": False,
                "properties": {m: _property(fields()[m]) for m in ch.membres},
            },
        )
        if ch.max is not None:
            p["maxItems"] = int(ch.max)
        p["x-membres"] = list(ch.membres)
        p["x-libelle-membre"] = ch.libelle_membre
        if ch.nombre:
            p["x-nombre"] = ch.nombre
    elif ch.type == "choix":
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
    if ch.aucun:
        p["x-aucun"] = ch.aucun
    if ch.saisie:
        p["x-saisie"] = ch.saisie
    p["x-type"] = ch.type
    if ch.inconnu:
        # « Je ne sais pas » is one more valid answer: the value's own keywords go under anyOf.
        notes = {k: v for k, v in p.items() if k in ("title", "description") or k.startswith("x-")}
        value = {k: v for k, v in p.items() if k not in notes}
        p = {**notes, "anyOf": [value, {"const": UNKNOWN_ANSWER}], "x-inconnu": ch.inconnu}
        if ch.ou_trouver:
            p["x-ou-trouver"] = ch.ou_trouver
    return p


def json_schema() -> dict:
    """The profile's JSON Schema (draft 2020-12), with French titles, help texts and units."""
    proprietes = {ch.nom: _property(ch) for ch in fields().values()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Situation d'un demandeur d'aide à l'installation ou au maintien des médecins",
        "type": "object",
        "additionalProperties": False,
        "properties": proprietes,
    }
