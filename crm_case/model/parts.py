"""The parts of a case that make its money: assumptions, cost and benefit line items, benefit drivers, the
rollout and the cost of delay; with the enums they use and the models' common configuration.

Every model is frozen, forbids unknown fields and refuses inf and NaN: a change makes a new case
(:func:`~crm_case.model.paths.with_values`), validated like the first one.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
)

from crm_case.model.units import (
    MAX_HORIZON_YEARS,
    Count,
    CurrencyCode,
    DiscountRate,
    Fraction,
    Money,
    Months,
    Name,
    Unit,
    _trim_years,
)

__all__ = [
    "AcquisitionCostDriver",
    "Assumptions",
    "BenefitArea",
    "BenefitItem",
    "CostCategory",
    "CostItem",
    "CostOfDelay",
    "CrmType",
    "DRIVER_AREAS",
    "DRIVER_LABELS",
    "Drivers",
    "MAX_DELAY_MONTHS",
    "MarketingEfficiencyDriver",
    "ROLLOUT_PRESETS",
    "RetentionDriver",
    "Rollout",
    "SalesProductivityDriver",
    "ServiceCostDriver",
    "Timing",
    "WinRateDriver",
]


class CostCategory(StrEnum):
    """Where a cost belongs: the seed's three kinds of CRM investment."""

    IT = "IT"
    PEOPLE = "People"
    PROCESS = "Process"


class BenefitArea(StrEnum):
    """The customer-facing function a benefit comes from."""

    MARKETING = "Marketing"
    SALES = "Sales"
    SERVICE = "Service"


class Timing(StrEnum):
    """When, within its year, a yearly amount is discounted.

    ``end_of_year``: Year k at t = k years (Forrester TEI, Excel ``=B1+NPV(r, C1:E1)``); the default.
    ``mid_year``: Year k at t = k - 0.5 years (mid-year convention of corporate finance).
    ``monthly``: each month m at t = m / 12 years, the year's amount spread evenly over its months.
    The Initial amount is always at t = 0, undiscounted.
    """

    END_OF_YEAR = "end_of_year"
    MID_YEAR = "mid_year"
    MONTHLY = "monthly"


class CrmType(StrEnum):
    """The kind of CRM being bought; each has a rollout preset (:data:`ROLLOUT_PRESETS`)."""

    OPERATIONAL = "operational"
    ANALYTICAL = "analytical"
    COLLABORATIVE = "collaborative"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True)


# --------------------------------------------------------------------------- assumptions and items
class Assumptions(_Model):
    """The frame of the case: who, in which currency, from when, over how long, at which rate."""

    name: Name = Field("New CRM case", title="Case name", description="Name of the case, shown on every page.")
    currency: CurrencyCode = Field(
        "EUR", title="Currency (ISO code)", description="ISO 4217 code of every amount in the case."
    )
    start_date: dt.date = Field(
        dt.date(2027, 1, 1),
        title="Decision date",
        ge=dt.date(1900, 1, 1),
        le=dt.date(2200, 12, 31),
        description="Date of the decision: month 0 of the projection (1900 to 2200).",
    )
    horizon_years: Annotated[int, Unit.YEARS] = Field(
        3,
        title="Horizon (years)",
        ge=1,
        le=MAX_HORIZON_YEARS,
        description="Years evaluated after the decision (Forrester TEI uses 3).",
    )
    discount_rate: DiscountRate = Field(
        0.10,
        title="Discount rate (% a year)",
        description="Annual discount rate as a fraction (0.10 = 10 %), e.g. the cost of capital.",
    )
    timing: Timing = Field(Timing.END_OF_YEAR, title="Timing of yearly amounts", description=Timing.__doc__)


class _LineItem(_Model):
    name: Name
    initial: Money = Field(0.0, description="Amount at t = 0, the decision (never discounted).")
    per_year: Annotated[tuple[Money, ...], AfterValidator(_trim_years)] = Field(
        (),
        max_length=MAX_HORIZON_YEARS,
        description="Amount of Year 1, Year 2...; missing years are 0, years past the horizon are kept "
        "but not counted.",
    )
    risk_adjustment: Fraction = Field(0.0, description="Risk adjustment as a fraction.")

    def amount(self, year: int) -> float:
        """Amount of ``year`` (0 = Initial, 1 = Year 1...), 0 when not given."""
        if year == 0:
            return self.initial
        return self.per_year[year - 1] if year <= len(self.per_year) else 0.0


