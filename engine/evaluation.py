"""`evaluate(profile, date)`: every scheme against one situation, with the reasons and the amounts.

For each scheme: its status (`eligible`, `non_eligible`, `a_completer`), each condition with its
result and wording, the missing answers, the amount per year and in total with the formula, the
sources, warnings, the readings of the sources that concern this situation and the freshness of
the scheme's sources. Across schemes: the missing answers ranked by how many undecided schemes
each would settle, the incompatible pairs among eligible schemes and the best compatible
combination.
"""

import contextlib
import datetime
import gc
from dataclasses import dataclass, field
from decimal import Decimal

from . import conditions, summary
from .combination import best_combination, incompatible_pairs
from .dates import format_date
from .errors import ProfileError
from .formulas import Computation, Context, compute
from .loader import Catalogue, default_catalogue
from .money import cents, format_euros, json_number
from .next_steps import next_steps
from .profile import fields, territories, validate_profile
from .rules import rules
from .schedule import duration_words, months_of, scheme_schedule
from .scheme import Scheme
from .whatif import what_ifs


def parse_date(text) -> datetime.date:
    """The evaluation date from `AAAA-MM-JJ` (or a date), with a French error naming `date`."""
    if isinstance(text, datetime.date):
        return text
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        raise ProfileError("date", f"la date d'évaluation doit être au format AAAA-MM-JJ (reçu « {text} »).") from None


def check_date(date: datetime.date, catalogue: Catalogue):
    """A `ProfileError` on `date` outside the range the data cover, giving that range."""
    first, last = catalogue.coverage
    if not (first or date) <= date <= last:
        raise ProfileError(
            "date",
            f"la date de la situation ({format_date(date)}) est hors de la période que couvrent les données "
            f"du guide : {f'du {format_date(first)} ' if first else ''}au {format_date(last)}.",
        )


@dataclass(frozen=True)
class StandardCondition:
    """A condition every scheme has, drawn from its metadata (validity, applicant, territory,
    ten-year rule): `condition` to evaluate against the profile, or a `fixed` result at the date."""

    condition: dict
    libelle: str
    source: str
    fixed: bool | None = None


@dataclass
class _Static:
    """What a scheme's result needs that depends on neither the profile nor the date, made once."""

    opens: str | None
    closes: str | None
    ends: str | None
    filters: list
    ten_years: StandardCondition | None
    unconfirmed: list
    lines: list
    dated: bool
    readings: list
    newest_source: datetime.date | None
    skeleton: dict


def _static(scheme: Scheme) -> _Static:
    if "static" in scheme.cache:
        return scheme.cache["static"]
    v = scheme.validite
    first_source = next(iter(scheme.sources))
    names = fields()["beneficiaire"].choix
    filters = [
        StandardCondition(
            {"champ": "beneficiaire", "dans": scheme.beneficiaires},
            "Demandeur : " + " ou ".join(names[b] for b in scheme.beneficiaires),
            first_source,
        )
    ]
    if scheme.regions:
        region_names = " ou ".join(territories()[r]["nom"] for r in scheme.regions)
        filters.append(
            StandardCondition(
                {"champ": "region", "dans": scheme.regions}, f"Lieu d'exercice en région {region_names}", first_source
            )
        )
    if scheme.departements:
        all_deps = {d: n for r in territories().values() for d, n in r["departements"].items()}
        dep_names = " ou ".join(f"{all_deps[d]} ({d})" for d in scheme.departements)
        filters.append(
            StandardCondition(
                {"champ": "departement", "dans": scheme.departements},
                f"Lieu d'exercice dans le département : {dep_names}",
                first_source,
            )
        )
    ten_years = None
    if scheme.categorie_dix_ans:
        rule = rules().dix_ans
        ten_years = StandardCondition(
            {"champ": "aide_installation_10_ans", "egal": False}, rule.libelle, rule.sources[0]
        )
    lines = []
    for c in scheme.conditions:
        line = {"libelle": c["libelle"], "resultat": None, "source": c["source"]}
        if c.get("note"):
            line["note"] = c["note"]
        if c.get("non_confirme"):
            line["non_confirme"] = True
        lines.append((c, line))
    static = _Static(
        opens=v.get("debut") and f"Dispositif ouvert à partir du {format_date(v['debut'])}",
        closes=v.get("fin_nouvelles_demandes")
        and f"Nouvelles demandes acceptées jusqu'au {format_date(v['fin_nouvelles_demandes'])}",
        ends=v.get("fin") and f"Dispositif en vigueur jusqu'au {format_date(v['fin'])}",
        filters=filters,
        ten_years=ten_years,
        unconfirmed=list(dict.fromkeys(f"NON CONFIRMÉ : {n['texte']}" for n in scheme.non_confirme)),
        lines=lines,
        dated=any("depuis" in c or "jusqu_au" in c or c.get("nouveaux_contrats_seulement") for c in scheme.conditions),
        readings=[
            ({"tous": a["si"]}, a.get("ensemble"), {k: a[k] for k in ("texte", "choix", "source")})
            for a in scheme.ambiguites
            if a.get("si")
        ],
        newest_source=scheme.newest_source_date(),
        # The result's fixed keys, in their output order (shared between evaluations: read-only).
        skeleton={
            "id": scheme.id,
            "nom": scheme.nom,
            "sigle": scheme.sigle,
            "periodicite": (scheme.montant or {}).get("periodicite"),
            "remplace_par": scheme.remplace_par,
            "source": [_source_json(scheme, key) for key in scheme.sources],
        },
    )
    scheme.cache["static"] = static
    return static


