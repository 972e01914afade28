"""`evaluate(profile, date)`: every scheme against one situation, with the reasons and the amounts.

For each scheme: its status (`eligible`, `non_eligible`, `a_completer`), each condition with its
result and wording, the missing answers, the amount per year and in total with the formula, the
sources and warnings. Across schemes: the missing answers ranked by how many undecided schemes
each would settle, the incompatible pairs among eligible schemes and the best compatible
combination.
"""

import contextlib
import datetime
import gc
from decimal import Decimal

from . import conditions
from .amounts import Computation, Context, compute
from .combination import incompatible_pairs, best_combination
from .loader import Catalogue, default_catalogue
from .money import cents, format_euros, json_number
from .profile import fields, territories, validate_profile
from .errors import ProfileError
from .rules import rules

DATE_FORMAT = "%d/%m/%Y"


def _date(d: datetime.date) -> str:
    return d.strftime(DATE_FORMAT)


def parse_date(texte) -> datetime.date:
    """The evaluation date from `AAAA-MM-JJ` (or a date), with a French error naming `date`."""
    if isinstance(texte, datetime.date):
        return texte
    try:
        return datetime.date.fromisoformat(str(texte))
    except ValueError:
        raise ProfileError("date", f"la date d'évaluation doit être au format AAAA-MM-JJ (reçu « {texte} »).") from None


def _static_parts(aide) -> dict:
    """What a scheme's result needs that depends on neither the profile nor the date, once."""
    if "statiques" in aide.cache:
        return aide.cache["statiques"]
    v = aide.validite
    premiere_source = next(iter(aide.sources))
    noms = fields()["beneficiaire"].choix
    filtres = [({"champ": "beneficiaire", "dans": aide.beneficiaires},
                "Demandeur : " + " ou ".join(noms[b] for b in aide.beneficiaires), premiere_source)]
    if aide.get("regions"):
        noms_reg = " ou ".join(territories()[r]["nom"] for r in aide.regions)
        filtres.append(({"champ": "region", "dans": aide.regions}, f"Lieu d'exercice en région {noms_reg}",
                        premiere_source))
    if aide.get("departements"):
        tous = {d: n for r in territories().values() for d, n in r["departements"].items()}
        noms_dep = " ou ".join(f"{tous[d]} ({d})" for d in aide.departements)
        filtres.append(({"champ": "departement", "dans": aide.departements},
                        f"Lieu d'exercice dans le département : {noms_dep}", premiere_source))
    dix_ans = None
    if aide.get("categorie_dix_ans"):
        regle = rules().dix_ans
        dix_ans = ({"champ": "aide_installation_10_ans", "egal": False}, regle.libelle, regle.sources[0])
    statiques = {
        "debut": v.get("debut") and f"Dispositif ouvert à partir du {_date(v['debut'])}",
        "nouvelles": v.get("fin_nouvelles_demandes") and
        f"Nouvelles demandes acceptées jusqu'au {_date(v['fin_nouvelles_demandes'])}",
        "fin": v.get("fin") and f"Dispositif en vigueur jusqu'au {_date(v['fin'])}",
        "filtres": filtres,
        "dix_ans": dix_ans,
        # Without duplicates, as `_result` copies it as is when the formula adds no warning.
        "non_confirme": list(dict.fromkeys(f"NON CONFIRMÉ : {n['texte']}" for n in aide.get("non_confirme", []))),
        "conditions": [(c, _line_template(c)) for c in aide.get("conditions", [])],
        "datees": any("depuis" in c or "jusqu_au" in c or c.get("nouveaux_contrats_seulement")
                      for c in aide.get("conditions", [])),
        "lectures": [({"tous": a["si"]}, {k: a[k] for k in ("texte", "choix", "source")})
                     for a in aide.get("ambiguites", []) if a.get("si")],
        "derniere_source": aide.newest_source_date(),
    }
    # The result's fixed keys, in their output order; `_result` copies it and fills the rest.
    statiques["resultat"] = {
        "id": aide.id, "nom": aide.nom, "sigle": aide.get("sigle"), "statut": None, "etat": None,
        "montant_annuel": None, "montant_total": None, "montant_non_precise": False,
        "periodicite": aide.get("montant", {}).get("periodicite"), "formule": None, "conditions": None,
        "manquants": None, "avertissements": None, "lectures": [], "fraicheur": None,
        "remplace_par": aide.get("remplace_par", []),
        "source": [_source_json(aide, nom) for nom in aide.sources], "_total": None,
    }
    aide.cache["statiques"] = statiques
    return statiques


