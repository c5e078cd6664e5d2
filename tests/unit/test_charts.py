"""Charts are pure functions: build each from the sample case and check what a reader relies on."""

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st_

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
    assert '"format": "$,.0f"' in text  # tooltips show money with its currency and thousands separators


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


class TestFiguresInTheReadersLanguage:
    """Issue 18: every chart carries the language's number and date formats (Vega's config.locale, from CLDR) and
    its amount axes write the language's short forms, checked in the spec and in the labels Vega draws (vl-convert
    renders the spec as the browser does)."""

    @staticmethod
    def drawn(chart) -> list[str]:
        """The texts Vega draws for ``chart`` (axis labels, titles), read from its SVG."""
        import html
        import re

        import vl_convert

        return [html.unescape(text) for text in re.findall(r">([^<]+)</text>", vl_convert.vegalite_to_svg(
            chart.to_dict()))]

    @staticmethod
    def j_curve_in(language: str, ticks=None):
        """The sample's J-curve, from -€0.65M to +€1.0M: Vega's ticks -500k, 0, 500k, 1M (or ``ticks``)."""
        monthly = monthly_table(project(sample_case()))
        return j_curve(monthly, currency="EUR", labels=LABELS, go_live_month=6, language=language, value_ticks=ticks)

    SLIDE_TICKS = (-400_000, 0, 200_000, 1_000_000, 1_200_000)
    """A slide's ticks, to read the short forms of 200,000 and 1,200,000."""

    def test_spanish_marks_currency_and_short_forms_are_in_the_spec(self):
        data = self.j_curve_in("es").to_dict()
        number = data["config"]["locale"]["number"]
        # CLDR es: decimal comma, thousands dot, "1.234,56 €" (a no-break space before the sign)
        assert (number["decimal"], number["thousands"], number["currency"]) == (",", ".", ["", "\u00a0€"])
        text = json.dumps(data, ensure_ascii=False)
        assert "'\u00a0mil'" in text and "'\u00a0M'" in text  # CLDR es short forms: "200 mil", "1,2 M"

    def test_spanish_axis_reads_200_mil_and_1_2_m(self):
        labels = self.drawn(self.j_curve_in("es", self.SLIDE_TICKS))
        assert {"-400\u00a0mil", "0", "200\u00a0mil", "1\u00a0M", "1,2\u00a0M"} <= set(labels), labels

    def test_english_axis_keeps_the_apps_k_and_m(self):
        labels = self.drawn(self.j_curve_in("en", self.SLIDE_TICKS))
        assert {"-400k", "0", "200k", "1M", "1.2M"} <= set(labels), labels
        assert not any(label.endswith("K") for label in labels), "CLDR's K is not the app's k"

    def test_traditional_chinese_counts_in_wan_and_yi(self):
        spec = json.dumps(self.j_curve_in("zh-Hant").to_dict(), ensure_ascii=False)
        assert "萬" in spec and "億" in spec
        # 200,000 = 20 x 10,000
        assert {"20萬", "120萬", "-40萬"} <= set(self.drawn(self.j_curve_in("zh-Hant", self.SLIDE_TICKS)))
        frame = pd.DataFrame({"name": ["A", "B"], "value": [120_000_000.0, 300_000_000.0], "text": ["", ""]})
        from ui.charts import value_bars

        labels = self.drawn(value_bars(frame, labels={"axis": "NPV", "name": "Offer"}, language="zh-Hant"))
        assert {"0", "5000萬", "1億", "1.5億", "3億"} <= set(labels), labels  # 10**8 is 1億

    def test_simplified_chinese_uses_its_own_characters(self):
        spec = json.dumps(self.j_curve_in("zh-Hans").to_dict(), ensure_ascii=False)
        assert "万" in spec and "亿" in spec and "萬" not in spec

    def test_italian_writes_thousands_in_full(self):
        from ui.charts import compact_steps

        # CLDR it has no short form below a million ("Mln"): 200.000, then 1,2 Mln
        assert min(step[0] for step in compact_steps("it")) == 10**6
        labels = self.drawn(self.j_curve_in("it", self.SLIDE_TICKS))
        assert {"200.000", "1,2\u00a0Mln"} <= set(labels), labels

    def test_amount_axis_has_few_labels_that_never_touch(self):
        """Regression (issue 22: the J-curve's "1.2M" drawn on "1M"): Vega is asked for about five ticks, so the
        sample's J-curve reads -500k, 0, 500k, 1M, and overlapping labels are dropped (greedy)."""
        labels = self.drawn(self.j_curve_in("en"))
        assert [x for x in labels if x.endswith(("k", "M")) or x == "0"][-4:] == ["-500k", "0", "500k", "1M"]
        axis = self.j_curve_in("en").to_dict()["layer"][1]["encoding"]["y"]["axis"]
        assert axis["labelOverlap"] == "greedy" and axis["tickCount"] <= 6

    def test_symlog_axis_is_labelled_at_powers_of_ten(self):
        """Regression (issue 22: the customer scatter's log axis had two labels): 0 and +/-1k, 10k... over the data."""
        from ui.charts import symlog_ticks

        assert symlog_ticks([-4_000, 50, 120_000]) == [-1_000, 0, 1_000, 10_000, 100_000]
        assert symlog_ticks([]) == [0.0]

    def test_urgency_marks_the_month_that_starts_a_discount_year(self):
        """Month 13 of the sample's urgency chart (EUR 44.6k between about 75k) carries an asterisk and its reason."""
        from crm_case.delay import analyse_delay
        from ui.charts import simple_bars

        urgency = analyse_delay(sample_case()).urgency().rename(columns={"delay_months": "x",
                                                                          "marginal_cost": "amount"})
        chart = simple_bars(urgency, x_title="Extra month", amount_title="Cost (€)", language="en")
        spec = chart.to_dict()
        stars = spec["layer"][1]
        notes = [row for rows in spec["datasets"].values() for row in rows if row["note"]]
        assert [row["x"] for row in notes] == [1, 13] and "year 2" in notes[1]["note"]
        assert stars["mark"]["type"] == "text" and self.drawn(chart).count("*") == 2

    def test_tooltips_write_money_in_the_languages_pattern(self):
        from ui.charts import WITH_CURRENCY

        chart = self.money_text(WITH_CURRENCY)
        assert {"1.234.567\u00a0€", "-2.500\u00a0€"} <= set(self.drawn(self.styled(chart, "es", "EUR")))
        assert {"€1,234,567", "-€2,500"} <= set(self.drawn(self.styled(chart, "zh-Hant", "EUR")))
        # CLDR uk writes EUR, not €, and a no-break space between thousands
        assert "1\u00a0234\u00a0567\u00a0EUR" in self.drawn(self.styled(chart, "uk", "EUR"))

    @staticmethod
    def money_text(fmt: str):
        import altair as alt

        frame = pd.DataFrame({"v": [1_234_567.4, -2_500.0]})
        return alt.Chart(frame).mark_text().encode(y="v:N", text=alt.Text("v:Q", format=fmt))

    @staticmethod
    def styled(chart, language, currency):
        from ui.charts import _style

        return _style(chart, 100, language, currency)

    def test_without_a_language_the_chart_is_in_the_viewers_english_outside_streamlit(self):
        monthly = monthly_table(project(sample_case()))
        default = j_curve(monthly, currency="EUR", labels=LABELS, go_live_month=6).to_dict()
        assert default == self.j_curve_in("en").to_dict()

    def test_months_on_a_date_axis_are_the_languages(self):
        from crm_case.goals import example_actuals, history, merge_actuals
        from ui.charts import tracking_chart

        case = merge_actuals(sample_case(), example_actuals(sample_case()))
        labels = {"date": "Month", "value": "Churn", "expected": "Path", "actual": "Actual", "target": "target"}
        drawn = {lang: self.drawn(tracking_chart(history(case, "Churn rate"), target=0.10, percent_axis=True,
                                                 labels=labels, language=lang)) for lang in ("zh-Hant", "es", "uk")}
        assert "2028年1月" in drawn["zh-Hant"]  # CLDR zh-Hant yMMM: y年M月
        # regression: babel 2.18 leaked the Chinese stand-alone month names into every language asked after it
        assert "ene 2028" in drawn["es"] and "10,0\u00a0%" in drawn["es"]
        assert "січ. 2028\u202fр." in drawn["uk"]  # CLDR uk: LLL y 'р.'

    def test_flip_labels_are_signed_per_cents_of_the_language(self):
        from ui.charts import flip_chart

        flips = pd.DataFrame({"name": ["a", "b", "c"], "relative_change": [0.25, -0.4, None],
                              "can_flip": [True, True, False]})
        rows = next(iter(flip_chart(flips, labels={"cannot": "cannot", "axis": "x", "criterion": "c"},
                                    language="es").to_dict()["datasets"].values()))
        assert [row["label"] for row in rows] == ["+25\u00a0%", "-40\u00a0%", "cannot"]

    def test_cldr_date_patterns_become_d3_formats(self):
        from ui.charts import d3_time

        assert d3_time("MMM y") == "%b %Y"
        assert d3_time("y年M月") == "%Y年%-m月"
        assert d3_time("LLL y 'р'.") == "%b %Y р."
        assert d3_time("d 'de' MMMM 'de' y") == "%-d de %B de %Y"
        assert d3_time("h:mm a zzzz") == "%-I:%M %p"  # no d3 directive for a time zone: left out


