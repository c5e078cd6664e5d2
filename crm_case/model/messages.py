"""Pydantic's errors as a user reads them: one line per problem, naming the field, what is wrong and what was
given (``drivers.retention.churn_after must be between 0 % and 100 %, got 150 %``); building a case from a plain
mapping with those messages."""

from __future__ import annotations

import math
from typing import Any

from pydantic import (
    ValidationError,
)

from crm_case.errors import CrmCaseError
from crm_case.model.case import Case

__all__ = [
    "case_from_dict",
    "problem_of",
    "problems_of",
]


def _where(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "case"


def _shown(value: Any) -> str:
    """What a message quotes of a value given: its repr, short. An integer of more than 15 digits is named by its
    size (Python cannot even write one of more than 4,300 digits as text); long text or lists are cut."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return f"a {int(math.log10(abs(value))) + 1:,}-digit number"
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:40]!r}... ({len(value):,} characters)"
    if isinstance(value, (list, tuple, dict)) and len(value) > 5:
        return f"{type(value).__name__} of {len(value):,} values"
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "..."


def _describe(error: Any) -> str:
    where = _where(tuple(error["loc"]))
    kind = error["type"]
    got = _Quoted(_shown(error.get("input")))
    ctx = error.get("ctx") or {}
    if kind == "too_many":
        return f"{where}: {error['msg']}"
    if kind == "missing":
        return f"{where} is required"
    if kind == "extra_forbidden":
        return f"{where} is not a known field"
    if kind in {"float_parsing", "float_type"} and isinstance(error.get("input"), int):  # beyond a float
        return f"{where} is too large for a number, got {got!r}"
    if kind in {"float_parsing", "float_type"}:
        return f"{where} must be a number, got {got!r}"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{where} must be a whole number, got {got!r}"
    if kind in {"finite_number"}:
        return f"{where} must be a finite number, got {got!r}"
    if kind in {"bool_parsing", "bool_type"}:
        return f"{where} must be true or false, got {got!r}"
    if kind in {"enum", "literal_error"}:
        return f"{where} must be one of {ctx.get('expected')}, got {got!r}"
    if kind.startswith("date"):
        return f"{where} must be a date as YYYY-MM-DD, got {got!r}"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        bounds = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "above",
            "less_than": "below",
        }
        limit = next(iter(ctx.values()))
        return f"{where} must be {bounds[kind]} {limit}, got {got!r}"
    if kind == "too_long":
        return f"{where} has {ctx.get('actual_length')} values, at most {ctx.get('max_length')} allowed"
    if kind in {"model_type", "dict_type", "tuple_type", "list_type"}:
        expected = "a list" if kind in {"tuple_type", "list_type"} else "an object"
        return f"{where} must be {expected}, got {type(error.get('input')).__name__}"
    if kind in {"string_type"}:
        return f"{where} must be text, got {got!r}"
    return f"{where} {error['msg'][0].lower()}{error['msg'][1:]}"


class _Quoted(str):
    """A value as a message quotes it (:func:`_shown`): ``{got!r}`` writes it unchanged."""

    def __repr__(self) -> str:
        return str(self)


def problem_of(error: Any) -> str:
    """One line for one error of ``ValidationError.errors()``: ``field.path what is wrong, got what``."""
    return _describe(error)


def problems_of(error: ValidationError) -> list[str]:
    """One line per problem of a pydantic ``ValidationError``: ``field.path what is wrong, got what``."""
    return [_describe(e) for e in error.errors(include_url=False)]


def case_from_dict(data: Any) -> Case:
    """Validate a plain mapping (e.g. parsed JSON) into a :class:`Case`, or raise :class:`CrmCaseError`
    naming every invalid field."""
    if not isinstance(data, dict):
        raise CrmCaseError(f"a case must be a JSON object, got {type(data).__name__}")
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        raise CrmCaseError(problems_of(error)) from None
