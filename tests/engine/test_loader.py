"""The loader rejects a broken scheme file with `file: field: what is wrong`."""

from pathlib import Path

import pytest

from engine import DataError, load

MINIMAL = Path(__file__).parent / "donnees" / "carim.toml"


def dossier_avec(tmp_path, remplacer=None, ajouter="", nom="carim"):
    """A data folder holding a copy of the minimal scheme `donnees/carim.toml`, altered."""
    texte = MINIMAL.read_text(encoding="utf-8")
    for ancien, nouveau in (remplacer or {}).items():
        assert ancien in texte, ancien
        texte = texte.replace(ancien, nouveau, 1)
    (tmp_path / f"{nom}.toml").write_text(texte + ajouter, encoding="utf-8")
    return tmp_path


def test_clean_copy_loads(tmp_path):
    catalogue = load(dossier_avec(tmp_path))
    assert list(catalogue.aides) == ["carim"]


@pytest.mark.parametrize(
    "remplacer, ajouter, champ, message",
    [
        ({'sigle = "CARIM"': 'sigle = "CARIM"\ncouleur = "bleu"'}, "", "couleur", "clé inconnue"),
        ({'sigle = "CARIM"': "sigle = 12"}, "", "sigle", "doit être un texte"),
        (
            {'champ = "zone"\negal = "zar"': 'champ = "zone"\negal = "zrr"'},
            "",
            "conditions[1].egal",
            "zone inconnue « zrr »",
        ),
        (
            {'valeurs = [{ valeur = 2, source = "seed-001" }]': "valeurs = [{ valeur = 2 }]"},
            "",
            "parametres.medecins_max.valeurs[0].source",
            "clé obligatoire absente",
        ),
        (
            {'valeurs = [{ valeur = 2, source = "seed-001" }]': 'valeurs = [{ valeur = 2, source = "rumeur" }]'},
            "",
            "parametres.medecins_max.valeurs[0].source",
            "source inconnue « rumeur »",
        ),
        (
            {
                '[[conditions]]\nlibelle = "Être conventionné avec l\'Assurance Maladie"\nsource = "seed-001"': '[[conditions]]\nlibelle = "Être conventionné avec l\'Assurance Maladie"'
            },
            "",
            "conditions[2].source",
            "clé obligatoire absente",
        ),
        ({'regions = ["53"]': 'regions = ["99"]'}, "", "regions[0]", "code de région inconnu"),
        (
            {'champ = "conventionne"': 'champ = "couleur_des_yeux"'},
            "",
            "conditions[2].champ",
            "champ du profil inconnu",
        ),
        ({'financeur = "ars"': 'financeur = "mecene"'}, "", "financeur", "financeur inconnu"),
        ({'parametre = "grille"': 'parametre = "bareme"'}, "", "montant.facteur.parametre", "paramètre inconnu"),
        ({"verifie_le = 2026-11-22": 'verifie_le = "hier"'}, "", "verifie_le", "doit être une date"),
        (
            {},
            '\n[[cumuls]]\navec = "inexistant"\ncumulable = false\nsource = "seed-001"\n',
            "cumuls[0].avec",
            "dispositif inconnu",
        ),
        ({'id = "carim"': 'id = "autre"'}, "", "id", "doit être le nom du fichier"),
        ({'id = "carim"': 'id = "carim'}, "", "syntaxe TOML", ""),
    ],
)
def test_broken_files_are_rejected_with_file_and_field(tmp_path, remplacer, ajouter, champ, message):
    with pytest.raises(DataError) as exc:
        load(dossier_avec(tmp_path, remplacer, ajouter))
    assert exc.value.fichier == "carim.toml"
    assert exc.value.champ == champ
    assert message in exc.value.message
    assert str(exc.value).startswith(f"carim.toml: {champ}: ")


def test_contradictory_cumul_rules_are_rejected(tmp_path):
    regle = '\n[[cumuls]]\navec = "{autre}"\ncumulable = {valeur}\nsource = "seed-001"\n'
    dossier_avec(tmp_path, ajouter=regle.format(autre="copie", valeur="false"))
    dossier_avec(tmp_path, {'id = "carim"': 'id = "copie"'}, regle.format(autre="carim", valeur="true"), nom="copie")
    with pytest.raises(DataError, match="contredit la règle de cumul"):
        load(tmp_path)


def test_the_package_data_loads():
    catalogue = load()
    assert {"coscom", "carim", "aci-cpts"} <= set(catalogue.aides)
