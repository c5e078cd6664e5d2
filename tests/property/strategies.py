"""Hypothesis strategies for cases."""

import datetime as dt

from hypothesis import strategies as st

from crm_case import (
    Assumptions,
    BenefitArea,
    BenefitItem,
    Case,
    CostCategory,
    CostItem,
    CostOfDelay,
    CrmType,
    Drivers,
    Rollout,
    Timing,
)
from crm_case.model import (
    AcquisitionCostDriver,
    MarketingEfficiencyDriver,
    RetentionDriver,
    SalesProductivityDriver,
    ServiceCostDriver,
    WinRateDriver,
)

money = st.floats(0, 5e6, allow_nan=False, allow_infinity=False)
small_count = st.floats(0, 5_000, allow_nan=False)
fraction = st.floats(0, 1, allow_nan=False)
names = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=30)
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and "\ufffe" not in s and "\uffff" not in s)
)
yearly = st.lists(money, max_size=10).map(tuple)

cost_items = st.builds(
    CostItem, category=st.sampled_from(CostCategory), name=names, initial=money, per_year=yearly,
    risk_adjustment=fraction,
)
benefit_items = st.builds(
    BenefitItem, area=st.sampled_from(BenefitArea), name=names, initial=money, per_year=yearly,
    risk_adjustment=fraction,
)
drivers = st.builds(
    Drivers,
    retention=st.builds(RetentionDriver, enabled=st.booleans(), customers=small_count, churn_before=fraction,
                        churn_after=fraction, annual_margin_per_customer=money, risk_adjustment=fraction),
    sales_productivity=st.builds(SalesProductivityDriver, enabled=st.booleans(), reps=small_count,
                                 hours_saved_per_week=st.floats(0, 40), loaded_hourly_cost=st.floats(0, 500),
                                 selling_time_share=fraction, risk_adjustment=fraction),
    win_rate=st.builds(WinRateDriver, enabled=st.booleans(), opportunities=small_count, win_rate_before=fraction,
                       win_rate_after=fraction, average_deal=money, deal_size_uplift=fraction, margin=fraction,
                       risk_adjustment=fraction),
    service_cost=st.builds(ServiceCostDriver, enabled=st.booleans(), contacts=st.floats(0, 1e6),
                           cost_per_contact=st.floats(0, 500), self_service_deflection=fraction,
                           fcr_uplift=fraction, risk_adjustment=fraction),
    marketing_efficiency=st.builds(MarketingEfficiencyDriver, enabled=st.booleans(), campaign_spend=money,
                                   waste_removed=fraction, risk_adjustment=fraction),
    acquisition_cost=st.builds(AcquisitionCostDriver, enabled=st.booleans(), new_customers=small_count,
                               cac_before=st.floats(0, 1e5), cac_reduction=fraction, risk_adjustment=fraction),
)
rollouts = st.builds(
    Rollout, crm_type=st.sampled_from(CrmType), months_to_go_live=st.integers(0, 60),
    ramp_months=st.integers(0, 60), peak_adoption=fraction, dip_depth=fraction, dip_months=st.integers(0, 24),
    dip_affected_staff=small_count, dip_monthly_output_per_person=st.floats(0, 50_000),
)
assumptions = st.builds(
    Assumptions, name=names, currency=st.sampled_from(["EUR", "USD", "GBP", "JPY", "CHF"]),
    start_date=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), horizon_years=st.integers(1, 10),
    discount_rate=st.floats(0, 0.5), timing=st.sampled_from(Timing),
)
delays = st.builds(
    CostOfDelay, delay_months=st.integers(0, 24), customers_lost_per_month=small_count,
    value_per_lost_customer=money, new_product_revenue_per_month=money, new_product_shortfall=fraction,
    campaign_spend_per_month=money, campaign_waste_share=fraction, waste_growth_per_month=st.floats(0, 0.2),
    staff_redeployed=small_count, knowledge_replacement_cost=st.floats(0, 1e5), headcount=small_count,
    attrition_rate=fraction, experience_loss_per_leaver=st.floats(0, 1e5), customers_at_risk=small_count,
    churn_uplift=fraction, margin_per_customer=st.floats(0, 1e5), price_increase_per_year=st.floats(0, 0.5),
)
cases = st.builds(
    Case, assumptions=assumptions, costs=st.lists(cost_items, max_size=5).map(tuple),
    benefits=st.lists(benefit_items, max_size=5).map(tuple), drivers=drivers, rollout=rollouts, delay=delays,
)


def _improving(case: Case) -> Case:
    """The case with every driver pointing the right way (churn falls, win rate rises): no driver loses."""
    d = case.drivers
    low_churn, high_churn = sorted((d.retention.churn_before, d.retention.churn_after))
    low_win, high_win = sorted((d.win_rate.win_rate_before, d.win_rate.win_rate_after))
    drivers = d.model_copy(update={
        "retention": d.retention.model_copy(update={"churn_before": high_churn, "churn_after": low_churn}),
        "win_rate": d.win_rate.model_copy(update={"win_rate_before": low_win, "win_rate_after": high_win}),
    })
    return case.model_copy(update={"drivers": drivers})


improving_cases = cases.map(_improving)
"""Cases whose driver benefits are all zero or more."""


def _with_investment(case: Case, outlay: float, returns: tuple[float, ...]) -> Case:
    costs = (*case.costs, CostItem(category="IT", name="Outlay", initial=outlay))
    benefits = (*case.benefits, BenefitItem(area="Sales", name="Returns", per_year=returns))
    return case.model_copy(update={"costs": costs, "benefits": benefits})


investment_cases = st.builds(
    _with_investment,
    improving_cases,
    st.floats(1_000, 5e6),
    st.lists(st.floats(1_000, 5e6), min_size=1, max_size=10).map(tuple),
)
"""Cases with an outlay at t = 0 and returns after it, so that an IRR usually exists."""
