"""Case -> monthly cash-flow projection and its yearly roll-up in the Forrester TEI layout.

The projection has ``12 x horizon_years + 1`` monthly columns. Column 0 is the decision instant
(t = 0): it holds the Initial amounts. Column m is the m-th month after the decision; a line item's
Year k amount is spread evenly over months ``12(k-1)+1 .. 12k``. Driver benefits are their yearly value
at full adoption / 12 x the adoption of the month; the go-live dip is a People cost.

Every amount is kept as a positive cost or a positive benefit per component (one line item, one
driver, the dip). Risk adjustment is applied per component: costs x (1 + r), benefits x (1 - r).
Discounting follows :class:`~crm_case.model.Timing`: the discount time of month m in year
``k = ceil(m / 12)`` is k years (end of year), k - 0.5 (mid-year) or m / 12 (monthly), and 0 for
column 0, so the present value of the monthly flows equals that of the TEI yearly columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd

from crm_case.drivers import annual_driver_benefits
from crm_case.finance import discount_factors
from crm_case.model import (
    DRIVER_AREAS,
    DRIVER_LABELS,
    BenefitArea,
    Case,
    CostCategory,
    Timing,
)
from crm_case.rollout import adoption_curve, dip_cost_curve

Kind = Literal["cost", "benefit"]

DIP_NAME = "Go-live productivity dip"


@dataclass(frozen=True)
class Component:
    """One source of cash flow in the projection."""

    key: str
    """Where it comes from in the case: ``costs.0``, ``benefits.1``, ``drivers.retention``, ``rollout.dip``."""
    name: str
    kind: Kind
    group: str
    """Cost category (IT, People, Process) or benefit area (Marketing, Sales, Service)."""
    risk_adjustment: float


def discount_times(timing: Timing, months: int) -> np.ndarray:
    """Discount time in years of each monthly column 0..months under ``timing``.

    Column 0 is at 0; month m of year ``k = ceil(m / 12)`` is at k (``end_of_year``), k - 0.5
    (``mid_year``) or m / 12 (``monthly``).
    """
    m = np.arange(months + 1)
    year = np.ceil(m / 12.0)
    if timing is Timing.END_OF_YEAR:
        return year
    if timing is Timing.MID_YEAR:
        return np.where(m == 0, 0.0, year - 0.5)
    return m / 12.0


def spread_yearly(initial: float, per_year: tuple[float, ...], years: int) -> np.ndarray:
    """Monthly column 0..12 x years: ``initial`` at 0, each Year k amount / 12 in each of its months."""
    yearly = np.zeros(years)
    given = np.asarray(per_year[:years], dtype=float)
    yearly[: given.size] = given
    return np.concatenate(([initial], np.repeat(yearly / 12.0, 12)))


def to_years(monthly: np.ndarray) -> np.ndarray:
    """Roll monthly columns (last axis, 0..12N) up to ``[Initial, Year 1, ..., Year N]``."""
    head = monthly[..., :1]
    body = monthly[..., 1:]
    years = body.shape[-1] // 12
    return np.concatenate((head, body.reshape(*body.shape[:-1], years, 12).sum(axis=-1)), axis=-1)


@dataclass(frozen=True, eq=False)
class Projection:
    """The monthly projection of a case; every array's last axis is the month 0..12N."""

    case: Case
    components: tuple[Component, ...]
    raw: np.ndarray
    """Unadjusted amounts, one row per component, positive."""
    adoption: np.ndarray
    """Adoption share per month (fraction)."""

    @property
    def months(self) -> int:
        return self.raw.shape[-1] - 1

    @property
    def years(self) -> int:
        return self.months // 12

    @cached_property
    def times_years(self) -> np.ndarray:
        return discount_times(self.case.assumptions.timing, self.months)

    @cached_property
    def factors(self) -> np.ndarray:
        """Discount factor per month: ``(1 + rate) ** -t``."""
        return discount_factors(self.case.assumptions.discount_rate, self.times_years)

    @cached_property
    def _is_cost(self) -> np.ndarray:
        return np.array([c.kind == "cost" for c in self.components], dtype=bool)

    @cached_property
    def _adjusted(self) -> np.ndarray:
        risk = np.array([c.risk_adjustment for c in self.components], dtype=float)
        multiplier = np.where(self._is_cost, 1.0 + risk, 1.0 - risk)
        return self.raw * multiplier[:, None]

    def amounts(self, risk_adjusted: bool = True) -> np.ndarray:
        """Amounts per component and month, risk-adjusted or not (positive)."""
        return self._adjusted if risk_adjusted else self.raw

    def costs(self, risk_adjusted: bool = True) -> np.ndarray:
        """Total costs per month (positive)."""
        return self.amounts(risk_adjusted)[self._is_cost].sum(axis=0)

    def benefits(self, risk_adjusted: bool = True) -> np.ndarray:
        """Total benefits per month (positive)."""
        return self.amounts(risk_adjusted)[~self._is_cost].sum(axis=0)

    def net(self, risk_adjusted: bool = True) -> np.ndarray:
        """Net cash flow per month: benefits - costs."""
        return self.benefits(risk_adjusted) - self.costs(risk_adjusted)

    def by_group(self, kind: Kind, risk_adjusted: bool = True) -> dict[str, np.ndarray]:
        """Monthly totals per cost category or benefit area, every category present (zeros if empty)."""
        groups = [c.value for c in (CostCategory if kind == "cost" else BenefitArea)]
        amounts = self.amounts(risk_adjusted)
        out = {}
        for group in groups:
            rows = [i for i, c in enumerate(self.components) if c.kind == kind and c.group == group]
            out[group] = amounts[rows].sum(axis=0) if rows else np.zeros(self.months + 1)
        return out

    def component_totals(self, risk_adjusted: bool = True) -> pd.DataFrame:
        """One row per component: ``key, name, kind, group, total`` (undiscounted, over the horizon)
        and ``present_value``, largest totals first within each kind."""
        amounts = self.amounts(risk_adjusted)
        frame = pd.DataFrame(
            {
                "key": [c.key for c in self.components],
                "name": [c.name for c in self.components],
                "kind": [c.kind for c in self.components],
                "group": [c.group for c in self.components],
                "total": amounts.sum(axis=1) if len(self.components) else [],
                "present_value": amounts @ self.factors if len(self.components) else [],
            }
        )
        return frame.sort_values(["kind", "total"], ascending=[True, False], ignore_index=True)


