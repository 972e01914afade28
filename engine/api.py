"""The engine's one door for programs that speak JSON: the command line, the calculator's worker
in Pyodide, the parity test and the benchmarks all call these functions, so what is tested is
what ships.

- `evaluate_json(text, date)`: a profile as JSON text -> the evaluation as JSON text, with the
  calculator's interview under `entretien` (`engine.interview`: the next question, the bound on
  the questions left, « je ne sais pas » variants) and `graphique`, the best combination's
  schedule as a figure (SVG chart and table, HTML), or `{"erreur": {"champ", "message"}}` with a
  French message (never a traceback); a date outside the range the data cover is refused. This is
  what the calculator's worker answers;
- `result_json(text, date)`: the evaluation alone (what the command line prints);
- `compare_json(text, date)`: « Et ailleurs ? », the situation in every zone and region with
  aids of its own (`engine.variants.compare`), same errors;
- `scheme_figure(aide)`: one scheme's schedule as a figure (a scheme page's worked example);
- `profile_schema()`: the profile's JSON Schema;
- `catalogue_summary()`: every scheme's id, nature, name and acronym.
"""

import json
from decimal import Decimal

from .chart import schedule_figure
from .errors import DataError, ProfileError
from .evaluation import evaluate
from .interview import interview
from .loader import default_catalogue
from .profile import json_schema
from .schedule import combined_schedule
from .variants import compare


def _error(field, message: str) -> str:
    return json.dumps({"erreur": {"champ": field, "message": message}}, ensure_ascii=False)


def _no_duplicates(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise ProfileError(str(key), f"le champ « {key} » est donné deux fois.")
        out[key] = value
    return out


# The JSON parser's reasons (the start of `JSONDecodeError.msg`) in French.
JSON_REASONS = (
    ("Expecting value", "une valeur est attendue"),
    ("Expecting property name enclosed in double quotes", "nom de champ entre guillemets droits attendu"),
    ("Expecting ',' delimiter", "virgule attendue"),
    ("Expecting ':' delimiter", "deux-points attendu après le nom du champ"),
    ("Extra data", "texte en trop après la fin du profil"),
    ("Unterminated string", "texte non terminé : guillemet fermant manquant"),
    ("Invalid control character", "caractère de contrôle interdit dans un texte"),
    ("Invalid \\uXXXX escape", "séquence \\u invalide"),
    ("Invalid \\escape", "barre oblique inverse « \\ » invalide dans un texte"),
    ("Illegal trailing comma", "virgule en trop avant la fin"),
)


def parse_profile(text: str):
    """A profile from JSON text: exact decimals, a repeated key refused, a French error."""
    try:
        return json.loads(text, parse_float=Decimal, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as e:
        reason = next((fr for en, fr in JSON_REASONS if e.msg.startswith(en)), "syntaxe incorrecte")
        raise ProfileError("profil", f"JSON invalide ligne {e.lineno}, colonne {e.colno} : {reason}.") from None


def _answer(compute, text: str, date: str | None, indent: int | None = None) -> str:
    """`compute(profile, date)` as JSON text, every failure as a French `erreur`."""
    try:
        return json.dumps(compute(parse_profile(text), date or None), ensure_ascii=False, indent=indent)
    except ProfileError as e:
        return json.dumps(e.as_json(), ensure_ascii=False)
    except DataError as e:
        return _error(None, f"Erreur dans les données : {e} (détail : python -m engine check)")
    except Exception as e:  # an engine bug: a French message, never a traceback
        return _error(None, f"Erreur interne du moteur de calcul ({type(e).__name__}).")


def _figure(schedule: dict, aides: list) -> str | None:
    """The figure of a combined `schedule` of the scheme results `aides` (None when no figure)."""
    if not any(p["montant"] is not None or p["taux"] is not None for y in schedule["annees"] for p in y["aides"]):
        return None
    names = {a["id"]: a["sigle"] or a["nom"] for a in aides}
    bases = {a["id"]: a["echeancier"]["assiette"] for a in aides if a["echeancier"] and a["echeancier"]["assiette"]}
    return schedule_figure(schedule, names, bases)


def figure(result: dict) -> str | None:
    """The best combination's schedule of an evaluation `result` as a figure (chart and table, HTML;
    None when no aid of it is in figures)."""
    best = result["meilleure_combinaison"]
    by_id = {a["id"]: a for a in result["aides"]}
    return _figure(best["echeancier"], [by_id[i] for i in best["ids"]])


def scheme_figure(aide: dict) -> str | None:
    """One scheme's schedule as a figure, from its result (`evaluate_one`): a scheme page's example."""
    if aide["statut"] == "non_eligible" or aide["echeancier"] is None:
        return None
    return _figure(combined_schedule({aide["id"]: aide["echeancier"]}), [aide])


def _calculator_answer(profile, date):
    result = interview(profile, date)
    return {**result, "graphique": figure(result)}


def evaluate_json(text: str, date: str | None = None) -> str:
    """Evaluate the profile `text` (JSON) at `date` (AAAA-MM-JJ, today when empty), with the
    interview and the schedule's figure: the calculator's answer."""
    return _answer(_calculator_answer, text, date)


def result_json(text: str, date: str | None = None, indent: int | None = None) -> str:
    """The evaluation of the profile `text` (JSON) at `date`, without the interview: what the
    command line prints."""
    return _answer(evaluate, text, date, indent)


def compare_json(text: str, date: str | None = None, indent: int | None = None) -> str:
    """« Et ailleurs ? » for the profile `text` (JSON) at `date`."""
    return _answer(compare, text, date, indent)


def profile_schema() -> dict:
    return json_schema()


def catalogue_summary(catalogue=None) -> list:
    """Id, nature, name and acronym of every scheme of `catalogue` (the package's own by default)."""
    return [
        {"id": s.id, "nature": s.nature, "nom": s.nom, "sigle": s.sigle}
        for s in (catalogue or default_catalogue()).aides.values()
    ]


def warm_up():
    """Read the catalogue and the profile once (the worker does it before its first request)."""
    default_catalogue()
    json_schema()
