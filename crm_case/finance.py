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

from crm_case.i18n import Listing, Message
from crm_case.i18n.formats import Percent


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
        return Message("engine.finance.all_zero")
    if (nonzero > 0).all():
        return Message("engine.finance.all_positive")
    if (nonzero < 0).all():
        return Message("engine.finance.all_negative")
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


def _real_rates(normalised: np.ndarray, period_months: int) -> list[tuple[float, float]]:
    """Every (periodic, annual) rate at which NPV of ``normalised`` (flows scaled to a largest |flow| of 1)
    is zero to 1e-9 of its discounted magnitude: the positive roots x of ``sum_t flows[t] x ** t`` within
    1e-7 of the real axis, ``r = 1 / x - 1``, each polished by Newton steps unless they would move it to
    another root (more than 1e-6 away). Unsorted; a root may appear twice."""
    steps = np.arange(normalised.size)
    out = []
    with np.errstate(all="ignore"):
        try:
            x = np.roots(normalised[::-1])
        except np.linalg.LinAlgError:
            return out
        for root in x[(np.abs(x.imag) <= 1e-7 * np.abs(x)) & (x.real > 0)].real:
            periodic = 1.0 / root - 1.0
            polished = _polish(normalised, periodic)
            if np.isfinite(polished) and abs(polished - periodic) <= 1e-6 * (1.0 + abs(periodic)):
                periodic = polished  # Newton refined this root rather than jumping to another one
            if not periodic > -1.0:
                continue
            terms = normalised * (1.0 + periodic) ** -steps
            residual, magnitude = abs(terms.sum()), np.abs(terms).sum()
            annual = (1.0 + periodic) ** (12.0 / period_months) - 1.0
            if np.isfinite(annual) and np.isfinite(magnitude) and residual <= 1e-9 * magnitude:
                out.append((float(periodic), float(annual)))
    return out


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
    there can be several rates; like numpy-financial, the one closest to zero is returned, and
    :func:`irr_roots` lists them all (the IRR is then ambiguous: prefer :func:`mirr`). numpy-financial
    drops roots with any imaginary part; when it finds none, roots within 1e-7 of the real axis are tried
    too (a rate where NPV only touches zero, a double root, has such a tiny imaginary part).
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
            # numpy-financial keeps only roots with no imaginary part at all; a rate where NPV touches zero
            # (a double root) comes out of np.roots with a tiny one: look again with a tolerance
            near = _real_rates(normalised, period_months)
            if not near:
                return Figure(None, Message("engine.finance.no_real_rate"))
            return Figure(min(near, key=lambda pair: abs(pair[0]))[1])
        periodic = np.float64(_polish(normalised, float(periodic)))
        annual = (1.0 + periodic) ** (12.0 / period_months) - 1.0
        terms = normalised * (1.0 + periodic) ** -steps
        residual, magnitude = abs(terms.sum()), np.abs(terms).sum()
    if not np.isfinite(annual) or not np.isfinite(magnitude):
        return Figure(None, Message("engine.finance.rate_too_extreme"))
    if not residual <= 1e-9 * magnitude:
        return Figure(None, Message("engine.finance.rate_inexact"))
    annual = float(annual)
    return Figure(annual)


def sign_changes(flows: ArrayLike) -> int:
    """How many times the sign of the flows changes, zeros skipped.

    Descartes' rule of signs: the NPV of the flows is the polynomial ``sum_t flows[t] x ** t`` in
    ``x = 1 / (1 + r)``, whose number of positive roots (rates above -100 %) is the number of sign changes
    or fewer by an even number. One change: at most one IRR. Two or more: possibly several.

    Examples
    --------
    >>> sign_changes([-100, 0, 60, 60])
    1
    >>> sign_changes([100, -217, 117.3])
    2
    """
    values = np.asarray(flows, dtype=float)
    signs = np.sign(values[values != 0])
    return int((signs[1:] != signs[:-1]).sum())


