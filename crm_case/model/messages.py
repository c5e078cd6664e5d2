"""Pydantic's errors as a user reads them: one line per problem, naming the field, what is wrong and what was
given (``drivers.retention.churn_after must be between 0 % and 100 %, got 150 %``); building a case from a plain
mapping with those messages."""

from __future__ import annotations

import math
from typing import Any

from pydantic import ValidationError

from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model.analyses import _PERIOD
from crm_case.model.case import Case

__all__ = [
    "case_from_dict",
    "problem_of",
    "problems_of",
    "what_of",
]


def _where(loc: tuple[str | int, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or Message("engine.where.case")


def _shown(value: Any) -> str:
    """What a message quotes of a value given: its repr, short. An integer of more than 15 digits is named by its
    size (Python cannot even write one of more than 4,300 digits as text); long text or lists are cut."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**15:
        return Message("engine.value.long_number", digits=Plain(int(math.log10(abs(value))) + 1))
    if isinstance(value, str) and len(value) > 60:
        return Message("engine.value.long_text", start=repr(value[:40]), length=Plain(len(value)))
    if isinstance(value, (list, tuple, dict)) and len(value) > 5:
        return Message(f"engine.value.many.{type(value).__name__}", count=Plain(len(value)))
    text = repr(value)
    return text if len(text) <= 80 else text[:60] + "..."


_BOUNDS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}
_SIMPLE = {
    "float_parsing": "number", "float_type": "number",
    "int_parsing": "whole_number", "int_type": "whole_number", "int_from_float": "whole_number",
    "finite_number": "finite_number",
    "bool_parsing": "bool", "bool_type": "bool",
    "string_type": "text",
}
"""Pydantic's error types -> the ``engine.validation.*`` message saying what is wrong with the value given
(``{got}``)."""


def _one_of(expected: str) -> str:
    """Pydantic's ``'a', 'b' or 'c'`` with its "or" in the reader's language."""
    head, sep, last = str(expected).rpartition(" or ")
    return Message("engine.list.or", items=head, last=last) if sep else str(expected)


def what_of(error: Any) -> Message:
    """What is wrong, as one error of ``ValidationError.errors()`` says it, without naming where: ``must be between
    0 % and 100 %, got 150 %`` (for a reader that names the place itself, such as a workbook's cell)."""
    kind = error["type"]
    value = error.get("input")
    got = _shown(value)
    ctx = error.get("ctx") or {}
    if isinstance(ctx.get("message"), Message):  # the model's own checks (crm_case.model.units._refused)
        return ctx["message"]
    if kind in {"missing", "extra_forbidden"}:
        return Message(f"engine.validation.{kind}")
    if kind in {"float_parsing", "float_type"} and isinstance(value, int) and not isinstance(value, bool):
        return Message("engine.validation.too_large", got=got)  # an integer beyond a float
    if kind in _SIMPLE:
        return Message(f"engine.validation.{_SIMPLE[kind]}", got=got)
    if kind in {"enum", "literal_error"}:
        return Message("engine.validation.one_of", expected=_one_of(ctx.get("expected")), got=got)
    if kind.startswith("date"):
        return Message("engine.validation.date", got=got)
    if kind in _BOUNDS:
        return Message(f"engine.validation.{kind}", limit=next(iter(ctx.values())), got=got)
    if kind == "too_long":
        return Message("engine.validation.too_long", count=ctx.get("actual_length"), limit=ctx.get("max_length"))
    if kind == "string_too_long":
        return Message("engine.validation.string_too_long", limit=ctx.get("max_length"), got=got)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == _PERIOD:
        return Message("engine.validation.period", got=got)
    if kind in {"model_type", "dict_type", "tuple_type", "list_type"}:
        expected = "list" if kind in {"tuple_type", "list_type"} else "object"
        return Message(f"engine.validation.{expected}", type=type(value).__name__)
    detail = error["msg"]
    return Message("engine.validation.other", detail=detail[0].lower() + detail[1:])


def problem_of(error: Any, where: str | None = None) -> Message:
    """One line for one error of ``ValidationError.errors()``: ``field.path what is wrong, got what``; ``where``
    names the place instead of the error's field path."""
    where = _where(tuple(error["loc"])) if where is None else where
    key = "engine.validation.problem_listed" if error["type"] == "too_many" else "engine.validation.problem"
    return Message(key, where=where, what=what_of(error))


def problems_of(error: ValidationError) -> list[Message]:
    """One line per problem of a pydantic ``ValidationError``: ``field.path what is wrong, got what``."""
    return [problem_of(e) for e in error.errors(include_url=False)]


def case_from_dict(data: Any) -> Case:
    """Validate a plain mapping (e.g. parsed JSON) into a :class:`Case`, or raise :class:`CrmCaseError`
    naming every invalid field."""
    if not isinstance(data, dict):
        raise CrmCaseError(Message("engine.json.not_an_object", type=type(data).__name__))
    try:
        return Case.model_validate(data)
    except ValidationError as error:
        raise CrmCaseError(problems_of(error)) from None
