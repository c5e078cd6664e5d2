"""AppTest: the guided set-up. Every step renders on a blank case and on the sample; typing changes the case as
any edit does (validated, refused next to the field); the licence calculator and the TCO checklist write cost
lines; the step is kept when the user leaves the page and comes back."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import CostItem, apply_preset, blank_case, evaluate, with_value
from crm_case.setup_guide import STEPS
from tests.app.bound import bound
from ui.format import money, months, percent

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def open_setup(case=None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    if case is not None:
        at.session_state["case"] = case
    at.run()
    at.switch_page("pages/setup.py").run()
    assert not at.exception, at.exception
    return at


def go(at: AppTest, step: str) -> AppTest:
    at.button_group(key="setup-step").set_value(step).run()
    assert not at.exception, at.exception
    return at


def case_of(at: AppTest):
    return at.session_state["case"]


def field(at: AppTest, kind: str, path: str):
    return bound(at, kind, path)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("start", ["blank", "sample"])
def test_every_step_renders(start, step):
    at = go(open_setup(blank_case() if start == "blank" else None), step)
    assert at.title[0].value == "Guided set-up"
    assert at.button_group(key="setup-step").value == step
    if start == "blank":
        assert case_of(at) == blank_case()  # looking at a step changes nothing
        assert "setup-blank" not in [b.key for b in at.main.button]  # nothing to start over from
    else:
        assert at.button(key="setup-blank").label == "Start a blank case"


def test_a_blank_case_starts_at_the_first_step_and_the_sample_at_the_review():
    assert open_setup(blank_case()).button_group(key="setup-step").value == "company"
    assert open_setup().button_group(key="setup-step").value == "review"  # every step of the sample holds figures


def test_start_a_blank_case_from_the_sample():
    at = open_setup()
    at.button(key="setup-blank").click().run()
    assert case_of(at) == blank_case()
    assert at.button_group(key="setup-step").value == "company"
    assert not [b for b in at.main.button if b.key == "setup-blank"]  # a blank case is not offered again


def test_company_step_edits_the_frame():
    at = open_setup(blank_case())
    field(at, "text_input", "assumptions.name").input("Zürich AG").run()
    field(at, "text_input", "assumptions.currency").input("chf").run()
    field(at, "number_input", "assumptions.horizon_years").set_value(3).run()
    field(at, "number_input", "assumptions.discount_rate").set_value(8.0).run()
    a = case_of(at).assumptions
    assert (a.name, a.currency, a.horizon_years, a.discount_rate) == ("Zürich AG", "CHF", 3, 0.08)


def test_a_bad_currency_is_refused_next_to_the_field_and_the_case_kept():
    at = open_setup(blank_case())
    field(at, "text_input", "assumptions.currency").input("ZZZ").run()
    assert case_of(at).assumptions.currency == "EUR"
    assert any("Currency (ISO code)" in e.value and "ISO 4217" in e.value for e in at.main.error)


def test_crm_type_applies_its_preset_and_the_dip_is_typed():
    at = go(open_setup(blank_case()), "rollout")
    at.radio(key="setup-crm-type").set_value("analytical").run()
    assert case_of(at).rollout == apply_preset(blank_case(), "analytical").rollout
    field(at, "text_input", "rollout.dip_affected_staff").set_value("12").run()
    field(at, "text_input", "rollout.dip_monthly_output_per_person").set_value("6,000").run()
    assert (case_of(at).rollout.dip_affected_staff, case_of(at).rollout.dip_monthly_output_per_person) == (12, 6_000)
    # analytical preset: 2 % of output in the first month after go-live, one month: 12 x 6,000 x 0.02 = 1,440
    assert any("€1,440" in c.value for c in at.main.caption)


def test_licence_calculator_writes_the_cost_line():
    at = go(open_setup(blank_case()), "rollout")
    at.text_input(key="setup-users").set_value("20").run()
    assert case_of(at).costs == ()  # no price yet: nothing to write
    go(at, "costs")
    assert at.text_input(key="setup-users").value == "20"  # typed in step 2, kept for step 3
    at.text_input(key="setup-price").set_value("50").run()
    (line,) = case_of(at).costs
    assert line == CostItem(category="IT", name="CRM licences (20 users x 50 EUR a month)",
                            per_year=(12_000.0,) * 5)  # hand: 20 x 50 x 12, every year of the 5-year horizon
    assert any("**€12,000 a year**" in m.value for m in at.main.markdown)
    at.text_input(key="setup-users").set_value("25").run()  # the line follows a new number of users
    (line,) = case_of(at).costs
    assert (line.name, line.per_year[0]) == ("CRM licences (25 users x 50 EUR a month)", 15_000)  # 25 x 50 x 12


def test_tco_items_become_cost_lines():
    at = go(open_setup(blank_case(years=3)), "costs")
    assert at.text_input(key="setup-tco-initial:training").disabled  # not ticked: nothing to type
    at.checkbox(key="setup-tco-on:training").check().run()
    at.text_input(key="setup-tco-initial:training").set_value("15,000").run()
    at.text_input(key="setup-tco-per_year:training").set_value("2,000").run()
    at.checkbox(key="setup-tco-on:data_migration").check().run()
    at.text_input(key="setup-tco-initial:data_migration").set_value("25000").run()
    assert [(c.category.value, c.name, c.initial, c.per_year) for c in case_of(at).costs] == [
        ("People", "Training", 15_000, (2_000,) * 3), ("IT", "Data migration", 25_000, ())]
    at.checkbox(key="setup-tco-on:training").uncheck().run()
    assert [c.name for c in case_of(at).costs] == ["Data migration"]


def test_a_tco_line_with_amounts_varying_by_year_is_left_to_the_investment_page():
    at = go(open_setup(), "costs")  # the sample's change management: 20,000 in year 1 only
    assert at.checkbox(key="setup-tco-on:change_management").value
    assert at.text_input(key="setup-tco-initial:change_management").value == "35,000"  # README: Initial 35,000
    assert at.text_input(key="setup-tco-per_year:change_management").disabled
    assert any("differs from year to year" in c.value for c in at.main.caption)


def test_benefit_drivers_are_switched_on_and_typed_with_their_formula_and_ranges():
    at = go(open_setup(blank_case()), "benefits")
    assert not at.main.number_input and not at.main.text_input  # every driver off: switches, formulas, ranges
    assert any("campaign spend × share of waste removed" in c.value for c in at.main.caption)
    field(at, "toggle", "drivers.sales_productivity.enabled").set_value(True).run()
    field(at, "text_input", "drivers.sales_productivity.reps").set_value("40").run()
    field(at, "text_input", "drivers.sales_productivity.hours_saved_per_week").set_value("2.5").run()
    field(at, "text_input", "drivers.sales_productivity.loaded_hourly_cost").set_value("55").run()
    d = case_of(at).drivers.sales_productivity
    assert (d.enabled, d.reps, d.hours_saved_per_week, d.loaded_hourly_cost) == (True, 40, 2.5, 55)
    # drivers.py docstring: 40 reps x 2.5 h x 46 weeks x 55 an hour x 50 % = 126,500
    assert any("**€126,500 a year**" in m.value for m in at.main.markdown)
    captions = " ".join(c.value for c in at.main.caption)
    assert "Typical **25 % to 50 %**. Forrester TEI convention" in captions  # the selling-time share
    assert "Rule of thumb: 52 weeks less holidays" in captions


def test_review_shows_the_headline_figures_and_what_is_still_empty():
    case = with_value(blank_case(), "drivers.marketing_efficiency.enabled", True)
    case = with_value(case, "drivers.marketing_efficiency.campaign_spend", 100_000.0)
    case = with_value(case, "drivers.marketing_efficiency.waste_removed", 0.1)
    at = go(open_setup(case), "review")
    figures = evaluate(case).adjusted
    shown = {m.label: m.value for m in at.main.metric}
    assert shown == {"NPV": money(figures.npv, "EUR"), "ROI": percent(figures.roi.value, 0),
                     "Payback": months(figures.payback_months.value)}
    texts = " ".join(m.value for m in at.main.markdown)
    assert "No cost line yet" in texts and "Readiness not assessed" in texts and "No benefit yet" not in texts
    links = {link.label for link in at.main.get("page_link")}
    assert {"Executive summary", "Investment", "Readiness"} <= links


def test_review_of_a_blank_case_shows_no_figures():
    at = go(open_setup(blank_case()), "review")
    assert not at.main.metric
    assert any("No figures yet" in i.value for i in at.main.info)


def test_leaving_and_coming_back_keeps_the_step():
    at = go(open_setup(blank_case()), "benefits")
    at.switch_page("pages/summary.py").run()
    at.switch_page("pages/investment_costs.py").run()
    at.switch_page("pages/setup.py").run()
    assert at.button_group(key="setup-step").value == "benefits"
    at.button(key="setup-next").click().run()
    assert at.button_group(key="setup-step").value == "review"
    at.button(key="setup-back").click().run()
    assert at.button_group(key="setup-step").value == "benefits"


def test_a_click_on_the_current_step_keeps_it():
    at = go(open_setup(blank_case()), "costs")
    at.button_group(key="setup-step").set_value(None).run()  # a segmented control unselects on a second click
    assert at.button_group(key="setup-step").value == "costs"


def test_a_case_of_one_s_own_is_reviewed_and_a_blank_one_still_offered():
    case = with_value(with_value(blank_case(), "drivers.retention.enabled", True), "assumptions.name", "Zürich AG")
    at = open_setup(case)
    assert not any("sample company's figures" in m.value for m in at.main.markdown)  # no note: it is the user's
    assert at.button(key="setup-blank").label == "Start a blank case"
    assert at.button_group(key="setup-step").value == "rollout"  # named, a driver on: the users are next
