"""Property-based: any profile, however malformed, gives a result or a clean French error."""

import json

from hypothesis import given, settings, strategies as st

from engine import ProfilInvalide, champs, evaluer

CHAMPS = list(champs())
valeurs = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**9), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.sampled_from(["zip", "zac", "zar", "medecin", "cpts", "02", "53", "2026-02-30",
                                           "2026-03-01", "1", "oui", "17,5"]),
    st.lists(st.sampled_from(["groupe", "esp", "msp", "cpts", "acces_soins", "x"]), max_size=4),
)
profils = st.dictionaries(st.one_of(st.sampled_from(CHAMPS), st.text(max_size=8)), valeurs, max_size=12)


@settings(max_examples=300, deadline=None)
@given(profils, st.sampled_from(["2019-09-01", "2024-07-01", "2026-03-01", "2026-11-22"]))
def test_result_or_clean_error(profil, date):
    try:
        resultat = evaluer(profil, date)
    except ProfilInvalide as e:
        assert e.champ and e.message
        assert e.champ in CHAMPS or e.champ in ("profil", "date") or e.champ == str(next(
            k for k in profil if k not in CHAMPS))
        return
    json.dumps(resultat)
    for aide in resultat["aides"]:
        assert aide["statut"] in ("eligible", "non_eligible", "a_completer")
