"""What changes between two cases: assumptions, line items added, changed and removed, other parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_case.model import Case, Unit, field_info


@dataclass(frozen=True)
class CaseDiff:
    """Differences from ``before`` to ``after``; line items are matched by section and name (case-blind)."""

    assumptions: list[tuple[str, object, object]] = field(default_factory=list)
    """(field, before, after) for each assumption that differs."""
    added: list[tuple[str, str]] = field(default_factory=list)
    """(section, item name) present only after."""
    changed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    """Other parts that differ as a whole: ``drivers``, ``rollout``."""

    @property
    def empty(self) -> bool:
        return not (self.assumptions or self.added or self.changed or self.removed or self.parts)


def compare_cases(before: Case, after: Case) -> CaseDiff:
    """The differences between two cases, for a preview ("what will this import change?") or a history."""
    diff = CaseDiff()
    a, b = before.assumptions.model_dump(), after.assumptions.model_dump()
    diff.assumptions.extend((k, a[k], b[k]) for k in a if a[k] != b[k])
    for section in ("costs", "benefits"):
        old = {i.name.lower(): i for i in getattr(before, section)}
        new = {i.name.lower(): i for i in getattr(after, section)}
        diff.added.extend((section, new[k].name) for k in new if k not in old)
        diff.removed.extend((section, old[k].name) for k in old if k not in new)
        diff.changed.extend((section, new[k].name) for k in new if k in old and new[k] != old[k])
    diff.parts.extend(p for p in ("drivers", "rollout") if getattr(before, p) != getattr(after, p))
    return diff


@dataclass(frozen=True)
class Change:
    """One difference between two cases, for a version history or a side-by-side comparison.

    ``path`` is the dotted field path without list positions (``assumptions.discount_rate``,
    ``costs.per_year``, ``drivers.retention.churn_after``); ``item`` names the list item it belongs to
    (matched by name, case-blind), ``None`` outside lists. ``kind`` is ``changed``, ``added`` (the item exists
    only after; ``before`` is ``None``) or ``removed`` (only before; ``after`` is ``None``). Values are in the
    case's units (fractions, months, the case currency), as in its JSON.
    """

    path: str
    item: str | None
    kind: str
    before: object
    after: object


_NAMING_FIELDS = ("name", "id", "path", "period")
"""The field that names an item of a list (its first present one), for matching and for display."""


def _name(value: dict) -> str | None:
    return next((value[key] for key in _NAMING_FIELDS if isinstance(value.get(key), str)), None)


def _identity(value: object) -> str | None:
    if isinstance(value, dict) and (name := _name(value)) is not None:
        return name.strip().lower() + (f"|{value['metric']}" if "metric" in value else "")
    return None


def _walk(path: str, item: str | None, a: object, b: object, out: list[Change]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in dict.fromkeys([*a, *b]):
            _walk(f"{path}.{key}" if path else key, item, a.get(key), b.get(key), out)
        return
    if isinstance(a, list) and isinstance(b, list):
        keys_a, keys_b = [_identity(v) for v in a], [_identity(v) for v in b]
        named = all(keys_a) and all(keys_b) and len(set(keys_a)) == len(a) and len(set(keys_b)) == len(b)
        if named and (a or b):
            old, new = dict(zip(keys_a, a, strict=True)), dict(zip(keys_b, b, strict=True))
            for key, value in new.items():
                if key not in old:
                    out.append(Change(path, _name(value), "added", None, _name(value)))
                else:
                    _walk(path, _name(value), old[key], value, out)
            out.extend(Change(path, _name(v), "removed", _name(v), None) for k, v in old.items() if k not in new)
            return
    out.append(Change(path, item, "changed", a, b))


def changes(before: Case, after: Case) -> list[Change]:
    """Every field that differs from ``before`` to ``after``, in the order of the case's fields.

    Lists of named things (cost and benefit items, criteria, offers, segments, objectives, metrics, ranges,
    actuals) are matched by name, so reordering is no change and a renamed item shows as one removed and one
    added; other lists (a line item's yearly amounts, a participant's votes) are compared as a whole.
    """
    out: list[Change] = []
    _walk("", None, before.model_dump(mode="json"), after.model_dump(mode="json"), out)
    return out


def unit_of(path: str) -> str:
    """The unit of the case field at dotted ``path`` (list positions left out, as in :class:`Change`):
    ``fraction`` (shown as %), ``rate`` (the discount rate, %), ``months``, ``number`` or ``text``; read off
    the model (:func:`~crm_case.model.field_info`), so a new field needs no entry anywhere."""
    try:
        spec = field_info(path)
    except KeyError:
        return "text"
    if spec.unit in _SHOWN_AS:
        return _SHOWN_AS[spec.unit]
    return "number" if spec.kind in ("int", "float") else "text"


_SHOWN_AS = {Unit.FRACTION: "fraction", Unit.RATE: "rate", Unit.MONTHS: "months"}
"""Units a change is shown in other than as a plain number."""
