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

from build_scripts.presentation import past_grids
from engine.conditions import describe
from engine.money import format_euros, format_number
from engine.profile import fields, label_of, zoning_values
from engine.units import REGISTRY as UNITS

TEMPLATES = Path(__file__).parent / "templates"
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")


def french_date(d) -> str:
    """`1er janvier 2026`, `22 novembre 2026`."""
    if d is None:
        return ""
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day}\u00a0{MONTHS[d.month - 1]} {d.year}"


def month_year(d) -> str:
    """`décembre 2019`."""
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    return f"{MONTHS[d.month - 1]} {d.year}"


def euros(v) -> str:
    if v is None or v is False:
        return ""
    return format_euros(v)


def number(v) -> str:
    if v is None or isinstance(v, bool):
        return ""
    return format_number(v)


def md(text) -> Markup:
    """Escape a data text for Markdown: HTML-escaped, then Markdown punctuation neutralised."""
    if text is None:
        return Markup("")
    escaped = str(escape(str(text)))
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def html_text(text) -> str:
    """A text as HTML text content: `&`, `<` and `>` escaped, quotes left as they are (for a
    value the theme writes as HTML, and also escapes in attributes: the navigation's titles)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def raw_number(v) -> str:
    """A number as plain digits for a `data-` attribute (sortable, locale-free)."""
    if v is None or isinstance(v, bool):
        return ""
    d = Decimal(str(v))
    return format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))


def url_of(src_uri: str) -> str:
    """The site URL (directory style) of a documentation source path."""
    if not src_uri.endswith(".md"):
        return src_uri
    base = src_uri[:-3]
    if base == "index" or base.endswith("/index"):
        return base[: -len("index")]
    return base + "/"


@jinja2.pass_context
def link(ctx, target: str, anchor: str = "") -> str:
    """Relative URL from the page being rendered (`page_src` in the context) to `target`."""
    here = url_of(ctx["page_src"])
    there = url_of(target)
    rel = posixpath.relpath(there or ".", here or ".")
    if there.endswith("/") and rel != ".":
        rel += "/"
    if rel == ".":
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


@jinja2.pass_context
def path_to(ctx, target: str, anchor: str = "") -> str:
    """Markdown link from the page being rendered to the source file `target` (checked by MkDocs);
    an anchor alone when `target` is the page itself."""
    if target == ctx["page_src"]:
        return f"#{anchor}" if anchor else "#"
    rel = posixpath.relpath(target, posixpath.dirname(ctx["page_src"]) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def field_unit(name: str) -> str:
    ch = fields().get(name)
    return ch.unite if ch else ""


def value_label(name: str, value) -> str:
    """A profile answer in French: choice label, list of labels, oui/non, number with unit."""
    ch = fields().get(name)
    if ch is None:
        return str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(ch.value_label(v) for v in value) or "aucun"
    if isinstance(value, float):
        value = Decimal(repr(value))
    return ch.value_label(value)


def describe_condition(cond: dict, v) -> str:
    """The engine's wording of a condition of the scheme view `v`."""
    return describe(cond, v.scheme.variables)


def beneficiary_label(code: str) -> str:
    return fields()["beneficiaire"].choix.get(code, code)


def zoning_label(code: str) -> str:
    """A zoning value's label (`zip`…, `qpv`: see `profile.zoning_values`)."""
    return zoning_values().get(code, code)


def acronyms_in(text: str, glossary: list) -> list:
    """The glossary's acronyms that `text` uses, as whole words, in glossary order."""
    return [t["sigle"] for t in glossary if re.search(rf"(?<![\w-]){re.escape(t['sigle'])}(?![\w-])", text)]


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        french_date=french_date,
        month_year=month_year,
        euros=euros,
        number=number,
        md=md,
        html_text=html_text,
        raw=raw_number,
        describe=describe,
        value_label=value_label,
        describe_condition=describe_condition,
        beneficiary_label=beneficiary_label,
        zoning_label=zoning_label,
        profile_label=label_of,
        past_grids=past_grids,
        acronyms_in=acronyms_in,
    )
    env.tests["contains"] = lambda seq, x: seq is not None and x in seq
    # An address the source itself gives abbreviated ("…/.../…"): shown as text, not as a link.
    env.tests["abbreviated"] = lambda url: "/.../" in url
    env.tests["structured_unit"] = lambda unit: UNITS[unit].structured
    env.globals.update(link=link, path_to=path_to, field_unit=field_unit, fields=fields, units=UNITS)
    return env
