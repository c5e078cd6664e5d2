"""The case: every part together, validated as one."""

from __future__ import annotations

from typing import Annotated, Literal

from crm_case.i18n import Message
from crm_case.model.analyses import CustomerValue, Goals, Readiness, RiskSettings, Scoring, Vendors
from crm_case.model.parts import Assumptions, BenefitItem, CostItem, CostOfDelay, Drivers, Rollout, _Model
from crm_case.model.units import MAX_LINE_ITEMS, SCHEMA_VERSION, _at_most

__all__ = [
    "Case",
]


class Case(_Model):
    """A whole CRM business case: assumptions, cost and benefit line items, drivers, rollout, cost of delay,
    scoring, readiness, the ranges of its inputs and the vendor offers."""

    schema_version: Literal[1] = SCHEMA_VERSION
    assumptions: Assumptions = Assumptions()
    costs: Annotated[tuple[CostItem, ...], _at_most(MAX_LINE_ITEMS, Message("engine.items.cost_line_items"))] = ()
    benefits: Annotated[tuple[BenefitItem, ...],
                        _at_most(MAX_LINE_ITEMS, Message("engine.items.benefit_line_items"))] = ()
    drivers: Drivers = Drivers()
    rollout: Rollout = Rollout()
    delay: CostOfDelay = CostOfDelay()
    scoring: Scoring = Scoring()
    readiness: Readiness = Readiness()
    risk: RiskSettings = RiskSettings()
    vendors: Vendors = Vendors()
    customers: CustomerValue = CustomerValue()
    goals: Goals = Goals()

    @property
    def months(self) -> int:
        """Months in the horizon (12 x horizon_years)."""
        return 12 * self.assumptions.horizon_years
