"""Scale benchmark (not a test): synthetic scheme sets of 30, 300 and 3 000 schemes.

For each size: `mkdocs build` time and peak memory (a child process, its max RSS), the
calculator's evaluation time of one profile in Pyodide (under Node, benchmarks/pyodide_evaluation.mjs),
the engine's
evaluation time of one profile over the whole set (median) and of 10 000 profiles (CPython;
some five minutes over 3 000 schemes).
Synthetic schemes are copies of the real ones under new ids, so they exercise every formula.
Prints the figures and writes benchmarks/results/echelle.json.

Run: `.venv/bin/python benchmarks/echelle.py [--tailles 30,300,3000] [--sans-site]`.
"""

import argparse
import json
import os
import random
import re
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

from engine import evaluate, load  # noqa: E402

AIDES = RACINE / "engine" / "aides"


def _renommer(texte: str, ids: list, suffixe: str, garder_liens: bool) -> str:
    """A scheme file under new ids: its own and, in a full generation, those it refers to."""
    if not garder_liens:
        texte = re.sub(r"^(voir_aussi|remplace_par) = \[.*\]\n", "", texte, flags=re.M)
        return re.sub(r"\[\[cumuls\]\]\n(?:[a-z_]+ = .*\n)+", "", texte)
    for ident in ids:
        texte = texte.replace(f'"{ident}"', f'"{ident}{suffixe}"')
    return texte


def jeu_synthetique(dossier: Path, taille: int):
    """`taille` scheme files: generations of copies of the real ones under suffixed ids.

    A whole generation keeps its cross references (cumul rules, replacements) renamed within
    itself; the last, partial one drops them so that no reference dangles.
    """
    originaux = sorted(AIDES.glob("*.toml"))
    ids = [f.stem for f in originaux]
    for i in range(taille):
        generation, rang = divmod(i, len(originaux))
        complete = (generation + 1) * len(originaux) <= taille
        source = originaux[rang]
        suffixe = f"-g{generation}"
        texte = _renommer(source.read_text(encoding="utf-8"), ids, suffixe, complete)
        if not complete:
            texte = texte.replace(f'id = "{source.stem}"', f'id = "{source.stem}{suffixe}"', 1)
        (dossier / f"{source.stem}{suffixe}.toml").write_text(texte, encoding="utf-8")


def profils(n: int):
    cas = cas_de_profils()
    random.Random(1).shuffle(cas)
    return [cas[i % len(cas)] for i in range(n)]


def mesurer_pyodide(dossier: Path, tmp: Path, n: int = 30) -> dict:
    """Median time of one evaluation in Pyodide under Node, over the same synthetic set."""
    from build_scripts.engine_wheel import build

    roue, _ = build(tmp / "roue", dossier)
    entree = tmp / "profils.json"
    entree.write_text(json.dumps([{"profil": p, "date": d} for p, d in profils(n)]), encoding="utf-8")
    r = subprocess.run(
        ["node", str(RACINE / "benchmarks" / "pyodide_evaluation.mjs"), str(roue), str(entree)],
        cwd=RACINE,
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        return {"pyodide_erreur": r.stderr[-500:]}
    mesure = json.loads(r.stdout)
    return {"pyodide_evaluation_un_profil_ms": mesure["mediane_ms"], "pyodide_python": mesure["python"]}


MKDOCS_MESURE = (
    "import atexit, resource, runpy, sys\n"
    "atexit.register(lambda: sys.stderr.write('MAXRSS_KO=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "sys.argv = ['mkdocs'] + sys.argv[1:]\n"
    "runpy.run_module('mkdocs', run_name='__main__')\n"
)


def mesurer_site(dossier: Path, sortie: Path) -> dict:
    """`mkdocs build` time and the build process's own peak memory (its max RSS)."""
    env = {**os.environ, "AIDES_DOSSIER": str(dossier)}
    debut = time.perf_counter()
    r = subprocess.run(
        [str(RACINE / ".venv" / "bin" / "python"), "-c", MKDOCS_MESURE, "build", "--quiet", "--site-dir", str(sortie)],
        cwd=RACINE,
        env=env,
        capture_output=True,
        text=True,
    )
    duree = time.perf_counter() - debut
    if r.returncode != 0:
        raise SystemExit(f"mkdocs build a échoué :\n{r.stderr[-2000:]}")
    pic = int(re.search(r"MAXRSS_KO=(\d+)", r.stderr).group(1))
    return {
        "build_s": round(duree, 2),
        "pic_memoire_mo": round(pic / 1024, 1),
        "pages": sum(1 for _ in sortie.rglob("index.html")),
    }


def mesurer_moteur(dossier: Path) -> dict:
    debut = time.perf_counter()
    catalogue = load(dossier)
    chargement = time.perf_counter() - debut
    un = profils(50)
    durees = []
    for profil, date in un:
        t = time.perf_counter()
        evaluate(profil, date, catalogue)
        durees.append(time.perf_counter() - t)
    mesures = {
        "chargement_s": round(chargement, 3),
        "evaluation_un_profil_ms": round(statistics.median(durees) * 1000, 2),
    }
    t = time.perf_counter()
    for profil, date in profils(10_000):
        evaluate(profil, date, catalogue)
    mesures["evaluation_10000_profils_s"] = round(time.perf_counter() - t, 2)
    return mesures


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tailles", default="30,300,3000")
    p.add_argument("--sans-site", action="store_true", help="ne mesurer que le moteur")
    args = p.parse_args()
    resultats = []
    for taille in [int(t) for t in args.tailles.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            dossier = Path(tmp) / "aides"
            dossier.mkdir()
            jeu_synthetique(dossier, taille)
            ligne = {"dispositifs": taille, **mesurer_moteur(dossier), **mesurer_pyodide(dossier, Path(tmp))}
            if not args.sans_site:
                ligne.update(mesurer_site(dossier, Path(tmp) / "site"))
            resultats.append(ligne)
            print(json.dumps(ligne, ensure_ascii=False))
    premier = resultats[0]
    for ligne in resultats:
        facteur = ligne["dispositifs"] / premier["dispositifs"]
        if "build_s" in ligne:
            ligne["build_rapport_au_plus_petit"] = round(ligne["build_s"] / premier["build_s"], 2)
        ligne["evaluation_rapport_au_plus_petit"] = round(
            ligne["evaluation_un_profil_ms"] / premier["evaluation_un_profil_ms"], 2
        )
        ligne["facteur_taille"] = facteur
    sortie = RACINE / "benchmarks" / "results" / "echelle.json"
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(
        json.dumps(
            {"objectifs": {"build_3000_s": 120, "evaluation_3000_ms": 50}, "mesures": resultats},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"→ {sortie.relative_to(RACINE)}")


if __name__ == "__main__":
    main()
