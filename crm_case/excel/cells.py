"""Reading one cell of an uploaded workbook: an amount, a rate, or a Key | Value cell as its field expects.

Blank amounts are 0; numbers typed as text are read only when they have one reading
(:func:`crm_case.numbers.parse_number`: ``1'234.50``, ``1.234,50``, ``CHF 1 234``; ``5.000`` is refused as 5 or
5,000 unless the workbook's Number format row settles it); a ``%`` is read only where the model's field is a rate
(:func:`_expected`). Each problem names its cell: ``Costs!C2: 'abc' is not a number; expected an amount``.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from crm_case.excel.layout import KEY_VALUE_SHEETS, TEXT_KEYS, case_path
from crm_case.excel.words import problem
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model import (
    Actual,
    Case,
    CustomerValue,
    DiscountRate,
    Fraction,
    InputRange,
    Metric,
    Money,
)
from crm_case.model.fields import unwrap_annotation
from crm_case.numbers import NumberTextError, parse_number


def wanted(key: str, /, **values: Any) -> Message:
    """What a cell must hold, for a message (``excel.what.<key>``: ``an amount``, ``a rate (15 % or 0.15)``)."""
    return Message(f"excel.what.{key}", **values)


AMOUNT = wanted("amount")
NUMBER = wanted("number")


def read_number(value: Any, where: str, problems: list[str], *, what: str = AMOUNT, locale: str | None = None,
                percent: bool = False) -> float | None:
    """A cell as a float: blank is 0; text is read by :func:`crm_case.numbers.parse_number` with the
    workbook's ``locale`` (its Number format row) and ``percent`` where a rate is expected; dates, text that
    is not a number, ambiguous or malformed spellings are problems naming the cell (``where``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0.0
    if isinstance(value, bool):
        problems.append(problem("not_what", where=where, value=value, what=what))
        return None
    if isinstance(value, (int, float)):
        number = float(value) if abs(value) < 1e308 else math.inf
        if not math.isfinite(number):
            shown = (Message("excel.value.digits", count=Plain(int(math.log10(abs(value))) + 1))
                     if isinstance(value, int) else f"{value:.6g}")
            problems.append(problem("not_finite", where=where, value=shown, what=what))
            return None
        return number
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        problems.append(problem("date_value", where=where, date=f"{value:%Y-%m-%d}", what=what)
                        if not isinstance(value, dt.time) else problem("time_value", where=where, what=what))
        return None
    try:
        return parse_number(str(value), locale=locale, percent=percent, what=what)
    except NumberTextError as error:
        problems.append(cell_problem(where, error))
        return None


def cell_problem(where: str, error: Exception) -> Message:
    """``Sheet!Cell: <the error's message>``: the error's problem (a :class:`~crm_case.i18n.Message` where the
    engine wrote one, so it is shown in the reader's language too) after the cell."""
    problems = getattr(error, "problems", None)
    return problem("cell", where=where, problem=problems[0] if problems and len(problems) == 1 else str(error))


def read_fraction(value: Any, where: str, problems: list[str], what: str, locale: str | None = None) -> float | None:
    """A rate from 0 to 1 (15 %, 0.15 or the text '15 %'); out of range is a problem naming the cell."""
    number = read_number(value, where, problems, what=what, locale=locale, percent=True)
    if number is not None and not 0 <= number <= 1:
        problems.append(problem("fraction", where=where, value=Plain(number * 100), what=what))
        return None
    return number


RATE_CHECKS = frozenset(get_args(rate)[-1].func for rate in (Fraction, DiscountRate))
"""The validators that make a field a rate: the last check of :data:`~crm_case.model.Fraction` (0 % to 100 %)
and of :data:`~crm_case.model.DiscountRate`. Only a field carrying one reads ``12 %`` as 0.12."""
PERCENT_FIELDS = frozenset({(CustomerValue, "top_share"), (InputRange, "low"), (InputRange, "high")})
"""Shares and relative changes bounded otherwise than a Fraction (the top share is above 0 and below 1, a
range's ends are -100 % to +1,000 %); a % is read there too. The export writes these cells, like every rate, as
percentages."""
_NON_NEGATIVE = get_args(Money)[-1].func
"""The last check of :data:`~crm_case.model.Money` and :data:`~crm_case.model.Count` (one object: typing caches
equal ``Annotated`` types, so the two, and ``Weight``, cannot be told apart by their checks)."""


METRIC_VALUES = frozenset({(Metric, "baseline"), (Metric, "target"), (Actual, "value")})
"""A metric's values, in its own unit: a % metric holds fractions (0.12), yet a ``%`` is not read there, since a
metric in points or days would read ``12 %`` as 0.12 too."""


@dataclass(frozen=True)
class _Expected:
    """What a Key | Value cell holds, from its field's type: ``kind`` "number", "bool" or "text"; ``percent``
    whether a % is read (a rate); ``what`` for messages."""

    kind: str
    percent: bool = False
    what: Message = NUMBER


def _expected(sheet: str, key: str) -> _Expected | None:
    """What the field that ``key`` of ``sheet`` addresses (:func:`~crm_case.excel.layout.case_path`) holds, read
    from the model's annotations; ``None`` for a key the model does not know (the model or the sheet's decoder
    names it).

    A float field is a rate, read with its %, when its type is a :data:`~crm_case.model.Fraction` or a
    :data:`~crm_case.model.DiscountRate` (:data:`RATE_CHECKS`) or it is one of :data:`PERCENT_FIELDS`; every other
    number refuses a % (``reps = 50 %`` is not half a rep). A bool is never read from a number's spelling."""
    if sheet not in KEY_VALUE_SHEETS or not all(key.split(".")):
        return None
    parts = case_path(sheet, key).split(".")
    annotation: Any = Case
    metadata: list[Any] = []
    owner: tuple[Any, str] | None = None
    index = 0
    while index < len(parts):
        annotation, more = unwrap_annotation(annotation)
        metadata += more
        part = parts[index]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part)
            if info is None:
                return None
            owner, annotation, metadata = (annotation, part), info.annotation, list(info.metadata)
        elif get_origin(annotation) in (tuple, list) and part.isdigit():
            annotation, metadata = get_args(annotation)[0], []
        elif get_origin(annotation) is dict:
            annotation, metadata = get_args(annotation)[1], []
            index = len(parts)  # summary.tier.top.customers: the rest of the key is the mapping's key
            continue
        else:
            return None
        index += 1
    annotation, more = unwrap_annotation(annotation)
    metadata += more
    if annotation is bool:
        return _Expected("bool", what=wanted("bool"))
    if isinstance(annotation, type) and issubclass(annotation, (str, enum.Enum, dt.date)):
        return _Expected("text", what=wanted("text"))
    if annotation not in (int, float):
        return None
    if annotation is float and (owner in PERCENT_FIELDS or
                                any(getattr(m, "func", None) in RATE_CHECKS for m in metadata)):
        return _Expected("number", percent=True, what=wanted("rate"))
    if owner in METRIC_VALUES:
        return _Expected("number", what=wanted("metric"))
    if owner is not None and owner[1].rstrip("s").endswith("weight"):
        return _Expected("number", what=wanted("weight"))
    if any(getattr(m, "func", None) is _NON_NEGATIVE for m in metadata):
        return _Expected("number", what=wanted("count"))
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    kind = "whole" if annotation is int else "number"
    return _Expected("number", what=wanted(kind) if low is None or high is None else
                     wanted(f"{kind}_range", low=Plain(low), high=Plain(high)))


