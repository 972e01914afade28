"""Rules engine of the guide to the aids for doctors settling or staying in under-served areas.

Public API: `load` (read and check the scheme files), `evaluate` (a profile at a date; `evaluate_one`
for one scheme), `validate_profile`, `json_schema` (of the profile), the two errors `DataError` and
`ProfileError`, and `engine.api` for programs that speak JSON (the CLI, the calculator's worker).
Standard library only, so that it runs in CPython and in Pyodide alike.
"""

from .errors import DataError, ProfileError
from .evaluation import evaluate, evaluate_one
from .loader import Catalogue, default_catalogue, load
from .profile import fields, json_schema, validate_profile

__all__ = [
    "Catalogue",
    "DataError",
    "ProfileError",
    "default_catalogue",
    "evaluate",
    "evaluate_one",
    "fields",
    "json_schema",
    "load",
    "validate_profile",
]
