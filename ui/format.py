"""Numbers for people: money, percentages and months, formatted in one place (babel, English)."""

from __future__ import annotations

from babel.numbers import format_currency, format_decimal, get_currency_symbol

LOCALE = "en"


def money(value: float | None, currency: str, *, compact: bool = False) -> str:
    """``€1,234,568``: the amount with the currency symbol, no cents; ``compact`` gives ``€1.2M``."""
    if value is None:
        return "n/a"
    if compact and abs(value) >= 1_000:
        symbol = get_currency_symbol(currency, locale=LOCALE)
        for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= size:
                sign = "-" if value < 0 else ""
                return f"{sign}{symbol}{format_decimal(abs(value) / size, format='#,##0.0', locale=LOCALE)}{suffix}"
    return format_currency(value, currency, format="¤#,##0;-¤#,##0", locale=LOCALE, currency_digits=False)


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as per cent: 0.1234 -> ``12.3 %``."""
    if value is None:
        return "n/a"
    return f"{format_decimal(value * 100, format='#,##0.' + '0' * digits if digits else '#,##0', locale=LOCALE)} %"


def months(value: float | None) -> str:
    """Months with one decimal: ``14.2 months``."""
    if value is None:
        return "n/a"
    return f"{format_decimal(value, format='#,##0.0', locale=LOCALE)} months"
