"""Units and value types of a case: what a number means, its bounds, and the limits a file may ask for.

Units, everywhere in the core:

* money in the case currency, as a float (:data:`Money`), never negative in an input;
* time in months (:data:`Months`) or whole years;
* rates and shares as fractions (:data:`Fraction`: ``0.10`` is 10 %); per cent exists only in messages and the
  UI, converted by :func:`to_percent` and :func:`from_percent`, the one place that does it.

Each value type carries its :class:`Unit` and its :class:`Bounds` as ``Annotated`` metadata, before its
validators (pydantic ignores both; the checks stay last, which :mod:`crm_case.excel` relies on). A field's
unit, bounds and label are read from there by :func:`crm_case.model.fields.field_info`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any

from babel.numbers import is_currency
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from crm_case.i18n import Message
from crm_case.i18n.formats import Plain

__all__ = [
    "Bounds",
    "Count",
    "CurrencyCode",
    "DiscountRate",
    "Fraction",
    "LIMITS",
    "MAX_ACTUALS",
    "MAX_CASE_JSON_BYTES",
    "MAX_CRITERIA",
    "MAX_FIGURE",
    "MAX_FIGURE_TEXT",
    "MAX_HORIZON_YEARS",
    "MAX_LINE_ITEMS",
    "MAX_METRICS",
    "MAX_NUMBER_DIGITS",
    "MAX_OBJECTIVES",
    "MAX_PARTICIPANTS",
    "MAX_ROLLOUT_MONTHS",
    "MAX_SEGMENTS",
    "MAX_SUMMARY_KEYS",
    "MAX_VENDOR_OFFERS",
    "Money",
    "Months",
    "NOT_CURRENCIES",
    "Name",
    "Number",
    "PERCENT_UNITS",
    "SCHEMA_VERSION",
    "Unit",
    "Weight",
    "from_percent",
    "to_percent",
]

MAX_HORIZON_YEARS = 10
MAX_ROLLOUT_MONTHS = 60
SCHEMA_VERSION = 1



class Unit(StrEnum):
    """What a number of the case measures; declared once, on its type (or on a field whose type is plain)."""

    MONEY = "money"
    """An amount in the case currency."""
    COUNT = "count"
    """A number of things (customers, hours, weeks...), possibly fractional."""
    FRACTION = "fraction"
    """A share or rate, 0.10 for 10 %: shown as a percentage."""
    RATE = "rate"
    """The discount rate: a fraction per year, above -100 %; shown as a percentage."""
    CHANGE = "change"
    """A relative change, -0.2 for 20 % lower: shown as a percentage."""
    MONTHS = "months"
    """Whole months."""
    YEARS = "years"
    """Whole years."""
    SCORE = "score"
    """A score on a fixed scale (0-10, 1-5)."""
    WEIGHT = "weight"
    """A relative weight, any scale (normalised where used)."""
    NUMBER = "number"
    """A number in a unit the case does not know (a metric's value, a customer aggregate, a seed)."""


PERCENT_UNITS = frozenset({Unit.FRACTION, Unit.RATE, Unit.CHANGE})
"""Units held as fractions and shown as percentages."""


@dataclass(frozen=True)
class Bounds:
    """The values a type allows, for sliders, ranges and tests (the validators enforce them, with messages).

    ``low_open`` / ``high_open``: the bound itself is excluded (the discount rate is above -100 %)."""

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False


def to_percent(fraction: float) -> float:
    """A fraction as a percentage: ``0.1 -> 10.0``.

    percent = fraction x 100, kept to 15 significant digits (the model's precision, Excel's:
    :func:`_excel_precision`), which removes the binary noise of the product (0.07 x 100 is
    7.000000000000001 in floating point, 7.0 here) and keeps every digit a case can hold. The one conversion of
    the project, with :func:`from_percent`; the UI and the messages go through it."""
    return _significant(fraction * 100)


def from_percent(percent: float) -> float:
    """A percentage as a fraction: ``10 -> 0.1``; fraction = percent / 100, kept to 15 significant digits like
    :func:`to_percent`, so ``from_percent(to_percent(x)) == x`` for every fraction a case holds."""
    return _significant(percent / 100)


def _significant(value: float) -> float:
    """``value`` rounded to 15 significant digits (inf and nan unchanged)."""
    return float(f"{value:.15g}")


# --------------------------------------------------------------------------- value types
def _pct(value: float) -> Number:
    """A fraction as a message writes it: ``0.125 -> "12.5 %"`` (:func:`to_percent`)."""
    return Plain(to_percent(value), "#,##0.#########", " %")


MAX_FIGURE = 1e12
"""No amount, count or metric of a case is larger than this in size (a trillion): far above any CRM case, and
low enough that products of several inputs stay finite and writable."""
MAX_FIGURE_TEXT = Plain(MAX_FIGURE, "#,##0")
""":data:`MAX_FIGURE` as the messages write it: 1,000,000,000,000."""

# --------------------------------------------------------------------------- limits: what a file may ask
# A case arrives from files (JSON, workbooks, votes sheets) as well as from widgets, so every list in it has a
# limit: far above any real case, low enough that every page stays fast and a saved version stays small. The
# numbers were measured (bench group ``limits``): at every limit at once a case evaluates in well under a second.
MAX_LINE_ITEMS = 1_000
"""Cost line items, and benefit line items, per case (each list). A detailed CRM budget has tens of lines, a
few hundred at most; 1,000 + 1,000 ten-year lines evaluate in about 50 ms and make about 0.7 MB of JSON."""
MAX_CRITERIA = 50
"""Advantages and disadvantages weighed. Seed 003 weighs 4; a long list has 20. Each is a column of the votes."""
MAX_PARTICIPANTS = 200
"""People scoring the criteria. A workshop has 5 to 30; 200 covers a company-wide survey. At 200 participants
x 50 criteria the votes' statistics take about 30 ms and add about 0.4 MB of JSON."""
MAX_OBJECTIVES = 50
"""Business objectives (seed 002 tracks 4)."""
MAX_METRICS = 200
"""Metrics under the objectives' strategies (4 per objective at the objectives' limit; seed 002 has 10); also
the corrective actions, one per metric."""
MAX_ACTUALS = 5_000
"""Measured values of the metrics: 200 metrics x 25 quarters, or 40 metrics monthly over a 10-year horizon."""
MAX_VENDOR_OFFERS = 20
"""Vendor offers compared side by side; a shortlist has 3 to 5."""
MAX_SEGMENTS = 100
"""Customer segments for lifetime value; a segmentation has 3 to 10 (also the segments a customer file gives)."""
MAX_SUMMARY_KEYS = 100
"""Aggregates of the last customer analysis kept in the case (about 35 are written)."""
MAX_CASE_JSON_BYTES = 6_000_000
"""Bytes of a case's JSON, checked before it is parsed (:func:`case_from_json`, so a JSON upload, the command
line and the library). A case at every limit above at once, with the longest names and 15-digit amounts, writes
4.0 MB (a test checks it stays below); a real case writes 15 to 100 kB."""
MAX_NUMBER_DIGITS = 20
"""Digits of a JSON integer: the largest field, an amount, holds 13 (:data:`MAX_FIGURE`) and the Monte Carlo
seed 10; a longer integer is refused by field before Python converts it (which stops at 4,300 digits)."""

LIMITS: MappingProxyType[str, int] = MappingProxyType({
    "line_items": MAX_LINE_ITEMS,
    "criteria": MAX_CRITERIA,
    "participants": MAX_PARTICIPANTS,
    "objectives": MAX_OBJECTIVES,
    "metrics": MAX_METRICS,
    "actuals": MAX_ACTUALS,
    "vendor_offers": MAX_VENDOR_OFFERS,
    "segments": MAX_SEGMENTS,
    "summary_keys": MAX_SUMMARY_KEYS,
    "case_json_bytes": MAX_CASE_JSON_BYTES,
    "number_digits": MAX_NUMBER_DIGITS,
})
"""Every limit by name, read-only (for the README, the pages and tests); each is also a constant above."""


def _refused(kind: str, message: Message, **ctx: Any) -> PydanticCustomError:
    """A pydantic error of type ``kind`` whose message is ``message`` (a :class:`~crm_case.i18n.Message`, kept in
    the error's ``ctx["message"]`` so :func:`crm_case.model.problem_of` writes it in any language); ``ctx`` adds
    values a reader of the error uses (the limit of a list). ``message`` is the last value of ``ctx``: pydantic
    fills the template's ``{name}``s one value after another, and a name typed in a message is never filled."""
    return PydanticCustomError(kind, "{message}", {**ctx, "message": message})


def _at_most(limit: int, what: Message) -> BeforeValidator:
    """A check, before its items are validated, that a list (or mapping) holds at most ``limit`` ``what`` (a
    plural noun, ``engine.items.*``): ``at most 200 participants (this case has 5,000)``. The error carries
    ``limit``, ``what`` and ``got`` so an import can name its sheet and the first row beyond the limit."""

    def check(value: Any) -> Any:
        if isinstance(value, (list, tuple, dict)) and len(value) > limit:
            raise _refused("too_many", Message("engine.validation.too_many", limit=Plain(limit), what=what,
                                               got=Plain(len(value))),
                           limit=limit, what=what, got=len(value))
        return value

    return BeforeValidator(check)


def _named_keys(what: Message) -> BeforeValidator:
    """Keys that are names (a criterion's, a metric's: ``what``, ``engine.item.*``) written as the model writes
    names: surrounding and repeated whitespace removed (``"Better customer experience "`` is ``"Better customer
    experience"``); two keys for the same name (also differing only in case) are refused rather than one silently
    lost."""

    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        out: dict[Any, Any] = {}
        seen: dict[str, Any] = {}
        for key, item in value.items():
            name = " ".join(key.split()) if isinstance(key, str) else key
            if isinstance(name, str):
                if name.lower() in seen:
                    raise _refused("duplicate_name", Message(
                        "engine.validation.duplicate_name", what=what, name=repr(name),
                        first=repr(seen[name.lower()]), second=repr(key)))
                seen[name.lower()] = key
            out[name] = item
        return out

    return BeforeValidator(check)


def _listed(names: list[str], shown: int = 5) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 995 more``: a message names a few, never thousands."""
    head = ", ".join(names[:shown])
    return Message("engine.list.more", names=head, more=Plain(len(names) - shown)) if len(names) > shown else head


def _excel_precision(value: float) -> float:
    """Keep 15 significant digits, Excel's precision, so a case survives a trip through a workbook (whose
    writer keeps 16) unchanged; no business figure has more. Refuse figures beyond :data:`MAX_FIGURE`."""
    if abs(value) > MAX_FIGURE:
        raise _refused("figure_size", Message("engine.validation.figure_size", limit=MAX_FIGURE_TEXT,
                                              got=f"{value:.6g}"))
    return _significant(value)


def _fraction(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise _refused("fraction_range", Message("engine.validation.fraction_range", got=_pct(value)))
    return value


def _non_negative(value: float) -> float:
    if value < 0:
        raise _refused("non_negative", Message("engine.validation.non_negative", got=f"{value:.10g}"))
    return value


def _discount_rate(value: float) -> float:
    if not -1.0 < value <= 1.0:
        raise _refused("discount_rate_range", Message("engine.validation.discount_rate_range", got=_pct(value)))
    return value


NOT_CURRENCIES = frozenset({"XXX", "XTS"})
"""ISO 4217 codes that name no money: "no currency" and "for testing"."""


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not is_currency(code) or code in NOT_CURRENCIES:
        raise _refused("currency_code", Message("engine.validation.currency_code", got=repr(value)))
    return code


_CONTROL = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters a name never holds: control characters, lone surrogates and the non-characters U+FFFE, U+FFFF."""


