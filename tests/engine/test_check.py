"""`python -m engine check` and what it rests on: every error of a folder, one line each with
the file, the line in the TOML file, the place in words and the problem; the line of a field
scanned from the text; the file names; the files left unread."""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from engine import DataError, load
from engine.check import check_folder
from engine.loader import SCHEMES_DIR, proper_name, read_folder
from engine.operators import OPERATORS
from engine.positions import in_words, key_lines, line_of
from engine.schema import scheme_errors

RACINE = Path(__file__).parents[2]
DONNEES = Path(__file__).parent / "donnees"
MINIMAL = DONNEES / "carim.toml"
FIXTURES = RACINE / "tests" / "fixtures" / "aides"
FINANCEURS = "assurance_maladie, ars, region, departement, etat, collectivites, non_precise, aucun"

TEXTE = '''# a comment = not a key
id = "x"  # trailing comment
"clé entre guillemets" = 1
a.b.c = 2
texte = """several
line = not a key
"""
litteral = \'\'\'x = 1\'\'\'
[table]
k = "v # not a comment"
[table.sous]
liste = [1, 2,
  3]
[[cas]]
x = 1
[[cas]]
x = { y = 1, z = [ { w = 2 } ] }
[[cas.dedans]]
q = 1
[[cas]]
[parametres.p]
valeurs = [
  { depuis = 2024-01-01, valeur = 1, source = "s" },
  { depuis = 2025-01-01, valeur = [{ a = 1 }], source = "s" },
]
'''


def test_key_lines_follow_headers_keys_arrays_and_inline_tables():
    lines = key_lines(TEXTE)
    assert lines[("id",)] == 2
    assert lines[("clé entre guillemets",)] == 3
    assert lines[("a", "b", "c")] == 4 and lines[("a",)] == 4
    assert lines[("texte",)] == 5 and ("line",) not in lines  # inside a multi-line string
    assert lines[("litteral",)] == 8
    assert lines[("table",)] == 9 and lines[("table", "k")] == 10
    assert lines[("table", "sous", "liste")] == 12 and lines[("table", "sous", "liste", 2)] == 13
    assert lines[("cas",)] == 14 and lines[("cas", 0, "x")] == 15
    assert lines[("cas", 1)] == 16 and lines[("cas", 1, "x", "z", 0, "w")] == 17
    assert lines[("cas", 1, "dedans", 0, "q")] == 19  # [[cas.dedans]] belongs to the 2nd [[cas]]
    assert lines[("cas", 2)] == 20
    assert lines[("parametres", "p", "valeurs", 0, "source")] == 23
    assert lines[("parametres", "p", "valeurs", 1, "valeur", 0, "a")] == 24
    assert tomllib.loads(TEXTE)["cas"][1]["dedans"][0]["q"] == 1  # the text above is valid TOML