def automatic_conditions(aide, date: datetime.date, profil: dict, etat: str | None = None) -> list:
    """Conditions every scheme has, drawn from its metadata: validity, beneficiary, territory,
    ten-year rule, as (condition, wording, fixed result or None, source) tuples; `etat`, the
    scheme's state at `date`, when the caller has it already."""
    st = _static_parts(aide)
    v = aide.validite
    en_cours = aide.id in profil.get("contrats_en_cours", ())
    etat = etat or aide.state(date)
    auto = []
    if st["debut"]:
        auto.append(({"champ": "_ouvert"}, st["debut"], etat != "a_venir", v["source"]))
    if st["nouvelles"]:
        libelle = st["nouvelles"]
        ok = etat not in ("ferme_nouvelles_demandes", "expire") or (en_cours and etat != "expire")
        if en_cours and etat == "ferme_nouvelles_demandes":
            libelle += " (contrat déjà signé : il va à son terme)"
        auto.append(({"champ": "_nouvelles"}, libelle, ok, v["source"]))
    if st["fin"]:
        auto.append(({"champ": "_fin"}, st["fin"], etat != "expire", v["source"]))
    auto += [(cond, libelle, None, source) for cond, libelle, source in st["filtres"]]
    if st["dix_ans"] and not en_cours and rules().dix_ans.applies(date):
        cond, libelle, source = st["dix_ans"]
        auto.append((cond, libelle, None, source))
    return auto


def _line_template(c: dict) -> dict:
    """A data condition's result line, its `resultat` left to fill."""
    ligne = {"libelle": c["libelle"], "resultat": None, "source": c["source"]}
    if c.get("note"):
        ligne["note"] = c["note"]
    if c.get("non_confirme"):
        ligne["non_confirme"] = True
    return ligne


def applicable_conditions(aide, date: datetime.date, profil: dict) -> list:
    """The data conditions in force at `date` (a running contract skips those for new ones), as
    (condition, result line template) pairs."""
    st = _static_parts(aide)
    if not st["datees"]:
        return st["conditions"]
    en_cours = aide.id in profil.get("contrats_en_cours", ())
    retenues = []
    for c, ligne in st["conditions"]:
        if "depuis" in c and date < c["depuis"]:
            continue
        if "jusqu_au" in c and date > c["jusqu_au"]:
            continue
        if c.get("nouveaux_contrats_seulement") and en_cours:
            continue
        retenues.append((c, ligne))
    return retenues


def _source_json(aide, nom: str) -> dict:
    s = aide.sources[nom]
    out = {"id": nom, "titre": s["titre"], "date": s["date"].isoformat() if "date" in s else None}
    for cle in ("fichier", "url", "via"):
        if cle in s:
            out[cle] = s[cle]
    return out


