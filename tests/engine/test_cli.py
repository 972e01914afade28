"""`python -m engine`: JSON on standard output, a French message and exit code 2 on bad input."""

import json
import subprocess
import sys
from pathlib import Path

RACINE = Path(__file__).parents[2]


def lancer(*args, entree=None):
    return subprocess.run(
        [sys.executable, "-m", "engine", *args], input=entree, capture_output=True, text=True, cwd=RACINE
    )


CPTS = {
    "beneficiaire": "cpts",
    "cpts_habitants": 100000,
    "projet_sante_valide": True,
    "cpts_missions": ["acces_soins", "parcours", "prevention", "qualite", "accompagnement"],
}


def test_evaluate_from_stdin():
    r = lancer("evaluate", "-", "--date", "2026-03-01", entree=json.dumps(CPTS))
    assert r.returncode == 0, r.stderr
    sortie = json.loads(r.stdout)
    assert sortie["date"] == "2026-03-01"
    cpts = next(a for a in sortie["aides"] if a["id"] == "aci-cpts")
    assert cpts["statut"] == "eligible"
    assert cpts["montant_annuel"] == 315000
    assert set(sortie) >= {"aides", "incompatibilites", "meilleure_combinaison", "manquants"}
    assert set(cpts) >= {"id", "statut", "montant_annuel", "montant_total", "conditions", "manquants", "source"}


def test_compare_from_stdin():
    # A CPTS of 100 000 inhabitants with every mission: 315 000 € a year wherever it is.
    r = lancer("compare", "-", "--date", "2026-03-01", entree=json.dumps(CPTS))
    assert r.returncode == 0, r.stderr
    sortie = json.loads(r.stdout)
    assert sortie["reference"]["montant_annuel_sans_duree"] == 315000
    assert [v["id"] for v in sortie["variantes"]][:4] == ["zone:zip", "zone:zac", "zone:zar", "zone:hors_zone"]
    assert all(v["ecart_annuel"] == 0 for v in sortie["variantes"])


def test_evaluate_from_file(tmp_path):
    fichier = tmp_path / "profil.json"
    fichier.write_text(json.dumps(CPTS), encoding="utf-8")
    r = lancer("evaluate", str(fichier), "--date", "2026-03-01")
    assert r.returncode == 0, r.stderr


def test_bad_profile_exit_2_with_french_message():
    r = lancer("evaluate", "-", entree=json.dumps({"demi_journees_semaine": 40}))
    assert r.returncode == 2
    assert "demi_journees_semaine" in r.stderr and "ne peut pas dépasser 14" in r.stderr
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


def test_bad_json_and_missing_file_and_bad_date():
    assert "JSON invalide" in lancer("evaluate", "-", entree="{zone: zip").stderr
    r = lancer("evaluate", "/nonexistent.json")
    assert r.returncode == 2 and "impossible de lire" in r.stderr
    r = lancer("evaluate", "-", "--date", "demain", entree="{}")
    assert r.returncode == 2 and "date" in r.stderr and "Traceback" not in r.stderr


def test_list():
    r = lancer("list")
    assert r.returncode == 0
    assert any(ligne.startswith("carim\taide\t") for ligne in r.stdout.splitlines())
