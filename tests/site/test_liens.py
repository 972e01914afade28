"""Link checker over the built site: no broken internal link or anchor, no doubtful address;
the "Sources" page lists every scheme's sources with a date.

Every `href` and `src` of every built page that stays on the site must point to a file of the
build, and its `#anchor`, if any, to an element of the target page with that id. Links that leave
the site cannot be followed here (no network): they must at least be absolute https addresses,
and not an address the sources abbreviate ("/.../"), which would lead nowhere.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from outils_site import DATE_TESTS, construire

import engine

ATTRIBUTS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src"}


class _Page(HTMLParser):
    """The ids of a page and the addresses it refers to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids = set()
        self.liens = []

    def handle_starttag(self, tag, attrs):
        attributs = dict(attrs)
        for cle in ("id", "name"):
            if attributs.get(cle) and (cle == "id" or tag == "a"):
                self.ids.add(attributs[cle])
        adresse = attributs.get(ATTRIBUTS.get(tag, ""))
        if adresse is not None and not (tag == "link" and attributs.get("rel") in ("canonical", "alternate")):
            self.liens.append(adresse)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict:
    """The project's site, built once: {path of each HTML page: its parsed content}."""
    dossier = tmp_path_factory.mktemp("site-liens")
    r = construire(dossier, None, DATE_TESTS)
    assert r.returncode == 0, r.stderr
    pages = {}
    for chemin in dossier.rglob("*.html"):
        analyse = _Page()
        analyse.feed(chemin.read_text(encoding="utf-8"))
        pages[chemin.relative_to(dossier).as_posix()] = analyse
    return {"racine": dossier, "pages": pages}


def cible(racine: Path, page: str, chemin: str) -> str | None:
    """The built file an on-site address leads to, relative to the site's root (None: nothing)."""
    base = PurePosixPath(page).parent
    if not chemin:
        return page
    parties = []
    for morceau in (base / unquote(chemin)).parts:
        if morceau == "..":
            if not parties:
                return None  # above the site's root
            parties.pop()
        elif morceau != ".":
            parties.append(morceau)
    relatif = "/".join(parties)
    fichier = racine / relatif
    if fichier.is_dir():
        relatif = f"{relatif}/index.html".lstrip("/")
        fichier = racine / relatif
    return relatif if fichier.is_file() else None


def test_aucun_lien_interne_casse(site):
    racine, pages = site["racine"], site["pages"]
    assert len(pages) > 40
    casses, verifies = [], 0
    for page, analyse in pages.items():
        for lien in analyse.liens:
            morceaux = urlsplit(lien)
            if morceaux.scheme or morceaux.netloc:
                continue
            verifies += 1
            # The 404 page, served at any depth, links from the site's root ("/…").
            depuis = "index.html" if morceaux.path.startswith("/") else page
            fichier = cible(racine, depuis, morceaux.path.lstrip("/") or ".")
            if fichier is None:
                casses.append(f"{page} → {lien} : fichier absent")
            elif (
                morceaux.fragment and fichier.endswith(".html") and unquote(morceaux.fragment) not in pages[fichier].ids
            ):
                casses.append(f"{page} → {lien} : ancre absente de {fichier}")
    assert casses == []
    assert verifies > 2000  # the navigation alone links every page from every page


def test_liens_sortants(site):
    sortants = {
        lien
        for analyse in site["pages"].values()
        for lien in analyse.liens
        if urlsplit(lien).scheme or urlsplit(lien).netloc
    }
    assert sortants, "aucun lien vers les sources publiques"
    # Some public pages are only stored at an http:// address: kept as the source gives it.
    douteux = sorted(
        lien for lien in sortants if urlsplit(lien).scheme not in ("https", "http", "mailto") or "/.../" in lien
    )
    assert douteux == []


def test_le_verificateur_voit_les_liens_casses(site, tmp_path):
    """The checker itself: a missing page and a missing anchor are both caught."""
    racine = site["racine"]
    assert cible(racine, "aides/carim/index.html", "../caim/") == "aides/caim/index.html"
    assert cible(racine, "aides/carim/index.html", "../n-existe-pas/") is None
    assert cible(racine, "index.html", "../../etc/passwd") is None
    assert "conditions" in site["pages"]["aides/carim/index.html"].ids
    assert "pas-une-ancre" not in site["pages"]["aides/carim/index.html"].ids


def test_page_des_sources_avec_dates(site):
    """Every source of every scheme is on the "Sources" page, each with a date: its own, or, for
    a page that shows none, the date the data citing it were last checked."""
    page = (site["racine"] / "sources" / "index.html").read_text(encoding="utf-8")
    article = page[page.index("<article") : page.index("</article>")]
    entrees = re.findall(r"<li>(.*?)</li>", article, re.S)
    mois = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
    assert entrees and all(re.search(rf"\b\d{{1,2}}(?:er)?\s(?:{mois})\s\d{{4}}\b", e) for e in entrees)
    sans_balises = html.unescape(re.sub(r"<[^>]+>", "", article))
    for aide in engine.load().aides.values():
        for source in aide.sources.values():
            assert html.escape(source["url"]) in article if "url" in source else source["titre"] in sans_balises, (
                aide.id,
                source,
            )
