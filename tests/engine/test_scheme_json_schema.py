"""The JSON Schema of a scheme file (for editors) is generated from the engine's registries, kept
up to date in `engine/aide.schema.json`, accepts every live scheme file and flags a mistake."""

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from engine.scheme_json_schema import scheme_json_schema

ENGINE = Path(__file__).parents[2] / "engine"


def _as_json(value):
    """TOML values as a JSON document would hold them (dates as strings)."""
    return json.loads(json.dumps(value, default=str))


def test_committed_schema_is_the_generated_one():
    committed = json.loads((ENGINE / "aide.schema.json").read_text(encoding="utf-8"))
    assert committed == _as_json(scheme_json_schema()), "lancez : python -m engine schema > engine/aide.schema.json"


@pytest.mark.parametrize("path", sorted((ENGINE / "aides").glob("*.toml")), ids=lambda p: p.stem)
def test_every_live_scheme_file_fits(path):
    with open(path, "rb") as f:
        jsonschema.validate(_as_json(tomllib.load(f)), scheme_json_schema())


def test_a_mistake_is_flagged():
    with open(ENGINE / "aides" / "carim.toml", "rb") as f:
        data = _as_json(tomllib.load(f))
    data["couleur"] = "bleu"
    data["montant"]["type"] = "forfait"
    errors = {e.validator for e in jsonschema.Draft202012Validator(scheme_json_schema()).iter_errors(data)}
    assert {"additionalProperties", "enum"} <= errors
