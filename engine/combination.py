"""Cumul rules among eligible schemes and the best compatible combination.

The best combination is a maximum-weight set of schemes with no incompatible pair (weight: the
total amount; a scheme whose amount is unknown weighs 0 but is still kept when it conflicts with
nothing). Only the schemes caught in a conflict are searched, component by component. Beside its
total, the combination's yearly amount of the schemes paid with no fixed duration (no total).
"""

from decimal import Decimal


def incompatible_pairs(catalogue, ids: list, date) -> list:
    """Sorted incompatible pairs among `ids` at `date` (explicit cumul rules and the ten-year rule)."""
    return sorted(catalogue.incompatible_pairs_among(ids, date))


def _components(ids, voisins):
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


def _best_independent_set(comp, voisins, poids, rang):
    """Exact maximum-weight independent set of one conflict component, by branch and bound.

    Heaviest schemes first, equal weights in catalogue order (`rang`); a branch stops when even
    all the schemes left could not beat the best set found. Ties go to the set with more schemes,
    then to the first found, so the result never depends on set iteration order.
    """
    comp = sorted(comp, key=lambda x: (-poids[x], rang[x]))
    reste = [Decimal(0)] * (len(comp) + 1)
    for i in range(len(comp) - 1, -1, -1):
        reste[i] = reste[i + 1] + poids[comp[i]]
    meilleur, meilleur_cle = [], (Decimal(-1), 0)

    def explore(i, choisis, exclus, total):
        nonlocal meilleur, meilleur_cle
        if (total + reste[i], len(choisis) + len(comp) - i) <= meilleur_cle:
            return
        if i == len(comp):
            meilleur, meilleur_cle = list(choisis), (total, len(choisis))
            return
        x = comp[i]
        if x not in exclus:
            choisis.append(x)
            explore(i + 1, choisis, exclus | voisins[x], total + poids[x])
            choisis.pop()
        explore(i + 1, choisis, exclus, total)

    explore(0, [], frozenset(), Decimal(0))
    return meilleur


def best_combination(totaux: dict, paires: list):
    """(ids, total) of the best compatible combination of eligible schemes `totaux` (id -> total);
    the total is None when the combination holds schemes but none with a known total."""
    poids = {i: (t if t is not None else Decimal(0)) for i, t in totaux.items()}
    voisins = {i: set() for i in totaux}
    for a, b in paires:
        voisins[a].add(b)
        voisins[b].add(a)
    rang = {i: n for n, i in enumerate(totaux)}
    retenus = []
    for comp in _components(list(totaux), voisins):
        retenus += comp if len(comp) == 1 else _best_independent_set(comp, voisins, poids, rang)
    retenus.sort(key=rang.get)
    if retenus and all(totaux[i] is None for i in retenus):
        return retenus, None
    return retenus, sum((poids[i] for i in retenus), Decimal(0))
