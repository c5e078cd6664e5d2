"""Invariants of the risk engine: it agrees with the deterministic evaluation of every variant it runs."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from crm_case import evaluate
from crm_case.finance import irr, irr_many, sign_changes
from crm_case.risk import Engine, apply_values, draw, monte_carlo, risk_inputs, tornado
from tests.property.strategies import cases


@given(case=cases, seed=st.integers(0, 2**32 - 1))
def test_engine_runs_equal_evaluate_of_each_variant(case, seed):
    """Each Monte Carlo run's NPV, ROI and payback equal those of the case with that run's inputs applied; its
    IRR too wherever the deterministic IRR exists and is an ordinary rate."""
    samples = draw(risk_inputs(case), 4, seed)
    runs = Engine(case).run(samples, 4)
    for k in range(4):
        figures = evaluate(apply_values(case, {p: v[k] for p, v in samples.items()})).adjusted
        scale = max(figures.pv_costs, figures.pv_benefits, 1.0)
        assert math.isclose(runs.npv[k], figures.npv, rel_tol=1e-9, abs_tol=1e-9 * scale)
        if figures.payback_months.value is None:
            assert np.isnan(runs.payback_months[k])
        else:
            assert math.isclose(runs.payback_months[k], figures.payback_months.value, rel_tol=1e-6, abs_tol=1e-6)
        rate = figures.irr.value
        if rate is not None and -0.9 < rate < 10:
            assert math.isclose(runs.irr[k], rate, rel_tol=1e-6, abs_tol=1e-9)


@given(case=cases, seed=st.integers(0, 2**32 - 1))
def test_present_values_equal_the_discounted_monthly_flows(case, seed):
    """Issue 21.5: the runs' PV of costs and of benefits, taken without building each run's monthly flows (each
    curve's PV once, weighted by the run's amounts: Engine.present_values), equal the flows the same engine builds
    (Engine.flows) times the discount factors, summed, to floating-point rounding; the discount rate among the
    inputs drawn (one row of factors per run) and, below, fixed (one row for every run)."""
    engine = Engine(case)
    samples = draw(risk_inputs(case), 16, seed)
    for values in (samples, {p: v for p, v in samples.items() if p != "assumptions.discount_rate"}):
        pv_costs, pv_benefits = engine.present_values(values, 16)
        costs, benefits, factors = engine.flows(values, 16)
        for pv, flows in ((pv_costs, costs), (pv_benefits, benefits)):
            expected = (flows * factors).sum(axis=1)
            scale = np.abs(flows).sum(axis=1).max(initial=1.0)
            np.testing.assert_allclose(pv, expected, rtol=1e-12, atol=1e-12 * scale)


@given(case=cases)
def test_tornado_brackets_the_case_npv(case):
    """The case's NPV lies between each input's low and high NPV when NPV is monotonic in that input (every
    input of the engine is, except the whole-month timing ones and the discount rate of mixed flows)."""
    npv = evaluate(case).adjusted.npv
    table = tornado(case)
    monotonic = ~table["path"].str.startswith("rollout.") & (table["path"] != "assumptions.discount_rate")
    for row in table[monotonic].itertuples():
        low, high = sorted((row.npv_low, row.npv_high))
        tolerance = 1e-9 * max(abs(npv), abs(low), abs(high), 1.0)
        assert low - tolerance <= npv <= high + tolerance
    assert (np.diff(table["swing"].to_numpy()) <= 1e-9).all()


@given(case=cases, seed=st.integers(0, 1000))
def test_probability_and_quantiles_are_consistent(case, seed):
    result = monte_carlo(case, runs=200, seed=seed)
    assert 0.0 <= result.probability_positive <= 1.0
    q = result.quantiles().set_index("metric")
    assert q.loc["npv", "p10"] <= q.loc["npv", "p50"] <= q.loc["npv", "p90"]
    assert (result.runs.npv > 0).mean() == result.probability_positive


multi_sign_flows = st.lists(st.integers(-10**8, 10**8).map(lambda cents: cents / 100), min_size=3,
                            max_size=25).filter(lambda flows: sign_changes(flows) > 1)
"""Amounts in cents up to a million: a flow of 1e-56 next to one of 1 makes np.roots (and so irr()) inexact."""


@given(flows=st.lists(multi_sign_flows, min_size=1, max_size=8), period=st.sampled_from([1, 6, 12]))
def test_irr_many_equals_irr_on_rows_of_several_sign_changes(flows, period):
    """Rows whose flows change sign several times are searched together (not by irr() one by one): each row's
    rate is irr()'s (numpy-financial's root closest to zero, polished), NaN exactly where irr() has none, for
    ordinary rates (above -90 % a year; beyond, irr_many reports NaN by design)."""
    width = max(len(row) for row in flows)
    rows = np.array([row + [0.0] * (width - len(row)) for row in flows])
    vector = irr_many(rows, period_months=period)
    for k, row in enumerate(rows):
        rate = irr(row, period_months=period).value
        if rate is None:
            assert np.isnan(vector[k])
        elif -0.9 < rate < 1e6:
            assert math.isclose(vector[k], rate, rel_tol=1e-7, abs_tol=1e-9)
