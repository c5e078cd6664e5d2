"""A user's own case: the blank case, the parts still holding the sample's values, clearing one, and
``python -m crm_case new``."""

import datetime as dt
import io
import json
from pathlib import Path

import pytest

from crm_case import (
    SAMPLE_PARTS,
    CrmCaseError,
    blank_case,
    case_from_json,
    clear_part,
    evaluate,
    has_content,
    sample_case,
    sample_parts,
    with_value,
)
from crm_case.cli import main
from crm_case.scoring import readiness, score
from crm_case.start import default_name


def test_a_blank_case_holds_nothing_but_its_frame():
    case = blank_case(name="Zürich AG", currency="chf", years=4, start=dt.date(2027, 1, 1), rate=0.08)
    a = case.assumptions
    assert (a.name, a.currency, a.horizon_years, a.start_date, a.discount_rate) == (
        "Zürich AG", "CHF", 4, dt.date(2027, 1, 1), 0.08)
    assert case.costs == () and case.benefits == ()
    assert not any(getattr(case.drivers, d).enabled for d in type(case.drivers).model_fields)
    assert case.rollout.dip_affected_staff == 0  # no go-live dip
    assert all(v == 0 for k, v in case.delay.model_dump().items() if k != "delay_months")
    assert case.scoring.criteria == () and case.scoring.participants == ()
    assert readiness(case) is None  # not assessed, not a number
    assert case.vendors.offers == () and case.customers.segments == () and case.goals.objectives == ()
    assert not has_content(case)
    assert sample_parts(case) == ()


def test_a_blank_case_figures_are_those_of_nothing():
    result = evaluate(blank_case())
    assert result.adjusted.npv == 0  # hand: no flow at all
    assert result.adjusted.roi.value is None and "no costs" in result.adjusted.roi.reason
    assert score(blank_case().scoring).net == 0


def test_a_blank_case_frame_is_validated_by_name():
    with pytest.raises(CrmCaseError, match=r"assumptions\.currency"):
        blank_case(currency="ZZZ")
    with pytest.raises(CrmCaseError, match=r"assumptions\.horizon_years must be at most 10"):
        blank_case(years=11)


def test_every_part_of_the_sample_is_named_as_the_sample_s():
    assert sample_parts(sample_case()) == SAMPLE_PARTS[:1] + SAMPLE_PARTS[2:]  # the sample has no benefit lines


@pytest.mark.parametrize("part", [p for p in SAMPLE_PARTS if p != "benefits"])
def test_clearing_a_part_removes_the_sample_s_values_of_that_part_only(part):
    cleared = clear_part(sample_case(), part)
    assert part not in sample_parts(cleared)
    assert set(sample_parts(cleared)) == set(sample_parts(sample_case())) - {part}


def test_clearing_the_rollout_removes_the_dip_and_keeps_the_timing():
    cleared = clear_part(sample_case(), "rollout")
    assert cleared.rollout.dip_affected_staff == 0 and cleared.rollout.dip_monthly_output_per_person == 0
    assert cleared.rollout.months_to_go_live == sample_case().rollout.months_to_go_live
    # the dip is a People cost: 55 staff x 7,000 a month x 15 % falling to 0 over 3 months (sample.py)
    assert evaluate(cleared).adjusted.pv_costs < evaluate(sample_case()).adjusted.pv_costs


def test_a_part_changed_by_one_value_is_the_user_s():
    case = with_value(sample_case(), "drivers.retention.customers", 2_001)
    assert "drivers" not in sample_parts(case)
    assert "delay" in sample_parts(case)


def test_an_unknown_part_is_refused_by_name():
    with pytest.raises(CrmCaseError, match="'assumptions' is not a part"):
        clear_part(sample_case(), "assumptions")


def test_an_empty_case_has_no_content_until_a_cost_or_a_driver():
    case = blank_case()
    assert not has_content(case)
    assert has_content(with_value(case, "drivers.retention.enabled", True))
    assert has_content(case.model_copy(update={"costs": sample_case().costs[:1]}))


def test_a_default_name_carries_the_date_and_time():
    assert default_name("New CRM case", dt.datetime(2026, 11, 30, 20, 45)) == "New CRM case · 2026-11-30 20:45"


def _run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_new_prints_a_blank_case_as_json():
    code, out, err = _run("new", "--name", "Zürich AG", "--currency", "CHF", "--years", "4", "--start",
                          "2027-01-01", "--rate", "0.08")
    assert code == 0 and not err
    assert case_from_json(out) == blank_case(name="Zürich AG", currency="CHF", years=4, start=dt.date(2027, 1, 1),
                                             rate=0.08)
    assert json.loads(out)["costs"] == []


