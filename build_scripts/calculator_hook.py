"""MkDocs hook for the calculator page (`docs/calculateur.md`): everything it runs on, made at build time.

When the page exists, the build adds to the site:
- Pyodide's core files, copied from the npm package (`node_modules/pyodide`, installed by `npm ci`)
  into `assets/calculateur/pyodide-<version>/`: no CDN, the site is self-contained; its standard
  library trimmed to what Pyodide and the engine import, compiled (`build_scripts/python_stdlib.py`,
  `python_stdlib-<hash>.zip`, given to Pyodide as `stdLibURL`) instead of Pyodide's whole one; its
  lock file's `info` inline (the calculator installs no package from it);
- the engine as a wheel named with its content hash (`build_scripts/engine_wheel.py`), built from
  `engine/` and the scheme data the site uses (see `state.data_dir`);
- `assets/calculateur/donnees-<hash>.json`: the profile's JSON Schema, the regions and
  départements, the schemes' names, pages and first worked example, the addresses above, and the
  interview's first steps as the engine gives them at the build date (`premieres_etapes`: the empty
  profile, then each answer to its first question), so that the page asks them before the engine
  has loaded;
- `assets/calculateur/communes-<hash>.json`: the communes of the commune field
  (`build_scripts/communes.py`), loaded only when the field is used;
- `sw-calculateur.js` at the site's root: a service worker that serves the calculator's versioned
  files (Pyodide, the engine, its data: names that change with their content) from the cache
  `calculateur-fichiers`, which the engine's worker fills as it downloads them (so nothing is
  downloaded twice), and precaches the calculator page and its assets.
The page's root element receives `data-racine` (relative path to the site's root), `data-donnees`
and the engine's addresses. Scripts in the page's <head> start the engine's worker before anything
else loads, preload the calculator's modules and data, and hold Material's search index back until
the first result (calculateur-tete.html.j2).
All addresses are relative, so the site works from any sub-path (GitHub Pages project sites).
"""

import json
import posixpath
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from build_scripts import communes, engine_wheel, python_stdlib, state
from build_scripts.engine_wheel import content_hash
from engine import api, profile
from engine.errors import ProfileError
from engine.interview import interview

PAGE = "calculateur.md"
FOLDER = "assets/calculateur"
PYODIDE = state.ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
FILES_CACHE = "calculateur-fichiers"
SERVICE_WORKER = "sw-calculateur.js"
SW_TEMPLATE = Path(__file__).parent / "templates" / "calculateur-sw.js.j2"
HEAD_TEMPLATE = Path(__file__).parent / "templates" / "calculateur-tete.html.j2"
MODULES = state.ROOT / "browser" / "calculator"
# The worker's script goes right after <meta charset> and the Content-Security-Policy (csp_hook.py).
CHARSET = re.compile(
    r"<meta charset=[\"']?utf-8[\"']?\s*/?>(?:\s*<meta http-equiv=\"Content-Security-Policy\"[^>]*>)?", re.IGNORECASE
)
ATTRIBUTES = re.compile(r'(<div id="calculateur"[^>]*?)data-racine="" data-donnees=""')
# The worker's addresses are in the page itself, so Pyodide starts loading before the form's data.
ATTRIBUTES_TEMPLATE = (
    'data-racine="{root}" data-donnees="{data}" data-pyodide="{index}" data-stdlib="{stdlib}" '
    'data-roue="{wheel}" data-empreinte="{code}" data-instantane="{snapshot}" data-fichiers="{files}" '
    'data-verrou="{lock}"'
)
ASSETS = re.compile(r'<(?:script|link)\b[^>]*?\b(?:src|href)="([^"#?:]+\.(?:css|js|mjs|png|svg|ico|webmanifest))"')

S = state.CURRENT


@dataclass
class CalculatorBuild:
    """The calculator's files in this build, and the cache names derived from them once."""

    version: str
    code: str
    data: str
    wheel: str
    index: str
    stdlib: str
    lock: str
    communes: str = ""
    page_url: str | None = None
    assets: list = field(default_factory=list)

    @property
    def snapshot_cache(self) -> str:
        return f"calculateur-instantane-{self.version}-{self.code}"

    @property
    def versioned(self) -> list:
        """The files whose name changes with their content: Pyodide's, the engine's, its data."""
        return [*(self.index + n for n in PYODIDE_FILES), self.stdlib, self.wheel, self.data]