def standard_conditions(
    scheme: Scheme, date: datetime.date, profile: dict | None = None, state: str | None = None
) -> list:
    """The `StandardCondition`s of `scheme` at `date` for `profile` (a running contract keeps a
    scheme closed to new applications and skips the ten-year rule); `state`, the scheme's state
    at `date`, when the caller has it already."""
    profile = profile or {}
    st = _static(scheme)
    source = scheme.validite["source"]
    running = scheme.id in profile.get("contrats_en_cours", ())
    state = state or scheme.state(date)
    out = []
    if st.opens:
        out.append(StandardCondition({"champ": "_ouvert"}, st.opens, source, state != "a_venir"))
    if st.closes:
        label = st.closes
        ok = state not in ("ferme_nouvelles_demandes", "expire") or (running and state != "expire")
        if running and state == "ferme_nouvelles_demandes":
            label += " (contrat déjà signé : il va à son terme)"
        out.append(StandardCondition({"champ": "_nouvelles"}, label, source, ok))
    if st.ends:
        out.append(StandardCondition({"champ": "_fin"}, st.ends, source, state != "expire"))
    out += st.filters
    if st.ten_years and not running and rules().dix_ans.applies(date):
        out.append(st.ten_years)
    return out


def data_conditions(scheme: Scheme, date: datetime.date, profile: dict) -> list:
    """The data conditions in force at `date` (a running contract skips those for new ones), as
    (condition, result line template) pairs."""
    st = _static(scheme)
    if not st.dated:
        return st.lines
    running = scheme.id in profile.get("contrats_en_cours", ())
    kept = []
    for c, line in st.lines:
        if "depuis" in c and date < c["depuis"]:
            continue
        if "jusqu_au" in c and date > c["jusqu_au"]:
            continue
        if c.get("nouveaux_contrats_seulement") and running:
            continue
        kept.append((c, line))
    return kept


def _source_json(scheme: Scheme, key: str) -> dict:
    s = scheme.sources[key]
    out = {"id": key, "titre": s["titre"], "date": s["date"].isoformat() if "date" in s else None}
    for k in ("fichier", "url", "via"):
        if k in s:
            out[k] = s[k]
    return out


@dataclass
class _Amount:
    """The yearly and total amounts, with the duration's wording and missing answers."""

    per_year: Decimal | None = None
    total: Decimal | None = None
    duration_text: str | None = None
    missing: list = field(default_factory=list)
    years: list | None = None  # each year's amount, when computed year by year