def read_text_value(text: str, key: str, sheet: str, where: str, problems: list[str], locale: str | None) -> Any:
    """A Key | Value cell holding text, read as its field expects (:func:`_expected`): the number it spells
    (``1'234.50``, ``EUR 1,234.50``; ``12 %`` -> 0.12 only for a rate), else the text unchanged for the model to
    validate. A % where no rate is expected, an ambiguous (``5.000``), malformed or non-finite spelling is a
    problem naming the cell; text keys (:data:`TEXT_KEYS`, ``replaces.<n>``), text and bool fields (read by the
    model as true/false, yes/no, 1/0: never ``100 %``) and unknown keys are never read as a number."""
    if key.rsplit(".", 1)[-1] in TEXT_KEYS or key.startswith("replaces."):
        return text
    expected = _expected(sheet, key)
    if expected is None or expected.kind == "text":
        return text
    if expected.kind == "bool":
        return text.strip()
    try:
        return parse_number(text, locale=locale, percent=expected.percent, what=expected.what)
    except NumberTextError as error:
        if error.kind in {"ambiguous", "malformed", "not_finite", "format", "percent"}:
            problems.append(cell_problem(where, error))
        # refused already: a number in its place keeps the model from naming the cell a second time
        if error.kind == "ambiguous" and error.readings:
            return error.readings[0]
        if error.kind == "percent":
            try:
                return parse_number(text, locale=locale, percent=True)
            except NumberTextError:
                pass
        return text
