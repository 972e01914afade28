"""`python -m engine`: JSON on standard output, a French message and exit code 2 on bad input."""

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_bad_date():
    r = lancer("evaluate", "-", "--date", "demain", entree="{}")
    assert r.returncode == 2 and "date" in r.stderr and "Traceback" not in r.stderr
    # A date the data do not cover: refused with the range, by both commands.
    for commande in ("evaluate", "compare"):
        r = lancer(commande, "-", "--date", "1990-01-01", entree="{}")
        assert r.returncode == 2 and r.stderr.startswith("erreur : date : la date de la situation (01/01/1990)")


def test_list():
    r = lancer("list")
    assert r.returncode == 0
    assert any(ligne.startswith("carim\taide\t") for ligne in r.stdout.splitlines())


# The README's example: a CPTS of 100 000 inhabitants with the three core missions.
CPTS_README = {**CPTS, "cpts_missions": ["acces_soins", "parcours", "prevention"]}


def test_a_yearly_aid_with_no_end_never_reads_as_zero_money():
    r = lancer("evaluate", "-", "--date", "2026-03-01", entree=json.dumps(CPTS_README))
    sortie = json.loads(r.stdout)
    cpts = next(a for a in sortie["aides"] if a["id"] == "aci-cpts")
    # 75 000 € of running costs + 65 000, 90 000 and 35 000 € for the three core missions (size 3).
    assert (cpts["montant_annuel"], cpts["montant_total"]) == (265000, None)
    best = sortie["meilleure_combinaison"]
    assert (best["ids"], best["montant_total"], best["montant_annuel_sans_duree"]) == (["aci-cpts"], None, 265000)


def test_argparse_speaks_french():
    r = lancer("evaluate")
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        "utilisation : python -m engine evaluate [-h] [--date AAAA-MM-JJ] FICHIER",
        "erreur : argument obligatoire absent : FICHIER",
    ]
    r = lancer("evalue")
    assert r.returncode == 2
    # (Python 3.12.8 and later write the choices without quotes.)
    assert "erreur : COMMANDE : choix inconnu 'evalue' (choix possibles : " in r.stderr
    assert all(c in r.stderr for c in ("evaluate", "list", "schema", "check"))
    r = lancer("list", "--couleur")
    assert r.returncode == 2 and "erreur : argument inconnu : --couleur" in r.stderr
    aide = lancer("--help").stdout
    assert aide.startswith("utilisation : python -m engine [-h] COMMANDE ...")
    for mots in ("arguments:", "-h, --help  afficher cette aide", "check     vérifier les fichiers de données"):
        assert mots in aide
    assert not any(mot in aide for mot in ("usage", "positional", "show this help"))


def test_argparse_is_english_again_after_the_command():
    from engine import cli

    cli.main(["list"])
    assert argparse._("usage: ") == "usage: "


@pytest.mark.parametrize(
    "entree, message",
    [
        (
            "{zone: zip",
            "erreur : profil : JSON invalide ligne 1, colonne 2 : nom de champ entre guillemets droits attendu.",
        ),
        ('{"zone": }', "erreur : profil : JSON invalide ligne 1, colonne 10 : une valeur est attendue."),
        (
            '{"zone": "zip"} x',
            "erreur : profil : JSON invalide ligne 1, colonne 17 : texte en trop après la fin du profil.",
        ),
        (
            '{"zone": "zip}',
            "erreur : profil : JSON invalide ligne 1, colonne 10 : texte non terminé : guillemet fermant manquant.",
        ),
        ('{"zone": "zip", "zone": "zac"}', "erreur : zone : le champ « zone » est donné deux fois."),
        (
            '{"cpts_habitant": 3}',
            "erreur : cpts_habitant : champ inconnu du profil : vouliez-vous dire cpts_habitants ?",
        ),
        ('{"couleur": 3}', "erreur : couleur : champ inconnu du profil."),
    ],
)
def test_bad_json_in_french_on_one_line(entree, message):
    r = lancer("evaluate", "-", entree=entree)
    assert r.returncode == 2
    assert r.stderr.splitlines() == [message]
    assert r.stdout == ""


def test_missing_or_unreadable_file_in_french(tmp_path):
    r = lancer("evaluate", str(tmp_path / "absent.json"))
    assert r.stderr == f"erreur : fichier : impossible de lire « {tmp_path / 'absent.json'} » (fichier introuvable).\n"
    r = lancer("evaluate", str(tmp_path))
    assert r.stderr == f"erreur : fichier : impossible de lire « {tmp_path} » (c'est un dossier, pas un fichier).\n"
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"zone": "zip", "commune": "Évreux"}'.encode("latin-1"))
    r = lancer("evaluate", str(latin))
    assert r.returncode == 2 and r.stderr == f"erreur : fichier : « {latin} » n'est pas un texte en UTF-8.\n"


def test_a_list_answer_written_with_spaces():
    profil = {**CPTS_README, "cpts_missions": "acces_soins, parcours ,prevention"}
    r = lancer("evaluate", "-", "--date", "2026-03-01", entree=json.dumps(profil))
    assert r.returncode == 0, r.stderr
    cpts = next(a for a in json.loads(r.stdout)["aides"] if a["id"] == "aci-cpts")
    assert cpts["montant_annuel"] == 265000


def test_output_cut_short_by_head_ends_quietly():
    r = subprocess.run(
        f"'{sys.executable}' -m engine evaluate - --date 2026-03-01 | head -n 2",
        shell=True,
        input=json.dumps(CPTS),
        capture_output=True,
        text=True,
        cwd=RACINE,
    )
    assert r.stdout == '{\n  "date": "2026-03-01",\n'
    assert r.stderr == ""


def test_standard_input_not_in_utf8():
    r = subprocess.run(
        [sys.executable, "-m", "engine", "evaluate", "-"],
        input='{"beneficiaire": "médecin"}'.encode("latin-1"),
        capture_output=True,
        cwd=RACINE,
    )
    assert r.returncode == 2
    assert r.stderr.decode() == "erreur : fichier : « - » n'est pas un texte en UTF-8.\n"
