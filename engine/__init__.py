"""Rules engine of the guide to the aids for doctors settling or staying in under-served areas.

Public API: `charger` (read and check the scheme files), `evaluer` (a profile at a date),
`valider_profil`, `json_schema` (of the profile), and the two errors `DonneesInvalides` and
`ProfilInvalide`. Standard library only, so that it runs in CPython and in Pyodide alike.
"""

from .errors import DonneesInvalides, ProfilInvalide
from .evaluation import evaluer
from .loader import Catalogue, charger, catalogue_par_defaut
from .profile import champs, json_schema, valider_profil

__all__ = ["Catalogue", "DonneesInvalides", "ProfilInvalide", "catalogue_par_defaut", "champs",
           "charger", "evaluer", "json_schema", "valider_profil"]
