"""The units a parameter may have, one entry each: what kind of value it holds and how a value
reads in French (`12 500 € par an`, `25 %`). The checker and the site read this registry."""

from dataclasses import dataclass

from .money import format_euros, format_number


@dataclass(frozen=True)
class Unit:
    """`kind`: `money`, `percent`, `count`, or `grid` / `table` (a structured value);
    `suffix`: what follows an amount (`par an`)."""

    name: str
    kind: str
    suffix: str = ""

    @property
    def structured(self) -> bool:
        return self.kind in ("grid", "table")

    def format(self, value) -> str:
        """A scalar value in French with its unit; `False` reads as a value that ceased."""
        if value is False:
            return "n'existe plus"
        if self.kind == "money":
            return format_euros(value) + (f" {self.suffix}" if self.suffix else "")
        if self.kind == "percent":
            return f"{format_number(value)}\u00a0%"
        return format_number(value)


REGISTRY = {
    u.name: u
    for u in (
        Unit("nombre", "count"),
        Unit("euro", "money"),
        Unit("euro_par_an", "money", "par an"),
        Unit("euro_par_mois", "money", "par mois"),
        Unit("euro_par_jour", "money", "par jour"),
        Unit("euro_par_km", "money", "par kilomètre"),
        Unit("pourcent", "percent"),
        Unit("grille", "grid"),
        Unit("table", "table"),
    )
}
