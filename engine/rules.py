"""Rules that hold across the catalogue (`regles.toml`): the ten-year rule, named sets of values,
the freshness threshold, and the sources they cite."""

import datetime
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_FILE = Path(__file__).parent / "regles.toml"


@dataclass(frozen=True)
class TenYearRule:
    """One installation aid of a category per ten years, from `depuis`."""

    libelle: str
    depuis: datetime.date
    sources: tuple
    note: str

    def applies(self, date: datetime.date) -> bool:
        return date >= self.depuis


@dataclass(frozen=True)
class ValueSet:
    """A named set of answers of one profile field (« zone sous-dense » = ZIP, ZAC or ZAR)."""

    nom: str
    champ: str
    libelle: str
    valeurs: tuple
    incertaines: tuple
    sources: tuple
    lecture: str
    choix: str

    def as_ambiguity(self) -> dict:
        """The set's reading as a scheme's `[[ambiguites]]` entry, shown when an answer is uncertain
        and a condition of the scheme in force at the date reads the set (`ensemble`)."""
        return {
            "texte": self.lecture,
            "choix": self.choix,
            "source": self.sources[0],
            "si": [{"champ": self.champ, "dans": list(self.incertaines)}],
            "ensemble": self.nom,
        }


@dataclass(frozen=True)
class Rules:
    dix_ans: TenYearRule
    ensembles: dict
    fraicheur_mois: int
    sources: dict


@cache
def rules() -> Rules:
    """The catalogue-wide rules, read once."""
    with open(RULES_FILE, "rb") as f:
        data = tomllib.load(f)
    d = data["dix_ans"]
    dix_ans = TenYearRule(d["libelle"], d["depuis"], tuple(d["sources"]), d.get("note", ""))
    ensembles = {
        nom: ValueSet(
            nom,
            e["champ"],
            e["libelle"],
            tuple(e["valeurs"]),
            tuple(e.get("incertaines", ())),
            tuple(e["sources"]),
            e["lecture"],
            e["choix"],
        )
        for nom, e in data.get("ensembles", {}).items()
    }
    sources = data.get("sources", {})
    for cle in [*dix_ans.sources, *(s for e in ensembles.values() for s in e.sources)]:
        if cle not in sources:
            raise ValueError(f"regles.toml: source inconnue « {cle} » (à déclarer dans [sources])")
    return Rules(dix_ans, ensembles, int(data["fraicheur"]["mois"]), sources)


def _sets_named(valeur) -> list:
    """Every `ensemble = "…"` anywhere in raw (unchecked) scheme data."""
    if isinstance(valeur, dict):
        propres = [valeur["ensemble"]] if isinstance(valeur.get("ensemble"), str) else []
        return propres + [n for v in valeur.values() for n in _sets_named(v)]
    if isinstance(valeur, list):
        return [n for v in valeur for n in _sets_named(v)]
    return []


def shared_parts(data: dict) -> tuple:
    """(sources, ambiguities) a raw scheme takes from the catalogue-wide rules: the ten-year
    rule's sources when it has a ten-year category, each named set's sources and reading."""
    r = rules()
    cles, ambiguites = [], []
    if data.get("categorie_dix_ans"):
        cles += r.dix_ans.sources
    for nom in dict.fromkeys(_sets_named(data.get("conditions", []))):
        if nom in r.ensembles:
            cles += r.ensembles[nom].sources
            ambiguites.append(r.ensembles[nom].as_ambiguity())
    return {c: r.sources[c] for c in cles}, ambiguites
