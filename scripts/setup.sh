# Sourced by scripts/serve and scripts/test: a virtualenv with the locked packages (hashes checked)
# and the project installed in it, and Pyodide from npm (package-lock.json). Idempotent: quick
# when everything is already there. Environment: PYTHON (the interpreter to build .venv with,
# default python3).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"

fail() { printf 'Installation impossible : %s\n' "$1" >&2; exit 1; }

python_minor() { "$1" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null; }
supported() { case "$1" in 3.11|3.12|3.13|3.14) return 0 ;; *) return 1 ;; esac; }

command -v "$PYTHON" >/dev/null 2>&1 ||
  fail "« $PYTHON » est introuvable. Installez Python 3.11 à 3.14 (Debian : sudo apt-get install python3 python3-venv), ou indiquez-le avec PYTHON=/chemin/vers/python3."
version="$(python_minor "$PYTHON")"
supported "$version" ||
  fail "Python $version trouvé (« $PYTHON ») ; il faut Python 3.11 à 3.14. Installez-en un et relancez avec PYTHON=/chemin/vers/python3.11 par exemple."
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
  fail "Node.js et npm sont introuvables : installez Node.js 18 ou plus (Debian : sudo apt-get install nodejs npm)."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] ||
  fail "Node.js $(node --version) trouvé ; Pyodide demande Node.js 18 ou plus."

# A .venv made by another Python (or left broken by an interrupted install) is made again.
if [ -e .venv ] && { [ ! -x .venv/bin/python ] || [ "$(python_minor .venv/bin/python)" != "$version" ] || [ ! -f .venv/.complete ]; }; then
  echo "Le virtualenv .venv ne correspond pas à Python $version ou est incomplet : il est recréé."
  rm -rf .venv
fi
if [ ! -d .venv ]; then
  "$PYTHON" -m venv .venv 2>/dev/null ||
    fail "python3 -m venv a échoué : installez le module venv (Debian : sudo apt-get install python3-venv)."
fi
if ! cmp -s requirements.txt .venv/.requirements.installed; then
  rm -f .venv/.complete
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt ||
    fail "l'installation des paquets Python de requirements.txt a échoué (voir le message ci-dessus)."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e . ||
    fail "l'installation du projet dans .venv a échoué (voir le message ci-dessus)."
  cp requirements.txt .venv/.requirements.installed
  touch .venv/.complete
fi
if [ -f package-lock.json ] && ! cmp -s package-lock.json node_modules/.package-lock.installed 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error || fail "npm ci a échoué (voir le message ci-dessus)."
  cp package-lock.json node_modules/.package-lock.installed
fi