def pyodide_version() -> str:
    """The npm package's version, checked against package.json's pin."""
    if not (PYODIDE / "package.json").exists():
        raise PluginError(
            "Pyodide est introuvable (node_modules/pyodide) : lancez `npm ci` "
            "à la racine du dépôt (ou ./scripts/serve, qui le fait)."
        )
    installed = json.loads((PYODIDE / "package.json").read_text(encoding="utf-8"))["version"]
    pinned = json.loads((state.ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["pyodide"]
    if installed != pinned:
        raise PluginError(f"Pyodide {installed} est installé mais package.json demande {pinned} : lancez `npm ci`.")
    for name in (*PYODIDE_FILES, "python_stdlib.zip", "pyodide-lock.json"):
        if not (PYODIDE / name).exists():
            raise PluginError(f"node_modules/pyodide/{name} manque : lancez `npm ci`.")
    return installed


def _schemes(files) -> dict:
    """Id -> name, acronym and page (site-relative URL) of every scheme."""
    out = {}
    for s in api.catalogue_summary(S.catalogue):
        page = files.get_file_from_path(f"aides/{s['id']}.md")
        out[s["id"]] = {**{k: s[k] for k in ("nom", "sigle", "nature")}, "page": page.url if page else None}
        examples = S.catalogue.aides[s["id"]].exemples
        if examples:  # « Estimer votre situation » on the scheme's page opens the calculator with it
            out[s["id"]]["exemple"] = {"profil": examples[0]["profil"], "date": examples[0]["date"]}
    return out


def _page_url(files, src: str):
    f = files.get_file_from_path(src)
    return f.url if f else None


def first_steps(catalogue, date) -> list:
    """The interview as the engine runs it at `date`: its step for the empty profile, then for each
    answer to that step's question when it is a choice (`reponses`, `entretien`); none when the data
    do not cover `date` (the page then waits for the engine)."""
    try:
        steps = [{"reponses": {}, "entretien": interview({}, date, catalogue)["entretien"]}]
    except ProfileError:
        return []
    question = steps[0]["entretien"]["question"]
    units = question["unites"] if question else []
    if len(units) == 1 and units[0]["champs"] == [units[0]["nom"]]:
        name = units[0]["nom"]
        for value in api.profile_schema()["properties"][name].get("enum", []):
            answers = {name: value}
            steps.append({"reponses": answers, "entretien": interview(answers, date, catalogue)["entretien"]})
    return steps


def on_files(files, config):
    S.calculator = None
    if files.get_file_from_path(PAGE) is None:
        return files
    version = pyodide_version()
    wheel, code = engine_wheel.build(S.scratch_dir("roue"), S.data_dir)
    index = f"{FOLDER}/pyodide-{version}/"
    for name in PYODIDE_FILES:
        files.append(File.generated(config, index + name, abs_src_path=str(PYODIDE / name)))
    try:
        stdlib = python_stdlib.build(S.scratch_dir("stdlib"))
    except RuntimeError as e:
        raise PluginError(str(e)) from None
    files.append(File.generated(config, index + stdlib.name, abs_src_path=str(stdlib)))
    wheel_path = f"{FOLDER}/moteur/{wheel.name}"
    files.append(File.generated(config, wheel_path, abs_src_path=str(wheel)))
    calc = CalculatorBuild(version, code, "", wheel_path, index, index + stdlib.name, python_stdlib.lock_contents())
    places = json.dumps(communes.reduced(), ensure_ascii=False, separators=(",", ":"))
    places_path = f"{FOLDER}/communes-{content_hash({'communes': places.encode()})}.json"
    files.append(File.generated(config, places_path, content=places))
    calc.communes = places_path
    data = {
        "pyodide": {"version": version, "index": index, "stdlib": calc.stdlib},
        "moteur": {"roue": wheel_path, "empreinte": code},
        "premieres_etapes": first_steps(S.catalogue, S.date),
        "instantane": calc.snapshot_cache,
        "service_worker": SERVICE_WORKER,
        "pages": {"tableaux": _page_url(files, "tableaux/index.md"), "aides": _page_url(files, "aides/index.md")},
        "schema": api.profile_schema(),
        "territoires": profile.territories(),
        "communes": {**communes.source(), "fichier": places_path},
        "aides": _schemes(files),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    calc.data = f"{FOLDER}/donnees-{content_hash({'donnees': text.encode()})}.json"
    files.append(File.generated(config, calc.data, content=text))
    S.calculator = calc
    return files


def _root(page) -> str:
    root = get_relative_url(".", page.url) if page.url else "."
    return "" if root == "." else root.rstrip("/") + "/"


def on_page_content(html, page, config, files):
    calc = S.calculator
    if calc is None or page.file.src_uri != PAGE:
        return html
    attributes = ATTRIBUTES_TEMPLATE.format(
        root=_root(page),
        data=calc.data,
        index=calc.index,
        stdlib=calc.stdlib,
        wheel=calc.wheel,
        code=calc.code,
        snapshot=calc.snapshot_cache,
        files=FILES_CACHE,
        lock=escape(calc.lock),
    )
    replaced, n = ATTRIBUTES.subn(lambda m: m.group(1) + attributes, html)
    if n != 1:
        raise PluginError(
            f'{PAGE} : l\'élément <div id="calculateur" … data-racine="" data-donnees=""> est introuvable'
        )
    return replaced


def _head(page) -> str:
    """What the calculator page's <head> gets first (templates/calculateur-tete.html.j2): the script
    that starts the engine's worker, the one that holds Material's search index back, and preloads
    of the calculator's modules and data."""
    calc = S.calculator
    root = _root(page) or "./"
    env = jinja2.Environment(autoescape=False)
    modules = sorted(p.name for p in MODULES.glob("*.js") if p.name not in ("boot.js", "worker.js"))
    return env.from_string(HEAD_TEMPLATE.read_text(encoding="utf-8")).render(
        racine=root,
        index=calc.index,
        stdlib=calc.stdlib,
        verrou=calc.lock,
        roue=calc.wheel,
        fichiers=FILES_CACHE,
        instantane=calc.snapshot_cache,
        cle=f"instantane-{calc.code}.bin",
        worker=f"{FOLDER}/worker.js",
        modules=[f"{_root(page)}{FOLDER}/{m}" for m in modules],
        donnees=f"{_root(page)}{calc.data}",
    )


def on_post_page(output, page, config):
    """Start the engine from <head>; note the page's scripts and stylesheets for the precache."""
    calc = S.calculator
    if calc is None or page.file.src_uri != PAGE:
        return output
    output, n = CHARSET.subn(lambda m: m.group(0) + _head(page), output, count=1)
    if n != 1:
        raise PluginError(f"{PAGE} : balise <meta charset> introuvable dans la page produite")
    calc.page_url = page.url
    seen = []
    for address in ASSETS.findall(output):
        if address.startswith("/"):
            continue
        absolute = posixpath.normpath(posixpath.join(posixpath.dirname(page.url), address))
        if not absolute.startswith(".."):
            seen.append(absolute)
    calc.assets = sorted(set(seen))
    return output


def on_post_build(config):
    calc = S.calculator
    if calc is None:
        return
    site = Path(config.site_dir)
    modules = [p.relative_to(site).as_posix() for p in sorted((site / FOLDER).glob("*.js"))]
    precache = [calc.page_url or "calculateur/", *calc.assets, *modules]
    precache = list(dict.fromkeys(p for p in precache if p is not None and p not in calc.versioned))
    contents = {p: (site / p).read_bytes() for p in precache[1:] if (site / p).is_file()}
    env = jinja2.Environment(autoescape=False, keep_trailing_newline=True)
    text = env.from_string(SW_TEMPLATE.read_text(encoding="utf-8")).render(
        cache=f"calculateur-{calc.version}-{calc.code}-{content_hash(contents)}",
        fichiers=FILES_CACHE,
        instantane=calc.snapshot_cache,
        precache=precache,
        versionnes=calc.versioned,
        a_la_demande=[calc.communes],
    )
    (site / SERVICE_WORKER).write_text(text, encoding="utf-8")
