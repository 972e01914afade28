"""The 1 January 2026 change, across schemes: what a GP can still sign, and what replaced it."""

from engine import evaluate

GP_ZIP = {
    "beneficiaire": "medecin",
    "specialite": "medecine_generale",
    "deja_installe": True,
    "premiere_installation": False,
    "zone": "zip",
    "qpv": False,
    "secteur": 1,
    "conventionne": True,
    "mode_exercice": "liberal",
    "exercice_coordonne": ["cpts"],
    "hopital_proximite": False,
    "msu": False,
}


def par_id(resultat):
    return {a["id"]: a for a in resultat["aides"]}


def test_coscom_closed_in_2026_points_to_what_replaced_it():
    aides = par_id(evaluate(GP_ZIP, "2026-03-15"))
    coscom = aides["coscom"]
    assert coscom["statut"] == "non_eligible"
    assert coscom["etat"] == "ferme_nouvelles_demandes"
    assert "majoration-fmt" in coscom["remplace_par"]
    assert aides["majoration-fmt"]["statut"] == "eligible"


def test_same_gp_in_2025_could_sign_coscom():
    aides = par_id(evaluate(GP_ZIP, "2025-03-15"))
    assert aides["coscom"]["statut"] == "eligible"
    assert aides["coscom"]["montant_annuel"] == 5000
    assert aides["majoration-fmt"]["statut"] == "non_eligible"


def test_the_four_2016_contracts_are_closed_in_2026():
    aides = par_id(evaluate({}, "2026-01-01"))
    for ident in ("caim", "cotram", "coscom", "cstm"):
        assert aides[ident]["etat"] == "ferme_nouvelles_demandes", ident
    aides = par_id(evaluate({}, "2025-12-31"))
    for ident in ("caim", "cotram", "coscom", "cstm"):
        assert aides[ident]["etat"] == "ouvert", ident


def test_ten_year_rule_is_asked_only_when_it_matters():
    profil = {
        **GP_ZIP,
        "deja_installe": False,
        "premiere_installation": True,
        "cabinet_principal": True,
        "date_installation": "2026-03-02",
    }
    resultat = evaluate(profil, "2026-03-15")
    assert "aide_installation_10_ans" in [m["champ"] for m in resultat["manquants"]]
    aides = par_id(evaluate({**profil, "aide_installation_10_ans": True}, "2026-03-15"))
    assert aides["aide-installation-zip"]["statut"] == "non_eligible"
    assert any(
        "dix ans" in c["libelle"] and c["resultat"] is False for c in aides["aide-installation-zip"]["conditions"]
    )
    centre = evaluate({"beneficiaire": "centre_sante"}, "2026-03-15")
    assert "aide_installation_10_ans" not in [m["champ"] for m in centre["manquants"]]


def test_missing_answers_are_ranked_by_the_number_of_schemes_they_settle():
    resultat = evaluate({"beneficiaire": "medecin"}, "2026-03-15")
    nombres = [m["nombre"] for m in resultat["manquants"]]
    assert nombres == sorted(nombres, reverse=True)
    assert resultat["manquants"][0]["nombre"] > 1
    # The place (region, zone) or the specialty settle the most schemes for a doctor.
    assert resultat["manquants"][0]["champ"] in ("region", "zone", "specialite", "secteur")


def test_evaluate_one_is_the_scheme_entry_of_evaluate():
    from engine import evaluate_one

    complet = evaluate(GP_ZIP, "2025-03-15")
    for ident in ("coscom", "majoration-fmt", "carim"):
        seul = evaluate_one(ident, GP_ZIP, "2025-03-15")
        assert seul == next(a for a in complet["aides"] if a["id"] == ident)
