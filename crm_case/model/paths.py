"""Changing and storing a case: set fields by dotted path (:func:`with_values`, the one way to change a case),
read one (:func:`value_at`), apply a rollout preset, write and read JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model.case import Case
from crm_case.model.messages import _where, case_from_dict
from crm_case.model.parts import ROLLOUT_PRESETS, CrmType
from crm_case.model.units import (
    MAX_CASE_JSON_BYTES,
    MAX_FIGURE_TEXT,
    MAX_NUMBER_DIGITS,
)

__all__ = [
    "apply_preset",
    "case_from_json",
    "case_to_json",
    "check_json_size",
    "value_at",
    "with_value",
    "with_values",
]


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.3g} MB"


def check_json_size(size: int) -> None:
    """:class:`CrmCaseError` when ``size`` bytes of JSON are more than a case may have
    (:data:`MAX_CASE_JSON_BYTES`); call it with a file's or an upload's size before reading it."""
    if size > MAX_CASE_JSON_BYTES:
        raise CrmCaseError(Message("engine.json.too_large", limit=_megabytes(MAX_CASE_JSON_BYTES),
                                   bytes=Plain(MAX_CASE_JSON_BYTES), size=Plain(size)))


class _LongInteger(str):
    """The digits of a JSON integer longer than :data:`MAX_NUMBER_DIGITS`, kept as text so that Python never
    converts it (which fails at 4,300 digits) and the field holding it can be named."""


def _long_integers(data: Any) -> list[str]:
    """One problem per :class:`_LongInteger` in parsed JSON, naming its field (iterative: the JSON may be
    nested as deeply as the parser allows)."""
    problems = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, _LongInteger):
            digits = len(node.lstrip("-"))
            problems.append(Message("engine.json.long_number", where=_where(loc), digits=Plain(digits),
                                    limit=MAX_NUMBER_DIGITS, largest=MAX_FIGURE_TEXT))
        elif isinstance(node, dict):
            stack.extend((value, (*loc, str(key))) for key, value in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((value, (*loc, i)) for i, value in reversed(list(enumerate(node))))
    return problems


def case_from_json(text: str | bytes) -> Case:
    """Parse a case saved by :func:`case_to_json`; :class:`CrmCaseError` when it is not valid JSON or
    breaks a rule, with the line and column or the field named.

    Before parsing, the size is checked (:func:`check_json_size`); an integer of more than
    :data:`MAX_NUMBER_DIGITS` digits is refused naming its field (``drivers.retention.customers is a number of
    5,001 digits...``), never converted."""
    if len(text) > MAX_CASE_JSON_BYTES:  # a character is at least a byte: no need to encode a huge text
        check_json_size(len(text))
    check_json_size(len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass")))
    long_found: list[bool] = []

    def integer(digits: str) -> int | str:
        if len(digits) > MAX_NUMBER_DIGITS + digits.startswith("-"):
            long_found.append(True)
            return _LongInteger(digits)
        return int(digits)

    try:
        data = json.loads(text, parse_int=integer)
    except RecursionError:
        raise CrmCaseError(Message("engine.json.too_deep")) from None
    except json.JSONDecodeError as error:
        raise CrmCaseError(Message("engine.json.invalid_at", reason=error.msg, line=error.lineno,
                                   column=error.colno, position=error.pos)) from None
    except (ValueError, OverflowError) as error:  # UnicodeDecodeError
        raise CrmCaseError(Message("engine.json.invalid", reason=str(error))) from None
    if long_found:
        raise CrmCaseError(_long_integers(data))
    try:
        return case_from_dict(data)
    except RecursionError:
        raise CrmCaseError(Message("engine.json.case_too_deep")) from None


def case_to_json(case: Case) -> str:
    """The case as indented JSON; :func:`case_from_json` reads it back to an equal case."""
    return case.model_dump_json(indent=2)


def with_values(case: Case, changes: Mapping[str, Any]) -> Case:
    """A copy of ``case`` with each dotted ``path`` of ``changes`` (e.g. ``"drivers.retention.churn_after"``,
    ``"costs.2.initial"``, or a whole list such as ``"costs"``) set to its value, validated as one new case.

    The one way to change a case: widgets, tables, pages and imports all come through here. Raises
    :class:`CrmCaseError` with one problem per refused path (a path that is not a field of the case, or a value
    that breaks a rule, named by its field); ``case`` itself is never changed (it is frozen).
    """
    data = case.model_dump(mode="json")
    unknown = []
    for path, value in changes.items():
        parts = path.split(".")
        node: Any = data
        try:
            for part in parts[:-1]:
                node = node[int(part)] if isinstance(node, list) else node[part]
            last = parts[-1]
            if isinstance(node, list):
                node[int(last)] = value
            elif isinstance(node, dict) and last in node:
                node[last] = value
            else:
                raise KeyError(last)
        except (KeyError, IndexError, ValueError, TypeError):
            unknown.append(Message("engine.validation.unknown_path", path=path))
    if unknown:
        raise CrmCaseError(unknown)
    return case_from_dict(data)


def value_at(case: Case, path: str) -> Any:
    """The value of the field at dotted ``path`` of ``case``, as :func:`with_values` addresses it (list positions
    as numbers: ``costs.2.initial``; a mapping's key as a word: ``readiness.scores.budget``). Raises
    ``KeyError`` for a path that is not a field of the case."""
    node: Any = case
    for part in path.split("."):
        try:
            if isinstance(node, (tuple, list)):
                node = node[int(part)]
            elif isinstance(node, dict):
                node = node[part]
            elif isinstance(node, BaseModel) and part in type(node).model_fields:
                node = getattr(node, part)
            else:
                raise KeyError(part)
        except (IndexError, ValueError, KeyError):
            raise KeyError(f"{path} is not a field of the case") from None
    return node


def with_value(case: Case, path: str, value: Any) -> Case:
    """:func:`with_values` for one ``path``."""
    return with_values(case, {path: value})


def apply_preset(case: Case, crm_type: CrmType | str) -> Case:
    """The case with the rollout defaults of ``crm_type`` (:data:`ROLLOUT_PRESETS`) applied."""
    kind = CrmType(crm_type)
    rollout = case.rollout.model_dump() | ROLLOUT_PRESETS[kind] | {"crm_type": kind}
    return case_from_dict(case.model_dump() | {"rollout": rollout})