class CostItem(_LineItem):
    """One cost of the investment; its risk adjustment raises it: cost x (1 + risk_adjustment)."""

    category: CostCategory


class BenefitItem(_LineItem):
    """One benefit entered as amounts; its risk adjustment lowers it: benefit x (1 - risk_adjustment)."""

    area: BenefitArea


# --------------------------------------------------------------------------- benefit drivers
class _Driver(_Model):
    enabled: bool = Field(True, title="Include this benefit")
    risk_adjustment: Fraction = Field(
        0.0,
        title="Risk adjustment (%)",
        description="Share by which the benefit is lowered for the risk it does not happen.",
    )


class RetentionDriver(_Driver):
    """Customers kept who would have left: customers x (churn_before - churn_after) x annual margin."""

    customers: Count = Field(0.0, title="Active customers", description="Active customers.")
    churn_before: Fraction = Field(
        0.0, title="Churn without CRM (% a year)", description="Share of customers lost per year without the CRM."
    )
    churn_after: Fraction = Field(
        0.0, title="Churn with CRM (% a year)", description="Share of customers lost per year with the CRM."
    )
    annual_margin_per_customer: Money = Field(
        0.0, title="Annual margin per customer", description="Yearly gross margin of an average customer."
    )


class SalesProductivityDriver(_Driver):
    """Admin time saved that turns into selling time:
    reps x hours_saved_per_week x working_weeks x loaded_hourly_cost x selling_time_share."""

    reps: Count = Field(0.0, title="Sales reps", description="Sales reps using the CRM.")
    hours_saved_per_week: Count = Field(
        0.0, title="Admin hours saved per rep a week", description="Admin hours saved per rep per week."
    )
    working_weeks: Count = Field(46.0, title="Working weeks a year", le=53, description="Working weeks per year.")
    loaded_hourly_cost: Money = Field(
        0.0, title="Loaded cost of a rep-hour", description="Fully loaded cost of one rep-hour."
    )
    selling_time_share: Fraction = Field(
        0.5,
        title="Saved time that becomes selling (%)",
        description="Share of the saved time that becomes productive selling time "
        "(Forrester's productivity recapture, often 50 %).",
    )


class WinRateDriver(_Driver):
    """More deals won, and bigger ones:
    opportunities x margin x (win_rate_after x deal x (1 + deal_size_uplift) - win_rate_before x deal)."""

    opportunities: Count = Field(0.0, title="Opportunities a year", description="Qualified opportunities per year.")
    win_rate_before: Fraction = Field(
        0.0, title="Win rate without CRM (%)", description="Share of opportunities won without the CRM."
    )
    win_rate_after: Fraction = Field(
        0.0, title="Win rate with CRM (%)", description="Share of opportunities won with the CRM."
    )
    average_deal: Money = Field(0.0, title="Average deal", description="Average revenue of a won deal without the CRM.")
    deal_size_uplift: Fraction = Field(
        0.0, title="Deal size uplift (%)", description="Growth of the average deal with the CRM."
    )
    margin: Fraction = Field(0.0, title="Gross margin on revenue (%)", description="Gross margin on the extra revenue.")


class ServiceCostDriver(_Driver):
    """Service contacts avoided, by self-service and by solving more at first contact:
    (contacts x deflection + contacts x (1 - deflection) x fcr_uplift) x cost_per_contact."""

    contacts: Count = Field(
        0.0, title="Service contacts a year", description="Service contacts (calls, e-mails, chats) per year."
    )
    cost_per_contact: Money = Field(
        0.0, title="Cost per contact", description="Fully loaded cost of handling one contact."
    )
    self_service_deflection: Fraction = Field(
        0.0,
        title="Self-service deflection (%)",
        description="Share of contacts the customers resolve themselves through self-service.",
    )
    fcr_uplift: Fraction = Field(
        0.0,
        title="First-contact resolution uplift (points)",
        description="Rise of the first-contact-resolution rate: the share of remaining "
        "contacts that no longer need a follow-up contact.",
    )


