"""Numbers, money, percentages, months and dates as a reader of each language writes them (babel, CLDR data):
``€556,781`` in English, ``556.781 €`` in Spanish, ``€556,781`` in Traditional Chinese; compact figures
``€1.2M`` / ``1,2 M€`` / ``€55.7萬``. Pure functions of (value, language); the app, the PDF, the deck and the
command line all write figures through them.

English keeps the app's own conventions where CLDR's differ: a space before ``%`` (``12.3 %``), compact figures
with a lower-case ``k`` and no space (``€556.8k``), and library times as ``2026-11-22 09:41 UTC``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_compact_currency, format_currency, format_decimal, get_currency_symbol

from crm_case.i18n import DEFAULT, PSEUDO, locale_of, text

__all__ = [
    "Chance",
    "ENGLISH_COMPACT",
    "HUGE",
    "Money",
    "Months",
    "Percent",
    "Plain",
    "chance",
    "date",
    "money",
    "month",
    "months",
    "number",
    "percent",
    "stamp",
    "symbol",
]

ENGLISH_COMPACT = ((10**9, "bn"), (10**6, "M"), (10**3, "k"))
"""English short forms as the app writes them (``€1.2M``, ``€556.8k``), not CLDR's ``K`` and ``B``: money here and
the charts' axes (ui.charts) both use them."""
HUGE = 1e15
"""From this size on a figure is written in powers of ten (``€1.2e+18``): no case should get there, and babel's
decimal arithmetic cannot write figures of 28 digits and more."""


def _english(language: str) -> bool:
    return language in (DEFAULT, PSEUDO)


def _missing(value: float | None) -> bool:
    return value is None or not math.isfinite(value)


def _na(language: str) -> str:
    return text(language, "format.na")


def symbol(currency: str, language: str) -> str:
    """The currency's symbol as the language writes it (``€``; ``EUR`` in Romanian and Ukrainian, as CLDR has
    it), or its code when it has none."""
    return get_currency_symbol(currency, locale=locale_of(language))


@cache
def _compacts(language: str) -> frozenset[int]:
    """The powers of ten the language writes in a compact form (Italian has no short form of thousands)."""
    patterns = Locale.parse(locale_of(language)).compact_decimal_formats["short"]["other"]
    return frozenset(int(size) for size, pattern in patterns.items() if pattern.pattern.strip("¤ ") != "0")


def _decimal(value: float, pattern: str, locale: str) -> str:
    """``babel.numbers.format_decimal(value, format=pattern, locale=locale)``, remembered (:func:`_formatted`)."""
    return _formatted("decimal", value, math.copysign(1.0, value), pattern, locale)


def _currency(value: float, currency: str, locale: str, pattern: str) -> str:
    """``format_currency`` of a whole amount with ``pattern``, remembered (:func:`_formatted`)."""
    return _formatted(currency, value, math.copysign(1.0, value), pattern, locale)


@lru_cache(maxsize=16_384)
def _formatted(kind: str, value: float, sign: float, pattern: str, locale: str) -> str:
    """Babel's formatting of ``value`` (``kind``: ``"decimal"``, or a currency code), remembered per process for the
    16,384 last distinct figures (about 2 MB): a figure costs about 0.1 ms to format, and a page writes hundreds,
    most of them the same from one change to the next (the ranges' ends, the scenarios' inputs). ``sign`` keeps
    -0.0 apart from 0.0 (equal as keys). The result depends on its arguments only."""
    del sign
    if kind == "decimal":
        return format_decimal(value, format=pattern, locale=locale)
    return format_currency(value, kind, locale=locale, currency_digits=False, format=pattern)


def money(value: float | None, currency: str, language: str = DEFAULT, *, compact: bool = False) -> str:
    """An amount with its currency and no cents, in the language's pattern: ``€1,234,568``, ``1.234.568 €``,
    ``-556 781 EUR``. ``compact`` writes the language's short form from thousands on (``€1.2M``, ``1,2 M€``,
    ``€55.7萬``), or the full amount where the language has none at that size. "n/a" (in the language) for no
    figure; powers of ten from :data:`HUGE` on."""
    if _missing(value):
        return _na(language)
    assert value is not None
    locale = locale_of(language)
    if abs(value) >= HUGE:
        return f"{'-' if value < 0 else ''}{symbol(currency, language)}{abs(value):.2g}"
    if compact and abs(value) >= 1_000:
        if _english(language):
            for size, suffix in ENGLISH_COMPACT:
                if abs(value) >= size:
                    number_ = _decimal(abs(value) / size, "#,##0.0", locale)
                    return f"{'-' if value < 0 else ''}{symbol(currency, language)}{number_}{suffix}"
        if 10 ** int(math.log10(abs(value))) in _compacts(language):
            return format_compact_currency(value, currency, locale=locale, fraction_digits=1)
    return _currency(round(value), currency, locale, _whole(language))


