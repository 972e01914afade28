"""Benchmark of « Et ailleurs ? » (not a test): the whole comparison table — the situation in every
zone and every region with aids of its own — in one call, as the calculator's worker makes it.

Run: `.venv/bin/python benchmarks/ailleurs.py [--profils N]`. Profiles are worked cases of
tests/cas (a fixed shuffle). Figures: the number of variants per table, the time of one
`engine.api.compare_json` call in CPython and in Pyodide under Node (the site's npm package, the
engine's wheel as the build makes it), and of one `evaluate_json` (the evaluation with its
schedule's figure). Target (issue 17): the whole table under 300 ms in Pyodide.
"""

import argparse
import json
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "tests"))

from cas import profils as cas_de_profils  # noqa: E402

from build_scripts.engine_wheel import build  # noqa: E402
from engine import default_catalogue  # noqa: E402
from engine.api import compare_json, evaluate_json  # noqa: E402
from engine.variants import compare  # noqa: E402

OBJECTIF_MS = 300


def _profils(n: int) -> list:
    cas = cas_de_profils()
    random.Random(17).shuffle(cas)
    return cas[:n]


def _cpython(fonction, profils) -> dict:
    fonction(json.dumps(profils[0][0]), profils[0][1])
    durees = []
    for profil, date in profils:
        t = time.perf_counter()
        fonction(json.dumps(profil), date)
        durees.append((time.perf_counter() - t) * 1000)
    durees.sort()
    return {"mediane_ms": round(statistics.median(durees), 2), "max_ms": round(durees[-1], 2)}


def _pyodide(roue: Path, entree: Path, fonction: str) -> dict:
    r = subprocess.run(
        ["node", str(RACINE / "benchmarks" / "pyodide_evaluation.mjs"), str(roue), str(entree), fonction],
        cwd=RACINE,
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        return {"erreur": r.stderr[-500:]}
    return json.loads(r.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profils", type=int, default=60)
    args = parser.parse_args()
    profils = _profils(args.profils)
    catalogue = default_catalogue()
    variantes = [len(compare(p, d, catalogue)["variantes"]) for p, d in profils]
    resultat = {
        "python": platform.python_version(),
        "dispositifs": len(catalogue.aides),
        "profils": len(profils),
        "variantes_par_tableau_mediane": statistics.median(variantes),
        "variantes_par_tableau_max": max(variantes),
        "cpython_comparaison": _cpython(compare_json, profils),
        "cpython_resultat": _cpython(evaluate_json, profils),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        roue, _ = build(tmp / "roue")
        entree = tmp / "profils.json"
        entree.write_text(json.dumps([{"profil": p, "date": d} for p, d in profils]), encoding="utf-8")
        resultat["pyodide_comparaison"] = _pyodide(roue, entree, "compare_json")
        resultat["pyodide_resultat"] = _pyodide(roue, entree, "evaluate_json")
    resultat["objectif_pyodide_comparaison_ms"] = OBJECTIF_MS
    sortie = RACINE / "benchmarks" / "results" / "ailleurs.json"
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(json.dumps(resultat, indent=2, ensure_ascii=False) + "\n")
    for cle, valeur in resultat.items():
        print(f"{cle}: {valeur}")
    print(f"→ {sortie.relative_to(RACINE)}")


if __name__ == "__main__":
    main()
