"""The Jinja2 environment of the site: templates in `templates/`, autoescaped, French filters.

Every template is autoescaped (HTML-escaped): a scheme text containing `<script>` comes out as
text. In Markdown templates, `| md` also backslash-escapes the characters Markdown would read as
markup, so a data text never turns into a link, emphasis or table cell by accident.
"""

import datetime
import posixpath
import re
from decimal import Decimal
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from engine.conditions import describe
from engine.money import format_euros, format_number
from engine.profile import fields

TEMPLATES = Path(__file__).parent / "templates"
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")


def date_fr(d) -> str:
    """`1er janvier 2026`, `22 novembre 2026`."""
    if d is None:
        return ""
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    jour = "1er" if d.day == 1 else str(d.day)
    return f"{jour}\u00a0{MOIS[d.month - 1]} {d.year}"


def euros(v) -> str:
    if v is None or v is False:
        return ""
    return format_euros(v)


def nombre(v) -> str:
    if v is None or isinstance(v, bool):
        return ""
    return format_number(v)


def md(texte) -> Markup:
    """Escape a data text for Markdown: HTML-escaped, then Markdown punctuation neutralised."""
    if texte is None:
        return Markup("")
    echappe = str(escape(str(texte)))
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", echappe))


def nombre_brut(v) -> str:
    """A number as plain digits for a `data-` attribute (sortable, locale-free)."""
    if v is None or isinstance(v, bool):
        return ""
    d = Decimal(str(v))
    return format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))


def url_de(src_uri: str) -> str:
    """The site URL (directory style) of a documentation source path."""
    if not src_uri.endswith(".md"):
        return src_uri
    base = src_uri[:-3]
    if base == "index" or base.endswith("/index"):
        base = base[: -len("index")]
        return base
    return base + "/"


@jinja2.pass_context
def lien(ctx, cible: str, ancre: str = "") -> str:
    """Relative URL from the page being rendered (`page_src` in the context) to `cible`."""
    depuis = url_de(ctx["page_src"])
    vers = url_de(cible)
    rel = posixpath.relpath(vers or ".", depuis or ".")
    if vers.endswith("/") and rel != ".":
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel + (f"#{ancre}" if ancre else "")


@jinja2.pass_context
def chemin(ctx, cible: str, ancre: str = "") -> str:
    """Markdown link from the page being rendered to the source file `cible` (checked by MkDocs);
    an anchor alone when `cible` is the page itself."""
    if cible == ctx["page_src"]:
        return f"#{ancre}" if ancre else "#"
    rel = posixpath.relpath(cible, posixpath.dirname(ctx["page_src"]) or ".")
    return rel + (f"#{ancre}" if ancre else "")


def unite_champ(nom: str) -> str:
    ch = fields().get(nom)
    return ch.unite if ch else ""


def value_label(nom: str, valeur) -> str:
    """A profile answer in French: choice label, list of labels, oui/non, number with unit."""
    ch = fields().get(nom)
    if ch is None:
        return str(valeur)
    if isinstance(valeur, (list, tuple)):
        return ", ".join(ch.value_label(v) for v in valeur) or "aucun"
    if isinstance(valeur, float):
        valeur = Decimal(repr(valeur))
    return ch.value_label(valeur)


def libelle_champ(nom: str, v) -> str:
    """Label of a profile field or of a variable of the scheme view `v`."""
    variables = v.aide.get("variables", {})
    if nom in variables:
        return variables[nom]["libelle"]
    ch = fields().get(nom)
    return ch.libelle if ch else nom


def decrire_cond(cond: dict, v) -> str:
    """The engine's wording of a condition of the scheme view `v`."""
    return describe(cond, v.aide.get("variables", {}))


def libelle_beneficiaire(code: str) -> str:
    return fields()["beneficiaire"].choix.get(code, code)


def libelle_zone(code: str) -> str:
    """A zoning value's label (`zip`...), or the label of the `qpv` / `ile` profile question."""
    zone = fields()["zone"].choix
    if code in zone:
        return zone[code]
    return fields()[code].libelle if code in fields() else code


def libelle_profil(nom: str) -> str:
    return fields()[nom].libelle if nom in fields() else nom


def environnement() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(date_fr=date_fr, euros=euros, nombre=nombre, md=md, brut=nombre_brut,
                       describe=describe, value_label=value_label,
                       libelle_champ=libelle_champ, decrire_cond=decrire_cond,
                       libelle_beneficiaire=libelle_beneficiaire, libelle_zone=libelle_zone,
                       libelle_profil=libelle_profil)
    env.tests["contains"] = lambda seq, x: seq is not None and x in seq
    # An address the source itself gives abbreviated ("…/.../…"): shown as text, not as a link.
    env.tests["abregee"] = lambda url: "/.../" in url
    env.globals.update(lien=lien, chemin=chemin, unite_champ=unite_champ, fields=fields)
    return env