class MarketingEfficiencyDriver(_Driver):
    """Campaign spend no longer wasted on the wrong audience: campaign_spend x waste_removed."""

    campaign_spend: Money = Field(0.0, title="Campaign spend a year", description="Yearly campaign spend.")
    waste_removed: Fraction = Field(
        0.0, title="Waste removed (%)", description="Share of the spend saved by better targeting and segmentation."
    )


class AcquisitionCostDriver(_Driver):
    """Cheaper customer acquisition: new_customers x cac_before x cac_reduction."""

    new_customers: Count = Field(0.0, title="New customers a year", description="New customers won per year.")
    cac_before: Money = Field(
        0.0, title="Acquisition cost per customer", description="Cost to acquire one customer without the CRM."
    )
    cac_reduction: Fraction = Field(0.0, title="Reduction (%)", description="Share by which the CRM lowers that cost.")


class Drivers(_Model):
    """The benefits executives move with sliders, each a documented formula of a few inputs."""

    retention: RetentionDriver = Field(RetentionDriver(enabled=False), title="Customer retention")
    sales_productivity: SalesProductivityDriver = Field(
        SalesProductivityDriver(enabled=False), title="Sales productivity"
    )
    win_rate: WinRateDriver = Field(WinRateDriver(enabled=False), title="Win rate and deal size")
    service_cost: ServiceCostDriver = Field(ServiceCostDriver(enabled=False), title="Service cost")
    marketing_efficiency: MarketingEfficiencyDriver = Field(
        MarketingEfficiencyDriver(enabled=False), title="Marketing efficiency"
    )
    acquisition_cost: AcquisitionCostDriver = Field(
        AcquisitionCostDriver(enabled=False), title="Customer acquisition cost"
    )


DRIVER_AREAS: dict[str, BenefitArea] = {
    "retention": BenefitArea.SERVICE,
    "sales_productivity": BenefitArea.SALES,
    "win_rate": BenefitArea.SALES,
    "service_cost": BenefitArea.SERVICE,
    "marketing_efficiency": BenefitArea.MARKETING,
    "acquisition_cost": BenefitArea.MARKETING,
}
"""The area each driver's benefit is reported under."""

DRIVER_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {name: str(field.title) for name, field in Drivers.model_fields.items()}
)
"""Display name of each driver's benefit line: the title of its field of :class:`Drivers` (read-only)."""


# --------------------------------------------------------------------------- rollout
class Rollout(_Model):
    """From decision to full use: go-live, the adoption ramp and the go-live productivity dip.

    Driver benefits are stated at full (100 %) adoption and realised in month m as
    ``benefit / 12 x adoption(m)``; adoption is 0 until go-live, then rises in a straight line to
    ``peak_adoption`` over ``ramp_months``. The dip is output lost by the affected staff while they learn
    the tool: ``dip_depth`` of their output in the first month after go-live, recovering linearly to 0
    over ``dip_months``; it is counted as a People cost.
    """

    crm_type: CrmType = Field(CrmType.OPERATIONAL, description=CrmType.__doc__)
    months_to_go_live: Months = Field(6, title="Months to go-live", description="Months from the decision to go-live.")
    ramp_months: Months = Field(
        12, title="Months to full adoption", description="Months from go-live to full adoption."
    )
    peak_adoption: Fraction = Field(
        0.85, title="Peak adoption (%)", description="Share of users who use the CRM as intended at full adoption."
    )
    dip_depth: Fraction = Field(
        0.10,
        title="Go-live dip depth (%)",
        description="Share of the affected staff's output lost in the first month after go-live.",
    )
    dip_months: Annotated[int, Unit.MONTHS, Field(ge=0, le=24)] = Field(
        3, title="Dip recovery (months)", description="Months the output takes to recover after go-live."
    )
    dip_affected_staff: Count = Field(
        0.0, title="Staff affected by the dip", description="People whose output dips at go-live."
    )
    dip_monthly_output_per_person: Money = Field(
        0.0,
        title="Monthly output per person",
        description="Value of one affected person's monthly output (e.g. their loaded monthly cost).",
    )


