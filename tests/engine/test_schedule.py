"""The schedule of payments, its figure and the parts of a result that look across schemes: the
figures come from the sources (COSCOM 3 × 5 000 €, assistant médical 2024 at 1 ETP 38 000 /
28 000 / 22 000 €, CARIM's grid, the FMT majoration's rates, the CPTS' yearly amount)."""

import datetime
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest
from cas import cas_de_test
from test_loader import dossier_avec

from engine import DataError, evaluate, load
from engine.api import compare_json, evaluate_json, figure, scheme_figure
from engine.chart import PALETTE, schedule_figure
from engine.next_steps import plus_months
from engine.schedule import _split, scheme_schedule
from engine.variants import compare

GP_ZIP_2026 = {
    "beneficiaire": "medecin",
    "specialite": "medecine_generale",
    "region": "52",
    "departement": "53",
    "zone": "zip",
    "qpv": False,
    "mode_exercice": "liberal",
    "conventionne": True,
    "secteur": 1,
    "deja_installe": False,
    "premiere_installation": True,
    "cabinet_principal": True,
    "date_installation": "2026-03-02",
    "aide_installation_10_ans": False,
    "exercice_coordonne": ["msp"],
    "nouvellement_installe": True,
    "assistant_temps": "temps_plein",
    "assistant_annee": 1,
    "patientele_percentile": "inferieur_90",
}
CARIM = {
    "beneficiaire": "centre_sante",
    "region": "53",
    "departement": "29",
    "type_centre": "medical",
    "zone": "zar",
    "qpv": False,
    "conventionne": True,
    "recrute_medecin_salarie": True,
    "medecins_recrutes": 1,
    "demi_journees_semaine": 8,
    "heures_semaine": 25,
    "pdsa": True,
}
CPTS = {
    "beneficiaire": "cpts",
    "projet_sante_valide": True,
    "cpts_habitants": 100000,
    "cpts_missions": ["acces_soins", "parcours", "prevention"],
}


def aide(resultat, ident):
    return next(a for a in resultat["aides"] if a["id"] == ident)


def test_a_schedule_adds_up_to_the_total_to_the_cent():
    # 1 234,56 € a month for 30 months: two full years, then six months; 50 000 € in two halves.
    monthly = SimpleNamespace(montant={"periodicite": "mensuel"}, categorie="formation")
    e = scheme_schedule(monthly, SimpleNamespace(profile={}), Decimal("14814.72"), Decimal("37036.80"), None, 30)
    assert [y["montant"] for y in e["annees"]] == [14814.72, 14814.72, 7407.36] and e["ensuite"] is None
    assert _split(Decimal("50000"), [50, 50]) == [Decimal("25000.00"), Decimal("25000.00")]
    parts = _split(Decimal("100.01"), [33, 33, 34])
    assert sum(parts) == Decimal("100.01") and parts == [Decimal("33.00"), Decimal("33.00"), Decimal("34.01")]
    # With no duration, the yearly amount runs every later year.
    e = scheme_schedule(monthly, SimpleNamespace(profile={}), Decimal("14400"), None, None, None)
    assert [y["montant"] for y in e["annees"]] == [14400] and e["ensuite"]["montant"] == 14400


def test_grid_by_year_of_the_assistant_and_the_best_combination():
    r = evaluate(GP_ZIP_2026, "2026-03-20")
    years = [y["montant"] for y in aide(r, "assistant-medical")["echeancier"]["annees"]]
    assert years == [38000, 28000, 22000]
    best = r["meilleure_combinaison"]["echeancier"]
    assert [y["montant"] for y in best["annees"]] == [48000, 28000, 22000]
    assert sum(y["montant"] for y in best["annees"]) == r["meilleure_combinaison"]["montant_total"] == 98000
    # The installation aid and the FMT's first-installation rates count from the installation date.
    assert best["depart"] == "2026-03-02" and best["annees"][1]["debut"] == "2027-03-02"
    fmt = [p for p in best["annees"][0]["aides"] if p["id"] == "majoration-fmt"]
    assert fmt == [{"id": "majoration-fmt", "montant": None, "taux": 50}]


