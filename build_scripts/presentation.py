"""Data shaping for the site's readers: validity at a date, parameter history (and its past
grids, each once), tables of a parameter, zones named by a scheme's conditions, dated changes
across the catalogue.

No sentence is built here: these functions return values, dates and the data's own French labels;
the templates put the words around them.
"""

import datetime
from decimal import Decimal

from engine.conditions import parts
from engine.formulas import parameter_keys
from engine.operators import accepted_values
from engine.parameters import value_at
from engine.profile import fields, label_of, zoning_values
from engine.units import REGISTRY as UNITS

ONE_DAY = datetime.timedelta(days=1)


def validity(aide, date: datetime.date) -> dict:
    """The scheme's validity dates and its state at `date` (see `Scheme.state`)."""
    v = aide.validite
    fnd = v.get("fin_nouvelles_demandes")
    return {
        "etat": aide.state(date),
        "debut": v.get("debut"),
        "fin_nouvelles_demandes": fnd,
        "ferme_depuis": fnd + ONE_DAY if fnd else None,
        "fin": v.get("fin"),
        "fin_inconnue": "fin" not in v and fnd is None,
        "note": v.get("note"),
        "source": v["source"],
        "non_confirme": bool(v.get("non_confirme")),
    }


def key_label(aide, nom: str, valeur) -> str:
    """The French label of one key of a table (a variable's band, a choice, a number)."""
    if nom in aide.variables:
        for t in aide.variables[nom]["tranches"]:
            if t["valeur"] == valeur:
                return t["libelle"]
        return str(valeur)
    ch = fields().get(nom)
    if ch is None:
        return str(valeur)
    if ch.choix:
        return ch.choix.get(str(valeur), str(valeur))
    if ch.type in ("entier", "decimal", "montant"):
        try:
            return ch.value_label(Decimal(str(valeur)))
        except ArithmeticError:
            return str(valeur)
    return str(valeur)


def table_view(aide, nom: str, valeur) -> dict:
    """A grid or table value as rows and columns ready to display.

    Returns `{"forme": "grille", "colonnes": [...], "lignes": [[...]]}` for a grid (list of rows,
    the column names are the row keys, `montant` last), or for a table (nested dicts):
    `{"forme": "table", "cles": [...], "colonnes": [(key, label)...] or None,
      "lignes": [{"libelles": [...], "valeurs": [...]}]}` where a two-level table becomes a
    matrix (first level as rows, second as columns). A cell `False` means the option ceased.
    """
    cles = parameter_keys(aide, nom)
    if isinstance(valeur, list):
        colonnes = []
        for ligne in valeur:
            for k in ligne:
                if k not in colonnes:
                    colonnes.append(k)
        if "montant" in colonnes:
            colonnes.remove("montant")
            colonnes.append("montant")
        return {
            "forme": "grille",
            "colonnes": [(k, label_of(k, aide.variables)) for k in colonnes],
            "lignes": [[ligne.get(k) for k in colonnes] for ligne in valeur],
        }
    profondeur = _depth(valeur)
    noms = [cles[i] if i < len(cles) else "" for i in range(profondeur)]
    if profondeur == 2:
        colonnes_cles = []
        for sous in valeur.values():
            if isinstance(sous, dict):
                for k in sous:
                    if k not in colonnes_cles:
                        colonnes_cles.append(k)
        lignes = [
            {
                "libelles": [key_label(aide, noms[0], k)],
                "valeurs": [sous.get(c) if isinstance(sous, dict) else None for c in colonnes_cles],
            }
            for k, sous in valeur.items()
        ]
        return {
            "forme": "table",
            "cles": [(n, label_of(n, aide.variables)) for n in noms],
            "colonnes": [(c, key_label(aide, noms[1], c)) for c in colonnes_cles],
            "lignes": lignes,
        }
    lignes = []
    for chemin, cellule in _leaves(valeur, ()):
        lignes.append(
            {
                "libelles": [key_label(aide, noms[i] if i < len(noms) else "", k) for i, k in enumerate(chemin)],
                "valeurs": [cellule],
            }
        )
    return {
        "forme": "table",
        "cles": [(n, label_of(n, aide.variables)) for n in noms],
        "colonnes": None,
        "lignes": lignes,
    }


def _depth(valeur) -> int:
    if not isinstance(valeur, dict) or not valeur:
        return 0
    return 1 + max(_depth(v) for v in valeur.values())


def _leaves(valeur, chemin):
    if isinstance(valeur, dict):
        for k, v in valeur.items():
            yield from _leaves(v, chemin + (k,))
    else:
        yield chemin, valeur


