"""Parity: the engine in Pyodide under Node gives byte-identical JSON to the engine in CPython.

The profiles are every worked case of tests/cas (valid ones) plus invalid inputs (the French
error JSON must match too). The engine is packaged as the site ships it (build_scripts/engine_wheel.py)
and run by the npm package `pyodide` (node_modules, from `npm ci`) through tests/parite/parite.mjs,
on the standard library the site ships: trimmed to what Pyodide and the engine import, compiled
(build_scripts/python_stdlib.py). A module the engine needs and the trimmed library lacks fails here.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from cas import profils as cas_de_profils

from build_scripts import engine_wheel, python_stdlib
from engine.api import evaluate_json

ICI = Path(__file__).parent
RACINE = ICI.parents[1]

INVALIDES = [
    ({"beneficiaire": "cpts", "cpts_habitants": "-5"}, "2026-03-01"),
    ({"beneficiaire": "cpts", "cpts_habitants": "beaucoup"}, "2026-03-01"),
    ({"beneficiaire": "medecin", "jours_par_semaine": "9"}, "2026-03-01"),
    ({"beneficiaire": "inconnu"}, "2026-03-01"),
    ({"region": "53", "departement": "02"}, "2026-03-01"),
    ({"champ_inconnu": 1}, "2026-03-01"),
    ({"beneficiaire": "medecin"}, "2026-13-01"),
]


def profils():
    cas = cas_de_profils()
    cas += INVALIDES
    cas.append(({"beneficiaire": "centre_sante", "heures_semaine": "17,5", "demi_journees_semaine": "5"}, "2026-03-01"))
    return cas


def calcul_cpython(profil, date):
    return evaluate_json(json.dumps(profil, ensure_ascii=False), date)


def test_pyodide_sous_node_donne_le_meme_json(tmp_path):
    node = shutil.which("node")
    if node is None or not (RACINE / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        pytest.skip("Node ou node_modules/pyodide absent (lancez npm ci)")
    roue, _ = engine_wheel.build(tmp_path / "roue")
    stdlib = python_stdlib.build(tmp_path / "stdlib")
    verrou = tmp_path / "verrou.json"
    verrou.write_text(python_stdlib.lock_contents(), encoding="utf-8")
    cas = profils()
    entree = tmp_path / "profils.json"
    entree.write_text(json.dumps([{"profil": p, "date": d} for p, d in cas], ensure_ascii=False), encoding="utf-8")
    sortie = tmp_path / "resultats.json"
    r = subprocess.run(
        [node, str(ICI / "parite.mjs"), str(roue), str(entree), str(sortie), str(stdlib), str(verrou)],
        cwd=RACINE,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    obtenu = json.loads(sortie.read_text(encoding="utf-8"))
    assert obtenu["python"].startswith("3.14"), obtenu["python"]
    assert len(obtenu["resultats"]) == len(cas)
    differences = [
        (p, d) for (p, d), texte in zip(cas, obtenu["resultats"], strict=True) if texte != calcul_cpython(p, d)
    ]
    assert not differences, f"{len(differences)} profils différents, dont : {differences[:3]}"
    assert sum('"erreur"' in t[:12] for t in obtenu["resultats"]) >= len(INVALIDES)
