"""The worked cases (`tests/cas/*.toml`) as JSON-ready data, for the tests and the benchmarks."""

import datetime
import tomllib
from pathlib import Path

DOSSIER = Path(__file__).parent


def en_json(valeur):
    """TOML values as JSON ones: dates become `AAAA-MM-JJ` strings."""
    if isinstance(valeur, datetime.date):
        return valeur.isoformat()
    if isinstance(valeur, dict):
        return {k: en_json(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [en_json(v) for v in valeur]
    return valeur


def cas_de_test():
    """(file stem, index, case) for every case, its profile and date JSON-ready."""
    for fichier in sorted(DOSSIER.glob("*.toml")):
        with open(fichier, "rb") as f:
            for i, cas in enumerate(tomllib.load(f)["cas"]):
                yield fichier.stem, i, {**cas, "profil": en_json(cas["profil"]), "date": cas["date"].isoformat()}


def profils():
    """(profile, date) of every case."""
    return [(cas["profil"], cas["date"]) for _, _, cas in cas_de_test()]
