"""AppTest: every page renders; edits change the figures exactly as the engine computes; nothing is lost
on a page switch; invalid edits are refused next to the widget and the case keeps its last valid value."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import Case, CostItem, apply_preset, case_from_dict, evaluate, sample_case, with_value
from tests.app.bound import bound
from ui.format import chance, money, months, percent, unbroken

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = ["pages/summary.py", "pages/investment_costs.py", "pages/benefit_drivers.py", "pages/cash_projections.py",
         "pages/delay.py", "pages/advantages_vs_disadvantages.py", "pages/readiness.py", "pages/data.py",
         "pages/risk.py", "pages/vendors.py",
         "pages/customers.py", "pages/objectives_and_metrics.py", "pages/library.py", "pages/report.py",
         "pages/present.py"]


def open_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


FIRST_NAME = re.compile(r"^Acme Industrial Supplies · \d{4}-\d{2}-\d{2} \d{2}:\d{2}$")


def as_saved(at: AppTest, expected: Case) -> Case:
    """``expected`` under the name the session's case took at its first save: a case started from the sample is
    saved under the sample company's name with the date and time (so the library holds no twins)."""
    name = at.session_state["case"].assumptions.name
    assert FIRST_NAME.match(name), name
    return with_value(expected, "assumptions.name", name)


def sidebar_npv(at: AppTest) -> str:
    return at.sidebar.metric[0].value


def widget(at: AppTest, kind: str, path: str):
    return bound(at, kind, path)


# Every page renders, in English and in every other language, with a title and the sidebar's figures:
# tests/app/test_languages.py (test_every_page_renders_in_every_language).


def test_summary_headline_figures():
    at = open_app()
    expected = evaluate(sample_case())
    values = {m.label: m.value for m in at.main.metric}
    # a card's figure is one unbreakable word (ui.format.unbroken: no-break spaces, no sign wrapped away)
    assert values["NPV"] == unbroken(money(expected.adjusted.npv, "EUR"))
    assert values["ROI"] == unbroken(percent(expected.adjusted.roi.value, 0)) == "52\u00a0%"
    assert values["IRR"] == unbroken(percent(expected.adjusted.irr.value))
    assert values["Payback"] == unbroken(months(expected.adjusted.payback_months.value))
    assert "unadjusted " + money(expected.unadjusted.npv, "EUR") in [str(m.delta) for m in at.main.metric]
    verdict = at.info[0].value
    # the engine's figures for the sample at its 10 % discount rate ("Pays back in 32 months; 5-year NPV €556.8k");
    # the NPV itself is checked against LibreOffice's recalculation (tests/functional/test_libreoffice.py)
    payback, npv = expected.adjusted.payback_months.value, money(expected.adjusted.npv, "EUR", compact=True)
    assert verdict.startswith(f"Pays back in {payback:.0f} months; 5-year NPV {npv} at 10 %")
    assert "customer retention" in verdict


def test_driver_change_moves_figures_exactly():
    at = open_app("pages/benefit_drivers.py")
    widget(at, "text_input", "drivers.retention.customers").set_value("3,000").run()
    expected = evaluate(with_value(sample_case(), "drivers.retention.customers", 3000.0)).adjusted
    assert sidebar_npv(at) == money(expected.npv, "EUR", compact=True)
    at.switch_page("pages/summary.py").run()
    assert at.main.metric[0].value == money(expected.npv, "EUR")


def test_percent_widget_edits_a_fraction():
    at = open_app("pages/benefit_drivers.py")
    widget(at, "number_input", "drivers.retention.churn_after").set_value(9.0).run()
    case = at.session_state["case"]
    assert case.drivers.retention.churn_after == pytest.approx(0.09)


def test_discount_rate_and_horizon():
    at = open_app("pages/cash_projections.py")
    widget(at, "slider", "assumptions.discount_rate").set_value(15.0).run()
    widget(at, "slider", "assumptions.horizon_years").set_value(3).run()
    case = sample_case()
    case = with_value(with_value(case, "assumptions.discount_rate", 0.15), "assumptions.horizon_years", 3)
    expected = evaluate(case).adjusted
    assert at.main.metric[0].value == money(expected.npv, "EUR")
    assert sidebar_npv(at) == money(expected.npv, "EUR", compact=True)


