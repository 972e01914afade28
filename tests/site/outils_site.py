"""Helpers of the site build tests: run `mkdocs build`, read a built page, find its amounts."""

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures" / "aides"
MKDOCS = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or "mkdocs"
DATE_TESTS = "2026-11-22"
EUROS = re.compile(r"(\d{1,3}(?:[ \u202f\u00a0]\d{3})*(?:,\d{1,2})?)\s?€")


def construire(site: Path, dossier: Path | None = None, date: str | None = None, **variables):
    """`mkdocs build --strict` into `site` (data folder, build date, other variables as given)."""
    env = {**os.environ, **variables}
    if dossier is not None:
        env["AIDES_DOSSIER"] = str(dossier)
    if date is not None:
        env["AIDES_DATE"] = date
    return subprocess.run(
        [MKDOCS, "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True, text=True
    )


def copie_fixtures(cible: Path) -> Path:
    """A writable copy of the fixture data folder."""
    shutil.copytree(FIXTURES, cible)
    return cible


def lire(site: Path, chemin: str) -> str:
    p = site / chemin
    if p.is_dir() or chemin.endswith("/") or chemin == "":
        p = p / "index.html"
    return p.read_text(encoding="utf-8")


def article(page_html: str) -> str:
    """The page's main content (inside <article>), as HTML."""
    m = re.search(r"<article\b.*?</article>", page_html, re.S)
    return m.group(0) if m else ""


def texte(fragment: str) -> str:
    """Visible text of an HTML fragment, entities decoded, spaces normalised."""
    t = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    t = re.sub(r"</?(?:p|div|li|ul|ol|td|th|tr|table|br|h\d|dd|dt|details|summary)\b[^>]*>", " ", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = html.unescape(t)
    return re.sub(r"[ \t\u00a0\u202f]+", " ", t)


def montants(texte_page: str) -> list:
    """Every euro amount written in a text, as a normalised string (`12500`, `109.25`)."""
    out = []
    for m in EUROS.finditer(texte_page):
        n = re.sub(r"[ \u202f\u00a0]", "", m.group(1)).replace(",", ".")
        out.append(normaliser(n))
    return out


def normaliser(n) -> str:
    """A number as a canonical string: `17500`, `109.25`, `17.5`."""
    from decimal import Decimal

    d = Decimal(str(n))
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def spans_montant(fragment: str) -> list:
    """(attributes, displayed text) of every <span class="montant" ...> of a fragment."""
    out = []
    for m in re.finditer(r'<span class="montant"([^>]*)>(.*?)</span>', fragment, re.S):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', m.group(1)))
        out.append((attrs, html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))))
    return out
