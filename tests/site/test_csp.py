"""The Content-Security-Policy hook on its own: which scripts it hashes, what it writes, and that
`mkdocs serve` (whose live-reload script cannot be hashed) gets pages without the policy."""

import base64
import hashlib
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from build_scripts import csp_hook

META = '<meta http-equiv="Content-Security-Policy" content="@politique-csp@">'
PAGE = f"""<!doctype html><html><head><meta charset="utf-8">{META}
<script>var a = 1;</script><script src="x.js"></script>
<script id="__config" type="application/json">{{"a": 1}}</script>
<script type="module">import "./m.js";</script></head><body></body></html>"""


def sha(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def construire(tmp_path, commande: str, pages: dict):
    for nom, texte in pages.items():
        (tmp_path / nom).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / nom).write_text(texte, encoding="utf-8")
    csp_hook.S.command = commande
    csp_hook.on_post_build(SimpleNamespace(site_dir=str(tmp_path)))


def test_empreintes_des_seuls_scripts_executes():
    assert csp_hook.script_hashes(PAGE) == {sha("var a = 1;"), sha('import "./m.js";')}


def test_meme_politique_dans_chaque_page(tmp_path):
    autre = PAGE.replace("var a = 1;", "var b = 2;")
    construire(tmp_path, "build", {"index.html": PAGE, "aides/x/index.html": autre})
    politiques = {
        (tmp_path / p).read_text(encoding="utf-8").split('content="', 1)[1].split('"', 1)[0]
        for p in ("index.html", "aides/x/index.html")
    }
    assert len(politiques) == 1
    politique = politiques.pop()
    assert politique.startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    for code in ("var a = 1;", "var b = 2;", 'import "./m.js";'):
        assert sha(code) in politique
    assert "unsafe-inline" not in politique and "@politique-csp@" not in politique


def test_page_sans_balise_refusee(tmp_path):
    with pytest.raises(PluginError, match="Content-Security-Policy : balise absente de perdue.html"):
        construire(tmp_path, "build", {"index.html": PAGE, "perdue.html": "<html><head></head></html>"})


def test_mkdocs_serve_sans_politique(tmp_path):
    construire(tmp_path, "serve", {"index.html": PAGE})
    texte = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" not in texte and '<meta charset="utf-8">' in texte
    csp_hook.S.command = "build"
