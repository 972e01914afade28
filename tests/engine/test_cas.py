"""Worked cases as data: every `tests/cas/*.toml` file, as OpenFisca's YAML tests.

A case gives a profile and a date (TOML has no null: write "null" for an amount expected empty), and for some schemes the expected status, amounts, missing
answers, state, or the wording of a failing condition; it may also expect the incompatible pairs
and the best combination. The cases come from the sources' own figures and examples.
"""

import datetime
import tomllib
from pathlib import Path

import pytest

from engine import evaluate

CAS = Path(__file__).parent.parent / "cas"


def _cas():
    for fichier in sorted(CAS.glob("*.toml")):
        with open(fichier, "rb") as f:
            for i, cas in enumerate(tomllib.load(f)["cas"]):
                yield pytest.param(cas, id=f"{fichier.stem}:{i}:{cas['nom'][:50]}")


def _json(valeur):
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, dict):
        return {k: _json(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_json(v) for v in valeur]
    return valeur


@pytest.mark.parametrize("cas", list(_cas()))
def test_cas(cas):
    resultat = evaluate(_json(cas["profil"]), cas["date"])
    par_id = {a["id"]: a for a in resultat["aides"]}
    for ident, attendu in cas.get("attendu", {}).items():
        obtenu = par_id[ident]
        for cle in ("statut", "etat", "montant_annuel", "montant_total", "manquants"):
            if cle in attendu:
                attendu[cle] = None if attendu[cle] == "null" else attendu[cle]
                assert obtenu[cle] == attendu[cle], f"{ident}.{cle}: {obtenu[cle]!r} != {attendu[cle]!r}\n{obtenu['formule']}"
        for texte in attendu.get("conditions_fausses", []):
            fausses = [c["libelle"] for c in obtenu["conditions"] if c["resultat"] is False]
            assert any(texte in f for f in fausses), f"{ident}: no false condition contains {texte!r}: {fausses}"
        for texte in attendu.get("avertissements", []):
            assert any(texte in a for a in obtenu["avertissements"]), obtenu["avertissements"]
    if "incompatibilites" in cas:
        assert resultat["incompatibilites"] == cas["incompatibilites"]
    if "meilleure_combinaison" in cas:
        attendu = cas["meilleure_combinaison"]
        obtenu = resultat["meilleure_combinaison"]
        if "ids" in attendu:
            assert sorted(obtenu["ids"]) == sorted(attendu["ids"])
        if "montant_total" in attendu:
            assert obtenu["montant_total"] == attendu["montant_total"]