def test_the_monthly_table_is_built_only_while_its_expander_is_open():
    """The monthly table (12 rows a year, some 20 columns) is neither built nor sent on a change while its expander
    is closed; opened (a rerun), it shows month 0 and every month of the horizon (1 + 12 x 5 = 61 rows) with the
    cumulative net of the engine's monthly table (crm_case.cashflow.monthly_table)."""
    from crm_case.cashflow import monthly_table

    at = open_app("pages/cash_projections.py")
    assert [e.label for e in at.main.expander] == ["Monthly cash flows", "How is this computed?"]
    shown = len(at.main.dataframe)  # the TEI table
    at.session_state["projections-monthly-open"] = True  # pages/cash_projections.py MONTHLY_OPEN, as a click does
    at.run()
    assert not at.exception
    assert len(at.main.dataframe) == shown + 1
    table = at.main.dataframe[-1].value
    expected = monthly_table(evaluate(sample_case()).projection, risk_adjusted=True)
    assert len(table) == len(expected) == 61
    assert table["Cumulative net"].round(6).tolist() == expected["cumulative_net"].round(6).tolist()
    at.session_state["projections-monthly-open"] = False
    at.run()
    assert len(at.main.dataframe) == shown


def test_values_survive_a_page_switch():
    at = open_app("pages/benefit_drivers.py")
    widget(at, "text_input", "drivers.sales_productivity.reps").set_value("55").run()
    widget(at, "toggle", "drivers.win_rate.enabled").set_value(False).run()
    for page in ("pages/summary.py", "pages/cash_projections.py", "pages/benefit_drivers.py"):
        at.switch_page(page).run()
    assert widget(at, "text_input", "drivers.sales_productivity.reps").value == "55"
    assert widget(at, "toggle", "drivers.win_rate.enabled").value is False


def test_view_toggle_survives_a_page_switch():
    at = open_app("pages/cash_projections.py")
    at.toggle(key="view-widget:risk_adjusted").set_value(False).run()
    expected = evaluate(sample_case()).unadjusted
    assert at.main.metric[0].value == money(expected.npv, "EUR")
    at.switch_page("pages/summary.py").run()
    at.switch_page("pages/cash_projections.py").run()
    assert at.toggle(key="view-widget:risk_adjusted").value is False


@pytest.mark.parametrize(
    ("kind", "path", "value", "message"),
    [
        ("text_input", "assumptions.currency", "XYZ", "must be an ISO 4217 currency code"),
        ("text_input", "assumptions.name", "   ", "must not be blank"),
    ],
)
def test_invalid_edit_is_refused_next_to_the_widget(kind, path, value, message):
    at = open_app("pages/cash_projections.py")
    before = at.session_state["case"]
    widget(at, kind, path).set_value(value).run()
    assert not at.exception
    assert at.session_state["case"] == before
    errors = [e.value for e in at.error]
    assert any(message in e and "previous value is kept" in e for e in errors), errors
    assert widget(at, kind, path).value == _value_at(before, path)  # the last valid value is shown again


def _value_at(case, path):
    section, field = path.split(".")
    return getattr(getattr(case, section), field)


def test_preset_changes_rollout():
    at = open_app("pages/benefit_drivers.py")
    at.selectbox(key="preset").set_value("analytical").run()
    expected = apply_preset(sample_case(), "analytical")
    assert at.session_state["case"] == as_saved(at, expected)
    assert widget(at, "number_input", "rollout.months_to_go_live").value == 3
    assert sidebar_npv(at) == money(evaluate(expected).adjusted.npv, "EUR", compact=True)


def test_hidden_costs_are_suggested_and_added():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["case"] = Case(costs=(CostItem(category="IT", name="Licences", per_year=(1000,)),))
    at.run()
    at.switch_page("pages/investment_costs.py").run()
    labels = [b.label for b in at.button]
    assert "Add \u201cTraining\u201d" in labels and "Add \u201cChange management\u201d" in labels
    at.button(key="hidden:training").click().run()
    names = [c.name for c in at.session_state["case"].costs]
    assert names == ["Licences", "Training"]
    assert "Add \u201cTraining\u201d" not in [b.label for b in at.button]


