"""AppTest: a user's own case. Every page works on a blank case and says what to enter first; parts still holding
the sample's values are named with a one-click clear; a new case is started from the sidebar or the library."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import blank_case, sample_case
from tests.app.bound import bound

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PAGES = ["pages/summary.py", "pages/setup.py", "pages/investment_costs.py", "pages/benefit_drivers.py",
         "pages/customers.py", "pages/objectives_and_metrics.py", "pages/cash_projections.py", "pages/delay.py",
         "pages/risk.py", "pages/advantages_vs_disadvantages.py",
         "pages/readiness.py", "pages/vendors.py", "pages/data.py", "pages/library.py", "pages/report.py",
         "pages/present.py"]


def open_blank(page: str | None = None, **frame) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["case"] = blank_case(**frame)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_on_a_blank_case(page):
    at = open_blank(page)
    assert not at.exception
    assert at.title[0].value
    assert at.session_state["case"] == blank_case()


@pytest.mark.parametrize(("page", "says"), [
    ("pages/summary.py", "This case is empty"),
    ("pages/investment_costs.py", "Start here"),
    ("pages/benefit_drivers.py", "No benefit yet"),
    ("pages/objectives_and_metrics.py", "No objective yet"),
    ("pages/cash_projections.py", "Nothing to analyse yet"),
    ("pages/delay.py", "Nothing costs anything to wait for yet"),
    ("pages/risk.py", "Nothing to analyse yet"),
    ("pages/advantages_vs_disadvantages.py", "criteria"),
    ("pages/readiness.py", "Readiness has not been assessed"),
    ("pages/vendors.py", "No offers yet"),
    ("pages/customers.py", "No customer data yet"),
    ("pages/report.py", "Nothing to analyse yet"),
    ("pages/present.py", "Nothing to analyse yet"),
])
def test_every_page_of_a_blank_case_says_what_to_enter_first(page, says):
    at = open_blank(page)
    texts = [m.value for m in at.main.markdown] + [i.value for i in at.main.info]
    assert any(says in text for text in texts), texts


@pytest.mark.parametrize("page", ["pages/cash_projections.py", "pages/risk.py", "pages/report.py", "pages/present.py",
                                  "pages/investment_costs.py", "pages/benefit_drivers.py", "pages/delay.py",
                                  "pages/objectives_and_metrics.py", "pages/advantages_vs_disadvantages.py",
                                  "pages/customers.py"])
def test_an_analysis_of_nothing_shows_no_figure(page):
    # regression (walkthrough): a blank case showed "TCO CHF0", "Each month of delay costs CHF0", "0 on track",
    # "balance exactly" over 0.00, and flat charts of zeros
    at = open_blank(page)
    assert not at.main.metric and not at.main.get("vega_lite_chart")
    assert not [d for d in at.main.dataframe if len(d.value)]  # an empty table to type into is fine


def test_an_empty_case_says_what_to_enter_first_and_shows_no_figures():
    at = open_blank("pages/summary.py")
    assert not at.main.metric  # no NPV of nothing, no ROI of nothing
    assert any("This case is empty" in m.value for m in at.main.markdown)
    links = {link.label for link in at.main.get("page_link")}
    assert {"Guided set-up", "Enter costs", "Choose benefits"} <= links
    assert not at.sidebar.metric  # no NPV, ROI or payback of nothing in the sidebar either
    assert any("An empty case" in c.value for c in at.sidebar.caption)


def test_readiness_of_a_blank_case_is_not_assessed_until_started():
    at = open_blank("pages/readiness.py")
    assert any("Readiness has not been assessed" in m.value for m in at.main.markdown)
    assert not at.main.slider
    at.button(key="readiness-start").click().run()
    assert at.session_state["case"].readiness.scores == dict.fromkeys(at.session_state["case"].readiness.weights, 3)
    assert at.main.metric[0].value == "50 / 100"  # hand: every area at 3 -> 100 x (3 - 1) / 4


@pytest.mark.parametrize(("page", "part", "note"), [
    ("pages/benefit_drivers.py", "drivers", "benefit drivers"),
    ("pages/investment_costs.py", "costs", "cost lines"),
    ("pages/delay.py", "delay", "cost-of-delay inputs"),
    ("pages/advantages_vs_disadvantages.py", "scoring", "advantages, disadvantages and workshop votes"),
    ("pages/readiness.py", "readiness", "readiness scores"),
    ("pages/customers.py", "customers", "customer segments"),
    ("pages/objectives_and_metrics.py", "goals", "objectives, metrics and actuals"),
    ("pages/vendors.py", "vendors", "vendor offers"),
])
def test_a_part_still_holding_the_sample_says_so_and_clears_in_one_click(page, part, note):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page).run()
    assert any(note in m.value and "still the sample company's values" in m.value for m in at.main.markdown)
    assert note in at.sidebar.caption[-1].value  # the sidebar names every part still the sample's
    at.button(key=f"clear-sample-{part}").click().run()
    assert not at.exception
    from crm_case import sample_parts

    assert part not in sample_parts(at.session_state["case"])
    assert not any(note in m.value and "still the sample" in m.value for m in at.main.markdown)


def opened_new_case(at: AppTest) -> AppTest:
    """The sidebar's "New case" popover opened, as a click on it does: its form is drawn only while it is open."""
    assert "sidebar-new-name" not in [w.key for w in at.sidebar.text_input]  # closed: not drawn, no run's cost
    at.session_state["sidebar-new-open"] = True  # app.NEW_CASE_OPEN
    at.run()
    assert "sidebar-new-name" in [w.key for w in at.sidebar.text_input]
    return at


