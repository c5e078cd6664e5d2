"""Invariants of the business-case engine, checked with hypothesis."""

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from crm_case import Case, Criterion, Drivers, Scoring, analyse_delay, case_from_json, case_to_json, evaluate, npv
from crm_case.delay import COMPONENTS
from crm_case.drivers import annual_driver_benefits
from crm_case.finance import irr
from crm_case.model import Unit, field_info
from crm_case.scoring import flip_thresholds, score
from tests.property.strategies import cases, improving_cases, investment_cases, money

MONEY_FIELDS = {
    driver: field
    for driver, part in Drivers.model_fields.items()
    for field in part.annotation.model_fields
    if field_info(f"drivers.{driver}.{field}").unit is Unit.MONEY
}
"""The money input of each driver's linear formula, read from the model's units (a test checks there is one)."""


def test_each_driver_has_one_money_input():
    for driver, part in Drivers.model_fields.items():
        money_inputs = [field for field in part.annotation.model_fields
                        if field_info(f"drivers.{driver}.{field}").unit is Unit.MONEY]
        assert money_inputs == [MONEY_FIELDS[driver]], driver


def scaled(case: Case, k: float) -> Case:
    """Every amount of the case times k: line items, and the one money input of each linear formula."""
    data = case.model_dump()
    for section in ("costs", "benefits"):
        for item in data[section]:
            item["initial"] *= k
            item["per_year"] = tuple(v * k for v in item["per_year"])
    for driver, field in MONEY_FIELDS.items():
        data["drivers"][driver][field] *= k
    data["rollout"]["dip_monthly_output_per_person"] *= k
    return Case.model_validate(data)


def with_rate(case: Case, rate: float) -> Case:
    return case.model_copy(update={"assumptions": case.assumptions.model_copy(update={"discount_rate": rate})})


@given(cases)
def test_json_round_trip_is_lossless(case):
    assert case_from_json(case_to_json(case)) == case


@given(cases)
def test_npv_and_roi_have_the_same_sign(case):
    m = evaluate(case).adjusted
    assume(m.roi.value is not None and abs(m.npv) > 1e-6 * max(m.pv_costs, 1.0))
    assert math.copysign(1, m.npv) == math.copysign(1, m.roi.value)


@given(cases, st.floats(0.01, 1000))
def test_scaling_amounts_scales_npv_only(case, k):
    base, big = evaluate(case).adjusted, evaluate(scaled(case, k)).adjusted
    scale = max(base.pv_costs, base.pv_benefits, 1.0)
    assert big.npv == pytest.approx(k * base.npv, rel=1e-6, abs=1e-6 * k * scale)
    if base.roi.value is not None and base.pv_costs > 1e-3:
        assert big.roi.value == pytest.approx(base.roi.value, rel=1e-6, abs=1e-9)
    if base.irr.value is not None:
        assert big.irr.value == pytest.approx(base.irr.value, rel=1e-5, abs=1e-6)
    if base.payback_months.value is not None and big.payback_months.value is not None:
        assert big.payback_months.value == pytest.approx(base.payback_months.value, rel=1e-6, abs=1e-6)
    assert (base.payback_months.value is None) == (big.payback_months.value is None) or scale < 1e-3


@given(st.floats(1, 5e6), st.lists(money, min_size=1, max_size=10), st.floats(0, 0.9), st.floats(0, 0.9))
def test_npv_falls_as_rate_rises_for_an_investment(outlay, returns, r1, r2):
    """A conventional investment (outlay at t = 0, non-negative returns after) loses value as rates rise."""
    low, high = sorted((r1, r2))
    flows = np.array([-outlay, *returns])
    assert npv(high, flows) <= npv(low, flows) + 1e-9 * (outlay + sum(returns))


@given(improving_cases, st.floats(0, 0.9), st.floats(0, 0.9))
def test_case_npv_falls_as_rate_rises_when_all_costs_come_first(case, r1, r2):
    """Same on whole cases whose every cost is Initial (so flows after t = 0 are never negative)."""
    costs = tuple(c.model_copy(update={"per_year": ()}) for c in case.costs)
    case = case.model_copy(update={"costs": costs, "rollout": case.rollout.model_copy(update={"dip_depth": 0.0})})
    low, high = sorted((r1, r2))
    a, b = evaluate(with_rate(case, low)).adjusted.npv, evaluate(with_rate(case, high)).adjusted.npv
    assert b <= a + 1e-9 * max(1.0, abs(a))


@given(improving_cases, st.integers(1, 24))
def test_delaying_benefits_never_shortens_payback(case, months):
    assert all(v >= 0 for v in annual_driver_benefits(case.drivers).values())
    case = case.model_copy(update={"rollout": case.rollout.model_copy(update={"dip_depth": 0.0})})
    rollout = case.rollout
    later_rollout = rollout.model_copy(update={"months_to_go_live": min(60, rollout.months_to_go_live + months)})
    later_items = tuple(b.model_copy(update={"per_year": (0.0, *b.per_year)[:10]}) for b in case.benefits)
    later = case.model_copy(update={"rollout": later_rollout, "benefits": later_items})
    before = evaluate(case).adjusted.payback_months.value
    after = evaluate(later).adjusted.payback_months.value
    if before is None:
        assert after is None
    elif after is not None:
        assert after >= before - 1e-9


