"""The value of information: what checking an assumption, or running a pilot first, is worth before deciding.

The decision is *invest* (NPV of the run) or *do not invest* (0, the status quo). All figures come from the runs of
:func:`crm_case.risk.monte_carlo` (risk-adjusted or not, like the simulation), in the case currency, present values
at the decision date.

* **EVPI** (expected value of perfect information, Raiffa & Schlaifer 1961; Hubbard, *How to Measure Anything*,
  ch. 7): what knowing every input before deciding is worth,
  ``EVPI = E[max(NPV, 0)] - max(E[NPV], 0)``. It is zero when every run's NPV has the same sign: no information
  would change the decision.
* **EVPPI** (partial EVPI) of an input or a group of inputs X: ``E_X[max(E[NPV | X], 0)] - max(E[NPV], 0)``. The
  conditional expectation ``E[NPV | X]`` is estimated from the same runs by a least-squares regression of NPV on a
  cubic regression spline of each input (Strong, Oakley & Brennan 2014, "Estimating multiparameter partial expected
  value of perfect information from a probabilistic sensitivity analysis sample: a nonparametric regression
  approach", Medical Decision Making 34(3):311-326; an unpenalised additive spline stands in for their GAM; for a
  group, the pairwise products of the standardised inputs are added so that a product of two inputs, such as
  adoption x hours saved, is fitted exactly). See :func:`conditional_mean`.
* A **pilot** (:class:`crm_case.model.Pilot`, the case's ``risk.pilot``, re-exported here) as an option
  (Forrester TEI's *flexibility*): pay the pilot, wait its months, learn the inputs it reveals (measured on its
  users, with sampling noise), then roll out only where what was learnt makes the rollout's expected NPV better
  than stopping. Compared with going ahead now, waiting the same months without a pilot, and not investing
  (:func:`pilot_paths`). Waiting is costed by the model's own delay logic (:mod:`crm_case.delay`): the project's
  flows start D months later in the same window (its tail is lost) and the
  opportunity costs of the waiting months accrue.

Sampling error of every estimate is a standard error by the delta method (see :func:`conditional_mean`), checked
against the spread over independent seeds in tests/unit/test_voi.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from crm_case.cashflow import project
from crm_case.delay import driver_costs
from crm_case.model import Case, Pilot, with_values
from crm_case.risk import CHUNK, QUANTILES, Engine, MonteCarlo, break_even, monte_carlo, tornado

__all__ = [
    "Estimate",
    "Fit",
    "PATHS",
    "Pilot",
    "PilotAnalysis",
    "SIMPLER_FIRST",
    "conditional_mean",
    "evpi",
    "evppi",
    "evppi_table",
    "pilot_paths",
    "risk_report",
]

PATHS = ("now", "pilot", "wait", "no_investment")
"""The courses of action :func:`pilot_paths` compares: go ahead now, pilot then decide, wait the pilot's months
then decide, do not invest."""

SIMPLER_FIRST = ("no_investment", "now", "wait", "pilot")
"""The order in which :attr:`PilotAnalysis.best` breaks a tie of expected NPV and spread: the simpler course."""
KNOTS = (0.25, 0.5, 0.75)
"""Interior knots of each input's cubic regression spline, as quantiles of the input over the runs."""


@dataclass(frozen=True)
class Estimate:
    """A value estimated from the runs (case currency) and its standard error (same unit; 0 when exact)."""

    value: float
    standard_error: float

    def as_dict(self) -> dict[str, float]:
        return {"value": self.value, "standard_error": self.standard_error}


# --------------------------------------------------------------------------- the regression
def _standard(x: np.ndarray) -> np.ndarray | None:
    """``x`` standardised over the runs, None when it does not vary."""
    sd = float(x.std())
    if not sd > 0 or not np.isfinite(sd):
        return None
    return (x - x.mean()) / sd


def _spline(x: np.ndarray) -> np.ndarray:
    """Columns of a cubic regression spline of ``x`` (no intercept): ``z, z^2, z^3, (z - k)^3_+`` for each knot
    ``k`` of :data:`KNOTS`, with ``z`` the input standardised over the runs. An input that does not vary gives no
    column (its conditional expectation is the overall mean). A whole-month input taking three values gives a
    rank-3 block, which the fit reduces to the three group means (exact for a discrete input)."""
    z = _standard(x)
    if z is None:
        return np.empty((x.size, 0))
    knots = np.quantile(z, KNOTS)
    block = np.empty((z.size, 3 + len(knots)), order="F")
    _spline_into(z, knots, block)
    return block


