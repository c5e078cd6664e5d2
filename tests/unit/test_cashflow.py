"""Monthly projection and TEI roll-up: spreading, timing conventions, risk adjustment."""

import numpy as np
import pytest

from crm_case import (
    Assumptions,
    BenefitItem,
    Case,
    CostItem,
    Rollout,
    Timing,
    evaluate,
    monthly_table,
    project,
    sample_case,
    tei_table,
)
from crm_case.cashflow import discount_times, spread_yearly, to_years

NO_DIP = Rollout(dip_depth=0.0)


def simple_case(timing=Timing.END_OF_YEAR, cost_risk=0.0, benefit_risk=0.0) -> Case:
    return Case(
        assumptions=Assumptions(horizon_years=2, discount_rate=0.10, timing=timing),
        costs=(CostItem(category="IT", name="c", initial=100, per_year=(120, 120), risk_adjustment=cost_risk),),
        benefits=(BenefitItem(area="Sales", name="b", per_year=(240, 360), risk_adjustment=benefit_risk),),
        rollout=NO_DIP,
    )


def test_spread_and_roll_up():
    monthly = spread_yearly(100, (120, 240, 999), years=2)
    assert monthly.size == 25
    assert monthly[0] == 100 and monthly[1] == 10 and monthly[24] == 20
    assert to_years(monthly).tolist() == pytest.approx([100, 120, 240])


def test_discount_times():
    assert discount_times(Timing.END_OF_YEAR, 24)[[0, 1, 12, 13, 24]].tolist() == [0, 1, 1, 2, 2]
    assert discount_times(Timing.MID_YEAR, 24)[[0, 1, 12, 13, 24]].tolist() == [0, 0.5, 0.5, 1.5, 1.5]
    assert discount_times(Timing.MONTHLY, 24)[[0, 6, 24]].tolist() == [0, 0.5, 2]


@pytest.mark.parametrize(
    ("timing", "expected_npv"),
    [
        # hand-computed: net = -100, +120, +240 at t = 0, 1, 2 -> -100 + 120/1.1 + 240/1.21
        (Timing.END_OF_YEAR, -100 + 120 / 1.1 + 240 / 1.21),
        (Timing.MID_YEAR, -100 + 120 / 1.1**0.5 + 240 / 1.1**1.5),
        (Timing.MONTHLY, -100 + sum(10 / 1.1 ** (m / 12) for m in range(1, 13))
         + sum(20 / 1.1 ** (m / 12) for m in range(13, 25))),
    ],
)
def test_npv_per_timing(timing, expected_npv):
    assert evaluate(simple_case(timing)).adjusted.npv == pytest.approx(expected_npv)


@pytest.mark.parametrize("timing", list(Timing))
def test_npv_at_irr_is_zero_per_timing(timing):
    case = simple_case(timing)
    rate = evaluate(case).adjusted.irr.value
    at_irr = case.assumptions.model_copy(update={"discount_rate": rate})
    again = evaluate(case.model_copy(update={"assumptions": at_irr}))
    assert again.adjusted.npv == pytest.approx(0.0, abs=1e-6)


def test_risk_adjustment_directions():
    result = evaluate(simple_case(cost_risk=0.10, benefit_risk=0.25))
    assert result.adjusted.total_costs == pytest.approx(340 * 1.10)
    assert result.adjusted.total_benefits == pytest.approx(600 * 0.75)
    assert result.unadjusted.total_costs == pytest.approx(340)
    assert result.unadjusted.total_benefits == pytest.approx(600)


def test_tei_table_matches_monthly_table():
    projection = project(sample_case())
    monthly = monthly_table(projection)
    table = tei_table(projection).set_index(["section", "group"])
    assert table.loc[("net", "Total"), "total"] == pytest.approx(monthly["net"].sum())
    assert table.loc[("net", "Total"), "present_value"] == pytest.approx(monthly["discounted_net"].sum())
    assert monthly["cumulative_net"].iloc[-1] == pytest.approx(monthly["net"].sum())
    for year in range(1, 6):
        in_year = monthly[monthly["year"] == year]
        assert table.loc[("costs", "IT"), f"year_{year}"] == pytest.approx(in_year["cost_it"].sum())
    assert str(monthly["date"].iloc[13].date()) == "2028-02-01"


def test_dip_is_a_people_cost():
    projection = project(sample_case())
    [dip] = [c for c in projection.components if c.key == "rollout.dip"]
    assert dip.kind == "cost" and dip.group == "People"
    people = projection.by_group("cost")["People"]
    assert people[7] > people[6]  # the first month after go-live (month 6) carries the full dip


def test_driver_benefits_follow_adoption():
    projection = project(sample_case())
    benefits = projection.benefits(risk_adjusted=False)
    assert benefits[:7].sum() == 0  # nothing before go-live
    assert benefits[18] == pytest.approx(benefits[30])  # full adoption from month 18
    assert benefits[10] < benefits[18]


def test_line_items_past_horizon_are_ignored():
    case = Case(
        assumptions=Assumptions(horizon_years=1),
        costs=(CostItem(category="IT", name="c", per_year=(12, 1_000_000)),),
        rollout=NO_DIP,
    )
    assert evaluate(case).adjusted.total_costs == pytest.approx(12)


def test_empty_case_has_reasons_not_nans():
    result = evaluate(Case(rollout=NO_DIP))
    m = result.adjusted
    assert m.npv == 0 and m.pv_costs == 0
    assert m.roi.value is None and m.irr.value is None and m.mirr.value is None
    # an empty case has nothing to pay back: no "0.0 months" (issue 15), a reason instead
    assert set(m.reasons()) == {"roi", "irr", "mirr", "payback_months", "discounted_payback_months"}
    assert m.payback_months.value is None
    for key, value in m.as_dict().items():
        assert value is None or isinstance(value, str) or np.isfinite(value), key