@pytest.mark.parametrize("language", ["en", "zh-Hant"])
def test_slide_charts_carry_at_most_eight_labels_per_axis_at_presentation_width(language):
    """Issue 19.4: the Benefits and Costs slides drew 23 and 33 amount labels across a presentation-wide chart.
    Every slide chart, drawn 1,300 px wide as presentation mode does, has at most eight labels on any axis (the
    labels Vega draws, read from its SVG)."""
    import re

    import vl_convert

    from crm_case.risk import monte_carlo
    from crm_case.story import MAX_LABELS
    from ui.i18n import use
    from ui.story import slides

    case = sample_case()
    with use(language):
        told = slides(case, evaluate(case), simulation=monte_carlo(case, runs=500))
        charts = {slide.key: slide.chart().properties(width=1300) for slide in told if slide.chart is not None}
    assert len(charts) == 6
    for key, chart in charts.items():
        svg = vl_convert.vegalite_to_svg(chart.to_dict())
        axes = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg, re.S)
        counts = [len(re.findall("<text", axis)) for axis in axes]
        assert len(counts) == 2 and max(counts) <= MAX_LABELS, (key, counts)


def test_information_bars_draw_each_value_with_its_interval_and_title_the_axis():
    """The value of information chart (ui.risk.information_view): a bar per input, an error bar from low to high."""
    from ui.charts import information_bars

    frame = pd.DataFrame({"label": ["Peak adoption (%)", "Discount rate (% a year)"], "value": [55_270.0, 8_138.0],
                          "low": [53_322.0, 6_327.0], "high": [57_218.0, 9_949.0], "text": ["€55.3k", "€8.1k"]})
    chart = information_bars(frame, labels={"axis": "Value of knowing the input (€)", "input": "Input",
                                            "low": "Low end (95 %)", "high": "High end (95 %)"},
                             currency="EUR", language="en")
    built = chart.to_dict()  # validates against the Vega-Lite schema
    text = json.dumps(built, ensure_ascii=False)
    assert "Value of knowing the input (€)" in text and '"format": "$,.0f"' in text
    marks = [layer["mark"]["type"] for layer in built["layer"]]
    assert marks == ["bar", "rule", "tick", "text"]
    rule = built["layer"][1]["encoding"]
    assert (rule["x"]["field"], rule["x2"]["field"]) == ("low", "high")
    assert built["layer"][0]["encoding"]["y"]["sort"] == ["Peak adoption (%)", "Discount rate (% a year)"]


