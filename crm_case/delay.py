"""Cost of delay: what waiting D months (0..24) to start the CRM project costs, itemised (seed 000).

Conventions:

* **Fixed window.** The evaluation window is the case's horizon, anchored to the decision date of the
  case ("today"). Starting D months later shifts every monthly cash flow of the project D months later;
  whatever falls past the window's end is lost. So a late start loses its tail.
* **Forgone value** = NPV(start now) - NPV(start in D months), both risk-adjusted and discounted with
  the case's timing convention at the months the flows actually fall in. It is negative when the project
  destroys value (then waiting saves money).
* **Opportunity-cost drivers** accrue during the waiting months t = 1..D, each discounted by
  ``(1 + rate) ** (-t / 12)``:

  ========================  ==================================================================
  lost_customers            customers_lost_per_month x value_per_lost_customer
  new_products              new_product_revenue_per_month x new_product_shortfall
  campaign_waste            campaign_spend_per_month x campaign_waste_share x ((1 + g) ** t - 1)
                            (the growth of waste beyond today's, g = waste_growth_per_month)
  redeployment              staff_redeployed x knowledge_replacement_cost, once, in month 1
  attrition                 headcount x attrition_rate / 12 x experience_loss_per_leaver
  loyalty                   customers_at_risk x churn_uplift / 12 x t x margin_per_customer / 12
                            (customers lost accumulate; each costs its monthly margin)
  price_increase            PV of the case's IT costs x ((1 + p) ** (t / 12) - (1 + p) ** ((t - 1) / 12))
  ========================  ==================================================================

* **Cost of delaying D months** = forgone value(D) + the sum of the drivers over t = 1..D. Per month of
  delay: that total / D; per week: per month x 12 / 52. The urgency profile is the marginal cost of each
  extra month: total(D) - total(D - 1).
* **Discount steps.** Under the end-of-year (Forrester TEI) and mid-year conventions every month of a year is
  discounted as of the same time, so the marginal cost is not smooth: the month of delay that pushes the
  start-up outlay (the Initial column, t = 0) into the next discounting year lowers its present value by a whole
  year's discount. With the sample's EUR 378,750 of Initial costs at 10 %, month 13 moves them from year 1 to
  year 2: 378,750 x (1 / 1.1 - 1 / 1.21) = EUR 28,456 less forgone value that month, which is why month 13 costs
  about EUR 30k less than months 12 and 14. This is the convention, not an error (monthly timing has no steps);
  :meth:`DelayAnalysis.urgency` marks such months (``discount_step``) and the chart explains them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from crm_case.cashflow import Projection, project
from crm_case.model import MAX_DELAY_MONTHS, Case, CostCategory

COMPONENTS = (
    "forgone_value",
    "lost_customers",
    "new_products",
    "campaign_waste",
    "redeployment",
    "attrition",
    "loyalty",
    "price_increase",
)
"""The parts of the cost of delay, in display order."""
WEEKS_PER_MONTH = 52 / 12


def shifted(flows: np.ndarray, delay: int) -> np.ndarray:
    """Monthly flows started ``delay`` months later inside the same window: ``g[m] = f[m - delay]``."""
    out = np.zeros_like(flows)
    if delay < flows.size:
        out[delay:] = flows[: flows.size - delay]
    return out


def discount_steps(projection: Projection, max_delay: int = MAX_DELAY_MONTHS) -> dict[int, int]:
    """The months of delay D (1..max_delay) at which month D is discounted more than a month later than month
    D - 1, each with the discounting year it starts (``ceil(t_D)``): under end-of-year timing {1: 1, 13: 2, 25: 3},
    under mid-year timing the same months; none under monthly timing. Delaying the project D months moves its
    Initial outlay (t = 0) to month D, so at these months its present value drops by a year's discount (see the
    module docstring)."""
    times = projection.times_years
    last = min(max_delay, times.size - 1)
    return {d: int(np.ceil(times[d] - 1e-9)) for d in range(1, last + 1) if times[d] - times[d - 1] > 1 / 12 + 1e-9}


def forgone_value(projection: Projection, max_delay: int = MAX_DELAY_MONTHS) -> np.ndarray:
    """NPV(start now) - NPV(start D months later) for D = 0..max_delay, in the fixed window.

    ``NPV_D = sum_{m=D}^{M} net[m - D] x factor[m]`` with the risk-adjusted monthly net flows and the
    case's monthly discount factors. Unit: case currency.
    """
    net = projection.net(True)
    factors = projection.factors
    months = net.size - 1
    npv_now = float(net @ factors)
    out = np.empty(max_delay + 1)
    for delay in range(max_delay + 1):
        out[delay] = npv_now - (float(net[: months + 1 - delay] @ factors[delay:]) if delay <= months else 0.0)
    return out


def driver_costs(case: Case, projection: Projection, max_delay: int = MAX_DELAY_MONTHS) -> dict[str, np.ndarray]:
    """Each opportunity-cost driver's discounted cost in waiting months t = 1..max_delay (index t - 1)."""
    d = case.delay
    t = np.arange(1, max_delay + 1, dtype=float)
    discount = (1.0 + case.assumptions.discount_rate) ** (-t / 12.0)
    it_rows = [i for i, c in enumerate(projection.components) if c.kind == "cost" and c.group == CostCategory.IT.value]
    pv_it = float(projection.amounts(True)[it_rows].sum(axis=0) @ projection.factors) if it_rows else 0.0
    p = d.price_increase_per_year
    raw = {
        "lost_customers": np.full_like(t, d.customers_lost_per_month * d.value_per_lost_customer),
        "new_products": np.full_like(t, d.new_product_revenue_per_month * d.new_product_shortfall),
        "campaign_waste": (d.campaign_spend_per_month * d.campaign_waste_share
                           * ((1.0 + d.waste_growth_per_month) ** t - 1)),
        "redeployment": np.where(t == 1, d.staff_redeployed * d.knowledge_replacement_cost, 0.0),
        "attrition": np.full_like(t, d.headcount * d.attrition_rate / 12.0 * d.experience_loss_per_leaver),
        "loyalty": d.customers_at_risk * d.churn_uplift / 12.0 * t * d.margin_per_customer / 12.0,
        "price_increase": pv_it * ((1.0 + p) ** (t / 12.0) - (1.0 + p) ** ((t - 1) / 12.0)),
    }
    return {name: values * discount for name, values in raw.items()}


