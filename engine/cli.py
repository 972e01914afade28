"""Command line: `python -m engine evaluate FILE.json [--date AAAA-MM-JJ]`, `python -m engine compare
FILE.json [--date AAAA-MM-JJ]` (« Et ailleurs ? ») and `python -m engine list`.

Bad input prints a French message naming the field on standard error and exits with code 2.
"""

import argparse
import json
import sys

from .api import catalogue_summary, parse_profile
from .errors import DataError, ProfileError
from .evaluation import evaluate
from .scheme_json_schema import scheme_json_schema
from .variants import compare


class Analyseur(argparse.ArgumentParser):
    """argparse with its usage errors in French and exit code 2."""

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"erreur : {message}\n")


def _lire_profil(chemin: str):
    try:
        texte = sys.stdin.read() if chemin == "-" else open(chemin, encoding="utf-8").read()
    except OSError as e:
        raise ProfileError("fichier", f"impossible de lire « {chemin} » ({e.strerror}).") from None
    return parse_profile(texte)


def main(argv=None) -> int:
    p = Analyseur(prog="python -m engine", description="Aides à l'installation et au maintien des médecins")
    sous = p.add_subparsers(dest="commande", required=True)
    ev = sous.add_parser("evaluate", help="évaluer une situation (profil JSON)")
    ev.add_argument("fichier", help="fichier JSON du profil, ou - pour l'entrée standard")
    ev.add_argument("--date", help="date d'évaluation AAAA-MM-JJ (aujourd'hui par défaut)")
    co = sous.add_parser("compare", help="la même situation dans chaque zone et chaque région (« Et ailleurs ? »)")
    co.add_argument("fichier", help="fichier JSON du profil, ou - pour l'entrée standard")
    co.add_argument("--date", help="date d'évaluation AAAA-MM-JJ (aujourd'hui par défaut)")
    sous.add_parser("list", help="lister les dispositifs")
    sous.add_parser("schema", help="le schéma JSON d'un fichier de dispositif (pour les éditeurs)")
    args = p.parse_args(argv)
    try:
        if args.commande == "schema":
            json.dump(scheme_json_schema(), sys.stdout, ensure_ascii=False, indent=2)
            print()
            return 0
        if args.commande == "list":
            for s in catalogue_summary():
                sigle = f" ({s['sigle']})" if s["sigle"] else ""
                print(f"{s['id']}\t{s['nature']}\t{s['nom']}{sigle}")
            return 0
        calcul = compare if args.commande == "compare" else evaluate
        resultat = calcul(_lire_profil(args.fichier), args.date)
    except ProfileError as e:
        print(f"erreur : {e.champ} : {e.message}", file=sys.stderr)
        return 2
    except DataError as e:
        print(f"erreur dans les données : {e}", file=sys.stderr)
        return 2
    json.dump(resultat, sys.stdout, ensure_ascii=False, indent=2)
    print()
    return 0
