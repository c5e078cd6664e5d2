"""Numbers for people: money, percentages and months, formatted in one place (babel, English)."""

from __future__ import annotations

import math
from typing import Any

from babel.numbers import format_currency, format_decimal, get_currency_symbol

from ui.i18n import t

LOCALE = "en"


def symbol(currency: str) -> str:
    """The currency's symbol in the current locale (``€``), or its code when it has none."""
    return get_currency_symbol(currency, locale=LOCALE)


HUGE = 1e15
"""From this size on a figure is written in powers of ten (``€1.2e+18``): no case should get there, and babel's
decimal arithmetic cannot write figures of 28 digits and more."""


def _unwritable(value: float | None) -> bool:
    return value is None or not math.isfinite(value)


def _huge(value: float) -> str:
    return f"{value:.2g}" if abs(value) >= HUGE else ""


def money(value: float | None, currency: str, *, compact: bool = False) -> str:
    """``€1,234,568``: the amount with the currency symbol, no cents; ``compact`` gives ``€1.2M``. "n/a" for
    no figure (or one that is not a number); powers of ten from :data:`HUGE` on."""
    if _unwritable(value):
        return "n/a"
    if huge := _huge(abs(value)):
        return f"{'-' if value < 0 else ''}{symbol(currency)}{huge}"
    if compact and abs(value) >= 1_000:
        for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
            if abs(value) >= size:
                sign = "-" if value < 0 else ""
                number = format_decimal(abs(value) / size, format="#,##0.0", locale=LOCALE)
                return f"{sign}{symbol(currency)}{number}{suffix}"
    return format_currency(value, currency, format="¤#,##0;-¤#,##0", locale=LOCALE, currency_digits=False)


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as per cent: 0.1234 -> ``12.3 %``."""
    if _unwritable(value):
        return "n/a"
    if huge := _huge(value * 100):
        return f"{huge} %"
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return f"{format_decimal(value * 100, format=pattern, locale=LOCALE)} %"


def chance(value: float | None) -> str:
    """A probability from a simulation as whole per cent, never a certainty it cannot show: ``> 99 %`` when
    at least 99.5 % of the runs agree (all of them included), ``< 1 %`` when fewer than 0.5 % do."""
    if _unwritable(value):
        return "n/a"
    if value >= 0.995:
        return "> 99 %"
    if value < 0.005:
        return "< 1 %"
    return percent(value, 0)


def months(value: float | None) -> str:
    """Months with one decimal: ``14.2 months``."""
    if _unwritable(value):
        return "n/a"
    if huge := _huge(value):
        return f"{huge} months"
    return f"{format_decimal(value, format='#,##0.0', locale=LOCALE)} months"


def input_value(value: float | None, unit: str, currency: str) -> str:
    """An input of the risk analysis in its unit: money, ``12.5 %`` (fraction, rate), ``7 months``, ``x1.20``
    (a multiplier of line items) or a count with separators."""
    if value is None or value != value:
        return "n/a"
    if unit == "money":
        return money(value, currency) if abs(value) >= 100 else format_currency(value, currency, locale=LOCALE)
    if unit in {"fraction", "rate"}:
        return percent(value, 2 if abs(value) < 0.1 else 1)
    if unit == "months":
        return f"{value:.0f} months"
    if unit == "multiplier":
        return f"×{value:.2f}"
    return format_decimal(value, format="#,##0.##", locale=LOCALE)


def amount_columns(columns: list[str]) -> dict[str, Any]:
    """``st.dataframe`` column settings that show money with thousands separators and no decimals."""
    import streamlit as st  # ui/ may import Streamlit; kept local so the formatters above stay pure

    return {c: st.column_config.NumberColumn(c, format="%,.0f") for c in columns}


def stamp(moment: Any) -> str:
    """A library time (UTC datetime) as ``2026-11-22 09:41 UTC``; an empty string for none."""
    return "" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def change_value(value: Any, path: str, currency: str) -> str:
    """A value of a history entry or comparison in the unit of its field (``unit_of``): fractions as %,
    months, numbers with separators, lists of yearly amounts joined, "—" for nothing."""
    from crm_case.diff import unit_of

    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(change_value(v, path, currency) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {change_value(v, path, currency)}" for k, v in value.items()) or "—"
    if isinstance(value, (int, float)):
        unit = unit_of(path)
        if unit in {"fraction", "rate"}:
            return percent(float(value), 2 if abs(value) < 0.1 else 1)
        if unit == "months":
            return f"{value:.0f} months"
        return format_decimal(value, format="#,##0.##", locale=LOCALE)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def readiness_text(result: Any) -> str:
    """A readiness index as shown beside the other figures ("51 / 100"), or "not assessed" without one."""
    return t("readiness.not_assessed") if result is None else f"{result.index:.0f} / 100"
