"""The Python standard library the calculator ships: only what Pyodide and the engine import,
compiled to bytecode, made from Pyodide's own `python_stdlib.zip` (node_modules/pyodide).

Pyodide's zip holds the whole standard library as sources (614 files, 2.5 MB, compressed); the
calculator's interpreter imports about 170 of those modules, and compiles each from source at every
start. `build(destination)` writes `python_stdlib-<hash>.zip` (given to `loadPyodide` as
`stdLibURL`), which holds every standard module found in `sys.modules` once Pyodide has started,
installed the engine's wheel as the calculator does (unzipped into site-packages,
pyodide_engine.mjs) and run the engine on a workload (the empty profile, each scheme's
worked examples, invalid profiles; the evaluation and « Et ailleurs ? »), each compiled by
Pyodide's own Python to a `.pyc` without its source, as `python -OO` compiles (no docstrings, no
`assert`: a mode CPython supports for its whole library) and without column positions
(`PYTHONNODEBUGRANGES`, which only shortens tracebacks): 1 MB instead of 2.5 MB, and no
compilation in the browser (measured: a third of the CPU time of Python's start).

The work runs in Pyodide under Node (`python_stdlib.mjs`, which runs `python_stdlib_trim.py`
inside Pyodide) and its result is kept in the system's temporary folder under a name made of its
inputs (Pyodide's files, the engine's code, this code), so that a rebuild does not run it again.
tests/parite runs the whole parity suite against the trimmed library: a module the engine needs
and the workload missed would fail there.
"""

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from build_scripts.state import ROOT

HERE = Path(__file__).resolve().parent
PYODIDE = ROOT / "node_modules" / "pyodide"
RUNNER = HERE / "python_stdlib.mjs"
TRIM = HERE / "python_stdlib_trim.py"
# Profiles that take the engine through its error paths (bad value, unknown field, bad JSON, date).
INVALID = [
    ('{"beneficiaire": "cpts", "cpts_habitants": "beaucoup"}', "2026-03-01"),
    ('{"champ_inconnu": 1}', "2026-03-01"),
    ('{"beneficiaire": ', "2026-03-01"),
    ('{"beneficiaire": "medecin"}', "2026-13-01"),
    ('{"beneficiaire": "medecin"}', "1990-01-01"),
]


def workload() -> list:
    """(profile JSON, date) pairs: the empty profile, every scheme's worked examples, invalid ones."""
    from engine.loader import default_catalogue

    pairs = [("{}", "")]
    for aide in default_catalogue().aides.values():
        for example in aide.exemples:
            pairs.append((json.dumps(example["profil"], ensure_ascii=False, default=str), str(example["date"])))
    return pairs + INVALID


def _key() -> str:
    h = hashlib.sha256()
    for path in [
        PYODIDE / "package.json",
        PYODIDE / "python_stdlib.zip",
        Path(__file__),
        RUNNER,
        TRIM,
        HERE / "pyodide_engine.mjs",
        ROOT / "browser" / "calculator" / "worker.js",
        *sorted((ROOT / "engine").glob("*.py")),
    ]:
        h.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def build(destination: Path) -> Path:
    """Write the trimmed library into `destination` (`python_stdlib-<hash of its bytes>.zip`)."""
    from build_scripts import engine_wheel

    cache = Path(tempfile.gettempdir()) / "aides-medecins-stdlib" / f"{_key()}.zip"
    if not cache.exists():
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("Node.js est introuvable : il faut Node.js 18 ou plus pour préparer le calculateur.")
        with tempfile.TemporaryDirectory() as scratch:
            scratch = Path(scratch)
            wheel, _ = engine_wheel.build(scratch / "roue")
            (scratch / "charge.json").write_text(json.dumps(workload(), ensure_ascii=False), encoding="utf-8")
            result = subprocess.run(
                [node, str(RUNNER), str(wheel), str(scratch / "charge.json"), str(scratch / "stdlib.zip")],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise RuntimeError(f"la bibliothèque Python réduite n'a pas pu être faite :\n{result.stderr[-2000:]}")
            cache.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(scratch / "stdlib.zip", cache.with_suffix(".tmp"))
            cache.with_suffix(".tmp").replace(cache)
    data = cache.read_bytes()
    path = Path(destination) / f"python_stdlib-{hashlib.sha256(data).hexdigest()[:12]}.zip"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def lock_contents() -> str:
    """Pyodide's lock file without its packages (the calculator installs none from it): what
    `loadPyodide` checks (its `info`), given inline instead of a 119 KB download."""
    info = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    return json.dumps({"info": info, "packages": {}}, separators=(",", ":"))