def parameter_history(aide, date: datetime.date) -> list:
    """Every parameter with its dated values: from, until (the day before the next value),
    value, source, whether it is the one in force at `date`, and its table when it is a grid."""
    out = []
    for nom, p in aide.parametres.items():
        courante = value_at(p, date)
        valeurs = []
        for i, e in enumerate(p["valeurs"]):
            suivante = p["valeurs"][i + 1] if i + 1 < len(p["valeurs"]) else None
            valeurs.append(
                {
                    "depuis": e.get("depuis"),
                    "jusqu_au": suivante["depuis"] - ONE_DAY if suivante else None,
                    "valeur": e["valeur"],
                    "tableau": table_view(aide, nom, e["valeur"])
                    if UNITS[p["unite"]].structured and e["valeur"] is not False
                    else None,
                    "source": e["source"],
                    "non_confirme": bool(e.get("non_confirme")),
                    "note": e.get("note"),
                    "en_vigueur": e is courante,
                    "a_venir": e.get("depuis") is not None and e["depuis"] > date,
                }
            )
        out.append(
            {
                "nom": nom,
                "libelle": p["libelle"],
                "unite": p["unite"],
                "note": p.get("note"),
                "valeurs": valeurs,
                "courante": courante,
            }
        )
    return out


def _merge_grids(items: list) -> list:
    """`grids_in_force`'s grids that differ only by their last column, merged into the first."""
    out = []
    for item in items:
        t = item.get("tableau")
        if t is None or t["forme"] != "grille":
            out.append(item)
            continue
        shape = (tuple(t["colonnes"][:-1]), tuple(tuple(r[:-1]) for r in t["lignes"]))
        first = next((o for o in out if o.get("forme_grille") == shape), None)
        if first is None:
            out.append({**item, "forme_grille": shape})
            continue
        ((nom, libelle),) = item["parametres"]
        if len(first["parametres"]) == 1:
            first["colonne_fusionnee"] = first["tableau"]["colonnes"][-1][1]
            first["tableau"] = {
                **first["tableau"],
                "colonnes": [*first["tableau"]["colonnes"][:-1], first["parametres"][0]],
            }
        first["parametres"] = [*first["parametres"], (nom, libelle)]
        first["tableau"] = {
            **first["tableau"],
            "colonnes": [*first["tableau"]["colonnes"], (nom, libelle)],
            "lignes": [[*a, b[-1]] for a, b in zip(first["tableau"]["lignes"], t["lignes"], strict=True)],
        }
        first["sources"] = list(dict.fromkeys([*first["sources"], *item["sources"]]))
        first["non_confirme"] = first["non_confirme"] or item["non_confirme"]
        first["notes"] = [*first["notes"], *item["notes"]]
    for o in out:
        o.pop("forme_grille", None)
        if len(o["parametres"]) > 1 and o["tableau"]["forme"] == "grille":
            _name_by_difference(o)
    return out


def _name_by_difference(item: dict):
    """A merged grid's title and last columns from its parameters' labels: the words they share
    once, then what the merged column holds (`titre`); each column by the words that differ
    (« tiers temps », « mi-temps »…)."""
    labels = [label.split(" ") for _, label in item["parametres"]]
    start = 0
    while all(len(w) > start + 1 and w[start] == labels[0][start] for w in labels):
        start += 1
    end = 0
    while all(len(w) > start + end + 1 and w[-1 - end] == labels[0][-1 - end] for w in labels):
        end += 1
    middles = [" ".join(w[start : len(w) - end]) for w in labels]
    head, tail = " ".join(labels[0][:start]), " ".join(labels[0][len(labels[0]) - end :])
    title = " ".join(part for part in (head, ", ".join(middles), tail) if part)
    item["titre"] = f"{title} — {item.pop('colonne_fusionnee')}"
    n = len(item["parametres"])
    columns = item["tableau"]["colonnes"]
    item["tableau"]["colonnes"] = [
        *columns[:-n],
        *((nom, middle) for (nom, _), middle in zip(columns[-n:], middles, strict=True)),
    ]


def past_grids(history: list) -> list:
    """The grids of `parameter_history` no longer (or not yet) in force, each once: parameters
    that had the same grid over the same dates share one item (`libelles`: their labels)."""
    out = []
    for h in history:
        for e in h["valeurs"]:
            if not e["tableau"] or e["en_vigueur"]:
                continue
            same = next(
                (
                    g
                    for g in out
                    if g["valeur"] == e["valeur"] and (g["depuis"], g["jusqu_au"]) == (e["depuis"], e["jusqu_au"])
                ),
                None,
            )
            if same:
                same["libelles"].append(h["libelle"])
            else:
                out.append({**e, "libelles": [h["libelle"]]})
    return out