def test_a_blank_case_started_from_the_sidebar_is_a_library_case_of_its_own():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    opened_new_case(at)
    at.sidebar.text_input(key="sidebar-new-name").input("Zürich AG CRM")
    at.sidebar.text_input(key="sidebar-new-currency").input("chf")
    at.sidebar.number_input(key="sidebar-new-years").set_value(4)
    at.sidebar.number_input(key="sidebar-new-rate").set_value(8.0)
    at.sidebar.button[0].click()  # the form's submit button
    at.run()
    case = at.session_state["case"]
    assert case == blank_case(name="Zürich AG CRM", currency="CHF", years=4, rate=0.08,
                              start=case.assumptions.start_date)
    saved_as = at.session_state["library:link"].case_id
    assert saved_as  # saved at once, under its own name
    assert at.query_params["case"] in (saved_as, [saved_as])


def test_a_refused_frame_keeps_the_current_case():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    opened_new_case(at)
    at.sidebar.text_input(key="sidebar-new-currency").input("ZZZ")
    at.sidebar.button[0].click()
    at.run()
    assert at.session_state["case"] == sample_case()
    assert "ISO 4217" in at.sidebar.error[0].value


def test_a_case_started_from_the_sample_has_a_name_of_its_own():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    opened_new_case(at)
    at.sidebar.button(key="sidebar-new-sample").click().run()
    name = at.session_state["case"].assumptions.name
    assert name.startswith("Acme Industrial Supplies · 20"), name


def test_the_first_save_of_the_sample_asks_for_a_name():
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert "name-ask" not in [w.key for w in at.sidebar.text_input]  # nothing saved yet, nothing to name
    at.switch_page("pages/benefit_drivers.py").run()
    bound(at, "text_input", "drivers.sales_productivity.reps").set_value("41").run()
    default = at.session_state["case"].assumptions.name
    assert default.startswith("Acme Industrial Supplies · 20")  # no twin of the sample's name in the library
    at.sidebar.text_input(key="name-ask").input("Board case 2027").run()
    assert at.session_state["case"].assumptions.name == "Board case 2027"
    assert "name-ask" not in [w.key for w in at.sidebar.text_input]  # asked once


@pytest.mark.parametrize("page", ["pages/summary.py", "pages/cash_projections.py"])
def test_an_ambiguous_irr_is_said_with_its_rates_and_mirr(page):
    from tests.unit.test_export_irr import two_irr_case

    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["case"] = two_irr_case()
    at.run()
    at.switch_page(page).run()
    warning = next(w.value for w in at.main.warning if "IRR is ambiguous" in w.value)
    assert "2.0 %, 15.0 %" in warning  # hand-built: (y - 1.02)(y - 1.15), see tests/unit/test_export_irr.py
    assert "MIRR" in warning