def test_path_ranges_show_expected_npv_with_p10_p90_whiskers_and_the_best_in_orange():
    from ui.charts import path_ranges

    frame = pd.DataFrame({"name": ["Go ahead now", "Pilot, then decide", "Wait 3 months, then decide",
                                   "Do not invest"],
                          "expected": [549_665.0, 320_004.0, 335_004.0, 0.0],
                          "p10": [358_789.0, 143_171.0, 158_171.0, 0.0], "p90": [744_600.0, 500_663.0, 515_663.0, 0.0],
                          "chance": ["> 99 %", "> 99 %", "> 99 %", "< 1 %"],
                          "text": ["€549.7k", "€320.0k", "€335.0k", "€0"]})
    built = path_ranges(frame, labels={"axis": "Expected NPV (€)", "name": "Course of action",
                                       "chance": "P(NPV > 0)"}, best="Go ahead now", currency="EUR",
                        language="en").to_dict()
    text = json.dumps(built, ensure_ascii=False)
    assert "Expected NPV (€)" in text and "#E69F00" in text and "'Go ahead now'" in text
    assert [layer["mark"]["type"] for layer in built["layer"]] == ["bar", "rule", "tick", "tick", "rule", "text"]
    whisker = built["layer"][1]["encoding"]
    assert (whisker["x"]["field"], whisker["x2"]["field"]) == ("p10", "p90")
    # the value is written right of the whole row: the largest of P90, the expected NPV and zero
    data = next(iter(built["datasets"].values()))
    assert [row["right"] for row in data] == [744_600.0, 500_663.0, 515_663.0, 0.0]