def test_rates_with_the_first_installation_unanswered_say_what_they_depend_on():
    profil = {k: v for k, v in GP_ZIP_2026.items() if k != "premiere_installation"}
    e = aide(evaluate(profil, "2026-03-20"), "majoration-fmt")["echeancier"]
    assert [y["taux"] for y in e["annees"]] == [50, 30, 10]
    assert e["condition"] == "Première installation libérale : oui"
    assert e["assiette"] == "du forfait médecin traitant"


def test_cpts_known_yearly_amount_is_never_hidden():
    best = evaluate(CPTS, "2026-03-01")["meilleure_combinaison"]
    assert best["ids"] == ["aci-cpts"]
    assert best["montant_annuel_sans_duree"] == 265000
    assert best["echeancier"]["ensuite"]["montant"] == 265000


def test_figure_is_well_formed_svg_with_title_desc_and_the_same_figures_as_the_table():
    html = figure(evaluate(GP_ZIP_2026, "2026-03-20"))
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("data-echeancier") == "" and root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Échéancier des versements, année par année"
    desc = root.find(f"{ns}desc").text
    assert "Année 1 : 48\u202f000\u00a0€" in desc and "+50\u00a0% du forfait médecin traitant" in desc
    # One rect per aid and year in euros (3 for the assistant, 1 for the installation aid).
    rects = root.findall(f"{ns}rect")
    assert len(rects) == 4 and {r.get("fill") for r in rects} <= set(PALETTE)
    assert "style=" not in html  # a strict CSP forbids style attributes
    table = html[html.index("<table") : html.index("</table>") + 8]
    cells = ET.fromstring(table).iter("td")
    assert "48\u202f000\u00a0€" in [c.text for c in cells]
    assert '<td data-valeur="98000">98\u202f000\u00a0€</td>' in table


def test_figure_escapes_the_names():
    schedule = {
        "annees": [{"annee": 1, "debut": None, "montant": 10, "aides": [{"id": "x", "montant": 10, "taux": None}]}],
        "ensuite": None,
        "depart": None,
        "non_chiffrees": ["y"],
    }
    html = schedule_figure(schedule, {"x": "<script>alert(1)</script>", "y": "<b>"})
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_scheme_page_figure_of_coscom_three_times_5000():
    one = aide(
        evaluate(
            {
                "beneficiaire": "medecin",
                "deja_installe": True,
                "zone": "zip",
                "secteur": 2,
                "exercice_coordonne": ["groupe"],
                "hopital_proximite": False,
                "msu": False,
            },
            "2025-06-01",
        ),
        "coscom",
    )
    html = scheme_figure(one)
    row = html[html.index('<tr data-serie="coscom">') : html.index("</tr>", html.index('<tr data-serie="coscom">'))]
    assert row.count('<td data-valeur="5000">5\u202f000\u00a0€</td>') == 3 and 'data-valeur="15000"' in row
    assert "Total sur 3 ans" in html
    assert scheme_figure({**one, "statut": "non_eligible"}) is None


def test_evaluate_json_carries_the_figure_and_errors_stay_french():
    r = json.loads(evaluate_json(json.dumps(CARIM), "2026-03-01"))
    assert "<svg data-echeancier" in r["graphique"] and "17\u202f500\u00a0€" in r["graphique"]
    erreur = json.loads(evaluate_json('{"zone": "zzz"}', "2026-03-01"))["erreur"]
    assert erreur["champ"] == "zone" and "valeur inconnue" in erreur["message"]


def test_what_if_carim_28_hours_gives_the_next_row():
    carim = aide(evaluate(CARIM, "2026-03-01"), "carim")
    assert carim["montant_total"] == 17500
    [step] = carim["et_si"]
    assert step["montant_total"] == 20000
    assert [(c["champ"], c["valeur"]) for c in step["changements"]] == [("heures_semaine", 28)]
    assert step["changements"][0]["actuel"] == "25 heures par semaine"


def test_what_if_cpts_next_size_and_assistant_next_step():
    cpts = aide(evaluate(CPTS, "2026-03-01"), "aci-cpts")
    [step] = cpts["et_si"]
    assert step["changements"][0]["valeur"] == 175001  # « plus de 175 000 habitants »
    assert step["montant_annuel"] == 90000 + 80000 + 100000 + 40000
    half = aide(evaluate({**GP_ZIP_2026, "assistant_temps": "mi_temps"}, "2026-03-20"), "assistant-medical")
    assert half["montant_annuel"] == 19000
    [step] = half["et_si"]
    assert step["changements"][0]["valeur"] == "temps_plein" and step["montant_total"] == 88000
    # At the top of the grid (and at full time, whose next steps have no amount): nothing.
    top = aide(evaluate({**CARIM, "demi_journees_semaine": 9, "heures_semaine": 35}, "2026-03-01"), "carim")
    assert top["et_si"] == []
    assert aide(evaluate(GP_ZIP_2026, "2026-03-20"), "assistant-medical")["et_si"] == []


