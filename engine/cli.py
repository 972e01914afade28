"""Command line: `python -m engine evaluate FICHIER.json [--date AAAA-MM-JJ]`, `compare FICHIER.json
[--date AAAA-MM-JJ]` (« Et ailleurs ? »), `list`, `schema` and `check [DOSSIER]`.

Everything it says is in French: argparse's own messages are translated (`FRENCH`), bad input
prints one line naming the field on standard error and exits with code 2; `check` prints every
data error, one line each, and exits with code 1 if there is any. Output cut short by the reader
(`… | head`) ends quietly.
"""

import argparse
import contextlib
import errno
import json
import os
import sys

from .api import catalogue_summary, compare_json, result_json
from .check import check_folder
from .errors import DataError, ProfileError
from .scheme_json_schema import scheme_json_schema

# argparse's messages (Python 3.11 to 3.14) in French; one not listed stays in English.
FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide",
    "the following arguments are required: %s": "argument obligatoire absent : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix inconnu %(value)r (choix possibles : %(choices)s)",
    "unrecognized arguments: %s": "argument inconnu : %s",
    "expected one argument": "une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s : %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë %(option)s : %(matches)s ?",
    "ignored explicit argument %r": "valeur inattendue %r",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
}
READ_ERRORS = {
    errno.ENOENT: "fichier introuvable",
    errno.EACCES: "lecture non autorisée",
    errno.EISDIR: "c'est un dossier, pas un fichier",
}


@contextlib.contextmanager
def _french_argparse():
    """argparse speaks French meanwhile (its messages go through its module's `_`)."""
    english = argparse._
    argparse._ = lambda message: FRENCH.get(message, english(message))
    try:
        yield
    finally:
        argparse._ = english


class Analyseur(argparse.ArgumentParser):
    """argparse with its usage errors in French and exit code 2."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"erreur : {message}\n")


def _parser() -> Analyseur:
    p = Analyseur(prog="python -m engine", description="Aides à l'installation et au maintien des médecins")
    sous = p.add_subparsers(dest="commande", metavar="COMMANDE", required=True, parser_class=Analyseur)
    ev = sous.add_parser("evaluate", help="évaluer une situation (profil JSON)", description="Évaluer une situation.")
    ev.add_argument("fichier", metavar="FICHIER", help="fichier JSON du profil, ou - pour l'entrée standard")
    ev.add_argument("--date", metavar="AAAA-MM-JJ", help="date d'évaluation (aujourd'hui par défaut)")
    co = sous.add_parser(
        "compare",
        help="la même situation dans chaque zone et chaque région (« Et ailleurs ? »)",
        description="La même situation dans chaque zone et chaque région qui a ses propres aides.",
    )
    co.add_argument("fichier", metavar="FICHIER", help="fichier JSON du profil, ou - pour l'entrée standard")
    co.add_argument("--date", metavar="AAAA-MM-JJ", help="date d'évaluation (aujourd'hui par défaut)")
    sous.add_parser("list", help="lister les dispositifs", description="Lister les dispositifs.")
    sous.add_parser(
        "schema", help="le schéma JSON d'un fichier de dispositif (pour les éditeurs)", description="Schéma JSON."
    )
    ch = sous.add_parser(
        "check",
        help="vérifier les fichiers de données : toutes les erreurs, une ligne chacune",
        description="Vérifier les fichiers de dispositifs comme le fait la construction du site.",
    )
    ch.add_argument(
        "dossier",
        metavar="DOSSIER",
        nargs="?",
        help="dossier des dispositifs (par défaut $AIDES_DOSSIER, sinon engine/aides)",
    )
    return p


def _lire_profil(chemin: str):
    try:
        if chemin == "-":
            texte = sys.stdin.buffer.read().decode("utf-8")
        else:
            with open(chemin, encoding="utf-8") as f:
                texte = f.read()
    except OSError as e:
        raise ProfileError(
            "fichier", f"impossible de lire « {chemin} » ({READ_ERRORS.get(e.errno, 'erreur de lecture')})."
        ) from None
    except UnicodeDecodeError:
        raise ProfileError("fichier", f"« {chemin} » n'est pas un texte en UTF-8.") from None
    return texte


def _check(dossier) -> int:
    report = check_folder(dossier or os.environ.get("AIDES_DOSSIER") or None)
    for line in report.errors:
        print(line)
    for line in report.warnings:
        print(f"attention : {line}")
    print(report.summary())
    return 1 if report.errors else 0


def _run(args) -> int:
    if args.commande == "check":
        return _check(args.dossier)
    if args.commande == "schema":
        json.dump(scheme_json_schema(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if args.commande == "list":
        for s in catalogue_summary():
            sigle = f" ({s['sigle']})" if s["sigle"] else ""
            print(f"{s['id']}\t{s['nature']}\t{s['nom']}{sigle}")
        return 0
    calcul = compare_json if args.commande == "compare" else result_json
    texte = calcul(_lire_profil(args.fichier), args.date, indent=2)
    erreur = json.loads(texte).get("erreur") if texte.startswith('{"erreur"') else None
    if erreur:
        champ = f"{erreur['champ']} : " if erreur["champ"] else ""
        print(f"erreur : {champ}{erreur['message']}", file=sys.stderr)
        return 2
    print(texte)
    return 0


def main(argv=None) -> int:
    with _french_argparse():
        args = _parser().parse_args(argv)
    try:
        code = _run(args)
        sys.stdout.flush()
        return code
    except ProfileError as e:
        print(f"erreur : {e.champ} : {e.message}", file=sys.stderr)
        return 2
    except DataError as e:
        print(f"erreur dans les données : {e} (détail : python -m engine check)", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped reading (`| head`): nothing more to say. Python's own flush of
        # standard output at exit would fail again, so it goes to /dev/null.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
