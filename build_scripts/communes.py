"""The communes of the calculator's commune field, reduced at build time from the npm package
`@etalab/decoupage-administratif` (pinned in package.json and package-lock.json, installed by
`npm ci`; its title, vintage and date are in `engine/territoires.toml`).

Kept per current commune: its name, INSEE code, département and postcodes, the most populated
first (so that « Paris » comes before « Paris-l'Hôpital »); the région follows from the département
(`engine/territoires.toml`). The overseas collectivities (Saint-Pierre-et-Miquelon, Saint-Barthélemy,
Saint-Martin, Wallis-et-Futuna, Polynésie française, Nouvelle-Calédonie…) are kept too, with their
own code: the calculator says that the guide's schemes do not cover them.
"""

import json
from functools import cache

from mkdocs.exceptions import PluginError

from build_scripts import state
from engine.profile import communes_package, department_regions

PACKAGE = communes_package()["paquet"]
FOLDER = state.ROOT / "node_modules" / PACKAGE


def _pin() -> str:
    return json.loads((state.ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"][PACKAGE]


def pinned_version() -> str:
    """The package's version pinned in package.json, checked against the installed one."""
    pinned = _pin()
    installed_file = FOLDER / "package.json"
    if not installed_file.exists():
        raise PluginError(f"{PACKAGE} est introuvable (node_modules) : lancez `npm ci` à la racine du dépôt.")
    installed = json.loads(installed_file.read_text(encoding="utf-8"))["version"]
    if installed != pinned:
        raise PluginError(f"{PACKAGE} {installed} est installé mais package.json demande {pinned} : lancez `npm ci`.")
    return pinned


@cache
def source() -> dict:
    """What the sources page says of the communes: the package, its pinned version, vintage and date."""
    return {**communes_package(), "version": _pin()}


def reduced() -> dict:
    """{"version", "communes": [[name, INSEE code, département, postcodes], …]} for the calculator.
    A département outside the guide's regions (an overseas collectivity) keeps its own code."""
    version = pinned_version()
    rows = json.loads((FOLDER / "data" / "communes.json").read_text(encoding="utf-8"))
    current = [c for c in rows if c["type"] == "commune-actuelle"]
    current.sort(key=lambda c: (-c.get("population", 0), c["nom"]))
    communes = [[c["nom"], c["code"], c["departement"], c.get("codesPostaux", [])] for c in current]
    unknown = sorted({c[2] for c in communes if c[2] not in department_regions() and c[2][:2] not in ("97", "98")})
    if unknown:
        raise PluginError(f"{PACKAGE} : départements inconnus du guide : {', '.join(unknown)}")
    return {"version": version, "communes": communes}
