"""Case -> the figures of its business case, risk-adjusted and unadjusted."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from crm_case.cashflow import Projection, project, to_years
from crm_case.finance import (
    Figure,
    IrrRoots,
    irr,
    irr_roots,
    mirr,
    payback_months,
    present_value,
    roi,
)
from crm_case.model import Case, Timing

METRIC_KEYS = (
    "currency",
    "npv",
    "roi",
    "irr",
    "irr_ambiguous",
    "irr_rates",
    "irr_sign_changes",
    "mirr",
    "payback_months",
    "discounted_payback_months",
    "pv_costs",
    "pv_benefits",
)
"""The keys of :meth:`Metrics.as_dict`, in order (the CLI's ``--json`` output)."""

_NO_IRR_ROOTS = IrrRoots((), 0)
"""The default of :attr:`Metrics.irr_roots`: no rate, no sign change (an immutable NamedTuple, shared safely)."""


@dataclass(frozen=True)
class Metrics:
    """The headline figures of one view (risk-adjusted or unadjusted) of a case.

    Money in the case currency; rates and ROI as fractions; payback in months after the decision.
    ``roi``, ``irr``, ``mirr`` and the paybacks are :class:`~crm_case.finance.Figure`: ``value`` is
    ``None`` when the figure does not exist, and ``reason`` says why.

    ``irr_roots`` holds every rate that makes NPV zero and the number of sign changes of the net flows
    (see :func:`crm_case.finance.irr_roots`); when two or more rates are found the IRR is ambiguous
    (:attr:`irr_ambiguous`, :attr:`irr_note`): ``irr`` is then the one closest to zero, and MIRR is the
    figure to use.
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
    irr_roots: IrrRoots = _NO_IRR_ROOTS

    @property
    def irr_rates(self) -> tuple[float, ...]:
        """Every annual rate (fraction) that makes NPV zero, ascending; empty when there is none."""
        return self.irr_roots.rates

    @property
    def irr_sign_changes(self) -> int:
        """How many times the net flows of the IRR's grid change sign (Descartes: at most that many rates)."""
        return self.irr_roots.sign_changes

    @property
    def irr_ambiguous(self) -> bool:
        """Two or more rates make NPV zero (rates found, not merely sign changes: see ``irr_roots``)."""
        return self.irr_roots.ambiguous

    @property
    def irr_note(self) -> str | None:
        """A sentence for users when the IRR is ambiguous (the rates, the one shown, use MIRR), else None."""
        return self.irr_roots.note(self.irr.value)

    @property
    def break_even_month(self) -> int | None:
        """First whole month after which the cumulative net cash flow stays at or above zero."""
        value = self.payback_months.value
        return None if value is None else math.ceil(value - 1e-9)

    def as_dict(self) -> dict[str, Any]:
        """The figures of :data:`METRIC_KEYS` as plain JSON values (``None`` where undefined).

        ``irr_ambiguous``: bool; ``irr_rates``: every rate that makes NPV zero, ascending (annual fractions),
        ``None`` when there is none; ``irr_sign_changes``: how often the net flows change sign.
        """
        out: dict[str, Any] = {}
        for key in METRIC_KEYS:
            value = getattr(self, key)
            if isinstance(value, Figure):
                value = value.value
            elif isinstance(value, tuple):
                value = list(value) or None
            out[key] = value
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


def _irr_grid(projection: Projection, net: np.ndarray) -> tuple[np.ndarray, int]:
    """The net flows on the equally spaced grid of the case's timing convention (see :mod:`cashflow`), and
    its period in months: yearly [Initial, Year 1..N] (end of year), half-yearly [Initial, Y1, 0, Y2, ...,
    YN] (mid-year), or the monthly flows (monthly). The IRR is solved on this grid."""
    timing = projection.case.assumptions.timing
    yearly = to_years(net)
    if timing is Timing.END_OF_YEAR:
        return yearly, 12
    if timing is Timing.MID_YEAR:
        grid = np.zeros(2 * projection.years)
        grid[0] = yearly[0]
        grid[1::2] = yearly[1:]
        return grid, 6
    return net, 1


def _irr_of(projection: Projection, net: np.ndarray) -> tuple[Figure, IrrRoots]:
    """IRR on the grid of :func:`_irr_grid`, and every rate found on it."""
    grid, period = _irr_grid(projection, net)
    figure = irr(grid, period_months=period)
    return figure, irr_roots(grid, period_months=period, known=figure)


def _metrics(projection: Projection, risk_adjusted: bool) -> Metrics:
    case = projection.case
    rate = case.assumptions.discount_rate
    costs = projection.costs(risk_adjusted)
    benefits = projection.benefits(risk_adjusted)
    net = benefits - costs
    times = projection.times_years
    pv_costs = float(present_value(rate, costs, times))
    pv_benefits = float(present_value(rate, benefits, times))
    rate_of_return, roots = _irr_of(projection, net)
    return Metrics(
        currency=case.assumptions.currency,
        pv_costs=pv_costs,
        pv_benefits=pv_benefits,
        npv=pv_benefits - pv_costs,
        total_costs=float(costs.sum()),
        total_benefits=float(benefits.sum()),
        roi=roi(pv_benefits, pv_costs),
        irr=rate_of_return,
        mirr=mirr(to_years(net), rate, rate),
        payback_months=payback_months(net),
        discounted_payback_months=payback_months(net * projection.factors),
        irr_roots=roots,
    )


def evaluate(case: Case) -> Evaluation:
    """Project ``case`` month by month and compute its figures.

    * PV costs, PV benefits: :func:`crm_case.finance.present_value` of the monthly amounts at their discount
      times (:func:`crm_case.cashflow.discount_times`: the case's timing convention), i.e.
      sum_m amount[m] / (1 + discount rate) ** t[m].
    * NPV = PV benefits - PV costs.
    * ROI = (PV benefits - PV costs) / PV costs (Forrester TEI).
    * IRR: the annual rate that makes NPV zero under the case's timing convention (the one closest to
      zero when several do; ``irr_roots`` lists them all and ``irr_ambiguous`` says so).
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
