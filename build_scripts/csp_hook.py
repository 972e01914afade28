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

from build_scripts import state

MARKER = "@politique-csp@"
META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="@politique-csp@">')
INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script>", re.IGNORECASE | re.DOTALL)
SRC_ATTRIBUTE = re.compile(r"\ssrc\s*=", re.IGNORECASE)
TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
EXECUTED = {"", "text/javascript", "application/javascript", "module"}
DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval' {hashes}"),
    ("worker-src", "'self'"),
    ("img-src", "'self' data:"),  # Material's stylesheet draws its icons from data: SVG masks
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)

log = logging.getLogger("mkdocs.hooks.csp")
S = state.CURRENT


def script_hashes(html: str) -> set:
    """The CSP source expressions ('sha256-…') of the inline scripts a page executes."""
    found = set()
    for attributes, code in INLINE_SCRIPT.findall(html):
        script_type = TYPE.search(attributes or "")
        if SRC_ATTRIBUTE.search(attributes or "") or (script_type and script_type.group(1).lower() not in EXECUTED):
            continue  # an external script, or data such as Material's <script type="application/json">
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii")
        found.add(f"'sha256-{digest}'")
    return found


def policy(script_sources: set) -> str:
    """The policy's text, with the inline scripts' hashes in a stable order."""
    return "; ".join(
        f"{name} {value.format(hashes=' '.join(sorted(script_sources)))}".strip() for name, value in DIRECTIVES
    )


def on_post_build(config):
    pages = sorted(Path(config.site_dir).rglob("*.html"))
    texts = {p: p.read_text(encoding="utf-8") for p in pages}
    unmarked = [str(p.relative_to(config.site_dir)) for p, t in texts.items() if MARKER not in t]
    if unmarked:
        raise PluginError("Content-Security-Policy : balise absente de " + ", ".join(unmarked[:5]))
    if S.command == "serve":
        log.info("mkdocs serve : pages servies sans Content-Security-Policy (rechargement automatique)")
        for path, text in texts.items():
            path.write_text(META.sub("", text, count=1), encoding="utf-8")
        return
    hashes = set()
    for text in texts.values():
        hashes |= script_hashes(text)
    text_policy = policy(hashes)
    for path, text in texts.items():
        path.write_text(text.replace(MARKER, text_policy, 1), encoding="utf-8")