def test_tco_table_follows_the_case():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["case"] = with_value(sample_case(), "costs.1.initial", 200_000.0)
    at.run()
    at.switch_page("pages/investment_costs.py").run()
    tco = at.dataframe[1].value  # [0] is the cost editor
    it_initial = tco[tco.iloc[:, 0] == "IT"]["Initial"].iloc[0]
    assert it_initial == pytest.approx(200_000 * 1.15 + 40_000 * 1.20)  # implementation + data migration, risk-adjusted


def test_data_page_offers_both_downloads_and_an_upload():
    at = open_app("pages/data.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download the template", "Download the case (.xlsx)"]
    assert at.title[0].value == "Excel in and out"
    assert at.session_state["case"] == sample_case()  # nothing changes until a workbook is applied


def test_delay_slider_moves_the_headline_exactly():
    from crm_case import analyse_delay

    at = open_app("pages/delay.py")
    widget(at, "slider", "delay.delay_months").set_value(12).run()
    case = with_value(sample_case(), "delay.delay_months", 12)
    analysis = analyse_delay(case)
    headline = at.markdown[0].value
    assert headline == (f"### Each month of delay costs {money(analysis.per_month(12), 'EUR')} "
                        f"({money(analysis.per_week(12), 'EUR')} per week)")
    assert at.main.metric[0].value == money(analysis.total(12), "EUR")
    at.switch_page("pages/summary.py").run()
    delay_metric = next(m for m in at.main.metric if m.label == "Cost of delay")
    assert delay_metric.value == money(analysis.per_month(12), "EUR")


def test_delay_driver_input_changes_the_cost():
    from crm_case import analyse_delay

    at = open_app("pages/delay.py")
    widget(at, "text_input", "delay.customers_lost_per_month").set_value("5").run()
    case = with_value(sample_case(), "delay.customers_lost_per_month", 5.0)
    assert at.main.metric[0].value == money(analyse_delay(case).total(6), "EUR")


def test_scoring_page_shows_the_weighted_verdict():
    from crm_case.scoring import score

    at = open_app("pages/advantages_vs_disadvantages.py")
    result = score(sample_case().scoring)
    assert at.markdown[0].value == f"## Advantages outweigh disadvantages by {result.margin:.1f} points out of 10"
    assert [m.value for m in at.main.metric] == [f"{result.advantages:.2f}", f"{result.disadvantages:.2f}",
                                                 f"{result.net:+.2f}"]


def test_turning_votes_off_uses_the_criteria_scores():
    from crm_case.scoring import score

    at = open_app("pages/advantages_vs_disadvantages.py")
    widget(at, "toggle", "scoring.use_votes").set_value(False).run()
    expected = score(sample_case().scoring.model_copy(update={"use_votes": False}))
    assert at.main.metric[2].value == f"{expected.net:+.2f}"
    at.switch_page("pages/summary.py").run()
    verdict = next(m for m in at.main.metric if m.label == "Weighted verdict")
    assert (verdict.value, verdict.delta) == (f"+{expected.margin:.1f} pts", "advantages outweigh")


def test_readiness_slider_and_apply():
    from crm_case.scoring import apply_readiness, readiness

    at = open_app("pages/readiness.py")
    widget(at, "slider", "readiness.scores.data_quality").set_value(4).run()
    case = with_value(sample_case(), "readiness.scores.data_quality", 4)
    assert at.main.metric[0].value == f"{readiness(case).index:.0f} / 100"
    at.button(key="apply-readiness").click().run()
    assert at.session_state["case"] == as_saved(at, apply_readiness(case))
    assert at.button(key="apply-readiness").disabled  # applied once, not twice
    assert sidebar_npv(at) == money(evaluate(apply_readiness(case)).adjusted.npv, "EUR", compact=True)


