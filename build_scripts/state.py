"""The state of one site build, shared by the three MkDocs hooks (`hook.py`, `calculator_hook.py`,
`csp_hook.py`): where the data is, the build date, the checked catalogue and the site model
(or the data's errors), read once per build; the temporary folder the build writes to, removed when MkDocs stops.
"""

import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = ROOT / "engine" / "aides"


class BuildInputError(ValueError):
    """A build setting is wrong (a French message naming it)."""


def data_dir(config) -> Path:
    """The scheme folder: `$AIDES_DOSSIER`, else `extra.aides_dossier` in mkdocs.yml, else the
    engine's own `engine/aides` (relative paths from the repository's root)."""
    folder = os.environ.get("AIDES_DOSSIER") or config.extra.get("aides_dossier")
    if not folder:
        return DEFAULT_DATA_DIR
    path = Path(folder)
    return path if path.is_absolute() else ROOT / path


def build_date() -> datetime.date:
    """`$AIDES_DATE` (AAAA-MM-JJ), else today."""
    text = os.environ.get("AIDES_DATE")
    if not text:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise BuildInputError(f"AIDES_DATE : date attendue au format AAAA-MM-JJ (reçu « {text} »)") from None


@dataclass
class BuildState:
    command: str = "build"
    data_dir: Path | None = None
    date: datetime.date | None = None
    catalogue: object = None
    site: object = None
    errors: list = field(default_factory=list)  # the data's errors, one line each (engine.check)
    warnings: list = field(default_factory=list)
    calculator: object = None
    scratch: Path | None = None

    def scratch_dir(self, name: str) -> Path:
        """A fresh sub-folder `name` of this MkDocs run's temporary folder."""
        if self.scratch is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="aides-build-"))
        path = self.scratch / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path

    def clean_up(self):
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


CURRENT = BuildState()
