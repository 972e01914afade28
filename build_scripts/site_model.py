"""What the templates read: one view per scheme, computed once per build from the catalogue.

A view holds the raw data (`aide`), the scheme's state at the build date, its conditions (the
engine's automatic ones and the data's), its parameters' history and grids, its worked examples
evaluated by the engine, its cumul rules and its numbered sources. No wording is made here.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from engine import DataError, ProfileError, evaluate_one, presentation
from engine.conditions import describe
from engine.evaluation import automatic_conditions
from engine.money import to_decimal
from engine.profile import fields, department_regions, territories


# Past this many schemes in one ten-year category, its pairs are not listed one by one (their
# number grows with the square of the category's size): the scheme pages and the cumul page name
# the category's group once. No fewer than generation.MATRICE_MAX, so that a cumul matrix shown
# always has every ten-year cell.
DIX_ANS_MAX = 60


@dataclass
class Vue:
    """Everything a scheme page and the tables show about one scheme."""

    id: str
    aide: dict
    fichier: str
    src: str
    validite: dict
    zones: list
    conditions: list
    historique: list
    baremes: list
    exemples: list
    cumuls: list
    sources: list
    numeros: dict
    regions: list = field(default_factory=list)
    dix_ans: dict | None = None
    sigle_partage: bool = False

    @property
    def nature(self):
        return self.aide["nature"]

    @property
    def court(self):
        """The scheme's short name: its acronym (unless another scheme shares it), else its name."""
        if self.aide.get("sigle") and not self.sigle_partage:
            return self.aide["sigle"]
        return self.aide["nom"]

    @property
    def exemple_principal(self):
        """The first worked example's result for this scheme (None if there is none)."""
        return self.exemples[0] if self.exemples else None

    @property
    def montant_repere(self):
        """The first example's total (or yearly amount): the figure used to sort the tables."""
        ex = self.exemple_principal
        if ex is None or ex["resultat"] is None:
            return None
        r = ex["resultat"]
        if r["montant_total"] is not None:
            return r["montant_total"]
        return r["montant_annuel"]


def _sources(aide) -> tuple:
    liste, numeros = [], {}
    for i, (cle, s) in enumerate(aide.sources.items(), start=1):
        numeros[cle] = i
        liste.append({"cle": cle, "numero": i, **s})
    return liste, numeros


def _detail(cond: dict, variables: dict):
    """The engine's structured wording of a condition, without its source-worded label."""
    sans = {k: v for k, v in cond.items() if k not in ("libelle", "source", "note", "depuis", "jusqu_au",
                                                        "nouveaux_contrats_seulement", "non_confirme")}
    if not sans:
        return None
    texte = describe(sans, variables)
    return texte if texte != cond.get("libelle") else None


def _conditions(aide, date) -> list:
    out = []
    for cond, libelle, _fixe, source in automatic_conditions(aide, date, {}):
        out.append({"libelle": libelle, "source": source, "automatique": True, "note": None,
                    "non_confirme": False, "depuis": None, "jusqu_au": None,
                    "nouveaux_contrats_seulement": False, "detail": None})
    for c in aide.get("conditions", []):
        out.append({"libelle": c["libelle"], "source": c["source"], "automatique": False,
                    "note": c.get("note"), "non_confirme": bool(c.get("non_confirme")),
                    "depuis": c.get("depuis"), "jusqu_au": c.get("jusqu_au"),
                    "nouveaux_contrats_seulement": bool(c.get("nouveaux_contrats_seulement")),
                    "detail": _detail(c, aide.variables)})
    return out


def _valeur_profil(nom, valeur):
    if nom == "region":
        return territories().get(str(valeur), {}).get("nom", str(valeur))
    if nom == "departement":
        tous = {d: n for r in territories().values() for d, n in r["departements"].items()}
        return f"{tous.get(str(valeur), valeur)} ({valeur})"
    ch = fields().get(nom)
    if ch is None:
        return str(valeur)
    if isinstance(valeur, list):
        return [ch.value_label(v) for v in valeur]
    if isinstance(valeur, float):
        valeur = to_decimal(valeur)
    return ch.value_label(valeur)


