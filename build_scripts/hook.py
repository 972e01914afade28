"""MkDocs hook: generate the guide's pages, tables and open-data files from the scheme data.

`on_config` reads and checks the data folder (`$AIDES_DOSSIER`, else `extra.aides_dossier`
in mkdocs.yml, else the engine's own `engine/aides`), evaluates every worked example and adds the
data and templates to the paths `mkdocs serve` watches; a broken data file stops the build with
its `file: field: message`. `on_files` adds the generated pages and downloads as virtual files
and sets the navigation. The build date is `$AIDES_DATE` (AAAA-MM-JJ), else today.
"""

import datetime
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import engine  # noqa: E402
from engine import profile  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from build_scripts import catalogue as catalogue_du_build, generation  # noqa: E402
from build_scripts.site_model import Modele  # noqa: E402

_etat = {}


def _dossier(config) -> Path:
    dossier = os.environ.get("AIDES_DOSSIER") or config.extra.get("aides_dossier")
    if not dossier:
        return ROOT / "engine" / "aides"
    chemin = Path(dossier)
    return chemin if chemin.is_absolute() else (ROOT / chemin)


def _date() -> datetime.date:
    texte = os.environ.get("AIDES_DATE")
    if not texte:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(texte)
    except ValueError:
        raise PluginError(f"AIDES_DATE : date attendue au format AAAA-MM-JJ (reçu « {texte} »)") from None


def on_config(config):
    dossier = _dossier(config)
    for cache in (profile.fields, profile.territories, profile.department_regions):
        cache.cache_clear()  # `mkdocs serve`: pick up an edited profil.toml / territoires.toml
    try:
        catalogue = catalogue_du_build.lire(dossier)
        modele = Modele.construire(catalogue, _date(), str(dossier))
    except engine.DataError as e:
        raise PluginError(f"Données invalides : {e}") from None
    site = generation.Site(modele)
    _etat["site"] = site

    for chemin in (dossier, ROOT / "engine" / "profil.toml", ROOT / "engine" / "territoires.toml",
                   generation.TEMPLATES, generation.GLOSSAIRE, Path(__file__).parent / "overrides"):
        if str(chemin) not in config.watch:
            config.watch.append(str(chemin))

    # Glossary abbreviations appended to every page (Material's documented abbr + snippets recipe).
    dossier_snippets = _etat.setdefault("snippets", tempfile.mkdtemp(prefix="aides-abbr-"))
    (Path(dossier_snippets) / "abbreviations.md").write_text(site.abreviations(), encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(ROOT), dossier_snippets]
    snippets["auto_append"] = ["abbreviations.md"]
    snippets["check_paths"] = True

    config.extra["donnees"] = site.pied_de_page()
    return config


def on_files(files, config):
    site = _etat["site"]
    presents = {f.src_uri for f in files}
    calculateur = "calculateur.md" in presents
    for f in files.documentation_pages():
        f.edit_uri = f"{Path(config.docs_dir).relative_to(ROOT).as_posix()}/{f.src_uri}" \
            if Path(config.docs_dir).is_relative_to(ROOT) else None
    for src_uri, contenu, edit_uri in site.fichiers(calculateur=calculateur):
        if src_uri in presents:
            raise PluginError(f"{src_uri} est généré à partir des données : supprimez le fichier docs/{src_uri}")
        f = File.generated(config, src_uri, content=contenu)
        f.edit_uri = edit_uri
        files.append(f)
    autres = [f.src_uri for f in files.documentation_pages() if f.generated_by is None]
    config.nav = site.navigation(calculateur=calculateur, autres_pages=autres)
    return files
