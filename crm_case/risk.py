"""Risk: the inputs' ranges, scenarios, a sensitivity tornado, break-even values and a vectorised Monte Carlo.

Every input of the risk analysis (:data:`~crm_case.model.RISK_INPUT_PATHS`) has a *case value* (the most
likely value) and a range around it given as relative changes (:class:`~crm_case.model.InputRange`; by
default 20 % either side, 10 % for volumes and prices measured today, none for a measured "before" rate,
whose "after" rate's range applies to the improvement: :func:`~crm_case.model.default_range`). From that
one table:

* **Scenarios**: *pessimistic* puts every input at the end of its range that lowers NPV, *optimistic* at the
  end that raises it, *base* is the case; each is evaluated in full (:func:`crm_case.evaluate.evaluate`).
* **Tornado**: NPV with one input at its low end and then at its high end, the others at their case
  values; bars sorted by swing ``|NPV(high) - NPV(low)|``.
* **Break-even**: the value of one input at which NPV is zero, the others at their case values.
* **Monte Carlo**: each input drawn independently from a triangular or beta-PERT distribution
  (min, most likely = case value, max), N runs, seeded; every run evaluated at once as arrays (no Python
  loop over the runs).

Inputs that are whole numbers in the case (months) are rounded to the nearest whole number wherever
they vary. ``scale.costs.<category>`` and ``scale.benefits.<area>`` multiply the line items of a category
or area (1.0 = as entered). All figures are risk-adjusted (the TEI adjustments of the case) unless
``risk_adjusted=False``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType, SimpleNamespace
from typing import Any, NamedTuple, TypeVar

import numpy as np
import pandas as pd

from crm_case.cashflow import project, to_years
from crm_case.drivers import DRIVER_FORMULAS
from crm_case.evaluate import Evaluation, evaluate
from crm_case.finance import irr_many, payback_months_many
from crm_case.model import (
    DRIVER_LABELS,
    MAX_FIGURE,
    MEASURED_RATES,
    RISK_INPUT_PATHS,
    BenefitArea,
    Case,
    CostCategory,
    Distribution,
    Timing,
    Unit,
    default_range,
    field_info,
    with_values,
)
from crm_case.rollout import adoption_shares, dip_shares

T = TypeVar("T")


def _last_names(unit: Unit) -> frozenset[str]:
    """The field names (last part of the path) of the risk inputs measured in ``unit``."""
    return frozenset(path.rsplit(".", 1)[-1] for path in RISK_INPUT_PATHS
                     if not path.startswith("scale.") and field_info(path).unit is unit)


MONEY_FIELDS = _last_names(Unit.MONEY)
"""Risk inputs that are amounts, by field name (read from the model: :func:`~crm_case.model.field_info`)."""
FRACTION_FIELDS = _last_names(Unit.FRACTION)
"""Risk inputs that are shares or rates (not the discount rate), by field name."""
MONTH_FIELDS = MappingProxyType({last: int(field_info(path).high) for path in RISK_INPUT_PATHS
                                 if (last := path.rsplit(".", 1)[-1]) in _last_names(Unit.MONTHS)})
"""Whole-month inputs and their upper bounds (the model's)."""
SCENARIOS = ("pessimistic", "base", "optimistic")
AFTER_RATES = {after: before for before, after in MEASURED_RATES.items()}
"""An "after" rate -> its "before" rate; the after rate's range is a relative change of the improvement."""


@dataclass(frozen=True)
class RiskInput:
    """One input of the risk analysis with its values in the case's units.

    ``unit`` is ``money`` (case currency), ``fraction``, ``rate`` (the discount rate, a fraction),
    ``months``, ``count`` or ``multiplier``. ``low <= base <= high`` always hold; the range is clipped to
    the values the model allows (a fraction stays within 0-1).
    """

    path: str
    label: str
    unit: str
    base: float
    low: float
    high: float
    distribution: Distribution
    lower_bound: float
    upper_bound: float

    @property
    def integer(self) -> bool:
        return self.unit == "months"

    @property
    def varies(self) -> bool:
        return self.high > self.low


def input_label(path: str) -> str:
    """A readable English label of an input path (the UI translates its own; this one is for files)."""
    parts = path.split(".")
    if path == "assumptions.discount_rate":
        return field_info(path).name
    if parts[0] == "scale":
        return f"{parts[2]} {'costs' if parts[1] == 'costs' else 'benefits'} (line items, multiplier)"
    if parts[0] == "drivers":
        return f"{DRIVER_LABELS[parts[1]]}: {parts[2].replace('_', ' ')}"
    return f"Rollout: {parts[-1].replace('_', ' ')}"


def _unit_and_bounds(path: str) -> tuple[str, float, float]:
    """The unit of an input and the values it may take, from the model (:func:`~crm_case.model.field_info`).

    A bound the model excludes is approached to within 0.01 (the discount rate, above -100 %, goes down to
    -99 %); an amount or count limited only by the size limit :data:`~crm_case.model.MAX_FIGURE` is unbounded
    here (:func:`break_even` then searches up to 10 times its value). Multipliers are 0 or more."""
    if path.startswith("scale."):
        return "multiplier", 0.0, np.inf
    spec = field_info(path)
    low = spec.low + 0.01 if spec.low_open else spec.low
    high = spec.high if spec.high < MAX_FIGURE else np.inf
    return str(spec.unit), low, high


def _line_totals(case: Case) -> dict[str, float]:
    totals: dict[str, float] = {}
    for prefix, items, attr in (("scale.costs.", case.costs, "category"), ("scale.benefits.", case.benefits, "area")):
        for item in items:
            key = prefix + getattr(item, attr).value
            totals[key] = totals.get(key, 0.0) + item.initial + sum(item.per_year[: case.assumptions.horizon_years])
    return totals


def base_value(case: Case, path: str) -> float:
    """The case value of an input: the field's value, or 1.0 for a line-item multiplier."""
    if path.startswith("scale."):
        return 1.0
    node: object = case
    for part in path.split("."):
        node = getattr(node, part)
    return float(node)  # type: ignore[arg-type]


def risk_inputs(case: Case) -> tuple[RiskInput, ...]:
    """The inputs that move this case's figures, with their ranges.

    Included: the discount rate; the multiplier of each cost category and benefit area that has line
    items; every input of each enabled driver; go-live, ramp and peak adoption when a driver is enabled;
    the dip's depth and length when the dip costs something. An input whose case value is zero has no
    range (a relative change of zero is zero) and is left out. Ranges come from ``case.risk.ranges``, else
    :func:`~crm_case.model.default_range`. An "after" rate's range is a relative change of its improvement:
    churn 12 % -> 10 % with -20 % / +20 % gives 10.4 % to 9.6 %.
    """
    given = {r.path: r for r in case.risk.ranges}
    paths = ["assumptions.discount_rate"]
    totals = _line_totals(case)
    paths += [p for p in (*(f"scale.costs.{c.value}" for c in CostCategory),
                          *(f"scale.benefits.{a.value}" for a in BenefitArea)) if totals.get(p, 0.0) > 0]
    enabled = [name for name in DRIVER_FORMULAS if getattr(case.drivers, name).enabled]
    for name in enabled:
        fields = type(getattr(case.drivers, name)).model_fields
        paths += [f"drivers.{name}.{f}" for f in fields if f not in {"enabled", "risk_adjustment"}]
    if enabled:
        paths += ["rollout.months_to_go_live", "rollout.ramp_months", "rollout.peak_adoption"]
    r = case.rollout
    if r.dip_affected_staff * r.dip_monthly_output_per_person > 0:
        paths += ["rollout.dip_depth", "rollout.dip_months"]
    out = []
    for path in paths:
        base = base_value(case, path)
        if base == 0:
            continue
        unit, lower, upper = _unit_and_bounds(path)
        spec = given.get(path)
        low_change, high_change = (spec.low, spec.high) if spec else default_range(path)
        if path in AFTER_RATES:  # the range applies to the improvement after - before
            before = base_value(case, AFTER_RATES[path])
            ends = sorted(before + (base - before) * (1 + c) for c in (low_change, high_change))
        else:
            ends = sorted((base * (1 + low_change), base * (1 + high_change)))
        low, high = (float(min(max(v, lower), upper)) for v in ends)  # np.clip of a scalar: 50 times slower
        if unit == "months":
            low, high = float(np.rint(low)), float(np.rint(high))
        out.append(RiskInput(path, input_label(path), unit, base, min(low, base), max(high, base),
                             spec.distribution if spec else Distribution.PERT, lower, upper))
    return tuple(out)


def ranges_after_edit(case: Case, shown: list[Mapping[str, object]]) -> list[dict[str, object]]:
    """The case's ``risk.ranges`` after an edit of the ranges table: every input ``shown`` (rows with ``path``,
    ``low``, ``high`` as fractions of the case value, ``distribution``) gets an explicit
    range, in the table's order (so row n of the table is range n, and a refused value names its row); the ranges
    of inputs not shown (a driver switched off) are kept after them, unchanged."""
    paths = {row["path"] for row in shown}
    items = [{key: row[key] for key in ("path", "low", "high", "distribution")} for row in shown]
    return items + [r.model_dump(mode="json") for r in case.risk.ranges if r.path not in paths]


def apply_values(case: Case, values: Mapping[str, float]) -> Case:
    """A new case with the inputs at ``values`` (path -> value in the input's unit), validated.

    A line-item multiplier scales the Initial and yearly amounts of every item of its category or area;
    a whole-month input is rounded; a figure that a range pushes past the model's :data:`MAX_FIGURE` stops
    there (an input already at the limit). Raises :class:`~crm_case.errors.CrmCaseError` when a value breaks
    another rule of the model.
    """
    def capped(value: float) -> float:
        return max(-MAX_FIGURE, min(MAX_FIGURE, float(value)))

    changes: dict[str, object] = {}
    for path, value in values.items():
        parts = path.split(".")
        if parts[0] == "scale":
            section, attr = ("costs", "category") if parts[1] == "costs" else ("benefits", "area")
            items = changes.setdefault(section, [item.model_dump(mode="json") for item in getattr(case, section)])
            for item in items:
                if item[attr] == parts[2]:
                    item["initial"] = capped(item["initial"] * value)
                    item["per_year"] = [capped(v * value) for v in item["per_year"]]
            continue
        changes[path] = round(float(value)) if parts[-1] in MONTH_FIELDS else capped(value)
    return with_values(case, changes)


# --------------------------------------------------------------------------- the vectorised engine
Lazy = np.ndarray | Callable[[], np.ndarray]
"""An array, or a function that computes it when it is first read (:class:`Runs`)."""


class Runs:
    """Figures of many variants of one case, one array element per run (NaN where a figure does not exist:
    ROI without costs, IRR without a rate, payback not reached within the horizon).

    ``irr`` and ``payback_months`` may be given as functions: they are then computed when first read, once (the
    break-even search and the chance of a positive NPV read NPV only; the IRR of 10,000 runs is a third of a
    simulation's time). Either way the arrays are the same."""

    __slots__ = ("_irr", "_payback_months", "npv", "pv_benefits", "pv_costs", "roi")

    def __init__(self, npv: np.ndarray, pv_costs: np.ndarray, pv_benefits: np.ndarray, roi: np.ndarray, irr: Lazy,
                 payback_months: Lazy) -> None:
        self.npv, self.pv_costs, self.pv_benefits, self.roi = npv, pv_costs, pv_benefits, roi
        self._irr, self._payback_months = irr, payback_months

    @property
    def irr(self) -> np.ndarray:
        if callable(self._irr):
            self._irr = self._irr()
        return self._irr

    @property
    def payback_months(self) -> np.ndarray:
        if callable(self._payback_months):
            self._payback_months = self._payback_months()
        return self._payback_months

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({k: getattr(self, k) for k in ("npv", "roi", "irr", "payback_months", "pv_costs",
                                                           "pv_benefits")})


class Engine:
    """Evaluates many variants of one case at once.

    The projection's line items are summed per cost category and benefit area once; a run then only
    recomputes what its inputs change: driver benefits (the driver formulas applied to arrays), the
    adoption ramp and dip (:func:`~crm_case.rollout.adoption_shares`), the multipliers and the discount
    factors. Results equal :func:`~crm_case.evaluate.evaluate` of :func:`apply_values` to rounding
    (tests/property/test_risk_properties.py).
    """

    def __init__(self, case: Case, *, risk_adjusted: bool = True) -> None:
        self.case = case
        self.risk_adjusted = risk_adjusted
        projection = project(case)
        self.months = projection.months
        self.times = projection.times_years
        amounts = projection.amounts(risk_adjusted)
        zeros = np.zeros(self.months + 1)
        self.lines: dict[str, np.ndarray] = {}
        for component, row in zip(projection.components, amounts, strict=True):
            section = component.key.split(".")[0]
            if section in {"costs", "benefits"}:
                key = f"scale.{section}.{component.group}"
                self.lines[key] = self.lines.get(key, zeros) + row
        self.drivers = [
            (name, getattr(case.drivers, name), 1.0 - (getattr(case.drivers, name).risk_adjustment if risk_adjusted
                                                        else 0.0))
            for name in DRIVER_FORMULAS if getattr(case.drivers, name).enabled
        ]

    def run(self, values: Mapping[str, np.ndarray | float], runs: int) -> Runs:
        """Figures of ``runs`` variants; ``values`` maps input paths to arrays of length ``runs`` (or a
        scalar); inputs not given keep their case values. The present values come from
        :meth:`_Terms.present_value` (no monthly flows are built for them); IRR and payback, which need each run's
        monthly net flows, are computed when first read, from flows built then (from the same terms)."""
        terms = self._terms(values, runs)
        pv_costs, pv_benefits = terms.present_value("costs"), terms.present_value("benefits")
        with np.errstate(all="ignore"):
            roi = np.where(pv_costs > 0, (pv_benefits - pv_costs) / np.where(pv_costs > 0, pv_costs, 1.0), np.nan)
        net: list[np.ndarray] = []

        def net_flows() -> np.ndarray:  # built once, for whichever of IRR and payback is read first
            if not net:
                net.append(terms.flows("benefits") - terms.flows("costs"))
            return net[0]

        return Runs(
            npv=pv_benefits - pv_costs,
            pv_costs=pv_costs,
            pv_benefits=pv_benefits,
            roi=roi,
            irr=lambda: self._irr(net_flows()),
            payback_months=lambda: payback_months_many(net_flows()),
        )

    def present_values(self, values: Mapping[str, np.ndarray | float], runs: int) -> tuple[np.ndarray, np.ndarray]:
        """PV of costs and of benefits of each run, shape ``(runs,)``, in the case currency, without building the
        monthly flows of :meth:`flows` (:meth:`_Terms.present_value`)."""
        terms = self._terms(values, runs)
        return terms.present_value("costs"), terms.present_value("benefits")

    def flows(self, values: Mapping[str, np.ndarray | float], runs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Monthly costs and benefits of each run, shape ``(runs, months + 1)``, and the discount factors
        (one row, or one per run when the discount rate varies) (:meth:`_Terms.flows`)."""
        terms = self._terms(values, runs)
        return terms.flows("costs"), terms.flows("benefits"), terms.factors

    def _terms(self, values: Mapping[str, np.ndarray | float], runs: int) -> _Terms:
        """The terms of each run's monthly flows (:class:`_Terms`): ``(side, amount, curves, inverse)``, the run's
        flow on that side being ``amount[r] * curves[inverse[r]]`` summed over the terms (``inverse`` ``None``:
        one curve for every run); and the discount factors."""

        def get(path: str, base: float) -> np.ndarray:
            value = values.get(path)
            if value is None:
                return np.asarray(base, dtype=float)
            value = np.asarray(value, dtype=float)
            return np.rint(value) if path.rsplit(".", 1)[-1] in MONTH_FIELDS else value

        case = self.case
        items: list[tuple[str, np.ndarray, np.ndarray, np.ndarray | None]] = []
        for key, line in self.lines.items():
            side = "costs" if key.startswith("scale.costs.") else "benefits"
            items.append((side, get(key, 1.0), line[None, :], None))
        r = case.rollout
        go_live = get("rollout.months_to_go_live", r.months_to_go_live)
        if self.drivers:
            yearly = np.asarray(0.0)
            for name, driver, multiplier in self.drivers:
                fields = {f: get(f"drivers.{name}.{f}", getattr(driver, f)) for f in type(driver).model_fields}
                yearly = yearly + multiplier * DRIVER_FORMULAS[name](SimpleNamespace(**fields))
            curves, inverse = _by_unique(lambda g, m: adoption_shares(g, m, 1.0, self.months), go_live,
                                         get("rollout.ramp_months", r.ramp_months), runs)
            items.append(("benefits", get("rollout.peak_adoption", r.peak_adoption) * yearly / 12.0, curves, inverse))
        per_month = r.dip_affected_staff * r.dip_monthly_output_per_person
        if per_month > 0:
            curves, inverse = _by_unique(lambda g, m: dip_shares(g, 1.0, m, self.months), go_live,
                                         get("rollout.dip_months", r.dip_months), runs)
            items.append(("costs", per_month * get("rollout.dip_depth", r.dip_depth), curves, inverse))
        rate = get("assumptions.discount_rate", case.assumptions.discount_rate)
        # (1 + rate) ** -t for each distinct discount time only (6 under end-of-year for 5 years)
        times, where = np.unique(self.times, return_inverse=True)
        return _Terms(items, np.atleast_2d((1.0 + _column(rate)) ** -times), where, runs)

    def _irr(self, net: np.ndarray) -> np.ndarray:
        """IRR per run on the grid of the case's timing convention (as :func:`crm_case.evaluate.evaluate`)."""
        timing = self.case.assumptions.timing
        yearly = to_years(net)
        if timing is Timing.END_OF_YEAR:
            return irr_many(yearly, period_months=12)
        if timing is Timing.MID_YEAR:
            grid = np.zeros((net.shape[0], 2 * (yearly.shape[1] - 1)))
            grid[:, 0] = yearly[:, 0]
            grid[:, 1::2] = yearly[:, 1:]
            return irr_many(grid, period_months=6)
        return irr_many(net, period_months=1)


class _Terms(NamedTuple):
    """Each run's monthly flows as terms ``(side, amount, curves, inverse)``: on ``side`` (``"costs"``,
    ``"benefits"``) the run's flow has ``amount[r] * curves[inverse[r]]`` (``inverse`` None: ``curves[0]`` for every
    run). A line's amount is a category scaled by its multiplier; a ramp's or dip's (a driver benefit's yearly amount
    / 12, the dip's monthly cost) has a curve per distinct pair of the run's whole-month inputs. ``factors``: the
    discount factors ``(1 + rate) ** -t_years``, one row, or one per run when the discount rate varies."""

    items: list[tuple[str, np.ndarray, np.ndarray, np.ndarray | None]]
    unique_factors: np.ndarray
    where: np.ndarray
    runs: int

    @property
    def factors(self) -> np.ndarray:
        """The discount factor of every month: one row, or one per run when the discount rate varies."""
        return self.unique_factors[:, self.where]

    def flows(self, side: str) -> np.ndarray:
        """Each run's monthly flows on ``side``, shape ``(runs, months + 1)``, as one matrix product: each run's
        amounts, a column per curve (a ramp's or dip's amount in the column of the run's own curve, zeros in the
        others), by the curves, a row each."""
        chosen = [item for item in self.items if item[0] == side]
        width = sum(c.shape[0] for _, _, c, _ in chosen)
        amounts = np.zeros((self.runs, width))
        curves = np.empty((width, self.where.size))
        rows = np.arange(self.runs)
        at = 0
        for _, amount, c, inverse in chosen:
            value = np.broadcast_to(amount, (self.runs,))
            if inverse is None:
                amounts[:, at] = value
            else:
                amounts[rows, at + inverse] = value
            curves[at:at + c.shape[0]] = c
            at += c.shape[0]
        return amounts @ curves

    def present_value(self, side: str) -> np.ndarray:
        """PV of each run's flows on ``side``, shape ``(runs,)``, without building them.

        Formula: ``PV_r = sum_t flow_r,t * f_t = sum_terms amount_r * (sum_t curve_t * f_t)``: each curve's PV is
        taken once (``SUMPRODUCT(curve, factors)`` in Excel) and scaled by the run's amount; when the discount rate
        varies per run, each run's factors meet each curve (``f_r,t``). The months sharing a discount time (every
        month of a year under the end-of-year convention) are summed first, so a run's factors are one per distinct
        time. Equal, to floating-point rounding, to summing :meth:`flows` times the factors
        (tests/property/test_risk_properties.py)."""
        pv = np.zeros(self.runs)
        factors = self.unique_factors
        for item_side, amount, curves, inverse in self.items:
            if item_side != side:
                continue
            by_time = np.zeros((curves.shape[0], factors.shape[1]))
            np.add.at(by_time.T, self.where, curves.T)  # each curve's amounts summed per discount time
            if factors.shape[0] == 1:
                per_curve = by_time @ factors[0]
                pv += amount * (per_curve[0] if inverse is None else per_curve[inverse])
            else:
                per_curve = factors @ by_time.T  # (runs, curves)
                pv += amount * (per_curve[:, 0] if inverse is None
                                else np.take_along_axis(per_curve, inverse[:, None], axis=1)[:, 0])
        return pv


def _column(value: np.ndarray) -> np.ndarray:
    return value[:, None] if value.ndim == 1 else value


def _by_unique(curve: Callable[[np.ndarray, np.ndarray], np.ndarray], months_a: np.ndarray, months_b: np.ndarray,
               runs: int) -> tuple[np.ndarray, np.ndarray]:
    """``curve(a, b)`` once per distinct pair of whole-month inputs (go-live and ramp or dip length take a handful
    of values): the curves, shape (pairs, months + 1), and each run's pair (``curves[inverse]`` is per run)."""
    a = np.broadcast_to(months_a, (runs,)).astype(np.int64)
    b = np.broadcast_to(months_b, (runs,)).astype(np.int64)
    keys, inverse = np.unique(a * 1_000 + b, return_inverse=True)  # months are at most 60
    return np.atleast_2d(curve(keys // 1_000, keys % 1_000)), inverse


# --------------------------------------------------------------------------- tornado, break-even, scenarios
def tornado(case: Case, *, risk_adjusted: bool = True) -> pd.DataFrame:
    """NPV with each input at the low and at the high end of its range, the others at their case values.

    Columns: ``path, label, unit, base, low, high`` (input values), ``npv_low, npv_high`` (NPV in the
    case currency), ``swing = |npv_high - npv_low|`` and ``favourable`` (``"high"`` when the high end
    gives the larger NPV, else ``"low"``). Rows sorted by swing, largest first; inputs without a range
    are left out. All variants are evaluated in one vectorised call (2 runs per input).
    """
    inputs = [i for i in risk_inputs(case) if i.varies]
    columns = ["path", "label", "unit", "base", "low", "high", "npv_low", "npv_high", "swing", "favourable"]
    if not inputs:
        return pd.DataFrame(columns=columns)
    runs = 2 * len(inputs)
    values = {}
    for k, item in enumerate(inputs):
        column = np.full(runs, item.base)
        column[2 * k], column[2 * k + 1] = item.low, item.high
        values[item.path] = column
    npv = Engine(case, risk_adjusted=risk_adjusted).run(values, runs).npv
    frame = pd.DataFrame({
        "path": [i.path for i in inputs],
        "label": [i.label for i in inputs],
        "unit": [i.unit for i in inputs],
        "base": [i.base for i in inputs],
        "low": [i.low for i in inputs],
        "high": [i.high for i in inputs],
        "npv_low": npv[0::2],
        "npv_high": npv[1::2],
    })
    frame["swing"] = (frame["npv_high"] - frame["npv_low"]).abs()
    frame["favourable"] = np.where(frame["npv_high"] >= frame["npv_low"], "high", "low")
    return frame.sort_values("swing", ascending=False, kind="stable", ignore_index=True)[columns]


def break_even(case: Case, *, risk_adjusted: bool = True, grid: int = 64, iterations: int = 60,
               table: pd.DataFrame | None = None) -> pd.DataFrame:
    """For each input, the value at which NPV is zero with the other inputs at their case values.

    The input is searched over the values the model allows (money and counts up to ten times the case
    value): NPV is evaluated on a grid of ``grid`` points (one vectorised call for every input), the sign change
    nearest the case value is bracketed, and the root inside the bracket is found by the Illinois variant of false
    position (Dowell & Jarratt 1971; all inputs at once, at most ``iterations`` steps). NPV is linear in most
    inputs (an amount multiplier, a driver's hours or rate, adoption), where the first step lands on the root; in
    the discount rate it is smooth and monotone, where the Illinois step converges superlinearly: a handful of
    engine calls instead of the ~45 of a bisection to the same tolerance. A step stops once NPV at the estimate is
    within 1e-9 of the case NPV's size of zero, or the bracket is narrower than 1e-12 of the value. Whole-month
    inputs give the first whole month on the other side of zero (bisection on whole months).

    Columns: ``path, label, unit, base, npv_base``, ``value`` (the break-even value, NaN if NPV keeps its
    sign over the whole searched range), ``searched_low, searched_high``, ``change`` (value / base - 1).
    Rows follow :func:`tornado`'s order; ``table`` is that tornado when already computed (the same
    ``risk_adjusted``), to be reused.
    """
    order = (tornado(case, risk_adjusted=risk_adjusted) if table is None else table)["path"].tolist()
    inputs = {i.path: i for i in risk_inputs(case)}
    inputs = [inputs[p] for p in order]
    columns = ["path", "label", "unit", "base", "npv_base", "value", "searched_low", "searched_high", "change"]
    if not inputs:
        return pd.DataFrame(columns=columns)
    engine = Engine(case, risk_adjusted=risk_adjusted)
    k = len(inputs)
    lows = np.array([i.lower_bound for i in inputs])
    highs = np.array([i.upper_bound if np.isfinite(i.upper_bound) else 10.0 * abs(i.base) for i in inputs])
    bases = np.array([i.base for i in inputs])
    npv_base = float(engine.run({}, 1).npv[0])

    def npv_at(matrix: np.ndarray) -> np.ndarray:
        """matrix (k, g): input i set to matrix[i, j] in run (i, j); returns NPV of shape (k, g)."""
        g = matrix.shape[1]
        values = {}
        for i, item in enumerate(inputs):
            column = np.full((k, g), item.base)
            column[i] = matrix[i]
            values[item.path] = column.ravel()
        return engine.run(values, k * g).npv.reshape(k, g)

    points = np.linspace(lows, highs, grid).T  # (k, grid)
    points = np.sort(np.concatenate((points, bases[:, None]), axis=1), axis=1)
    npv = npv_at(points)
    sign_base = np.sign(npv_base) or 1.0
    other = np.sign(npv) != sign_base
    value = np.full(k, np.nan)
    found = other.any(axis=1)
    if found.any():
        rows = np.arange(k)
        # the grid point on the other side of zero nearest the case value, and its neighbour towards the base
        distance = np.where(other, np.abs(points - bases[:, None]), np.inf)
        j = distance.argmin(axis=1)
        towards = np.where(points[rows, j] > bases, j - 1, j + 1)
        towards = np.clip(towards, 0, points.shape[1] - 1)
        outside, inside = points[rows, j], points[rows, towards]  # NPV's sign differs from the base's at outside
        f_out, f_in = npv[rows, j], npv[rows, towards]
        integer = np.array([i.integer for i in inputs])
        tiny = 1e-9 * max(abs(npv_base), 1.0)
        on_grid = found & ~integer & (np.abs(f_out) <= tiny)  # a grid point is the root already
        root = np.where(on_grid, outside, np.nan)  # a continuous input's estimate once NPV there is zero
        done = ~found | on_grid
        kept = np.zeros(k)  # which end the last step kept: +1 outside, -1 inside (Illinois halves its NPV)
        for _ in range(iterations):
            if done.all():
                break
            middle = (outside + inside) / 2.0
            with np.errstate(all="ignore"):
                secant = outside - f_out * (outside - inside) / (f_out - f_in)
            low, high = np.minimum(outside, inside), np.maximum(outside, inside)
            estimate = np.where(np.isfinite(secant) & (secant > low) & (secant < high), secant, middle)
            estimate = np.where(integer, np.where(outside > inside, np.ceil(middle), np.floor(middle)), estimate)
            estimate = np.where(done, outside, estimate)
            # no whole month between the bracket's ends: the month outside is the first across zero
            settled = integer & (estimate == outside)
            at = npv_at(estimate[:, None])[:, 0]
            flips = np.sign(at) != sign_base
            step = ~done
            f_in = np.where(step & flips & (kept == -1), f_in / 2.0, f_in)
            f_out = np.where(step & ~flips & (kept == 1), f_out / 2.0, f_out)
            kept = np.where(step, np.where(flips, -1.0, 1.0), kept)
            outside = np.where(step & flips, estimate, outside)
            f_out = np.where(step & flips, at, f_out)
            inside = np.where(step & ~flips, estimate, inside)
            f_in = np.where(step & ~flips, at, f_in)
            hit = step & ~integer & (np.abs(at) <= tiny)
            root = np.where(hit, estimate, root)
            narrow = np.abs(outside - inside) <= np.where(integer, 1.0, 1e-12 * np.maximum(np.abs(outside), 1e-9))
            done = done | hit | (step & (narrow | settled))
        continuous = np.where(np.isfinite(root), root, (outside + inside) / 2.0)
        value = np.where(found, np.where(integer, outside, continuous), np.nan)
    frame = pd.DataFrame({
        "path": [i.path for i in inputs],
        "label": [i.label for i in inputs],
        "unit": [i.unit for i in inputs],
        "base": bases,
        "npv_base": npv_base,
        "value": value,
        "searched_low": lows,
        "searched_high": highs,
    })
    with np.errstate(all="ignore"):
        frame["change"] = frame["value"] / frame["base"] - 1.0
    return frame[columns]


@dataclass(frozen=True, eq=False)
class Scenarios:
    """Pessimistic, base and optimistic versions of a case and their evaluations."""

    values: pd.DataFrame
    """One row per input: ``path, label, unit, pessimistic, base, optimistic``."""
    evaluations: dict[str, Evaluation]

    def figures(self, risk_adjusted: bool = True) -> pd.DataFrame:
        """One row per scenario: ``scenario, npv, roi, irr, payback_months, pv_costs, pv_benefits``
        (None where a figure does not exist)."""
        rows = []
        for name in SCENARIOS:
            figures = self.evaluations[name].metrics(risk_adjusted).as_dict()
            rows.append({"scenario": name} | {k: figures[k] for k in ("npv", "roi", "irr", "payback_months",
                                                                     "pv_costs", "pv_benefits")})
        return pd.DataFrame(rows)


def scenarios(case: Case, *, risk_adjusted: bool = True, table: pd.DataFrame | None = None) -> Scenarios:
    """Evaluate the pessimistic, base and optimistic scenarios (see the module docstring).

    Each input goes to the end of its range that :func:`tornado` found to lower (pessimistic) or raise
    (optimistic) NPV, all at once. Raises :class:`~crm_case.errors.CrmCaseError` only if the model rejects a
    combination (it cannot, as the ranges are clipped to the allowed values). ``table`` is that tornado when already
    computed (the same ``risk_adjusted``), to be reused.
    """
    table = tornado(case, risk_adjusted=risk_adjusted) if table is None else table
    high_good = table["favourable"] == "high"
    values = pd.DataFrame({
        "path": table["path"],
        "label": table["label"],
        "unit": table["unit"],
        "pessimistic": np.where(high_good, table["low"], table["high"]),
        "base": table["base"],
        "optimistic": np.where(high_good, table["high"], table["low"]),
    })
    evaluations = {"base": evaluate(case)}
    for name in ("pessimistic", "optimistic"):
        evaluations[name] = evaluate(apply_values(case, dict(zip(values["path"], values[name], strict=True))))
    return Scenarios(values, evaluations)


# --------------------------------------------------------------------------- Monte Carlo
KEEP_STANDARD = 20_000
"""Up to this many runs, a simulation keeps each PERT input's Beta draws for the next one (:class:`Draws`)."""


@dataclass(frozen=True, eq=False)
class Drawn:
    """One input's draw as :func:`draws` made it: ``key`` says what the generator was asked for (``()`` nothing, the
    range is degenerate; ``("triangular",)``; ``("pert", alpha, beta)``), ``ends`` the input's ``(low, base, high,
    integer)``, ``standard`` a PERT input's Beta draws ``B`` (None above :data:`KEEP_STANDARD` runs) and ``values``
    the input's values in each run. ``memo`` holds what was computed from ``values`` alone
    (:meth:`MonteCarlo.derived`); it goes with ``values`` to a later simulation that reuses the very same array."""

    key: tuple[object, ...]
    ends: tuple[float, float, float, bool]
    standard: np.ndarray | None
    values: np.ndarray
    memo: dict[str, object] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, eq=False)
class Draws:
    """The draws of a simulation and how they were made: the generator's state before each input (and after the
    last) and each input's :class:`Drawn`, so that the next simulation of the same runs and seed can reuse them."""

    runs: int
    seed: int
    states: tuple[dict[str, object], ...]
    steps: tuple[Drawn, ...]
    samples: dict[str, np.ndarray]


def _draw_key(item: RiskInput) -> tuple[object, ...]:
    if not item.varies:
        return ()
    if item.distribution is Distribution.TRIANGULAR:
        return ("triangular",)
    return ("pert", *pert_shape(item.low, item.base, item.high))


def draw(inputs: tuple[RiskInput, ...] | list[RiskInput], runs: int, seed: int) -> dict[str, np.ndarray]:
    """Independent draws of each input: path -> array of ``runs`` values.

    Triangular: ``numpy.random.Generator.triangular(low, base, high)``. PERT: ``low + (high - low) x B``
    with ``B ~ Beta(1 + 4 (base - low) / (high - low), 1 + 4 (high - base) / (high - low))``, mean
    ``(low + 4 base + high) / 6`` (Excel: ``=low+(high-low)*BETA.INV(RAND(), alpha, beta)``). A degenerate
    range (low = high) gives the case value in every run. Whole-month inputs are rounded. The same ``seed``
    always gives the same draws (one ``numpy.random.default_rng(seed)``, inputs drawn in the order given).
    """
    return draws(inputs, runs, seed).samples


def draws(inputs: tuple[RiskInput, ...] | list[RiskInput], runs: int, seed: int, *,
          previous: Draws | None = None) -> Draws:
    """:func:`draw`, recording how (:class:`Draws`); with the ``previous`` draws of the same ``runs`` and ``seed``,
    the draws it can reuse are reused, and the result is the same, bit for bit, as drawing afresh.

    Why it is the same: the generator's stream before input *i* depends only on the seed and on what was asked of
    it for the inputs before *i* (their keys: a Beta draw's rejection sampling takes a number of values that depends
    on its shape, not on the range it is scaled to). While the keys agree with ``previous``'s, a PERT input's Beta
    draws ``B`` are those ``previous`` made (only ``low + (high - low) x B`` is computed again, and not even that
    when its ends are unchanged: the very same array), and a triangular input is drawn from ``previous``'s state
    before it. An input whose key differs (a changed range shape, a distribution switched) is drawn afresh from
    ``previous``'s state before it; if the generator's state after it is ``previous``'s (a shape that changed in
    its last bits nearly always takes as many values), the inputs after it are reused as before, else they are
    all drawn afresh. A change of one input's case value with a relative range keeps its shape (``alpha = 1 + 4 x
    0.2 / 0.4`` for any value, to within its last bits), so a simulation after an ordinary edit draws one input
    at most and rescales another.
    """
    rng = np.random.default_rng(seed)
    # synced: the generator's state before input i is previous.states[i] (rng itself is moved there when needed)
    synced = previous is not None and previous.runs == runs and previous.seed == seed
    states: list[dict[str, object]] = []
    steps: list[Drawn] = []
    out: dict[str, np.ndarray] = {}
    for i, item in enumerate(inputs):
        key = _draw_key(item)
        ends = (item.low, item.base, item.high, item.integer)
        old = previous.steps[i] if synced and i < len(previous.steps) else None  # type: ignore[union-attr]
        if synced and old is None:  # previous drew fewer inputs: go on from its last state
            rng.bit_generator.state = previous.states[i]  # type: ignore[union-attr]
            synced = False
        states.append(previous.states[i] if synced else rng.bit_generator.state)  # type: ignore[union-attr]
        standard, memo = None, {}
        if old is not None and old.key == key and (key[:1] != ("pert",) or old.standard is not None):
            if old.ends == ends:  # the same draws of the same range: the very same array, and what came of it
                values, standard, memo = old.values, old.standard, old.memo
            elif not key:
                values = np.full(runs, item.base)
            elif key[0] == "triangular":
                rng.bit_generator.state = states[-1]
                values = rng.triangular(item.low, item.base, item.high, runs)
            else:
                standard = old.standard
                values = item.low + (item.high - item.low) * standard
        else:
            if synced:
                rng.bit_generator.state = states[-1]
            if not key:
                values = np.full(runs, item.base)
            elif key[0] == "triangular":
                values = rng.triangular(item.low, item.base, item.high, runs)
            else:
                standard = rng.beta(key[1], key[2], runs)
                values = item.low + (item.high - item.low) * standard
            # a shape changed in its last bits mostly takes as many values from the stream: then the inputs after
            # this one are drawn as before
            synced = synced and rng.bit_generator.state == previous.states[i + 1]  # type: ignore[union-attr]
        if item.integer and (old is None or values is not old.values):
            values = np.rint(values)
        out[item.path] = values
        steps.append(Drawn(key, ends, standard if runs <= KEEP_STANDARD else None, values, memo))
    states.append(previous.states[len(inputs)] if synced else rng.bit_generator.state)  # type: ignore[union-attr]
    return Draws(runs, seed, tuple(states), tuple(steps), out)


def pert_shape(low: float, mode: float, high: float) -> tuple[float, float]:
    """The beta parameters of a PERT distribution with shape 4: ``(1 + 4 (mode - low) / (high - low),
    1 + 4 (high - mode) / (high - low))``."""
    return 1.0 + 4.0 * (mode - low) / (high - low), 1.0 + 4.0 * (high - mode) / (high - low)


QUANTILES = (0.10, 0.50, 0.90)


@dataclass(frozen=True, eq=False)
class MonteCarlo:
    """The runs of a Monte Carlo simulation: the inputs drawn and the figures of every run."""

    inputs: tuple[RiskInput, ...]
    samples: dict[str, np.ndarray]
    runs: Runs
    seed: int
    draws: Draws | None = field(default=None, repr=False)
    """How the samples were drawn, for the next simulation of the case (``monte_carlo(..., previous=)``)."""
    flows_of: Any = field(default=None, repr=False, compare=False)
    """What the runs' cash flows depend on (:func:`_flows_key`): a next simulation with the same key and the same
    draws of every input but the discount rate has the same flows, so the same IRR and payback per run."""

    @property
    def count(self) -> int:
        return int(self.runs.npv.size)

    @property
    def probability_positive(self) -> float:
        """P(NPV > 0): the share of runs whose NPV is above zero."""
        return float((self.runs.npv > 0).mean())

    def quantiles(self, metrics: tuple[str, ...] = ("npv", "roi", "irr", "payback_months")) -> pd.DataFrame:
        """P10, P50 and P90 (``p10, p50, p90``) of ``metrics`` (by default ``npv, roi, irr, payback_months``, a row
        each in that order), with ``defined`` (share of runs where the figure exists). Quantiles are sample values
        (``method="inverted_cdf"``, no interpolation). A payback not reached counts as longer than any other, so P90
        may be NaN, meaning "beyond the horizon"; IRR quantiles are over the runs that have one.
        Excel: ``=PERCENTILE.INC(runs, 0.1)`` agrees to within one run's spacing.
        """
        rows = []
        for key in metrics:
            values = getattr(self.runs, key)
            defined = np.isfinite(values)
            if key == "payback_months":
                values = np.where(defined, values, np.inf)
            elif key == "irr":
                values = values[defined]
            q = [np.nan] * len(QUANTILES) if values.size == 0 else np.quantile(values, QUANTILES, method="inverted_cdf")
            row = {"metric": key, "defined": float(defined.mean())}
            row |= {f"p{int(p * 100)}": (float(v) if np.isfinite(v) else np.nan)
                    for p, v in zip(QUANTILES, q, strict=True)}
            rows.append(row)
        return pd.DataFrame(rows)

    @cached_property
    def drivers(self) -> pd.DataFrame:
        """Which inputs drive the spread of NPV: Spearman rank correlation of each varying input with NPV
        (``rho``) and its share of the sum of squared correlations (``share``, @RISK's "contribution to
        variance"), largest first. Columns ``path, label, rho, share``."""
        npv_rank = _standard_rank(self.runs.npv)
        rows = []
        for item in self.inputs:
            values = self.samples[item.path]
            if not item.varies or np.ptp(values) == 0:
                continue
            rank = self.derived(item.path, "rank", _standard_rank)
            # Pearson's r of the ranks: the mean product of the standardised ranks (np.corrcoef of the ranks)
            rho = float(np.dot(rank, npv_rank) / rank.size) if npv_rank is not None and rank is not None else 0.0
            rows.append({"path": item.path, "label": item.label, "rho": rho})
        frame = pd.DataFrame(rows, columns=["path", "label", "rho"])
        squares = frame["rho"] ** 2
        frame["share"] = squares / squares.sum() if squares.sum() > 0 else 0.0
        return frame.sort_values("share", ascending=False, ignore_index=True)

    def derived(self, path: str, name: str, compute: Callable[[np.ndarray], T]) -> T:
        """``compute(self.samples[path])``, kept as ``name`` with the input's draws (:class:`Drawn`): a later
        simulation that reuses the very same draws of the input (:func:`draws`, an edit of another input) finds it
        there instead of computing it again (the ranks of :attr:`drivers`). ``compute`` must read nothing but the
        samples it is given, and ``name`` must say what it computes."""
        steps = self.draws.steps if self.draws is not None else ()
        step = next((s for s in steps if s.values is self.samples[path]), None)
        if step is None:
            return compute(self.samples[path])
        if name not in step.memo:
            step.memo[name] = compute(step.values)
        return step.memo[name]  # type: ignore[return-value]

    def table(self) -> pd.DataFrame:
        """Every run: ``run`` (1..N), each input's drawn value (by path) and the run's figures, the audit
        trail of the simulation."""
        frame = pd.DataFrame({"run": np.arange(1, self.count + 1)} | dict(self.samples))
        return pd.concat([frame, self.runs.frame()], axis=1)


CHUNK = 10_000
"""Runs evaluated per vectorised call: bounds memory (a 10-year monthly case is 121 months x 10,000 runs)."""


def monte_carlo(case: Case, *, runs: int | None = None, seed: int | None = None, risk_adjusted: bool = True,
                progress: Callable[[float], None] | None = None, previous: MonteCarlo | None = None) -> MonteCarlo:
    """Run the Monte Carlo simulation of ``case`` (``runs`` and ``seed`` default to ``case.risk``).

    Every input of :func:`risk_inputs` is drawn by :func:`draw`; the runs are evaluated by :class:`Engine`
    (NPV, PV costs and benefits, ROI, IRR on the case's timing grid, payback) :data:`CHUNK` runs at a time,
    calling ``progress(share_done)`` after each chunk. The chunking never changes the result: the draws
    are made first. With every range degenerate, every run equals the deterministic evaluation of the case.

    ``previous``, the last simulation of this case (any of its versions), lends its draws (:func:`draws`: the
    result is the same as without it). Up to :data:`CHUNK` runs, IRR and payback are computed when first read
    (:class:`Runs`): the chance of a positive NPV and its spread need neither.
    """
    runs = case.risk.runs if runs is None else runs
    seed = case.risk.seed if seed is None else seed
    inputs = risk_inputs(case)
    drawn = draws(inputs, runs, seed, previous=previous.draws if previous is not None else None)
    samples = drawn.samples
    engine = Engine(case, risk_adjusted=risk_adjusted)
    parts = []
    for start in range(0, runs, CHUNK):
        stop = min(start + CHUNK, runs)
        parts.append(engine.run({p: v[start:stop] for p, v in samples.items()}, stop - start))
        if progress is not None:
            progress(stop / runs)
    key = _flows_key(case, risk_adjusted)
    # the discount rate (or nothing the flows read) changed: each run's IRR and payback are the previous ones (the
    # arrays, or the previous simulation's own lazy computation of them: never a chain of simulations)
    kept = previous is not None and _same_flows(previous, key, samples)
    figures = ("npv", "pv_costs", "pv_benefits", "roi") + (() if kept else ("irr", "payback_months"))
    if len(parts) == 1:
        result = parts[0]
    else:  # computed now: the net flows of every chunk are not kept
        result = Runs(**{k: np.concatenate([getattr(p, k) for p in parts]) for k in figures},
                      **({"irr": None, "payback_months": None} if kept else {}))
    if kept:
        result._irr, result._payback_months = previous.runs._irr, previous.runs._payback_months
    return MonteCarlo(inputs, samples, result, seed, drawn, key)


def _standard_rank(values: np.ndarray) -> np.ndarray | None:
    """The ranks of ``values`` (ties averaged, as a spreadsheet's ``RANK.AVG``) standardised to mean 0 and standard
    deviation 1 (population); None when every value is the same."""
    rank = pd.Series(values).rank().to_numpy()
    spread = rank.std()
    return None if not spread > 0 else (rank - rank.mean()) / spread


def _flows_key(case: Case, risk_adjusted: bool) -> tuple[bool, Case]:
    """What a simulation's cash flows per run depend on besides the draws: the case without its discount rate and
    its name (which no flow reads), and whether the flows are risk-adjusted. IRR and payback are computed from the
    undiscounted flows, so they depend on nothing else (:meth:`Engine.run`)."""
    assumptions = case.assumptions.model_copy(update={"discount_rate": 0.0, "name": ""})
    return risk_adjusted, case.model_copy(update={"assumptions": assumptions})


def _same_flows(previous: MonteCarlo, key: tuple[bool, Case], samples: Mapping[str, np.ndarray]) -> bool:
    """Whether a new simulation's runs have ``previous``'s cash flows: the same :func:`_flows_key` and the very same
    draws of every input but the discount rate (the arrays themselves, lent by :func:`draws`)."""
    if previous.flows_of is None or previous.flows_of != key or set(previous.samples) != set(samples):
        return False
    return all(previous.samples[p] is v for p, v in samples.items() if p != "assumptions.discount_rate")