def _total(aide, calcul_annuel, ctx: Context, profil: dict):
    """(per year, in total, text, missing fields) from the formula's value and the duration."""
    m = aide.montant
    duree = aide.get("duree", {})
    mois = duree.get("mois", duree.get("annees", 0) * 12) or None
    valeur = calcul_annuel.valeur
    if valeur is None:
        return None, None, None, []
    if m["periodicite"] == "unique":
        return None, valeur, "versement unique", []
    if m["periodicite"] == "mensuel":
        annuel = cents(valeur * 12)
        if mois is None:
            return annuel, None, f"{format_euros(valeur)} par mois ; durée non précisée par la source", []
        return annuel, cents(valeur * mois), f"{format_euros(valeur)} par mois × {mois} mois", []
    if mois is None:
        return valeur, None, "durée non précisée par la source", []
    if "annee_champ" in m and mois % 12 == 0:
        montants = []
        for annee in range(1, mois // 12 + 1):
            c = compute(m, Context(aide, {**profil, m["annee_champ"]: annee}, ctx.date))
            if c.manquants:
                return valeur, None, f"total à compléter (montant de l'année {annee})", c.manquants
            if c.valeur is None:
                return valeur, None, f"montant de l'année {annee} non précisé par la source", []
            montants.append(c.valeur)
        detail = " + ".join(format_euros(x) for x in montants)
        return valeur, sum(montants, Decimal(0)), f"années 1 à {len(montants)} : {detail}", []
    total = cents(valeur * mois / 12)
    duree_texte = f"{mois // 12} an{'s' if mois >= 24 else ''}" if mois % 12 == 0 else f"{mois} mois"
    return valeur, total, f"{format_euros(valeur)} par an × {duree_texte}", []


def evaluate_scheme(aide, profil: dict, date: datetime.date) -> dict:
    """The result for one scheme (JSON-ready)."""
    r = _evaluate_scheme(aide, profil, date)
    st = _static_parts(aide)
    r["fraicheur"] = {"etat": freshness(r["etat"], st["derniere_source"], date),
                      "derniere_source": st["derniere_source"] and st["derniere_source"].isoformat(),
                      "verifie_le": aide.verifie_le.isoformat()}
    return r


def _evaluate_scheme(aide, profil: dict, date: datetime.date) -> dict:
    st = _static_parts(aide)
    etat = aide.state(date)
    for cond, libelle, source in st["filtres"]:
        valeur = profil.get(cond["champ"])
        if valeur is not None and valeur not in cond["dans"]:
            # Not for this kind of applicant or territory: that is the reason, and the only one.
            return _result(st, "non_eligible", etat, [{"libelle": libelle, "resultat": False, "source": source}])
    ctx = Context(aide, profil, date)
    lignes, manquants, resultats = [], [], []
    for cond, libelle, fixe, source in automatic_conditions(aide, date, profil, etat):
        if fixe is None:
            verdict = conditions.evaluate(cond, ctx.read)
        else:
            verdict = conditions.TRUE if fixe else conditions.FALSE
        lignes.append({"libelle": libelle, "resultat": verdict.resultat, "source": source})
        resultats.append(verdict)
    for c, modele in applicable_conditions(aide, date, profil):
        verdict = conditions.evaluate(c, ctx.read)
        ligne = modele.copy()
        ligne["resultat"] = verdict.resultat
        lignes.append(ligne)
        resultats.append(verdict)
    if any(v.resultat is False for v in resultats):
        statut = "non_eligible"
    elif any(v.resultat is None for v in resultats):
        statut = "a_completer"
        manquants = [m for v in resultats for m in v.manquants]
    else:
        statut = "eligible"
    if statut == "non_eligible":
        return _result(st, statut, etat, lignes)
    lectures = [texte for cond, texte in st["lectures"] if conditions.evaluate(cond, ctx.read).resultat]
    calcul = compute(aide.montant, ctx)
    manquants += calcul.manquants
    annuel, total, duree_texte, manquants_total = _total(aide, calcul, ctx, profil)
    manquants += manquants_total
    if calcul.valeur is not None:
        formule = calcul.texte + (f" ; {duree_texte}" if duree_texte else "")
        if total is not None and aide.montant["periodicite"] != "unique":
            formule += f" = {format_euros(total)} au total"
    else:
        formule = calcul.texte
    return _result(st, statut, etat, lignes, annuel, total, calcul.non_precise, formule, manquants,
                   calcul.avertissements, lectures)


def freshness(etat: str, derniere_source: datetime.date | None, date: datetime.date) -> str:
    """`fermee` (closed or expired at `date`), `recente` (newest dated source at most the
    threshold of `regles.toml` old) or `a_verifier` (older, or no dated source)."""
    if etat in ("ferme_nouvelles_demandes", "expire"):
        return "fermee"
    if derniere_source is None:
        return "a_verifier"
    mois = rules().fraicheur_mois
    annee, m = divmod(date.year * 12 + date.month - 1 - mois, 12)
    limite = date.replace(year=annee, month=m + 1, day=1)
    jour = min(date.day, ((limite.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
                          - datetime.timedelta(days=1)).day)
    return "recente" if derniere_source >= limite.replace(day=jour) else "a_verifier"


def _result(st, statut, etat, lignes, annuel=None, total=None, non_precise=False, formule=None,
            manquants=(), avertissements=(), lectures=()) -> dict:
    """A scheme's result from its static parts `st` and what this evaluation found."""
    r = st["resultat"].copy()
    r["statut"] = statut
    r["etat"] = etat
    r["lectures"] = list(lectures)
    if annuel is not None:
        r["montant_annuel"] = json_number(annuel)
    if total is not None:
        r["montant_total"] = json_number(total)
        r["_total"] = total
    r["montant_non_precise"] = non_precise
    r["formule"] = formule
    r["conditions"] = lignes
    r["manquants"] = list(dict.fromkeys(manquants)) if manquants else []
    r["avertissements"] = list(dict.fromkeys([*st["non_confirme"], *avertissements])) if avertissements \
        else list(st["non_confirme"])
    return r


def rank_missing(resultats: list) -> list:
    """Missing answers, most useful first: how many undecided schemes each one concerns."""
    ordre = list(fields())
    compte = {}
    for r in resultats:
        for m in r["manquants"]:
            compte.setdefault(m, []).append(r["id"])
    classes = sorted(compte.items(), key=lambda kv: (-len(kv[1]), ordre.index(kv[0])))
    return [{"champ": nom, "libelle": fields()[nom].libelle, "aides": ids, "nombre": len(ids)}
            for nom, ids in classes]


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection meanwhile: an evaluation allocates some ten dicts per scheme,
    all freed by reference counting, and every collection would walk the whole catalogue (a
    quarter of the time over 3 000 schemes)."""
    actif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if actif:
            gc.enable()


def evaluate(profil, date=None, catalogue: Catalogue | None = None) -> dict:
    """Evaluate a raw profile at `date` (today by default); `ProfileError` for bad input.

    The result is read-only: each scheme's fixed parts (its sources, its replacements) are the
    same objects from one evaluation to the next. Copy before changing them."""
    catalogue = catalogue or default_catalogue()
    date = parse_date(date) if date is not None else datetime.date.today()
    profil = validate_profile(profil)
    with _gc_paused():
        return _evaluate(profil, date, catalogue)


def _evaluate(profil: dict, date: datetime.date, catalogue: Catalogue) -> dict:
    resultats = [evaluate_scheme(a, profil, date) for a in catalogue.aides.values() if a.nature == "aide"]
    eligibles = {r["id"]: r["_total"] for r in resultats if r["statut"] == "eligible"}
    paires = incompatible_pairs(catalogue, list(eligibles), date)
    ids, montant = best_combination(eligibles, paires)
    for r in resultats:
        del r["_total"]
    return {
        "date": date.isoformat(),
        "aides": resultats,
        "manquants": rank_missing(resultats),
        "incompatibilites": [list(p) for p in paires],
        "meilleure_combinaison": {"ids": ids, "montant_total": json_number(montant)},
    }


def evaluate_one(ident: str, profil, date=None, catalogue: Catalogue | None = None) -> dict:
    """One scheme's entry of `evaluate`, without the cross-scheme parts (for a scheme's page)."""
    catalogue = catalogue or default_catalogue()
    date = parse_date(date) if date is not None else datetime.date.today()
    resultat = evaluate_scheme(catalogue.aides[ident], validate_profile(profil), date)
    del resultat["_total"]
    return resultat