@pytest.mark.parametrize(("argv", "message"), [
    (("new", "--years", "11"), "horizon_years must be at most 10"),
    (("new", "--rate", "2"), "discount_rate must be above -100 % and at most 100 %"),
    (("new", "--start", "2027-13-01"), "--start: must be a date as YYYY-MM-DD"),
    (("new", "--currency", "euro"), "ISO 4217"),
])
def test_cli_new_refuses_a_bad_frame_with_exit_2(argv, message):
    code, out, err = _run(*argv)
    assert code == 2 and not out
    assert message in err and "Traceback" not in err


def _budget(currency: str = "CHF") -> bytes:
    """A 4-year budget from the template: one cost line and one benefit line."""
    import openpyxl

    from crm_case.excel.template import budget_template

    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(blank_case(currency=currency, years=4), years=4)))
    workbook["Costs"].append(["IT", "Licences", 10_000, 20_000, 20_000, 20_000, 20_000, 0])
    workbook["Benefits"].append(["Sales", "More deals", 0, 30_000, 30_000, 30_000, 30_000, 0])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_import_names_every_part_it_would_keep_and_clears_the_sample_s_by_default():
    from crm_case import blend, keep_by_default, kept_by_import
    from crm_case.excel.reader import read_workbook

    imported = read_workbook(_budget(), sample_case()).case
    assert kept_by_import(imported, sample_case()) == (
        "drivers", "rollout", "delay", "scoring", "readiness", "customers", "goals", "vendors")
    keep = keep_by_default(imported, sample_case())
    assert not any(keep.values())  # all still the sample's
    # regression: the sample's six drivers, dip, delay inputs, votes and readiness stayed in a CHF budget's case
    applied = blend(imported, keep)
    alone = read_workbook(_budget()).case
    assert evaluate(applied).adjusted.npv == pytest.approx(evaluate(alone).adjusted.npv, abs=1e-6)
    assert sample_parts(applied) == ()


def test_an_import_keeps_by_default_what_the_user_built():
    from crm_case import keep_by_default
    from crm_case.excel.reader import read_workbook

    mine = with_value(sample_case(), "drivers.retention.customers", 2_500)  # the drivers are the user's now
    imported = read_workbook(_budget(), mine).case
    keep = keep_by_default(imported, mine)
    assert keep["drivers"] is True and keep["delay"] is False


def test_an_import_onto_a_blank_case_keeps_nothing():
    from crm_case import kept_by_import
    from crm_case.excel.reader import read_workbook

    assert kept_by_import(read_workbook(_budget(), blank_case()).case, blank_case()) == ()


def test_a_blank_case_has_no_payback_and_its_roi_says_enter_costs_first():
    # regression: an empty case showed "Payback 0.0 months" and ROI as if it existed
    figures = evaluate(blank_case()).adjusted
    assert figures.payback_months.value is None and "enter costs and benefits first" in figures.payback_months.reason
    assert figures.roi.value is None and figures.roi.reason.endswith("enter costs first")


def test_parts_the_workbook_holds_are_never_listed_as_kept():
    # regression: re-importing an edited export of the sample cleared its Drivers, Scoring... sheets by default
    from crm_case import keep_by_default, kept_by_import

    everything = frozenset({"drivers", "rollout", "delay", "scoring", "readiness", "customers", "goals", "vendors"})
    edited = with_value(sample_case(), "costs.0.per_year", [70_000.0] * 5)
    assert kept_by_import(edited, sample_case(), held=everything) == ()
    assert keep_by_default(edited, sample_case(), held=frozenset({"drivers"}))["delay"] is False
    assert "drivers" not in keep_by_default(edited, sample_case(), held=frozenset({"drivers"}))


def test_clearing_the_costs_forgets_which_lines_an_offer_replaced():
    # regression: vendors.replaces kept naming the five removed cost lines
    cleared = clear_part(sample_case(), "costs")
    assert cleared.vendors.replaces == () and cleared.vendors.chosen is None
    assert cleared.vendors.offers == sample_case().vendors.offers


def test_cli_new_on_an_ascii_terminal_escapes_rather_than_fails(tmp_path):
    import os
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "crm_case", "new", "--name", "Café"], capture_output=True,
                         env={**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"},
                         cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr
    assert b"Caf\\xe9" in run.stdout or b"Caf\\u00e9" in run.stdout


@pytest.mark.parametrize("code", ["XXX", "XTS"])
def test_a_code_that_names_no_money_is_not_a_currency(code):
    with pytest.raises(CrmCaseError, match="ISO 4217"):
        blank_case(currency=code)


def test_a_default_name_drops_the_sample_s_subtitle():
    assert default_name("Acme Industrial Supplies - CRM business case", dt.datetime(2026, 11, 30, 20, 45)) == \
        "Acme Industrial Supplies · 2026-11-30 20:45"
