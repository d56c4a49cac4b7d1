"""Numbers and values as people read them, the same in alerts, the run report and the CLI."""

from __future__ import annotations

import re
from typing import Any

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
CURRENCY_CODE_RE = re.compile(r"^[A-Z]{3}$")
PERCENT_UNITS = frozenset({"percent", "%", "pct"})
COUNT_UNITS = frozenset({"count", "", "people", "persons"})
SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def format_number(value: Any, *, scaled: bool = False) -> str:
    """A number with thousands separators and no useless decimals; `-` for none.

    `scaled` writes millions and more in words ("1.28 million"), as a headline would.
    """
    if value is None:
        return "-"
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return str(value)
    for scale, word in SCALES if scaled else ():
        if abs(amount) >= scale:
            return f"{amount / scale:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    if amount.is_integer():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


def format_value(value: float, unit: str) -> str:
    """A value with its unit, as a headline writes it: "13,000", "18%", "€380,000"."""
    number = format_number(value, scaled=True)
    if unit.lower() in PERCENT_UNITS:
        return f"{number}%"
    symbol = CURRENCY_SYMBOLS.get(unit.upper())
    if symbol:
        return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
    if CURRENCY_CODE_RE.match(unit) or unit.lower() not in COUNT_UNITS:
        return f"{number} {unit}"
    return number
