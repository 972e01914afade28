"""The calculator as a short interview: from the answers so far and the date, the next question
(or a small step of questions that belong together), an honest bound on the questions left, what
each possible answer would give for the questions answered « je ne sais pas », and which questions
a date makes irrelevant. The engine decides; the page only displays.

`interview(raw, date)` returns the evaluation of `evaluate` plus an `entretien` object:
- `question`: the next step (`None` when nothing left can change the result): its label and its
  questions (`unites`), each filling one or more profile fields (the commune fills the région and
  the département; a repeated group its count);
- `restantes_max`: at most how many more questions (this one included) the interview can ask. Each
  question answers at least one field still « live »: read by a scheme still open, in a branch of
  its conditions or of its amount formula that the answers given have not closed. Answers only
  close branches, so the number of live questions never grows: it is an upper bound;
- `inconnus`: for each « je ne sais pas », what each possible answer would give, and where to find it;
- `non_pertinents`: questions whose every answer gives the same complete result at this date (the
  patientèle percentile before its 2024 amounts), never asked;
- `choix_fermes`: answers a date closes to new contracts (the assistant's tiers temps since
  1 May 2023), offered only with a running contract;
- `a_retirer`: answers that do not concern the kind of applicant chosen;
- `periode`: the range of dates the data cover (`Catalogue.coverage`; `evaluate` refuses a date
  outside it).

The order: the engine's ranked missing answers (`manquants`, how many open schemes each concerns),
except that a scheme excluded anyway by an eligible, better paid and incompatible scheme of the
best combination (cumul rules, ten-year rule) counts last.
"""

import datetime

from . import conditions
from .combination import best_combination, incompatible_pairs
from .evaluation import data_conditions, evaluate, evaluate_scheme, parse_date, standard_conditions
from .formulas import FIELD, FIELDS, FORMULA, FORMULAS, TYPES, Context
from .loader import Catalogue, default_catalogue
from .money import json_number, to_decimal
from .operators import accepted_values
from .profile import (
    fields,
    groups_of_members,
    rezone,
    steps,
    territories,
    unknown_answers,
    validate_profile,
)

STEP_SIZE = 3
RUNNING = "contrats_en_cours"  # the contracts already signed: they go on after their scheme closes
# Fields whose every answer is tried, to find the questions that cannot change anything.
ENUMERABLE = ("choix", "booleen")


# --- questions: the units the page asks, each filling one or more fields ----------------------


def unit_of(name: str) -> str:
    """The question that fills field `name`: the commune for the région and the département, the
    repeated group for its members' fields and its count, else the field itself."""
    ch = fields()[name]
    if ch.saisie:
        return ch.saisie
    if name in groups_of_members():
        return groups_of_members()[name]
    for g in fields().values():
        if g.type == "groupe" and g.nombre == name:
            return g.nom
    return name


def unit_fields(unit: str) -> list:
    if unit in fields():
        return [unit]
    return [n for n, ch in fields().items() if ch.saisie == unit]


def _answered(raw: dict) -> set:
    """The questions answered (« je ne sais pas » and an explicit « aucun » included)."""
    given = {n for n, v in raw.items() if v is not None and v != ""}
    out = set()
    for n in given:
        unit = unit_of(n)
        # The commune is answered with the département (the région follows from it).
        if unit in fields() or n == "departement" or set(unit_fields(unit)) <= given:
            out.add(unit)
    return out


def _concerns(name: str, applicant) -> bool:
    pour = fields()[name].pour
    return not pour or applicant is None or applicant in pour


# --- live fields: what a scheme still open may still read --------------------------------------


def _field_of(ctx: Context, name: str) -> str:
    return ctx.missing_fields(name)[0]


def _live_condition(cond: dict, ctx: Context) -> set:
    """Fields a condition may still read: its unknown leaves in the branches not yet decided."""
    verdict = ctx.holds(cond)
    if verdict.resultat is not None:
        return set()
    compound = conditions.parts(cond)
    if compound is None or any(f in groups_of_members() for f in conditions.fields_read(cond)):
        return {_field_of(ctx, n) for n in verdict.manquants}
    out = set()
    for c in compound[1]:
        out |= _live_condition(c, ctx)
    return out


