"""Checking a data folder for a person: every error of every scheme file, one line each.

`check_folder` runs every check the engine and the site build make (file names, TOML syntax,
schema, sources, worked examples' profiles, references between schemes) and gives each error as
`file, ligne N : place in words : problem` (« carim.toml, ligne 45 : 2e condition, egal : zone
inconnue « zrr » … »), in file order, and a warning for each entry of the folder that is not read.
`python -m engine check`, `scripts/test` and the site build (`build_scripts/hook.py`) use it.
"""

from dataclasses import dataclass
from pathlib import Path

from .errors import DataError
from .loader import SCHEMES_DIR, Reading, proper_name, read_folder
from .positions import in_words, key_lines, line_of
from .toml_syntax import syntax_error_line


@dataclass
class Report:
    """A folder's reading, its errors and warnings as lines for a person."""

    folder: Path
    reading: Reading
    errors: list
    warnings: list

    @property
    def catalogue(self):
        return self.reading.catalogue

    def summary(self) -> str:
        if not self.errors:
            return f"{len(self.catalogue.aides)} dispositifs vérifiés ({self.folder}) : aucune erreur."
        n, files = len(self.errors), len({e.fichier for e in self.reading.errors})
        return (
            f"{n} erreur{'s' if n > 1 else ''} dans {files} fichier{'s' if files > 1 else ''} ({self.folder}) : "
            f"corrigez-{'les' if n > 1 else 'la'} puis relancez la vérification."
        )


def error_line(e: DataError, line: int | None) -> str:
    where = f"{e.fichier}, ligne {line}" if line else e.fichier
    return f"{where} : {in_words(e.champ)} : {e.message}"


def unread_line(folder: Path, name: str) -> str:
    if (folder / name).is_dir():
        return f"{name} : ce dossier n'est pas lu (les dispositifs sont des fichiers .toml rangés directement ici)"
    rename = f" ; renommez-le {proper_name(name)} s'il décrit un dispositif" if ".toml" in name.lower() else ""
    return f"{name} : ce fichier n'est pas lu (seuls les fichiers <identifiant>.toml le sont){rename}"


def _line(folder: Path, e: DataError, cache: dict) -> int | None:
    if e.champ == "syntaxe TOML":
        return syntax_error_line(e.message)
    path = folder / e.fichier
    if e.fichier not in cache:
        try:
            cache[e.fichier] = key_lines(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not a file of the folder, or not UTF-8
            cache[e.fichier] = {}
    return line_of(cache[e.fichier], e.champ)


def check_folder(dossier: Path | str | None = None) -> Report:
    """Every error and warning of the scheme folder `dossier` (the package's own by default)."""
    folder = Path(dossier) if dossier else SCHEMES_DIR
    reading = read_folder(folder)
    cache = {}
    located = [(e, _line(folder, e, cache)) for e in reading.errors]
    located.sort(key=lambda el: (el[0].fichier, el[1] or 0))
    return Report(
        folder,
        reading,
        [error_line(e, line) for e, line in located],
        [unread_line(folder, name) for name in reading.unread],
    )
