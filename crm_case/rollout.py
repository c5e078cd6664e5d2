"""The rollout month by month: adoption ramp and go-live productivity dip.

Month indices follow the projection: index 0 is the decision instant (t = 0), index m (1...) is the
m-th month after it. Go-live happens at the end of month ``months_to_go_live``; "k months after
go-live" is month ``months_to_go_live + k``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from crm_case.model import Rollout


def adoption_shares(go_live: ArrayLike, ramp: ArrayLike, peak: ArrayLike, months: int) -> np.ndarray:
    """:func:`adoption_curve` for arrays of runs: one row per run when the parameters are arrays of shape
    ``(runs,)``, a single row for scalars. Same formula and units (fractions; months)."""
    go_live, ramp, peak = (np.asarray(v, dtype=float)[..., None] for v in (go_live, ramp, peak))
    k = np.arange(months + 1) - go_live
    with np.errstate(divide="ignore", invalid="ignore"):
        ramped = np.clip(k / ramp, 0.0, 1.0)
    share = np.where(ramp == 0, (k >= 1).astype(float), ramped)
    return peak * share


def dip_shares(go_live: ArrayLike, depth: ArrayLike, dip_months: ArrayLike, months: int) -> np.ndarray:
    """:func:`dip_share_curve` for arrays of runs (see :func:`adoption_shares`)."""
    go_live, depth, dip_months = (np.asarray(v, dtype=float)[..., None] for v in (go_live, depth, dip_months))
    k = np.arange(months + 1) - go_live
    inside = (k >= 1) & (k <= dip_months)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(inside & (dip_months > 0), depth * (dip_months - k + 1) / dip_months, 0.0)


def adoption_curve(rollout: Rollout, months: int) -> np.ndarray:
    """Share of the full-adoption benefit realised in each month, indices 0..months.

    ``adoption(m) = peak_adoption x min(1, k / ramp_months)`` for ``k = m - months_to_go_live >= 1``,
    and 0 before and at go-live; with ``ramp_months = 0`` adoption jumps to the peak in the first
    month after go-live. Unit: fraction.

    Example: go-live after 6 months, ramp 12 months, peak 85 %: month 7 -> 0.85 / 12, month 18 and
    later -> 0.85.
    """
    return adoption_shares(rollout.months_to_go_live, rollout.ramp_months, rollout.peak_adoption, months)


def dip_share_curve(rollout: Rollout, months: int) -> np.ndarray:
    """Share of the affected staff's output lost in each month, indices 0..months.

    ``dip(m) = dip_depth x (dip_months - k + 1) / dip_months`` for ``1 <= k <= dip_months`` where
    ``k = m - months_to_go_live``, else 0: the full depth in the first month after go-live, recovering
    in a straight line. Unit: fraction.

    Example: depth 15 % over 3 months: 15 %, 10 %, 5 %, then 0.
    """
    return dip_shares(rollout.months_to_go_live, rollout.dip_depth, rollout.dip_months, months)


def dip_cost_curve(rollout: Rollout, months: int) -> np.ndarray:
    """Value of output lost to the go-live dip in each month, in the case currency.

    ``dip_affected_staff x dip_monthly_output_per_person x dip(m)`` (see :func:`dip_share_curve`).
    Example: 55 people x 7,000 a month x (15 % + 10 % + 5 %) = 115,500 over the three months.
    """
    per_month = rollout.dip_affected_staff * rollout.dip_monthly_output_per_person
    return per_month * dip_share_curve(rollout, months)