ROLLOUT_PRESETS: dict[CrmType, dict[str, float | int]] = {
    # Seed 001: sales-force automation is slow to pay and loses productivity at go-live.
    CrmType.OPERATIONAL: dict(months_to_go_live=6, ramp_months=12, peak_adoption=0.85, dip_depth=0.15, dip_months=3),
    # Seed 001: analytical CRM has fewer, keener "power users", is implemented faster and pays sooner.
    CrmType.ANALYTICAL: dict(months_to_go_live=3, ramp_months=4, peak_adoption=0.90, dip_depth=0.02, dip_months=1),
    # Collaborative CRM (intranet, knowledge sharing): between the two.
    CrmType.COLLABORATIVE: dict(months_to_go_live=4, ramp_months=8, peak_adoption=0.80, dip_depth=0.05, dip_months=2),
}
"""Rollout defaults set by choosing a CRM type; staff and output values are left as they are."""


# --------------------------------------------------------------------------- cost of delay
MAX_DELAY_MONTHS = 24


class CostOfDelay(_Model):
    """What waiting costs (seed 000), beyond the business case's own benefits arriving later.

    Each input feeds one driver of :mod:`crm_case.delay`; amounts in the case currency, rates as fractions.
    Enter only costs the case's benefits do not already count.
    """

    delay_months: Annotated[int, Unit.MONTHS, Field(ge=0, le=MAX_DELAY_MONTHS)] = Field(
        6, title="Months of delay", description="Months of waiting examined (the slider)."
    )
    customers_lost_per_month: Count = Field(
        0.0,
        title="Customers lost to competitors a month",
        description="Customers lost to competitors' marketing each month.",
    )
    value_per_lost_customer: Money = Field(
        0.0, title="Value per lost customer", description="Lifetime value (or margin) of one lost customer."
    )
    new_product_revenue_per_month: Money = Field(
        0.0, title="New-product revenue a month", description="Monthly revenue of products launched meanwhile."
    )
    new_product_shortfall: Fraction = Field(
        0.0,
        title="New-product shortfall (%)",
        description="Share of that revenue missed for lack of market understanding.",
    )
    campaign_spend_per_month: Money = Field(0.0, title="Campaign spend a month", description="Monthly campaign spend.")
    campaign_waste_share: Fraction = Field(
        0.0, title="Campaign waste today (%)", description="Share of campaign spend wasted today."
    )
    waste_growth_per_month: Fraction = Field(
        0.0,
        title="Waste growth (% a month)",
        description="Monthly growth of the waste while campaigns stay badly targeted.",
    )
    staff_redeployed: Count = Field(
        0.0, title="Project staff redeployed", description="Project staff redeployed while the decision waits."
    )
    knowledge_replacement_cost: Money = Field(
        0.0,
        title="Knowledge replacement cost per person",
        description="Cost of rebuilding the knowledge of one redeployed person.",
    )
    headcount: Count = Field(
        0.0,
        title="Staff with customer knowledge",
        description="Staff whose CRM experience matters (sales, service, marketing).",
    )
    attrition_rate: Fraction = Field(
        0.0, title="Attrition (% a year)", description="Share of that staff leaving per year."
    )
    experience_loss_per_leaver: Money = Field(
        0.0,
        title="Experience lost per leaver",
        description="Cost of the customer knowledge one leaver takes away (not captured without a CRM).",
    )
    customers_at_risk: Count = Field(
        0.0, title="Customers at risk", description="Customers whose loyalty suffers from a stagnant experience."
    )
    churn_uplift: Fraction = Field(
        0.0,
        title="Extra churn while experience stagnates (% a year)",
        description="Extra yearly churn among them while the experience stagnates.",
    )
    margin_per_customer: Money = Field(
        0.0, title="Yearly margin per customer", description="Yearly margin of one such customer."
    )
    price_increase_per_year: Fraction = Field(
        0.0,
        title="CRM price increase (% a year)",
        description="Expected yearly rise of CRM prices, applied to the case's IT costs.",
    )
