"""The schema of a scheme data file, and its checker.

Every key a scheme file may hold is listed here with its type; the checker walks a parsed TOML
file and collects a `DataError(file, field, message)` for everything that does not fit: an
unknown key, a wrong type, an unknown profile field, zone or source, a figure without source.
"""

import contextlib
import datetime

from . import formulas
from .errors import DataError, suggestion
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
# `maximum`: the source gives the value as a ceiling (« jusqu'à », « montant maximal »).
PARAMETRE = {
    "libelle": (TEXTE, True),
    "unite": (TEXTE, True),
    "valeurs": (list, True),
    "note": (TEXTE, False),
    "maximum": (bool, False),
}
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


class _Abandon(Exception):
    """Stops checking the part of a file where an error was found (the error is recorded)."""


class SchemeChecker:
    """Checks one parsed scheme file and collects every error (`errors`), each naming the file and
    the dotted field. After an error, the rest of the part it was found in (a condition, a
    parameter, a source…) is skipped, since it may depend on what was wrong; other parts go on."""

    def __init__(self, fichier: str, data: dict):
        self.fichier = fichier
        self.data = data
        self.errors = []
        self.bad = set()  # top-level keys missing or of the wrong type: what reads them is skipped
        self.sources = data.get("sources", {}) if isinstance(data.get("sources"), dict) else {}
        self.variables = data.get("variables", {}) if isinstance(data.get("variables"), dict) else {}
        self.parametres = data.get("parametres", {}) if isinstance(data.get("parametres"), dict) else {}

    def note(self, chemin: str, message: str):
        """Record an error that leaves the rest of the part checkable."""
        self.errors.append(DataError(self.fichier, chemin, message))

    def fail(self, chemin: str, message: str):
        """Record an error and stop checking the current part."""
        self.note(chemin, message)
        raise _Abandon

    @staticmethod
    def part():
        """`with self.part():` a part of the file whose errors do not stop the others'."""
        return contextlib.suppress(_Abandon)

    def key_problems(self, chemin: str, table, spec: dict) -> set:
        """Record unknown, missing and wrongly typed keys of `table`; return the missing and
        wrongly typed ones (what the rest of the check cannot read)."""
        if not isinstance(table, dict):
            self.fail(chemin, "doit être une table")
        for cle in table:
            if cle not in spec:
                self.note(
                    f"{chemin}.{cle}" if chemin else cle,
                    f"clé inconnue{suggestion(cle, spec)} (clés permises : {', '.join(spec)})",
                )
        bad = set()
        for cle, (attendu, requis) in spec.items():
            ici = f"{chemin}.{cle}" if chemin else cle
            if cle not in table:
                if requis:
                    self.note(ici, "clé obligatoire absente")
                    bad.add(cle)
                continue
            valeur = table[cle]
            if attendu is object:
                continue
            ok = isinstance(valeur, attendu) and not (attendu is int and isinstance(valeur, bool))
            if attendu is DATE and isinstance(valeur, datetime.datetime):
                ok = False
            if not ok:
                self.note(ici, f"doit être {TYPE_NOMS[attendu]}")
                bad.add(cle)
        return bad

    def check_keys(self, chemin: str, table, spec: dict):
        if self.key_problems(chemin, table, spec):
            raise _Abandon

    def check_one_of(self, chemin: str, valeur, permis, quoi: str):
        if valeur not in permis:
            listed = sorted(permis) if isinstance(permis, (set, frozenset)) else permis
            self.fail(chemin, f"{quoi} inconnu « {valeur} » (permis : {', '.join(map(str, listed))})")

    def source(self, chemin: str, nom):
        if nom not in self.sources and "sources" not in self.bad:
            self.note(chemin, f"source inconnue « {nom} » (à déclarer dans [sources])")

    def check_field(self, chemin: str, nom):
        if nom not in fields() and nom not in self.variables and "variables" not in self.bad:
            self.note(chemin, f"champ du profil inconnu « {nom} »{suggestion(nom, [*fields(), *self.variables])}")

    def parametre(self, chemin: str, nom):
        if nom not in self.parametres and "parametres" not in self.bad:
            self.note(chemin, f"paramètre inconnu « {nom} » (à déclarer dans [parametres])")

    def each(self, chemin: str, liste, check):
        """`check(path, item)` for every item of a list, each a part of its own."""
        for i, item in enumerate(liste):
            with self.part():
                check(f"{chemin}[{i}]", item)

    def named(self, chemin: str, table: dict, check):
        """`check(path, item)` for every item of a table of named items, each a part of its own."""
        for nom, item in table.items():
            with self.part():
                check(f"{chemin}.{nom}", item)

    def check(self):
        d = self.data
        bad = self.bad = self.key_problems("", d, RACINE)
        parts = [
            ("nature", lambda v: self.check_one_of("nature", v, NATURES, "nature")),
            ("financeur", lambda v: self.check_one_of("financeur", v, FINANCEURS, "financeur")),
            ("categorie", lambda v: self.check_one_of("categorie", v, CATEGORIES, "catégorie")),
            ("beneficiaires", lambda v: self.each("beneficiaires", v, self.check_beneficiary)),
            ("regions", lambda v: self.each("regions", v, self.check_region)),
            ("departements", lambda v: self.each("departements", v, self.check_department)),
            ("sources", self.check_sources),
            ("validite", self.check_validity),
            ("duree", self.check_duration),
            ("parametres", lambda v: self.named("parametres", v, self.check_parameter)),
            ("variables", lambda v: self.named("variables", v, self.check_variable)),
            ("conditions", lambda v: self.each("conditions", v, self.check_data_condition)),
            ("montant", self.check_amount),
            ("cumuls", lambda v: self.each("cumuls", v, self.check_cumul)),
            ("ambiguites", lambda v: self.each("ambiguites", v, self.check_ambiguity)),
            ("exemples", lambda v: self.each("exemples", v, self.check_example)),
            ("demarches", self.check_demarches),
            ("non_confirme", lambda v: self.each("non_confirme", v, self.check_note)),
            ("informations", lambda v: self.each("informations", v, self.check_note)),
        ]
        for cle, check in parts:
            if cle in d and cle not in bad:
                with self.part():
                    check(d[cle])
            elif cle == "montant" and cle not in d and d.get("nature") == "aide":
                self.note("montant", "une aide doit décrire son montant (type = \"non_precise\" s'il n'est pas connu)")

    def check_beneficiary(self, chemin: str, b):
        self.check_one_of(chemin, b, set(fields()["beneficiaire"].choix), "bénéficiaire")

    def check_region(self, chemin: str, r):
        self.check_one_of(chemin, r, territories(), "code de région")

    def check_department(self, chemin: str, dep):
        self.check_one_of(chemin, dep, department_regions(), "code de département")

    def check_sources(self, sources: dict):
        self.named("sources", sources, self.check_source)

    def check_source(self, chemin: str, s):
        self.check_keys(chemin, s, SOURCE)
        if "fichier" not in s and "url" not in s:
            self.note(chemin, "une source doit donner un fichier ou une url")

    def check_validity(self, v):
        self.check_keys("validite", v, VALIDITE)
        self.source("validite.source", v["source"])

    def check_duration(self, v):
        self.check_keys("duree", v, DUREE)
        self.source("duree.source", v["source"])

    def check_variable(self, chemin: str, v):
        self.check_keys(chemin, v, VARIABLE)
        if v["champ"] not in fields():
            self.note(f"{chemin}.champ", f"champ du profil inconnu « {v['champ']} »{suggestion(v['champ'], fields())}")
        self.source(f"{chemin}.source", v["source"])
        self.each(f"{chemin}.tranches", v["tranches"], lambda ici, t: self.check_keys(ici, t, TRANCHE))

    def check_data_condition(self, ici: str, c):
        if not isinstance(c, dict):
            self.fail(ici, "doit être une table")
        permises = list(dict.fromkeys([*CONDITION_RACINE, *CONDITION]))
        for cle in c:
            if cle not in permises:
                self.note(
                    f"{ici}.{cle}", f"clé inconnue{suggestion(cle, permises)} (clés permises : {', '.join(permises)})"
                )
        with self.part():
            self.check_keys(ici, {k: v for k, v in c.items() if k in CONDITION_RACINE}, CONDITION_RACINE)
            self.source(f"{ici}.source", c["source"])
        self.check_condition(ici, {k: v for k, v in c.items() if k in CONDITION})

    def check_amount(self, m):
        self.check_keys("montant", m, MONTANT)
        with self.part():
            self.check_one_of("montant.periodicite", m["periodicite"], PERIODICITES, "périodicité")
        self.source("montant.source", m["source"])
        if "annee_champ" in m:
            self.check_field("montant.annee_champ", m["annee_champ"])
        if "echeancier" in m:
            self.check_schedule(m["echeancier"])
        self.check_expression("montant", {k: v for k, v in m.items() if k not in MONTANT_SEUL})

    def check_cumul(self, ici: str, c):
        self.check_keys(ici, c, CUMUL)
        self.source(f"{ici}.source", c["source"])

    def check_ambiguity(self, ici: str, a):
        self.check_keys(ici, a, AMBIGUITE)
        self.source(f"{ici}.source", a["source"])
        self.each(f"{ici}.si", a.get("si", []), self.check_condition)
        if "ensemble" in a and a["ensemble"] not in rules().ensembles:
            self.note(f"{ici}.ensemble", f"ensemble inconnu « {a['ensemble']} »")

    def check_example(self, ici: str, ex):
        self.check_keys(ici, ex, EXEMPLE)
        for nom in ex["profil"]:
            if nom not in fields():
                self.note(f"{ici}.profil.{nom}", f"champ du profil inconnu{suggestion(nom, fields())}")

    def check_note(self, ici: str, n):
        self.check_keys(ici, n, NOTE)
        self.source(f"{ici}.source", n["source"])

    def check_demarches(self, dem):
        self.check_keys("demarches", dem, DEMARCHES)
        self.source("demarches.source", dem["source"])
        self.each("demarches.pieces", dem.get("pieces", []), self.check_piece)
        self.each("demarches.echeances", dem.get("echeances", []), self.check_deadline)

    def check_piece(self, ici: str, piece):
        if not isinstance(piece, str):
            self.note(ici, "doit être un texte")

    def check_deadline(self, ici: str, e):
        self.check_keys(ici, e, ECHEANCE)
        if "source" in e:
            self.source(f"{ici}.source", e["source"])
        if ("date" in e) == ("mois" in e):
            self.fail(ici, "une échéance a soit une « date », soit un délai en « mois » (avec « apres_champ »)")
        if "mois" in e:
            if "apres_champ" not in e:
                self.note(f"{ici}.apres_champ", "un délai en mois court à partir d'une date du profil")
            elif fields().get(e["apres_champ"]) is None or fields()[e["apres_champ"]].type != "date":
                self.note(f"{ici}.apres_champ", f"« {e['apres_champ']} » n'est pas une date du profil")

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
            with self.part():
                self.check_keys(ici, v, VALEUR)
                self.source(f"{ici}.source", v["source"])
                depuis = v.get("depuis")
                if depuis is None and i > 0:
                    self.note(f"{ici}.depuis", "seule la première valeur peut omettre sa date de début")
                elif precedente and depuis <= precedente:
                    self.note(f"{ici}.depuis", "les valeurs doivent être rangées par date croissante")
                precedente = depuis or precedente
                self.check_number(f"{ici}.valeur", v["valeur"], p["unite"])

    def check_number(self, chemin: str, valeur, unite: str):
        if UNITS[unite].structured:
            if not isinstance(valeur, (list, dict)):
                self.note(chemin, "une grille est une liste de lignes, une table une table")
            return
        if valeur is False:
            return  # the value no longer exists from that date
        if isinstance(valeur, bool) or not isinstance(valeur, (int, float)):
            self.note(chemin, "doit être un nombre (ou false quand la valeur cesse d'exister)")
        elif valeur < 0:
            self.note(chemin, "ne peut pas être négatif")

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
            self.each(f"{chemin}.{composees[0]}", liste, self.check_condition)
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
                self.note(ici, f"l'ensemble « {valeur} » porte sur le champ {ensemble.champ}")
            return
        ch = fields().get(c["champ"])
        if ch is None:
            return
        if op.operand == "bound":
            if ch.type not in op.field_types:
                self.note(ici, f"« {op.name} » ne s'applique qu'à un nombre ou une date")
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
                    self.note(
                        ici,
                        f"{quoi} inconnue « {v} » pour {ch.nom} (permis : {', '.join(map(str, ch.choice_values()))})",
                    )
        elif ch.type == "booleen" and any(not isinstance(v, bool) for v in valeurs):
            self.note(ici, "doit être true ou false")

    def check_expression(self, chemin: str, e):
        self.check_keys(chemin, e, EXPRESSION)
        t = e["type"]
        self.check_one_of(f"{chemin}.type", t, formulas.TYPES, "type de montant")
        kind = formulas.TYPES[t]
        permises = [*formulas.COMMON_KEYS, *kind.keys]
        for cle in e:
            if cle not in permises and cle in EXPRESSION:  # a key of no type at all is reported above
                self.note(
                    f"{chemin}.{cle}",
                    f"clé inconnue pour le type « {t} »{suggestion(cle, permises)} (clés permises : {', '.join(permises)})",
                )
        self.each(f"{chemin}.si", e.get("si", []), self.check_condition)
        for cle, (role, requis) in kind.keys.items():
            ici = f"{chemin}.{cle}"
            if cle not in e:
                if requis:
                    self.note(ici, f"clé obligatoire pour le type « {t} »")
                continue
            if role == formulas.PARAMETER:
                self.parametre(ici, e[cle])
            elif role == formulas.FIELD:
                self.check_field(ici, e[cle])
            elif role == formulas.FIELDS:
                for i, nom in enumerate(e[cle]):
                    self.check_field(f"{ici}[{i}]", nom)
            elif role == formulas.FORMULA:
                with self.part():
                    self.check_expression(ici, e[cle])
            elif role == formulas.FORMULAS:
                self.each(ici, e[cle], self.check_expression)
        for groupe in kind.exclusive:
            if sum(cle in e for cle in groupe) != 1:
                self.note(chemin, f"un {t} a soit « {groupe[0]} », soit « {groupe[1]} »")


def scheme_errors(fichier: str, data: dict) -> list:
    """Every `DataError` of `data` (a parsed scheme file), in the order of the checks."""
    checker = SchemeChecker(fichier, data)
    checker.check()
    return checker.errors
