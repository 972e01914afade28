"""The two commands of the README, run on a copy of their scripts in a scratch folder:
`scripts/test` checks the data first and stops before ruff and pytest on an error, printing each
error once; `scripts/setup.sh` refuses a Python other than 3.11 to 3.14 or a Node older than 18
with a French message saying what to install, and rebuilds a `.venv` that does not match.
Interpreters, Node, ruff and pytest are small fakes, so nothing is installed from the network."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
MINIMAL = ROOT / "tests" / "engine" / "donnees" / "carim.toml"


def executable(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def copy_scripts(root: Path, *names) -> Path:
    for name in names:
        (root / "scripts").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "scripts" / name, root / "scripts" / name)
    return root


# A stand-in for .venv/bin/python: the real one for `-m engine`, a note instead of anything else.
FAKE_VENV_PYTHON = f"""#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "engine" ]; then exec "{sys.executable}" "$@"; fi
echo "python lancé : $*"
"""


def run_test_script(tmp_path, data: Path):
    root = copy_scripts(tmp_path / "depot", "test")
    # setup.sh is tested below: here it only goes to the repository's root, as the real one does.
    executable(root / "scripts" / "setup.sh", 'cd "$(dirname "${BASH_SOURCE[0]}")/.."\n')
    executable(root / ".venv" / "bin" / "python", FAKE_VENV_PYTHON)
    executable(root / ".venv" / "bin" / "ruff", 'echo "ruff lancé : $*"\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT), "AIDES_DOSSIER": str(data), "CHROMIUM": "/usr/bin/chromium"}
    return subprocess.run(
        ["bash", str(root / "scripts" / "test"), "-q"], cwd=tmp_path, env=env, capture_output=True, text=True
    )


def data_folder(tmp_path, replacements=()) -> Path:
    folder = tmp_path / "aides"
    folder.mkdir()
    text = MINIMAL.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    (folder / "carim.toml").write_text(text, encoding="utf-8")
    return folder


def test_scripts_test_stops_at_the_data_errors_each_printed_once(tmp_path):
    data = data_folder(
        tmp_path,
        [
            ('champ = "zone"\negal = "zar"', 'champ = "zone"\negal = "zrr"'),
            ('valeurs = [{ valeur = 2, source = "seed-001" }]', "valeurs = [{ valeur = 2 }]"),
            ('financeur = "ars"', 'financeur = "mecene"'),
        ],
    )
    r = run_test_script(tmp_path, data)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    for line in (
        "carim.toml, ligne 10 : financeur : financeur inconnu « mecene » (permis : ",
        "carim.toml, ligne 33 : 1re valeur du paramètre medecins_max, source : clé obligatoire absente",
        "carim.toml, ligne 45 : 2e condition, egal : zone inconnue « zrr » pour zone (permis : zip, zac, zar, hors_zone)",
    ):
        assert out.count(line) == 1, (line, out)
    assert "3 erreurs dans 1 fichier" in out
    assert "./scripts/test s'arrête là" in out
    assert "ruff lancé" not in out and "python lancé" not in out  # neither ruff nor pytest ran
    assert len(out.splitlines()) == 5  # three errors, the count, the advice: nothing else


def test_scripts_test_goes_on_to_ruff_and_pytest_when_the_data_is_right(tmp_path):
    r = run_test_script(tmp_path, data_folder(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "1 dispositifs vérifiés" in r.stdout and "aucune erreur" in r.stdout
    assert "ruff lancé : check --quiet ." in r.stdout
    assert "python lancé : -m pytest -q" in r.stdout


# A fake interpreter of the given version: `-m venv DIR` makes a virtualenv holding itself,
# `-m pip …` only writes its arguments to $JOURNAL.
FAKE_PYTHON = """#!/usr/bin/env bash
case "$1" in
  -c) echo "{version}" ;;
  -m) case "$2" in
        venv) {venv} ;;
        pip) echo "pip $*" >> "$JOURNAL" ;;
      esac ;;
