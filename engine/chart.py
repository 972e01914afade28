"""The schedule of payments as a figure: a bar chart in SVG (one bar per year of the engagement,
stacked by aid, and a last bar for what continues every year after) and the same figures in a
table right below it, both from one combined schedule (`schedule.combined_schedule`).

One definition of the chart: the site calls it at build time for a scheme's worked example, the
calculator's worker (the same Python, in Pyodide) for a result. Our own code, standard library
only. Every text is escaped. Colours are SVG presentation attributes (a strict CSP forbids style
attributes), chosen to keep a 3:1 contrast on the light and the dark palette alike; texts take
the page's colour (`currentColor`), so the chart reads in both palettes and in print. Amounts in
French format; rates of a base the source does not give stay percentages.
"""

import math
from html import escape

from .dates import format_date
from .money import format_euros, format_number, to_decimal

# Okabe-Ito-like hues, each at least 3:1 against white and against Material's slate background.
PALETTE = ("#0072b2", "#d55e00", "#008a5e", "#9e4fa5", "#a06a00", "#c43a6e", "#2d8a8a", "#6e6e6e")
HEIGHT, SLOT, MIN_WIDTH = 280, 120, 380  # the width grows with the bars: texts keep their size
LEFT, RIGHT, BOTTOM, LINE = 84, 12, 44, 14
THEN = "Ensuite, par an"


def _nice_step(top: float) -> float:
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _year_label(entry: dict) -> str:
    return f"Année {entry['annee']}"


def _rate_text(rate, base: str | None = None) -> str:
    text = f"+{format_number(to_decimal(rate))}\u00a0%"
    return f"{text} {base}" if base else text


def _columns(schedule: dict) -> list:
    """(label, start date or None, parts) for each bar: the years, then `ensuite` if any."""
    cols = [(_year_label(y), y["debut"], y["aides"]) for y in schedule["annees"]]
    if schedule.get("ensuite"):
        cols.append((THEN, None, schedule["ensuite"]["aides"]))
    return cols


def _amount(part) -> float:
    return float(part["montant"]) if part.get("montant") is not None else 0.0


def _svg(schedule: dict, names: dict, colours: dict, bases: dict, title: str) -> str:
    cols = _columns(schedule)
    width = max(MIN_WIDTH, LEFT + RIGHT + SLOT * len(cols))
    totals = [sum(_amount(p) for p in parts) for _, _, parts in cols]
    top = max(totals, default=0)
    step = _nice_step(top) if top > 0 else 1
    ymax = step * math.ceil(top / step) if top > 0 else 1
    above = max(
        (bool(t) + sum(p.get("taux") is not None and not p.get("montant") for p in parts))
        for (_, _, parts), t in zip(cols, totals, strict=True)
    )
    head = 10 + LINE * max(above, 1)  # room for the texts over the highest bar
    plot_h = HEIGHT - head - BOTTOM
    slot = (width - LEFT - RIGHT) / max(len(cols), 1)
    bar = min(72.0, slot * 0.6)

    def y(v: float) -> float:
        return head + plot_h - v / ymax * plot_h

    out = []
    if top > 0:
        tick = 0.0
        while tick <= ymax + 1e-9:
            out.append(
                f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
                f'stroke="currentColor" stroke-opacity="{0.6 if tick == 0 else 0.18}"/>'
                f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{escape(format_number(tick))}</text>'
            )
            tick += step
        out.append(f'<text x="{LEFT - 6}" y="{head - LINE:.1f}" text-anchor="end">en euros</text>')
    else:
        out.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y(0)}" y2="{y(0)}" stroke="currentColor"/>')
    summary = []
    for i, ((label, start, parts), total) in enumerate(zip(cols, totals, strict=True)):
        x = LEFT + slot * i + (slot - bar) / 2
        base = 0.0
        words = []
        dashed = label == THEN
        for p in parts:
            name = names.get(p["id"], p["id"])
            if p.get("montant"):
                h = _amount(p) / ymax * plot_h
                text = f"{name}, {label.lower() if dashed else label} : {format_euros(to_decimal(p['montant']))}"
                out.append(
                    f'<rect class="echeancier__barre" x="{x:.1f}" y="{y(base) - h:.1f}" width="{bar:.1f}" '
                    f'height="{max(h - 1, 0.5):.1f}" fill="{colours[p["id"]]}"'
                    + (' fill-opacity="0.55"' if dashed else "")
                    + f"><title>{escape(text)}</title></rect>"
                )
                base += _amount(p)
                words.append(f"{name} {format_euros(to_decimal(p['montant']))}")
            elif p.get("taux") is not None:
                words.append(f"{name} {_rate_text(p['taux'], bases.get(p['id']))}")
        cx = x + bar / 2
        rates = [
            f"{names.get(p['id'], p['id'])} {_rate_text(p['taux'])}"
            for p in parts
            if p.get("taux") is not None and not p.get("montant")
        ]
        label_y = y(total) - 6
        if total:
            out.append(
                f'<text x="{cx:.1f}" y="{label_y:.1f}" text-anchor="middle" font-weight="bold">'
                f"{escape(format_euros(to_decimal(str(total))))}</text>"
            )
            label_y -= LINE
        for r in rates:
            out.append(f'<text x="{cx:.1f}" y="{label_y:.1f}" text-anchor="middle" font-size="11">{escape(r)}</text>')
            label_y -= LINE
        out.append(f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{escape(label)}</text>')
        if start:
            out.append(
                f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 30}" text-anchor="middle" font-size="11">'
                f"dès le {escape(format_date(start))}</text>"
            )
        amount = format_euros(to_decimal(str(total))) if total else "aucun montant chiffré"
        summary.append(f"{label} : {amount}" + (f" ({' ; '.join(words)})" if words else ""))
    desc = "Diagramme en barres, une barre par année, empilée par aide. " + " ; ".join(summary) + "."
    return (
        f'<svg data-echeancier="" class="echeancier__graphique" role="img" viewBox="0 0 {width} {HEIGHT}" '
        f'width="{width}" height="{HEIGHT}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12" fill="currentColor">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>{''.join(out)}</svg>"
    )


