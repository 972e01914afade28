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
from .money import cents, format_euros, format_number, to_decimal
from .parameters import value_at, as_number
from .profile import fields


@dataclass
class Computation:
    """The value of a formula (None when unknown or not given) and how it was obtained."""

    valeur: Decimal | None
    texte: str
    manquants: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)
    non_precise: bool = False


class Context:
    """What a formula reads: the profile, the scheme's variables and parameters, the date."""

    def __init__(self, aide, profil: dict, date):
        self.aide = aide
        self.profil = profil
        self.date = date

    def read(self, nom: str):
        if nom in self.profil:
            return self.profil[nom]
        variable = self.aide.variables.get(nom)
        if variable is None:
            return conditions.UNKNOWN
        base = self.profil.get(variable["champ"], conditions.UNKNOWN)
        if base is conditions.UNKNOWN:
            return base
        for t in variable["tranches"]:
            if "moins_de" in t and base < to_decimal(t["moins_de"]):
                return t["valeur"]
            if "jusqu_a" in t and base <= to_decimal(t["jusqu_a"]):
                return t["valeur"]
            if "moins_de" not in t and "jusqu_a" not in t:
                return t["valeur"]
        return conditions.UNKNOWN

    def missing_fields(self, nom: str) -> list:
        """The profile field behind `nom` (a variable reads one field)."""
        variable = self.aide.variables.get(nom)
        return [variable["champ"] if variable else nom]

    def parametre(self, nom: str):
        """(entry in force at the date, parameter) — the entry is None before its first value."""
        p = self.aide.parametres[nom]
        return value_at(p, self.date), p

    def warnings_of(self, entree: dict, p: dict) -> list:
        if entree and entree.get("non_confirme"):
            note = f" ({entree['note']})" if entree.get("note") else ""
            return [f"NON CONFIRMÉ : {p['libelle']}{note}."]
        return []


def _label(e: dict, defaut: str) -> str:
    return e.get("libelle", defaut)


def _unknown(ctx: Context, noms) -> Computation:
    manquants = [m for n in noms for m in ctx.missing_fields(n)]
    return Computation(None, "à compléter", manquants)


def _parameter_value(ctx: Context, nom: str):
    entree, p = ctx.parametre(nom)
    valeur = as_number(entree["valeur"]) if entree else None
    return valeur, p, ctx.warnings_of(entree, p)


def _not_given(p: dict) -> Computation:
    return Computation(None, f"{p['libelle']} : montant non précisé par la source à cette date",
                  non_precise=True)


def compute(e: dict, ctx: Context) -> Computation:
    """Evaluate the formula `e`, honouring its `si` conditions."""
    if e.get("si"):
        verdict = conditions.evaluate({"tous": e["si"]}, ctx.read)
        if verdict.resultat is None:
            return _unknown(ctx, verdict.manquants)
        if verdict.resultat is False:
            return Computation(Decimal(0), "")
    return FORMS[e["type"]](e, ctx)


def _value(e, ctx):
    valeur, p, avert = _parameter_value(ctx, e["parametre"])
    if valeur is None:
        return _not_given(p)
    return Computation(valeur, f"{format_euros(valeur)} ({_label(e, p['libelle'])})", avertissements=avert)


def _number_of(ctx, nom):
    valeur = ctx.read(nom)
    return valeur if valeur is conditions.UNKNOWN else to_decimal(valeur)


def _product(e, ctx):
    n = _number_of(ctx, e["champ"])
    if n is conditions.UNKNOWN:
        return _unknown(ctx, [e["champ"]])
    if "parametre" in e:
        unitaire, p, avert = _parameter_value(ctx, e["parametre"])
        if unitaire is None:
            return _not_given(p)
        base = Computation(unitaire, f"{format_euros(unitaire)}", avertissements=avert)
        libelle = _label(e, p["libelle"])
    else:
        base = compute(e["facteur"], ctx)
        if base.valeur is None:
            return base
        base.texte = f"({base.texte})" if " " in base.texte.strip() else base.texte
        libelle = e.get("libelle", "")
    texte_n = format_number(n)
    avert = list(base.avertissements)
    if "max_parametre" in e:
        plafond, p_max, a = _parameter_value(ctx, e["max_parametre"])
        avert += a
        if plafond is not None and n > plafond:
            texte_n = f"{format_number(plafond)} (plafond : {p_max['libelle']}, au lieu de {format_number(n)})"
            n = plafond
    unite = fields()[e["champ"]].unite if e["champ"] in fields() else ""
    valeur = cents(base.valeur * n)
    texte = f"{base.texte} × {texte_n}{(' ' + unite) if unite else ''} = {format_euros(valeur)}"
    if libelle:
        texte = f"{libelle} : {texte}"
    return Computation(valeur, texte, base.manquants, avert)