def test_risk_page_shows_probability_and_scenarios():
    from crm_case.risk import monte_carlo, scenarios

    at = open_app("pages/risk.py")
    mc = monte_carlo(sample_case())
    values = {m.label: m.value for m in at.main.metric}
    assert values["P(NPV > 0)"] == unbroken(chance(mc.probability_positive))  # a card's figure: one word
    q = mc.quantiles().set_index("metric").loc["npv"]
    assert values["NPV, P10"] == unbroken(money(q["p10"], "EUR"))
    assert values["NPV, P90"] == unbroken(money(q["p90"], "EUR"))
    assert at.markdown[0].value.startswith(f"## {chance(mc.probability_positive)} chance the NPV is positive; "
                                           "it hinges on peak adoption")
    pessimistic = scenarios(sample_case()).figures().set_index("scenario").loc["pessimistic", "npv"]
    assert money(pessimistic, "EUR") in at.table[0].value.to_numpy().ravel().tolist()  # the scenarios' figures
    assert any("NPV falls to zero with **peak adoption** down from 85.0 % to" in m.value for m in at.markdown)
    summary = at.switch_page("pages/summary.py").run()
    assert [m.value for m in summary.main.metric if m.label == "P(NPV > 0)"] == [chance(mc.probability_positive)]


def test_risk_ranges_and_seed_edit_the_case():
    at = open_app("pages/risk.py")
    widget(at, "number_input", "risk.seed").set_value(8).run()
    assert at.session_state["case"].risk.seed == 8
    assert widget(at, "text_input", "risk.runs").value == "10,000"  # grouped as a finance user writes it
    widget(at, "text_input", "risk.runs").input("2,000").run()
    assert at.session_state["case"].risk.runs == 2_000
    assert at.main.metric[0].help.startswith("Share of the 2,000 Monte Carlo runs")
    widget(at, "text_input", "risk.runs").input("2,000.5").run()  # no half run: refused under the input, case kept
    assert at.session_state["case"].risk.runs == 2_000 and at.main.error


def test_vendor_button_makes_the_offer_the_case_vendor():
    from crm_case.vendors import with_offer

    at = open_app("pages/vendors.py")
    assert at.main.metric[0].value == money(566_071.927101, "EUR")
    at.button(key="use-vendor:Lean cloud (vendor B)").click().run()
    expected = with_offer(sample_case(), "Lean cloud (vendor B)")
    assert at.session_state["case"] == as_saved(at, expected)
    assert at.success[0].value.startswith("The case now uses Lean cloud (vendor B)")
    assert at.button(key="use-vendor:Lean cloud (vendor B)").disabled
    assert sidebar_npv(at) == money(evaluate(expected).adjusted.npv, "EUR", compact=True)


def test_vendor_replaced_items_are_editable():
    at = open_app("pages/vendors.py")
    widget(at, "multiselect", "vendors.replaces").set_value(["Change management"]).run()
    assert at.session_state["case"].vendors.replaces == ("Change management",)


def test_vendor_offers_are_a_names_list_and_a_figures_table_with_a_column_per_offer():
    """The offers at 1024 px without sideways scrolling (issue 22): the names in a list of their own (rename, add,
    remove), the figures transposed: a row per field with its unit, a column per offer, amounts with thousands
    separators (the grid's localized format)."""
    at = open_app("pages/vendors.py")
    offers = sample_case().vendors.offers
    names, figures = at.data_editor
    assert list(names.value["name"]) == [o.name for o in offers]
    assert figures.editing_mode == "fixed" and names.editing_mode == "dynamic"
    frame = figures.value
    assert list(frame.columns) == ["field", "o0", "o1", "o2"]
    assert list(frame["field"])[:3] == ["Licence per user a month (€)", "Users", "Implementation fee (€)"]
    fee = frame.set_index("field").loc["Implementation fee (€)"]
    assert list(fee) == [o.implementation_fee for o in offers]
    adoption = frame.set_index("field").loc["Expected adoption (%)"]  # shares in per cent
    assert list(adoption) == [round(o.expected_adoption * 100, 6) for o in offers]
    configs = {c.get("label"): c for c in json.loads(figures.proto.columns).values()}
    assert all(configs[o.name]["type_config"]["format"] == "localized" for o in offers), configs


def test_votes_table_pins_the_participant_and_keeps_every_criterion():
    at = open_app("pages/advantages_vs_disadvantages.py")
    votes = next(e for e in at.data_editor if e.key and e.key.startswith("editor:votes:"))
    criteria = sample_case().scoring.criteria
    assert list(votes.value.columns) == ["participant", *[f"c{i}" for i in range(len(criteria))]]
    configs = json.loads(votes.proto.columns)
    assert configs["participant"]["pinned"] is True
    assert all(configs[f"c{i}"]["width"] <= 130 for i in range(len(criteria))), configs


