"""Errors the engine raises: a bad data file, or a bad profile given by a user.

Both carry a French message that names the place of the problem, so that the CLI, the site
build and the browser can show it as it is, without a traceback. `suggestion` offers the closest
known name for a misspelt one.
"""

import difflib


class DataError(Exception):
    """A scheme data file does not follow the schema: `file: field: what is wrong`."""

    def __init__(self, fichier: str, champ: str, message: str):
        self.fichier = fichier
        self.champ = champ
        self.message = message
        super().__init__(f"{fichier}: {champ}: {message}")


class ProfileError(ValueError):
    """A profile value is wrong: the field it concerns and a French message."""

    def __init__(self, champ: str, message: str):
        self.champ = champ
        self.message = message
        super().__init__(f"{champ} : {message}")

    def as_json(self) -> dict:
        return {"erreur": {"champ": self.champ, "message": self.message}}


def suggestion(nom, connus) -> str:
    """` : vouliez-vous dire X ?` with the known name closest to `nom`, or "" when none is close."""
    proches = difflib.get_close_matches(str(nom), [str(c) for c in connus], n=1)
    return f" : vouliez-vous dire {proches[0]} ?" if proches else ""
