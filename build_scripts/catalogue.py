"""The scheme catalogue of the current build, read once and shared by the hooks.

`hook.py` reads the data folder at the start of every build (`lire`); `calculator_hook.py` takes
that same catalogue (`du_build`) rather than reading and checking thousands of files again.
"""

from pathlib import Path

import engine

_courant: dict = {}


def lire(dossier: Path) -> engine.Catalogue:
    """Read and check `dossier` afresh and keep it as this build's catalogue."""
    _courant.clear()
    _courant[Path(dossier)] = engine.load(dossier)
    return _courant[Path(dossier)]


def du_build(dossier: Path) -> engine.Catalogue:
    """The catalogue this build read from `dossier` (read now if no hook has)."""
    return _courant.get(Path(dossier)) or lire(dossier)
