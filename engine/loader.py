"""Loading the scheme files: file names, parse, check against the schema, check the worked examples'
profiles, cross-check the references, index the cumul rules. `read_folder` collects every error;
`load` raises the first."""

import datetime
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from .errors import DataError, ProfileError
from .profile import validate_profile
from .rules import rules, shared_parts
from .schema import scheme_errors
from .scheme import Scheme
from .toml_syntax import toml_syntax_message

SCHEMES_DIR = Path(__file__).parent / "aides"
# A scheme file's name: its id (lowercase letters and digits, words joined by hyphens) and `.toml`.
FILE_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.toml")


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

    @cached_property
    def coverage(self) -> tuple:
        """(first, last) date the data cover: from the oldest dated value, condition or validity
        of any scheme (before it nothing is dated: the sources say nothing of that time) to the
        newest verification of a scheme plus the freshness threshold of `regles.toml` (after it,
        every scheme's data would be older than that threshold: the guide cannot say what will be
        in force). `first` is None when no scheme dates anything."""
        dates = []
        for s in self.aides.values():
            dates += [s.validite[k] for k in ("debut", "fin_nouvelles_demandes", "fin") if k in s.validite]
            dates += [v["depuis"] for p in s.parametres.values() for v in p["valeurs"] if "depuis" in v]
            dates += [c[k] for c in s.conditions for k in ("depuis", "jusqu_au") if k in c]
        newest = max(s.verifie_le for s in self.aides.values())
        months = newest.year * 12 + newest.month - 1 + rules().fraicheur_mois
        year, month = divmod(months, 12)
        try:
            last = datetime.date(year, month + 1, newest.day)
        except ValueError:  # the 31st of a shorter month
            last = datetime.date(year, month + 2, 1) - datetime.timedelta(days=1)
        return min(dates, default=None), last

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
        raise DataError(chemin.name, "syntaxe TOML", toml_syntax_message(str(e))) from None
    except UnicodeDecodeError:
        raise DataError(chemin.name, "encodage", "le fichier doit être enregistré en UTF-8") from None


def _add_shared_parts(fichier: str, data: dict) -> list:
    """Add to the scheme's own the sources and readings of the catalogue-wide rules it uses; the
    errors of a source key that would hide one of theirs."""
    sources = data.get("sources")
    if not isinstance(sources, dict):
        return []  # the schema check names the problem
    errors = [
        DataError(
            fichier,
            f"sources.{cle}",
            "clé réservée à une source de regles.toml (règle des dix ans, ensembles) : choisissez un autre nom",
        )
        for cle in sources
        if cle in rules().sources
    ]
    if errors:
        return errors
    partagees, ambiguites = shared_parts(data)
    sources.update(partagees)
    if ambiguites and isinstance(data.get("ambiguites", []), list):
        data["ambiguites"] = [*data.get("ambiguites", []), *ambiguites]
    return []


def proper_name(nom: str) -> str:
    """The file name `nom` should have: lowercase, no accents, words joined by hyphens, `.toml`."""
    base = nom.lower().split(".toml")[0]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", base)) + ".toml"


def _example_errors(fichier: str, data: dict) -> list:
    """The worked examples' profiles, checked as the engine checks a user's answers."""
    errors = []
    for i, ex in enumerate(data.get("exemples", [])):
        try:
            validate_profile(ex["profil"])
        except ProfileError as e:
            errors.append(DataError(fichier, f"exemples[{i}].profil.{e.champ}", e.message))
    return errors


@dataclass
class Reading:
    """A data folder, read and checked: the catalogue (None if there is any error), every error
    in the order found, and the names of the folder's entries that are not scheme files."""

    catalogue: Catalogue | None
    errors: list
    unread: list