def _exemples(aide, catalogue) -> list:
    out = []
    for i, ex in enumerate(aide.get("exemples", [])):
        resultat = None
        if aide.nature == "aide":
            try:
                resultat = evaluate_one(aide.id, ex["profil"], ex["date"], catalogue)
            except ProfileError as e:
                raise DataError(aide.fichier, f"exemples[{i}].profil.{e.champ}", e.message) from None
        profil = [{"champ": nom, "libelle": fields()[nom].libelle if nom in fields() else nom,
                   "valeur": _valeur_profil(nom, v)} for nom, v in ex["profil"].items()]
        out.append({"titre": ex["titre"], "date": ex["date"], "profil": profil, "resultat": resultat})
    return out


def _cumuls(aide, catalogue, regles: dict, rang: dict, groupes: dict) -> list:
    """The scheme's cumul rules, explicit then ten-year, in catalogue order of the other scheme;
    `regles` is the catalogue's rules by scheme, `rang` each scheme's catalogue position and
    `groupes` the ten-year categories too large to list pair by pair."""
    out = []
    for paire, regle in regles.get(aide.id, ()):
        autre = next(x for x in paire if x != aide.id)
        out.append({"autre": autre, "cumulable": regle["cumulable"], "note": regle.get("note"),
                    "source": regle["source"], "declare_par": regle["declare_par"], "dix_ans": False})
    categorie = aide.get("categorie_dix_ans")
    if categorie and categorie not in groupes:
        for autre in catalogue.categories[categorie]:
            if autre != aide.id and frozenset((aide.id, autre)) not in catalogue.regles_cumul:
                out.append({"autre": autre, "cumulable": False, "dix_ans": True,
                            "categorie": categorie, "note": None, "source": None, "declare_par": None})
    out.sort(key=lambda c: rang[c["autre"]])
    return out


def _dix_ans(aide, catalogue, regles: dict, groupes: dict):
    """For a scheme of a ten-year category too large to list pair by pair: its group's anchor and
    how many schemes of the group it cannot be combined with under the rule (no explicit rule)."""
    groupe = groupes.get(aide.get("categorie_dix_ans"))
    if groupe is None:
        return None
    membres = catalogue.categories[aide.categorie_dix_ans]
    regles_du_groupe = sum(1 for paire, _ in regles.get(aide.id, ()) if paire <= membres)
    return {"categorie": aide.categorie_dix_ans, "ancre": groupe["ancre"],
            "nombre": len(membres) - 1 - regles_du_groupe}


def _regions(aide) -> list:
    """Region codes the scheme is limited to ([] for a national scheme)."""
    codes = list(aide.get("regions", []))
    for dep in aide.get("departements", []):
        r = department_regions()[dep]
        if r not in codes:
            codes.append(r)
    return codes


def vue(aide, catalogue, date: datetime.date, regles: dict, rang: dict, groupes: dict) -> Vue:
    sources, numeros = _sources(aide)
    return Vue(
        id=aide.id, aide=aide.data, fichier=aide.fichier, src=f"aides/{aide.id}.md",
        validite=presentation.validite(aide, date), zones=presentation.zones(aide),
        conditions=_conditions(aide, date), historique=presentation.historique(aide, date),
        baremes=presentation.baremes(aide, date), exemples=_exemples(aide, catalogue),
        cumuls=_cumuls(aide, catalogue, regles, rang, groupes), sources=sources, numeros=numeros,
        regions=_regions(aide), dix_ans=_dix_ans(aide, catalogue, regles, groupes),
    )