def _amounts(scheme: Scheme, yearly: Computation, ctx: Context) -> _Amount:
    m = scheme.montant
    months = months_of(scheme)
    value = yearly.valeur
    if value is None:
        return _Amount()
    if m["periodicite"] == "unique":
        return _Amount(None, value, "versement unique")
    if m["periodicite"] == "non_precisee":
        return _Amount(None, None, "rythme de versement non précisé par la source")
    if m["periodicite"] == "mensuel":
        per_year = cents(value * 12)
        if months is None:
            return _Amount(per_year, None, f"{format_euros(value)} par mois ; durée non précisée par la source")
        return _Amount(per_year, cents(value * months), f"{format_euros(value)} par mois × {months} mois")
    if months is None:
        return _Amount(value, None, "durée non précisée par la source")
    if "annee_champ" in m and months % 12 == 0:
        amounts = []
        for year in range(1, months // 12 + 1):
            c = compute(m, Context(scheme, {**ctx.profile, m["annee_champ"]: year}, ctx.date))
            if c.manquants:
                return _Amount(value, None, f"total à compléter (montant de l'année {year})", c.manquants)
            if c.valeur is None:
                return _Amount(value, None, f"montant de l'année {year} non précisé par la source")
            amounts.append(c.valeur)
        detail = " + ".join(format_euros(x) for x in amounts)
        return _Amount(value, sum(amounts, Decimal(0)), f"années 1 à {len(amounts)} : {detail}", years=amounts)
    total = cents(value * months / 12)
    return _Amount(value, total, f"{format_euros(value)} par an × {duration_words(months)}")


def freshness(state: str, newest_source: datetime.date | None, date: datetime.date) -> str:
    """`fermee` (closed or expired at `date`), `recente` (newest dated source at most the
    threshold of `regles.toml` old) or `a_verifier` (older, or no dated source)."""
    if state in ("ferme_nouvelles_demandes", "expire"):
        return "fermee"
    if newest_source is None:
        return "a_verifier"
    months = date.year * 12 + date.month - 1 - rules().fraicheur_mois
    year, month = divmod(months, 12)
    last_day = (datetime.date(year + (month == 11), (month + 1) % 12 + 1, 1) - datetime.timedelta(days=1)).day
    limit = datetime.date(year, month + 1, min(date.day, last_day))
    return "recente" if newest_source >= limit else "a_verifier"


@dataclass
class SchemeResult:
    """One scheme's result; `to_json()` gives the JSON object of `evaluate`'s `aides` list."""

    static: _Static
    statut: str
    etat: str
    conditions: list
    fraicheur: dict
    amount: _Amount = field(default_factory=_Amount)
    non_precise: bool = False
    formule: str | None = None
    manquants: list = field(default_factory=list)
    avertissements: list = field(default_factory=list)
    lectures: list = field(default_factory=list)
    echeancier: dict | None = None
    demarches: dict | None = None
    motif: str | None = None  # why not eligible: `profil` (applicant or territory) or `condition`
    et_si: list = field(default_factory=list)

    @property
    def total(self) -> Decimal | None:
        return self.amount.total

    def to_json(self) -> dict:
        sk = self.static.skeleton
        return {
            "id": sk["id"],
            "nom": sk["nom"],
            "sigle": sk["sigle"],
            "statut": self.statut,
            "etat": self.etat,
            "montant_annuel": json_number(self.amount.per_year),
            "montant_total": json_number(self.amount.total),
            "montant_non_precise": self.non_precise,
            "periodicite": sk["periodicite"],
            "formule": self.formule,
            "conditions": self.conditions,
            "manquants": list(dict.fromkeys(self.manquants)),
            "avertissements": list(dict.fromkeys([*self.static.unconfirmed, *self.avertissements])),
            "lectures": self.lectures,
            "fraicheur": self.fraicheur,
            "remplace_par": sk["remplace_par"],
            "source": sk["source"],
            "non_eligible_par": self.motif,
            "echeancier": self.echeancier,
            "demarches": self.demarches,
            "et_si": self.et_si,
        }


def evaluate_scheme(scheme: Scheme, profile: dict, date: datetime.date) -> SchemeResult:
    """One scheme against a checked profile at `date`."""
    st = _static(scheme)
    state = scheme.state(date)
    fresh = {
        "etat": freshness(state, st.newest_source, date),
        "derniere_source": st.newest_source and st.newest_source.isoformat(),
        "verifie_le": scheme.verifie_le.isoformat(),
        "seuil_mois": rules().fraicheur_mois,
        "financeur": scheme.financeur_nom,
    }
    for f in st.filters:
        value = profile.get(f.condition["champ"])
        if value is not None and value not in f.condition["dans"]:
            # Not for this kind of applicant or territory: that is the reason, and the only one.
            return SchemeResult(
                st,
                "non_eligible",
                state,
                [{"libelle": f.libelle, "resultat": False, "source": f.source}],
                fresh,
                motif="profil",
            )
    ctx = Context(scheme, profile, date)
    lines, verdicts = [], []
    for sc in standard_conditions(scheme, date, profile, state):
        if sc.fixed is None:
            verdict = conditions.evaluate(sc.condition, ctx.read)
        else:
            verdict = conditions.TRUE if sc.fixed else conditions.FALSE
        lines.append({"libelle": sc.libelle, "resultat": verdict.resultat, "source": sc.source})
        verdicts.append(verdict)
    applicable = data_conditions(scheme, date, profile)
    for c, template in applicable:
        verdict = ctx.holds(c)
        line = template.copy()
        line["resultat"] = verdict.resultat
        lines.append(line)
        verdicts.append(verdict)
    if any(v.resultat is False for v in verdicts):
        return SchemeResult(st, "non_eligible", state, lines, fresh, motif="condition")
    undecided = [m for v in verdicts for m in v.manquants]
    result = SchemeResult(st, "a_completer" if undecided else "eligible", state, lines, fresh, manquants=undecided)
    sets_in_force = {n for c, _ in applicable for n in conditions.sets_used(c)}
    result.lectures = [
        text
        for cond, value_set, text in st.readings
        if (value_set is None or value_set in sets_in_force) and conditions.evaluate(cond, ctx.read).resultat
    ]
    yearly = compute(scheme.montant, ctx)
    result.amount = _amounts(scheme, yearly, ctx)
    result.manquants += yearly.manquants + result.amount.missing
    result.non_precise = yearly.non_precise
    result.avertissements = yearly.avertissements
    if yearly.valeur is not None:
        text = yearly.texte + (f" ; {result.amount.duration_text}" if result.amount.duration_text else "")
        if result.amount.total is not None and scheme.montant["periodicite"] != "unique":
            text += f" = {format_euros(result.amount.total)} au total"
        result.formule = text
    else:
        result.formule = yearly.texte
    a = result.amount
    result.echeancier = scheme_schedule(scheme, ctx, a.per_year, a.total, a.years, months_of(scheme))
    if result.statut == "eligible":
        result.demarches = next_steps(scheme, profile, date, lambda key: _source_json(scheme, key))
    return result


def rank_missing(results: list) -> list:
    """Missing answers, most useful first: how many undecided schemes each one concerns."""
    order = list(fields())
    count = {}
    for r in results:
        for m in dict.fromkeys(r.manquants):
            count.setdefault(m, []).append(r.static.skeleton["id"])
    ranked = sorted(count.items(), key=lambda kv: (-len(kv[1]), order.index(kv[0])))
    return [
        {"champ": name, "libelle": fields()[name].libelle, "aides": ids, "nombre": len(ids)} for name, ids in ranked
    ]


@contextlib.contextmanager
def _gc_paused():
    """No cyclic garbage collection meanwhile: an evaluation allocates some ten dicts per scheme,
    all freed by reference counting, and every collection would walk the whole catalogue (a
    quarter of the time over 3 000 schemes)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def evaluate(profile, date=None, catalogue: Catalogue | None = None) -> dict:
    """Evaluate a raw profile at `date` (today by default); `ProfileError` for bad input, and for a
    date outside the range the data cover (`Catalogue.coverage`).

    The result is read-only: each scheme's fixed parts (its sources, its replacements) are the
    same objects from one evaluation to the next. Copy before changing them."""
    catalogue = catalogue or default_catalogue()
    date = parse_date(date) if date is not None else datetime.date.today()
    check_date(date, catalogue)
    profile = validate_profile(profile)
    with _gc_paused():
        return _evaluate(profile, date, catalogue)


def _evaluate(profile: dict, date: datetime.date, catalogue: Catalogue) -> dict:
    results = [evaluate_scheme(s, profile, date) for s in catalogue.aides.values() if s.nature == "aide"]
    eligible = {r.static.skeleton["id"]: r.total for r in results if r.statut == "eligible"}
    pairs = incompatible_pairs(catalogue, list(eligible), date)
    ids, amount = best_combination(eligible, pairs)
    by_id = {}
    for r in results:
        j = by_id[r.static.skeleton["id"]] = r.to_json()
        if r.statut == "eligible":
            j["et_si"] = what_ifs(catalogue.aides[j["id"]], profile, date, j, evaluate_scheme)
    return {
        "date": date.isoformat(),
        "aides": list(by_id.values()),
        "manquants": rank_missing(results),
        "incompatibilites": [list(p) for p in pairs],
        "incompatibilites_motifs": summary.pair_reasons(catalogue, pairs, _source_json),
        "meilleure_combinaison": {
            "ids": ids,
            "montant_total": json_number(amount),
            **summary.combination(by_id, ids),
            "a_choisir": summary.open_choices(eligible, pairs, ids),
        },
        "territoire": summary.territory(catalogue, profile),
    }


def evaluate_one(ident: str, profile, date=None, catalogue: Catalogue | None = None) -> dict:
    """One scheme's entry of `evaluate`, without the cross-scheme parts (for a scheme's page)."""
    catalogue = catalogue or default_catalogue()
    date = parse_date(date) if date is not None else datetime.date.today()
    return evaluate_scheme(catalogue.aides[ident], validate_profile(profile), date).to_json()
