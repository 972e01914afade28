"""MkDocs hook: generate the guide's pages, tables and open-data files from the scheme data.

`on_config` reads and checks the data folder (see `state.data_dir`, `engine.check`), evaluates
every worked example and adds the data and templates to the paths `mkdocs serve` watches; broken
data stops `mkdocs build` with every error, one line each (file, line, place, problem), and a
file of the folder that is not read is a warning. Under `mkdocs serve` the errors become the site
instead (one page, at every page's address, listing them): the server keeps running and its live
reload brings the guide back once the file is fixed. `on_files` adds the generated pages and
downloads as virtual files and sets the navigation. The build date is `$AIDES_DATE`, else today.
"""

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from build_scripts import generation, state
from build_scripts.rendering import environment
from build_scripts.site_model import SiteModel
from engine import check, profile, rules

S = state.CURRENT
log = logging.getLogger("mkdocs.hooks.donnees")
# The browser assets (outside docs/, see browser/): source folder -> where the site serves them.
BROWSER = state.ROOT / "browser"
ASSET_FOLDERS = {BROWSER / "site": "assets", BROWSER / "calculator": "assets/calculateur"}


def on_startup(command, dirty):
    S.command = command


def on_shutdown():
    S.clean_up()


def _tell(lines: list, prefix: str = ""):
    """Under `mkdocs serve`, data problems go to the terminal beside the browser, not to MkDocs'
    log, whose strict mode would abort the build and leave the browser waiting."""
    for line in lines:
        print(f"{prefix}{line}", file=sys.stderr)


def on_config(config):
    S.data_dir = state.data_dir(config)
    for cache in (profile.fields, profile.territories, profile.department_regions, profile.zoning_values, rules.rules):
        cache.cache_clear()  # `mkdocs serve`: pick up an edited profil.toml, territoires.toml, regles.toml
    for path in (
        S.data_dir,
        state.ROOT / "engine" / "profil.toml",
        state.ROOT / "engine" / "territoires.toml",
        state.ROOT / "engine" / "regles.toml",
        generation.TEMPLATES,
        generation.GLOSSARY,
        Path(__file__).parent / "overrides",
    ):
        if str(path) not in config.watch:
            config.watch.append(str(path))
    try:
        S.date = state.build_date()
    except state.BuildInputError as e:
        raise PluginError(f"Données invalides : {e}") from None
    report = check.check_folder(S.data_dir)
    S.errors, S.warnings = report.errors, report.warnings
    serve = S.command == "serve"
    if serve:
        _tell(report.warnings, "Données : attention : ")
    else:
        for line in report.warnings:
            log.warning(f"Données : {line}")
    if report.errors:
        if not serve:
            raise PluginError("Données invalides :\n" + "\n".join(report.errors) + "\n" + report.summary())
        _tell([*report.errors, report.summary()], "Données invalides : ")
        S.catalogue = S.site = None
        config.extra["donnees"] = None
        return config
    S.catalogue = report.catalogue
    S.site = generation.Site(SiteModel.build(S.catalogue, S.date, str(S.data_dir)))

    # Glossary abbreviations appended to every page (Material's documented abbr + snippets recipe).
    snippets_dir = S.scratch_dir("abreviations")
    (snippets_dir / "abbreviations.md").write_text(S.site.abbreviations(), encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(state.ROOT), str(snippets_dir)]
    snippets["auto_append"] = ["abbreviations.md"]
    snippets["check_paths"] = True

    config.extra["donnees"] = S.site.footer()
    return config


def _error_pages(files, config):
    """The data's errors at the address of every page the guide may have (a browser open on any
    of them reloads onto the list), and nothing else but the theme and the browser assets."""
    text = (
        environment()
        .get_template("donnees_invalides.md.j2")
        .render(errors=S.errors, warnings=S.warnings, folder=str(S.data_dir))
    )
    pages = {f.src_uri for f in files.documentation_pages()}
    pages |= {src for src, _, _ in generation.PAGES}
    pages |= {f"aides/{p.stem}.md" for p in S.data_dir.glob("*.toml")}
    for f in files.documentation_pages():
        files.remove(f)
    for src in sorted(pages):
        # `x.md` as `x/index.md`: same address, but no page of another hook's (the calculator's).
        src = src if src.endswith("index.md") else src[: -len(".md")] + "/index.md"
        inclusion = InclusionLevel.INCLUDED if src == "index.md" else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, src, content=text, inclusion=inclusion))
    config.nav = [{"Données invalides": "index.md"}]


def on_files(files, config):
    if S.errors:
        _error_pages(files, config)
        _add_browser_assets(files, config)
        return files
    present = {f.src_uri for f in files}
    calculator = "calculateur.md" in present
    docs = Path(config.docs_dir)
    for f in files.documentation_pages():
        f.edit_uri = (
            f"{docs.relative_to(state.ROOT).as_posix()}/{f.src_uri}" if docs.is_relative_to(state.ROOT) else None
        )
    for src_uri, content, edit_uri in S.site.files(calculator=calculator):
        if src_uri in present:
            raise PluginError(f"{src_uri} est généré à partir des données : supprimez le fichier docs/{src_uri}")
        f = File.generated(config, src_uri, content=content)
        f.edit_uri = edit_uri
        files.append(f)
    _add_browser_assets(files, config)
    others = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
    config.nav = S.site.navigation(calculator=calculator, other_pages=others)
    return files


def _add_browser_assets(files, config):
    for folder, served in ASSET_FOLDERS.items():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".js", ".css"):
                files.append(File.generated(config, f"{served}/{path.name}", abs_src_path=str(path)))
