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


def validity(scheme, date: datetime.date) -> dict:
    """The scheme's validity dates and its state at `date` (see `Scheme.state`)."""
    v = scheme.validite
    fnd = v.get("fin_nouvelles_demandes")
    return {
        "etat": scheme.state(date),
        "debut": v.get("debut"),
        "fin_nouvelles_demandes": fnd,
        "ferme_depuis": fnd + ONE_DAY if fnd else None,
        "fin": v.get("fin"),
        "fin_inconnue": "fin" not in v and fnd is None,
        "note": v.get("note"),
        "source": v["source"],
        "non_confirme": bool(v.get("non_confirme")),
    }


def key_label(scheme, name: str, value) -> str:
    """The French label of one key of a table (a variable's band, a choice, a number)."""
    if name in scheme.variables:
        for t in scheme.variables[name]["tranches"]:
            if t["valeur"] == value:
                return t["libelle"]
        return str(value)
    ch = fields().get(name)
    if ch is None:
        return str(value)
    if ch.choix:
        return ch.choix.get(str(value), str(value))
    if ch.type in ("entier", "decimal", "montant"):
        try:
            return ch.value_label(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    return str(value)


def table_view(scheme, name: str, value) -> dict:
    """A grid or table value as rows and columns ready to display.

    Returns `{"forme": "grille", "colonnes": [...], "lignes": [[...]]}` for a grid (list of rows,
    the column names are the row keys, `montant` last), or for a table (nested dicts):
    `{"forme": "table", "cles": [...], "colonnes": [(key, label)...] or None,
      "lignes": [{"libelles": [...], "valeurs": [...]}]}` where a two-level table becomes a
    matrix (first level as rows, second as columns). A cell `False` means the option ceased.
    """
    keys = parameter_keys(scheme, name)
    if isinstance(value, list):
        columns = []
        for row in value:
            for k in row:
                if k not in columns:
                    columns.append(k)
        if "montant" in columns:
            columns.remove("montant")
            columns.append("montant")
        return {
            "forme": "grille",
            "colonnes": [(k, label_of(k, scheme.variables)) for k in columns],
            "lignes": [[row.get(k) for k in columns] for row in value],
        }
    depth = _depth(value)
    names = [keys[i] if i < len(keys) else "" for i in range(depth)]
    if depth == 2:
        column_keys = []
        for sub_table in value.values():
            if isinstance(sub_table, dict):
                for k in sub_table:
                    if k not in column_keys:
                        column_keys.append(k)
        rows = [
            {
                "libelles": [key_label(scheme, names[0], k)],
                "valeurs": [sub_table.get(c) if isinstance(sub_table, dict) else None for c in column_keys],
            }
            for k, sub_table in value.items()
        ]
        return {
            "forme": "table",
            "cles": [(n, label_of(n, scheme.variables)) for n in names],
            "colonnes": [(c, key_label(scheme, names[1], c)) for c in column_keys],
            "lignes": rows,
        }
    rows = []
    for path, cell in _leaves(value, ()):
        rows.append(
            {
                "libelles": [key_label(scheme, names[i] if i < len(names) else "", k) for i, k in enumerate(path)],
                "valeurs": [cell],
            }
        )
    return {
        "forme": "table",
        "cles": [(n, label_of(n, scheme.variables)) for n in names],
        "colonnes": None,
        "lignes": rows,
    }


def _depth(value) -> int:
    if not isinstance(value, dict) or not value:
        return 0
    return 1 + max(_depth(v) for v in value.values())


def _leaves(value, path):
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    else:
        yield path, value


def parameter_history(scheme, date: datetime.date) -> list:
    """Every parameter with its dated values: from, until (the day before the next value),
    value, source, whether it is the one in force at `date`, and its table when it is a grid."""
    out = []
    for name, p in scheme.parametres.items():
        current = value_at(p, date)
        values = []
        for i, e in enumerate(p["valeurs"]):
            following = p["valeurs"][i + 1] if i + 1 < len(p["valeurs"]) else None
            values.append(
                {
                    "depuis": e.get("depuis"),
                    "jusqu_au": following["depuis"] - ONE_DAY if following else None,
                    "valeur": e["valeur"],
                    "tableau": table_view(scheme, name, e["valeur"])
                    if UNITS[p["unite"]].structured and e["valeur"] is not False
                    else None,
                    "source": e["source"],
                    "non_confirme": bool(e.get("non_confirme")),
                    "note": e.get("note"),
                    "en_vigueur": e is current,
                    "a_venir": e.get("depuis") is not None and e["depuis"] > date,
                }
            )
        out.append(
            {
                "nom": name,
                "libelle": p["libelle"],
                "unite": p["unite"],
                "note": p.get("note"),
                "valeurs": values,
                "courante": current,
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
        ((name, libelle),) = item["parametres"]
        if len(first["parametres"]) == 1:
            first["colonne_fusionnee"] = first["tableau"]["colonnes"][-1][1]
            first["tableau"] = {
                **first["tableau"],
                "colonnes": [*first["tableau"]["colonnes"][:-1], first["parametres"][0]],
            }
        first["parametres"] = [*first["parametres"], (name, libelle)]
        first["tableau"] = {
            **first["tableau"],
            "colonnes": [*first["tableau"]["colonnes"], (name, libelle)],
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
        *((name, middle) for (name, _), middle in zip(columns[-n:], middles, strict=True)),
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
    for scheme in catalogue.aides.values():
        for name, p in scheme.parametres.items():
            previous = None
            for e in p["valeurs"]:
                if e.get("depuis") is not None:
                    out.append(
                        {
                            "date": e["depuis"],
                            "aide": scheme.id,
                            "genre": "parametre",
                            "parametre": name,
                            "libelle": p["libelle"],
                            "unite": p["unite"],
                            "valeur": e["valeur"],
                            "precedente": previous["valeur"] if previous else None,
                            "a_precedente": previous is not None,
                            "source": e["source"],
                            "non_confirme": bool(e.get("non_confirme")),
                        }
                    )
                previous = e
        v = scheme.validite
        for kind in ("debut", "fin_nouvelles_demandes", "fin"):
            if kind in v:
                out.append(
                    {
                        "date": v[kind],
                        "aide": scheme.id,
                        "genre": kind,
                        "source": v["source"],
                        "non_confirme": bool(v.get("non_confirme")),
                    }
                )
        for c in scheme.conditions:
            for kind in ("depuis", "jusqu_au"):
                if kind in c:
                    out.append(
                        {
                            "date": c[kind],
                            "aide": scheme.id,
                            "genre": "condition_" + kind,
                            "libelle": c["libelle"],
                            "source": c["source"],
                            "non_confirme": bool(c.get("non_confirme")),
                        }
                    )
    out.sort(key=lambda x: (x["date"], x["aide"]), reverse=True)
    return out


def grids_in_force(scheme, date: datetime.date) -> list:
    """The scheme's grids and tables in force at `date`, ready to display.

    One-level tables read with the same keys (the CPTS amounts by size, one per mission) are
    merged into one matrix: a row per key, a column per parameter; grids that share every column
    but their last, row by row (the assistant médical's thresholds, one grid per working time),
    into one grid with a last column per parameter. Each item gives the parameters it shows, its
    table, the sources and whether a value is not confirmed.
    """
    groups, plain = [], {}
    for name, p in scheme.parametres.items():
        if not UNITS[p["unite"]].structured:
            continue
        entry = value_at(p, date)
        if entry is None or entry["valeur"] is False:
            continue
        item = {
            "parametres": [(name, p["libelle"])],
            "depuis": entry.get("depuis"),
            "sources": [entry["source"]],
            "non_confirme": bool(entry.get("non_confirme")),
            "notes": [p["note"]] if p.get("note") else [],
        }
        if p["unite"] == "table" and _depth(entry["valeur"]) == 1:
            keys = tuple(parameter_keys(scheme, name))
            if keys in plain:
                plain[keys].append((name, p, entry))
                continue
            plain[keys] = [(name, p, entry)]
            item["fusion"] = keys
        item["tableau"] = table_view(scheme, name, entry["valeur"])
        groups.append(item)
    groups = _merge_grids(groups)
    for item in groups:
        members = plain.get(item.pop("fusion", None), [])
        if len(members) < 2:
            continue
        key_name = list(item.get("tableau")["cles"])[0][0] if item["tableau"]["cles"] else ""
        row_keys = []
        for _, _, e in members:
            for k in e["valeur"]:
                if k not in row_keys:
                    row_keys.append(k)
        item["parametres"] = [(name, p["libelle"]) for name, p, _ in members]
        item["sources"] = list(dict.fromkeys(e["source"] for _, _, e in members))
        item["non_confirme"] = any(e.get("non_confirme") for _, _, e in members)
        item["depuis"] = max((e["depuis"] for _, _, e in members if e.get("depuis")), default=None)
        item["notes"] = [p["note"] for _, p, _ in members if p.get("note")]
        item["tableau"] = {
            "forme": "table",
            "cles": item["tableau"]["cles"],
            "colonnes": [(name, p["libelle"]) for name, p, _ in members],
            "lignes": [
                {"libelles": [key_label(scheme, key_name, k)], "valeurs": [e["valeur"].get(k) for _, _, e in members]}
                for k in row_keys
            ],
        }
    return groups
