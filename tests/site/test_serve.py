"""`mkdocs serve` with broken data: the errors are the site (one page at every address, one line
per error) instead of a browser left waiting, and the guide comes back once the file is fixed."""

import os
import socket
import subprocess
import time
import urllib.request

from outils_site import MKDOCS, ROOT, copie_fixtures


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, expected: str, seconds: float = 90) -> str:
    """The page at `url` once it contains `expected` (the server rebuilds in the background)."""
    end, text = time.monotonic() + seconds, ""
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                text = r.read().decode("utf-8")
            if expected in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} ne contient pas « {expected} » après {seconds} s :\n{text[-1500:]}")


def test_serve_shows_the_data_errors_and_comes_back_once_fixed(tmp_path):
    dossier = copie_fixtures(tmp_path / "aides")
    carim = dossier / "carim.toml"
    good = carim.read_text(encoding="utf-8")
    # The duration loses its source: one error, on line 26 of the file.
    broken = good.replace('[duree]\nannees = 3\nsource = "seed-001"\n', "[duree]\nannees = 3\n")
    assert broken != good
    carim.write_text(broken, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "AIDES_DOSSIER": str(dossier), "AIDES_DATE": "2026-11-22"}
    server = subprocess.Popen(
        [MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}/"
        home = _wait_for(base, "Données invalides")
        assert "carim.toml, ligne 26" in home and "source" in home
        # Every address of the guide shows the same list, not a 404 left to wait on.
        assert "carim.toml, ligne 26" in _wait_for(base + "aides/carim/", "Données invalides")
        carim.write_text(good, encoding="utf-8")
        back = _wait_for(base + "aides/carim/", "CARIM")
        assert "Données invalides" not in back
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    # The terminal beside the browser had the same line.
    assert "carim.toml, ligne 26" in stderr