def _percent_list(rates: tuple[float, ...]) -> Percent | Message:
    """The IRRs of a series as a message writes them, each with two decimals in the reader's format, the list
    separated as the reader's language does (``5.00 %, 20.00 % and 30.00 %``)."""
    texts = [Percent(rate, 2) for rate in rates]
    return texts[0] if len(texts) == 1 else Message("engine.list.and", items=Listing(tuple(texts[:-1])), last=texts[-1])


class IrrRoots(NamedTuple):
    """Every IRR of a series of net flows: ``rates`` (annual, as fractions, ascending, distinct) and the
    flows' ``sign_changes`` (the bound of Descartes' rule, see :func:`sign_changes`).

    ``ambiguous`` is True when two or more rates make NPV zero: the IRR is then no single number, and the
    rule "invest when the IRR beats the discount rate" no longer holds; MIRR has one value.
    """

    rates: tuple[float, ...]
    sign_changes: int

    @property
    def ambiguous(self) -> bool:
        """Two or more distinct rates make NPV zero (found, not merely possible by Descartes' rule)."""
        return len(self.rates) > 1

    def note(self, shown: float | None) -> str | None:
        """A sentence for users when :attr:`ambiguous` (``None`` otherwise): the rates found, the one
        shown (``shown``, annual fraction, the :func:`irr`), and to use MIRR instead."""
        if not self.ambiguous:
            return None
        if shown is None:
            return Message("engine.finance.irr_ambiguous", changes=self.sign_changes, count=len(self.rates),
                           rates=_percent_list(self.rates))
        return Message("engine.finance.irr_ambiguous_shown", changes=self.sign_changes, count=len(self.rates),
                       rates=_percent_list(self.rates), shown=_percent_list((shown,)))


_SAME_RATE = 1e-6
"""Two annual rates closer than this (0.0001 percentage points) are one rate (a root found twice, or a
double root split by rounding)."""


def irr_roots(flows: ArrayLike, *, period_months: int = 12, known: Figure | None = None) -> IrrRoots:
    """Every internal rate of return of the flows, and how many times they change sign.

    Parameters
    ----------
    flows : array_like, 1-D
        Net flows at equal periods, ``flows[0]`` at t = 0 (as for :func:`irr`).
    period_months : int, default 12
        Period length; each periodic rate r is annualised as ``(1 + r) ** (12 / period_months) - 1``.
    known : Figure, optional
        ``irr(flows, period_months=period_months)`` when the caller has it already (saves solving it again).

    Returns
    -------
    IrrRoots
        ``rates``: every annual rate (as a fraction, above -100 %, ascending) at which :func:`npv` of the
        flows is zero to within rounding (1e-9 of the flows' discounted magnitude, as :func:`irr`
        requires); empty when there is none. It always holds :func:`irr`'s rate when that exists.
        ``sign_changes``: see :func:`sign_changes`.

    Notes
    -----
    With one sign change there is at most one rate (Descartes' rule), so :func:`irr` alone is used. With
    more, the positive roots x of ``sum_t flows[t] x ** t`` within 1e-7 of the real axis (numpy's ``roots``,
    the eigenvalues of the companion matrix) give the periodic rates ``1 / x - 1``; each is polished by a
    few Newton steps on NPV and kept only if NPV is zero at it. Rates closer than 1e-6 are counted once, so
    a rate where NPV only touches zero (a double root) is one rate.
    ``ambiguous`` is decided on rates *found*, not on sign changes: a go-live dip often makes monthly net
    flows change sign three times while a single rate makes NPV zero, and that IRR is not ambiguous.
    Excel has no equivalent; its ``=IRR(flows, guess)`` returns the rate its iteration reaches from
    ``guess`` (10 % by default), so the exported workbook passes the app's rate as the guess.

    Examples
    --------
    Flows built from ``(1 + r - 1.02)(1 + r - 1.15)``: rates of exactly 2 % and 15 %.

    >>> roots = irr_roots([1_000_000, -2_170_000, 1_173_000])
    >>> [round(rate, 10) for rate in roots.rates], roots.sign_changes, roots.ambiguous
    ([0.02, 0.15], 2, True)
    """
    values = np.asarray(flows, dtype=float)
    changes = sign_changes(values)
    if known is None and changes:
        known = irr(values, period_months=period_months)
    shown = known.value if changes and known is not None else None
    if changes <= 1:
        return IrrRoots(() if shown is None else (shown,), changes)
    normalised = values / np.abs(values).max()
    found = [annual for _, annual in _real_rates(normalised, period_months)]
    found += [] if shown is None else [shown]
    rates: list[float] = []
    for rate in sorted(found):
        if rates and rate - rates[-1] <= _SAME_RATE:
            if shown is not None and abs(rate - shown) < abs(rates[-1] - shown):
                rates[-1] = rate  # keep irr()'s own value for the rate it reports
            continue
        rates.append(rate)
    return IrrRoots(tuple(rates), changes)


