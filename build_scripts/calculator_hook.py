"""MkDocs hook for the calculator page (`docs/calculateur.md`): everything it runs on, made at build time.

When the page exists, the build adds to the site:
- Pyodide's core files, copied from the npm package (`node_modules/pyodide`, installed by `npm ci`)
  into `assets/calculateur/pyodide-<version>/`: no CDN, the site is self-contained;
- the engine as a wheel named with its content hash (`build_scripts/engine_wheel.py`), built from
  `engine/` and the scheme data the site uses (`$AIDES_DOSSIER` or `extra.aides_dossier`);
- `assets/calculateur/donnees-<hash>.json`: the profile's JSON Schema, the regions and
  départements, the schemes' names and pages, and the addresses above, for the form and the worker;
- `sw-calculateur.js` at the site's root: a cache-first service worker whose cache name carries the
  Pyodide version and the engine's hash, and which precaches the calculator page and its assets.
The page's root element receives `data-racine` (relative path to the site's root) and `data-donnees`.
A script in the page's <head> starts the engine's worker before anything else loads.
All addresses are relative, so the site works from any sub-path (GitHub Pages project sites).
"""

import hashlib
import json
import os
import posixpath
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import jinja2  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

import engine  # noqa: E402
from build_scripts import catalogue, engine_wheel  # noqa: E402
from engine import profile  # noqa: E402

PAGE = "calculateur.md"
DOSSIER = "assets/calculateur"
PYODIDE = ROOT / "node_modules" / "pyodide"
FICHIERS_PYODIDE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                    "pyodide-lock.json")
SERVICE_WORKER = "sw-calculateur.js"
GABARIT_SW = Path(__file__).parent / "templates" / "calculateur-sw.js.j2"
GABARIT_TETE = Path(__file__).parent / "templates" / "calculateur-tete.html.j2"
# The worker's script goes right after <meta charset> and the Content-Security-Policy (csp_hook.py).
CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>(?:\s*<meta http-equiv=\"Content-Security-Policy\"[^>]*>)?",
                     re.IGNORECASE)
ATTRIBUTS = re.compile(r'(<div id="calculateur"[^>]*?)data-racine="" data-donnees=""')
# The worker's addresses are in the page itself, so Pyodide starts loading before the form's data.
GABARIT_ATTRIBUTS = ('data-racine="{racine}" data-donnees="{donnees}" data-pyodide="{pyodide}" '
                     'data-roue="{roue}" data-empreinte="{code}" data-instantane="{instantane}"')
RESSOURCES = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"#?:]+\.(?:css|js|mjs|png|svg|ico|webmanifest))"')

_etat: dict = {}


def version_pyodide() -> str:
    """The npm package's version, checked against package.json's pin."""
    if not (PYODIDE / "package.json").exists():
        raise PluginError("Pyodide est introuvable (node_modules/pyodide) : lancez `npm ci` "
                          "à la racine du dépôt (ou ./scripts/serve, qui le fait).")
    installe = json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    attendu = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    if installe != attendu:
        raise PluginError(f"Pyodide {installe} est installé mais package.json demande {attendu} : "
                          "lancez `npm ci`.")
    for nom in FICHIERS_PYODIDE:
        if not (PYODIDE / nom).exists():
            raise PluginError(f"node_modules/pyodide/{nom} manque : lancez `npm ci`.")
    return installe


def _dossier_aides(config) -> Path:
    dossier = os.environ.get("AIDES_DOSSIER") or config.extra.get("aides_dossier")
    if not dossier:
        return ROOT / "engine" / "aides"
    chemin = Path(dossier)
    return chemin if chemin.is_absolute() else ROOT / chemin


def _empreinte(*parties: bytes) -> str:
    h = hashlib.sha256()
    for p in parties:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()[:12]


def _aides(files, dossier: Path) -> dict:
    """Id -> name, acronym and page (site-relative URL) of every scheme."""
    aides = {}
    for aide in catalogue.du_build(dossier).aides.values():
        page = files.get_file_from_path(f"aides/{aide.id}.md")
        aides[aide.id] = {"nom": aide.nom, "sigle": aide.get("sigle"), "nature": aide.nature,
                          "page": page.url if page else None}
    return aides


def _page_url(files, src: str):
    f = files.get_file_from_path(src)
    return f.url if f else None


