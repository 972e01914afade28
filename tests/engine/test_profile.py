"""Profile validation: typed values, and a French message naming the field for bad input."""

import datetime
from decimal import Decimal

import pytest

from engine import ProfileError, evaluate, json_schema, validate_profile


def test_typed_values():
    p = validate_profile(
        {
            "beneficiaire": "medecin",
            "secteur": "1",
            "honoraires_zip": "60 000,01",
            "exercice_coordonne": ["cpts", "esp", "cpts"],
            "date_installation": "2026-03-02",
            "pdsa": "oui",
            "departement": "02",
            "heures_semaine": 17.5,
        }
    )
    assert p["secteur"] == 1
    assert p["honoraires_zip"] == Decimal("60000.01")
    assert p["exercice_coordonne"] == ("cpts", "esp")
    assert p["date_installation"] == datetime.date(2026, 3, 2)
    assert p["pdsa"] is True
    assert p["region"] == "32"  # filled from the département
    assert p["heures_semaine"] == Decimal("17.5")


def test_empty_answers_are_unanswered():
    assert validate_profile({"zone": None, "qpv": "", "beneficiaire": "cpts"}) == {"beneficiaire": "cpts"}


@pytest.mark.parametrize(
    "profil, champ, morceau",
    [
        ({"zone": "zrr"}, "zone", "valeur inconnue « zrr »"),
        ({"demi_journees_semaine": 40}, "demi_journees_semaine", "ne peut pas dépasser 14"),
        ({"medecins_recrutes": -1}, "medecins_recrutes", "ne peut pas être négatif"),
        ({"medecins_recrutes": 1.5}, "medecins_recrutes", "nombre entier"),
        ({"heures_semaine": "beaucoup"}, "heures_semaine", "doit être un nombre"),
        ({"heures_semaine": True}, "heures_semaine", "doit être un nombre"),
        ({"heures_semaine": float("nan")}, "heures_semaine", "nombre fini"),
        ({"honoraires_zip": "100.001"}, "honoraires_zip", "deux décimales"),
        ({"secteur": 3}, "secteur", "valeur inconnue « 3 »"),
        ({"pdsa": "peut-être"}, "pdsa", "oui ou non"),
        ({"date_installation": "02/03/2026"}, "date_installation", "AAAA-MM-JJ"),
        ({"region": "99"}, "region", "code INSEE inconnu"),
        ({"region": "53", "departement": "02"}, "departement", "n'est pas dans la région 53"),
        ({"exercice_coordonne": "cabinet"}, "exercice_coordonne", "valeur inconnue"),
        ({"exercice_coordonne": 3}, "exercice_coordonne", "liste"),
        ({"couleur": "bleu"}, "couleur", "champ inconnu"),
    ],
)
def test_bad_values_name_the_field(profil, champ, morceau):
    with pytest.raises(ProfileError) as exc:
        validate_profile(profil)
    assert exc.value.champ == champ
    assert morceau in exc.value.message
    assert isinstance(exc.value, ValueError)


def test_not_an_object():
    with pytest.raises(ProfileError) as exc:
        evaluate(["medecin"], "2026-01-01")
    assert exc.value.champ == "profil"


def test_bad_date():
    with pytest.raises(ProfileError) as exc:
        evaluate({}, "2026-13-01")
    assert exc.value.champ == "date"


def test_json_schema_is_generated_from_the_fields():
    schema = json_schema()
    props = schema["properties"]
    # « Je ne sais pas » is one more valid answer of the zone, beside its four values.
    assert props["zone"]["anyOf"] == [{"enum": ["zip", "zac", "zar", "hors_zone"]}, {"const": "ne_sait_pas"}]
    assert props["zone"]["x-inconnu"] == "Je ne sais pas"
    assert props["exercice_coordonne"]["x-aucun"].startswith("Aucun")
    assert props["secteur"]["enum"] == [1, 2]
    assert props["demi_journees_semaine"]["maximum"] == 14
    assert props["exercice_coordonne"]["items"]["enum"] == ["groupe", "esp", "msp", "cpts"]
    assert props["departement"]["x-libelles"]["02"] == "Aisne"
    assert props["beneficiaire"]["title"] == "Vous êtes"
    assert schema["additionalProperties"] is False


def test_a_checked_profile_checks_again_to_itself():
    # A group given the older way (its count and one member's fields at the top level) becomes a
    # group of identical members; a checked profile can be checked again (« Et ailleurs ? » does).
    once = validate_profile(
        {"beneficiaire": "centre_sante", "medecins_recrutes": 2, "demi_journees_semaine": 8, "heures_semaine": 25}
    )
    assert once["medecins_recrutes_detail"] == ({"demi_journees_semaine": 8, "heures_semaine": 25},) * 2
    assert validate_profile(once) == once
    # Given both ways and different, it is refused, naming the member field.
    with pytest.raises(ProfileError) as e:
        validate_profile({**once, "heures_semaine": 30})
    assert e.value.champ == "heures_semaine" and "pour chaque médecin" in str(e.value)