@dataclass(frozen=True, eq=False)
class DelayAnalysis:
    """The cost of delay of a case for every D = 0..24 months."""

    case: Case
    projection: Projection
    table: pd.DataFrame
    """One row per ``delay_months`` 0..24: each component (cumulative over the D months) and ``total``."""

    def total(self, delay: int) -> float:
        """Cost of delaying ``delay`` months, in the case currency (present value)."""
        return float(self.table.loc[delay, "total"])

    def per_month(self, delay: int) -> float | None:
        """Average cost of each month of a ``delay``-month wait; ``None`` for no wait."""
        return self.total(delay) / delay if delay else None

    def per_week(self, delay: int) -> float | None:
        """:meth:`per_month` x 12 / 52."""
        month = self.per_month(delay)
        return None if month is None else month / WEEKS_PER_MONTH

    def components(self, delay: int) -> dict[str, float]:
        """Each component of the cost of delaying ``delay`` months."""
        return {name: float(self.table.loc[delay, name]) for name in COMPONENTS}

    def urgency(self) -> pd.DataFrame:
        """Marginal cost of each extra month: ``delay_months`` 1..24, ``marginal_cost``, and ``discount_step``:
        the discounting year (1, 2...) that month D's delay pushes the start-up outlay into when that month
        starts a new one (:func:`discount_steps`), else 0."""
        total = self.table["total"].to_numpy()
        steps = discount_steps(self.projection, total.size - 1)
        return pd.DataFrame({"delay_months": np.arange(1, total.size), "marginal_cost": np.diff(total),
                             "discount_step": [steps.get(d, 0) for d in range(1, total.size)]})

    def cumulative_paths(self, delay: int) -> pd.DataFrame:
        """Cumulative net cash flow per month starting now and starting in ``delay`` months (same window)."""
        net = self.projection.net(True)
        return pd.DataFrame({
            "month": np.arange(net.size),
            "start_now": np.cumsum(net),
            "start_later": np.cumsum(shifted(net, delay)),
        })


def analyse_delay(case: Case, projection: Projection | None = None) -> DelayAnalysis:
    """Cost of delay of ``case`` for D = 0..24 months (see the module docstring for every formula)."""
    projection = projection or project(case)
    forgone = forgone_value(projection)
    drivers = driver_costs(case, projection)
    table = pd.DataFrame({"delay_months": np.arange(MAX_DELAY_MONTHS + 1), "forgone_value": forgone})
    for name, values in drivers.items():
        table[name] = np.concatenate(([0.0], np.cumsum(values)))
    table["total"] = table[list(COMPONENTS)].sum(axis=1)
    return DelayAnalysis(case=case, projection=projection, table=table)


def has_delay_inputs(case: Case) -> bool:
    """Whether any input of the cost of delay other than the delay itself is set (non-zero): without one, and
    without costs or benefits, waiting has nothing to cost, and the page shows only the inputs."""
    return any(value for name, value in case.delay.model_dump().items() if name != "delay_months")


def delay_inputs_set(case: Case) -> int:
    """How many inputs of the cost of delay other than the delay itself are set (non-zero)."""
    return sum(1 for name, value in case.delay.model_dump().items() if name != "delay_months" and value)