def _paths(data, prefix=()):
    if isinstance(data, dict):
        for k, v in data.items():
            yield prefix + (k,)
            yield from _paths(v, prefix + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield prefix + (i,)
            yield from _paths(v, prefix + (i,))


@pytest.mark.parametrize("fichier", sorted(SCHEMES_DIR.glob("*.toml")), ids=lambda p: p.name)
def test_every_key_of_every_scheme_file_has_its_line(fichier):
    """On the real files: each key tomllib reads is found, on a line that writes that key."""
    text = fichier.read_text(encoding="utf-8")
    rows = text.splitlines()
    lines = key_lines(text)
    for path in _paths(tomllib.loads(text)):
        assert path in lines, path
        if isinstance(path[-1], str):
            assert path[-1] in rows[lines[path] - 1], (path, lines[path])


def test_line_of_falls_back_on_the_enclosing_part():
    lines = key_lines(MINIMAL.read_text(encoding="utf-8"))
    assert line_of(lines, "conditions[1].egal") == 45
    assert line_of(lines, "validite.fin") == 17  # absent: the line of [validite]
    assert line_of(lines, "nom du fichier") is None


@pytest.mark.parametrize(
    "champ, mots",
    [
        ("conditions[1].egal", "2e condition, egal"),
        ("parametres.montant.valeurs[0]", "1re valeur du paramètre montant"),
        ("parametres.grille.valeurs[2].source", "3e valeur du paramètre grille, source"),
        ("exemples[0].profil.stagiaire_mois_par_an", "profil du 1er exemple, stagiaire_mois_par_an"),
        ("conditions[0].tous[1].champ", "2e sous-condition de la 1re condition, champ"),
        ("montant.termes[1].si[0].champ", "1re condition du 2e terme du montant, champ"),
        ("montant.facteur.parametre", "montant, facteur.parametre"),
        ("sources.seed-001", "source seed-001"),
        ("regions[0]", "1re région"),
        ("cumuls[3].avec", "4e règle de cumul, avec"),
        ("sigle", "sigle"),
    ],
)
def test_places_in_words(champ, mots):
    assert in_words(champ) == mots


def dossier(tmp_path, fichiers: dict) -> Path:
    """A data folder of copies of `donnees/carim.toml`: name -> replacements (old, new) applied."""
    for nom, remplacements in fichiers.items():
        texte = MINIMAL.read_text(encoding="utf-8").replace('id = "carim"', f'id = "{Path(nom).stem}"')
        for ancien, nouveau in remplacements:
            assert ancien in texte, ancien
            texte = texte.replace(ancien, nouveau, 1)
        (tmp_path / nom).write_text(texte, encoding="utf-8")
    return tmp_path


def test_every_error_of_every_file_is_reported_in_file_order(tmp_path):
    d = dossier(
        tmp_path,
        {
            "carim.toml": [
                ('sigle = "CARIM"', "sigle = 12"),
                ('champ = "zone"\negal = "zar"', 'champ = "zone"\negal = "zrr"'),
                ('valeurs = [{ valeur = 2, source = "seed-001" }]', 'valeurs = [{ valeur = -2, source = "rumeur" }]'),
                ('[[conditions]]\nlibelle = "Être conventionné', '[[conditions]]\nlibele = "Être conventionné'),
            ],
            "autre.toml": [('financeur = "ars"', 'financeur = "mecene"')],
        },
    )
    report = check_folder(d)
    assert report.catalogue is None
    assert report.errors == [
        f"autre.toml, ligne 10 : financeur : financeur inconnu « mecene » (permis : {FINANCEURS})",
        "carim.toml, ligne 8 : sigle : doit être un texte",
        "carim.toml, ligne 33 : 1re valeur du paramètre medecins_max, source : source inconnue « rumeur » "
        "(à déclarer dans [sources])",
        "carim.toml, ligne 33 : 1re valeur du paramètre medecins_max, valeur : ne peut pas être négatif",
        "carim.toml, ligne 45 : 2e condition, egal : zone inconnue « zrr » pour zone (permis : zip, zac, zar, "
        "hors_zone)",
        "carim.toml, ligne 47 : 3e condition, libelle : clé obligatoire absente",
        "carim.toml, ligne 48 : 3e condition, libele : clé inconnue : vouliez-vous dire libelle ? (clés permises : "
        "libelle, source, note, depuis, jusqu_au, nouveaux_contrats_seulement, non_confirme, champ, tous, un_parmi, "
        + ", ".join(OPERATORS)
        + ")",
    ]
    assert report.summary().startswith("7 erreurs dans 2 fichiers")
    # The engine itself stops at the first one it finds.
    with pytest.raises(DataError) as e:
        load(d)
    assert str(e.value) == f"autre.toml: financeur: financeur inconnu « mecene » (permis : {FINANCEURS})"


def test_a_worked_example_is_checked_as_the_build_does(tmp_path):
    """The coscom fixture's example with 16 months of trainees a year: the build refused it; the
    check (and the engine's loader) now do too."""
    texte = (FIXTURES / "coscom.toml").read_text(encoding="utf-8")
    assert "stagiaire_mois_par_an = 6 }" in texte
    texte = texte.replace("stagiaire_mois_par_an = 6 }", "stagiaire_mois_par_an = 16 }")
    (tmp_path / "coscom.toml").write_text(texte.replace('sigle = "COSCOM"', "sigle = 1"), encoding="utf-8")
    for autre in FIXTURES.glob("*.toml"):  # the schemes coscom names
        if autre.name != "coscom.toml":
            (tmp_path / autre.name).write_bytes(autre.read_bytes())
    report = check_folder(tmp_path)
    assert report.errors == [
        f"coscom.toml, ligne {ligne(tmp_path / 'coscom.toml', 'sigle = 1')} : sigle : doit être un texte",
        f"coscom.toml, ligne {ligne(tmp_path / 'coscom.toml', 'stagiaire_mois_par_an = 16 }')} : profil du 1er exemple, stagiaire_mois_par_an : « Mois de stagiaire à temps "
        "plein par an » ne peut pas dépasser 12 mois par an.",
    ]


def ligne(fichier: Path, texte: str) -> int:
    """The line of the first occurrence of `texte` in `fichier`, counted by hand."""
    contenu = fichier.read_text(encoding="utf-8")
    return 1 + contenu[: contenu.index(texte)].count("\n")


def test_references_between_files(tmp_path):
    regle = '\n[[cumuls]]\navec = "{autre}"\ncumulable = {valeur}\nsource = "seed-001"\n'
    d = dossier(tmp_path, {"carim.toml": [], "copie.toml": [], "casse.toml": [('sigle = "CARIM"', "sigle = 1")]})
    with open(d / "carim.toml", "a", encoding="utf-8") as f:
        f.write(regle.format(autre="copie", valeur="false") + regle.format(autre="inexistant", valeur="false"))
        f.write(regle.format(autre="casse", valeur="true"))  # a file with errors is not unknown
    with open(d / "copie.toml", "a", encoding="utf-8") as f:
        f.write(regle.format(autre="carim", valeur="true"))
    with open(d / "casse.toml", "a", encoding="utf-8") as f:  # its other error does not hide this one
        f.write(regle.format(autre="disparu", valeur="true"))
    errors = check_folder(d).errors
    inexistant = ligne(d / "carim.toml", 'avec = "inexistant"')
    disparu = ligne(d / "casse.toml", 'avec = "disparu"')
    assert errors == [
        f"carim.toml, ligne {inexistant} : 2e règle de cumul, avec : dispositif inconnu « inexistant »",
        "casse.toml, ligne 8 : sigle : doit être un texte",
        f"casse.toml, ligne {disparu} : 1re règle de cumul, avec : dispositif inconnu « disparu »",
        f"copie.toml, ligne {ligne(d / 'copie.toml', '[[cumuls]]')} : 1re règle de cumul : contredit la règle de "
        "cumul déclarée dans carim.toml",
    ]


def test_file_names_are_enforced_and_unread_files_reported(tmp_path):
    d = dossier(tmp_path, {"carim.toml": [], "Aide-Testé.toml": [], "copie.toml.txt": []})
    (d / "brouillons").mkdir()
    (d / ".cache").mkdir()  # hidden: an editor's or a tool's, not reported
    (d / "notes.md").write_text("", encoding="utf-8")
    report = check_folder(d)
    assert report.errors == [
        "Aide-Testé.toml : nom du fichier : en minuscules, sans accents, mots séparés par des tirets : "
        "renommez-le aide-teste.toml"
    ]
    assert report.warnings == [
        "brouillons : ce dossier n'est pas lu (les dispositifs sont des fichiers .toml rangés directement ici)",
        "copie.toml.txt : ce fichier n'est pas lu (seuls les fichiers <identifiant>.toml le sont) ; "
        "renommez-le copie.toml s'il décrit un dispositif",
        "notes.md : ce fichier n'est pas lu (seuls les fichiers <identifiant>.toml le sont)",
    ]
    assert read_folder(d).unread == ["brouillons", "copie.toml.txt", "notes.md"]
    with pytest.raises(DataError, match="renommez-le aide-teste.toml"):
        load(d)


@pytest.mark.parametrize(
    "nom, attendu",
    [("Aide-Testé.toml", "aide-teste.toml"), ("CESP Île_de_France.toml", "cesp-ile-de-france.toml")],
)
def test_proper_name(nom, attendu):
    assert proper_name(nom) == attendu


def test_toml_syntax_error_in_french_with_its_line(tmp_path):
    dossier(tmp_path, {"carim.toml": [("[montant]", "[montant")]})
    assert check_folder(tmp_path).errors == [
        "carim.toml, ligne 53 : syntaxe TOML : « ] » manquant à la fin du nom de rubrique (ligne 53, colonne 9)"
    ]


def test_a_file_not_in_utf8(tmp_path):
    (tmp_path / "carim.toml").write_bytes(MINIMAL.read_text(encoding="utf-8").encode("latin-1"))
    assert check_folder(tmp_path).errors == ["carim.toml : encodage : le fichier doit être enregistré en UTF-8"]


def test_one_part_in_error_does_not_hide_the_next():
    """After an error the rest of its part is skipped (it may read what was wrong), not the file."""
    data = tomllib.loads(MINIMAL.read_text(encoding="utf-8"))
    data["conditions"][0] = {"libelle": "x", "source": "seed-001", "champ": "zone"}  # no operator
    data["conditions"][2]["source"] = "rumeur"
    data["montant"]["periodicite"] = "hebdomadaire"
    assert [(e.champ, e.message.split(" (")[0]) for e in scheme_errors("carim.toml", data)] == [
        ("conditions[0]", "une condition simple a exactement un opérateur parmi " + ", ".join(OPERATORS)),
        ("conditions[2].source", "source inconnue « rumeur »"),
        ("montant.periodicite", "périodicité inconnu « hebdomadaire »"),
    ]


def lancer_check(*args, dossier=None):
    env = {k: v for k, v in os.environ.items() if k != "AIDES_DOSSIER"}
    if dossier is not None:
        env["AIDES_DOSSIER"] = str(dossier)
    return subprocess.run(
        [sys.executable, "-m", "engine", "check", *args], capture_output=True, text=True, cwd=RACINE, env=env
    )


def test_the_check_command_on_a_broken_folder_named_by_aides_dossier(tmp_path):
    d = dossier(tmp_path, {"carim.toml": [('regions = ["53"]', 'regions = ["99"]'), ('sigle = "CARIM"', "sigle = 1")]})
    r = lancer_check(dossier=d)
    assert r.returncode == 1
    assert r.stdout.splitlines() == [
        "carim.toml, ligne 8 : sigle : doit être un texte",
        "carim.toml, ligne 14 : 1re région : code de région inconnu « 99 » (permis : "
        + ", ".join(tomllib.loads((RACINE / "engine" / "territoires.toml").read_text())["regions"])
        + ")",
        f"2 erreurs dans 1 fichier ({d}) : corrigez-les puis relancez la vérification.",
    ]
    assert r.stderr == ""


def test_the_check_command_on_the_package_data_and_on_a_folder_given():
    r = lancer_check()
    assert r.returncode == 0, r.stdout
    assert (
        r.stdout.strip()
        == f"{len(list(SCHEMES_DIR.glob('*.toml')))} dispositifs vérifiés ({SCHEMES_DIR}) : aucune erreur."
    )
    r = lancer_check(str(FIXTURES))
    assert r.returncode == 0 and "11 dispositifs vérifiés" in r.stdout


def test_a_top_level_key_of_the_wrong_type_is_one_error_not_a_cascade(tmp_path):
    """`sources` written as a text: one error, not one « source inconnue » per reference."""
    texte = MINIMAL.read_text(encoding="utf-8")
    texte = texte.replace(
        '[sources.seed-001]\ntitre = "Source d\'essai"\nurl = "https://exemple.invalid/source"\ndate = 2024-12-11\n', ""
    )
    texte = texte.replace("verifie_le = 2026-11-22\n", 'verifie_le = 2026-11-22\nsources = "seed-001"\n')
    (tmp_path / "carim.toml").write_text(texte, encoding="utf-8")
    assert check_folder(tmp_path).errors == ["carim.toml, ligne 16 : sources : doit être une table"]


def test_the_contributors_walkthrough_prints_what_contributing_says(tmp_path):
    """CONTRIBUTING's step 4, done as it says on a copy of the data: a copy of
    prime-stage-aisne.toml with the forfait's source erased and the 2nd condition's field misspelt."""
    guide = (RACINE / "CONTRIBUTING.md").read_text(encoding="utf-8")
    shown = re.search(r"```text\n\s*(prime-installation-sarthe\.toml.*?)```", guide, re.S).group(1)
    expected = [line.strip() for line in shown.strip().splitlines()]
    folder = tmp_path / "aides"
    shutil.copytree(SCHEMES_DIR, folder)
    texte = (folder / "prime-stage-aisne.toml").read_text(encoding="utf-8")
    texte = texte.replace('id = "prime-stage-aisne"', 'id = "prime-installation-sarthe"')
    texte = texte.replace(
        'valeurs = [{ valeur = 1000, source = "aisne-prime-stage", note', "valeurs = [{ valeur = 1000, note"
    )
    texte = texte.replace('champ = "stage_ambulatoire"', 'champ = "stage_ambulatoir"', 1)
    (folder / "prime-installation-sarthe.toml").write_text(texte, encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "engine", "check", str(folder)], capture_output=True, text=True, cwd=RACINE
    )
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[:2] == expected[:2]
    assert lines[2].startswith("2 erreurs dans 1 fichier (") and expected[2].startswith("2 erreurs dans 1 fichier (")
