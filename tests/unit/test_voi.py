"""Value of information: EVPI, EVPPI (regression estimator), the pilot as an option, the risk report.

Two cases. ``sample_case()`` as it is: every run's NPV is positive, so no information can change the decision.
``uncertain_case()``: the sample with an extra one-off outlay and only a few inputs varying, so that NPV straddles
zero and information has a value.
"""

import json
import math

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from crm_case import CrmCaseError, analyse_delay, sample_case, with_values
from crm_case.model import RISK_INPUT_PATHS, CostOfDelay
from crm_case.risk import CHUNK, Engine, MonteCarlo, Runs, draw, monte_carlo, risk_inputs
from crm_case.voi import (
    PATHS,
    Pilot,
    PilotAnalysis,
    conditional_mean,
    evpi,
    evppi,
    evppi_table,
    pilot_paths,
    risk_report,
)

ADOPTION = "rollout.peak_adoption"
HOURS = "drivers.sales_productivity.hours_saved_per_week"
VARYING = {
    ADOPTION: (-0.4, 0.15, "triangular"),
    HOURS: (-0.6, 0.2, "pert"),
    "assumptions.discount_rate": (-0.5, 0.5, "pert"),
    "rollout.months_to_go_live": (-0.5, 0.5, "pert"),
}


def uncertain_case(outlay: float = 450_000.0, varying=VARYING):
    """The sample case plus a one-off IT outlay, with only the inputs of ``varying`` (path: low, high,
    distribution) given a range; every other input of the risk analysis fixed (zero range)."""
    case = sample_case()
    ranges = [{"path": i.path, "low": 0.0, "high": 0.0} for i in risk_inputs(case) if i.path not in varying]
    ranges += [{"path": p, "low": low, "high": high, "distribution": d} for p, (low, high, d) in varying.items()]
    costs = [item.model_dump(mode="json") for item in case.costs]
    costs.append({"category": "IT", "name": "Outlay", "initial": outlay})
    return with_values(case, {"risk.ranges": ranges, "costs": costs})


def fake_mc(npv, samples=None) -> MonteCarlo:
    """A MonteCarlo holding given NPVs (and optionally input samples), for hand-computed checks."""
    npv = np.asarray(npv, dtype=float)
    zeros = np.zeros_like(npv)
    return MonteCarlo((), dict(samples or {}), Runs(npv, zeros, zeros, zeros, zeros, zeros), seed=0)


# --------------------------------------------------------------------------- EVPI
def test_evpi_by_hand():
    """NPVs -100, 50, 200, -30: mean 30 > 0, so invest; EVPI = mean(max(NPV, 0)) - 30 = 250 / 4 - 30 = 32.5, the
    same as the expected regret mean(max(-NPV, 0)) = 130 / 4 (hand). Regret per run 100, 0, 0, 30: standard
    error = population sd / sqrt(4) = sqrt(((100 - 32.5)^2 + 2 x 32.5^2 + 2.5^2) / 4) / 2 (hand)."""
    result = evpi(fake_mc([-100, 50, 200, -30]))
    assert result.value == pytest.approx(32.5)
    assert result.standard_error == pytest.approx(math.sqrt((67.5**2 + 2 * 32.5**2 + 2.5**2) / 4) / 2)


def test_evpi_when_not_investing_is_the_default():
    """NPVs -300, 100: mean -100 < 0, so do not invest; EVPI = mean(max(NPV, 0)) = 50 (hand)."""
    assert evpi(fake_mc([-300, 100])).value == pytest.approx(50.0)


def test_sample_case_has_no_value_of_information():
    """Every run of the sample is profitable (P(NPV > 0) = 1): knowing more cannot change the decision."""
    mc = monte_carlo(sample_case(), runs=2_000, seed=7)
    assert mc.probability_positive == 1.0
    assert evpi(mc).value == 0.0
    assert (evppi_table(mc)["evppi"] == 0.0).all()


# --------------------------------------------------------------------------- EVPPI
def _triangular_partial(c: float, low: float, mode: float, high: float) -> float:
    """E[(c - X)^+] for X ~ triangular(low, mode, high): the integral of the CDF F from low to c."""
    span = high - low
    if c <= low:
        return 0.0
    if c <= mode:
        return (c - low) ** 3 / (3 * span * (mode - low))
    if c <= high:
        return (mode - low) ** 2 / (3 * span) + (c - mode) - ((high - mode) ** 3 - (high - c) ** 3) / (
            3 * span * (high - mode))
    return c - (low + mode + high) / 3