@given(investment_cases)
def test_npv_at_the_irr_is_zero(case):
    m = evaluate(case).adjusted
    assume(m.irr.value is not None and -0.99 < m.irr.value <= 1.0)
    again = evaluate(with_rate(case, m.irr.value)).adjusted
    # relative to the present values at the IRR: a rate near -100 % inflates them, and rounding with them
    assert again.npv == pytest.approx(0.0, abs=1e-6 * max(again.pv_costs + again.pv_benefits, 1.0))


@given(st.lists(st.floats(-1e6, 1e6), min_size=2, max_size=12))
def test_irr_is_a_root_or_a_reason(flows):
    result = irr(flows)
    if result.value is None:
        assert result.reason
    else:
        magnitude = float(npv(result.value, np.abs(flows)))  # rounding grows with the discounted terms
        assert npv(result.value, flows) == pytest.approx(0.0, abs=1e-6 * max(magnitude, 1.0))


@given(cases)
def test_cost_of_delay_is_zero_without_delay(case):
    assert analyse_delay(case).total(0) == 0


@given(cases)
def test_opportunity_costs_never_fall_as_the_delay_grows(case):
    """Every driver input is non-negative, so waiting longer never costs less (forgone value aside)."""
    table = analyse_delay(case).table
    drivers = table[[c for c in COMPONENTS if c != "forgone_value"]].sum(axis=1).to_numpy()
    assert np.all(np.diff(drivers) >= -1e-9 * max(1.0, abs(drivers).max()))


@given(cases)
def test_forgone_value_is_zero_when_the_project_contributes_nothing(case):
    empty = case.model_copy(update={"costs": (), "benefits": (), "drivers": Drivers(),
                                    "rollout": case.rollout.model_copy(update={"dip_depth": 0.0})})
    assert np.all(analyse_delay(empty).table["forgone_value"] == 0)


criteria_lists = st.lists(
    st.tuples(st.sampled_from(["advantage", "disadvantage"]), st.floats(0.1, 100), st.floats(0, 10)),
    min_size=1, max_size=6,
).map(lambda rows: Scoring(criteria=tuple(Criterion(name=f"c{i}", side=s, weight=w, score=v)
                                          for i, (s, w, v) in enumerate(rows))))


@given(criteria_lists, st.floats(0.01, 1000))
def test_scaling_weights_keeps_the_verdict(scoring, k):
    scaled_scoring = scoring.model_copy(update={"criteria": tuple(
        c.model_copy(update={"weight": c.weight * k}) for c in scoring.criteria)})
    a, b = score(scoring), score(scaled_scoring)
    assume(abs(a.net) > 1e-9)
    assert a.verdict == b.verdict and b.net == pytest.approx(a.net, rel=1e-9, abs=1e-12)


@given(criteria_lists, st.data())
def test_raising_an_advantage_never_lowers_the_net(scoring, data):
    advantages = [i for i, c in enumerate(scoring.criteria) if c.side == "advantage"]
    assume(advantages)
    i = data.draw(st.sampled_from(advantages))
    higher = data.draw(st.floats(scoring.criteria[i].score, 10))
    criteria = list(scoring.criteria)
    criteria[i] = criteria[i].model_copy(update={"score": higher})
    assert score(scoring.model_copy(update={"criteria": tuple(criteria)})).net >= score(scoring).net - 1e-12


@given(criteria_lists)
def test_the_flip_threshold_flips_the_verdict(scoring):
    before = score(scoring).verdict
    for row in flip_thresholds(scoring).itertuples():
        if not row.can_flip:
            continue
        step = 1e-6 * max(1.0, row.threshold)
        moved = row.threshold + step if row.change > 0 else row.threshold - step
        assume(moved >= 0)
        criteria = [c.model_copy(update={"weight": moved}) if c.name == row.name else c for c in scoring.criteria]
        after = score(scoring.model_copy(update={"criteria": tuple(criteria)})).verdict
        assert after != before


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
       st.integers(min_value=0, max_value=240))
def test_month_dates_are_pandas_date_offsets(start, last):
    """The monthly table's dates, computed for all months at once (crm_case.cashflow.month_dates), are pandas'
    ``start + DateOffset(months=m)`` for every month, the day cut to the month's last (Excel ``EDATE``): the 31st
    of January + 1 month is the 28th or 29th of February."""
    import pandas as pd

    from crm_case.cashflow import month_dates

    months = np.arange(last + 1)
    expected = pd.Series([pd.Timestamp(start) + pd.DateOffset(months=int(m)) for m in months])
    got = pd.Series(month_dates(start, months))
    assert got.equals(expected) and got.dtype == expected.dtype