def zones_named(scheme) -> list:
    """The zoning values (`zip`, `zac`…, `qpv`, `ile`: see `profile.zoning_values`) the scheme's
    conditions accept, in the profile's order; [] when no condition names one."""
    found = set()

    def see(c):
        compound = parts(c)
        if compound:
            for sub in compound[1]:
                see(sub)
            return
        ch = fields().get(c.get("champ"))
        if ch is None or not ch.zonage:
            return
        if ch.type == "booleen":
            if True in accepted_values(c, [True]):
                found.add(ch.nom)
            return
        found.update(accepted_values(c, ch.choice_values()))

    for c in scheme.conditions:
        see(c)
    return [z for z in zoning_values() if z in found]


def dated_changes(catalogue) -> list:
    """Dated changes across the catalogue, newest first: each dated parameter value (with the
    value it replaced), each validity date, each condition's start or end date."""
    out = []
    for aide in catalogue.aides.values():
        for nom, p in aide.parametres.items():
            precedente = None
            for e in p["valeurs"]:
                if e.get("depuis") is not None:
                    out.append(
                        {
                            "date": e["depuis"],
                            "aide": aide.id,
                            "genre": "parametre",
                            "parametre": nom,
                            "libelle": p["libelle"],
                            "unite": p["unite"],
                            "valeur": e["valeur"],
                            "precedente": precedente["valeur"] if precedente else None,
                            "a_precedente": precedente is not None,
                            "source": e["source"],
                            "non_confirme": bool(e.get("non_confirme")),
                        }
                    )
                precedente = e
        v = aide.validite
        for genre in ("debut", "fin_nouvelles_demandes", "fin"):
            if genre in v:
                out.append(
                    {
                        "date": v[genre],
                        "aide": aide.id,
                        "genre": genre,
                        "source": v["source"],
                        "non_confirme": bool(v.get("non_confirme")),
                    }
                )
        for c in aide.conditions:
            for genre in ("depuis", "jusqu_au"):
                if genre in c:
                    out.append(
                        {
                            "date": c[genre],
                            "aide": aide.id,
                            "genre": "condition_" + genre,
                            "libelle": c["libelle"],
                            "source": c["source"],
                            "non_confirme": bool(c.get("non_confirme")),
                        }
                    )
    out.sort(key=lambda x: (x["date"], x["aide"]), reverse=True)
    return out


def grids_in_force(aide, date: datetime.date) -> list:
    """The scheme's grids and tables in force at `date`, ready to display.

    One-level tables read with the same keys (the CPTS amounts by size, one per mission) are
    merged into one matrix: a row per key, a column per parameter; grids that share every column
    but their last, row by row (the assistant médical's thresholds, one grid per working time),
    into one grid with a last column per parameter. Each item gives the parameters it shows, its
    table, the sources and whether a value is not confirmed.
    """
    groupes, simples = [], {}
    for nom, p in aide.parametres.items():
        if not UNITS[p["unite"]].structured:
            continue
        entree = value_at(p, date)
        if entree is None or entree["valeur"] is False:
            continue
        item = {
            "parametres": [(nom, p["libelle"])],
            "depuis": entree.get("depuis"),
            "sources": [entree["source"]],
            "non_confirme": bool(entree.get("non_confirme")),
            "notes": [p["note"]] if p.get("note") else [],
        }
        if p["unite"] == "table" and _depth(entree["valeur"]) == 1:
            cles = tuple(parameter_keys(aide, nom))
            if cles in simples:
                simples[cles].append((nom, p, entree))
                continue
            simples[cles] = [(nom, p, entree)]
            item["fusion"] = cles
        item["tableau"] = table_view(aide, nom, entree["valeur"])
        groupes.append(item)
    groupes = _merge_grids(groupes)
    for item in groupes:
        membres = simples.get(item.pop("fusion", None), [])
        if len(membres) < 2:
            continue
        cle = list(item.get("tableau")["cles"])[0][0] if item["tableau"]["cles"] else ""
        lignes_cles = []
        for _, _, e in membres:
            for k in e["valeur"]:
                if k not in lignes_cles:
                    lignes_cles.append(k)
        item["parametres"] = [(nom, p["libelle"]) for nom, p, _ in membres]
        item["sources"] = list(dict.fromkeys(e["source"] for _, _, e in membres))
        item["non_confirme"] = any(e.get("non_confirme") for _, _, e in membres)
        item["depuis"] = max((e["depuis"] for _, _, e in membres if e.get("depuis")), default=None)
        item["notes"] = [p["note"] for _, p, _ in membres if p.get("note")]
        item["tableau"] = {
            "forme": "table",
            "cles": item["tableau"]["cles"],
            "colonnes": [(nom, p["libelle"]) for nom, p, _ in membres],
            "lignes": [
                {"libelles": [key_label(aide, cle, k)], "valeurs": [e["valeur"].get(k) for _, _, e in membres]}
                for k in lignes_cles
            ],
        }
    return groupes
