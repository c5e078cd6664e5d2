"""What changes between two cases: assumptions, line items added, changed and removed, other parts."""

from __future__ import annotations

from dataclasses import dataclass, field

from crm_case.model import Case


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
