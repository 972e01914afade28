"""The schema of a scheme data file, and its checker.

Every key a scheme file may hold is listed here with its type; the checker walks a parsed TOML
file and raises `DataError(file, field, message)` at the first thing that does not fit:
an unknown key, a wrong type, an unknown profile field, zone or source, a figure without source.
"""

import datetime

from . import formulas
from .errors import DataError
from .operators import OPERATORS
from .operators import REGISTRY as OPERATOR_REGISTRY
from .profile import department_regions, fields, territories
from .rules import rules
from .scheme import top_level_keys
from .units import REGISTRY as UNITS

FINANCEURS = {
    "assurance_maladie": "Assurance Maladie",
    "ars": "Agence régionale de santé",
    "region": "Région",
    "departement": "Département",
    "etat": "État",
    "collectivites": "Collectivités et partenaires",
    "non_precise": "Financeur non précisé par la source",
    "aucun": "Sans financement (statut d'exercice)",
}
NATURES = {"aide", "statut"}
BENEFICIAIRES = {"medecin", "centre_sante", "cpts", "etudiant", "structure"}
CATEGORIES = {
    "installation": "Installation",
    "maintien": "Maintien de l'activité",
    "activite_en_zone": "Activité en zone sous-dense",
    "exercice_coordonne": "Exercice coordonné",
    "emploi": "Emploi et salariat",
    "formation": "Formation et stages",
    "remuneration": "Rémunération",
    "statut": "Statut d'exercice",
}
# `non_precisee`: the source gives no rhythm of payment (no yearly amount, no total).
PERIODICITES = {"annuel", "mensuel", "unique", "non_precisee"}

DATE = datetime.date
TEXTE = str

RACINE = top_level_keys()
DUREE = {"annees": (int, False), "mois": (int, False), "source": (TEXTE, True), "note": (TEXTE, False)}
VALIDITE = {
    "debut": (DATE, False),
    "fin_nouvelles_demandes": (DATE, False),
    "fin": (DATE, False),
    "source": (TEXTE, True),
    "note": (TEXTE, False),
    "non_confirme": (bool, False),
}
SOURCE = {
    "titre": (TEXTE, True),
    "fichier": (TEXTE, False),
    "url": (TEXTE, False),
    "date": (DATE, False),
    "via": (TEXTE, False),
}
PARAMETRE = {"libelle": (TEXTE, True), "unite": (TEXTE, True), "valeurs": (list, True), "note": (TEXTE, False)}
VALEUR = {
    "depuis": (DATE, False),
    "valeur": (object, True),
    "source": (TEXTE, True),
    "non_confirme": (bool, False),
    "note": (TEXTE, False),
}
VARIABLE = {
    "libelle": (TEXTE, True),
    "champ": (TEXTE, True),
    "tranches": (list, True),
    "source": (TEXTE, True),
    "note": (TEXTE, False),
}
TRANCHE = {"moins_de": (object, False), "jusqu_a": (object, False), "valeur": (TEXTE, True), "libelle": (TEXTE, True)}
CONDITION_RACINE = {
    "libelle": (TEXTE, True),
    "source": (TEXTE, True),
    "note": (TEXTE, False),
    "depuis": (DATE, False),
    "jusqu_au": (DATE, False),
    "nouveaux_contrats_seulement": (bool, False),
    "non_confirme": (bool, False),
}
CONDITION = {
    "champ": (TEXTE, False),
    "tous": (list, False),
    "un_parmi": (list, False),
    "libelle": (TEXTE, False),
    **{op: (object, False) for op in OPERATORS},
}
CUMUL = {"avec": (TEXTE, True), "cumulable": (bool, True), "source": (TEXTE, True), "note": (TEXTE, False)}
AMBIGUITE = {
    "texte": (TEXTE, True),
    "choix": (TEXTE, True),
    "source": (TEXTE, True),
    "si": (list, False),
    "ensemble": (TEXTE, False),
}
NOTE = {"texte": (TEXTE, True), "source": (TEXTE, True)}
# How to apply: where (`adresse`: an e-mail or a web address the source gives), what to send
# (`pieces`), the deadlines (`echeances`: a fixed `date`, or `mois` months after the date answered
# for `apres_champ`) and the source of all of it. Whom to contact is the scheme's `contact`.
DEMARCHES = {
    "adresse": (TEXTE, False),
    "pieces": (list, False),
    "echeances": (list, False),
    "source": (TEXTE, True),
    "note": (TEXTE, False),
}
ECHEANCE = {
    "libelle": (TEXTE, True),
    "date": (DATE, False),
    "mois": (int, False),
    "apres_champ": (TEXTE, False),
    "source": (TEXTE, False),
}
EXEMPLE = {"titre": (TEXTE, True), "date": (DATE, True), "profil": (dict, True)}
# A formula's keys: the common ones, then every key some type declares (each type checks its own).
ROLE_TYPES = {
    formulas.PARAMETER: TEXTE,
    formulas.FIELD: TEXTE,
    formulas.FIELDS: list,
    formulas.FORMULA: dict,
    formulas.FORMULAS: list,
    formulas.TEXT: TEXTE,
    "conditions": list,
}
EXPRESSION = {
    **{k: (ROLE_TYPES[role], False) for t in formulas.TYPES.values() for k, (role, _) in t.keys.items()},
    **{k: (ROLE_TYPES[role], required) for k, (role, required) in formulas.COMMON_KEYS.items()},
}
# How a scheme's amount spreads over the years of its engagement, as its source gives it: `parts`,
# the percentage of the total paid each year (year 1 first), or `taux`, the rates of a base whose
# amount the source does not give (`assiette`, its wording), year 1 first, then `ensuite` every later
# year; the yearly `taux` apply when the `si` conditions hold (else `ensuite` from year 1). `depart`:
# the date of the profile year 1 starts from (an installation aid's is the installation date).
ECHEANCIER = {
    "source": (TEXTE, True),
    "depart": (TEXTE, False),
    "note": (TEXTE, False),
    "parts": (list, False),
    "assiette": (TEXTE, False),
    "taux": (list, False),
    "ensuite": (TEXTE, False),
    "si": (list, False),
}
MONTANT = {
    **EXPRESSION,
    "periodicite": (TEXTE, True),
    "source": (TEXTE, True),
    "annee_champ": (TEXTE, False),
    "echeancier": (dict, False),
}
# The keys of `[montant]` that are not its formula's.
MONTANT_SEUL = ("periodicite", "source", "annee_champ", "echeancier")