def test_customer_page_on_the_sample_base():
    import datetime as dt

    from crm_case.customers import HEADERS, concentration, synthetic_customers, with_derived

    at = open_app("pages/customers.py")
    before, _ = synthetic_customers(today=dt.date.today())
    share = concentration(with_derived(before.rename(columns={v: k for k, v in HEADERS.items()}))).top_profit_share
    # each figure one unbreakable word (no "86" at a line's end and "%" on the next)
    shown = percent(share.value, 0).replace(" ", "\u00a0")
    headline = f"## The top 20\u00a0% of customers bring {shown} of the profit"
    assert headline in [m.value for m in at.markdown]
    assert any("Did mid-tier customers grow? Yes." in m.value for m in at.markdown)
    assert any("Did customers we were willing to lose become profitable? Yes." in m.value for m in at.markdown)
    case = at.session_state["case"]
    assert case.customers.summary["customers"] == 2_000  # the aggregates go to the Excel export
    # lifetime value: a static table, a row per figure and a column per segment (it wraps at 1024 px)
    [clv] = [tb.value for tb in at.table if any(str(i).startswith("CLV") for i in tb.value.index)]
    assert list(clv.columns) == [s.name for s in case.customers.segments]
    from crm_case.customers import clv_table
    expected = clv_table(case.customers.segments, case.assumptions.discount_rate)
    assert list(clv.iloc[0]) == [money(v, "EUR") for v in expected["clv"]]


def test_customer_data_feeds_the_retention_driver_in_one_click():
    at = open_app("pages/customers.py")
    # the sample's customer file holds the retention driver's 2,000 customers at its 6,000 mean margin (issue 22:
    # one consistent sample, tests/unit/test_sample_consistency.py): nothing to carry over until the driver differs
    assert at.button(key="customers-to-retention").disabled
    at.switch_page("pages/benefit_drivers.py").run()
    widget(at, "text_input", "drivers.retention.customers").set_value("3,000").run()
    at.switch_page("pages/customers.py").run()
    at.button(key="customers-to-retention").click().run()
    retention = at.session_state["case"].drivers.retention
    assert retention.enabled and (retention.customers, retention.annual_margin_per_customer) == (2_000, 6_000)
    # -> €556,781: back to the sample's risk-adjusted NPV (556,781.19), computed by hand from the sample's inputs in
    # tests/unit/test_excel.py sample_npv_by_hand() and equal to LibreOffice's recalculation of the exported workbook
    # (tests/functional/test_libreoffice.py)
    assert at.success[0].value.startswith("The retention driver now uses this data: NPV ")
    assert at.success[0].value.endswith("-> €556,781.")
    assert at.button(key="customers-to-retention").disabled
    expected = evaluate(at.session_state["case"]).adjusted.npv
    assert sidebar_npv(at) == money(expected, "EUR", compact=True)


def test_segments_from_the_data_and_top_share():
    at = open_app("pages/customers.py")
    at.button(key="segments-from-data").click().run()
    segments = at.session_state["case"].customers.segments
    assert [s.name for s in segments] == ["Enterprise", "Mid-market", "Small business"]
    assert sum(s.customers for s in segments) == 2_000
    assert segments[0].acquisition_cost == 30_000  # kept from the segment of the same name
    widget(at, "slider", "customers.top_share").set_value(30).run()
    assert at.session_state["case"].customers.top_share == 0.3
    assert at.session_state["case"].customers.summary["top_share"] == 0.3  # the aggregates follow
    assert any(m.value.startswith("## The top 30\u00a0% of customers bring") for m in at.markdown)