@cache
def _whole(language: str) -> str:
    """The language's currency pattern without decimals (``¤#,##0.00`` -> ``¤#,##0``), each of its two halves."""
    pattern = Locale.parse(locale_of(language)).currency_formats["standard"].pattern
    return ";".join(part.replace("0.00", "0") for part in pattern.split(";"))


@cache
def _percent_pattern(language: str) -> str:
    return Locale.parse(locale_of(language)).percent_formats[None].pattern


def number(value: float | None, language: str = DEFAULT, pattern: str = "#,##0.##") -> str:
    """A plain number with the language's separators (``1,234.5``, ``1.234,5``, ``1 234,5``)."""
    if _missing(value):
        return _na(language)
    if abs(value) >= HUGE:
        return f"{value:.2g}"
    return _decimal(value, pattern, locale_of(language))


def percent(value: float | None, language: str = DEFAULT, digits: int = 1) -> str:
    """A fraction as per cent with ``digits`` decimals, in the language's pattern: 0.1234 -> ``12.3 %`` (English
    as this app writes it, Spanish, Romanian), ``12,3%`` (Italian), ``12.3%`` (Chinese)."""
    if _missing(value):
        return _na(language)
    assert value is not None
    figure = number(value * 100, language, "#,##0." + "0" * digits if digits else "#,##0")
    if _english(language):
        return f"{figure} %"
    pattern = _percent_pattern(language)
    return pattern.replace("#,##0", figure, 1) if "#,##0" in pattern else f"{figure} %"


def chance(value: float | None, language: str = DEFAULT) -> str:
    """A probability from a simulation as whole per cent, never a certainty it cannot show: ``> 99 %`` when at
    least 99.5 % of the runs agree (all of them included), ``< 1 %`` when fewer than 0.5 % do."""
    if _missing(value):
        return _na(language)
    assert value is not None
    if value >= 0.995:
        return f"> {percent(0.99, language, 0)}"
    if value < 0.005:
        return f"< {percent(0.01, language, 0)}"
    return percent(value, language, 0)


def months(value: float | None, language: str = DEFAULT, digits: int = 1) -> str:
    """Months with ``digits`` decimals, in words of the language: ``14.2 months``, ``14,2 meses``, ``14.2 個月``."""
    if _missing(value):
        return _na(language)
    assert value is not None
    figure = number(value, language, "#,##0." + "0" * digits if digits else "#,##0")
    return text(language, "format.months", value=figure)


def date(day: dt.date, language: str = DEFAULT, style: str = "long") -> str:
    """A date as the language writes it: ``December 1, 2026``, ``1 de diciembre de 2026``, ``2026年12月1日``
    (CLDR's ``long`` style; ``medium``, ``short`` or a pattern such as ``MMMM y`` for a month)."""
    return format_date(day, format=style, locale=locale_of(language))


def month(day: dt.date, language: str = DEFAULT) -> str:
    """A month and year as the language writes them (CLDR's ``yMMMM`` skeleton): ``March 2026``,
    ``marzo de 2026``, ``2026年3月``, ``березень 2026 р.``."""
    return format_skeleton("yMMMM", day, locale=locale_of(language))


def stamp(moment: dt.datetime | None, language: str = DEFAULT) -> str:
    """A library time (UTC) for a history: ``2026-11-22 09:41 UTC`` in English, the language's medium date and
    short time otherwise (``22 nov 2026, 9:41 UTC``); an empty string for none."""
    if moment is None:
        return ""
    if _english(language):
        return f"{moment:%Y-%m-%d %H:%M} UTC"
    locale = locale_of(language)
    return f"{format_date(moment, 'medium', locale=locale)} {format_datetime(moment, 'HH:mm', locale=locale)} UTC"


@dataclass(frozen=True)
class Money:
    """An amount as a value of a :class:`~crm_case.i18n.Message`: written by :func:`money` in the reader's
    language when the message is."""

    value: float | None
    currency: str
    compact: bool = False

    def in_language(self, language: str) -> str:
        return money(self.value, self.currency, language, compact=self.compact)


@dataclass(frozen=True)
class Percent:
    """A fraction as a message's value, written as per cent by :func:`percent` (0.1 -> ``10 %``)."""

    value: float | None
    digits: int = 0

    def in_language(self, language: str) -> str:
        return percent(self.value, language, self.digits)


@dataclass(frozen=True)
class Chance:
    """A probability from a simulation as a message's value, written by :func:`chance`."""

    value: float | None

    def in_language(self, language: str) -> str:
        return chance(self.value, language)


@dataclass(frozen=True)
class Months:
    """A number of months as a message's value, written by :func:`months` (``14.2 months``)."""

    value: float | None
    digits: int = 1

    def in_language(self, language: str) -> str:
        return months(self.value, language, self.digits)


@dataclass(frozen=True)
class Plain:
    """A plain number as a message's value, written with the reader's separators by :func:`number` (``5,000`` in
    English, ``5.000`` in Spanish: a reading quoted in a message must not be misread), then ``suffix``."""

    value: float | None
    pattern: str = "#,##0.##############"
    suffix: str = ""

    def in_language(self, language: str) -> str:
        return number(self.value, language, self.pattern) + self.suffix
