"""MkDocs hook: the site's Content-Security-Policy, filled in once every page is built.

The theme override (`overrides/main.html`) puts `<meta http-equiv="Content-Security-Policy"
content="@politique-csp@">` right after `<meta charset>` in every page. After the build, this hook
hashes (sha256) every inline script of every built page — Material's own and the calculator's
start-up script — and writes the same policy into every page: a page reached by Material's
instant navigation runs under the policy of the first page loaded, so the policy must allow the
inline scripts of all pages. Nothing is allowed from another origin and there is no
'unsafe-inline'; 'wasm-unsafe-eval' lets the calculator compile Pyodide's WebAssembly.

Under `mkdocs serve` the policy is left out: the live-reload script MkDocs injects into each
served page changes at every request and could not be hashed.
"""

import base64
import hashlib
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

MARQUE = "@politique-csp@"
META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="@politique-csp@">')
SCRIPT_EN_LIGNE = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.IGNORECASE | re.DOTALL)
ATTRIBUT_SRC = re.compile(r"\ssrc\s*=", re.IGNORECASE)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
EXECUTES = {"", "text/javascript", "application/javascript", "module"}
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval' {empreintes}"),
    ("worker-src", "'self'"),
    ("img-src", "'self' data:"),  # Material's stylesheet draws its icons from data: SVG masks
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

log = logging.getLogger("mkdocs.hooks.csp")
_etat = {"commande": "build"}


def empreintes(html: str) -> set:
    """The CSP source expressions ('sha256-…') of the inline scripts a page executes."""
    trouvees = set()
    for attributs, code in SCRIPT_EN_LIGNE.findall(html):
        type_script = TYPE.search(attributs or "")
        if ATTRIBUT_SRC.search(attributs or "") or (type_script and type_script.group(1).lower() not in EXECUTES):
            continue  # an external script, or data such as Material's <script type="application/json">
        condensat = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
        trouvees.add(f"'sha256-{condensat}'")
    return trouvees


def politique(sources_scripts: set) -> str:
    """The policy's text, with the inline scripts' hashes in a stable order."""
    return "; ".join(f"{nom} {valeur.format(empreintes=' '.join(sorted(sources_scripts)))}".strip()
                     for nom, valeur in DIRECTIVES)


def on_startup(command, dirty):
    _etat["commande"] = command


def on_post_build(config):
    pages = sorted(Path(config.site_dir).rglob("*.html"))
    textes = {p: p.read_text(encoding="utf-8") for p in pages}
    sans_marque = [str(p.relative_to(config.site_dir)) for p, t in textes.items() if MARQUE not in t]
    if sans_marque:
        raise PluginError("Content-Security-Policy : balise absente de " + ", ".join(sans_marque[:5]))
    if _etat["commande"] == "serve":
        log.info("mkdocs serve : pages servies sans Content-Security-Policy (rechargement automatique)")
        for chemin, texte in textes.items():
            chemin.write_text(META.sub("", texte, count=1), encoding="utf-8")
        return
    toutes = set()
    for texte in textes.values():
        toutes |= empreintes(texte)
    texte_politique = politique(toutes)
    for chemin, texte in textes.items():
        chemin.write_text(texte.replace(MARQUE, texte_politique, 1), encoding="utf-8")
