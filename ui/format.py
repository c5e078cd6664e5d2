"""Numbers for people: money, percentages, months and times in the viewer's language
(:mod:`crm_case.i18n.formats`, babel), in one place."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from babel.numbers import format_currency

from crm_case.i18n import formats
from crm_case.i18n import locale_of as _locale_of
from ui.i18n import language, t


def symbol(currency: str) -> str:
    """The currency's symbol in the viewer's language (``€``), or its code when it has none."""
    return formats.symbol(currency, language())


def money(value: float | None, currency: str, *, compact: bool = False) -> str:
    """``€1,234,568`` / ``1.234.568 €``: the amount with the currency, no cents; ``compact`` gives ``€1.2M`` /
    ``1,2 M€`` / ``€120萬`` (:func:`crm_case.i18n.formats.money`)."""
    return formats.money(value, currency, language(), compact=compact)


def percent(value: float | None, digits: int = 1) -> str:
    """A fraction as per cent: 0.1234 -> ``12.3 %`` (``12,3%`` in Italian...)."""
    return formats.percent(value, language(), digits)


def chance(value: float | None) -> str:
    """A probability from a simulation as whole per cent, ``> 99 %`` / ``< 1 %`` at the ends."""
    return formats.chance(value, language())


def months(value: float | None) -> str:
    """Months with one decimal: ``14.2 months`` / ``14,2 meses``."""
    return formats.months(value, language())


def joined(items: Iterable[str]) -> str:
    """Items of a list in a sentence, separated as the viewer's language does (``a, b`` / ``a、b``)."""
    return t("format.list").join(items)


def clauses(items: Iterable[str], *, end: bool = False) -> str:
    """Clauses of one sentence (``a; b`` / ``a；b``), with the language's full stop when ``end``."""
    text = t("format.clauses").join(items)
    return text + t("format.end") if end and text else text


def month_year(day) -> str:
    """A month as the viewer's language writes it: ``March 2026``, ``marzo de 2026``, ``2026年3月``."""
    return formats.month(day, language())


def number(value: float | None, pattern: str = "#,##0.##") -> str:
    """A plain number with the viewer's separators."""
    return formats.number(value, language(), pattern)


def unbroken(figure: str) -> str:
    """``figure`` (a formatted amount, per cent...) as one unbreakable word: its spaces no-break (U+00A0) and a
    minus sign joined to what follows it (U+2060 WORD JOINER), so that a narrow metric card never wraps ``-`` away
    from ``€141.4k`` or ``30`` away from ``%``. For text shown in a card; the figure reads and copies the same."""
    import re

    return re.sub(r"(?<![\w\u2060])([-\u2212])(?=\S)", "\\1\u2060", figure.replace(" ", "\u00a0"))


def input_value(value: float | None, unit: str, currency: str) -> str:
    """An input of the risk analysis in its unit: money, ``12.5 %`` (fraction, rate), ``7 months``, ``x1.20``
    (a multiplier of line items) or a count with separators."""
    if value is None or value != value:
        return t("format.na")
    if unit == "money":
        if abs(value) >= 100:
            return money(value, currency)
        return format_currency(value, currency, locale=_locale_of(language()))
    if unit in {"fraction", "rate"}:
        return percent(value, 2 if abs(value) < 0.1 else 1)
    if unit == "months":
        return formats.months(value, language(), 0)
    if unit == "multiplier":
        return f"×{number(value, '0.00')}"
    return number(value)


GRID_PADDING = 18
"""Pixels of a table grid cell's padding (8 px each side) and its border."""
GRID_HEADER_ICON = 22
"""Pixels of the type icon (and its gap) an editable column's header draws before its title."""


_NARROW = frozenset("fijlrtI!()[]:;|/-")
_WIDE = frozenset("mwMW%")


@functools.lru_cache(maxsize=16384)
def _grid_pixels(text: str, *, header: bool = False) -> float:
    """Width of ``text`` in Streamlit's table grid (13 px, measured in Chromium): a digit 8.2 px, a separator or
    space 3.6 px, a narrow letter (i, l, t...) 3.6 px, m or w 10 px, another capital 7.4 px, another letter 6.2 px,
    an East Asian wide character 13.5 px; a header (semibold) 6 % wider. Kept per process (16,384 texts): the
    tables size their columns on every run, mostly from the same texts."""
    from unicodedata import east_asian_width

    def one(ch: str) -> float:
        if ch.isdigit():
            return 8.2
        if ch in ",.'\u00a0\u202f " or ch in _NARROW:
            return 3.6
        if east_asian_width(ch) in "WF":
            return 13.5
        if ch in _WIDE:
            return 10.0
        return 7.4 if ch.isupper() else 6.2

    return sum(one(ch) for ch in text) * (1.06 if header else 1.0)