def _spline_into(z: np.ndarray, knots: np.ndarray, block: np.ndarray) -> None:
    """:func:`_spline`'s columns of the standardised ``z`` written into ``block`` (runs x (3 + knots))."""
    block[:, 0] = z
    np.multiply(z, z, out=block[:, 1])
    np.multiply(block[:, 1], z, out=block[:, 2])
    for i, k in enumerate(knots):  # (z - k)^3_+ as products: a power of every run costs several times more
        hinge = block[:, 3 + i]
        np.subtract(z, k, out=hinge)
        np.maximum(hinge, 0.0, out=hinge)
        hinge *= hinge * hinge


def _design(inputs: Sequence[np.ndarray]) -> np.ndarray:
    """The regression's design matrix: an intercept, each input's spline (:func:`_spline`) and, for two inputs or
    more, the pairwise products of their standardised values (first-order interactions)."""
    n = inputs[0].size if inputs else 0
    blocks = [np.ones((n, 1))]
    linear = []
    for x in inputs:
        block = _spline(np.asarray(x, dtype=float))
        if block.shape[1]:
            blocks.append(block)
            linear.append(block[:, 0])
    for i in range(len(linear)):
        for j in range(i + 1, len(linear)):
            blocks.append((linear[i] * linear[j])[:, None])
    return np.hstack(blocks)


