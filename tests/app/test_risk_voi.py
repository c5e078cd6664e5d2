"""AppTest: the Risk page's value of information (the EVPI sentence, the EVPPI chart and sentences) and the pilot
(described in a form, saved in the case, compared with the other courses of action, removed), each figure as
crm_case.voi computes it, formatted as the page formats it."""

import json

from crm_case import sample_case, with_values
from crm_case.risk import monte_carlo
from crm_case.voi import PATHS, evpi, evppi_table, pilot_paths
from tests.app.test_app import open_app
from tests.unit.test_voi import ADOPTION, HOURS, uncertain_case
from ui.format import chance, money

EVPI_START = "Knowing every input exactly before deciding would be worth"


def open_with(case):
    at = open_app("pages/risk.py")
    at.session_state["case"] = case
    at.run()
    assert not at.exception, at.exception
    return at


def markdown(at) -> list[str]:
    return [m.value for m in at.main.markdown]


def chart_specs(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.main.get("vega_lite_chart")]


def by_label(widgets, label):
    [widget] = [w for w in widgets if w.label == label]
    return widget


def test_the_evpi_sentence_and_the_evppi_chart_show_the_engines_figures():
    """The sample with a 450,000 outlay (tests/unit/test_voi.py): NPV straddles zero, so information is worth
    something; the page's figures are crm_case.voi's on the page's own simulation (risk-adjusted, seed 7)."""
    case = uncertain_case()
    at = open_with(case)
    mc = monte_carlo(case)
    total, table = evpi(mc), evppi_table(mc)
    assert total.value > 0
    assert f"{EVPI_START} at most **{money(total.value, 'EUR')}**: spend no more than that on studies." in markdown(at)
    [sentence] = [m for m in at.main.markdown if m.value.startswith(EVPI_START)]
    assert "expected value of perfect information (EVPI)" in sentence.help
    top = table.iloc[0]
    assert top["path"] == ADOPTION
    assert any(m.startswith(f"- Measuring **peak adoption** before deciding (in a pilot or a study) is worth up to "
                            f"**{money(top['evppi'], 'EUR')}** (±{money(1.96 * top['standard_error'], 'EUR')}).")
               for m in markdown(at))
    [spec] = [s for s in chart_specs(at) if "Value of knowing the input (€)" in json.dumps(s, ensure_ascii=False)]
    assert len(spec["layer"]) == 4  # bars, error bars, their ends, the values (tests/unit/test_charts.py)


def test_the_sample_says_why_no_information_is_worth_anything():
    at = open_app("pages/risk.py")
    assert any(m.startswith(f"{EVPI_START} nothing: every simulated run has an NPV of the same sign")
               for m in markdown(at))
    assert any(i.value.startswith("No input is worth measuring before deciding") for i in at.main.info)
    assert not [s for s in chart_specs(at) if "Value of knowing the input" in json.dumps(s, ensure_ascii=False)]


def test_describe_a_pilot_compare_the_paths_then_remove_it():
    """The README's pilot on the sample: 3 months, 20 users, 15,000, measuring adoption and hours saved."""
    at = open_app("pages/risk.py")
    assert at.session_state["case"].risk.pilot is None
    assert by_label(at.text_input, "Pilot cost (€)").value == "0"
    by_label(at.text_input, "Pilot cost (€)").input("15,000")
    by_label(at.number_input, "Pilot length (months)").set_value(3)
    by_label(at.number_input, "Pilot users").set_value(20)
    by_label(at.multiselect, "Inputs the pilot measures").set_value([ADOPTION, HOURS])
    by_label(at.button, "Compare with this pilot").click().run()
    assert not at.exception, at.exception
    pilot = at.session_state["case"].risk.pilot
    assert pilot.model_dump() == {"cost": 15_000.0, "months": 3, "users": 20, "reveals": (ADOPTION, HOURS),
                                  "stop_cost": 0.0, "spread": 0.5}
    assert by_label(at.text_input, "Pilot cost (€)").value == "15,000"  # shown as a finance user writes it

    case = with_values(sample_case(), {"risk.pilot": pilot.model_dump()})
    analysis = pilot_paths(case, pilot, monte_carlo(case))
    expected = analysis.table().set_index("path")
    [shown] = [d.value for d in at.main.dataframe if "Course of action" in d.value.columns]
    assert shown["Course of action"].tolist() == ["Go ahead now", "Pilot, then decide", "Wait 3 months, then decide",
                                                  "Do not invest"]
    assert shown["Expected NPV"].tolist() == [money(expected.loc[p, "expected_npv"], "EUR") for p in PATHS]
    assert shown["P(NPV > 0)"].tolist() == [chance(expected.loc[p, "probability_positive"]) for p in PATHS]
    assert shown["P10"].tolist() == [money(expected.loc[p, "p10"], "EUR") for p in PATHS]
    assert shown["P90"].tolist() == [money(expected.loc[p, "p90"], "EUR") for p in PATHS]
    assert analysis.best == "now"
    assert (f"Best course of action: **Go ahead now**, with an expected NPV of "
            f"{money(expected.loc['now', 'expected_npv'], 'EUR')}.") in markdown(at)
    assert any(m.startswith(f"The pilot's value as an option (“flexibility” in Forrester TEI): "
                            f"**{money(analysis.option_value, 'EUR')}**") for m in markdown(at))
    assert [s for s in chart_specs(at) if "Expected NPV (€)" in json.dumps(s, ensure_ascii=False)]

    by_label(at.button, "Remove the pilot").click().run()
    assert at.session_state["case"].risk.pilot is None
    assert not [d for d in at.main.dataframe if "Course of action" in d.value.columns]


def test_a_pilot_that_measures_nothing_is_refused_under_the_form_and_the_case_stays():
    at = open_app("pages/risk.py")
    by_label(at.multiselect, "Inputs the pilot measures").set_value([])
    by_label(at.button, "Compare with this pilot").click().run()
    assert at.session_state["case"].risk.pilot is None
    assert [e.value for e in at.main.error] == [  # named by the form's label, not the case's field path
        "Inputs the pilot measures: must name at least one input of the risk analysis that the pilot measures"]


def test_a_pilot_cost_that_cannot_be_read_is_refused_by_its_label_and_the_case_stays():
    """The pilot's money is read like every amount input: "5.000" is ambiguous in English (five, or five
    thousand?) and refused with both readings, never guessed; "12 abc" is no number."""
    at = open_app("pages/risk.py")
    by_label(at.text_input, "Pilot cost (€)").input("5.000")
    by_label(at.text_input, "Cost of stopping after the pilot (€)").input("12 abc")
    by_label(at.button, "Compare with this pilot").click().run()
    assert not at.exception, at.exception
    assert at.session_state["case"].risk.pilot is None
    errors = [e.value for e in at.main.error]
    assert len(errors) == 2 and errors[0].startswith("Pilot cost: ") and "5.000" in errors[0], errors
    assert errors[1].startswith("Cost of stopping after the pilot: "), errors