def _cell(part) -> str:
    if part is None:
        return "<td>—</td>"
    if part.get("montant") is not None:
        return f'<td data-valeur="{part["montant"]}">{escape(format_euros(to_decimal(part["montant"])))}</td>'
    if part.get("taux") is not None:
        return f'<td data-taux="{part["taux"]}">{escape(_rate_text(part["taux"]))}</td>'
    return "<td>non chiffré</td>"


def _swatch(colour: str) -> str:
    return (
        '<svg class="echeancier__pastille" viewBox="0 0 10 10" width="10" height="10" aria-hidden="true">'
        f'<rect width="10" height="10" fill="{colour}"/></svg>'
    )


def _table(schedule: dict, names: dict, colours: dict, bases: dict, caption: str) -> str:
    cols = _columns(schedule)
    head = "".join(
        f'<th scope="col">{escape(label)}'
        + (f'<span class="echeancier__date">dès le {escape(format_date(start))}</span>' if start else "")
        + "</th>"
        for label, start, _ in cols
    )
    years = len(schedule["annees"])
    head += f'<th scope="col">Total sur {years} an{"s" if years > 1 else ""}</th>'
    rows = []
    for ident in colours:
        cells = []
        total = None
        for n, (_, _, parts) in enumerate(cols):
            part = next((p for p in parts if p["id"] == ident), None)
            cells.append(_cell(part))
            if n < years and part and part.get("montant") is not None:
                total = (total or 0) + to_decimal(part["montant"])
        total_cell = (
            f'<td data-valeur="{total}">{escape(format_euros(total))}</td>' if total is not None else "<td>—</td>"
        )
        rows.append(
            f'<tr data-serie="{escape(ident)}"><th scope="row">{_swatch(colours[ident])} {escape(names.get(ident, ident))}'
            + (f'<span class="echeancier__date">en % {escape(bases[ident])}</span>' if bases.get(ident) else "")
            + f"</th>{''.join(cells)}{total_cell}</tr>"
        )
    foot = []
    grand = None
    for n, (_, _, parts) in enumerate(cols):
        amounts = [to_decimal(p["montant"]) for p in parts if p.get("montant") is not None]
        s = sum(amounts) if amounts else None
        if n < years and s is not None:
            grand = (grand or 0) + s
        foot.append(f'<td data-valeur="{s}">{escape(format_euros(s))}</td>' if s is not None else "<td>—</td>")
    foot.append(f'<td data-valeur="{grand}">{escape(format_euros(grand))}</td>' if grand is not None else "<td>—</td>")
    return (
        f'<table data-echeancier="" class="echeancier__tableau"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">Aide</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
        f'<tfoot><tr><th scope="row">Toutes les aides</th>{"".join(foot)}</tr></tfoot></table>'
    )


def _notes(schedule: dict, names: dict) -> list:
    notes = []
    if schedule.get("depart"):
        notes.append(
            f"Année 1 : les douze mois qui suivent l'installation du {format_date(schedule['depart'])} ; "
            "pour une aide liée à un contrat, l'année 1 est la première année du contrat."
        )
    else:
        notes.append(
            "Années de contrat : l'année 1 est la première année du contrat (ou de l'installation, "
            "pour une aide à l'installation), pas une année civile."
        )
    if schedule.get("ensuite"):
        notes.append(f"« {THEN} » : ce qui continue d'être versé chaque année, sans durée fixée par la source.")
    if schedule.get("non_chiffrees"):
        noms = ", ".join(names.get(i, i) for i in schedule["non_chiffrees"])
        notes.append(f"Non chiffrées par les sources, donc absentes du graphique : {noms}.")
    return notes


def schedule_figure(schedule: dict, names: dict, bases: dict | None = None, title: str | None = None) -> str:
    """The figure (chart, table, notes) of a combined schedule, as HTML. `names`: id -> the aid's
    short name; `bases`: id -> the base of its rates (« du forfait médecin traitant »)."""
    bases = bases or {}
    ids = list(dict.fromkeys(p["id"] for _, _, parts in _columns(schedule) for p in parts))
    colours = {ident: PALETTE[i % len(PALETTE)] for i, ident in enumerate(ids)}
    title = title or "Échéancier des versements, année par année"
    notes = "".join(f"<p>{escape(n)}</p>" for n in _notes(schedule, names))
    return (
        # The chart in a block of its own: Python-Markdown (md_in_html) loses the figure's nesting
        # when an inline element such as <svg> comes before a <div> in it (scheme pages).
        f'<figure class="echeancier"><div class="echeancier__cadre">{_svg(schedule, names, colours, bases, title)}</div>'
        f'<div class="echeancier__defilement" tabindex="0" role="region" aria-label="{escape(title)} (tableau)">'
        f"{_table(schedule, names, colours, bases, title)}</div>"
        f'<figcaption class="echeancier__notes">{notes}</figcaption></figure>'
    )