def _equilibrated(design: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``design`` with each column divided by its norm, those norms, and the pseudo-inverse of the equilibrated
    Gram matrix ``B'B`` through its eigen-decomposition (eigenvalues below ``1e-12`` of the largest dropped, so
    repeated or constant columns are harmless): what :func:`conditional_mean` solves the normal equations with."""
    scale = np.sqrt((design * design).sum(axis=0))
    scale[scale == 0] = 1.0
    design = design / scale
    values, vectors = np.linalg.eigh(design.T @ design)
    keep = values > values.max() * 1e-12
    return design, scale, (vectors[:, keep] / values[keep]) @ vectors[:, keep].T


@dataclass(frozen=True, eq=False)
class _Basis:
    """What a one-input fit (:func:`conditional_mean`) needs of the input's samples alone: the standardised input,
    its knots, the design's column norms and the pseudo-inverse of its Gram matrix. Kept with the simulation's
    draws (:meth:`crm_case.risk.MonteCarlo.derived`), so that after an edit that leaves the input's draws alone a
    fit is only its products with the new NPVs (the design is rebuilt from ``z``, a few products per run: keeping
    it would cost a session about 0.5 MB per input)."""

    z: np.ndarray
    knots: np.ndarray
    scale: np.ndarray
    inverse: np.ndarray

    @staticmethod
    def of(x: np.ndarray) -> _Basis | None:
        """The basis of ``x``; None when it does not vary (its fit is the mean)."""
        z = _standard(np.asarray(x, dtype=float))
        if z is None:
            return None
        knots = np.quantile(z, KNOTS)
        _, scale, inverse = _equilibrated(_design_of(z, knots))
        return _Basis(z, knots, scale, inverse)

    def design(self) -> np.ndarray:
        """The equilibrated design matrix (the same numbers as :func:`_equilibrated` of :func:`_design`), built in
        one array."""
        design = _design_of(self.z, self.knots)
        design /= self.scale
        return design


def _design_of(z: np.ndarray, knots: np.ndarray) -> np.ndarray:
    """:func:`_design` of one input already standardised (``z``, its ``knots``): an intercept and its spline."""
    design = np.empty((z.size, 4 + len(knots)), order="F")  # by columns: each is written run after run
    design[:, 0] = 1.0
    _spline_into(z, knots, design[:, 1:])
    return design


@dataclass(frozen=True, eq=False)
class Fit:
    """A least-squares fit of a target on a design matrix: what :func:`conditional_mean` returns.

    ``fitted`` is the estimate of ``E[target | inputs]`` for every run; :meth:`value_of_deciding` turns it into the
    value of deciding with that knowledge and its standard error.
    """

    target: np.ndarray
    fitted: np.ndarray
    _design: np.ndarray = field(repr=False)
    _inverse: np.ndarray = field(repr=False)

    def value_of_deciding(self) -> Estimate:
        """``mean(max(g, 0)) - max(mean(g), 0)`` over the runs, ``g`` the fitted conditional expectation (the
        EVPPI when the target is NPV), at least 0 (Jensen; exact on the sample as the fit has an intercept, so
        ``mean(g) = mean(target)``).

        Standard error (delta method): with ``d = 1`` if ``mean(target) >= 0`` (invest without information)
        else 0, the estimate is ``mean(v)`` with ``v_n = max(g_n, 0) - d g_n``. Its variance is the runs' Monte
        Carlo variance ``var(v) / N`` (the inputs' sampling, the fit taken as exact) plus the fit's: the estimate
        is linear in the target through the hat matrix, ``w' y`` with ``w = H a``, ``a_n = (1[g_n > 0] - d) / N``,
        so its variance given the inputs is ``sum_n w_n^2 e_n^2`` (heteroscedasticity-robust, HC0, residuals
        ``e``). The kink of ``max`` makes this an approximation near the break-even; the upward bias of the
        estimate (noise in ``g`` near zero counts as information) is of the order of that second term.
        """
        g, y = self.fitted, self.target
        n = y.size
        if n == 0:
            return Estimate(0.0, 0.0)
        invest = float(y.mean()) >= 0.0
        v = np.maximum(g, 0.0) - (g if invest else 0.0)
        value = max(float(v.mean()), 0.0)
        a = ((g > 0).astype(float) - float(invest)) / n
        if self._design.shape[1] > 1 and a.any():
            w = self._design @ (self._inverse @ (self._design.T @ a))
            residual = y - g
            fit_variance = float(np.sum(w * w * residual * residual))
        else:
            fit_variance = 0.0
        variance = float(v.var()) / n + fit_variance
        return Estimate(value, float(np.sqrt(max(variance, 0.0))))


def conditional_mean(target: np.ndarray, inputs: Sequence[np.ndarray], *,
                     basis: _Basis | None = None) -> Fit:
    """``E[target | inputs]`` for every run, by least squares on :func:`_design` (a regression spline per input,
    pairwise interactions for a group): the nonparametric regression estimator of Strong, Oakley & Brennan (2014)
    with a fixed-knot spline in place of their penalised GAM.

    The normal equations are solved through the eigen-decomposition of the column-equilibrated Gram matrix
    ``B'B`` (:func:`_equilibrated`: a pseudo-inverse, so repeated or constant columns, e.g. a whole-month input with
    three values, are harmless). ``target`` has one value per run; each input too. No input (or none that varies):
    the fit is the mean. ``basis``: the one input's :class:`_Basis`, when already known (the same fit, without
    the sample-only part).
    """
    y = np.asarray(target, dtype=float)
    if basis is not None and len(inputs) == 1:
        design, inverse = basis.design(), basis.inverse
    else:
        design, _, inverse = _equilibrated(_design([np.asarray(x, dtype=float) for x in inputs]) if inputs
                                           else np.ones((y.size, 1)))
    fitted = design @ (inverse @ (design.T @ y))
    return Fit(y, fitted, design, inverse)


# --------------------------------------------------------------------------- EVPI and EVPPI
def evpi(mc: MonteCarlo) -> Estimate:
    """Expected value of perfect information of invest / do not invest, from the runs' NPVs.

    ``EVPI = mean(max(NPV, 0)) - max(mean(NPV), 0)``, in the case currency (risk-adjusted or not as the
    simulation). Equivalently the expected regret of the decision made without information: with ``mean(NPV) >= 0``
    it is ``mean(max(-NPV, 0))`` (the losses of the runs where investing was wrong). Standard error:
    ``sd(v) / sqrt(N)`` with ``v`` the per-run regret. Reference: Hubbard, *How to Measure Anything* (3rd ed.,
    2014), ch. 7 "expected value of perfect information"; Raiffa & Schlaifer, *Applied Statistical Decision
    Theory* (1961).
    """
    npv = mc.runs.npv
    return Fit(npv, npv, np.ones((npv.size, 1)), np.ones((1, 1))).value_of_deciding()  # g = NPV: no fit error


def evppi(mc: MonteCarlo, paths: str | Iterable[str]) -> Estimate:
    """Expected value of partial perfect information of an input path, or of a group of paths learnt together:
    ``mean(max(g, 0)) - max(mean(NPV), 0)`` with ``g = E[NPV | inputs]`` (:func:`conditional_mean`), capped at
    :func:`evpi` (learning part of the inputs cannot be worth more than learning all of them; the cap only removes
    sampling noise). Standard error: :meth:`Fit.value_of_deciding`. A path the simulation does not vary is worth 0.
    """
    paths = [paths] if isinstance(paths, str) else list(paths)
    inputs = [mc.samples[p] for p in paths if p in mc.samples]
    estimate = conditional_mean(mc.runs.npv, inputs).value_of_deciding()
    cap = evpi(mc).value
    return Estimate(min(estimate.value, cap), estimate.standard_error)


def evppi_table(mc: MonteCarlo) -> pd.DataFrame:
    """The EVPPI of every input that varies in the simulation, largest first.

    Columns: ``path``, ``label`` (English, :func:`crm_case.risk.input_label`), ``evppi`` and ``standard_error``
    (case currency), ``share_of_evpi`` (EVPPI / EVPI, NaN when EVPI is 0). Ties keep the order of
    :func:`crm_case.risk.risk_inputs`.
    """
    cap = evpi(mc)
    rows = []
    for item in mc.inputs:
        values = mc.samples[item.path]
        if not item.varies or np.ptp(values) == 0:
            continue
        basis = mc.derived(item.path, "voi.basis", _Basis.of)  # kept with the draws: the next edit reuses it
        estimate = conditional_mean(mc.runs.npv, [values], basis=basis).value_of_deciding()
        rows.append({"path": item.path, "label": item.label, "evppi": min(estimate.value, cap.value),
                     "standard_error": estimate.standard_error})
    frame = pd.DataFrame(rows, columns=["path", "label", "evppi", "standard_error"]).astype(
        {"path": object, "label": object, "evppi": float, "standard_error": float})
    with np.errstate(all="ignore"):
        frame["share_of_evpi"] = frame["evppi"] / cap.value if cap.value > 0 else np.nan
    return frame.sort_values("evppi", ascending=False, kind="stable", ignore_index=True)


# --------------------------------------------------------------------------- the pilot
def _observed(pilot: Pilot, mc: MonteCarlo) -> list[np.ndarray]:
    """What the pilot measures in each run: each revealed input plus its sampling noise
    ``N(0, (spread x |x| / sqrt(users))^2)``, drawn from ``default_rng((seed, 1))`` (the simulation's seed, a
    stream apart from its draws: same seed, same result). Inputs the simulation does not vary are left out."""
    rng = np.random.default_rng((mc.seed, 1))
    out = []
    for path in pilot.reveals:
        if path not in mc.samples or np.ptp(mc.samples[path]) == 0:
            continue
        x = mc.samples[path]
        noise = rng.standard_normal(x.size) * (pilot.spread * np.abs(x) / np.sqrt(pilot.users))
        out.append(x + noise)
    return out


def _shifted_npv(engine: Engine, samples: Mapping[str, np.ndarray], runs: int, delay: int) -> tuple[np.ndarray, ...]:
    """Per run: NPV starting now, NPV starting ``delay`` months later in the same window, and the discount
    factor of month ``delay``.

    ``NPV_D = sum_{m=D}^{M} net[m - D] x factor[m]`` (:func:`crm_case.delay.forgone_value`'s convention: the
    flows shift, the tail past the horizon is lost), with each run's own flows and discount factors
    (:meth:`crm_case.risk.Engine.flows`), :data:`~crm_case.risk.CHUNK` runs at a time.
    """
    now, later, factor = np.empty(runs), np.empty(runs), np.empty(runs)
    for start in range(0, runs, CHUNK):
        stop = min(start + CHUNK, runs)
        costs, benefits, factors = engine.flows({p: v[start:stop] for p, v in samples.items()}, stop - start)
        net = benefits - costs
        factors = np.broadcast_to(factors, net.shape)
        months = net.shape[1] - 1
        now[start:stop] = (net * factors).sum(axis=1)
        later[start:stop] = ((net[:, : months + 1 - delay] * factors[:, delay:]).sum(axis=1) if delay <= months
                             else 0.0)
        factor[start:stop] = factors[:, min(delay, months)] if delay <= months else factors[:, months]
    return now, later, factor


def _summary(npv: np.ndarray) -> dict[str, float]:
    """Expected NPV (mean), its standard error, P(NPV > 0) and the P10 / P50 / P90 of a path's per-run NPV
    (sample quantiles, ``method="inverted_cdf"`` as :meth:`crm_case.risk.MonteCarlo.quantiles`)."""
    q = np.quantile(npv, QUANTILES, method="inverted_cdf")
    return {"expected_npv": float(npv.mean()), "standard_error": float(npv.std() / np.sqrt(npv.size)),
            "probability_positive": float((npv > 0).mean())} | {
        f"p{int(p * 100)}": float(v) for p, v in zip(QUANTILES, q, strict=True)}


@dataclass(frozen=True, eq=False)
class PilotAnalysis:
    """The four courses of action of :func:`pilot_paths`, their per-run NPVs and the pilot's option value."""

    pilot: Pilot
    npv: Mapping[str, np.ndarray]
    """Per-run NPV of each path of :data:`PATHS`, case currency."""
    expand_share: float
    """Share of the runs in which the pilot leads to the full rollout."""
    delay_costs: float
    """The opportunity costs of waiting the pilot's months (:func:`crm_case.delay.driver_costs`, present value),
    paid by the paths that roll out late."""
    information: Estimate
    """Value of the pilot's (imperfect) information about the late rollout: ``mean(max(g, 0)) -
    max(mean(gain), 0)``, ``gain`` = late rollout's NPV - its delay costs - stopping's (:func:`conditional_mean`);
    the expected value of sample information (EVSI) of the pilot, before its cost."""

    def table(self) -> pd.DataFrame:
        """One row per path of :data:`PATHS`: ``path, expected_npv, standard_error, probability_positive, p10,
        p50, p90``."""
        return pd.DataFrame([{"path": name} | _summary(self.npv[name]) for name in PATHS])

    @property
    def best(self) -> str:
        """The path with the highest expected NPV; paths within ``1e-9`` of the best (relative to the largest
        absolute expected NPV) tie, and the tie goes to the lower risk: the narrower P90 - P10 spread, then the
        simpler course (:data:`SIMPLER_FIRST`: waiting and then not investing is not investing)."""
        table = self.table().set_index("path").loc[list(SIMPLER_FIRST)]
        top = table["expected_npv"].max()
        tolerance = 1e-9 * max(table["expected_npv"].abs().max(), 1.0)
        tied = table[table["expected_npv"] >= top - tolerance]
        spread = tied["p90"] - tied["p10"]
        return str(spread.idxmin())

    @property
    def option_value(self) -> float:
        """The pilot's value as an option, Forrester TEI's *flexibility*: ``E[NPV pilot path] - max(E[NPV now],
        0)``, case currency; positive when piloting first beats the better of going ahead now and not investing."""
        return float(self.npv["pilot"].mean() - max(self.npv["now"].mean(), 0.0))