def _percentage(e, ctx):
    assiette = _number_of(ctx, e["assiette"])
    manquants = [e["assiette"]] if assiette is conditions.UNKNOWN else []
    par = None
    if "plafond_par" in e:
        par = _number_of(ctx, e["plafond_par"])
        if par is conditions.UNKNOWN:
            manquants.append(e["plafond_par"])
    if manquants:
        return _unknown(ctx, manquants)
    taux, p_taux, avert = _parameter_value(ctx, e["taux"])
    if taux is None:
        return _not_given(p_taux)
    brut = cents(assiette * taux / 100)
    texte = f"{format_number(taux)} % × {format_euros(assiette)} = {format_euros(brut)}"
    valeur = brut
    if "plafond" in e:
        plafond, p_plafond, a = _parameter_value(ctx, e["plafond"])
        avert += a
        if plafond is not None:
            texte_plafond = format_euros(plafond)
            if par is not None:
                plafond = cents(plafond * par)
                texte_plafond = f"{texte_plafond} × {format_number(par)} = {format_euros(plafond)}"
            if brut > plafond:
                valeur = plafond
                texte += f", ramené au plafond ({p_plafond['libelle']}) de {texte_plafond}"
            else:
                texte += f" (sous le plafond de {texte_plafond})"
    return Computation(valeur, f"{_label(e, p_taux['libelle'])} : {texte}", avertissements=avert)


def _table(e, ctx):
    entree, p = ctx.parametre(e["parametre"])
    cles = [ctx.read(c) for c in e["cles"]]
    manquants = [c for c, v in zip(e["cles"], cles) if v is conditions.UNKNOWN]
    if manquants:
        return _unknown(ctx, manquants)
    if entree is None or entree["valeur"] is False:
        return _not_given(p)
    cellule = entree["valeur"]
    for cle in cles:
        cellule = cellule.get(str(cle)) if isinstance(cellule, dict) else None
        if cellule is None:
            return Computation(None, f"{p['libelle']} : montant non précisé par la source pour ce cas",
                          non_precise=True)
    valeur = as_number(cellule)
    if valeur is None:
        return Computation(None, f"{p['libelle']} : cette option n'existe plus à cette date", non_precise=True)
    details = ", ".join(conditions.describe_value(c, v, ctx.aide.variables) for c, v in zip(e["cles"], cles))
    return Computation(valeur, f"{_label(e, p['libelle'])} ({details}) : {format_euros(valeur)}",
                  avertissements=ctx.warnings_of(entree, p))


def _grid(e, ctx):
    valeurs = {c: _number_of(ctx, c) for c in e["champs"]}
    manquants = [c for c, v in valeurs.items() if v is conditions.UNKNOWN]
    if manquants:
        return _unknown(ctx, manquants)
    entree, p = ctx.parametre(e["parametre"])
    if entree is None or entree["valeur"] is False:
        return _not_given(p)
    retenue = None
    for ligne in entree["valeur"]:
        if all(valeurs[c] >= to_decimal(ligne[c]) for c in e["champs"]):
            if retenue is None or to_decimal(ligne["montant"]) > to_decimal(retenue["montant"]):
                retenue = ligne
    if retenue is None:
        return Computation(Decimal(0), f"{p['libelle']} : aucun seuil minimal de la grille n'est atteint")
    seuils = " et ".join(fields()[c].value_label(to_decimal(retenue[c])) for c in e["champs"])
    valeur = to_decimal(retenue["montant"])
    return Computation(valeur, f"{_label(e, p['libelle'])} : ligne « {seuils} » : {format_euros(valeur)}",
                  avertissements=ctx.warnings_of(entree, p))


def _sum(e, ctx):
    parts = [compute(t, ctx) for t in e["termes"]]
    manquants = [m for c in parts for m in c.manquants]
    avert = [a for c in parts for a in c.avertissements]
    if manquants:
        return Computation(None, "à compléter", list(dict.fromkeys(manquants)), avert)
    comptees = [c for c in parts if c.texte]
    if any(c.valeur is None for c in comptees):
        textes = " ; ".join(c.texte for c in comptees)
        return Computation(None, textes, avertissements=avert, non_precise=True)
    total = sum((c.valeur for c in comptees), Decimal(0))
    if len(comptees) == 1:
        return Computation(total, comptees[0].texte, avertissements=avert)
    texte = " + ".join(c.texte for c in comptees) + f" ; total : {format_euros(total)}"
    return Computation(total, texte, avertissements=avert)


def _cases(e, ctx):
    for cas in e["cas"]:
        verdict = conditions.evaluate({"tous": cas.get("si", [])}, ctx.read) if cas.get("si") else None
        if verdict is not None and verdict.resultat is None:
            return _unknown(ctx, verdict.manquants)
        if verdict is None or verdict.resultat:
            sans_si = {k: v for k, v in cas.items() if k != "si"}
            return compute(sans_si, ctx)
    return Computation(Decimal(0), "aucun cas de la grille ne s'applique")


def _not_specified(e, ctx):
    return Computation(None, e["note"], non_precise=True)


FORMS = {"valeur": _value, "produit": _product, "pourcentage": _percentage, "table": _table,
          "grille": _grid, "somme": _sum, "cas": _cases, "non_precise": _not_specified}