def project(case: Case) -> Projection:
    """Build the monthly projection of ``case`` (see the module docstring for the conventions)."""
    years = case.assumptions.horizon_years
    months = 12 * years
    components: list[Component] = []
    rows: list[np.ndarray] = []
    for i, item in enumerate(case.costs):
        components.append(Component(f"costs.{i}", item.name, "cost", item.category.value, item.risk_adjustment))
        rows.append(spread_yearly(item.initial, item.per_year, years))
    for i, item in enumerate(case.benefits):
        components.append(Component(f"benefits.{i}", item.name, "benefit", item.area.value, item.risk_adjustment))
        rows.append(spread_yearly(item.initial, item.per_year, years))
    adoption = adoption_curve(case.rollout, months)
    for name, yearly in annual_driver_benefits(case.drivers).items():
        driver = getattr(case.drivers, name)
        label = DRIVER_LABELS[name]
        components.append(Component(f"drivers.{name}", label, "benefit", DRIVER_AREAS[name].value,
                                    driver.risk_adjustment))
        rows.append(yearly / 12.0 * adoption)
    dip = dip_cost_curve(case.rollout, months)
    if dip.any():
        components.append(Component("rollout.dip", DIP_NAME, "cost", CostCategory.PEOPLE.value, 0.0))
        rows.append(dip)
    raw = np.vstack(rows) if rows else np.zeros((0, months + 1))
    return Projection(case=case, components=tuple(components), raw=raw, adoption=adoption)