def _live_formula(e: dict, ctx: Context) -> set:
    """Fields an amount formula may still read (every case of a `cas` counts: an over-estimate)."""
    out = set()
    if e.get("si"):
        verdict = ctx.holds({"tous": e["si"]})
        if verdict.resultat is False:
            return out
        out |= _live_condition({"tous": e["si"]}, ctx)
    kind = TYPES[e["type"]]
    group = None
    for key, (role, _required) in kind.keys.items():
        if key not in e or role not in (FIELD, FIELDS):
            continue
        for name in [e[key]] if role == FIELD else e[key]:
            if ctx.read(name) is conditions.UNKNOWN:
                out.add(_field_of(ctx, name))
            elif name in fields() and fields()[name].type == "groupe":
                group = ctx.read(name)
    # Inside a repeated group, the sub-formulas read each member's own fields.
    contexts = [ctx.member(m) for m in group] if group is not None else [ctx]
    for key, (role, _required) in kind.keys.items():
        if key in e and role in (FORMULA, FORMULAS):
            for sub in [e[key]] if role == FORMULA else e[key]:
                for c in contexts:
                    out |= _live_formula(sub, c)
    return out


def live_fields(scheme, profile: dict, date: datetime.date) -> set:
    """Every field scheme `scheme` (still open) may still read, whatever the answers to come."""
    ctx = Context(scheme, profile, date)
    out = set()
    for sc in standard_conditions(scheme, date, profile):
        if sc.fixed is None:
            out |= _live_condition(sc.condition, ctx)
    for c, _line in data_conditions(scheme, date, profile):
        out |= _live_condition(c, ctx)
    if scheme.montant:
        out |= _live_formula(scheme.montant, ctx)
        annee = scheme.montant.get("annee_champ")
        if annee and annee not in profile:
            out.add(annee)
    return out


# --- answers a date closes, questions that cannot change anything -----------------------------


def formula_fields(scheme) -> set:
    """Every field the amount formula of `scheme` names, its variables read as their fields."""
    cache = scheme.cache.setdefault("interview", {})
    if "formula_fields" not in cache:
        names = set()

        def walk(e):
            for c in e.get("si", []):
                names.update(conditions.fields_read(c))
            for key, (role, _required) in TYPES[e["type"]].keys.items():
                if key not in e:
                    continue
                if role == FIELD:
                    names.add(e[key])
                elif role == FIELDS:
                    names.update(e[key])
                elif role in (FORMULA, FORMULAS):
                    for sub in [e[key]] if role == FORMULA else e[key]:
                        walk(sub)

        if scheme.montant:
            walk(scheme.montant)
        cache["formula_fields"] = {scheme.variables[n]["champ"] if n in scheme.variables else n for n in names}
    return cache["formula_fields"]


def _readers(catalogue: Catalogue) -> dict:
    """Choice field -> the schemes that read it in a condition or their amount (made once)."""
    index = catalogue.__dict__.setdefault("_interview_readers", {})
    if not index:
        for s in catalogue.aides.values():
            read = {f for c in s.conditions for f in conditions.fields_read(c)} | formula_fields(s)
            for name in read:
                if name in fields() and fields()[name].type == "choix":
                    index.setdefault(name, []).append(s)
    return index


def closed_choices(catalogue: Catalogue, date: datetime.date, profile: dict) -> dict:
    """Field -> the answers closed at `date` to new contracts by every scheme that reads the field
    (a condition « for new contracts only » excludes them), unless a contract is already running."""
    running = set(profile.get("contrats_en_cours", ()))
    out = {}
    for name, readers in _readers(catalogue).items():
        closed = None
        for s in readers:
            these = set()
            if s.id not in running:
                for c, _line in data_conditions(s, date, {}):
                    if c.get("nouveaux_contrats_seulement") and c.get("champ") == name:
                        values = fields()[name].choice_values()
                        these |= set(values) - set(accepted_values(c, values))
            closed = these if closed is None else closed & these
        if closed:
            out[name] = [v for v in fields()[name].choice_values() if v in closed]
    return out


def offered_values(name: str, closed: dict) -> list:
    """The answers offered to `name` (a yes/no question: yes and no)."""
    ch = fields()[name]
    if not ch.choix:
        return [True, False]
    return [v for v in ch.choice_values() if v not in closed.get(name, ())]


def _settled_whatever(scheme, name: str, profile: dict, date, closed: dict) -> bool:
    """Every answer to `name` gives `scheme` the same complete result."""
    seen = set()
    for v in offered_values(name, closed):
        r = evaluate_scheme(scheme, {**profile, name: v}, date)
        if r.statut == "a_completer" or r.manquants:
            return False
        seen.add((r.statut, r.amount.per_year, r.amount.total, r.non_precise))
        if len(seen) > 1:
            return False
    return True


def _settling(catalogue: Catalogue, name: str, ids: list, profile: dict, date, closed: dict) -> int:
    """How many of the schemes `ids` one answer to `name` at least settles (no longer open)."""
    if fields()[name].type not in ENUMERABLE:
        return 0
    values = offered_values(name, closed)
    count = 0
    for i in ids:
        for v in values:
            r = evaluate_scheme(catalogue.aides[i], {**profile, name: v}, date)
            if r.statut != "a_completer" and not r.manquants:
                count += 1
                break
    return count