def test_evppi_of_one_triangular_input_equals_the_closed_form():
    """NPV linear in one triangular input: EVPPI = E[max(a + bX, 0)] - max(a + b E[X], 0).

    Only the IT cost multiplier s varies, triangular(0.5, 1, 2); NPV = A - B s exactly (the multiplier scales the
    IT line items' flows), with A = NPV at s = 0 and B = A - NPV at s = 1 (both from the engine). Writing
    c = A / B (the break-even multiplier), max(A - B s, 0) = B (c - s)^+, so

        EVPPI = B E[(c - s)^+] - max(A - B E[s], 0),   E[s] = (l + m + h) / 3,

    and E[(c - s)^+] = integral_l^c F(x) dx with the triangular CDF F(x) = (x - l)^2 / ((h - l)(m - l)) on [l, m],
    1 - (h - x)^2 / ((h - l)(h - m)) on [m, h]:

        c <= m:  (c - l)^3 / (3 (h - l)(m - l))
        c >  m:  (m - l)^2 / (3 (h - l)) + (c - m) - ((h - m)^3 - (h - c)^3) / (3 (h - l)(h - m))

    (at c = h this is h - E[s], as it must be). With a single input, EVPPI = EVPI. The estimate from 20,000 runs
    agrees within four of its standard errors (the regression fits a linear NPV exactly: its error is the runs').
    """
    path = "scale.costs.IT"
    case = uncertain_case(outlay=350_000.0, varying={path: (-0.5, 1.0, "triangular")})
    engine = Engine(case)
    at_zero, at_one = engine.run({path: np.array([0.0, 1.0])}, 2).npv
    a, b = at_zero, at_zero - at_one
    low, mode, high = 0.5, 1.0, 2.0
    c = a / b
    assert low < c < high, "the break-even must fall inside the range for the test to mean something"
    exact = b * _triangular_partial(c, low, mode, high) - max(a - b * (low + mode + high) / 3, 0.0)
    assert exact > 0
    mc = monte_carlo(case, runs=20_000, seed=3)
    estimate = evppi(mc, path)
    assert estimate.value == pytest.approx(exact, abs=4 * estimate.standard_error)
    assert estimate.standard_error < 0.05 * exact
    assert evpi(mc).value == pytest.approx(estimate.value, rel=1e-9)


def _nested_evppi(case, path: str, outer: int, inner: int, seed: int) -> tuple[float, float]:
    """Brute force: EVPPI = E_X[max(E[NPV | X], 0)] - max(E[NPV], 0) by a nested simulation. The outer values of X
    are ``outer`` quantiles (k + 0.5) / outer of 100,000 of its draws (stratified); for each, ``inner`` runs of
    the other inputs (the same draws for every outer value, common random numbers), the engine's NPV averaged.
    Returns the estimate and a conservative standard error (the outer values taken as random)."""
    inputs = risk_inputs(case)
    target = [i for i in inputs if i.path == path]
    xs = np.quantile(draw(target, 100_000, seed)[path], (np.arange(outer) + 0.5) / outer, method="inverted_cdf")
    others = draw(inputs, inner, seed + 1)
    samples = {p: np.tile(v, outer) for p, v in others.items()}
    samples[path] = np.repeat(xs, inner)
    engine, n = Engine(case), outer * inner
    npv = np.concatenate([engine.run({p: v[s:s + CHUNK] for p, v in samples.items()}, min(CHUNK, n - s)).npv
                          for s in range(0, n, CHUNK)])
    means = npv.reshape(outer, inner).mean(axis=1)
    regret = np.maximum(means, 0.0) - (means if means.mean() >= 0 else 0.0)
    return float(regret.mean()), float(regret.std() / math.sqrt(outer))


@pytest.mark.parametrize("path", [ADOPTION, "assumptions.discount_rate", "rollout.months_to_go_live"])
def test_evppi_agrees_with_a_nested_simulation(path):
    """The regression estimate from 20,000 runs equals the brute-force nested simulation (100 x 1,000 runs)
    within three combined standard errors; adoption (most of EVPI), the discount rate (NPV convex in it) and the
    go-live month (a whole-month input: three values) cover a smooth, a curved and a discrete input."""
    case = uncertain_case()
    nested, nested_error = _nested_evppi(case, path, outer=100, inner=1_000, seed=11)
    estimate = evppi(monte_carlo(case, runs=20_000, seed=5), path)
    tolerance = 3 * math.hypot(nested_error, estimate.standard_error)
    assert estimate.value == pytest.approx(nested, abs=tolerance)