@dataclass
class Modele:
    """The whole site's data: the views, the build date, the catalogue's dated changes."""

    date: datetime.date
    dossier: str
    vues: dict
    changements: list
    catalogue: object
    groupes_dix_ans: list = field(default_factory=list)

    @classmethod
    def construire(cls, catalogue, date: datetime.date, dossier: str) -> "Modele":
        regles = {}
        for paire, regle in catalogue.regles_cumul.items():
            for ident in paire:
                regles.setdefault(ident, []).append((paire, regle))
        rang = {ident: i for i, ident in enumerate(catalogue.aides)}
        groupes = {}
        for categorie, membres in catalogue.categories.items():
            if len(membres) > DIX_ANS_MAX:
                groupes[categorie] = {"categorie": categorie, "ancre": f"dix-ans-{len(groupes) + 1}",
                                      "ids": sorted(membres, key=rang.get)}
        vues = {a.id: vue(a, catalogue, date, regles, rang, groupes) for a in catalogue.aides.values()}
        sigles = Counter(v.aide.get("sigle") for v in vues.values() if v.aide.get("sigle"))
        for v in vues.values():
            v.sigle_partage = sigles[v.aide.get("sigle")] > 1
        return cls(date, dossier, vues, presentation.changements(catalogue), catalogue, list(groupes.values()))

    @cached_property
    def aides(self) -> list:
        return [v for v in self.vues.values() if v.nature == "aide"]

    @cached_property
    def statuts(self) -> list:
        return [v for v in self.vues.values() if v.nature == "statut"]

    @property
    def bascule(self) -> dict | None:
        """The latest switch the data records: schemes closed to new applications and replaced
        by others (`remplace_par`), with the date the replacements opened and the changes of
        both sides on that date and the day before."""
        remplacees = [a for a in self.catalogue.aides.values() if a.get("remplace_par")]
        if not remplacees:
            return None
        nouvelles = {n for a in remplacees for n in a.remplace_par}
        debuts = [self.catalogue.aides[n].validite["debut"] for n in nouvelles
                  if "debut" in self.catalogue.aides[n].validite]
        if not debuts:
            return None
        date = max(debuts)
        veille = date - datetime.timedelta(days=1)
        ids = nouvelles | {a.id for a in remplacees}
        changements = [c for c in self.changements if c["date"] in (date, veille) and c["aide"] in ids
                       and c["genre"] in ("debut", "fin_nouvelles_demandes", "parametre")]
        return {"date": date, "changements": sorted(changements, key=lambda c: (c["date"], c["aide"]))}

    @property
    def derniere_verification(self):
        return max(v.aide["verifie_le"] for v in self.vues.values())

    @property
    def premiere_verification(self):
        return min(v.aide["verifie_le"] for v in self.vues.values())

    def regions_citees(self) -> list:
        """(code, name) of every region some scheme is limited to, in INSEE order."""
        codes = {c for v in self.vues.values() for c in v.regions}
        return [(c, territories()[c]["nom"]) for c in territories() if c in codes]

    def sources_globales(self) -> list:
        """Every distinct source (by address or file), with its dates, the schemes citing it and
        the latest date on which one of them was checked against it."""
        par_cle = {}
        for v in self.vues.values():
            for s in v.sources:
                cle = s.get("url") or s.get("fichier")
                entree = par_cle.setdefault(cle, {"adresse": cle, "url": s.get("url"),
                                                  "fichier": s.get("fichier"), "via": s.get("via"),
                                                  "titres": [], "dates": [], "aides": [],
                                                  "verifiee_le": v.aide["verifie_le"]})
                entree["via"] = entree["via"] or s.get("via")
                entree["verifiee_le"] = max(entree["verifiee_le"], v.aide["verifie_le"])
                if s["titre"] not in entree["titres"]:
                    entree["titres"].append(s["titre"])
                if s.get("date") and s["date"] not in entree["dates"]:
                    entree["dates"].append(s["date"])
                if not entree["aides"] or entree["aides"][-1] != v.id:  # v's sources come in a row
                    entree["aides"].append(v.id)
        return sorted(par_cle.values(), key=lambda e: (e["url"] is None, e["adresse"]))

    def matrice_cumuls(self) -> dict:
        """Schemes involved in a cumul rule (explicit or ten-year) and the cell for each pair."""
        impliques = [v.id for v in self.vues.values() if v.cumuls or v.dix_ans]
        cellules = {}
        for v in self.vues.values():
            for c in v.cumuls:
                cellules[(v.id, c["autre"])] = c
        return {"ids": impliques, "cellules": cellules}
