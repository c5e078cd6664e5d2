"""Financial metrics: present value, NPV, IRR, MIRR, ROI and payback.

Conventions used by the whole project (and by Forrester's Total Economic Impact, TEI):

* rates are annual, as fractions (0.10, not 10);
* a flow at t years is discounted by ``(1 + rate) ** -t``; the first flow (the Initial column) is at
  t = 0 and is not discounted;
* a metric that does not exist for the flows given is ``None`` with a reason (:class:`Figure`), never
  a NaN.

Warnings
--------
numpy-financial's ``npf.npv(rate, values)`` counts ``values[0]`` at t = 0, as this module does.
Excel's ``NPV(rate, value1, ...)`` counts its *first* value at t = 1 period: the TEI present value of
yearly flows in B1 (Initial) and C1:E1 (Years 1-3) is ``=B1+NPV(rate, C1:E1)`` in Excel, and
``npv(rate, [B1, C1, D1, E1])`` here. Pass ``first_at_zero=False`` to :func:`npv` for Excel's
convention.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy_financial as npf
from numpy.typing import ArrayLike


class Figure(NamedTuple):
    """A metric that may not exist: ``value`` is ``None`` exactly when ``reason`` says why."""

    value: float | None
    reason: str | None = None


def discount_factors(rate: float, times_years: ArrayLike) -> np.ndarray:
    """Factors that bring an amount at ``times_years`` back to t = 0.

    Parameters
    ----------
    rate : float
        Annual discount rate as a fraction (0.10 for 10 %), above -1.
    times_years : array_like
        When each amount falls, in years from t = 0.

    Returns
    -------
    ndarray
        ``(1 + rate) ** -t`` for each t.
    """
    return (1.0 + rate) ** -np.asarray(times_years, dtype=float)


def present_value(rate: float, amounts: ArrayLike, times_years: ArrayLike) -> np.ndarray | float:
    """Present value of amounts falling at given times.

    ``PV = sum_i amounts[i] / (1 + rate) ** times_years[i]``, over the last axis of ``amounts`` (so a
    2-D array of runs x periods gives one PV per run). Units: the amounts' currency.
    Excel: ``=SUMPRODUCT(amounts, (1+rate)^-times)``.

    Examples
    --------
    >>> round(float(present_value(0.10, [100, 110], [0, 1])), 6)
    200.0
    """
    return np.asarray(amounts, dtype=float) @ discount_factors(rate, times_years)


def npv(
    rate: float, flows: ArrayLike, *, period_months: int = 12, first_at_zero: bool = True
) -> np.ndarray | float:
    """Net present value of equally spaced cash flows.

    Parameters
    ----------
    rate : float
        Annual discount rate as a fraction, above -1.
    flows : array_like
        Net flows (inflows positive, outflows negative), one per period, along the last axis.
    period_months : int, default 12
        Length of a period in months: ``flows[k]`` falls at ``k * period_months`` months.
    first_at_zero : bool, default True
        True: ``flows[0]`` is at t = 0 and not discounted (numpy-financial, Forrester TEI).
        False: ``flows[0]`` is at the end of the first period (Excel's ``NPV()``).

    Notes
    -----
    ``NPV = sum_k flows[k] / (1 + rate) ** ((k + s) * period_months / 12)`` with s = 0, or s = 1 when
    ``first_at_zero`` is False.
    Excel: ``=B1+NPV(rate, C1:F1)`` equals ``npv(rate, B1:F1)``; ``=NPV(rate, B1:F1)`` equals
    ``npv(rate, B1:F1, first_at_zero=False)``.

    Examples
    --------
    TEI layout, Initial -100 then three years of 50 at 10 %:

    >>> round(float(npv(0.10, [-100, 50, 50, 50])), 2)
    24.34
    """
    values = np.asarray(flows, dtype=float)
    steps = np.arange(values.shape[-1]) + (0 if first_at_zero else 1)
    return present_value(rate, values, steps * period_months / 12.0)


def _sign_change(values: np.ndarray) -> str | None:
    nonzero = values[values != 0]
    if nonzero.size == 0:
        return "every net cash flow is zero"
    if (nonzero > 0).all():
        return "every net cash flow is positive (nothing is invested), so no rate makes NPV zero"
    if (nonzero < 0).all():
        return "every net cash flow is negative (nothing is returned), so no rate makes NPV zero"
    return None


def _polish(values: np.ndarray, rate: float, steps: int = 4) -> float:
    """A few Newton steps on ``NPV(rate) = 0`` from numpy-financial's root (periodic rate)."""
    k = np.arange(values.size)
    for _ in range(steps):
        if not np.isfinite(rate) or rate <= -1.0:
            return rate
        discount = (1.0 + rate) ** -k
        slope = float(-(k * values * discount).sum() / (1.0 + rate))
        if slope == 0.0 or not np.isfinite(slope):
            return rate
        rate -= float((values * discount).sum()) / slope
    return rate


def irr(flows: ArrayLike, *, period_months: int = 12) -> Figure:
    """Internal rate of return, annual: the rate at which :func:`npv` of the flows is zero.

    Parameters
    ----------
    flows : array_like, 1-D
        Net flows at equal periods, ``flows[0]`` at t = 0.
    period_months : int, default 12
        Period length; the periodic rate r is annualised as ``(1 + r) ** (12 / period_months) - 1``.

    Returns
    -------
    Figure
        The annual rate as a fraction, or ``None`` with the reason when the flows never change sign or
        no real rate solves ``NPV = 0``.

    Notes
    -----
    Solved by numpy-financial's ``irr`` (roots of the NPV polynomial). With several sign changes
    there can be several rates; like numpy-financial, the one closest to zero is returned.
    Excel: ``=IRR(B1:F1)`` for yearly flows, ``=(1+IRR(monthly flows))^12-1`` for monthly ones.

    Examples
    --------
    Excel's documentation of IRR: -70,000 then 12,000, 15,000, 18,000, 21,000, 26,000 gives 8.7 %.

    >>> round(irr([-70000, 12000, 15000, 18000, 21000, 26000]).value, 4)
    0.0866
    """
    values = np.asarray(flows, dtype=float)
    reason = _sign_change(values)
    if reason:
        return Figure(None, reason)
    normalised = values / np.abs(values).max()
    steps = np.arange(values.size)
    with np.errstate(all="ignore"):
        try:
            periodic = np.float64(npf.irr(normalised))
        except np.linalg.LinAlgError:
            periodic = np.float64("nan")
        if not np.isfinite(periodic):
            return Figure(None, "no real rate makes NPV zero for these cash flows")
        periodic = np.float64(_polish(normalised, float(periodic)))
        annual = (1.0 + periodic) ** (12.0 / period_months) - 1.0
        terms = normalised * (1.0 + periodic) ** -steps
        residual, magnitude = abs(terms.sum()), np.abs(terms).sum()
    if not np.isfinite(annual) or not np.isfinite(magnitude):
        return Figure(None, "the rate that makes NPV zero is too extreme to express")
    if not residual <= 1e-9 * magnitude:
        return Figure(None, "the rate found does not make NPV zero to within rounding")
    annual = float(annual)
    return Figure(annual)


def mirr(flows: ArrayLike, finance_rate: float, reinvest_rate: float) -> Figure:
    """Modified internal rate of return of yearly flows (``flows[0]`` at t = 0).

    Negative flows are financed at ``finance_rate``, positive flows reinvested at ``reinvest_rate``
    (annual fractions; this project uses the case's discount rate for both).

    Notes
    -----
    ``MIRR = (FV(positive flows, reinvest_rate) / -PV(negative flows, finance_rate)) ** (1 / n) - 1``
    with n the number of years after t = 0.  Excel: ``=MIRR(B1:F1, finance_rate, reinvest_rate)``.

    Examples
    --------
    Excel's documentation of MIRR: -120,000, 39,000, 30,000, 21,000, 37,000, 46,000 at 10 % finance
    and 12 % reinvestment gives 12.6 %.

    >>> round(mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.10, 0.12).value, 4)
    0.1261
    """
    values = np.asarray(flows, dtype=float)
    if values.size < 2:
        return Figure(None, "MIRR needs at least two periods")
    if not ((values > 0).any() and (values < 0).any()):
        return Figure(None, "MIRR needs at least one negative and one positive net cash flow")
    return Figure(float(npf.mirr(values, finance_rate, reinvest_rate)))


def roi(pv_benefits: float, pv_costs: float) -> Figure:
    """Return on investment as Forrester TEI defines it: ``(PV benefits - PV costs) / PV costs``.

    Both present values are positive amounts in the case currency; the result is a fraction (3.29 is
    329 %). ``None`` when there is no cost to return on.

    Examples
    --------
    >>> round(roi(7_168_371, 1_672_201).value, 2)
    3.29
    """
    if pv_costs <= 0:
        return Figure(None, "there are no costs, so there is no return on investment to compute")
    return Figure((pv_benefits - pv_costs) / pv_costs)


def last_negative_months(flows: ArrayLike) -> np.ndarray:
    """Per row of monthly flows (a 1-D array is one row): the last index whose cumulative sum is below
    ``-1e-9 x max(|flow|, 1)``, or -1 when it never is. Payback falls in the month after it.
    Excel (the exported workbook): ``=SUMPRODUCT(MAX((cum<-tol)*(month+1)))-1``."""
    values = np.atleast_2d(np.asarray(flows, dtype=float))
    cumulative = np.cumsum(values, axis=-1)
    tolerance = 1e-9 * np.maximum(np.abs(values).max(axis=-1, keepdims=True), 1.0)
    negative = cumulative < -tolerance
    months = values.shape[-1]
    return np.where(negative.any(axis=-1), months - 1 - np.argmax(negative[:, ::-1], axis=-1), -1)


def payback_months_many(flows: ArrayLike) -> np.ndarray:
    """Vectorised :func:`payback_months`: one payback per row of a 2-D array, NaN where none."""
    values = np.atleast_2d(np.asarray(flows, dtype=float))
    cumulative = np.cumsum(values, axis=-1)
    months = values.shape[-1]
    last_negative = last_negative_months(values)
    out = np.full(values.shape[0], np.nan)
    never = last_negative == -1
    out[never] = 0.0
    crosses = ~never & (last_negative < months - 1)
    rows = np.nonzero(crosses)[0]
    i = last_negative[rows]
    out[rows] = i + (-cumulative[rows, i]) / values[rows, i + 1]
    return out


def payback_months(flows: ArrayLike) -> Figure:
    """Payback period in months: when the cumulative net cash flow crosses zero for the last time.

    Parameters
    ----------
    flows : array_like, 1-D
        ``flows[0]``: the net amount at t = 0 (the decision); ``flows[m]``: the net amount of month m,
        spread evenly over that month (so a year's amount is spread evenly over its 12 months).

    Returns
    -------
    Figure
        Months from the decision, interpolated within the month of the crossing:
        ``m - 1 + (-cumulative[m - 1]) / flows[m]``; 0 when the cumulative is never negative; ``None``
        when it is still negative at the end of the horizon. The *last* crossing is used, so a project
        that recovers, dips below zero again (a go-live dip) and recovers again pays back at the
        second recovery: from then on it stays paid back.

    Notes
    -----
    Pass discounted flows for the discounted payback. Excel has no function for this; in the exported
    workbook it is the month where the cumulative column turns non-negative, plus the fraction.

    Examples
    --------
    -100 at t = 0, then 40 a month: paid back 2.5 months after the decision.

    >>> payback_months([-100, 40, 40, 40]).value
    2.5
    """
    value = float(payback_months_many(flows)[0])
    if np.isnan(value):
        return Figure(None, "the cumulative net cash flow is still negative at the end of the horizon")
    return Figure(value)