def pilot_paths(case: Case, pilot: Pilot, mc: MonteCarlo | None = None, *, runs: int | None = None,
                seed: int | None = None, risk_adjusted: bool = True) -> PilotAnalysis:
    """Value a pilot as a decision tree over the Monte Carlo runs (``mc``, else :func:`crm_case.risk.monte_carlo`
    with ``runs``, ``seed``, ``risk_adjusted``; ``mc`` must come from ``case`` with the same ``risk_adjusted``).

    With D = ``pilot.months``, per run n (case currency, present values at the decision date):

    * **now**: ``NPV_n``, the run's NPV.
    * **wait**: wait D months without a pilot, then invest if the expected late NPV is positive:
      ``L_n = NPV_D,n - C_D`` where ``NPV_D`` is the NPV of starting D months later in the same window
      (:func:`_shifted_npv`, :mod:`crm_case.delay`'s convention) and ``C_D`` the delay's opportunity costs over
      the D months (:func:`crm_case.delay.driver_costs`: lost customers, campaign waste, price increases...);
      the path is ``L_n`` for every run if ``mean(L) > 0``, else 0.
    * **pilot**: pay ``pilot.cost`` at t = 0, measure the revealed inputs (:func:`_observed`), then roll out where
      the expected gain of rolling out over stopping, ``g_n = E[L + S | measured]`` with ``S_n = stop_cost x
      factor_n(D)`` (:func:`conditional_mean`), is positive; stop otherwise:
      ``-cost + (L_n if g_n > 0 else -S_n)``. The realised ``L_n`` of the runs that roll out is counted, so the
      mean is an unbiased value of the rule and P10/P90 are outcomes.
    * **no_investment**: 0.

    The opportunity costs accrue only on the paths that roll out late (they are what starting late costs the
    project); a pilot that stops pays its cost and the stop cost, the status quo being 0 by convention. The pilot's
    own users' benefits are not counted (conservative). Vectorised: no loop over runs.
    """
    mc = mc if mc is not None else monte_carlo(case, runs=runs, seed=seed, risk_adjusted=risk_adjusted)
    count = mc.count
    engine = Engine(case, risk_adjusted=risk_adjusted)
    d = pilot.months
    now, later, factor_d = _shifted_npv(engine, mc.samples, count, d)
    delay_costs = float(sum(values[:d].sum() for values in driver_costs(case, project(case), d).values()))
    late = later - delay_costs
    stop = pilot.stop_cost * factor_d
    fit = conditional_mean(late + stop, _observed(pilot, mc))
    expand = fit.fitted > 0
    paths = {
        "now": now,
        "pilot": -float(pilot.cost) + np.where(expand, late, -stop),
        "wait": late if late.mean() > 0 else np.zeros(count),
        "no_investment": np.zeros(count),
    }
    return PilotAnalysis(pilot, paths, float(expand.mean()), delay_costs, fit.value_of_deciding())


