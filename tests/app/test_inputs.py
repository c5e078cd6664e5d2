"""Number inputs show thousands separators and read what a person types as the Excel import does (issue 22, point
2): ``1,250,000`` in English and ``1.250.000`` in Spanish are 1,250,000; a spelling the viewer's language does not
write (``1,5`` in English) or an ambiguous one (``5.000`` in English: five, or five thousand?) is refused next to
the input, and the case keeps its last valid value (ui.state.amount_input, ui.format.read_number)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import sample_case
from tests.app.bound import bound

APP = str(Path(__file__).resolve().parents[2] / "app.py")
CUSTOMERS = "drivers.retention.customers"


def open_page(page: str, language: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = language
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def customers(at: AppTest) -> float:
    return at.session_state["case"].drivers.retention.customers


def test_an_amount_shows_its_thousands_separators_in_the_viewers_language():
    """The sample's 2,000 retained customers and 6,000 margin (crm_case/sample.py) as each language writes them."""
    english, spanish = open_page("pages/benefit_drivers.py"), open_page("pages/benefit_drivers.py", "es")
    margin = "drivers.retention.annual_margin_per_customer"
    assert sample_case().drivers.retention.customers == 2000
    assert bound(english, "text_input", CUSTOMERS).value == "2,000"
    assert bound(english, "text_input", margin).value == "6,000"
    assert bound(spanish, "text_input", CUSTOMERS).value == "2.000"
    bound(spanish, "text_input", CUSTOMERS).set_value("12.500").run()
    assert customers(spanish) == 12_500
    assert bound(spanish, "text_input", CUSTOMERS).value == "12.500"


@pytest.mark.parametrize(("language", "typed"), [("en", "1,250,000"), ("es", "1.250.000"), ("en", "1250000"),
                                                 ("uk", "1 250 000"), ("en", "€1,250,000")])
def test_a_typed_amount_with_separators_is_read(language, typed):
    at = open_page("pages/benefit_drivers.py", language)
    bound(at, "text_input", CUSTOMERS).set_value(typed).run()
    assert not at.exception and not at.main.error, [e.value for e in at.main.error]
    assert customers(at) == 1_250_000


@pytest.mark.parametrize(("language", "typed", "said"), [
    ("en", "1,5", "is not a number as this language writes it; type it like 1,234,567.89"),
    ("en", "1.234,5", "is not a number as this language writes it"),
    ("es", "1,234.5", "no es un número tal como se escribe en este idioma; escríbalo como 1.234.567,89"),
    ("en", "5.000", "5 or 5,000? Type 5,000 or 5"),
    ("es", "5,000", "¿5 o 5.000? Escriba 5.000 o 5"),
    ("en", "lots", "is not a number"),
    ("en", "12 %", "is a percentage"),
    ("en", "-1,000", "must be zero or more"),
])
def test_a_spelling_the_language_does_not_write_is_refused_and_the_case_kept(language, typed, said):
    """Never guessed: the message names the text and says how to type it; the input shows the last valid value."""
    at = open_page("pages/benefit_drivers.py", language)
    before = at.session_state["case"]
    bound(at, "text_input", CUSTOMERS).set_value(typed).run()
    assert not at.exception
    errors = [e.value for e in at.main.error]
    assert any(said in e for e in errors), errors
    assert at.session_state["case"] == before
    assert bound(at, "text_input", CUSTOMERS).value == ("2,000" if language == "en" else "2.000")


def test_a_decimal_count_keeps_its_decimals():
    """Hours saved per week (a count with halves) reads 2.5 and shows it back as typed."""
    at = open_page("pages/benefit_drivers.py")
    path = "drivers.sales_productivity.hours_saved_per_week"
    bound(at, "text_input", path).set_value("2.5").run()
    assert at.session_state["case"].drivers.sales_productivity.hours_saved_per_week == 2.5
    assert bound(at, "text_input", path).value == "2.5"


@pytest.mark.parametrize(("page", "path"), [
    ("pages/benefit_drivers.py", "rollout.dip_monthly_output_per_person"),
    ("pages/benefit_drivers.py", "rollout.dip_affected_staff"),
    ("pages/delay.py", "delay.value_per_lost_customer"),
    ("pages/delay.py", "delay.customers_lost_per_month"),
])
def test_every_money_and_count_input_reads_separators(page, path):
    at = open_page(page)
    bound(at, "text_input", path).set_value("12,345").run()
    assert not at.exception and not at.main.error, [e.value for e in at.main.error]
    section, field = path.split(".")
    assert getattr(getattr(at.session_state["case"], section), field) == 12_345
    assert bound(at, "text_input", path).value == "12,345"


def test_the_setup_guides_licence_and_tco_amounts_read_separators_and_refuse_an_ambiguous_one():
    """The guide's licence calculator and TCO amounts are text inputs read the same way: 1,200 users x 50 EUR a
    month = 720,000 a year (hand: 1,200 x 50 x 12); ``5.000`` users is refused and nothing written."""
    from crm_case import blank_case
    from tests.app.test_setup import case_of, go, open_setup

    at = go(open_setup(blank_case()), "costs")
    at.text_input(key="setup-users").set_value("5.000").run()
    assert any("5 or 5,000" in e.value for e in at.main.error), [e.value for e in at.main.error]
    at.text_input(key="setup-users").set_value("1,200").run()
    at.text_input(key="setup-price").set_value("€50").run()
    (line,) = case_of(at).costs
    assert line.per_year[0] == 720_000
    assert at.text_input(key="setup-users").value == "1,200"
    at.checkbox(key="setup-tco-on:training").check().run()
    at.text_input(key="setup-tco-initial:training").set_value("1,5").run()
    assert any("1,234,567.89" in e.value for e in at.main.error)
    assert [c.name for c in case_of(at).costs][-1] == "Training" and case_of(at).costs[-1].initial == 0


def test_the_run_of_an_own_edit_does_not_send_the_value_back_the_next_run_writes_it_the_cases_way():
    """A value sent to the browser replaces whatever the input holds when it arrives, which may be a newer edit
    typed while the run was on its way (tests/browser/test_saves_browser.py, the burst: 50,115 sent back over a
    typed 50,118, which the save status's timer then carried back to the server). So the run of an input's own
    edit sends nothing back when the input already means the case's value (``2345`` typed for ``2,345``); the next
    run that is not its edit writes it the case's way; a refused text is replaced by the last valid value."""
    at = open_page("pages/benefit_drivers.py")
    margin = "drivers.retention.annual_margin_per_customer"
    bound(at, "text_input", CUSTOMERS).set_value("2345").run()
    assert customers(at) == 2345
    shown = bound(at, "text_input", CUSTOMERS)
    assert shown.value == "2345" and not shown.proto.set_value  # nothing sent: the browser keeps what it holds
    bound(at, "text_input", margin).set_value("6,100").run()  # another input's edit: the first is written anew
    assert at.session_state["case"].drivers.retention.annual_margin_per_customer == 6100
    shown = bound(at, "text_input", CUSTOMERS)
    assert shown.value == "2,345" and shown.proto.set_value
    assert not bound(at, "text_input", margin).proto.set_value  # typed in the case's spelling: nothing to send
    bound(at, "text_input", CUSTOMERS).set_value("5.000").run()  # ambiguous: refused
    assert customers(at) == 2345
    assert bound(at, "text_input", CUSTOMERS).value == "2,345"
