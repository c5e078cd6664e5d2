"""Charts are pure functions: build each from the sample case and check what a reader relies on."""

import json

import pandas as pd

from crm_case import evaluate, monthly_table, project, sample_case, tei_table
from ui.charts import AREA_COLOURS, CATEGORY_COLOURS, benefit_ramp, group_bars, j_curve, yearly_bars

LABELS = {"month": "Months after the decision", "amount": "Cumulative net cash flow (€)", "series": "Series",
          "go_live": "Go-live", "break_even": "Break-even", "cumulative_net": "Cumulative net",
          "cumulative_discounted_net": "Cumulative discounted net", "benefits": "Benefits", "dip": "Dip"}


def spec(chart) -> str:
    return json.dumps(chart.to_dict())


def test_j_curve_marks_go_live_and_break_even_and_titles_axes():
    monthly = monthly_table(project(sample_case()))
    text = spec(j_curve(monthly, currency="EUR", labels=LABELS, go_live_month=6, break_even_month=31.9))
    for title in ("Months after the decision", "Cumulative net cash flow (\\u20ac)", "Go-live", "Break-even"):
        assert title in text
    assert '"format": ",.0f"' in text  # tooltips show money with thousands separators


def test_j_curve_without_break_even():
    monthly = monthly_table(project(sample_case()))
    text = spec(j_curve(monthly, currency="EUR", labels=LABELS, go_live_month=6, break_even_month=None))
    assert "Break-even" not in text


def test_bars_use_the_colour_blind_safe_palette():
    frame = pd.DataFrame({"group": ["IT", "People", "Process"], "amount": [3.0, 2.0, 1.0]})
    text = spec(group_bars(frame, colours=CATEGORY_COLOURS, currency="EUR", group_title="Category",
                           amount_title="Amount (€)"))
    assert all(colour in text for colour in CATEGORY_COLOURS.values())
    assert "Category" in text and "Amount (\\u20ac)" in text


def test_yearly_charts():
    table = tei_table(project(sample_case()))
    tidy = table[table["section"] == "costs"].melt(id_vars="group", value_vars=["initial", "year_1"],
                                                  var_name="period", value_name="amount")
    assert "Year" in spec(yearly_bars(tidy, colours=CATEGORY_COLOURS, period_title="Year", group_title="Category",
                                        amount_title="Amount (€)"))
    both = pd.DataFrame({"period": ["Initial", "Initial"], "group": ["Costs", "Benefits"], "amount": [1.0, 2.0]})
    grouped = spec(yearly_bars(both, colours={"Costs": "#D55E00", "Benefits": "#009E73"}, period_title="Year",
                               group_title="Series", amount_title="Amount", stacked=False))
    assert "Series" in grouped and "xOffset" in grouped


def test_benefit_ramp_draws_the_dip_below_zero():
    frame = pd.DataFrame({"month": [0, 1, 2], "benefits": [0.0, 0.0, 10.0], "dip": [0.0, 5.0, 0.0]})
    chart = benefit_ramp(frame, labels=LABELS | {"amount": "Benefit per month (€)"}, go_live_month=0)
    data = chart.to_dict()["datasets"]
    assert any(row.get("dip") == -5.0 for rows in data.values() for row in rows)
    assert "AREA" not in spec(chart) and "Benefit per month" in spec(chart)
    assert set(AREA_COLOURS) == {"Marketing", "Sales", "Service"}


def test_risk_and_vendor_charts_are_valid_and_titled():
    """The Risk and Vendors pages' charts: valid Vega-Lite (to_dict validates), axes titled, histograms binned
    here so the browser gets one row per bin and not one per run."""
    import numpy as np

    from crm_case.risk import monte_carlo, tornado
    from ui.charts import grouped_bars, histogram, share_bars, tornado_chart, value_bars

    case = sample_case()
    table = tornado(case).head(5).assign(low_text="low", high_text="high", base_text="base")
    # the bars' centre: the case's risk-adjusted NPV, as the risk page passes it (tornado's own default view)
    text = spec(tornado_chart(table, base=evaluate(case).adjusted.npv, labels={
        "low": "Input at its low end", "high": "Input at its high end", "axis": "NPV (€)", "input": "Input",
        "end": "End", "value": "Value", "case_value": "Case value"}))
    assert "NPV (\\u20ac)" in text and "Input at its low end" in text
    runs = monte_carlo(case, runs=2_000).runs.npv
    chart = histogram(runs, marks={"P10": float(np.quantile(runs, 0.1))}, bins=30, labels={
        "axis": "NPV (€)", "share": "Share of runs", "from": "From", "to": "To", "runs": "Runs"})
    data = chart.to_dict()
    assert sum(len(v) for v in data["datasets"].values()) < 40  # 30 bins, one mark, one zero line
    assert "Share of runs" in json.dumps(data)
    assert "Share of the NPV spread" in spec(share_bars(
        pd.DataFrame({"label": ["a", "b"], "share": [0.7, 0.3], "rho": [0.8, -0.4]}),
        labels={"axis": "Share of the NPV spread", "input": "Input", "rho": "rho"}))
    frame = pd.DataFrame({"name": ["Vendor A", "Vendor B"], "value": [1.0, -2.0], "text": ["1", "-2"]})
    for horizontal in (False, True):
        assert "NPV (\\u20ac)" in spec(value_bars(frame, labels={"axis": "NPV (€)", "name": "Offer"},
                                                 highlight="Vendor A", horizontal=horizontal))
    long = pd.DataFrame({"name": ["A", "A"], "series": ["3 years", "5 years"], "value": [1.0, 2.0]})
    assert "TCO (\\u20ac)" in spec(grouped_bars(long, labels={"axis": "TCO (€)", "name": "Offer", "series": "Horizon"},
                                                colours={"3 years": "#56B4E9", "5 years": "#0072B2"}))


def test_tracking_chart_is_valid_and_titled():
    from crm_case.goals import example_actuals, history, merge_actuals
    from ui.charts import tracking_chart

    case = merge_actuals(sample_case(), example_actuals(sample_case()))
    text = spec(tracking_chart(history(case, "Churn rate"), target=0.10, percent_axis=True, labels={
        "date": "Month", "value": "Churn rate", "expected": "Path", "actual": "Actual", "target": "target"}))
    assert "Month" in text and "Churn rate" in text and '".1%"' in text