def _reference_errors(fichier: str, data: dict, existing: set) -> list:
    """The schemes a file names (replacements, see-also, cumul rules) exist (`existing`: every
    scheme file, broken or not). Read from the file's data, so that a file with other errors has
    these reported too; a part of the wrong type is the schema's error, not looked into here."""
    errors = []
    own = data.get("id")
    for cle in ("remplace_par", "voir_aussi"):
        for i, autre in enumerate(data.get(cle) if isinstance(data.get(cle), list) else ()):
            if isinstance(autre, str) and autre not in existing:
                errors.append(DataError(fichier, f"{cle}[{i}]", f"dispositif inconnu « {autre} »"))
    for i, regle in enumerate(data.get("cumuls") if isinstance(data.get("cumuls"), list) else ()):
        autre = regle.get("avec") if isinstance(regle, dict) else None
        if isinstance(autre, str) and (autre not in existing or autre == own):
            errors.append(DataError(fichier, f"cumuls[{i}].avec", f"dispositif inconnu « {autre} »"))
    return errors


def _cumul_rules(aides: dict) -> tuple:
    """(cumul rules by pair, errors): two files' rules about one pair of sound schemes agree."""
    regles, errors = {}, []
    for aide in aides.values():
        for i, regle in enumerate(aide.cumuls):
            autre = regle["avec"]
            if autre not in aides or autre == aide.id:
                continue  # unknown (reported by _reference_errors) or its own file has errors
            paire = frozenset((aide.id, autre))
            deja = regles.get(paire)
            if deja and deja["cumulable"] != regle["cumulable"]:
                errors.append(
                    DataError(aide.fichier, f"cumuls[{i}]", f"contredit la règle de cumul déclarée dans {autre}.toml")
                )
                continue
            regles[paire] = {**regle, "declare_par": aide.id, "paire": sorted(paire)}
    return regles, errors


def read_folder(dossier: Path | str | None = None) -> Reading:
    """Read and check every scheme file of `dossier` (the package's own by default), collecting
    every error: file names, TOML syntax, schema, ids, worked examples, references."""
    dossier = Path(dossier) if dossier else SCHEMES_DIR
    entries = sorted(p for p in dossier.iterdir() if not p.name.startswith(".")) if dossier.is_dir() else []
    files = [p for p in entries if p.is_file() and p.name.endswith(".toml")]
    unread = [p.name for p in entries if p not in files]
    aides, errors = {}, []
    existing = {p.stem for p in files}
    for chemin in files:
        if not FILE_NAME.fullmatch(chemin.name):
            errors.append(
                DataError(
                    chemin.name,
                    "nom du fichier",
                    f"en minuscules, sans accents, mots séparés par des tirets : renommez-le {proper_name(chemin.name)}",
                )
            )
            continue
        try:
            data = read_file(chemin)
        except DataError as e:
            errors.append(e)
            continue
        found = _add_shared_parts(chemin.name, data)
        found += scheme_errors(chemin.name, data)
        if isinstance(data.get("id"), str) and data["id"] != chemin.stem:
            found.append(DataError(chemin.name, "id", f"« {data['id']} » doit être le nom du fichier ({chemin.stem})"))
        if not any(e.champ.startswith("exemples") for e in found):  # the examples are well formed
            found += _example_errors(chemin.name, data)
        errors += found + _reference_errors(chemin.name, data, existing)
        if not found:  # sound on its own (its references are checked against the others)
            aides[data["id"]] = Scheme.from_data(chemin.name, data)
    if not files:
        errors.append(DataError(str(dossier), "aides", "aucun fichier de dispositif trouvé"))
    regles, found = _cumul_rules(aides)
    errors += found
    return Reading(None if errors else Catalogue(aides, regles), errors, unread)


def load(dossier: Path | str | None = None) -> Catalogue:
    """Read and check every scheme file of `dossier` (the package's own by default); raise the
    first `DataError` found (see `read_folder` for all of them)."""
    reading = read_folder(dossier)
    if reading.errors:
        raise reading.errors[0]
    return reading.catalogue


@cache
def default_catalogue() -> Catalogue:
    """The package's own schemes, read once."""
    return load()