def month_dates(start: dt.date, months: np.ndarray) -> pd.DatetimeIndex:
    """The date ``m`` months after ``start`` for each ``m`` of ``months``: the same day of the month, or the
    month's last day when it has fewer days (31 January + 1 month = 28 or 29 February), as
    ``start + pd.DateOffset(months=m)`` (Excel ``=EDATE(start, m)``), computed for all months at once."""
    index = (start.year - 1970) * 12 + (start.month - 1) + np.asarray(months, dtype=np.int64)  # months since 1970
    firsts = index.astype("datetime64[M]")
    days_in_month = ((firsts + 1).astype("datetime64[D]") - firsts.astype("datetime64[D]")).astype(np.int64)
    days = np.minimum(start.day, days_in_month) - 1
    return pd.DatetimeIndex((firsts.astype("datetime64[D]") + days).astype("datetime64[s]"))


def monthly_table(projection: Projection, *, risk_adjusted: bool = True) -> pd.DataFrame:
    """One row per month 0..12N: date, costs per category, benefits per area, totals, net, cumulative
    net, discount factor, discounted net and its cumulative, adoption.

    ``month`` 0 is the decision (its ``date`` is the case start date); month m's date is the first day
    of the m-th month after it. Amounts are in the case currency, costs and benefits positive.
    """
    case = projection.case
    costs = projection.by_group("cost", risk_adjusted)
    benefits = projection.by_group("benefit", risk_adjusted)
    net = projection.net(risk_adjusted)
    discounted = net * projection.factors
    months = np.arange(projection.months + 1)
    frame = pd.DataFrame(
        {
            "month": months,
            "date": month_dates(case.assumptions.start_date, months),
            "year": np.ceil(months / 12.0).astype(int),
            **{f"cost_{k.lower()}": v for k, v in costs.items()},
            "costs": projection.costs(risk_adjusted),
            **{f"benefit_{k.lower()}": v for k, v in benefits.items()},
            "benefits": projection.benefits(risk_adjusted),
            "net": net,
            "cumulative_net": np.cumsum(net),
            "discount_factor": projection.factors,
            "discounted_net": discounted,
            "cumulative_discounted_net": np.cumsum(discounted),
            "adoption": projection.adoption,
        }
    )
    return frame


def tei_table(projection: Projection, *, risk_adjusted: bool = True) -> pd.DataFrame:
    """The yearly roll-up in the Forrester TEI layout.

    Rows: ``section`` (costs, benefits, net) x ``group`` (each category or area, then ``Total``).
    Columns: ``initial``, ``year_1`` .. ``year_N``, ``total`` (undiscounted sum) and ``present_value``
    (sum of the monthly amounts x their discount factors; under the end-of-year convention this is
    ``Initial + sum_k Year_k / (1 + rate) ** k``, Excel ``=B2+NPV(rate, C2:E2)``).
    Net benefits = total benefits - total costs.
    """
    rows = []
    factors = projection.factors

    def add(section: str, group: str, monthly: np.ndarray) -> None:
        yearly = to_years(monthly)
        rows.append(
            {
                "section": section,
                "group": group,
                "initial": yearly[0],
                **{f"year_{k}": yearly[k] for k in range(1, yearly.size)},
                "total": yearly.sum(),
                "present_value": float(monthly @ factors),
            }
        )

    for group, monthly in projection.by_group("cost", risk_adjusted).items():
        add("costs", group, monthly)
    add("costs", "Total", projection.costs(risk_adjusted))
    for group, monthly in projection.by_group("benefit", risk_adjusted).items():
        add("benefits", group, monthly)
    add("benefits", "Total", projection.benefits(risk_adjusted))
    add("net", "Total", projection.net(risk_adjusted))
    return pd.DataFrame(rows)
