"""A published Forrester TEI table reproduced to the dollar.

Source: Forrester, "The Total Economic Impact of SalesLoft" (risk-adjusted, 10 % discount rate, USD):
total costs Initial 53,150; Y1 666,715; Y2 636,772; Y3 647,783; total benefits 0; 1,606,511;
3,061,331; 4,229,760 -> PV costs 1,672,201; PV benefits 7,168,371; NPV 5,496,170; ROI 329 %;
payback under 6 months.
"""

import pytest

from crm_case import (
    Assumptions,
    BenefitItem,
    Case,
    CostItem,
    Rollout,
    evaluate,
    tei_table,
)

COSTS = (53_150, 666_715, 636_772, 647_783)
BENEFITS = (0, 1_606_511, 3_061_331, 4_229_760)


@pytest.fixture(scope="module")
def salesloft():
    case = Case(
        assumptions=Assumptions(name="SalesLoft TEI", currency="USD", horizon_years=3, discount_rate=0.10),
        costs=(CostItem(category="IT", name="Total costs", initial=COSTS[0], per_year=COSTS[1:]),),
        benefits=(BenefitItem(area="Sales", name="Total benefits", initial=BENEFITS[0], per_year=BENEFITS[1:]),),
        rollout=Rollout(dip_depth=0.0),
    )
    return evaluate(case)


def test_present_values_to_the_dollar(salesloft):
    m = salesloft.adjusted
    assert round(m.pv_costs) == 1_672_201
    assert round(m.pv_benefits) == 7_168_371
    assert round(m.npv) == 5_496_170


def test_roi_329_percent(salesloft):
    assert round(salesloft.adjusted.roi.value * 100) == 329


def test_payback_under_six_months(salesloft):
    assert salesloft.adjusted.payback_months.value < 6
    # -53,150 recovered by (1,606,511 - 666,715) / 12 a month
    assert salesloft.adjusted.payback_months.value == pytest.approx(53_150 / ((1_606_511 - 666_715) / 12))


def test_tei_table_columns(salesloft):
    table = tei_table(salesloft.projection).set_index(["section", "group"])
    costs = table.loc[("costs", "Total")]
    benefits = table.loc[("benefits", "Total")]
    assert [round(costs[c]) for c in ("initial", "year_1", "year_2", "year_3")] == list(COSTS)
    assert [round(benefits[c]) for c in ("initial", "year_1", "year_2", "year_3")] == list(BENEFITS)
    assert round(costs["present_value"]) == 1_672_201
    assert round(benefits["present_value"]) == 7_168_371
    assert round(table.loc[("net", "Total"), "present_value"]) == 5_496_170


def test_unadjusted_equals_adjusted_without_risk(salesloft):
    assert salesloft.unadjusted.as_dict() == salesloft.adjusted.as_dict()