def _histogram_in_altair(values, *, marks, labels, bins=40, money=True, height=320, currency=None, language=None):
    """ui.charts.histogram as it was built with Altair's objects (the reference its spec must equal, issue 21.5)."""
    import altair as alt
    import numpy as np

    from ui.charts import FONT, _style, amount_axis, money_format

    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(finite, bins=bins) if finite.size else (np.zeros(0), np.zeros(1))
    data = pd.DataFrame({"start": edges[:-1], "end": edges[1:], "runs": counts,
                         "share": counts / max(finite.size, 1), "negative": edges[1:] <= 0})
    bars = alt.Chart(data).mark_bar(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("start:Q", title=labels["axis"], axis=amount_axis(language) if money else alt.Axis(format=".0%")),
        x2="end:Q", y=alt.Y("share:Q", title=labels["share"], axis=alt.Axis(format=".0%")), y2=alt.datum(0),
        color=alt.condition("datum.negative", alt.value("#D55E00"), alt.value("#0072B2")),
        tooltip=[alt.Tooltip("start:Q", title=labels["from"], format=money_format(currency) if money else ".1%"),
                 alt.Tooltip("end:Q", title=labels["to"], format=money_format(currency) if money else ".1%"),
                 alt.Tooltip("runs:Q", title=labels["runs"], format=",")],
    )
    lines = pd.DataFrame({"name": list(marks), "x": list(marks.values())})
    rules = alt.Chart(lines).mark_rule(color="#000", strokeWidth=1.5).encode(x="x:Q")
    text = alt.Chart(lines).mark_text(align="left", dx=4, dy=-4, baseline="top", fontSize=FONT, y=0).encode(
        x="x:Q", text="name:N")
    layers = [bars, rules, text]
    if finite.size and finite.min() < 0 < finite.max():
        layers.append(alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#D55E00", strokeDash=[6, 4],
                                                                       strokeWidth=2).encode(x="x:Q"))
    return _style(alt.layer(*layers), height, language, currency)


@pytest.mark.parametrize("language", ["en", "es", "zh-Hant"])
def test_histogram_spec_is_altairs_to_the_byte(language):
    """Issue 21.5: the histogram is built as its spec (ui.charts.Spec, no Altair objects); it must be the JSON Altair
    wrote for the same chart, byte for byte: NPVs straddling zero or not, IRRs as per cents with a missing P90, no
    finite value at all, no marks, with and without a currency."""
    import numpy as np

    from ui.charts import histogram

    labels = {"axis": "NPV (€)", "share": "Share of runs", "from": "From", "to": "To", "runs": "Runs"}
    rng = np.random.default_rng(5)
    npv = rng.normal(100_000, 80_000, 3_000)
    cases = [
        (npv, {"P10": float(np.quantile(npv, 0.1)), "P50": 100_000.0, "P90": 210_000.5}, {"currency": "EUR"}),
        (np.abs(npv), {"P10": 1.0}, {"bins": 12}),
        (np.r_[rng.normal(0.2, 0.1, 500), np.nan, np.inf], {"P10": 0.05, "P50": 0.2, "P90": float("nan")},
         {"money": False, "height": 300}),
        (np.array([np.nan, np.nan]), {}, {"currency": "USD"}),
        (np.array([-5.0, -1.0, 0.0]), {"P50": -1}, {}),
    ]
    for values, marks, more in cases:
        ours = json.dumps(histogram(values, marks=marks, labels=labels, language=language, **more).to_dict())
        altair = json.dumps(_histogram_in_altair(values, marks=marks, labels=labels, language=language,
                                                 **more).to_dict())
        assert ours == altair, (marks, more)


