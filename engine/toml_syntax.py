"""TOML syntax errors in French: `tomllib`'s reason translated, and where it is (line, column)."""

import re

# tomllib's reasons (Python 3.11 to 3.14), most specific first; a reason not listed is kept as is.
REASONS = [
    (r"Expected '=' after a key in a key/value pair", "« = » attendu après une clé (clé = valeur)"),
    (r"Invalid value", "valeur invalide (un texte s'écrit entre guillemets, une date AAAA-MM-JJ)"),
    (r"Unterminated string", "texte non terminé : guillemet fermant manquant"),
    (r"Unclosed array", "liste non fermée : « ] » manquant"),
    (r"Unclosed inline table", "table non fermée : « } » manquant"),
    (r"Expected ']' at the end of a table declaration", "« ] » manquant à la fin du nom de rubrique"),
    (r"Expected ']]' at the end of an array declaration", "« ]] » manquant à la fin du nom de rubrique"),
    (
        r"Expected newline or end of document after a statement",
        "retour à la ligne attendu après la valeur (deux valeurs sur une ligne ?)",
    ),
    (r"Invalid statement", "ligne incompréhensible"),
    (r"Invalid initial character for a key part", "caractère impossible au début d'une clé"),
    (r"Invalid date or datetime", "date invalide (format AAAA-MM-JJ)"),
    (r"Cannot overwrite a value", "valeur donnée deux fois"),
    (r"Cannot declare (.+) twice", "rubrique déclarée deux fois"),
    (r"Duplicate inline table key (.+)", r"clé \1 donnée deux fois"),
    (r"Cannot (?:redefine|mutate immutable) namespace (.+)", r"la rubrique \1 est déjà définie plus haut"),
    (r"Illegal character (.+)", r"caractère interdit \1"),
    (r"Found invalid character (.+)", r"caractère invalide \1"),
    (r"Unescaped '\\' in a string", "barre oblique inverse « \\ » à doubler dans un texte"),
    (r"Invalid hex value|Escaped character is not a Unicode scalar value", "séquence d'échappement invalide"),
    (r"Expected (.+)", r"\1 attendu"),
]
WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
LINE = re.compile(r"\(ligne (\d+), colonne \d+\)$")


def toml_syntax_message(text: str) -> str:
    """`tomllib`'s message in French: `texte non terminé : … (ligne 3, colonne 9)`."""
    where = WHERE.search(text)
    reason = text[: where.start()] if where else text
    for pattern, french in REASONS:
        m = re.fullmatch(pattern, reason)
        if m:
            reason = m.expand(french)
            break
    if where is None:
        return reason
    if where.group(1) is None:
        return f"{reason} (à la fin du fichier)"
    return f"{reason} (ligne {where.group(1)}, colonne {where.group(2)})"


def syntax_error_line(message: str) -> int | None:
    """The line a French syntax message (`toml_syntax_message`) points to."""
    m = LINE.search(message)
    return int(m.group(1)) if m else None
