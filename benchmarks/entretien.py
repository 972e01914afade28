"""Benchmark of the interview (not a test): prints figures, writes benchmarks/results/entretien.json.

Run: `.venv/bin/python benchmarks/entretien.py`. The four personas of the interview's tests
answer step by step; every situation met on the way is one call of `engine.api.evaluate_json`
(the evaluation with the interview: what the calculator's worker runs after each answer), timed in
CPython and in Pyodide under Node (benchmarks/pyodide_evaluation.mjs), plus the situations with a
« je ne sais pas » (each possible answer evaluated). Target (issue 16): each answer re-evaluated in
the worker in under 30 ms.
"""

import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "tests" / "engine"))

from test_interview import CENTRE_BRETAGNE_ZAR, CPTS, GP_ZIP, INTERNE_AISNE, drive  # noqa: E402

from build_scripts.engine_wheel import build  # noqa: E402
from engine.api import evaluate_json  # noqa: E402
from engine.loader import SCHEMES_DIR  # noqa: E402

PERSONAS = [
    (GP_ZIP, "2026-03-20"),
    (CENTRE_BRETAGNE_ZAR, "2026-03-01"),
    (CPTS, "2026-03-01"),
    (INTERNE_AISNE, "2026-03-01"),
    (
        {
            **GP_ZIP,
            "zone": "ne_sait_pas",
            "region": "53",
            "departement": "29",
            "mode_exercice": "liberal",
            "deja_installe": False,
        },
        "2026-03-20",
    ),
]


def situations() -> list:
    """Every situation the personas go through, as (profile, date)."""
    out = []
    for persona, date in PERSONAS:
        asked, _bounds, _r = drive(persona, date)
        raw = {}
        out.append((dict(raw), date))
        for names in asked:
            raw.update({n: persona[n] for n in names})
            out.append((dict(raw), date))
    return out


def main():
    cas = situations()
    for profil, date in cas:  # warm-up
        evaluate_json(json.dumps(profil), date)
    par_situation = [[] for _ in cas]
    for _ in range(10):
        for k, (profil, date) in enumerate(cas):
            t = time.perf_counter()
            evaluate_json(json.dumps(profil), date)
            par_situation[k].append((time.perf_counter() - t) * 1000)
    medianes = [statistics.median(d) for d in par_situation]
    resultat = {
        "python": platform.python_version(),
        "situations": len(cas),
        "cpython_mediane_ms": round(statistics.median(medianes), 2),
        "cpython_pire_situation_ms": round(max(medianes), 2),
    }
    with tempfile.TemporaryDirectory() as tmp:
        roue, _ = build(Path(tmp) / "roue", SCHEMES_DIR)
        entree = Path(tmp) / "situations.json"
        entree.write_text(json.dumps([{"profil": p, "date": d} for p, d in cas]), encoding="utf-8")
        r = subprocess.run(
            ["node", str(RACINE / "benchmarks" / "pyodide_evaluation.mjs"), str(roue), str(entree)],
            cwd=RACINE,
            capture_output=True,
            text=True,
        )
    if r.returncode == 0:
        mesure = json.loads(r.stdout)
        resultat.update(
            pyodide_python=mesure["python"], pyodide_mediane_ms=mesure["mediane_ms"], pyodide_max_ms=mesure["max_ms"]
        )
    else:
        resultat["pyodide_erreur"] = r.stderr[-500:]
    print(json.dumps(resultat, ensure_ascii=False, indent=2))
    sortie = RACINE / "benchmarks" / "results"
    sortie.mkdir(parents=True, exist_ok=True)
    (sortie / "entretien.json").write_text(json.dumps(resultat, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
