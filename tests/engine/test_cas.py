"""Worked cases as data: every `tests/cas/*.toml` file, as OpenFisca's YAML tests.

A case gives a profile and a date, and for some schemes the expected status, amounts, missing
answers, state, or the wording of a failing condition (TOML has no null: write "null" for an
amount expected empty); it may also expect the incompatible pairs and the best combination. The cases come from the sources' own figures and examples.

The schedule of payments (`echeancier`): a scheme's, or the best combination's, amounts year by
year of the engagement, year 1 first — a number in euros, or `{ taux = 50 }` for a rate of a base
the source does not give — or "null" when no yearly figure is known; `echeancier_ensuite`, what
continues every later year (same form, "null" for nothing); `echeancier_debut`, the date year 1
starts (AAAA-MM-JJ, "null" when undated).
"""

import pytest
from cas import cas_de_test

from engine import evaluate


def _year(entry: dict):
    return (
        {"taux": entry["taux"]} if entry.get("montant") is None and entry.get("taux") is not None else entry["montant"]
    )


def check_schedule(where: str, obtained, expected: dict):
    """The schedule keys of `expected` (a case's `attendu.<id>` or `meilleure_combinaison`)."""
    if "echeancier" in expected:
        if expected["echeancier"] == "null":
            assert obtained is None, f"{where}.echeancier: {obtained!r} != None"
            return
        years = [_year(y) for y in obtained["annees"]]
        assert years == expected["echeancier"], f"{where}.echeancier: {years!r} != {expected['echeancier']!r}"
    if "echeancier_ensuite" in expected:
        then = obtained["ensuite"]
        want = None if expected["echeancier_ensuite"] == "null" else expected["echeancier_ensuite"]
        if then is not None and "aides" in then and then["montant"] is None:  # a combination's: its rates
            rates = [{"taux": p["taux"]} for p in then["aides"] if p["taux"] is not None]
            got = rates[0] if len(rates) == 1 else rates
        else:
            got = None if then is None else _year(then)
        assert got == want, f"{where}.echeancier_ensuite: {got!r} != {want!r}"
    if "echeancier_debut" in expected:
        want = None if expected["echeancier_debut"] == "null" else str(expected["echeancier_debut"])
        assert obtained["annees"][0]["debut"] == want, f"{where}.echeancier_debut: {obtained['annees'][0]['debut']!r}"


def _cas():
    for nom, i, cas in cas_de_test():
        yield pytest.param(cas, id=f"{nom}:{i}:{cas['nom'][:50]}")


@pytest.mark.parametrize("cas", list(_cas()))
def test_cas(cas):
    resultat = evaluate(cas["profil"], cas["date"])
    par_id = {a["id"]: a for a in resultat["aides"]}
    for ident, attendu in cas.get("attendu", {}).items():
        obtenu = par_id[ident]
        for cle in ("statut", "etat", "montant_annuel", "montant_total", "manquants", "remplace_par"):
            if cle in attendu:
                attendu[cle] = None if attendu[cle] == "null" else attendu[cle]
                assert obtenu[cle] == attendu[cle], (
                    f"{ident}.{cle}: {obtenu[cle]!r} != {attendu[cle]!r}\n{obtenu['formule']}"
                )
        for texte in attendu.get("conditions_fausses", []):
            fausses = [c["libelle"] for c in obtenu["conditions"] if c["resultat"] is False]
            assert any(texte in f for f in fausses), f"{ident}: no false condition contains {texte!r}: {fausses}"
        for texte in attendu.get("avertissements", []):
            assert any(texte in a for a in obtenu["avertissements"]), obtenu["avertissements"]
        # The readings of the sources shown with the result (`lectures`), or none.
        for texte in attendu.get("lectures", []):
            assert any(texte in lu["texte"] or texte in lu["choix"] for lu in obtenu["lectures"]), obtenu["lectures"]
        if attendu.get("sans_lectures"):
            assert obtenu["lectures"] == [], obtenu["lectures"]
        check_schedule(ident, obtenu["echeancier"], attendu)
    if "incompatibilites" in cas:
        assert resultat["incompatibilites"] == cas["incompatibilites"]
    if "meilleure_combinaison" in cas:
        attendu = cas["meilleure_combinaison"]
        obtenu = resultat["meilleure_combinaison"]
        if "ids" in attendu:
            assert sorted(obtenu["ids"]) == sorted(attendu["ids"])
        if "montant_total" in attendu:
            assert obtenu["montant_total"] == attendu["montant_total"]
        check_schedule("meilleure_combinaison", obtenu["echeancier"], attendu)
