"""Cumul rules among eligible schemes and the best compatible combination.

The best combination is a maximum-weight set of schemes with no incompatible pair (weight: the
total amount; a scheme whose amount is unknown weighs 0 but is still kept when it conflicts with
nothing). Only the schemes caught in a conflict are enumerated, component by component.
"""

from decimal import Decimal
from itertools import combinations


def incompatibilites(catalogue, ids: list) -> list:
    """Sorted incompatible pairs among `ids` (explicit cumul rules and the ten-year rule)."""
    paires = [tuple(sorted((a, b))) for a, b in combinations(ids, 2) if catalogue.incompatibles(a, b)]
    return sorted(paires)


def _composantes(ids, voisins):
    vus, composantes = set(), []
    for depart in ids:
        if depart in vus:
            continue
        pile, comp = [depart], []
        vus.add(depart)
        while pile:
            x = pile.pop()
            comp.append(x)
            for y in voisins[x]:
                if y not in vus:
                    vus.add(y)
                    pile.append(y)
        composantes.append(comp)
    return composantes


def _meilleur_sous_ensemble(comp, voisins, poids):
    """Exact maximum-weight independent set of one (small) conflict component."""
    meilleur, meilleur_poids = [], Decimal(-1)

    def explorer(i, choisis, total):
        nonlocal meilleur, meilleur_poids
        if i == len(comp):
            cle = (total, len(choisis))
            if cle > (meilleur_poids, len(meilleur)):
                meilleur, meilleur_poids = list(choisis), total
            return
        x = comp[i]
        if not any(y in voisins[x] for y in choisis):
            choisis.append(x)
            explorer(i + 1, choisis, total + poids[x])
            choisis.pop()
        explorer(i + 1, choisis, total)

    explorer(0, [], Decimal(0))
    return meilleur


def meilleure_combinaison(totaux: dict, paires: list):
    """(ids, total) of the best compatible combination of eligible schemes `totaux` (id -> total)."""
    poids = {i: (t if t is not None else Decimal(0)) for i, t in totaux.items()}
    voisins = {i: set() for i in totaux}
    for a, b in paires:
        voisins[a].add(b)
        voisins[b].add(a)
    retenus = []
    for comp in _composantes(list(totaux), voisins):
        retenus += comp if len(comp) == 1 else _meilleur_sous_ensemble(comp, voisins, poids)
    ordre = list(totaux)
    retenus.sort(key=ordre.index)
    return retenus, sum((poids[i] for i in retenus), Decimal(0))
