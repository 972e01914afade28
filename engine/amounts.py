"""Declarative amount formulas: exact computation with the formula spelled out in French.

Forms: `valeur` (a parameter), `produit` (a parameter or a sub-formula times a profile count,
with an optional maximum count), `pourcentage` (a rate of a profile base, with an optional cap,
itself possibly per unit), `table` (a parameter table looked up by keys), `grille` (the best row
whose minimum thresholds are all met), `somme` (of terms, each possibly conditional), `cas`
(the first case whose condition holds) and `non_precise` (the source gives no amount).
Every sub-formula may carry `si` conditions and a `libelle`.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from . import conditions
from .money import cents, format_euros, format_nombre, to_decimal
from .parameters import entree_a, nombre
from .profile import champs


@dataclass
class Calcul:
    """The value of a formula (None when unknown or not given) and how it was obtained."""

    valeur: Decimal | None
    texte: str
    manquants: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)
    non_precise: bool = False


class Contexte:
    """What a formula reads: the profile, the scheme's variables and parameters, the date."""

    def __init__(self, aide, profil: dict, date):
        self.aide = aide
        self.profil = profil
        self.date = date

    def lire(self, nom: str):
        if nom in self.profil:
            return self.profil[nom]
        variable = self.aide.variables.get(nom)
        if variable is None:
            return conditions.INCONNU
        base = self.profil.get(variable["champ"], conditions.INCONNU)
        if base is conditions.INCONNU:
            return base
        for t in variable["tranches"]:
            if "moins_de" in t and base < to_decimal(t["moins_de"]):
                return t["valeur"]
            if "jusqu_a" in t and base <= to_decimal(t["jusqu_a"]):
                return t["valeur"]
            if "moins_de" not in t and "jusqu_a" not in t:
                return t["valeur"]
        return conditions.INCONNU

    def manquant(self, nom: str) -> list:
        """The profile field behind `nom` (a variable reads one field)."""
        variable = self.aide.variables.get(nom)
        return [variable["champ"] if variable else nom]

    def parametre(self, nom: str):
        """(entry in force at the date, parameter) — the entry is None before its first value."""
        p = self.aide.parametres[nom]
        return entree_a(p, self.date), p

    def avertissements_de(self, entree: dict, p: dict) -> list:
        if entree and entree.get("non_confirme"):
            note = f" ({entree['note']})" if entree.get("note") else ""
            return [f"NON CONFIRMÉ : {p['libelle']}{note}."]
        return []


def _libelle(e: dict, defaut: str) -> str:
    return e.get("libelle", defaut)


def _inconnu(ctx: Contexte, noms) -> Calcul:
    manquants = [m for n in noms for m in ctx.manquant(n)]
    return Calcul(None, "à compléter", manquants)


def _valeur_parametre(ctx: Contexte, nom: str):
    entree, p = ctx.parametre(nom)
    valeur = nombre(entree["valeur"]) if entree else None
    return valeur, p, ctx.avertissements_de(entree, p)


def _absent(p: dict) -> Calcul:
    return Calcul(None, f"{p['libelle']} : montant non précisé par la source à cette date",
                  non_precise=True)


def calculer(e: dict, ctx: Contexte) -> Calcul:
    """Evaluate the formula `e`, honouring its `si` conditions."""
    if e.get("si"):
        verdict = conditions.evaluer({"tous": e["si"]}, ctx.lire)
        if verdict.resultat is None:
            return _inconnu(ctx, verdict.manquants)
        if verdict.resultat is False:
            return Calcul(Decimal(0), "")
    return FORMES[e["type"]](e, ctx)


def _valeur(e, ctx):
    valeur, p, avert = _valeur_parametre(ctx, e["parametre"])
    if valeur is None:
        return _absent(p)
    return Calcul(valeur, f"{format_euros(valeur)} ({_libelle(e, p['libelle'])})", avertissements=avert)


def _nombre_de(ctx, nom):
    valeur = ctx.lire(nom)
    return valeur if valeur is conditions.INCONNU else to_decimal(valeur)


def _produit(e, ctx):
    n = _nombre_de(ctx, e["champ"])
    if n is conditions.INCONNU:
        return _inconnu(ctx, [e["champ"]])
    if "parametre" in e:
        unitaire, p, avert = _valeur_parametre(ctx, e["parametre"])
        if unitaire is None:
            return _absent(p)
        base = Calcul(unitaire, f"{format_euros(unitaire)}", avertissements=avert)
        libelle = _libelle(e, p["libelle"])
    else:
        base = calculer(e["facteur"], ctx)
        if base.valeur is None:
            return base
        base.texte = f"({base.texte})" if " " in base.texte.strip() else base.texte
        libelle = e.get("libelle", "")
    texte_n = format_nombre(n)
    avert = list(base.avertissements)
    if "max_parametre" in e:
        plafond, p_max, a = _valeur_parametre(ctx, e["max_parametre"])
        avert += a
        if plafond is not None and n > plafond:
            texte_n = f"{format_nombre(plafond)} (plafond : {p_max['libelle']}, au lieu de {format_nombre(n)})"
            n = plafond
    unite = champs()[e["champ"]].unite if e["champ"] in champs() else ""
    valeur = cents(base.valeur * n)
    texte = f"{base.texte} × {texte_n}{(' ' + unite) if unite else ''} = {format_euros(valeur)}"
    if libelle:
        texte = f"{libelle} : {texte}"
    return Calcul(valeur, texte, base.manquants, avert)


