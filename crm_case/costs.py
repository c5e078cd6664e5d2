"""The hidden costs of a CRM the Investment page points out: training, change management, knowledge transfer,
internal staff time and data migration (the seeds' warnings, :data:`crm_case.setup_guide.TCO_ITEMS`), which of
them a case seems to lack, judged by the names of its cost lines, and the case with one of them added."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from crm_case.model import Case, CostCategory, CostItem
from crm_case.setup_guide import TCO_ITEMS

_TCO = MappingProxyType({item.key: item for item in TCO_ITEMS})

HIDDEN_COSTS = ("training", "change_management", "knowledge_transfer", "internal_time", "data_migration")
"""The hidden costs, in the order the page offers them (keys of :data:`~crm_case.setup_guide.TCO_ITEMS`)."""

HIDDEN_WORDS: MappingProxyType[str, tuple[str, ...]] = MappingProxyType(
    {key: _TCO[key].words for key in HIDDEN_COSTS} | {"internal_time": ("internal", "staff time", "team time")})
"""Lower-case words that show a case already counts a hidden cost: a cost line whose name contains one of them.
Internal time is looked for more widely than in the guided set-up ("staff time" and "team time" as well)."""


def hidden_cost_category(key: str) -> CostCategory:
    """The cost category a hidden cost's line goes into (IT, People or Process)."""
    return _TCO[key].category


def missing_hidden_costs(case: Case) -> tuple[str, ...]:
    """The keys of :data:`HIDDEN_COSTS` that no cost line of ``case`` names (:data:`HIDDEN_WORDS`, any case of
    letters), in their order; empty when the case counts them all."""
    names = " | ".join(item.name.lower() for item in case.costs)
    return tuple(key for key in HIDDEN_COSTS if not any(word in names for word in HIDDEN_WORDS[key]))


def costs_with_hidden(case: Case, key: str, name: str) -> list[dict[str, Any]]:
    """The case's cost lines (as dicts, for a change of ``"costs"``) with an empty line ``name`` for hidden cost
    ``key`` added at the end, in its category: no amount yet (0 at t = 0, nothing a year), for the user to fill."""
    item = CostItem(category=hidden_cost_category(key), name=name)
    return [c.model_dump() for c in case.costs] + [item.model_dump()]
