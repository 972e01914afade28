"""What the sources leave unsaid stays unsaid: the funders and payment rhythms that the
catalogue-wide re-reading of issue 11 found guessed and shown as facts."""

import re

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


def test_no_reading_gives_a_rhythm_to_an_amount_whose_rhythm_the_source_does_not_give(aides):
    """A `non_precisee` periodicity is the data's whole answer: no choice of an ambiguity may
    still call it annual or monthly « par défaut » (BoosTerr, the CDS start-up aid, CRMG and the
    Aisne salaried doctor did after their periodicity was corrected)."""
    said = re.compile(r"\b(annuel|annuelle|mensuel|mensuelle)\b|par défaut")
    stale = [
        (ident, a["choix"])
        for ident, scheme in aides.items()
        if (scheme.montant or {}).get("periodicite") == "non_precisee"
        for a in scheme.ambiguites
        if said.search(a["choix"])
    ]
    assert stale == []
