"""Cost of delay: each component against a hand-computed value; the fixed-window forgone value."""

import numpy as np
import pytest

from crm_case import Assumptions, BenefitItem, Case, CostItem, CostOfDelay, Rollout, analyse_delay, sample_case
from crm_case.cashflow import project
from crm_case.delay import COMPONENTS, forgone_value, shifted

RATE = 0.10


def case_with(**delay) -> Case:
    return Case(assumptions=Assumptions(horizon_years=2, discount_rate=RATE), rollout=Rollout(dip_depth=0),
                delay=CostOfDelay(**delay))


def discount(t: int) -> float:
    return (1 + RATE) ** (-t / 12)


@pytest.mark.parametrize(
    ("inputs", "component", "months", "expected"),
    [
        # 2 customers a month x 15,000, for 3 months, each month discounted
        (dict(customers_lost_per_month=2, value_per_lost_customer=15_000), "lost_customers", 3,
         sum(30_000 * discount(t) for t in (1, 2, 3))),
        (dict(new_product_revenue_per_month=50_000, new_product_shortfall=0.05), "new_products", 2,
         2_500 * discount(1) + 2_500 * discount(2)),
        # 10,000 x 20 % x ((1.01)^t - 1): 20 in month 1, 40.2 in month 2
        (dict(campaign_spend_per_month=10_000, campaign_waste_share=0.2, waste_growth_per_month=0.01),
         "campaign_waste", 2, 2_000 * 0.01 * discount(1) + 2_000 * (1.01**2 - 1) * discount(2)),
        # once, in month 1
        (dict(staff_redeployed=4, knowledge_replacement_cost=8_000), "redeployment", 6, 32_000 * discount(1)),
        # 60 x 15 % / 12 x 10,000 = 7,500 a month
        (dict(headcount=60, attrition_rate=0.15, experience_loss_per_leaver=10_000), "attrition", 2,
         7_500 * discount(1) + 7_500 * discount(2)),
        # 1,200 x 1 % / 12 = 1 customer lost a month, accumulating; each costs 1,200 / 12 = 100 a month
        (dict(customers_at_risk=1_200, churn_uplift=0.01, margin_per_customer=1_200), "loyalty", 3,
         100 * discount(1) + 200 * discount(2) + 300 * discount(3)),
    ],
)
def test_driver_components(inputs, component, months, expected):
    analysis = analyse_delay(case_with(**inputs))
    assert analysis.components(months)[component] == pytest.approx(expected)
    others = [c for c in COMPONENTS if c not in {component}]
    assert all(analysis.components(months)[c] == 0 for c in others)


def test_price_increase_on_it_costs():
    case = case_with(price_increase_per_year=0.05).model_copy(update={
        "costs": (CostItem(category="IT", name="Licences", initial=100_000),
                  CostItem(category="People", name="Training", initial=50_000))})
    # PV of IT costs 100,000 at t = 0; 12 months of waiting raise it by 5 %, discounted month by month
    expected = sum(100_000 * (1.05 ** (t / 12) - 1.05 ** ((t - 1) / 12)) * discount(t) for t in range(1, 13))
    assert analyse_delay(case).components(12)["price_increase"] == pytest.approx(expected)


def test_forgone_value_in_a_fixed_window():
    # one benefit of 12,000 in year 1 (1,000 a month), horizon 2 years, monthly timing
    case = Case(assumptions=Assumptions(horizon_years=2, discount_rate=RATE, timing="monthly"),
                benefits=(BenefitItem(area="Sales", name="b", per_year=(12_000,)),), rollout=Rollout(dip_depth=0))
    projection = project(case)
    forgone = forgone_value(projection)
    now = sum(1_000 * discount(m) for m in range(1, 13))
    assert forgone[0] == 0
    assert forgone[3] == pytest.approx(now - sum(1_000 * discount(m + 3) for m in range(1, 13)))
    # starting 18 months later: months 19..24 remain in the window, 25..30 are lost
    assert forgone[18] == pytest.approx(now - sum(1_000 * discount(m + 18) for m in range(1, 7)))


def test_late_start_past_the_window_forgoes_everything():
    case = sample_case().model_copy(update={"assumptions": sample_case().assumptions.model_copy(
        update={"horizon_years": 1})})
    analysis = analyse_delay(case)
    npv = float(analysis.projection.net() @ analysis.projection.factors)
    assert analysis.components(24)["forgone_value"] == pytest.approx(npv)


