"""MkDocs hook: generate the guide's pages, tables and open-data files from the scheme data.

`on_config` reads and checks the data folder (see `state.data_dir`), evaluates every worked
example and adds the data and templates to the paths `mkdocs serve` watches; a broken data file
stops the build with its `file: field: message`. `on_files` adds the generated pages and
downloads as virtual files and sets the navigation. The build date is `$AIDES_DATE`, else today.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import engine
from build_scripts import generation, state
from build_scripts.site_model import SiteModel
from engine import profile, rules

S = state.CURRENT
# The browser assets (outside docs/, see browser/): source folder -> where the site serves them.
BROWSER = generation.ROOT / "browser"
ASSET_FOLDERS = {BROWSER / "site": "assets", BROWSER / "calculator": "assets/calculateur"}


def on_startup(command, dirty):
    S.command = command


def on_shutdown():
    S.clean_up()


def on_config(config):
    S.data_dir = state.data_dir(config)
    for cache in (profile.fields, profile.territories, profile.department_regions, profile.zoning_values, rules.rules):
        cache.cache_clear()  # `mkdocs serve`: pick up an edited profil.toml, territoires.toml, regles.toml
    try:
        S.date = state.build_date()
        S.catalogue = engine.load(S.data_dir)
        S.site = generation.Site(SiteModel.build(S.catalogue, S.date, str(S.data_dir)))
    except (engine.DataError, state.BuildInputError) as e:
        raise PluginError(f"Données invalides : {e}") from None

    for path in (
        S.data_dir,
        generation.ROOT / "engine" / "profil.toml",
        generation.ROOT / "engine" / "territoires.toml",
        generation.ROOT / "engine" / "regles.toml",
        generation.TEMPLATES,
        generation.GLOSSARY,
        Path(__file__).parent / "overrides",
    ):
        if str(path) not in config.watch:
            config.watch.append(str(path))

    # Glossary abbreviations appended to every page (Material's documented abbr + snippets recipe).
    snippets_dir = S.scratch_dir("abreviations")
    (snippets_dir / "abbreviations.md").write_text(S.site.abbreviations(), encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(generation.ROOT), str(snippets_dir)]
    snippets["auto_append"] = ["abbreviations.md"]
    snippets["check_paths"] = True

    config.extra["donnees"] = S.site.footer()
    return config


def on_files(files, config):
    present = {f.src_uri for f in files}
    calculator = "calculateur.md" in present
    docs = Path(config.docs_dir)
    for f in files.documentation_pages():
        f.edit_uri = (
            f"{docs.relative_to(generation.ROOT).as_posix()}/{f.src_uri}"
            if docs.is_relative_to(generation.ROOT)
            else None
        )
    for src_uri, content, edit_uri in S.site.files(calculator=calculator):
        if src_uri in present:
            raise PluginError(f"{src_uri} est généré à partir des données : supprimez le fichier docs/{src_uri}")
        f = File.generated(config, src_uri, content=content)
        f.edit_uri = edit_uri
        files.append(f)
    for folder, served in ASSET_FOLDERS.items():
        for path in sorted(folder.iterdir()):
            if path.suffix in (".js", ".css"):
                files.append(File.generated(config, f"{served}/{path.name}", abs_src_path=str(path)))
    others = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
    config.nav = S.site.navigation(calculator=calculator, other_pages=others)
    return files