def _pourcentage(e, ctx):
    assiette = _nombre_de(ctx, e["assiette"])
    manquants = [e["assiette"]] if assiette is conditions.INCONNU else []
    par = None
    if "plafond_par" in e:
        par = _nombre_de(ctx, e["plafond_par"])
        if par is conditions.INCONNU:
            manquants.append(e["plafond_par"])
    if manquants:
        return _inconnu(ctx, manquants)
    taux, p_taux, avert = _valeur_parametre(ctx, e["taux"])
    if taux is None:
        return _absent(p_taux)
    brut = cents(assiette * taux / 100)
    texte = f"{format_nombre(taux)} % × {format_euros(assiette)} = {format_euros(brut)}"
    valeur = brut
    if "plafond" in e:
        plafond, p_plafond, a = _valeur_parametre(ctx, e["plafond"])
        avert += a
        if plafond is not None:
            texte_plafond = format_euros(plafond)
            if par is not None:
                plafond = cents(plafond * par)
                texte_plafond = f"{texte_plafond} × {format_nombre(par)} = {format_euros(plafond)}"
            if brut > plafond:
                valeur = plafond
                texte += f", ramené au plafond ({p_plafond['libelle']}) de {texte_plafond}"
            else:
                texte += f" (sous le plafond de {texte_plafond})"
    return Calcul(valeur, f"{_libelle(e, p_taux['libelle'])} : {texte}", avertissements=avert)


def _table(e, ctx):
    entree, p = ctx.parametre(e["parametre"])
    cles = [ctx.lire(c) for c in e["cles"]]
    manquants = [c for c, v in zip(e["cles"], cles) if v is conditions.INCONNU]
    if manquants:
        return _inconnu(ctx, manquants)
    if entree is None or entree["valeur"] is False:
        return _absent(p)
    cellule = entree["valeur"]
    for cle in cles:
        cellule = cellule.get(str(cle)) if isinstance(cellule, dict) else None
        if cellule is None:
            return Calcul(None, f"{p['libelle']} : montant non précisé par la source pour ce cas",
                          non_precise=True)
    valeur = nombre(cellule)
    if valeur is None:
        return Calcul(None, f"{p['libelle']} : cette option n'existe plus à cette date", non_precise=True)
    details = ", ".join(conditions._libelle_valeur(c, v, ctx.aide.variables) for c, v in zip(e["cles"], cles))
    return Calcul(valeur, f"{_libelle(e, p['libelle'])} ({details}) : {format_euros(valeur)}",
                  avertissements=ctx.avertissements_de(entree, p))


def _grille(e, ctx):
    valeurs = {c: _nombre_de(ctx, c) for c in e["champs"]}
    manquants = [c for c, v in valeurs.items() if v is conditions.INCONNU]
    if manquants:
        return _inconnu(ctx, manquants)
    entree, p = ctx.parametre(e["parametre"])
    if entree is None or entree["valeur"] is False:
        return _absent(p)
    retenue = None
    for ligne in entree["valeur"]:
        if all(valeurs[c] >= to_decimal(ligne[c]) for c in e["champs"]):
            if retenue is None or to_decimal(ligne["montant"]) > to_decimal(retenue["montant"]):
                retenue = ligne
    if retenue is None:
        return Calcul(Decimal(0), f"{p['libelle']} : aucun seuil minimal de la grille n'est atteint")
    seuils = " et ".join(champs()[c].libelle_valeur(to_decimal(retenue[c])) for c in e["champs"])
    valeur = to_decimal(retenue["montant"])
    return Calcul(valeur, f"{_libelle(e, p['libelle'])} : ligne « {seuils} » : {format_euros(valeur)}",
                  avertissements=ctx.avertissements_de(entree, p))


def _somme(e, ctx):
    parts = [calculer(t, ctx) for t in e["termes"]]
    manquants = [m for c in parts for m in c.manquants]
    avert = [a for c in parts for a in c.avertissements]
    if manquants:
        return Calcul(None, "à compléter", list(dict.fromkeys(manquants)), avert)
    comptees = [c for c in parts if c.texte]
    if any(c.valeur is None for c in comptees):
        textes = " ; ".join(c.texte for c in comptees)
        return Calcul(None, textes, avertissements=avert, non_precise=True)
    total = sum((c.valeur for c in comptees), Decimal(0))
    if len(comptees) == 1:
        return Calcul(total, comptees[0].texte, avertissements=avert)
    texte = " + ".join(c.texte for c in comptees) + f" ; total : {format_euros(total)}"
    return Calcul(total, texte, avertissements=avert)


def _cas(e, ctx):
    for cas in e["cas"]:
        verdict = conditions.evaluer({"tous": cas.get("si", [])}, ctx.lire) if cas.get("si") else None
        if verdict is not None and verdict.resultat is None:
            return _inconnu(ctx, verdict.manquants)
        if verdict is None or verdict.resultat:
            sans_si = {k: v for k, v in cas.items() if k != "si"}
            return calculer(sans_si, ctx)
    return Calcul(Decimal(0), "aucun cas de la grille ne s'applique")


def _non_precise(e, ctx):
    return Calcul(None, e["note"], non_precise=True)


FORMES = {"valeur": _valeur, "produit": _produit, "pourcentage": _pourcentage, "table": _table,
          "grille": _grille, "somme": _somme, "cas": _cas, "non_precise": _non_precise}
