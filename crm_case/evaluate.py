"""Case -> the figures of its business case, risk-adjusted and unadjusted."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from crm_case.cashflow import Projection, project, to_years
from crm_case.finance import Figure, irr, mirr, payback_months, roi
from crm_case.model import Case, Timing

METRIC_KEYS = (
    "currency",
    "npv",
    "roi",
    "irr",
    "mirr",
    "payback_months",
    "discounted_payback_months",
    "pv_costs",
    "pv_benefits",
)
"""The keys of :meth:`Metrics.as_dict`, in order (the CLI's ``--json`` output)."""


@dataclass(frozen=True)
class Metrics:
    """The headline figures of one view (risk-adjusted or unadjusted) of a case.

    Money in the case currency; rates and ROI as fractions; payback in months after the decision.
    ``roi``, ``irr``, ``mirr`` and the paybacks are :class:`~crm_case.finance.Figure`: ``value`` is
    ``None`` when the figure does not exist, and ``reason`` says why.
    """

    currency: str
    pv_costs: float
    pv_benefits: float
    npv: float
    total_costs: float
    total_benefits: float
    roi: Figure
    irr: Figure
    mirr: Figure
    payback_months: Figure
    discounted_payback_months: Figure

    @property
    def break_even_month(self) -> int | None:
        """First whole month after which the cumulative net cash flow stays at or above zero."""
        value = self.payback_months.value
        return None if value is None else math.ceil(value - 1e-9)

    def as_dict(self) -> dict[str, Any]:
        """The figures of :data:`METRIC_KEYS` as plain JSON values (``None`` where undefined)."""
        out: dict[str, Any] = {}
        for key in METRIC_KEYS:
            value = getattr(self, key)
            out[key] = value.value if isinstance(value, Figure) else value
        return out

    def reasons(self) -> dict[str, str]:
        """Why each undefined figure is undefined, by key."""
        return {
            key: value.reason
            for key in METRIC_KEYS
            if isinstance(value := getattr(self, key), Figure) and value.reason
        }


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Everything computed from a case: its projection and its figures with and without risk."""

    projection: Projection
    adjusted: Metrics
    unadjusted: Metrics

    @property
    def case(self) -> Case:
        return self.projection.case

    def metrics(self, risk_adjusted: bool = True) -> Metrics:
        return self.adjusted if risk_adjusted else self.unadjusted

    def as_dict(self) -> dict[str, Any]:
        """Risk-adjusted figures with the unadjusted ones under ``"unadjusted"``."""
        return self.adjusted.as_dict() | {"unadjusted": self.unadjusted.as_dict()}


def _irr_of(projection: Projection, net: np.ndarray) -> Figure:
    """IRR on an equally spaced grid matching the case's timing convention (see :mod:`cashflow`)."""
    timing = projection.case.assumptions.timing
    yearly = to_years(net)
    if timing is Timing.END_OF_YEAR:
        return irr(yearly, period_months=12)
    if timing is Timing.MID_YEAR:
        grid = np.zeros(2 * projection.years)
        grid[0] = yearly[0]
        grid[1::2] = yearly[1:]
        return irr(grid, period_months=6)
    return irr(net, period_months=1)


def _metrics(projection: Projection, risk_adjusted: bool) -> Metrics:
    case = projection.case
    rate = case.assumptions.discount_rate
    costs = projection.costs(risk_adjusted)
    benefits = projection.benefits(risk_adjusted)
    net = benefits - costs
    factors = projection.factors
    pv_costs = float(costs @ factors)
    pv_benefits = float(benefits @ factors)
    return Metrics(
        currency=case.assumptions.currency,
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        npv=pv_benefits - pv_costs,
        total_costs=float(costs.sum()),
        total_benefits=float(benefits.sum()),
        roi=roi(pv_benefits, pv_costs),
        irr=_irr_of(projection, net),
        mirr=mirr(to_years(net), rate, rate),
        payback_months=payback_months(net),
        discounted_payback_months=payback_months(net * factors),
    )


def evaluate(case: Case) -> Evaluation:
    """Project ``case`` month by month and compute its figures.

    * PV costs, PV benefits: sum of the monthly amounts x discount factors (:mod:`crm_case.cashflow`).
    * NPV = PV benefits - PV costs.
    * ROI = (PV benefits - PV costs) / PV costs (Forrester TEI).
    * IRR: the annual rate that makes NPV zero under the case's timing convention.
    * MIRR: of the yearly net flows [Initial, Year 1..N], financed and reinvested at the discount rate.
    * Payback: months until the cumulative net cash flow turns non-negative for good, a year's amount
      spread evenly over its months; discounted payback: the same with discounted flows.
    """
    projection = project(case)
    return Evaluation(
        projection=projection,
        adjusted=_metrics(projection, risk_adjusted=True),
        unadjusted=_metrics(projection, risk_adjusted=False),
    )
