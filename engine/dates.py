"""Dates as the guide writes them for people: `01/03/2026`."""

import datetime


def format_date(d) -> str:
    """`01/03/2026` from a date or from `2026-03-01`."""
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    return d.strftime("%d/%m/%Y")