esac
"""


def fake_python(path: Path, version: str, venv_works: bool = True) -> Path:
    venv = 'mkdir -p "$3/bin" && cp "$0" "$3/bin/python"' if venv_works else "exit 1"
    return executable(path, FAKE_PYTHON.format(version=version, venv=venv))


def run_setup(tmp_path, path_dirs=(), **env):
    root = copy_scripts(tmp_path / "depot", "setup.sh")
    (root / "requirements.txt").write_text("paquet==1.0 --hash=sha256:00\n", encoding="utf-8")
    journal = tmp_path / "pip.log"
    path = os.pathsep.join([*map(str, path_dirs), os.environ["PATH"]])
    r = subprocess.run(
        ["bash", "-c", f'source "{root}/scripts/setup.sh" && echo "installation terminée"'],
        cwd=tmp_path,
        env={**os.environ, "PATH": path, "JOURNAL": str(journal), **env},
        capture_output=True,
        text=True,
    )
    return r, root, journal


def test_setup_refuses_python_3_10_and_says_what_to_install(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir / "python3", "3.10")
    r, root, journal = run_setup(tmp_path, [bin_dir], PYTHON="python3")
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "Installation impossible : Python 3.10 trouvé (« python3 ») ; il faut Python 3.11 à 3.14. "
        "Installez-en un et relancez avec PYTHON=/chemin/vers/python3.11 par exemple."
    )
    assert not (root / ".venv").exists() and not journal.exists()


def test_setup_refuses_node_older_than_18(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir / "python3", "3.12")
    executable(bin_dir / "node", '[ "$1" = "-p" ] && echo 16 || echo v16.20.0\n')
    executable(bin_dir / "npm", "exit 0\n")
    r, root, _ = run_setup(tmp_path, [bin_dir], PYTHON="python3")
    assert r.returncode == 1
    assert "Node.js v16.20.0 trouvé ; Pyodide demande Node.js 18 ou plus." in r.stderr
    assert not (root / ".venv").exists()


def test_setup_names_python3_venv_when_venv_is_missing(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir / "python3", "3.11", venv_works=False)
    r, _, _ = run_setup(tmp_path, [bin_dir], PYTHON="python3")
    assert r.returncode == 1
    assert "sudo apt-get install python3-venv" in r.stderr


def test_setup_rebuilds_a_venv_made_by_another_python(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir / "python3", "3.12")
    root = tmp_path / "depot"
    fake_python(root / ".venv" / "bin" / "python", "3.10")  # left by an earlier, failed attempt
    (root / ".venv" / "reste-de-l-ancien").write_text("", encoding="utf-8")
    r, root, journal = run_setup(tmp_path, [bin_dir], PYTHON="python3")
    assert r.returncode == 0, r.stderr
    assert "Le virtualenv .venv ne correspond pas à Python 3.12 ou est incomplet : il est recréé." in r.stdout
    assert "installation terminée" in r.stdout
    assert not (root / ".venv" / "reste-de-l-ancien").exists()
    assert (root / ".venv" / ".complete").exists()
    pip = journal.read_text(encoding="utf-8")
    assert "--require-hashes -r requirements.txt" in pip and "-e ." in pip


def test_setup_rebuilds_an_incomplete_venv_and_then_keeps_it(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_python(bin_dir / "python3", "3.13")
    root = tmp_path / "depot"
    fake_python(root / ".venv" / "bin" / "python", "3.13")  # right version, but no .complete mark
    r, root, journal = run_setup(tmp_path, [bin_dir], PYTHON="python3")
    assert r.returncode == 0, r.stderr
    assert "il est recréé" in r.stdout
    journal.unlink()
    r, root, journal = run_setup(tmp_path, [bin_dir], PYTHON="python3")  # everything in place: quick
    assert r.returncode == 0, r.stderr
    assert "il est recréé" not in r.stdout and not journal.exists()