def _share_bars_in_altair(frame, *, labels, height=260, language=None):
    """ui.charts.share_bars as it was built with Altair's objects (its reference, issue 21.5)."""
    import altair as alt

    from ui.charts import FONT, _style

    base = alt.Chart(frame).encode(y=alt.Y("label:N", title=None, sort=list(frame["label"]),
                                           axis=alt.Axis(labelLimit=170)))
    bars = base.mark_bar(size=18, color="#0072B2").encode(
        x=alt.X("share:Q", title=labels["axis"], axis=alt.Axis(format=".0%")),
        tooltip=[alt.Tooltip("label:N", title=labels["input"]), alt.Tooltip("share:Q", title=labels["axis"],
                                                                             format=".1%"),
                 alt.Tooltip("rho:Q", title=labels["rho"], format="+.2f")],
    )
    text = base.mark_text(align="left", dx=4, fontSize=FONT).encode(x="share:Q", text=alt.Text("share:Q", format=".0%"))
    return _style(alt.layer(bars, text), height, language)


def _information_bars_in_altair(frame, *, labels, height=None, currency=None, language=None):
    """ui.charts.information_bars as it was built with Altair's objects (its reference, issue 21.5)."""
    import altair as alt

    from ui.charts import FONT, _style, amount_axis, money_format

    height = height or 40 + 34 * len(frame)
    base = alt.Chart(frame).encode(y=alt.Y("label:N", title=None, sort=list(frame["label"]),
                                           axis=alt.Axis(labelLimit=260)))
    tooltip = [alt.Tooltip("label:N", title=labels["input"]),
               alt.Tooltip("value:Q", title=labels["axis"], format=money_format(currency)),
               alt.Tooltip("low:Q", title=labels["low"], format=money_format(currency)),
               alt.Tooltip("high:Q", title=labels["high"], format=money_format(currency))]
    bars = base.mark_bar(size=18, color="#009E73").encode(
        x=alt.X("value:Q", title=labels["axis"], axis=amount_axis(language), scale=alt.Scale(zero=True)),
        tooltip=tooltip)
    errors = base.mark_rule(color="#000", strokeWidth=1.5).encode(x="low:Q", x2="high:Q", tooltip=tooltip)
    ends = base.mark_tick(color="#000", thickness=1.5, size=12).encode(x="high:Q")
    text = base.mark_text(align="left", dx=6, fontSize=FONT).encode(x="high:Q", text="text:N")
    return _style(alt.layer(bars, errors, ends, text), height, language, currency)


@pytest.mark.parametrize("language", ["en", "uk", "zh-Hans"])
def test_risk_page_bar_specs_are_altairs_to_the_byte(language):
    """Issue 21.5: the NPV drivers' shares and the value of information are built as their specs (ui.charts.Spec);
    each must be the JSON Altair wrote for the same chart, byte for byte (names with quotes and non-Latin letters,
    a missing value, one row, a given height, with and without a currency)."""
    from ui.charts import information_bars, share_bars

    shares = pd.DataFrame({"label": ["Peak adoption (%)", 'Dip "depth"', "Ставка"], "share": [0.7, 0.25, 0.05],
                           "rho": [0.8, -0.4, float("nan")]})
    share_labels = {"axis": "Share of the NPV spread", "input": "Input", "rho": "rho"}
    for frame, height in ((shares, 260), (shares.head(1), 120)):
        assert json.dumps(share_bars(frame, labels=share_labels, height=height, language=language).to_dict()) == \
            json.dumps(_share_bars_in_altair(frame, labels=share_labels, height=height, language=language).to_dict())
    worth = pd.DataFrame({"label": ["Peak adoption (%)", "Discount rate (% a year)"], "value": [55_270.0, 8_138.0],
                          "low": [53_322.0, 0.0], "high": [57_218.0, 9_949.0], "text": ["€55.3k", "€8.1k"]})
    worth_labels = {"axis": "Value of knowing the input (€)", "input": "Input", "low": "Low end (95 %)",
                    "high": "High end (95 %)"}
    for frame, more in ((worth, {"currency": "EUR"}), (worth.head(1), {"height": 90}), (worth, {})):
        assert json.dumps(information_bars(frame, labels=worth_labels, language=language, **more).to_dict()) == \
            json.dumps(_information_bars_in_altair(frame, labels=worth_labels, language=language, **more).to_dict())