TYPE_NOMS = {
    TEXTE: "un texte",
    DATE: "une date AAAA-MM-JJ",
    list: "une liste",
    dict: "une table",
    int: "un nombre entier",
    bool: "true ou false",
}


class SchemeChecker:
    """Checks one parsed scheme file; every error names the file and the dotted field."""

    def __init__(self, fichier: str, data: dict):
        self.fichier = fichier
        self.data = data
        self.sources = data.get("sources", {}) if isinstance(data.get("sources"), dict) else {}
        self.variables = data.get("variables", {}) if isinstance(data.get("variables"), dict) else {}
        self.parametres = data.get("parametres", {}) if isinstance(data.get("parametres"), dict) else {}

    def fail(self, chemin: str, message: str):
        raise DataError(self.fichier, chemin, message)

    def check_keys(self, chemin: str, table, spec: dict):
        if not isinstance(table, dict):
            self.fail(chemin, "doit être une table")
        for cle in table:
            if cle not in spec:
                self.fail(f"{chemin}.{cle}" if chemin else cle, f"clé inconnue (clés permises : {', '.join(spec)})")
        for cle, (attendu, requis) in spec.items():
            ici = f"{chemin}.{cle}" if chemin else cle
            if cle not in table:
                if requis:
                    self.fail(ici, "clé obligatoire absente")
                continue
            valeur = table[cle]
            if attendu is object:
                continue
            ok = isinstance(valeur, attendu) and not (attendu is int and isinstance(valeur, bool))
            if attendu is DATE and isinstance(valeur, datetime.datetime):
                ok = False
            if not ok:
                self.fail(ici, f"doit être {TYPE_NOMS[attendu]}")

    def check_one_of(self, chemin: str, valeur, permis, quoi: str):
        if valeur not in permis:
            self.fail(chemin, f"{quoi} inconnu « {valeur} » (permis : {', '.join(map(str, permis))})")

    def source(self, chemin: str, nom):
        if nom not in self.sources:
            self.fail(chemin, f"source inconnue « {nom} » (à déclarer dans [sources])")

    def check_field(self, chemin: str, nom):
        if nom not in fields() and nom not in self.variables:
            self.fail(chemin, f"champ du profil inconnu « {nom} »")

    def parametre(self, chemin: str, nom):
        if nom not in self.parametres:
            self.fail(chemin, f"paramètre inconnu « {nom} » (à déclarer dans [parametres])")

    def check(self):
        d = self.data
        self.check_keys("", d, RACINE)
        self.check_one_of("nature", d["nature"], NATURES, "nature")
        self.check_one_of("financeur", d["financeur"], FINANCEURS, "financeur")
        self.check_one_of("categorie", d["categorie"], CATEGORIES, "catégorie")
        for i, b in enumerate(d["beneficiaires"]):
            self.check_one_of(f"beneficiaires[{i}]", b, BENEFICIAIRES, "bénéficiaire")
        for i, r in enumerate(d.get("regions", [])):
            self.check_one_of(f"regions[{i}]", r, territories(), "code de région")
        for i, dep in enumerate(d.get("departements", [])):
            self.check_one_of(f"departements[{i}]", dep, department_regions(), "code de département")
        for nom, s in d["sources"].items():
            self.check_keys(f"sources.{nom}", s, SOURCE)
            if "fichier" not in s and "url" not in s:
                self.fail(f"sources.{nom}", "une source doit donner un fichier ou une url")
        self.check_keys("validite", d["validite"], VALIDITE)
        self.source("validite.source", d["validite"]["source"])
        if "duree" in d:
            self.check_keys("duree", d["duree"], DUREE)
            self.source("duree.source", d["duree"]["source"])
        for nom, p in self.parametres.items():
            self.check_parameter(f"parametres.{nom}", p)
        for nom, v in self.variables.items():
            self.check_keys(f"variables.{nom}", v, VARIABLE)
            if v["champ"] not in fields():
                self.fail(f"variables.{nom}.champ", f"champ du profil inconnu « {v['champ']} »")
            self.source(f"variables.{nom}.source", v["source"])
            for i, t in enumerate(v["tranches"]):
                self.check_keys(f"variables.{nom}.tranches[{i}]", t, TRANCHE)
        for i, c in enumerate(d.get("conditions", [])):
            ici = f"conditions[{i}]"
            if not isinstance(c, dict):
                self.fail(ici, "doit être une table")
            racine = {k: v for k, v in c.items() if k in CONDITION_RACINE}
            self.check_keys(ici, racine, CONDITION_RACINE)
            self.source(f"{ici}.source", c["source"])
            self.check_condition(ici, {k: v for k, v in c.items() if k not in CONDITION_RACINE})
        if "montant" in d:
            self.check_keys("montant", d["montant"], MONTANT)
            self.check_one_of("montant.periodicite", d["montant"]["periodicite"], PERIODICITES, "périodicité")
            self.source("montant.source", d["montant"]["source"])
            if "annee_champ" in d["montant"]:
                self.check_field("montant.annee_champ", d["montant"]["annee_champ"])
            if "echeancier" in d["montant"]:
                self.check_schedule(d["montant"]["echeancier"])
            self.check_expression("montant", {k: v for k, v in d["montant"].items() if k not in MONTANT_SEUL})
        elif d["nature"] == "aide":
            self.fail("montant", "une aide doit décrire son montant (type = \"non_precise\" s'il n'est pas connu)")
        for i, c in enumerate(d.get("cumuls", [])):
            self.check_keys(f"cumuls[{i}]", c, CUMUL)
            self.source(f"cumuls[{i}].source", c["source"])
        for i, a in enumerate(d.get("ambiguites", [])):
            self.check_keys(f"ambiguites[{i}]", a, AMBIGUITE)
            self.source(f"ambiguites[{i}].source", a["source"])
            for j, c in enumerate(a.get("si", [])):
                self.check_condition(f"ambiguites[{i}].si[{j}]", c)
            if "ensemble" in a and a["ensemble"] not in rules().ensembles:
                self.fail(f"ambiguites[{i}].ensemble", f"ensemble inconnu « {a['ensemble']} »")
        for i, ex in enumerate(d.get("exemples", [])):
            self.check_keys(f"exemples[{i}]", ex, EXEMPLE)
            for nom in ex["profil"]:
                if nom not in fields():
                    self.fail(f"exemples[{i}].profil.{nom}", "champ du profil inconnu")
        if "demarches" in d:
            self.check_demarches(d["demarches"])
        for cle in ("non_confirme", "informations"):
            for i, n in enumerate(d.get(cle, [])):
                self.check_keys(f"{cle}[{i}]", n, NOTE)
                self.source(f"{cle}[{i}].source", n["source"])

    def check_demarches(self, dem):
        self.check_keys("demarches", dem, DEMARCHES)
        self.source("demarches.source", dem["source"])
        for i, piece in enumerate(dem.get("pieces", [])):
            if not isinstance(piece, str):
                self.fail(f"demarches.pieces[{i}]", "doit être un texte")
        for i, e in enumerate(dem.get("echeances", [])):
            ici = f"demarches.echeances[{i}]"
            self.check_keys(ici, e, ECHEANCE)
            if "source" in e:
                self.source(f"{ici}.source", e["source"])
            if ("date" in e) == ("mois" in e):
                self.fail(ici, "une échéance a soit une « date », soit un délai en « mois » (avec « apres_champ »)")
            if "mois" in e:
                if "apres_champ" not in e:
                    self.fail(f"{ici}.apres_champ", "un délai en mois court à partir d'une date du profil")
                elif fields().get(e["apres_champ"]) is None or fields()[e["apres_champ"]].type != "date":
                    self.fail(f"{ici}.apres_champ", f"« {e['apres_champ']} » n'est pas une date du profil")

    def check_schedule(self, e):
        ici = "montant.echeancier"
        self.check_keys(ici, e, ECHEANCIER)
        self.source(f"{ici}.source", e["source"])
        if "depart" in e and (fields().get(e["depart"]) is None or fields()[e["depart"]].type != "date"):
            self.fail(f"{ici}.depart", f"« {e['depart']} » n'est pas une date du profil")
        if ("parts" in e) == ("taux" in e or "ensuite" in e):
            self.fail(ici, "un échéancier donne soit des « parts » du total, soit des « taux » (et « ensuite »)")
        if "parts" in e:
            parts = e["parts"]
            if not parts or any(isinstance(x, bool) or not isinstance(x, (int, float)) or x <= 0 for x in parts):
                self.fail(f"{ici}.parts", "une liste de pourcentages positifs, année 1 en premier")
            if sum(parts) != 100:
                self.fail(f"{ici}.parts", f"les parts font {sum(parts)} % du total au lieu de 100 %")
            return
        if "assiette" not in e:
            self.fail(f"{ici}.assiette", "des taux portent sur une assiette (« du forfait médecin traitant »)")
        noms = [*e.get("taux", []), *([e["ensuite"]] if "ensuite" in e else [])]
        for i, nom in enumerate(noms):
            chemin = f"{ici}.taux[{i}]" if i < len(e.get("taux", [])) else f"{ici}.ensuite"
            self.parametre(chemin, nom)
            if UNITS[self.parametres[nom]["unite"]].kind != "percent":
                self.fail(chemin, f"le paramètre « {nom} » n'est pas un pourcentage")
        for i, c in enumerate(e.get("si", [])):
            self.check_condition(f"{ici}.si[{i}]", c)

    def check_parameter(self, chemin: str, p):
        self.check_keys(chemin, p, PARAMETRE)
        self.check_one_of(f"{chemin}.unite", p["unite"], UNITS, "unité")
        if not p["valeurs"]:
            self.fail(f"{chemin}.valeurs", "au moins une valeur datée est nécessaire")
        precedente = None
        for i, v in enumerate(p["valeurs"]):
            ici = f"{chemin}.valeurs[{i}]"
            self.check_keys(ici, v, VALEUR)
            self.source(f"{ici}.source", v["source"])
            depuis = v.get("depuis")
            if depuis is None and i > 0:
                self.fail(f"{ici}.depuis", "seule la première valeur peut omettre sa date de début")
            if precedente and depuis <= precedente:
                self.fail(f"{ici}.depuis", "les valeurs doivent être rangées par date croissante")
            precedente = depuis or precedente
            self.check_number(f"{ici}.valeur", v["valeur"], p["unite"])

    def check_number(self, chemin: str, valeur, unite: str):
        if UNITS[unite].structured:
            if not isinstance(valeur, (list, dict)):
                self.fail(chemin, "une grille est une liste de lignes, une table une table")
            return
        if valeur is False:
            return  # the value no longer exists from that date
        if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
            self.fail(chemin, "doit être un nombre (ou false quand la valeur cesse d'exister)")
        if valeur < 0:
            self.fail(chemin, "ne peut pas être négatif")

    def check_condition(self, chemin: str, c):
        self.check_keys(chemin, c, CONDITION)
        composees = [k for k in ("tous", "un_parmi") if k in c]
        ops = [k for k in OPERATORS if k in c]
        if composees:
            if len(composees) > 1 or ops or "champ" in c:
                self.fail(chemin, "une condition composée a soit « tous », soit « un_parmi », seuls")
            liste = c[composees[0]]
            if not liste:
                self.fail(f"{chemin}.{composees[0]}", "liste vide")
            for i, sous in enumerate(liste):
                self.check_condition(f"{chemin}.{composees[0]}[{i}]", sous)
            return
        if "champ" not in c:
            self.fail(chemin, "une condition porte sur un « champ » (ou réunit « tous » / « un_parmi »)")
        self.check_field(f"{chemin}.champ", c["champ"])
        if len(ops) != 1:
            self.fail(chemin, f"une condition simple a exactement un opérateur parmi {', '.join(OPERATORS)}")
        op = OPERATOR_REGISTRY[ops[0]]
        valeur = c[op.name]
        ici = f"{chemin}.{op.name}"
        if op.operand == "set":
            ensemble = rules().ensembles.get(valeur)
            if ensemble is None:
                self.fail(
                    ici,
                    f"ensemble inconnu « {valeur} » (permis : "
                    f"{', '.join(rules().ensembles)}, déclarés dans regles.toml)",
                )
            if ensemble.champ != c["champ"]:
                self.fail(ici, f"l'ensemble « {valeur} » porte sur le champ {ensemble.champ}")
            return
        ch = fields().get(c["champ"])
        if ch is None:
            return
        if op.operand == "bound":
            if ch.type not in op.field_types:
                self.fail(ici, f"« {op.name} » ne s'applique qu'à un nombre ou une date")
            return
        valeurs = valeur if op.operand == "values" else [valeur]
        if not isinstance(valeurs, list):
            self.fail(ici, "doit être une liste")
        if op.list_field and ch.type != "liste":
            self.fail(ici, f"« {op.name} » ne s'applique qu'à un champ liste")
        if ch.choix:
            for v in valeurs:
                if v not in ch.choice_values():
                    quoi = "zone" if ch.nom == "zone" else "valeur"
                    self.fail(
                        ici,
                        f"{quoi} inconnue « {v} » pour {ch.nom} (permis : {', '.join(map(str, ch.choice_values()))})",
                    )
        elif ch.type == "booleen" and any(not isinstance(v, bool) for v in valeurs):
            self.fail(ici, "doit être true ou false")

    def check_expression(self, chemin: str, e):
        self.check_keys(chemin, e, EXPRESSION)
        t = e["type"]
        self.check_one_of(f"{chemin}.type", t, formulas.TYPES, "type de montant")
        kind = formulas.TYPES[t]
        for cle in e:
            if cle not in kind.keys and cle not in formulas.COMMON_KEYS:
                self.fail(
                    f"{chemin}.{cle}",
                    f"clé inconnue pour le type « {t} » (clés permises : "
                    f"{', '.join([*formulas.COMMON_KEYS, *kind.keys])})",
                )
        for i, c in enumerate(e.get("si", [])):
            self.check_condition(f"{chemin}.si[{i}]", c)
        for cle, (role, requis) in kind.keys.items():
            ici = f"{chemin}.{cle}"
            if cle not in e:
                if requis:
                    self.fail(ici, f"clé obligatoire pour le type « {t} »")
                continue
            if role == formulas.PARAMETER:
                self.parametre(ici, e[cle])
            elif role == formulas.FIELD:
                self.check_field(ici, e[cle])
            elif role == formulas.FIELDS:
                for i, nom in enumerate(e[cle]):
                    self.check_field(f"{ici}[{i}]", nom)
            elif role == formulas.FORMULA:
                self.check_expression(ici, e[cle])
            elif role == formulas.FORMULAS:
                for i, sous in enumerate(e[cle]):
                    self.check_expression(f"{ici}[{i}]", sous)
        for groupe in kind.exclusive:
            if sum(cle in e for cle in groupe) != 1:
                self.fail(chemin, f"un {t} a soit « {groupe[0]} », soit « {groupe[1]} »")


def check_scheme(fichier: str, data: dict):
    """Raise `DataError` for the first thing in `data` that does not fit the schema."""
    SchemeChecker(fichier, data).check()
