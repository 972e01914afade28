"""Benchmark of `engine.evaluate` over every scheme (not a test): prints figures, writes JSON.

Run: `.venv/bin/python benchmarks/engine.py`. Profiles are the worked cases of tests/cas; the
figure is the median time of one evaluation over all schemes, with the catalogue already loaded.
Target (issue 2): under 5 ms per profile in CPython on this machine.
"""

import json
import platform
import statistics
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RACINE))
sys.path.insert(0, str(RACINE / "tests"))

from cas import profils as cas_de_profils  # noqa: E402

from engine import default_catalogue, evaluate  # noqa: E402


def main():
    debut = time.perf_counter()
    catalogue = default_catalogue()
    chargement = time.perf_counter() - debut
    cas = cas_de_profils()
    for profil, date in cas:  # warm-up
        evaluate(profil, date, catalogue)
    durees = []
    for _ in range(20):
        for profil, date in cas:
            t = time.perf_counter()
            evaluate(profil, date, catalogue)
            durees.append(time.perf_counter() - t)
    resultat = {
        "python": platform.python_version(),
        "dispositifs": len(catalogue.aides),
        "profils": len(cas),
        "evaluations": len(durees),
        "chargement_catalogue_ms": round(chargement * 1000, 2),
        "evaluation_mediane_ms": round(statistics.median(durees) * 1000, 3),
        "evaluation_p95_ms": round(sorted(durees)[int(len(durees) * 0.95)] * 1000, 3),
        "objectif_ms": 5,
    }
    sortie = RACINE / "benchmarks" / "results" / "engine.json"
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(json.dumps(resultat, indent=2) + "\n")
    for cle, valeur in resultat.items():
        print(f"{cle}: {valeur}")
    print(f"→ {sortie.relative_to(RACINE)}")


if __name__ == "__main__":
    main()