def _value_bars_in_altair(frame, *, labels, colours=None, highlight=None, height=260, value_format=",.0f",
                          horizontal=False, currency=None, language=None):
    """ui.charts.value_bars as it was built with Altair's objects (its reference, issue 21.5)."""
    import altair as alt

    from ui.charts import FONT, MONEY, _palette, _style, amount_axis, money_format

    tip = money_format(currency) if value_format == MONEY else value_format
    name_axis = alt.Axis(labelAngle=0, labelLimit=260) if not horizontal else alt.Axis(labelLimit=260)
    name = (alt.Y if horizontal else alt.X)("name:N", title=None, sort=list(frame["name"]), axis=name_axis)
    value = (alt.X if horizontal else alt.Y)("value:Q", title=labels["axis"], axis=amount_axis(language))
    base = alt.Chart(frame).encode(**{"y" if horizontal else "x": name})
    if colours:
        colour = alt.Color("name:N", scale=_palette(colours), legend=None)
    else:
        colour = alt.condition(alt.datum.name == (highlight or ""), alt.value("#E69F00"), alt.value("#0072B2"))
    bars = base.mark_bar(size=36 if horizontal else 60).encode(
        **{"x" if horizontal else "y": value}, color=colour,
        tooltip=[alt.Tooltip("name:N", title=labels["name"]), alt.Tooltip("value:Q", title=labels["axis"],
                                                                           format=tip)],
    )
    if horizontal:
        text = base.mark_text(align="left", dx=alt.expr("datum.value >= 0 ? 6 : -70"), fontSize=FONT,
                              fontWeight="bold").encode(x="value:Q", text="text:N")
        zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#333").encode(x="x:Q")
    else:
        text = base.mark_text(dy=alt.expr("datum.value >= 0 ? -10 : 12"), fontSize=FONT, fontWeight="bold").encode(
            y="value:Q", text="text:N")
        zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color="#333").encode(y="y:Q")
    return _style(alt.layer(bars, zero, text), height, language, currency)


@pytest.mark.parametrize("language", ["en", "it", "zh-Hant"])
def test_value_bars_spec_is_altairs_to_the_byte(language):
    """Issue 21.5: value_bars (the risk page's scenarios, the vendors' NPVs) is built as its spec; it must be the JSON
    Altair wrote, byte for byte, coloured by name or with a highlighted name (quotes in it), either way round."""
    from ui.charts import value_bars

    frame = pd.DataFrame({"name": ["Pessimistic", "Base", "O'Brien \"CRM\""], "value": [-120_000.0, 5.5, 9e6],
                          "text": ["-€120k", "€6", "€9M"]})
    labels = {"axis": "NPV (€)", "name": "Scenario"}
    for more in ({"colours": {"Pessimistic": "#D55E00", "Base": "#0072B2", "O'Brien \"CRM\"": "#009E73"},
                  "height": 280, "currency": "EUR"},
                 {"highlight": "O'Brien \"CRM\"", "horizontal": True},
                 {"highlight": None, "value_format": ".1%"},
                 {"highlight": "Base", "currency": "USD", "horizontal": False}):
        assert json.dumps(value_bars(frame, labels=labels, language=language, **more).to_dict()) == \
            json.dumps(_value_bars_in_altair(frame, labels=labels, language=language, **more).to_dict()), more


