"""The engine as a standard wheel for Pyodide, built with the standard library only.

`build(destination, data_dir)` writes `aides_medecins_engine-<version>+<hash>-py3-none-any.whl`
holding `engine/*.py`, `engine/*.toml` and the scheme files (`engine/aides/*.toml`, or those of
`data_dir`), plus the `.dist-info` files a wheel needs (METADATA, WHEEL, RECORD). The hash is
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

from build_scripts.state import ROOT

ENGINE = ROOT / "engine"
DISTRIBUTION = "aides_medecins_engine"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def project_version() -> str:
    """The version declared in pyproject.toml."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def package_files(data_dir: Path | None = None) -> dict:
    """Archive path -> bytes of every file the engine needs at run time."""
    data_dir = Path(data_dir) if data_dir else ENGINE / "aides"
    files = {}
    for pattern in ("*.py", "*.toml"):
        for path in sorted(ENGINE.glob(pattern)):
            files[f"engine/{path.name}"] = path.read_bytes()
    for path in sorted(data_dir.glob("*.toml")):
        files[f"engine/aides/{path.name}"] = path.read_bytes()
    return files


def content_hash(files: dict) -> str:
    """Short sha256 of files' names and bytes (12 hex digits): a name for content that changes."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode() + b"\0" + hashlib.sha256(files[name]).digest())
    return h.hexdigest()[:12]


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _metadata(version: str) -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)["project"]
    metadata = (
        "Metadata-Version: 2.1\n"
        f"Name: {project['name']}\n"
        f"Version: {version}\n"
        f"Summary: {project['description']}\n"
        f"Requires-Python: {project['requires-python']}\n"
    )
    wheel = "Wheel-Version: 1.0\nGenerator: build_scripts/engine_wheel.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    return {"METADATA": metadata.encode(), "WHEEL": wheel.encode()}


def build(destination: Path, data_dir: Path | None = None) -> tuple[Path, str]:
    """Write the wheel into `destination`; return its path and the content hash."""
    files = package_files(data_dir)
    code = content_hash(files)
    version = f"{project_version()}+{code}"
    info = f"{DISTRIBUTION}-{version}.dist-info"
    entries = dict(files)
    for name, data in _metadata(version).items():
        entries[f"{info}/{name}"] = data
    record = [_record_line(name, data) for name, data in sorted(entries.items())]
    record.append(f"{info}/RECORD,,")
    entries[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()

    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    path = destination / f"{DISTRIBUTION}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(entries):
            zi = zipfile.ZipInfo(name, FIXED_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, entries[name])
    return path, code


if __name__ == "__main__":
    import sys

    out, h = build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist")
    print(out, h)
