"""The engine as a standard wheel for Pyodide, built with the standard library only.

`construire(destination, dossier_aides)` writes `aides_medecins_engine-<version>+<hash>-py3-none-any.whl`
holding `engine/*.py`, `engine/*.toml` and the scheme files (`engine/aides/*.toml`, or those of
`dossier_aides`), plus the `.dist-info` files a wheel needs (METADATA, WHEEL, RECORD). The hash is
that of the packaged files' names and bytes, so a changed engine or scheme gets a new file name and
no cache can serve a stale engine. The archive is reproducible: sorted entries, fixed timestamps.

`pyodide build` is not needed (and cannot run offline): the engine is pure Python, and Pyodide
installs a plain `py3-none-any` wheel as it is.
"""

import base64
import hashlib
import tomllib
import zipfile
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
MOTEUR = RACINE / "engine"
DISTRIBUTION = "aides_medecins_engine"
DATE_FIXE = (1980, 1, 1, 0, 0, 0)


def version_projet() -> str:
    """The version declared in pyproject.toml."""
    with open(RACINE / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def fichiers_du_paquet(dossier_aides: Path | None = None) -> dict:
    """Archive path -> bytes of every file the engine needs at run time."""
    dossier_aides = Path(dossier_aides) if dossier_aides else MOTEUR / "aides"
    contenu = {}
    for motif in ("*.py", "*.toml"):
        for chemin in sorted(MOTEUR.glob(motif)):
            contenu[f"engine/{chemin.name}"] = chemin.read_bytes()
    for chemin in sorted(dossier_aides.glob("*.toml")):
        contenu[f"engine/aides/{chemin.name}"] = chemin.read_bytes()
    return contenu


def empreinte(contenu: dict) -> str:
    """Short sha256 of the files' names and bytes (12 hex digits)."""
    h = hashlib.sha256()
    for nom in sorted(contenu):
        h.update(nom.encode() + b"\0" + hashlib.sha256(contenu[nom]).digest())
    return h.hexdigest()[:12]


def _ligne_record(nom: str, donnees: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(donnees).digest()).rstrip(b"=").decode()
    return f"{nom},sha256={digest},{len(donnees)}"


def _metadonnees(version: str) -> dict:
    with open(RACINE / "pyproject.toml", "rb") as f:
        projet = tomllib.load(f)["project"]
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {projet['name']}\n"
        f"Version: {version}\n"
        f"Summary: {projet['description']}\n"
        f"Requires-Python: {projet['requires-python']}\n"
    )
    wheel = ("Wheel-Version: 1.0\n"
             "Generator: build_scripts/engine_wheel.py\n"
             "Root-Is-Purelib: true\n"
             "Tag: py3-none-any\n")
    return {"METADATA": metadata.encode(), "WHEEL": wheel.encode()}


def construire(destination: Path, dossier_aides: Path | None = None) -> tuple[Path, str]:
    """Write the wheel into `destination`; return its path and the content hash."""
    contenu = fichiers_du_paquet(dossier_aides)
    code = empreinte(contenu)
    version = f"{version_projet()}+{code}"
    info = f"{DISTRIBUTION}-{version}.dist-info"
    entrees = dict(contenu)
    for nom, donnees in _metadonnees(version).items():
        entrees[f"{info}/{nom}"] = donnees
    record = [_ligne_record(nom, donnees) for nom, donnees in sorted(entrees.items())]
    record.append(f"{info}/RECORD,,")
    entrees[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()

    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    chemin = destination / f"{DISTRIBUTION}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for nom in sorted(entrees):
            zi = zipfile.ZipInfo(nom, DATE_FIXE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, entrees[nom])
    return chemin, code


if __name__ == "__main__":
    import sys
    sortie, h = construire(Path(sys.argv[1]) if len(sys.argv) > 1 else RACINE / "dist")
    print(sortie, h)