def _j_curve_in_altair(monthly, *, currency, labels, go_live_month=None, break_even_month=None,
                       series=("cumulative_net",), height=340, language=None, value_ticks=None, month_ticks=None):
    """ui.charts.j_curve as it was built with Altair's objects (its reference, issue 21.5)."""
    import altair as alt

    from ui.charts import FONT, OKABE_ITO, _axis, _style, _ticked, amount_axis, money_format

    tidy = monthly.melt(id_vars="month", value_vars=list(series), var_name="series", value_name="amount")
    tidy["series"] = tidy["series"].map(labels)
    names = [labels[s] for s in series]
    colours = alt.Scale(domain=names, range=OKABE_ITO[: len(names)])
    lines = alt.Chart(tidy).mark_line(strokeWidth=3).encode(
        x=alt.X("month:Q", title=labels["month"], scale=alt.Scale(nice=False), axis=_axis(month_ticks)),
        y=alt.Y("amount:Q", title=labels["amount"], axis=amount_axis(language, value_ticks),
                scale=_ticked(value_ticks)),
        color=alt.Color("series:N", title=labels["series"], scale=colours,
                        legend=alt.Legend(orient="bottom") if len(series) > 1 else None),
        tooltip=[alt.Tooltip("series:N", title=labels["series"]), alt.Tooltip("month:Q", title=labels["month"]),
                 alt.Tooltip("amount:Q", title=labels["amount"], format=money_format(currency))],
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#666", strokeDash=[2, 2]).encode(y="y:Q")
    layers = [zero, lines]
    marks = []
    if go_live_month is not None:
        marks.append({"month": go_live_month, "label": labels["go_live"], "colour": "#555555"})
    if break_even_month is not None:
        marks.append({"month": break_even_month, "label": labels["break_even"], "colour": "#009E73"})
    if marks:
        frame = pd.DataFrame(marks)
        rules = alt.Chart(frame).mark_rule(strokeWidth=2, strokeDash=[6, 4]).encode(
            x="month:Q", color=alt.Color("colour:N", scale=None),
            tooltip=[alt.Tooltip("label:N", title=labels["series"]), alt.Tooltip("month:Q", format=".1f",
                                                                                  title=labels["month"])])
        text = alt.Chart(frame).mark_text(align="left", dx=5, dy=-4, fontSize=FONT, fontWeight="bold",
                                          baseline="bottom").encode(
            x="month:Q", y=alt.value(20), text="label:N", color=alt.Color("colour:N", scale=None))
        layers += [rules, text]
    return _style(alt.layer(*layers), height, language, currency)


@pytest.mark.parametrize("language", ["en", "ro", "zh-Hans"])
def test_j_curve_spec_is_altairs_to_the_byte(language):
    """Issue 21.5: the J-curve (projections, summary, slides, the PDF) is built as its spec (ui.charts.Spec, still a
    top-level chart for the report); it must be the JSON Altair wrote, byte for byte: one or two series, go-live and
    break-even or either, a slide's ticks (numpy numbers among them), no currency."""
    import altair as alt
    import numpy as np

    monthly = monthly_table(project(sample_case()))
    both = ("cumulative_net", "cumulative_discounted_net")
    for more in ({"series": both, "go_live_month": 6, "break_even_month": 31.9, "currency": "EUR"},
                 {"go_live_month": 6, "currency": "EUR", "value_ticks": [-200_000.0, 0.0, np.float64(400_000.0)],
                  "month_ticks": [0, np.int64(12), 24], "height": 300},
                 {"break_even_month": 40.25, "currency": ""},
                 {"series": both, "currency": "USD"}):
        chart = j_curve(monthly, labels=LABELS, language=language, **more)
        assert isinstance(chart, alt.TopLevelMixin)
        assert json.dumps(chart.to_dict()) == json.dumps(_j_curve_in_altair(monthly, labels=LABELS, language=language,
                                                                            **more).to_dict()), more


def _tornado_in_altair(table, *, base, labels, height=400, currency=None, language=None, value_ticks=None):
    """ui.charts.tornado_chart as it was built with Altair's objects (its reference, issue 21.5)."""
    import altair as alt

    from ui.charts import _style, _ticked, amount_axis, money_format

    order = list(table["label"])
    long = pd.concat([
        table.assign(end=labels["low"], npv=table["npv_low"], value=table["low_text"]),
        table.assign(end=labels["high"], npv=table["npv_high"], value=table["high_text"]),
    ])[["label", "end", "npv", "value", "base_text"]].assign(base=base)
    bars = alt.Chart(long).mark_bar(size=18).encode(
        y=alt.Y("label:N", title=None, sort=order,
                axis=alt.Axis(labelLimit=alt.ExprRef("containerSize()[0] < 560 ? containerSize()[0] / 3 : 340"))),
        x=alt.X("base:Q", title=labels["axis"], axis=amount_axis(language, value_ticks), scale=_ticked(value_ticks)),
        x2="npv:Q",
        color=alt.Color("end:N", title=None, scale=alt.Scale(domain=[labels["low"], labels["high"]],
                                                             range=["#0072B2", "#E69F00"]),
                        legend=alt.Legend(orient="bottom", direction="vertical")),
        tooltip=[alt.Tooltip("label:N", title=labels["input"]), alt.Tooltip("end:N", title=labels["end"]),
                 alt.Tooltip("value:N", title=labels["value"]), alt.Tooltip("base_text:N", title=labels["case_value"]),
                 alt.Tooltip("npv:Q", title=labels["axis"], format=money_format(currency))],
    )
    rule = alt.Chart(pd.DataFrame({"x": [base]})).mark_rule(color="#333", strokeWidth=2).encode(x="x:Q")
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color="#D55E00", strokeDash=[6, 4]).encode(x="x:Q")
    return _style(alt.layer(bars, rule, zero), height, language, currency)