def _text(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise _refused("blank_text", Message("engine.validation.blank_text"))
    if _CONTROL.search(text):
        raise _refused("control_text", Message("engine.validation.control_text", got=repr(text)))
    return text


def _trim_years(values: tuple[float, ...]) -> tuple[float, ...]:
    """Trailing zero years are the same as years not given: drop them, so equal cases compare equal."""
    end = len(values)
    while end and values[end - 1] == 0:
        end -= 1
    return tuple(values[:end])


Fraction = Annotated[float, Unit.FRACTION, Bounds(0.0, 1.0), AfterValidator(_excel_precision),
                     AfterValidator(_fraction)]
"""A share or rate as a decimal fraction, 0 to 1 (0.10 is 10 %)."""
Money = Annotated[float, Unit.MONEY, Bounds(0.0, MAX_FIGURE), AfterValidator(_excel_precision),
                  AfterValidator(_non_negative)]
"""An amount in the case currency, zero or more."""
Count = Annotated[float, Unit.COUNT, Bounds(0.0, MAX_FIGURE), AfterValidator(_excel_precision),
                  AfterValidator(_non_negative)]
"""A number of things (customers, contacts, hours...), zero or more; may be fractional (FTEs)."""
Weight = Annotated[float, Unit.WEIGHT, Bounds(0.0, MAX_FIGURE), AfterValidator(_excel_precision),
                   AfterValidator(_non_negative)]
"""A relative weight (criteria, readiness areas), zero or more, any scale."""
Number = Annotated[float, Unit.NUMBER, Bounds(-MAX_FIGURE, MAX_FIGURE), AfterValidator(_excel_precision)]
"""A number in its own unit (a metric's value, a segment's margin), either sign."""
Months = Annotated[int, Unit.MONTHS, Field(ge=0, le=MAX_ROLLOUT_MONTHS)]
"""Whole months, 0 to :data:`MAX_ROLLOUT_MONTHS`."""
DiscountRate = Annotated[float, Unit.RATE, Bounds(-1.0, 1.0, low_open=True), AfterValidator(_excel_precision),
                         AfterValidator(_discount_rate)]
"""The annual discount rate as a fraction, above -1 (-100 %) and at most 1 (100 %)."""
CurrencyCode = Annotated[str, AfterValidator(_currency)]
"""An ISO 4217 currency code (upper case)."""
Name = Annotated[str, Field(max_length=120), AfterValidator(_text)]
"""A name: one line of at most 120 characters, whitespace collapsed, not blank."""