def test_goals_page_tracks_the_example_actuals():
    from crm_case.goals import example_actuals, merge_actuals, reforecast, scorecard

    at = open_app("pages/objectives_and_metrics.py")
    assert any("No actuals yet" in i.value for i in at.info)
    at.button(key="goals-example").click().run()
    case = merge_actuals(sample_case(), example_actuals(sample_case()))
    assert at.session_state["case"] == as_saved(at, case)
    card = scorecard(case)
    values = {m.label: m.value for m in at.main.metric}
    for status, label in (("on_track", ":green[●] On track"), ("at_risk", ":orange[●] At risk"),
                          ("off_track", ":red[●] Off track")):
        assert values[label] == str(int((card["status"] == status).sum()))
    assert values["NPV as tracking"] == money(evaluate(reforecast(case)[0]).adjusted.npv, "EUR")
    # a corrective action on an off-track metric is kept in the case
    behind = card[card["status"] == "off_track"]["metric"].iloc[0]
    at.text_area(key=f"goals-action:{behind}").input("Weekly coaching on qualification").run()
    assert at.session_state["case"].goals.actions == {behind: "Weekly coaching on qualification"}


def test_a_failing_page_is_a_message_and_the_rest_works(monkeypatch):
    """The last resort (app.py): whatever a page raises becomes a message without details; the sidebar, the
    other pages and the case are untouched."""
    import ui.charts

    monkeypatch.delenv("CRM_CASE_DEBUG")

    def broken(*args, **kwargs):
        raise ValueError("a secret detail")

    monkeypatch.setattr(ui.charts, "flip_chart", broken)
    at = open_app("pages/advantages_vs_disadvantages.py")
    message = " ".join(e.value for e in at.error)
    assert "This page could not be shown (ValueError)" in message and "secret" not in message
    assert at.session_state["case"] == sample_case()
    assert sidebar_npv(at) == money(evaluate(sample_case()).adjusted.npv, "EUR", compact=True)
    at.switch_page("pages/summary.py").run()
    assert not at.error and not at.exception


def test_a_huge_number_is_refused_by_name_and_the_case_kept():
    at = open_app("pages/benefit_drivers.py")
    widget(at, "text_input", "drivers.retention.customers").set_value("100,000,000,000,000,000,000,000,000").run()
    assert not at.exception
    assert any("at most 1,000,000,000,000" in e.value for e in at.error)
    assert at.session_state["case"] == sample_case()


@pytest.mark.parametrize(("page", "path", "value"), [
    ("pages/cash_projections.py", "assumptions.discount_rate", 0.55),  # the slider stops at 50 %
    ("pages/benefit_drivers.py", "drivers.retention.risk_adjustment", 0.95),  # the slider stops at 90 %
    ("pages/customers.py", "customers.top_share", 0.01),  # the slider starts at 5 %
])
def test_a_value_beyond_a_sliders_range_widens_it(page, path, value):
    """The model allows more than a slider's usual range (a workbook or JSON can bring such a value)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["case"] = with_value(sample_case(), path, value)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception


def test_advantages_page_without_criteria_says_what_to_do():
    data = sample_case().model_dump(mode="json")
    data["scoring"] |= {"criteria": [], "participants": []}
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["case"] = case_from_dict(data)
    at.run()
    at.switch_page("pages/advantages_vs_disadvantages.py").run()
    assert not at.exception, at.exception
    assert any("No criteria yet" in i.value for i in at.info)


def test_break_even_of_a_rate_moves_in_points():
    """10 % -> 36.5 % is "+26.5 points", not "+265 %" (a relative change of a rate reads as nonsense)."""
    from crm_case.risk import break_even

    at = open_app("pages/risk.py")
    even = break_even(sample_case(), risk_adjusted=True).set_index("path")
    rate = even.loc["assumptions.discount_rate"]
    text = " ".join(m.value for m in at.markdown)
    expected = f"up from 10.0 % to **{percent(rate.value)}** (+{(rate.value - 0.10) * 100:.1f} points)"
    assert expected in text


def test_loss_making_customers_in_the_retention_driver_is_a_message_not_a_broken_page():
    """Issue 16.6: a customer file of loss-makers, then "Use ... in the retention driver", showed "This page could not
    be shown (CrmCaseError)". Now the page says why (no profit to retain) and the driver is left as it was."""
    at = open_app("pages/customers.py")
    data = at.session_state["customers:data"]
    losing = data["before"].assign(profit=-abs(data["before"]["profit"]) - 1.0)
    at.session_state["customers:data"] = data | {"before": losing, "version": data["version"] + 1}
    at.run()
    retention_before = at.session_state["case"].drivers.retention
    at.button(key="customers-to-retention").click().run()
    assert not at.exception
    assert any("no profit to retain" in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["case"].drivers.retention == retention_before