def _horner(coefficients: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``f(x) = sum_t c[..., t] x ** t`` and ``f'(x)`` per row, by Horner's rule (a loop over periods, not runs).
    ``coefficients`` has shape (rows, T); ``x`` shape (rows,) or (rows, G)."""
    extra = (None,) * (x.ndim - 1)
    f = np.broadcast_to(coefficients[(slice(None), -1, *extra)], x.shape).copy()
    df = np.zeros_like(f)
    for t in range(coefficients.shape[1] - 2, -1, -1):
        df = df * x + f
        f = f * x + coefficients[(slice(None), t, *extra)]
    return f, df


def _solve_bracketed(coefficients: np.ndarray, lo: np.ndarray, hi: np.ndarray, iterations: int = 200, *,
                     f_lo: np.ndarray | None = None, start: np.ndarray | None = None) -> np.ndarray:
    """The root of each row's polynomial inside ``[lo, hi]`` (where it changes sign): Newton's method,
    falling back to a geometric bisection whenever a step would leave the bracket or would not at least
    halve the previous step (``rtsafe`` of Numerical Recipes), so it converges even where Newton crawls.
    ``f_lo``: the polynomial at ``lo`` when known; ``start``: a first x inside the bracket (by default 1 when
    the bracket holds it, else the geometric middle)."""
    if f_lo is None:
        f_lo, _ = _horner(coefficients, lo)
    flip = f_lo > 0
    lo, hi = np.where(flip, hi, lo), np.where(flip, lo, hi)  # from here on f(lo) < 0 < f(hi)
    x = np.where((lo < 1.0) == (hi > 1.0), 1.0, np.sqrt(lo * hi)) if start is None else start.copy()
    last_step = np.abs(hi - lo)
    active = np.ones(x.shape, dtype=bool)
    for _ in range(iterations):
        rows = np.nonzero(active)[0]
        if rows.size == 0:
            break
        xa = x[rows]
        f, df = _horner(coefficients[rows], xa)
        negative = f < 0
        lo[rows] = np.where(negative, xa, lo[rows])
        hi[rows] = np.where(negative, hi[rows], xa)
        with np.errstate(all="ignore"):
            step = xa - f / df
        low, high = np.minimum(lo[rows], hi[rows]), np.maximum(lo[rows], hi[rows])
        inside = np.isfinite(step) & (step > low) & (step < high)
        size = np.abs(step - xa)
        # converged: the Newton step is tiny (after it, the error is ~1e-24 by quadratic convergence), or the
        # bracket has closed around x
        done = (f == 0) | (np.isfinite(step) & (size <= 1e-12 * np.abs(xa))) | (high - low <= 4e-16 * np.abs(xa))
        newton = inside & (size < 0.5 * last_step[rows])
        new = np.where(newton, step, np.sqrt(lo[rows] * hi[rows]))
        last_step[rows] = np.abs(new - xa)
        x[rows] = np.where(f == 0, xa, np.where(done & np.isfinite(step), step, new))
        active[rows] = ~done
    return x


_MULTI_BLOCK = 2_000
"""Rows of several sign changes searched together by :func:`_closest_rates` (bounds memory: a block's cells are
2,000 rows x about 200 cells x a dozen numbers)."""


def _grid_cells(x_low: float, x_high: float) -> np.ndarray:
    """Edges of the cells that cover ``[x_low, x_high]`` for the search of several rates, ascending: in
    ``u = log x = -log(1 + periodic rate)``, steps of 0.005 around a zero rate (half a point of rate), each 5 %
    wider than the last outwards (ordinary rates get narrow cells, extreme ones few: about 200 in all); x = 1
    (a zero rate) is an edge, so no cell holds rates of both signs."""
    steps = 0.1 * (1.05 ** np.arange(400) - 1.0)  # 0, 0.005, 0.01025, ...: past |u| = 27 (x = 1e12) within 400
    up, down = steps[steps < np.log(x_high)], steps[steps < -np.log(x_low)]
    return np.exp(np.concatenate(([np.log(x_low)], -down[:0:-1], up, [np.log(x_high)])))


def _classify(lo: tuple[np.ndarray, ...], hi: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Cells ``[a, b]`` proven to hold no rate, and cells proven to hold exactly one, from ``(P, N, P', N')`` at
    their ends (``lo`` at a, ``hi`` at b).

    NPV is ``f(x) = P(x) - N(x)`` with ``P = sum of c_t x ** t`` over the positive flows and ``N`` over the
    negative ones (as magnitudes); for x > 0 both grow with x, and so do ``P'`` and ``N'``. So on the cell
    ``P(a) - N(b) <= f <= P(b) - N(a)`` and ``P'(a) - N'(b) <= f' <= P'(b) - N'(a)`` (interval arithmetic,
    no loop). f keeps one sign when ``P(a) > N(b)`` or ``N(a) > P(b)``: the cell is *empty*. f is monotonic
    when ``P'(a) > N'(b)`` or ``N'(a) > P'(b)``: at most one rate, exactly one when f's signs at the ends differ
    or one is zero (*single*). P and N are sums of non-negative terms, exact to far less than the margin of
    1e-12 that covers rounding. A cell proven neither is split further."""
    p_a, n_a, dp_a, dn_a = lo
    p_b, n_b, dp_b, dn_b = hi
    margin = 1.0 + 1e-12
    empty = (p_a > n_b * margin) | (n_a > p_b * margin)
    monotonic = (dp_a > dn_b * margin) | (dn_a > dp_b * margin)
    crosses = np.sign(p_a - n_a) * np.sign(p_b - n_b) <= 0
    single = monotonic & crosses & ~empty
    return empty | (monotonic & ~crosses), single


def _abs_rates(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest |periodic rate| ``|1 / x - 1|`` over cells ``[a, b]`` none of which straddles x = 1."""
    at_a, at_b = np.abs(1.0 / a - 1.0), np.abs(1.0 / b - 1.0)
    return np.minimum(at_a, at_b), np.maximum(at_a, at_b)


_INNER = 0.2
"""Half-width in ``log x`` of the cells searched first (periodic rates from -18 % to +22 %): most rows' closest rate
lies there, and the other cells are searched only for the rows where it does not."""


def _search(c: np.ndarray, edges: np.ndarray, use: np.ndarray, depth: int,
            known: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
    """The root closest to a zero rate within the cells ``edges[k], edges[k + 1]`` for which ``use[k]``, of each
    row of ``c`` (see :func:`_closest_rates`): x (NaN where none), its ``|1 / x - 1|`` (inf where none), whether a
    cell could not be decided, and NPV at the first and last edge. ``known``: per row, the |rate| of a root found
    elsewhere (cells whose rates are all farther from zero are not searched)."""
    rows, periods = c.shape
    split = np.vstack((np.maximum(c, 0.0), np.maximum(-c, 0.0)))  # P's coefficients, then N's
    t = np.arange(periods, dtype=float)[:, None]
    n = edges.size
    with np.errstate(all="ignore"):
        values = split @ np.hstack((edges ** t, t * edges ** (t - 1)))  # P, P' (first rows), N, N' at the edges
    at = (values[:rows, :n], values[rows:, :n], values[:rows, n:], values[rows:, n:])  # P, N, P', N'
    index = np.nonzero(use)[0]
    empty, single = _classify(tuple(v[:, index] for v in at), tuple(v[:, index + 1] for v in at))
    a, b = edges[index], edges[index + 1]

    def cells(mask: np.ndarray) -> tuple[np.ndarray, ...]:
        row, cell = np.nonzero(mask)
        return (row, a[cell], b[cell], *(v[row, index[cell]] for v in at), *(v[row, index[cell] + 1] for v in at))

    found = [cells(single)]
    open_ = cells(~empty & ~single)
    best = np.full(rows, np.inf) if known is None else known.copy()  # per row: the largest |rate| of the closest
    # cell proven to hold a rate
    undecided = np.zeros(rows, dtype=bool)
    for level in range(depth + 1):
        np.minimum.at(best, found[-1][0], _abs_rates(found[-1][1], found[-1][2])[1])
        keep = _abs_rates(open_[1], open_[2])[0] < best[open_[0]]  # cells whose rates are all farther: no matter
        row, lo, hi, *ends = (v[keep] for v in open_)
        if row.size == 0:
            break
        if level == depth:
            undecided[row] = True
            break
        mid = (lo + hi) / 2  # halve: children (lo, mid) and (mid, hi)
        with np.errstate(all="ignore"):
            p, dp = _horner(split[row], mid)
            q, dq = _horner(split[rows + row], mid)
        at_mid = (p, q, dp, dq)
        children = (np.concatenate((row, row)), np.concatenate((lo, mid)), np.concatenate((mid, hi)),
                    *(np.concatenate(pair) for pair in zip(ends[:4], at_mid, strict=True)),
                    *(np.concatenate(pair) for pair in zip(at_mid, ends[4:], strict=True)))
        empty, single = _classify(children[3:7], children[7:])
        found.append(tuple(v[single] for v in children))
        open_ = tuple(v[~empty & ~single] for v in children)
    row, lo, hi, p_lo, n_lo, _, _, p_hi, n_hi, _, _ = (np.concatenate(parts) for parts in zip(*found, strict=True))
    keep = _abs_rates(lo, hi)[0] <= best[row]  # the cells that may hold the closest rate: one or two per row
    row, lo, hi = row[keep], lo[keep], hi[keep]
    f_lo, f_hi = (p_lo - n_lo)[keep], (p_hi - n_hi)[keep]
    x = np.where(f_lo == 0, lo, hi)
    inside = (f_lo != 0) & (f_hi != 0)
    if inside.any():  # from the secant point (regula falsi): within the cell, near the rate
        lo, hi, f_lo, f_hi, row_in = lo[inside], hi[inside], f_lo[inside], f_hi[inside], row[inside]
        x[inside] = _solve_bracketed(c[row_in], lo.copy(), hi.copy(), f_lo=f_lo,
                                     start=lo - f_lo * (hi - lo) / (f_hi - f_lo))
    rate = np.abs(1.0 / x - 1.0)
    order = np.lexsort((rate, row))
    first = order[np.unique(row[order], return_index=True)[1]]
    closest, distance = np.full(rows, np.nan), np.full(rows, np.inf)
    closest[row[first]], distance[row[first]] = x[first], rate[first]
    f_edges = at[0] - at[1]
    return closest, distance, undecided, f_edges[:, 0], f_edges[:, -1]


def _closest_rates(c: np.ndarray, x_low: float, x_high: float, depth: int = 14) -> tuple[np.ndarray, np.ndarray]:
    """For rows of normalised flows ``c`` (shape (rows, T), several sign changes): the root x in
    ``[x_low, x_high]`` of ``f(x) = sum_t c_t x ** t`` whose periodic rate ``1 / x - 1`` is closest to zero (NaN
    where there is none), and which rows this search could not decide (to be solved by :func:`irr`).

    NPV and bounds of its slope and curvature are evaluated on the cells of :func:`_grid_cells` for all rows at
    once (matrix products with the powers of the cell edges), and every cell is proven empty or holding exactly one
    rate (:func:`_classify`). Cells proven neither are halved, all rows together, up to ``depth`` times (a cell
    of 0.005 in log x comes down to 3e-7), except those that cannot hold a rate closer to zero than one already
    bracketed; a row with such a cell left is undecided: it has two rates (or a double one) within about 1e-6 of
    each other, where numpy's roots may report a complex pair, so only :func:`irr` itself can say what it returns.
    The bracketed rates that may be the closest (one or two per row: on each side of zero) are refined by
    :func:`_solve_bracketed`. The cells within :data:`_INNER` of a zero rate are searched first, the others only
    for rows without a rate there. A row is undecided too when NPV changes sign beyond ``x_high`` (a rate near
    -100 % per period) or below ``x_low`` (beyond 99,999,900 %) and no rate within the range is closer to zero."""
    edges = _grid_cells(x_low, x_high)
    inner = (edges[:-1] >= np.exp(-_INNER) * (1 - 1e-12)) & (edges[1:] <= np.exp(_INNER) * (1 + 1e-12))
    x, distance, undecided, _, _ = _search(c, edges, inner, depth)
    # every rate outside the inner cells is farther from zero than 1 - exp(-_INNER)
    rest = np.nonzero(~undecided & ~(distance <= 1.0 - np.exp(-_INNER)))[0]
    if rest.size and (~inner).any():
        cr = c[rest]
        far, far_distance, far_undecided, f_low, f_high = _search(cr, edges, ~inner, depth, distance[rest])
        closer = far_distance < distance[rest]
        x[rest[closer]], distance[rest[closer]] = far[closer], far_distance[closer]
        undecided[rest] = far_undecided
        # rates beyond the range: NPV's sign at x_high differs from its sign as x grows without bound (the last
        # nonzero flow's), or at x_low from its sign as x falls to 0 (the first nonzero flow's)
        nonzero = cr != 0
        ends = np.arange(rest.size)
        first_sign = np.sign(cr[ends, nonzero.argmax(axis=1)])
        last_sign = np.sign(cr[ends, c.shape[1] - 1 - nonzero[:, ::-1].argmax(axis=1)])
        beyond_high = np.sign(f_high) != last_sign
        beyond_low = np.sign(f_low) != first_sign
        undecided[rest] |= beyond_high & (distance[rest] > 1.0 - 1.0 / x_high)
        undecided[rest] |= beyond_low & ~np.isfinite(distance[rest])
    return x, undecided


def irr_many(flows: ArrayLike, *, period_months: int = 12) -> np.ndarray:
    """Vectorised :func:`irr`: the annual IRR of each row of a 2-D array of equally spaced net flows, NaN
    where the row has none (flows that never change sign, no real rate, or a rate beyond +/-99.9999 %
    per period... see Notes).

    Parameters
    ----------
    flows : array_like, shape (runs, periods)
        Net flows, ``flows[:, 0]`` at t = 0.
    period_months : int, default 12
        Period length; the periodic rate r is annualised as ``(1 + r) ** (12 / period_months) - 1``.

    Notes
    -----
    With ``x = 1 / (1 + r)`` the NPV is the polynomial ``sum_t flows[t] x ** t``; a rate is a positive
    root x. A row whose flows change sign once has exactly one (Descartes' rule of signs): Newton's method
    from a zero rate finds it in a few steps for most rows; a row where it has not settled after 8 steps is
    bracketed on a coarse grid of x between 1e-6 and ``x_max = min(1e6, 10 ** (250 / (T - 1)))`` (T periods:
    x ** t stays finite) and solved by Newton's method kept inside the bracket by bisection, with no loop over the
    rows. A row with several sign changes may have several
    rates (monthly flows of a case whose costs change from year to year, or with a go-live dip, often do); like
    :func:`irr` (numpy-financial), the one closest to zero is returned. All such rows are searched together
    (:func:`_closest_rates`): NPV is evaluated on cells of x and each cell is *proven* to hold no rate or exactly
    one (bounds of NPV's slope and curvature), halving the cells where neither is proven, so two rates close
    together are not missed, as a plain grid search would miss them; the rates that may be closest to zero are
    refined as above. The few rows this cannot decide (two rates within about 1e-6 of each other, a double rate,
    or a sign change beyond the range below) are solved one by one by :func:`irr`, exactly as the deterministic
    evaluation does. Rates whose x lies outside ``[1e-6, x_max]`` (periodic rates above 99,999,900 % or near
    -100 %) are reported as NaN.
    A rate is kept only if NPV at it is zero to 1e-9 of the flows' magnitude, as :func:`irr` requires.
    Excel: ``=IRR(row)`` per row.

    Examples
    --------
    >>> np.round(irr_many([[-70000, 12000, 15000, 18000, 21000, 26000], [-100, -50, -1, 0, 0, 0]]), 4)
    array([0.0866,    nan])
    """
    values = np.atleast_2d(np.asarray(flows, dtype=float))
    runs, periods = values.shape
    out = np.full(runs, np.nan)
    if periods < 2 or runs == 0:
        return out
    scale = np.abs(values).max(axis=1, keepdims=True)
    with np.errstate(all="ignore"):
        c = np.where(scale > 0, values / np.where(scale > 0, scale, 1.0), 0.0)
    signs = np.sign(c)
    changes = np.zeros(runs, dtype=int)
    previous = np.zeros(runs)
    for t in range(periods):  # sign changes ignoring zeros, a loop over periods
        s = signs[:, t]
        changes += (s != 0) & (previous != 0) & (s != previous)
        previous = np.where(s != 0, s, previous)
    x_low = 1e-6
    x_high = min(1e6, 10.0 ** (250.0 / max(periods - 1, 1)))
    x = np.full(runs, np.nan)
    single = np.nonzero(changes == 1)[0]
    if single.size:
        # the only root: plain Newton from a zero rate finds it for most rows in a few steps ...
        cs = c[single]
        guess = np.ones(single.size)
        with np.errstate(all="ignore"):
            for _ in range(8):
                f, df = _horner(cs, guess)
                step = f / df
                guess = guess - step
        settled = np.isfinite(guess) & (guess > 0) & (np.abs(step) <= 1e-12 * np.abs(guess))
        x[single[settled]] = guess[settled]
        single, cs = single[~settled], cs[~settled]
    if single.size:
        # ... the others are bracketed where f changes sign on a coarse grid (dense for ordinary rates)
        grid = np.array([x_low, 1e-3, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 10.0, 1e3,
                         x_high])
        grid = grid[grid <= x_high]
        f, _ = _horner(cs, np.broadcast_to(grid, (single.size, grid.size)).copy())
        change = np.sign(f[:, :-1]) * np.sign(f[:, 1:]) < 0
        ok = change.any(axis=1)
        j = change.argmax(axis=1)
        roots = np.full(single.size, np.nan)
        exact = (f == 0).any(axis=1)
        roots[exact] = grid[(f == 0).argmax(axis=1)[exact]]
        ok &= ~exact
        if ok.any():
            roots[ok] = _solve_bracketed(cs[ok], grid[j[ok]].copy(), grid[j[ok] + 1].copy())
        x[single] = roots
    several = np.nonzero(changes > 1)[0]
    undecided = []
    for start in range(0, several.size, _MULTI_BLOCK):
        block = several[start: start + _MULTI_BLOCK]
        x[block], unsure = _closest_rates(c[block], x_low, x_high)
        undecided.append(block[unsure])
    for row in np.concatenate(undecided) if undecided else ():  # rare: as evaluate() solves them, so they agree
        rate = irr(values[row], period_months=period_months).value
        growth = np.nan if rate is None or rate <= -1.0 else (1.0 + rate) ** (period_months / 12.0)
        x[row] = 1.0 / growth if growth > 0 else np.nan
    with np.errstate(all="ignore"):
        periodic = 1.0 / x - 1.0
        terms = c * x[:, None] ** np.arange(periods)
        residual = np.abs(terms.sum(axis=1))
        magnitude = np.abs(terms).sum(axis=1)
        annual = (1.0 + periodic) ** (12.0 / period_months) - 1.0
    good = np.isfinite(annual) & np.isfinite(magnitude) & (residual <= 1e-9 * magnitude)
    out[good] = annual[good]
    return out


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
        return Figure(None, Message("engine.finance.mirr_periods"))
    if not ((values > 0).any() and (values < 0).any()):
        return Figure(None, Message("engine.finance.mirr_signs"))
    with np.errstate(all="ignore"):
        value = float(npf.mirr(values, finance_rate, reinvest_rate))
    if not np.isfinite(value):
        return Figure(None, Message("engine.finance.mirr_too_extreme"))
    return Figure(value)


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
        return Figure(None, Message("engine.finance.no_costs"))
    return Figure((pv_benefits - pv_costs) / pv_costs)


def last_negative_months(flows: ArrayLike) -> np.ndarray:
    """Per row of monthly flows (a 1-D array is one row): the last index whose cumulative sum is below
    ``-1e-9 x max(|flow|, 1)``, or -1 when it never is. Payback falls in the month after it.
    Excel (the exported workbook): ``=SUMPRODUCT(MAX((cum<-tol)*(month+1)))-1``."""
    values = np.atleast_2d(np.asarray(flows, dtype=float))
    return _last_negative(values, np.cumsum(values, axis=-1))


ZERO_FLOW = 1e-9
"""Amounts this small (relative to the largest flow, or absolute below 1) count as zero for the payback: rounding
noise never makes a cumulative "negative", and a case whose flows are all this small has nothing to pay back."""


def _last_negative(values: np.ndarray, cumulative: np.ndarray, peak: np.ndarray | None = None) -> np.ndarray:
    """The index of the last period whose cumulative is below zero (by more than :data:`ZERO_FLOW` of the largest
    flow ``peak``, ``|values|``'s maximum along the last axis when not given), -1 where there is none."""
    if peak is None:
        peak = np.abs(values).max(axis=-1)
    tolerance = ZERO_FLOW * np.maximum(peak, 1.0)[..., None]
    below = cumulative < -tolerance
    last = below.shape[-1] - 1 - below[..., ::-1].argmax(axis=-1)  # the first True from the end
    return np.where(below.any(axis=-1), last, -1)


def payback_months_many(flows: ArrayLike) -> np.ndarray:
    """Vectorised :func:`payback_months`: one payback per row of a 2-D array, NaN where none (a row of zeros
    included: nothing to pay back)."""
    values = np.atleast_2d(np.asarray(flows, dtype=float))
    cumulative = np.cumsum(values, axis=-1)
    months = values.shape[-1]
    peak = np.abs(values).max(axis=-1, initial=0.0)
    last_negative = _last_negative(values, cumulative, peak)
    out = np.full(values.shape[0], np.nan)
    nothing = peak <= ZERO_FLOW  # all zero, within the tolerance above
    never = (last_negative == -1) & ~nothing
    out[never] = 0.0
    crosses = (last_negative >= 0) & (last_negative < months - 1)
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
        when it is still negative at the end of the horizon, or when every flow is zero (an empty case: there
        is nothing to pay back). The *last* crossing is used, so a project
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
    if np.abs(np.asarray(flows, dtype=float)).max(initial=0.0) <= ZERO_FLOW:
        return Figure(None, Message("engine.finance.nothing_pays_back"))
    value = float(payback_months_many(flows)[0])
    if np.isnan(value):
        return Figure(None, Message("engine.finance.never_pays_back"))
    return Figure(value)
