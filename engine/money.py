"""Exact money: Decimal amounts rounded to the cent, French formatting, JSON numbers."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_decimal(value) -> Decimal:
    """A number from TOML or JSON (int, float, Decimal, str) as an exact Decimal."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def cents(value: Decimal) -> Decimal:
    """Round half up to the cent, as an amount paid in euros."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def json_number(value):
    """An amount as a JSON number: an int when whole, else a float of at most two decimals."""
    if value is None:
        return None
    value = cents(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _french(text: str) -> str:
    return text.replace(",", "\u202f").replace(".", ",")


def format_number(value) -> str:
    """French number: narrow no-break space between thousands, comma for decimals (`17,5`)."""
    value = to_decimal(value)
    if value == value.to_integral_value():
        return _french(f"{int(value):,}")
    return _french(f"{value.normalize():,f}")


def format_euros(value) -> str:
    """`12 500 €`, `109,25 €`: whole euros without decimals, else to the cent."""
    value = to_decimal(value)
    if value == value.to_integral_value():
        return f"{format_number(value)}\u00a0€"
    return f"{_french(f'{cents(value):,.2f}')}\u00a0€"