# --- « je ne sais pas »: what each answer would give -------------------------------------------


def _links(name: str, profile: dict) -> list:
    """Where to find the answer: Rézone and the region's ARS zoning page, for the zone."""
    if name != "zone":
        return []

    def link(s):
        out = {"titre": s["titre"], "url": s["url"]}
        if "date" in s:
            out["date"] = s["date"].isoformat()
        return out

    region = territories().get(profile.get("region"), {})
    return [link(rezone())] + ([link(region["zonage"])] if "zonage" in region else [])


def _variants(name: str, profile: dict, result: dict, date, catalogue, closed: dict) -> list:
    """For each possible answer to `name`: the eligible schemes and the best combination. Only the
    schemes waiting for that answer are evaluated again; the others keep their result."""
    waiting = {a["id"] for a in result["aides"] if name in a["manquants"]}
    kept = {a["id"]: a for a in result["aides"] if a["id"] not in waiting}
    out = []
    for v in offered_values(name, closed):
        answered = {**profile, name: v}
        again = {i: evaluate_scheme(catalogue.aides[i], answered, date) for i in waiting}
        eligible, rows, pending = {}, [], []
        for i in catalogue.aides:
            if i in again and again[i].statut == "eligible":
                r = again[i]
                eligible[i] = r.total
                rows.append(
                    {"id": i, "montant_total": json_number(r.total), "montant_annuel": json_number(r.amount.per_year)}
                )
            elif i in again and again[i].statut == "a_completer":
                pending.append(i)
            elif i in kept and kept[i]["statut"] == "eligible":
                a = kept[i]
                eligible[i] = None if a["montant_total"] is None else to_decimal(a["montant_total"])
                rows.append({k: a[k] for k in ("id", "montant_total", "montant_annuel")})
            elif i in kept and kept[i]["statut"] == "a_completer":
                pending.append(i)
        ids, amount = best_combination(eligible, incompatible_pairs(catalogue, list(eligible), date))
        out.append(
            {
                "valeur": v,
                "libelle": fields()[name].value_label(v),
                "eligibles": rows,
                "a_completer": pending,
                "meilleure_combinaison": {"ids": ids, "montant_total": json_number(amount)},
            }
        )
    return out


# --- the interview -----------------------------------------------------------------------------


def _dominated(result: dict, catalogue: Catalogue, date) -> set:
    """Open schemes excluded anyway: incompatible with an eligible scheme of the best combination
    whose total is known and at least theirs (known too)."""
    by_id = {a["id"]: a for a in result["aides"]}
    best = [i for i in result["meilleure_combinaison"]["ids"] if by_id[i]["montant_total"] is not None]
    open_ids = [a["id"] for a in result["aides"] if a["statut"] == "a_completer" and a["montant_total"] is not None]
    pairs = catalogue.incompatible_pairs_among([*best, *open_ids], date)
    out = set()
    for s in open_ids:
        for e in best:
            if tuple(sorted((s, e))) in pairs and by_id[e]["montant_total"] >= by_id[s]["montant_total"]:
                out.add(s)
    return out


def _unit_json(unit: str, profile: dict, closed: dict, links: list) -> dict:
    names = unit_fields(unit)
    out = {"nom": unit, "champs": names}
    if unit not in fields():
        out["saisie"] = unit
    for n in names:
        if n in closed:
            out["choix"] = offered_values(n, closed)
    if unit == "zone" and links:
        out["liens"] = links
    return out


def _step(best: str, askable: list) -> tuple:
    """(label, units) of the step of unit `best`: it and the other askable units of its step."""
    step = next((steps()[f] for f in unit_fields(best) if f in steps()), None)
    if step is None:
        return fields()[best].libelle if best in fields() else None, [best]
    members = list(dict.fromkeys(unit_of(f) for f in step.champs))
    chosen = [u for u in members if u in askable]
    if best not in chosen[:STEP_SIZE]:
        chosen = [best] + [u for u in chosen if u != best]
    return step.libelle, [u for u in members if u in chosen[:STEP_SIZE]]


