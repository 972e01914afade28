"""What the sources leave unsaid stays unsaid: the funders and payment rhythms that the
catalogue-wide re-reading of issue 11 found guessed and shown as facts."""

import pytest

from engine import load


@pytest.fixture(scope="module")
def aides():
    return load().aides


@pytest.mark.parametrize(
    "ident",
    [
        # Seed 003 only says « l'aide régionale de 0,25€/km »: ARS or Région, it does not say.
        "indemnite-km-stage",
        # Seed 004: « l'ARS a mis en place 4 dispositifs » — set up by the ARS, funding not given.
        "assistant-partage-normandie",
    ],
)
def test_funder_the_source_does_not_name_is_not_guessed(aides, ident):
    assert aides[ident].financeur == "non_precise"