def test_evppi_standard_error_matches_the_spread_over_seeds():
    """The delta-method standard error is the spread the estimate really has: over 12 independent seeds the sample
    standard deviation of the estimates and the mean reported error agree within a factor of two."""
    case = uncertain_case()
    estimates = [evppi(monte_carlo(case, runs=4_000, seed=s), ADOPTION) for s in range(100, 112)]
    spread = float(np.std([e.value for e in estimates], ddof=1))
    reported = float(np.mean([e.standard_error for e in estimates]))
    assert 0.5 < reported / spread < 2.0


def test_evppi_table_is_ranked_within_evpi():
    mc = monte_carlo(uncertain_case(), runs=10_000, seed=7)
    table = evppi_table(mc)
    total = evpi(mc).value
    assert list(table.columns) == ["path", "label", "evppi", "standard_error", "share_of_evpi"]
    assert set(table["path"]) == set(VARYING)
    assert (np.diff(table["evppi"]) <= 0).all()
    assert ((table["evppi"] >= 0) & (table["evppi"] <= total)).all()
    assert table.loc[0, "path"] == ADOPTION  # peak adoption multiplies every driver's benefit
    assert table["share_of_evpi"].tolist() == pytest.approx((table["evppi"] / total).tolist())


def test_an_edit_reuses_the_draws_work_and_changes_no_figure():
    """Issue 21.5: after an edit, the session's simulation lends its draws (crm_case.risk.draws) and what was
    computed from them (the ranks of MonteCarlo.drivers; each input's regression basis: standardised values, knots,
    Gram inverse): the EVPPI table and the drivers are those of a fresh simulation of the edited case, exactly."""
    case = uncertain_case()
    first = monte_carlo(case, runs=4_000, seed=7)
    evppi_table(first), first.drivers
    edited = with_values(case, {"assumptions.discount_rate": 0.105, "costs.1.initial": 440_000.0})
    lent, fresh = monte_carlo(edited, previous=first, runs=4_000, seed=7), monte_carlo(edited, runs=4_000, seed=7)
    kept = [p for p in VARYING if lent.samples[p] is first.samples[p]]
    assert kept == [ADOPTION, HOURS, "rollout.months_to_go_live"]  # the discount rate's range moved with it
    memos = {item.path: step.memo for item, step in zip(lent.inputs, lent.draws.steps, strict=True)}
    assert all({"voi.basis", "rank"} <= set(memos[p]) for p in kept)  # computed for the first simulation
    pd.testing.assert_frame_equal(evppi_table(lent), evppi_table(fresh), check_exact=True)
    pd.testing.assert_frame_equal(lent.drivers, fresh.drivers, check_exact=True)


def test_evppi_of_every_input_together_is_evpi():
    """Learning every varying input is perfect information: the group's EVPPI equals EVPI (the fit, with each
    input's spline and their pairwise products, reproduces NPV closely enough: within 2 %)."""
    mc = monte_carlo(uncertain_case(), runs=10_000, seed=7)
    assert evppi(mc, list(VARYING)).value == pytest.approx(evpi(mc).value, rel=0.02)


def test_conditional_mean_of_a_discrete_input_is_its_group_means():
    """An input with three values: the fit is each group's mean NPV (hand: groups {1: 10, 30}, {2: 5}, {3: -4, 0})."""
    x = np.array([1, 1, 2, 3, 3], dtype=float)
    fit = conditional_mean(np.array([10, 30, 5, -4, 0], dtype=float), [x])
    assert fit.fitted == pytest.approx([20, 20, 5, -2, -2])


def test_conditional_mean_fits_a_product_of_two_inputs():
    """y = 3 + 2 x1 x2 lies in the span of the group design (pairwise products of standardised inputs)."""
    rng = np.random.default_rng(0)
    x1, x2 = rng.uniform(0, 1, 500), rng.uniform(1, 2, 500)
    y = 3 + 2 * x1 * x2
    assert conditional_mean(y, [x1, x2]).fitted == pytest.approx(y, abs=1e-8)


def test_an_input_that_does_not_vary_is_worth_nothing():
    mc = fake_mc([-100, 50, 200, -30], {"x": np.ones(4)})
    result = evppi(mc, "x")
    assert (result.value, result.standard_error) == (0.0, 0.0)