def test_choice_between_two_unknown_amounts_is_left_to_the_person():
    r = evaluate(CARIM, "2026-03-01")
    best = r["meilleure_combinaison"]
    assert best["a_choisir"] == [["accord-national-cds", "aci-cds"]]
    [reason] = r["incompatibilites_motifs"]
    assert reason["aides"] == ["accord-national-cds", "aci-cds"] and "choisir" in reason["motif"]
    assert reason["source"]["id"] == "seed-001"


def test_ten_year_rule_is_the_reason_of_a_pair_without_cumul_rule():
    # A GP settling in a mountain commune of the Aveyron, in a ZIP: two installation aids.
    profil = {**GP_ZIP_2026, "region": "76", "departement": "12", "commune_montagne": "zone_montagne"}
    r = evaluate(profil, "2026-03-20")
    [reason] = r["incompatibilites_motifs"]
    assert reason["aides"] == ["aide-installation-zip", "aide-montagne-occitanie"]
    assert reason["motif"].startswith("Règle des dix ans") and reason["source"]["id"] == "regle-dix-ans"
    assert r["meilleure_combinaison"]["a_choisir"] == []  # both amounts known: the larger one is kept
    assert "aide-montagne-occitanie" in r["meilleure_combinaison"]["ids"]


def test_region_without_aid_of_its_own_points_to_its_ars_portal():
    t = evaluate(GP_ZIP_2026, "2026-03-20")["territoire"]
    assert t["nom"] == "Pays de la Loire" and t["aides_locales"] == []
    assert t["paps"] == {"url": "https://www.paysdelaloire.paps.sante.fr/linstallation-61", "date": "2025-11-10"}
    hdf = evaluate({**GP_ZIP_2026, "region": "32", "departement": "59"}, "2026-03-20")["territoire"]
    assert "crai" in hdf["aides_locales"] and "prime-msu-aisne" not in hdf["aides_locales"]  # Aisne only
    assert evaluate({"beneficiaire": "medecin"}, "2026-03-20")["territoire"] is None


def test_non_eligible_split_profile_or_condition():
    r = evaluate(CPTS, "2026-03-01")
    assert aide(r, "coscom")["non_eligible_par"] == "profil"  # a doctor's aid, for a CPTS
    r = evaluate(CARIM | {"heures_semaine": 17}, "2026-03-01")
    assert aide(r, "carim")["non_eligible_par"] == "condition"
    assert aide(r, "carim")["echeancier"] is None


def test_next_steps_of_crai_with_its_two_deadlines():
    profil = {
        "beneficiaire": "medecin",
        "specialite": "medecine_generale",
        "region": "32",
        "departement": "02",
        "mode_exercice": "liberal",
        "zone": "zar",
        "date_installation": "2025-09-01",
        "aide_installation_10_ans": False,
    }
    crai = aide(evaluate(profil, "2026-03-01"), "crai")
    d = crai["demarches"]
    assert d["contact"] == "L'ARS Hauts-de-France."
    # « dans les 6 mois à compter de son installation et au plus tard le 30 juin 2026 », and the
    # contract signed by 30 October 2026 (PAPS Hauts-de-France).
    assert [(e["date"], e["passee"]) for e in d["echeances"]] == [
        ("2026-03-01", False),
        ("2026-06-30", False),
        ("2026-10-30", False),
    ]
    assert d["source"]["id"] == "paps-hdf"
    late = aide(evaluate(profil, "2026-06-30"), "crai")["demarches"]["echeances"]
    assert [e["passee"] for e in late] == [True, False, False]
    assert aide(evaluate(profil, "2026-03-01"), "caim")["demarches"] is None  # not eligible


