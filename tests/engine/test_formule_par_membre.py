"""The `par_membre` formula type (engine/formulas.py): a sub-formula for each member of a repeated
group of the profile, summed, with a maximum number of members counted. Values from CARIM's grid
(seed 001: « 2 médecins généralistes maximum, quelle que soit la durée du temps de travail »)."""

import datetime

from engine import evaluate_one
from engine.formulas import Context, compute, explain
from engine.loader import default_catalogue
from engine.profile import validate_profile
from engine.schema import scheme_errors

CENTRE = {
    "beneficiaire": "centre_sante",
    "region": "53",
    "type_centre": "medical",
    "zone": "zar",
    "conventionne": True,
    "pdsa": True,
}


def calcul(medecins):
    carim = default_catalogue().aides["carim"]
    profil = validate_profile({**CENTRE, "medecins_recrutes_detail": medecins})
    return compute(carim.montant, Context(carim, profil, datetime.date(2026, 3, 1)))


def test_chaque_membre_sur_la_grille():
    c = calcul([{"demi_journees_semaine": 8, "heures_semaine": 28}, {"demi_journees_semaine": 6, "heures_semaine": 21}])
    assert c.valeur == 35000
    assert "Médecin 1 : " in c.texte and "20\u202f000\u00a0€" in c.texte
    assert "Médecin 2 : " in c.texte and "15\u202f000\u00a0€" in c.texte
    assert c.texte.endswith("total : 35\u202f000\u00a0€")


def test_au_plus_deux_membres_les_montants_les_plus_eleves():
    c = calcul(
        [
            {"demi_journees_semaine": 5, "heures_semaine": 17.5},
            {"demi_journees_semaine": 10, "heures_semaine": 35},
            {"demi_journees_semaine": 8, "heures_semaine": 30},
        ]
    )
    assert c.valeur == 45000  # 25 000 + 20 000; the 12 500 € of doctor 1 is not counted
    assert "(médecin 2, médecin 3)" in c.texte


def test_un_membre_incomplet_et_le_groupe_vide():
    c = calcul([{"demi_journees_semaine": 8, "heures_semaine": 28}, {"demi_journees_semaine": 6}])
    assert c.valeur is None and c.manquants == ["heures_semaine"]
    assert calcul([]).valeur == 0


def test_le_groupe_non_renseigne_est_demande():
    # The count and the working time (conditions), the group itself (the amount): one question.
    r = evaluate_one("carim", CENTRE, "2026-03-01")
    assert r["manquants"] == [
        "medecins_recrutes",
        "demi_journees_semaine",
        "heures_semaine",
        "medecins_recrutes_detail",
    ]


def test_l_explication_nomme_le_groupe_la_formule_et_le_plafond():
    carim = default_catalogue().aides["carim"]
    node = explain(carim.montant, Context(carim, {}, datetime.date(2026, 3, 1)))
    assert node["type"] == "par_membre"
    assert {"champ": "medecins_recrutes_detail", "libelle": "Médecins généralistes salariés recrutés"} in node[
        "segments"
    ]
    assert any(s.get("parametre") == "medecins_max" and s["valeur"] == 2 for s in node["segments"])
    assert [child["type"] for child in node["enfants"]] == ["grille"]


def test_le_schema_exige_le_groupe_et_la_formule():
    carim = default_catalogue().aides["carim"]
    data = {**carim.data, "montant": {k: v for k, v in carim.data["montant"].items() if k != "groupe"}}
    errors = scheme_errors("carim.toml", data)
    assert any(e.champ == "montant.groupe" and "par_membre" in e.message for e in errors), errors
