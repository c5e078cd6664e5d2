"""Invariants of the value of information (crm_case.voi) over generated cases.

EVPI >= 0 (Jensen: E[max(NPV, 0)] >= max(E[NPV], 0)); each input's EVPPI lies in [0, EVPI] (learning part of the
inputs is worth no more than learning all; the estimator is capped at EVPI, so only its lower side needs the
sampling error); EVPI = 0 when no information can change the decision (every run's NPV has the same sign); and
scaling every amount of the case by k scales EVPI and every EVPPI by k (the empyrical-style metamorphic test of
tests/property/test_properties.py: the draws are relative to the case values, so every run's NPV scales by k).
"""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from crm_case.risk import monte_carlo
from crm_case.voi import evpi, evppi_table
from tests.property.strategies import cases
from tests.property.test_properties import scaled

RUNS = 200


@settings(max_examples=40)
@given(case=cases, seed=st.integers(0, 2**32 - 1))
def test_evpi_is_non_negative_and_bounds_every_evppi(case, seed):
    mc = monte_carlo(case, runs=RUNS, seed=seed)
    total = evpi(mc)
    assert total.value >= 0.0 and total.standard_error >= 0.0
    table = evppi_table(mc)
    assert (table["evppi"] >= 0.0).all()
    assert (table["evppi"] <= total.value).all()
    assert (table["standard_error"] >= 0.0).all()
    assert np.isfinite(table[["evppi", "standard_error"]].to_numpy()).all()


@settings(max_examples=40)
@given(case=cases, seed=st.integers(0, 2**32 - 1))
def test_evpi_is_zero_when_every_run_has_the_same_sign(case, seed):
    mc = monte_carlo(case, runs=RUNS, seed=seed)
    npv = mc.runs.npv
    if (npv >= 0).all() or (npv <= 0).all():
        assert evpi(mc).value == 0.0
        assert (evppi_table(mc)["evppi"] == 0.0).all()
    else:
        # both signs: perfect information saves the runs on the wrong side of the decision
        assert evpi(mc).value > 0.0


@settings(max_examples=30)
@given(case=cases, seed=st.integers(0, 2**32 - 1), k=st.floats(0.01, 100))
def test_scaling_amounts_scales_the_value_of_information(case, seed, k):
    base, big = monte_carlo(case, runs=RUNS, seed=seed), monte_carlo(scaled(case, k), runs=RUNS, seed=seed)
    size = float(np.abs(base.runs.npv).max(initial=0.0)) + 1.0
    assert math.isclose(evpi(big).value, k * evpi(base).value, rel_tol=1e-6, abs_tol=1e-6 * k * size)
    small_table, big_table = evppi_table(base).set_index("path"), evppi_table(big).set_index("path")
    for path in small_table.index.intersection(big_table.index):
        assert math.isclose(big_table.loc[path, "evppi"], k * small_table.loc[path, "evppi"], rel_tol=1e-5,
                            abs_tol=1e-6 * k * size)
