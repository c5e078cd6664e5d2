"""Driver-based benefits: what each driver is worth per year at full adoption, before risk.

Each function takes its driver model and returns an amount per year in the case currency. The
rollout (:mod:`crm_case.rollout`) then scales it by adoption month by month, and the risk adjustment
lowers it: ``benefit x (1 - risk_adjustment)``.
"""

from __future__ import annotations

from crm_case.model import (
    AcquisitionCostDriver,
    Drivers,
    MarketingEfficiencyDriver,
    RetentionDriver,
    SalesProductivityDriver,
    ServiceCostDriver,
    WinRateDriver,
)


def retention_benefit(d: RetentionDriver) -> float:
    """Margin kept from customers who would otherwise have left, per year.

    ``customers x (churn_before - churn_after) x annual_margin_per_customer``. Churn rates are yearly
    fractions. Each customer kept is counted for one year of margin in the year they are kept (a
    conservative choice: their later years are not compounded). Negative when churn rises.

    Example: 2,000 customers, churn 12 % -> 10 %, margin 6,000 a year: 2,000 x 0.02 x 6,000 = 240,000.
    """
    return d.customers * (d.churn_before - d.churn_after) * d.annual_margin_per_customer


def sales_productivity_benefit(d: SalesProductivityDriver) -> float:
    """Value of admin time saved that becomes selling time, per year.

    ``reps x hours_saved_per_week x working_weeks x loaded_hourly_cost x selling_time_share``.
    The selling-time share is Forrester's "productivity recapture": not every hour saved is productive.

    Example: 40 reps x 2.5 h x 46 weeks x 55 an hour x 50 % = 126,500.
    """
    return (
        d.reps
        * d.hours_saved_per_week
        * d.working_weeks
        * d.loaded_hourly_cost
        * d.selling_time_share
    )


def win_rate_benefit(d: WinRateDriver) -> float:
    """Extra gross margin from winning more deals and bigger ones, per year.

    ``opportunities x margin x (win_rate_after x average_deal x (1 + deal_size_uplift)
    - win_rate_before x average_deal)``.

    Example: 1,200 opportunities, win rate 22 % -> 23 %, deal 25,000 growing 2 %, margin 30 %:
    1,200 x 0.30 x (0.23 x 25,500 - 0.22 x 25,000) = 131,400.
    """
    revenue_after = d.win_rate_after * d.average_deal * (1.0 + d.deal_size_uplift)
    revenue_before = d.win_rate_before * d.average_deal
    return d.opportunities * d.margin * (revenue_after - revenue_before)


def service_cost_benefit(d: ServiceCostDriver) -> float:
    """Service handling cost avoided, per year.

    ``(contacts x deflection + contacts x (1 - deflection) x fcr_uplift) x cost_per_contact``:
    contacts resolved by self-service are not handled by an agent, and a higher first-contact
    resolution rate removes one follow-up contact for that share of the remaining contacts.

    Example: 30,000 contacts, 10 % deflected, FCR up 5 points, 18 a contact:
    (3,000 + 27,000 x 0.05) x 18 = 78,300.
    """
    deflected = d.contacts * d.self_service_deflection
    follow_ups_avoided = (d.contacts - deflected) * d.fcr_uplift
    return (deflected + follow_ups_avoided) * d.cost_per_contact


def marketing_efficiency_benefit(d: MarketingEfficiencyDriver) -> float:
    """Campaign spend no longer wasted on badly targeted or too broad audiences, per year.

    ``campaign_spend x waste_removed``. Example: 400,000 x 8 % = 32,000.
    """
    return d.campaign_spend * d.waste_removed


def acquisition_cost_benefit(d: AcquisitionCostDriver) -> float:
    """Acquisition cost saved on the customers won each year.

    ``new_customers x cac_before x cac_reduction``. Example: 250 x 3,000 x 10 % = 75,000.
    """
    return d.new_customers * d.cac_before * d.cac_reduction


DRIVER_FORMULAS = {
    "retention": retention_benefit,
    "sales_productivity": sales_productivity_benefit,
    "win_rate": win_rate_benefit,
    "service_cost": service_cost_benefit,
    "marketing_efficiency": marketing_efficiency_benefit,
    "acquisition_cost": acquisition_cost_benefit,
}
"""Driver name (a field of :class:`~crm_case.model.Drivers`) -> its yearly benefit formula."""


def annual_driver_benefits(drivers: Drivers) -> dict[str, float]:
    """Yearly benefit of every enabled driver at full adoption, before risk adjustment."""
    out = {}
    for name, formula in DRIVER_FORMULAS.items():
        driver = getattr(drivers, name)
        if driver.enabled:
            out[name] = formula(driver)
    return out