def test_deadline_months_after_a_profile_date(tmp_path):
    demarches = """
[demarches]
source = "seed-001"
adresse = "contact@exemple.invalid"
pieces = ["Le contrat de travail du médecin recruté"]
echeances = [{ libelle = "Aide versée au plus tard", mois = 3, apres_champ = "date_installation" }]
"""
    catalogue = load(dossier_avec(tmp_path, ajouter=demarches))
    profil = {
        "beneficiaire": "centre_sante",
        "region": "53",
        "type_centre": "medical",
        "zone": "zar",
        "conventionne": True,
        "medecins_recrutes": 1,
        "heures_semaine": 20,
    }
    r = evaluate({**profil, "date_installation": "2025-11-30"}, "2026-03-01", catalogue)
    d = r["aides"][0]["demarches"]
    assert d["adresse"] == "contact@exemple.invalid" and d["pieces"] == ["Le contrat de travail du médecin recruté"]
    [e] = d["echeances"]
    assert (e["date"], e["passee"], e["delai"]) == ("2026-02-28", True, "3 mois après : date d'installation")
    [e] = evaluate(profil, "2026-03-01", catalogue)["aides"][0]["demarches"]["echeances"]
    assert (e["date"], e["manque"]) == (None, "date_installation")
    assert plus_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    "echeancier, champ, message",
    [
        ('parts = [50, 40]\nsource = "seed-001"', "montant.echeancier.parts", "font 90 %"),
        (
            'taux = ["grille"]\nassiette = "du forfait"\nsource = "seed-001"',
            "montant.echeancier.taux[0]",
            "pourcentage",
        ),
        ('ensuite = "medecins_max"\nsource = "seed-001"', "montant.echeancier.assiette", "assiette"),
        ('parts = [100]\nsource = "seed-001"\ndepart = "zone"', "montant.echeancier.depart", "date du profil"),
        ("parts = [100]", "montant.echeancier.source", "clé obligatoire"),
    ],
)
def test_a_bad_schedule_in_a_scheme_file_is_named(tmp_path, echeancier, champ, message):
    dossier = dossier_avec(tmp_path, {"[[ambiguites]]": f"[montant.echeancier]\n{echeancier}\n\n[[ambiguites]]"})
    with pytest.raises(DataError) as e:
        load(dossier)
    assert e.value.champ == champ and message in e.value.message, str(e.value)


def test_variants_each_zone_qpv_and_region_with_aids():
    c = compare(GP_ZIP_2026, "2026-03-20")
    ids = [v["id"] for v in c["variantes"]]
    assert ids[:4] == ["zone:zac", "zone:zar", "zone:hors_zone", "qpv:oui"]
    assert "region:53" in ids and "region:32" in ids and "region:52" not in ids
    zac = next(v for v in c["variantes"] if v["id"] == "zone:zac")
    assert c["reference"]["montant_total"] == 98000
    assert zac["ecart_total"] == zac["montant_total"] - 98000 and "aide-installation-zip" not in zac["ids"]
    # A region whose aids need a département says so rather than guessing one.
    hdf = next(v for v in c["variantes"] if v["id"] == "region:32")
    assert "departement" in [m["champ"] for m in hdf["manquants"]]
    assert json.loads(compare_json(json.dumps(GP_ZIP_2026), "2026-03-20"))["variantes"][0]["id"] == "zone:zac"
    assert "erreur" in json.loads(compare_json("{", None))


def test_every_worked_case_schedule_adds_up_to_its_total():
    checked = 0
    for _, _, cas in cas_de_test():
        r = evaluate(cas["profil"], cas["date"])
        for a in r["aides"]:
            e = a["echeancier"]
            if e and a["montant_total"] is not None and e["ensuite"] is None:
                assert sum(Decimal(str(y["montant"])) for y in e["annees"]) == Decimal(str(a["montant_total"])), a["id"]
                checked += 1
    assert checked > 100


def test_variants_of_a_profile_with_a_repeated_group_given_flat():
    # CARIM's example as the 2025 profiles gave it (one recruited GP, its time at the top level):
    # every variant keeps the group and its 17 500 € (the grid's row of 7 half-days, 24,5 h).
    c = compare(CARIM, "2026-03-01")
    assert "carim" in c["reference"]["ids"]
    zip_ = next(v for v in c["variantes"] if v["id"] == "zone:zip")
    assert "carim" not in zip_["ids"] and zip_["ecart_total"] is not None
    assert all("erreur" not in v for v in c["variantes"])
