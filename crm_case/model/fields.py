"""What a field of the case is: its unit, bounds and English label, read from the model where they are declared.

A field's unit and bounds come from its type (:data:`~crm_case.model.units.Fraction` carries
:attr:`Unit.FRACTION` and 0-1) narrowed by the field's own constraints (``working_weeks`` is a Count of at most
53); its English label is the field's ``title``. The risk ranges, the diff, the export, the UI's labels and the
property tests read them here, through :func:`field_info`, instead of keeping lists of their own.
"""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass, replace
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from crm_case.model.case import Case
from crm_case.model.units import PERCENT_UNITS, Bounds, Unit

__all__ = [
    "FieldSpec",
    "field_info",
    "field_titles",
    "is_fraction",
]


@dataclass(frozen=True)
class FieldSpec:
    """One field of the case as :func:`field_info` reads it.

    ``unit`` is a :class:`Unit` for a number, ``None`` for text, dates, choices and switches; ``low`` / ``high``
    the values the model allows (``-inf`` / ``inf`` when unbounded; ``low_open`` / ``high_open`` when the
    bound itself is refused); ``title`` the English label (the UI's catalog may translate it); ``kind`` the
    Python type held: ``float``, ``int``, ``bool``, ``str``, ``date``, ``choice`` or ``object`` (a part or a list
    of parts).
    """

    path: str
    unit: Unit | None
    low: float
    high: float
    title: str
    kind: str
    description: str = ""
    low_open: bool = False
    high_open: bool = False

    @property
    def name(self) -> str:
        """The title without its unit in brackets, for use in a sentence or a file: "Discount rate" for
        "Discount rate (% a year)"."""
        head, bracket, _ = self.title.rpartition(" (")
        return head if bracket and self.title.endswith(")") else self.title

    @property
    def percent(self) -> bool:
        """Whether the value is a fraction shown as a percentage (a share, the discount rate, a relative change)."""
        return self.unit in PERCENT_UNITS


def _flatten(metadata: list[Any]) -> list[Any]:
    """Metadata with any ``FieldInfo`` (a ``Field(...)`` inside ``Annotated``) replaced by its own metadata."""
    out: list[Any] = []
    for item in metadata:
        out += item.metadata if isinstance(item, FieldInfo) else [item]
    return out


def unwrap_annotation(annotation: Any, metadata: list[Any] | None = None) -> tuple[Any, list[Any]]:
    """``Annotated[X, ...]`` -> X with its metadata appended to ``metadata`` (a ``Field(...)`` inside replaced by
    its own metadata); ``X | None`` -> X."""
    metadata = list(metadata or [])
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            metadata = [*metadata, *_flatten(more)]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


def _kind(annotation: Any) -> str:
    if get_origin(annotation) is Literal:
        return "choice"
    if isinstance(annotation, type):
        if issubclass(annotation, Enum):
            return "choice"
        for kind in (bool, int, float, str):
            if issubclass(annotation, kind):
                return kind.__name__
        if issubclass(annotation, dt.date):
            return "date"
    return "object"


def _bounds(metadata: list[Any]) -> Bounds:
    """The type's :class:`Bounds` narrowed by ``ge``, ``gt``, ``le`` and ``lt`` constraints."""
    bounds = next((m for m in reversed(metadata) if isinstance(m, Bounds)), Bounds())
    for item in metadata:
        if isinstance(item, at.Ge) and item.ge > bounds.low:
            bounds = replace(bounds, low=float(item.ge), low_open=False)
        elif isinstance(item, at.Gt) and item.gt >= bounds.low:
            bounds = replace(bounds, low=float(item.gt), low_open=True)
        elif isinstance(item, at.Le) and item.le < bounds.high:
            bounds = replace(bounds, high=float(item.le), high_open=False)
        elif isinstance(item, at.Lt) and item.lt <= bounds.high:
            bounds = replace(bounds, high=float(item.lt), high_open=True)
    return bounds


def _title(name: str, info: FieldInfo) -> str:
    return info.title or name.replace("_", " ").capitalize()


@cache
def _spec(path: str) -> FieldSpec:
    node: Any = Case
    metadata: list[Any] = []
    title, description = "Case", ""
    for part in path.split("."):
        node, metadata = unwrap_annotation(node, metadata)
        while get_origin(node) in (tuple, list):  # an item of a list (the path holds no positions)
            node, metadata = unwrap_annotation(get_args(node)[0], [])
        if get_origin(node) is dict:  # ``part`` is a key: the value's type
            node, metadata = get_args(node)[1], []
        elif isinstance(node, type) and issubclass(node, BaseModel) and part in node.model_fields:
            info = node.model_fields[part]
            node, metadata = info.annotation, _flatten(list(info.metadata))
            title, description = _title(part, info), info.description or ""
        else:
            raise KeyError(f"{path} is not a field of the case")
    node, metadata = unwrap_annotation(node, metadata)
    while get_origin(node) in (tuple, list):  # a list of numbers (a line item's years) has their unit
        node, metadata = unwrap_annotation(get_args(node)[0], [])
    kind = _kind(node)
    unit = next((m for m in metadata if isinstance(m, Unit)), None)
    if unit is None and kind in ("int", "float"):
        unit = Unit.NUMBER
    bounds = _bounds(metadata) if unit is not None else Bounds()
    return FieldSpec(path, unit, bounds.low, bounds.high, title, kind, description, bounds.low_open, bounds.high_open)


def field_info(path: str) -> FieldSpec:
    """The unit, bounds and English label of the case field at dotted ``path``.

    ``path`` as :func:`~crm_case.model.paths.with_values` takes it, with or without list positions
    (``costs.2.initial`` and ``costs.initial`` are the same field); a mapping's key is any word
    (``readiness.scores.budget``). Raises ``KeyError`` for a path that is not a field of the case.
    """
    return _spec(".".join(part for part in path.split(".") if not part.isdigit()))


def is_fraction(path: str) -> bool:
    """Whether the case field at ``path`` holds a fraction shown as a percentage (a share, a rate, the discount
    rate, a relative change of a risk range): ``drivers.retention.churn_after`` yes, ``costs.2.initial`` no.
    ``False`` for a path that is not a field of the case."""
    try:
        return field_info(path).percent
    except KeyError:
        return False


def _titled(model: type[BaseModel], prefix: str) -> list[tuple[str, str]]:
    """(path, title) of every field of ``model`` and its parts whose title is declared, in field order."""
    out: list[tuple[str, str]] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        if info.title:
            out.append((path, info.title))
        node, _ = unwrap_annotation(info.annotation, [])
        while get_origin(node) in (tuple, list):
            node, _ = unwrap_annotation(get_args(node)[0], [])
        if isinstance(node, type) and issubclass(node, BaseModel):
            out += _titled(node, f"{path}.")
    return out


@cache
def _titles() -> tuple[tuple[str, str], ...]:
    return tuple(_titled(Case, ""))


def field_titles() -> dict[str, str]:
    """The declared English title of every field that has one, by path without list positions, in the order
    of the case's fields: ``{"assumptions.discount_rate": "Discount rate (% a year)", ...}``. The one English
    source of field labels (the UI's catalog is built from it; translations override it). A field without a
    declared title has none here; :func:`field_info` then makes one of its name."""
    return dict(_titles())