# --------------------------------------------------------------------------- the pilot
def test_the_pilot_of_the_engine_is_the_cases():
    """One Pilot: the one a case holds (crm_case.model.Pilot, validated like every part of the case; its messages
    are tested in tests/unit/test_pilot_model.py)."""
    from crm_case.model import Pilot as CasePilot

    assert Pilot is CasePilot


def test_pilot_accepts_one_path_as_text_and_is_frozen():
    pilot = Pilot(cost=1_000, months=2.0, users=5, reveals=ADOPTION)
    assert pilot.reveals == (ADOPTION,) and pilot.months == 2 and isinstance(pilot.months, int)
    with pytest.raises(ValidationError):
        pilot.cost = 5  # type: ignore[misc]
    assert set(Pilot(cost=0, months=1, users=1, reveals=RISK_INPUT_PATHS).reveals) == set(RISK_INPUT_PATHS)


def test_wait_path_is_npv_less_the_cost_of_delay_of_the_delay_module():
    """With no uncertainty (every range zero) each run is the case: waiting D months is worth NPV minus the cost
    of delaying D months of crm_case.delay (forgone value + opportunity costs), and going ahead now is the NPV."""
    case = uncertain_case(outlay=0.0, varying={})
    analysis = pilot_paths(case, Pilot(cost=15_000, months=3, users=20, reveals=(ADOPTION,)), runs=200, seed=1)
    npv = analyse_delay(case).projection.net(True) @ analyse_delay(case).projection.factors
    assert analysis.npv["now"] == pytest.approx(np.full(200, npv))
    assert analysis.npv["wait"] == pytest.approx(np.full(200, npv - analyse_delay(case).total(3)))
    # nothing revealed varies: the pilot only delays and costs (hand: wait - 15,000)
    assert analysis.npv["pilot"] == pytest.approx(analysis.npv["wait"] - 15_000)
    assert analysis.best == "now"


def test_a_perfect_free_pilot_is_worth_the_evppi_of_the_late_rollout():
    """A pilot that costs nothing and measures exactly (spread 0) every varying input: rolling out only in the runs
    whose late NPV is positive, so its expected value is mean(max(L, 0)) with L = late NPV - delay costs (hand)."""
    case = uncertain_case()
    mc = monte_carlo(case, runs=10_000, seed=7)
    analysis = pilot_paths(case, Pilot(cost=0, months=1, users=1, reveals=tuple(VARYING), spread=0.0), mc)
    best_possible = np.maximum(analysis.npv["pilot"], 0).mean()
    assert analysis.npv["pilot"].mean() == pytest.approx(best_possible, rel=0.02)
    assert analysis.option_value > 0
    assert analysis.information.value > 0


def test_more_users_measure_better():
    """The pilot's noise falls as 1 / sqrt(users): 2,000 users learn adoption better than 5, so the pilot path is
    worth more (same draws, same seed)."""
    case = uncertain_case()
    mc = monte_carlo(case, runs=10_000, seed=7)
    few = pilot_paths(case, Pilot(cost=15_000, months=3, users=5, reveals=(ADOPTION, HOURS)), mc)
    many = pilot_paths(case, Pilot(cost=15_000, months=3, users=2_000, reveals=(ADOPTION, HOURS)), mc)
    assert many.npv["pilot"].mean() > few.npv["pilot"].mean()
    assert many.information.value > few.information.value


def test_a_pilot_pays_when_the_decision_is_a_coin_flip_and_waiting_costs_little():
    """The uncertain case (expected NPV below zero, P(NPV > 0) about 45 %) without the sample's cost-of-delay
    inputs: going ahead now loses on average, not investing forgoes the good runs; a 3-month pilot of 15,000 on 20
    users that measures adoption and hours saved rolls out only where they look good, and is the best path. Its
    option value is E[pilot] - max(E[now], 0) = E[pilot] (E[now] < 0), and 200 users are worth more than 20."""
    case = uncertain_case().model_copy(update={"delay": CostOfDelay()})
    mc = monte_carlo(case, runs=10_000, seed=7)
    assert mc.runs.npv.mean() < 0
    small = pilot_paths(case, Pilot(cost=15_000, months=3, users=20, reveals=(ADOPTION, HOURS)), mc)
    large = pilot_paths(case, Pilot(cost=15_000, months=3, users=200, reveals=(ADOPTION, HOURS)), mc)
    assert small.delay_costs == 0.0
    assert small.best == large.best == "pilot"
    assert small.option_value == pytest.approx(small.npv["pilot"].mean())
    assert 0 < small.expand_share < 1
    assert large.option_value > small.option_value > 3 * small.table().set_index("path").loc["pilot",
                                                                                            "standard_error"]


