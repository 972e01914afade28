"""The best compatible combination: exact, and independent of Python's hash seed."""

import itertools
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.combination import best_combination

RACINE = Path(__file__).resolve().parents[2]


@st.composite
def conflits(draw):
    n = draw(st.integers(1, 9))
    ids = [f"aide-{i}" for i in range(n)]
    totaux = {
        i: draw(st.sampled_from([None, Decimal(0), Decimal(1000), Decimal(5000), Decimal("7500.50")])) for i in ids
    }
    toutes = list(itertools.combinations(ids, 2))
    paires = draw(st.lists(st.sampled_from(toutes), unique=True, max_size=len(toutes))) if toutes else []
    return totaux, paires


@settings(max_examples=300, deadline=None)
@given(conflits())
def test_la_combinaison_est_compatible_et_la_meilleure(cas):
    totaux, paires = cas
    retenus, total = best_combination(totaux, paires)
    interdites = {frozenset(p) for p in paires}
    assert not any(frozenset(p) in interdites for p in itertools.combinations(retenus, 2))
    poids = {i: t or Decimal(0) for i, t in totaux.items()}
    if retenus and all(totaux[i] is None for i in retenus):
        assert total is None  # no known total: never read as zero money
        total = Decimal(0)
    assert total == sum((poids[i] for i in retenus), Decimal(0))
    # Brute force over every subset: nothing compatible weighs more.
    ids = list(totaux)
    meilleur = max(
        sum((poids[i] for i in s), Decimal(0))
        for k in range(len(ids) + 1)
        for s in itertools.combinations(ids, k)
        if not any(frozenset(p) in interdites for p in itertools.combinations(s, 2))
    )
    assert total == meilleur
    assert retenus == [i for i in ids if i in retenus]  # in catalogue order


def _etoile(ids):
    """A light first scheme in conflict with all the others, themselves mutually exclusive and of
    the same amount: the best combination keeps one of them."""
    totaux = {ids[0]: Decimal(1), **dict.fromkeys(ids[1:], Decimal(15000))}
    return totaux, list(itertools.combinations(ids, 2))


def test_a_montants_egaux_le_premier_dans_l_ordre_du_catalogue_l_emporte():
    ids = [f"aide-{c}" for c in "zfbdaeckqm"]
    retenus, total = best_combination(*_etoile(ids))
    assert retenus == ["aide-f"] and total == Decimal(15000)


def test_le_resultat_ne_depend_pas_de_la_graine_de_hachage():
    script = (
        "from tests.engine.test_combination import _etoile, best_combination\n"
        "print(best_combination(*_etoile(['x%d' % i for i in range(12)]))[0])\n"
    )
    sorties = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=RACINE,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(graine)},
        ).stdout
        for graine in range(8)
    }
    assert len(sorties) == 1