@pytest.mark.parametrize("language", ["en", "es", "zh-Hant"])
def test_tornado_spec_is_altairs_to_the_byte(language):
    """Issue 21.5: the tornado (the risk page, the risk slide) is built as its spec (ui.charts.Spec); it must be the
    JSON Altair wrote, byte for byte: the risk page's table, a slide's ticks (numpy numbers among them), no
    currency, a name with quotes."""
    import numpy as np

    from crm_case.risk import tornado
    from ui.charts import tornado_chart

    case = sample_case()
    table = tornado(case).head(6).assign(low_text="low 'x'", high_text='high "y"', base_text="base")
    labels = {"low": "Input at its low end", "high": "Input at its high end", "axis": "NPV (€)", "input": "Input",
              "end": "End", "value": "Value", "case_value": "Case value"}
    npv = evaluate(case).adjusted.npv
    for more in ({"currency": "EUR"}, {"value_ticks": [np.float64(-1e5), 0.0, 5e5], "height": 300},
                 {"currency": "UAH", "height": 240}):
        assert json.dumps(tornado_chart(table, base=npv, labels=labels, language=language, **more).to_dict()) == \
            json.dumps(_tornado_in_altair(table, base=npv, labels=labels, language=language, **more).to_dict()), more


_CELLS = {
    "float": st_.one_of(st_.none(), st_.floats(allow_nan=False, allow_infinity=False, width=64)),
    "int": st_.one_of(st_.none(), st_.integers(min_value=-(2**53), max_value=2**53)),
    "text": st_.one_of(st_.none(), st_.text(max_size=12)),
    "bool": st_.booleans(),
}


@st_.composite
def _chart_rows(draw):
    """A chart's table as Altair writes it (ui.charts._records): rows of the same keys, each column of one kind,
    a missing value None."""
    kinds = draw(st_.lists(st_.sampled_from(sorted(_CELLS)), min_size=1, max_size=5))
    count = draw(st_.integers(min_value=1, max_value=30))
    columns = {f"c{i}_{kind}": draw(st_.lists(_CELLS[kind], min_size=count, max_size=count))
               for i, kind in enumerate(kinds)}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


@settings(max_examples=150, deadline=None)
@given(_chart_rows())
def test_a_charts_table_reaches_the_browser_as_streamlits_own_conversion_would_send_it(rows):
    """ui.state._arrow_bytes (pyarrow straight from the rows, issue 21.5) reads back as the same table as
    Streamlit's conversion through a pandas frame: the same columns in the same order, the same values, None as a
    missing value either way."""
    import pyarrow as pa
    from streamlit import dataframe_util

    from ui.state import _arrow_bytes

    def read(data: bytes) -> pd.DataFrame:
        return pa.ipc.open_stream(data).read_all().to_pandas()

    ours, streamlits = read(_arrow_bytes(rows, dataframe_util)), read(
        dataframe_util.convert_anything_to_arrow_bytes(rows))
    assert list(ours.columns) == list(streamlits.columns)
    for name in ours.columns:
        mine, theirs = ours[name].tolist(), streamlits[name].tolist()
        assert [None if pd.isna(v) else v for v in mine] == [None if pd.isna(v) else v for v in theirs], name