def column_width(cells: Iterable[str], header: str = "", *, editable: bool = True, minimum: int = 44,
                 maximum: int = 400) -> int:
    """Pixels a table column needs to show its ``cells`` and its ``header`` whole, between ``minimum`` and
    ``maximum`` (longer text is cut with an ellipsis; the cell shows all of it when opened): the widest text
    (:func:`_grid_pixels`) plus :data:`GRID_PADDING`, the header's icon too when ``editable``. The cost, benefit,
    ranges and offers tables size every column with it, so that a budget's years fit a 1024 px screen."""
    widest = max((_grid_pixels(c) for c in cells), default=0.0)
    head = _grid_pixels(header, header=True) + (GRID_HEADER_ICON if editable else 0)
    return int(min(max(widest, head) + GRID_PADDING, maximum) if max(widest, head) + GRID_PADDING > minimum
               else minimum)


def amount_columns(columns: list[str]) -> dict[str, Any]:
    """``st.dataframe`` column settings that show money with thousands separators and no decimals."""
    import streamlit as st  # ui/ may import Streamlit; kept local so the formatters above stay pure

    return {c: st.column_config.NumberColumn(c, format="%,.0f") for c in columns}


def stamp(moment: Any) -> str:
    """A library time (UTC datetime) as ``2026-11-22 09:41 UTC``; an empty string for none."""
    return formats.stamp(moment, language())


def change_value(value: Any, path: str, currency: str) -> str:
    """A value of a history entry or comparison in the unit of its field (``unit_of``): fractions as %,
    months, numbers with separators, lists of yearly amounts joined, "—" for nothing."""
    from crm_case.diff import unit_of

    if value is None:
        return "—"
    if isinstance(value, bool):
        return t("format.yes") if value else t("format.no")
    if isinstance(value, list):
        return joined(change_value(v, path, currency) for v in value) or "—"
    if isinstance(value, dict):
        return joined(f"{k}: {change_value(v, path, currency)}" for k, v in value.items()) or "—"
    if isinstance(value, (int, float)):
        unit = unit_of(path)
        if unit in {"fraction", "rate"}:
            return percent(float(value), 2 if abs(value) < 0.1 else 1)
        if unit == "months":
            return formats.months(value, language(), 0)
        return number(value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def readiness_text(result: Any) -> str:
    """A readiness index as shown beside the other figures ("51 / 100"), or "not assessed" without one."""
    return t("readiness.not_assessed") if result is None else f"{result.index:.0f} / 100"


INPUT_PATTERN = "#,##0.##"
"""How a number input shows its amount: thousands grouped as the viewer's language groups them, up to two
decimals, none when whole (``1,250,000`` / ``1.250.000`` / ``1 250 000`` / ``2.5``)."""


def number_text(value: float | None) -> str:
    """The text a number input shows for ``value`` (:data:`INPUT_PATTERN` in the viewer's language); an empty
    text for none. :func:`read_number` reads it back to the same value."""
    if value is None or value != value:
        return ""
    return number(value, INPUT_PATTERN)


def read_number(text: str) -> float:
    """The number the viewer typed into a number input, read with the Excel import's parser
    (:func:`crm_case.numbers.parse_number`) in the number format of the viewer's language (decimal mark and
    thousands separator from babel: ``1,250,000.5`` in English, ``1.250.000,5`` in Spanish, ``1 250 000,5`` in
    Ukrainian; spaces and apostrophes always group; a currency symbol or code is allowed); never guessed.

    Rules (raise :class:`crm_case.errors.CrmCaseError` with a message in the viewer's language):

    * a spelling the language's format cannot read is refused, not read another way: ``1,5`` or ``1.234,5`` in
      English, ``1,234.5`` in Spanish (``input.format``, with an example of the language's spelling);
    * one mark followed by exactly three digits (``5.000``, ``12,500``) is read as thousands when the language
      groups digits with that mark (``12,500`` in English, ``12.500`` in Spanish: what the input itself shows);
      where the mark is the language's decimal mark (``5.000`` in English, ``5,000`` in Spanish) it is refused as
      ambiguous with both readings (``input.ambiguous``): the other convention's reader meant five thousand,
      and no amount here needs three decimals;
    * anything else the parser refuses (no digits, a %, a second sign...) with its own message.

    Zero or more is the engine's rule (the field's validation), not this function's."""
    from crm_case.errors import CrmCaseError
    from crm_case.numbers import NumberTextError, parse_number

    locale = _locale_of(language())
    typed = str(text).strip()
    example = number_text(1_234_567.89)
    try:
        value = parse_number(typed, locale=locale)
    except NumberTextError as error:
        if error.kind == "format":
            raise CrmCaseError(t("input.format", text=repr(typed), example=example)) from None
        raise CrmCaseError(error.problems) from None
    try:
        parse_number(typed)
    except NumberTextError as error:
        if error.kind == "ambiguous" and error.readings and value == error.readings[0] != error.readings[1]:
            decimal, thousands = error.readings
            raise CrmCaseError(t("input.ambiguous", text=repr(typed), decimal=number_text(decimal),
                                 thousands=number_text(thousands), example=example)) from None
    return value
