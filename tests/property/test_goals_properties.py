"""Invariants of tracking: status does not depend on which way a metric improves, and a metric exactly on its
path re-forecasts nothing."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from crm_case import sample_case
from crm_case.goals import expected_value, progress, reforecast, scorecard, status_of
from crm_case.model import Metric, case_from_dict

values = st.floats(-1e6, 1e6, allow_nan=False)


@given(baseline=values, change=st.floats(1e-3, 1e6), actual=values, days=st.integers(0, 800))
def test_mirroring_a_metric_keeps_its_status(baseline, change, actual, days):
    """A metric that improves upwards and its mirror image that improves downwards have the same progress, path
    and status."""
    up = Metric(name="m", objective="o", strategy="s", direction="higher", baseline=baseline, target=baseline + change)
    down = Metric(name="m", objective="o", strategy="s", direction="lower", baseline=-up.baseline, target=-up.target)
    start, deadline = dt.date(2027, 7, 1), dt.date(2028, 7, 1)
    when = start + dt.timedelta(days=days)
    path_up, path_down = expected_value(up, deadline, start, when), expected_value(down, deadline, start, when)
    assert abs(path_up + path_down) <= 1e-9 * max(1.0, abs(path_up))
    gap_up = progress(up, actual) - progress(up, path_up)
    gap_down = progress(down, -actual) - progress(down, path_down)
    assert abs(gap_up - gap_down) <= 1e-6 * max(1.0, abs(gap_up))
    if abs(gap_up - (-0.10)) > 1e-6 and abs(gap_up - (-0.25)) > 1e-6:
        assert status_of(gap_up) == status_of(gap_down)


@given(month=st.integers(1, 17))
def test_a_metric_on_its_path_reforecasts_nothing(month):
    case = sample_case()
    metric = case.goals.metrics[2]  # win rate, 22 % -> 24 % by 2028-06-30
    period = f"{2027 + (6 + month - 1) // 12}-{(6 + month - 1) % 12 + 1:02d}"
    import pandas as pd

    end = pd.Period(period, freq="M").end_time.date()
    on_path = expected_value(metric, dt.date(2028, 6, 30), dt.date(2027, 7, 1), end)
    data = case.model_dump(mode="json")
    data["goals"]["actuals"] = [{"metric": metric.name, "period": period, "value": on_path}]
    tracked = case_from_dict(data)
    assert scorecard(tracked).set_index("metric").loc[metric.name, "status"] == "on_track"
    new, _ = reforecast(tracked)
    assert abs(new.drivers.win_rate.win_rate_after - 0.24) < 1e-9
