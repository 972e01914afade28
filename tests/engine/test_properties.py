"""Property-based: any profile, however malformed, gives a result or a clean French error.

Profiles are drawn field by field from the engine's own definitions: valid values, boundary
values (the bounds and one step past them) and garbage, 10 000 of them in all.
"""

import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import ProfileError, evaluate, fields
from engine.profile import department_regions, territories

CHAMPS = fields()
DATES = ["2019-09-01", "2020-03-01", "2024-07-01", "2025-03-15", "2026-03-01", "2026-07-15", "2026-11-22"]
garbage = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def valides(ch):
    if ch.type == "choix":
        return st.sampled_from(ch.choice_values())
    if ch.type == "liste":
        return st.lists(st.sampled_from(ch.choice_values()), max_size=len(ch.choix), unique=True)
    if ch.type == "booleen":
        return st.booleans()
    if ch.type == "date":
        return st.dates().map(lambda d: d.isoformat())
    if ch.type == "code_region":
        return st.sampled_from(list(territories()))
    if ch.type == "code_departement":
        return st.sampled_from(list(department_regions()))
    bas, haut = ch.min or Decimal(0), ch.max
    bornes = [bas, haut, bas - 1, haut + 1, haut + Decimal("0.5")]
    if ch.type == "entier":
        return st.one_of(st.integers(int(bas), int(haut)), st.sampled_from([int(b) for b in bornes]))
    if ch.type == "montant":
        return st.one_of(st.decimals(bas, haut, places=2).map(str), st.sampled_from([str(b) for b in bornes]))
    return st.one_of(st.decimals(bas, haut, places=1).map(float), st.sampled_from([float(b) for b in bornes]))


champ_valeur = st.sampled_from(list(CHAMPS)).flatmap(
    lambda nom: st.tuples(st.just(nom), st.one_of(valides(CHAMPS[nom]), valides(CHAMPS[nom]), garbage))
)
profils = st.one_of(
    st.lists(champ_valeur, max_size=14).map(dict),
    st.dictionaries(st.text(max_size=8), garbage, max_size=4),
    garbage,
)


@settings(deadline=None, suppress_health_check=list(HealthCheck))
@given(profils, st.sampled_from(DATES))
def test_result_or_clean_error(profil, date):
    try:
        resultat = evaluate(profil, date)
    except ProfileError as e:
        assert e.message and "Traceback" not in e.message
        assert e.champ == "profil" or e.champ in profil or e.champ == "departement"
        return
    json.dumps(resultat)
    for aide in resultat["aides"]:
        assert aide["statut"] in ("eligible", "non_eligible", "a_completer")
        if aide["statut"] == "non_eligible":
            assert any(c["resultat"] is False for c in aide["conditions"])
        # A schedule adds up to the total it spreads, to the cent, and holds no negative amount.
        e = aide["echeancier"]
        if e and aide["montant_total"] is not None and e["ensuite"] is None:
            amounts = [Decimal(str(y["montant"])) for y in e["annees"] if y["montant"] is not None]
            assert sum(amounts) == Decimal(str(aide["montant_total"])), (aide["id"], e)
            assert all(a >= 0 for a in amounts)
    # So does the best combination's, when each of its aids has a total and a schedule of euros.
    best = resultat["meilleure_combinaison"]
    par_id = {a["id"]: a for a in resultat["aides"]}
    kept = [par_id[i] for i in best["ids"]]
    if kept and all(
        a["montant_total"] is not None and a["echeancier"] and not a["echeancier"]["ensuite"] for a in kept
    ):
        years = [Decimal(str(y["montant"] or 0)) for y in best["echeancier"]["annees"]]
        assert sum(years) == Decimal(str(best["montant_total"])), best