def test_stopping_costs_and_is_discounted_to_the_pilot_end():
    """A pilot that reveals an input that does not vary stops everywhere when waiting does not pay: each run pays
    the pilot (at t = 0) and the stop cost discounted to month 3 (end-of-year timing, 10 %: 1 / 1.1; hand)."""
    case = uncertain_case(outlay=2_000_000.0, varying={})
    analysis = pilot_paths(case, Pilot(cost=15_000, months=3, users=20, reveals=(HOURS,), stop_cost=11_000),
                           runs=100, seed=1)
    assert analysis.expand_share == 0.0
    assert analysis.npv["pilot"] == pytest.approx(np.full(100, -15_000 - 11_000 / 1.1))
    assert analysis.npv["wait"] == pytest.approx(np.zeros(100))
    assert analysis.best == "no_investment"


def test_paths_table_and_best_path_tie_goes_to_lower_risk():
    analysis = PilotAnalysis(
        Pilot(cost=0, months=1, users=1, reveals=(ADOPTION,)),
        {"now": np.array([-100.0, 100.0]), "pilot": np.array([0.0, 0.0]), "wait": np.array([-10.0, -10.0]),
         "no_investment": np.zeros(2)},
        expand_share=0.0, delay_costs=0.0, information=evpi(fake_mc([0.0])),
    )
    table = analysis.table()
    assert table["path"].tolist() == list(PATHS)
    assert table.set_index("path").loc["now", "probability_positive"] == 0.5
    # now, pilot and no investment all expect 0: the narrowest spread (pilot, no investment), then the simpler
    assert analysis.best == "no_investment"
    assert PilotAnalysis(analysis.pilot, analysis.npv | {"pilot": np.array([1.0, 1.0])}, expand_share=1.0,
                         delay_costs=0.0, information=analysis.information).best == "pilot"
    assert analysis.option_value == 0.0


# --------------------------------------------------------------------------- the report
def test_risk_report_is_plain_json_and_repeatable():
    case = uncertain_case()
    pilot = Pilot(cost=15_000, months=3, users=20, reveals=(ADOPTION, HOURS))
    report = risk_report(case, runs=2_000, seed=9, pilot=pilot)
    text = json.dumps(report, allow_nan=False)
    assert json.dumps(risk_report(case, runs=2_000, seed=9, pilot=pilot), allow_nan=False) == text
    assert report["runs"] == 2_000 and report["seed"] == 9 and report["currency"] == "EUR"
    assert set(report["quantiles"]) == {"npv", "roi", "irr", "payback_months"}
    assert report["evpi"]["value"] >= max(row["evppi"] for row in report["evppi"])
    assert [row["path"] for row in report["paths"]] == list(PATHS)
    assert report["best_path"] in PATHS
    assert report["tornado"] and report["break_even"]


def test_risk_report_without_a_pilot_has_no_paths():
    report = risk_report(sample_case(), runs=500, seed=1)
    assert "paths" not in report
    assert report["evpi"] == {"value": 0.0, "standard_error": 0.0}
    json.dumps(report, allow_nan=False)


def test_risk_report_reports_the_cases_own_pilot():
    pilot = Pilot(cost=15_000, months=3, users=20, reveals=(ADOPTION, HOURS))
    case = with_values(uncertain_case(), {"risk.pilot": pilot.model_dump()})
    saved = risk_report(case, runs=1_000, seed=3)
    assert saved["pilot"] == {"cost": 15_000.0, "months": 3, "users": 20, "reveals": [ADOPTION, HOURS],
                              "stop_cost": 0.0, "spread": 0.5}
    assert saved == risk_report(uncertain_case(), runs=1_000, seed=3, pilot=pilot)


def test_risk_report_checks_runs_and_seed_as_the_case_does():
    with pytest.raises(CrmCaseError) as refused:
        risk_report(sample_case(), runs=10, seed=-1)
    assert [p.split(":")[0].split(" ")[0] for p in refused.value.problems] == ["risk.runs", "risk.seed"]