def on_files(files, config):
    if files.get_file_from_path(PAGE) is None:
        for cle in [c for c in _etat if c != "temporaire"]:
            del _etat[cle]
        return files
    version = version_pyodide()
    dossier = _dossier_aides(config)
    try:
        aides = _aides(files, dossier)
    except engine.DataError as e:
        raise PluginError(f"Données invalides : {e}") from None

    if _etat.get("temporaire"):
        shutil.rmtree(_etat["temporaire"], ignore_errors=True)  # `mkdocs serve`: the previous build's wheel
    sortie = Path(tempfile.mkdtemp(prefix="aides-roue-"))
    _etat["temporaire"] = sortie
    roue, code = engine_wheel.construire(sortie, dossier)
    base_pyodide = f"{DOSSIER}/pyodide-{version}/"
    for nom in FICHIERS_PYODIDE:
        files.append(File.generated(config, base_pyodide + nom, abs_src_path=str(PYODIDE / nom)))
    chemin_roue = f"{DOSSIER}/moteur/{roue.name}"
    files.append(File.generated(config, chemin_roue, abs_src_path=str(roue)))

    for cache in (profile.fields, profile.territories, profile.department_regions):
        cache.cache_clear()
    donnees = {
        "pyodide": {"version": version, "index": base_pyodide},
        "moteur": {"roue": chemin_roue, "empreinte": code},
        "cache": f"calculateur-{version}-{code}",
        "instantane": f"calculateur-instantane-{version}-{code}",
        "service_worker": SERVICE_WORKER,
        "pages": {"tableaux": _page_url(files, "tableaux/index.md"),
                  "aides": _page_url(files, "aides/index.md")},
        "schema": engine.json_schema(),
        "territoires": profile.territories(),
        "aides": aides,
    }
    texte = json.dumps(donnees, ensure_ascii=False, separators=(",", ":"))
    chemin_donnees = f"{DOSSIER}/donnees-{_empreinte(texte.encode())}.json"
    files.append(File.generated(config, chemin_donnees, content=texte))
    _etat.update(version=version, code=code, donnees=chemin_donnees, roue=chemin_roue, index=base_pyodide,
                 pyodide=[base_pyodide + n for n in FICHIERS_PYODIDE], ressources=[], page_url=None)
    return files


def on_page_content(html, page, config, files):
    if "version" not in _etat or page.file.src_uri != PAGE:
        return html
    racine = get_relative_url(".", page.url) if page.url else "."
    racine = "" if racine == "." else racine.rstrip("/") + "/"
    attributs = GABARIT_ATTRIBUTS.format(
        racine=racine, donnees=_etat["donnees"], pyodide=_etat["index"], roue=_etat["roue"],
        code=_etat["code"], instantane=f"calculateur-instantane-{_etat['version']}-{_etat['code']}")
    remplace, n = ATTRIBUTS.subn(lambda m: m.group(1) + attributs, html)
    if n != 1:
        raise PluginError(f'{PAGE} : l\'élément <div id="calculateur" … data-racine="" data-donnees=""> '
                          "est introuvable")
    return remplace


def _tete(page) -> str:
    """The <head> script that starts the engine's worker first thing (templates/calculateur-tete.html.j2)."""
    racine = get_relative_url(".", page.url) if page.url else "."
    env = jinja2.Environment(autoescape=False)
    return env.from_string(GABARIT_TETE.read_text(encoding="utf-8")).render(
        racine="./" if racine == "." else racine.rstrip("/") + "/", index=_etat["index"], roue=_etat["roue"],
        instantane=f"calculateur-instantane-{_etat['version']}-{_etat['code']}",
        cle=f"instantane-{_etat['code']}.bin", worker=f"{DOSSIER}/worker.js")


def on_post_page(output, page, config):
    """Start the engine from <head>; note the page's scripts and stylesheets for the precache."""
    if "version" not in _etat or page.file.src_uri != PAGE:
        return output
    output, n = CHARSET.subn(lambda m: m.group(0) + _tete(page), output, count=1)
    if n != 1:
        raise PluginError(f"{PAGE} : balise <meta charset> introuvable dans la page produite")
    _etat["page_url"] = page.url
    vus = []
    for adresse in RESSOURCES.findall(output):
        if adresse.startswith("/"):
            continue
        absolu = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), adresse))
        if not absolu.startswith(".."):
            vus.append(absolu)
    _etat["ressources"] = sorted(set(vus))
    return output


def on_post_build(config):
    if "version" not in _etat:
        return
    site = Path(config.site_dir)
    modules = [p.relative_to(site).as_posix() for p in sorted((site / DOSSIER).glob("*.js"))]
    precache = [_etat["page_url"] or "calculateur/", _etat["donnees"], _etat["roue"],
                *_etat["pyodide"], *_etat["ressources"], *modules]
    precache = list(dict.fromkeys(p for p in precache if p is not None))
    contenus = b"".join((site / p).read_bytes() for p in precache[1:] if (site / p).is_file())
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True)
    texte = env.from_string(GABARIT_SW.read_text(encoding="utf-8")).render(
        cache=f"calculateur-{_etat['version']}-{_etat['code']}-{_empreinte(contenus)}",
        instantane=f"calculateur-instantane-{_etat['version']}-{_etat['code']}",
        precache=precache, versionnes=[f"{DOSSIER}/pyodide-", f"{DOSSIER}/moteur/", f"{DOSSIER}/donnees-"])
    (site / SERVICE_WORKER).write_text(texte, encoding="utf-8")