def test_totals_per_month_and_week_and_urgency():
    analysis = analyse_delay(sample_case())
    total = analysis.total(6)
    assert total == pytest.approx(sum(analysis.components(6).values()))
    assert analysis.per_month(6) == pytest.approx(total / 6)
    assert analysis.per_week(6) == pytest.approx(total / 6 * 12 / 52)
    assert analysis.per_month(0) is None
    urgency = analysis.urgency()
    assert list(urgency["delay_months"]) == list(range(1, 25))
    assert urgency["marginal_cost"].sum() == pytest.approx(analysis.total(24))


def test_shifted():
    assert shifted(np.array([1.0, 2, 3, 4]), 1).tolist() == [0, 1, 2, 3]
    assert shifted(np.array([1.0, 2]), 5).tolist() == [0, 0]


def test_cumulative_paths():
    paths = analyse_delay(sample_case()).cumulative_paths(6)
    assert paths["start_later"].iloc[:6].eq(0).all()
    assert paths["start_now"].iloc[-1] > paths["start_later"].iloc[-1]


def test_delay_inputs_other_than_the_delay_itself_are_counted():
    """A blank case has no delay input; the delay in months alone is not one; each non-zero input is."""
    from crm_case import blank_case, with_values
    from crm_case.delay import delay_inputs_set, has_delay_inputs

    blank = blank_case()
    assert not has_delay_inputs(blank) and delay_inputs_set(blank) == 0
    waiting = with_values(blank, {"delay.delay_months": 6})
    assert not has_delay_inputs(waiting) and delay_inputs_set(waiting) == 0
    two = with_values(waiting, {"delay.customers_lost_per_month": 3, "delay.campaign_waste_share": 0.1})
    assert has_delay_inputs(two) and delay_inputs_set(two) == 2


def initial_only(timing: str) -> Case:
    """A case whose only flow is an Initial cost of 100,000 (no benefits, no delay inputs)."""
    return Case(assumptions=Assumptions(horizon_years=3, discount_rate=RATE, timing=timing),
                rollout=Rollout(dip_depth=0), benefits=[],
                costs=[CostItem(category="IT", name="Set-up", initial=100_000, per_year=[0, 0, 0])])


def test_month_13_dip_is_the_initial_outlay_entering_discount_year_2():
    """Regression (issue 22: month 13 cost EUR 44.6k between neighbours of about EUR 75k). Under end-of-year
    timing months 1..12 are discounted one year and months 13..24 two: a 13th month of delay moves the Initial
    outlay into year 2, so it forgoes 100,000 x (1/1.1 - 1/1.21) = 7,513.15 less (hand); a 12th month moves
    it nowhere (months 11 and 12 are both year 1), so its marginal cost is 0."""
    urgency = analyse_delay(initial_only("end_of_year")).urgency().set_index("delay_months")
    assert urgency.loc[13, "marginal_cost"] == pytest.approx(-100_000 * (1 / 1.1 - 1 / 1.21))  # -7,513.15
    assert urgency.loc[12, "marginal_cost"] == pytest.approx(0.0, abs=1e-6)
    assert urgency.loc[1, "marginal_cost"] == pytest.approx(-100_000 * (1 - 1 / 1.1))  # t = 0 -> year 1
    assert dict(urgency.loc[urgency["discount_step"] > 0, "discount_step"]) == {1: 1, 13: 2}


def test_monthly_timing_has_no_discount_steps():
    """Monthly timing discounts each month at m / 12 years: no step, no month marked."""
    urgency = analyse_delay(initial_only("monthly")).urgency()
    assert (urgency["discount_step"] == 0).all()
    # hand: each month of delay discounts the 100,000 one more month: 100,000 x (1.1^(-12/12) - 1.1^(-13/12))
    assert urgency.set_index("delay_months").loc[13, "marginal_cost"] == pytest.approx(
        -100_000 * (discount(12) - discount(13)))


def test_sample_urgency_marks_month_13():
    """The sample (end-of-year timing, EUR 378,750 Initial): month 13 is marked as the step into year 2."""
    urgency = analyse_delay(sample_case()).urgency().set_index("delay_months")
    assert urgency.loc[13, "discount_step"] == 2 and urgency.loc[12, "discount_step"] == 0
