"""The test tiers, one pytest marker per folder: `engine` (the rules engine and the worked cases,
seconds), `site` (builds of the site), `browser` (Playwright in Chromium), `parity` (the engine in
Pyodide under Node), `tooling` (the workflows, linted). `pytest -m engine` runs the quick tier alone.

The property tests draw 10 000 profiles in the full run (and in CI); set `HYPOTHESIS_PROFILE=dev`
for a quick local run of 200.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("full", max_examples=10_000)
settings.register_profile("dev", max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))

TIERS = {"engine": "engine", "site": "site", "browser": "browser", "parite": "parity", "outils": "tooling"}
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        folder = Path(item.fspath).relative_to(HERE).parts[0]
        if folder in TIERS:
            item.add_marker(getattr(pytest.mark, TIERS[folder]))