# --------------------------------------------------------------------------- the report
def _plain(value: Any) -> Any:
    """A plain JSON value: numpy scalars to Python, NaN and infinities to None, containers walked."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [_plain(row) for row in frame.to_dict(orient="records")]


def risk_report(case: Case, *, runs: int | None = None, seed: int | None = None, pilot: Pilot | None = None,
                risk_adjusted: bool = True) -> dict[str, Any]:
    """Everything the risk analysis says about ``case`` as plain JSON values (the command line's ``risk --json``).

    Keys: ``currency``, ``runs``, ``seed``, ``risk_adjusted``; ``probability_positive`` (P(NPV > 0));
    ``quantiles`` (``npv``, ``roi``, ``irr``, ``payback_months``: ``p10, p50, p90, defined``, as
    :meth:`crm_case.risk.MonteCarlo.quantiles`; a payback P90 beyond the horizon is None); ``mean_npv``;
    ``tornado`` and ``break_even`` (rows of :func:`crm_case.risk.tornado` and :func:`crm_case.risk.break_even`);
    ``evpi`` (``value, standard_error``); ``evppi`` (rows ``path, label, evppi, standard_error, share_of_evpi``,
    largest first); and with a ``pilot``, ``pilot`` (its fields), ``paths`` (rows of
    :meth:`PilotAnalysis.table`), ``best_path``, ``option_value``, ``expand_share``, ``delay_costs``,
    ``pilot_information``; ``pilot`` defaults to the case's own (``case.risk.pilot``), so a saved case with a pilot
    reports its paths. Amounts in the case currency, rates and shares as fractions, paybacks in months.
    NaN is None; the same ``seed`` gives the same report. ``runs`` and ``seed`` are checked as the case's own
    settings (``risk.runs``: 100 to 100,000; ``risk.seed``: 0 to 2^32 - 1): a refused one raises
    :class:`~crm_case.errors.CrmCaseError` naming ``risk.runs`` or ``risk.seed``.
    """
    settings = {key: value for key, value in (("risk.runs", runs), ("risk.seed", seed)) if value is not None}
    if settings:
        case = with_values(case, settings)
    pilot = pilot if pilot is not None else case.risk.pilot
    mc = monte_carlo(case, risk_adjusted=risk_adjusted)
    quantiles = mc.quantiles().set_index("metric")
    report: dict[str, Any] = {
        "currency": case.assumptions.currency,
        "runs": mc.count,
        "seed": mc.seed,
        "risk_adjusted": risk_adjusted,
        "probability_positive": mc.probability_positive,
        "mean_npv": float(mc.runs.npv.mean()),
        "quantiles": {metric: dict(row) for metric, row in quantiles.iterrows()},
        "tornado": _records(tornado(case, risk_adjusted=risk_adjusted)),
        "break_even": _records(break_even(case, risk_adjusted=risk_adjusted)),
        "evpi": evpi(mc).as_dict(),
        "evppi": _records(evppi_table(mc)),
    }
    if pilot is not None:
        analysis = pilot_paths(case, pilot, mc, risk_adjusted=risk_adjusted)
        report |= {
            "pilot": pilot.model_dump(mode="json"),
            "paths": _records(analysis.table()),
            "best_path": analysis.best,
            "option_value": analysis.option_value,
            "expand_share": analysis.expand_share,
            "delay_costs": analysis.delay_costs,
            "pilot_information": analysis.information.as_dict(),
        }
    return _plain(report)