def _revivable(catalogue: Catalogue, profile: dict, date, answered: set, open_ids: list, askable_unit) -> set:
    """While « contrats déjà signés » is not answered, the questions a scheme closed (to new
    contracts, or by a condition for new contracts only) would ask if its contract were running:
    that answer reopens it, so the bound counts them."""
    if RUNNING in answered or not _concerns(RUNNING, profile.get("beneficiaire")):
        return set()
    out = set()
    for ident in fields()[RUNNING].choice_values():
        if ident in open_ids or ident not in catalogue.aides:
            continue
        running = {**profile, RUNNING: (ident,)}
        r = evaluate_scheme(catalogue.aides[ident], running, date)
        if r.statut == "a_completer" or r.manquants:
            out |= {unit_of(f) for f in live_fields(catalogue.aides[ident], running, date) if askable_unit(f)}
    return out


def interview(raw, date=None, catalogue: Catalogue | None = None) -> dict:
    """The evaluation of `raw` at `date`, with the interview's next step (see the module's doc)."""
    catalogue = catalogue or default_catalogue()
    date = parse_date(date) if date is not None else datetime.date.today()
    result = evaluate(raw, date, catalogue)
    profile = validate_profile(raw)
    applicant = profile.get("beneficiaire")
    closed = closed_choices(catalogue, date, profile)
    answered = _answered(raw)
    by_id = {a["id"]: a for a in result["aides"]}
    open_ids = [a["id"] for a in result["aides"] if a["statut"] == "a_completer" or a["manquants"]]

    # Questions that cannot change anything: every answer gives each open scheme that needs it
    # (and nothing else) the same complete result. Only answers that can be listed are tried.
    irrelevant = set()
    if applicant is not None:
        for m in result["manquants"]:
            name = m["champ"]
            if fields()[name].type not in ENUMERABLE or unit_of(name) in answered:
                continue
            if all(by_id[i]["manquants"] == [name] for i in m["aides"]) and all(
                _settled_whatever(catalogue.aides[i], name, profile, date, closed) for i in m["aides"]
            ):
                irrelevant.add(name)
    if irrelevant:
        # Their answer does not matter: the result is the one every answer gives.
        fixed = {**raw, **{n: offered_values(n, closed)[0] for n in irrelevant}}
        result = evaluate(fixed, date, catalogue)
        profile = validate_profile(fixed)
        by_id = {a["id"]: a for a in result["aides"]}
        open_ids = [a["id"] for a in result["aides"] if a["statut"] == "a_completer" or a["manquants"]]

    def askable_unit(name):
        unit = unit_of(name)
        return (
            _concerns(name, applicant)
            and name not in irrelevant
            and (unit not in answered or name in groups_of_members())
        )

    dominated = _dominated(result, catalogue, date)
    scores, concerned = {}, {}
    order = list(fields())
    for m in result["manquants"]:
        if not askable_unit(m["champ"]):
            continue
        unit = unit_of(m["champ"])
        score = (sum(1 for i in m["aides"] if i not in dominated), m["nombre"])
        if score > scores.get(unit, (0, 0)):
            scores[unit], concerned[unit] = score, (m["champ"], m["aides"])
    ranked = sorted(scores, key=lambda u: (-scores[u][0], -scores[u][1], order.index(unit_fields(u)[0])))
    # Among the questions that concern as many schemes as the first, the one with an answer that
    # settles the most of them goes first (« pas d'assistant » settles the assistant's aid at once).
    tied = [u for u in ranked if scores[u] == scores[ranked[0]]] if ranked else []
    if len(tied) > 1:
        settles = {u: _settling(catalogue, *concerned[u], profile, date, closed) for u in tied}
        ranked.insert(0, ranked.pop(ranked.index(max(tied, key=lambda u: settles[u]))))

    live = set()
    for i in open_ids:
        live |= {unit_of(f) for f in live_fields(catalogue.aides[i], profile, date) if askable_unit(f)}
    live |= set(ranked)
    live |= _revivable(catalogue, profile, date, answered, open_ids, askable_unit)

    links = _links("zone", profile)
    question = None
    if ranked:
        label, units = _step(ranked[0], ranked)
        question = {"libelle": label, "unites": [_unit_json(u, profile, closed, links) for u in units]}

    unknown = []
    for name in unknown_answers(raw):
        unknown.append(
            {
                "champ": name,
                "libelle": fields()[name].libelle,
                "ou_trouver": fields()[name].ou_trouver,
                "liens": _links(name, profile),
                "variantes": _variants(name, profile, result, date, catalogue, closed),
            }
        )
    first, last = catalogue.coverage
    result["entretien"] = {
        "question": question,
        "restantes_max": len(live),
        "complet": question is None,
        "inconnus": unknown,
        "non_pertinents": sorted(irrelevant, key=order.index),
        "choix_fermes": closed,
        "a_retirer": [n for n in raw if n in fields() and not _concerns(n, applicant)],
        "periode": {"debut": first and first.isoformat(), "fin": last.isoformat()},
    }
    return result
