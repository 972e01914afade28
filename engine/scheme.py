"""One scheme as read from its data file: a declared field per top-level key of the file.

The fields below are the file's top-level keys: their types and which are required are read from
here by the schema check, so a new key is declared once. The raw data stays in `data` (the site
shows it, the open-data export copies it).
"""

import datetime
from dataclasses import MISSING, dataclass, field, fields

from .rules import rules


def _opt(kind, default=None):
    """An optional key of TOML type `kind`."""
    if isinstance(default, (list, dict)):
        return field(default_factory=type(default), metadata={"toml": kind})
    return field(default=default, metadata={"toml": kind})


def _req(kind):
    return field(metadata={"toml": kind})


@dataclass
class Scheme:
    """A scheme: its identity, who it is for, where, when, its sources, parameters, conditions,
    amount formula, cumul rules and the notes a reader must see."""

    fichier: str = field(metadata={"toml": None})
    data: dict = field(metadata={"toml": None}, repr=False)
    id: str = _req(str)
    nature: str = _req(str)
    nom: str = _req(str)
    resume: str = _req(str)
    financeur: str = _req(str)
    financeur_nom: str = _req(str)
    categorie: str = _req(str)
    beneficiaires: list = _req(list)
    verifie_le: datetime.date = _req(datetime.date)
    validite: dict = _req(dict)
    sources: dict = _req(dict)
    sigle: str | None = _opt(str)
    regions: list = _opt(list, [])
    departements: list = _opt(list, [])
    contact: str | None = _opt(str)
    renouvellement: str | None = _opt(str)
    engagements: list = _opt(list, [])
    remplace_par: list = _opt(list, [])
    categorie_dix_ans: str | None = _opt(str)
    voir_aussi: list = _opt(list, [])
    duree: dict | None = _opt(dict)
    parametres: dict = _opt(dict, {})
    variables: dict = _opt(dict, {})
    conditions: list = _opt(list, [])
    montant: dict | None = _opt(dict)
    cumuls: list = _opt(list, [])
    ambiguites: list = _opt(list, [])
    non_confirme: list = _opt(list, [])
    informations: list = _opt(list, [])
    exemples: list = _opt(list, [])
    demarches: dict | None = _opt(dict)
    cache: dict = field(default_factory=dict, repr=False, metadata={"toml": None})

    @classmethod
    def from_data(cls, fichier: str, data: dict) -> "Scheme":
        """A scheme from checked data (see `schema.scheme_errors`)."""
        keys = {f.name for f in fields(cls) if f.metadata["toml"] is not None}
        return cls(fichier=fichier, data=data, **{k: v for k, v in data.items() if k in keys})

    def newest_source_date(self) -> datetime.date | None:
        """The date of the scheme's newest dated source of its own (not the shared rules')."""
        dates = [s["date"] for key, s in self.sources.items() if "date" in s and key not in rules().sources]
        return max(dates, default=None)

    def state(self, date: datetime.date) -> str:
        """`a_venir`, `ouvert`, `ferme_nouvelles_demandes` or `expire` at `date`."""
        v = self.validite
        if "debut" in v and date < v["debut"]:
            return "a_venir"
        if "fin" in v and date > v["fin"]:
            return "expire"
        if "fin_nouvelles_demandes" in v and date > v["fin_nouvelles_demandes"]:
            return "ferme_nouvelles_demandes"
        return "ouvert"


def top_level_keys() -> dict:
    """Key -> (TOML type, required) of a scheme file, from the declared fields."""
    out = {}
    for f in fields(Scheme):
        if f.metadata["toml"] is None:
            continue
        out[f.name] = (f.metadata["toml"], f.default is MISSING and f.default_factory is MISSING)
    return out
