"""Loading the scheme files: parse, check against the schema, cross-check, index the cumul rules."""

import datetime
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .errors import DataError
from .rules import rules, shared_parts
from .schema import check_scheme
from .scheme import Scheme

SCHEMES_DIR = Path(__file__).parent / "aides"


@dataclass
class Catalogue:
    """Every scheme by id, and the cumul rules between them (symmetric, with their source)."""

    aides: dict
    regles_cumul: dict = field(default_factory=dict)  # frozenset({a, b}) -> rule dict

    def __post_init__(self):
        # Who each scheme cannot be combined with: explicit rules, then the ten-year rule's
        # categories (schemes of one category exclude one another), indexed once.
        self.voisins = {i: set() for i in self.aides}
        for paire, regle in self.regles_cumul.items():
            if not regle["cumulable"]:
                a, b = tuple(paire)
                self.voisins[a].add(b)
                self.voisins[b].add(a)
        self.categories = {}
        for aide in self.aides.values():
            if aide.categorie_dix_ans:
                self.categories.setdefault(aide.categorie_dix_ans, set()).add(aide.id)

    def incompatible_pairs_among(self, ids, date: datetime.date) -> set:
        """Every incompatible pair (a sorted tuple) among `ids` at `date` (the ten-year rule
        from the date it applies)."""
        ids = set(ids)
        paires = {tuple(sorted((a, b))) for a in ids for b in self.voisins[a] & ids}
        if not rules().dix_ans.applies(date):
            return paires
        for groupe in self.categories.values():
            membres = sorted(groupe & ids)
            paires.update((a, b) for i, a in enumerate(membres) for b in membres[i + 1 :])
        return paires


def read_file(chemin: Path) -> dict:
    try:
        with open(chemin, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        raise DataError(chemin.name, "syntaxe TOML", str(e)) from None


def _add_shared_parts(fichier: str, data: dict):
    """The sources and readings of the catalogue-wide rules the scheme uses, added to its own."""
    sources = data.get("sources")
    if not isinstance(sources, dict):
        return  # the schema check names the problem
    for cle in sources:
        if cle in rules().sources:
            raise DataError(
                fichier,
                f"sources.{cle}",
                "clé réservée à une source de regles.toml (règle des dix ans, ensembles) : choisissez un autre nom",
            )
    partagees, ambiguites = shared_parts(data)
    sources.update(partagees)
    if ambiguites and isinstance(data.get("ambiguites", []), list):
        data["ambiguites"] = [*data.get("ambiguites", []), *ambiguites]


def load(dossier: Path | str | None = None) -> Catalogue:
    """Read and check every `*.toml` scheme file of `dossier` (the package's own by default)."""
    dossier = Path(dossier) if dossier else SCHEMES_DIR
    aides = {}
    for chemin in sorted(dossier.glob("*.toml")):
        data = read_file(chemin)
        _add_shared_parts(chemin.name, data)
        check_scheme(chemin.name, data)
        if data["id"] != chemin.stem:
            raise DataError(chemin.name, "id", f"« {data['id']} » doit être le nom du fichier ({chemin.stem})")
        aides[data["id"]] = Scheme.from_data(chemin.name, data)
    if not aides:
        raise DataError(str(dossier), "aides", "aucun fichier de dispositif trouvé")
    regles = {}
    for aide in aides.values():
        for cle in ("remplace_par", "voir_aussi"):
            for i, autre in enumerate(getattr(aide, cle)):
                if autre not in aides:
                    raise DataError(aide.fichier, f"{cle}[{i}]", f"dispositif inconnu « {autre} »")
        for i, regle in enumerate(aide.cumuls):
            autre = regle["avec"]
            if autre not in aides or autre == aide.id:
                raise DataError(aide.fichier, f"cumuls[{i}].avec", f"dispositif inconnu « {autre} »")
            paire = frozenset((aide.id, autre))
            deja = regles.get(paire)
            if deja and deja["cumulable"] != regle["cumulable"]:
                raise DataError(aide.fichier, f"cumuls[{i}]", f"contredit la règle de cumul déclarée dans {autre}.toml")
            regles[paire] = {**regle, "declare_par": aide.id, "paire": sorted(paire)}
    return Catalogue(aides, regles)


@cache
def default_catalogue() -> Catalogue:
    """The package's own schemes, read once."""
    return load()
