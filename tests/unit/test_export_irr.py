"""IRR when the net cash flow changes sign more than once (issue 15, point 9): the evaluation says the IRR
is ambiguous, and the exported workbook's IRR cell starts from the app's rate and carries a note."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import openpyxl
import pytest

from crm_case import BenefitItem, Case, CostItem, blank_case, evaluate, sample_case, with_value
from crm_case.cli import main
from crm_case.excel.writer import export_with_expected, export_workbook


def two_irr_case(timing: str = "end_of_year") -> Case:
    """Two years, no drivers, no dip, no risk: yearly net flows +1,000,000 (Initial), -2,170,000 (Year 1),
    +1,173,000 (Year 2) = 1,000,000 x the coefficients of (y - 1.02)(y - 1.15) with y = 1 + r, so under
    end-of-year timing NPV is zero at exactly 2 % and 15 % (hand-built, see tests/unit/test_finance.py)."""
    case = blank_case(name="Two IRRs", years=2, start=dt.date(2027, 1, 1))
    case = case.model_copy(update={
        "benefits": (BenefitItem(area="Sales", name="Up-front customer payment", initial=1_000_000,
                                 per_year=(0, 1_173_000)),),
        "costs": (CostItem(category="IT", name="Build", per_year=(2_170_000,)),),
    })
    case = Case.model_validate(case.model_dump())
    return with_value(case, "assumptions.timing", timing)


def _figures(workbook: openpyxl.Workbook) -> dict[str, tuple[int, object]]:
    """Cash flow sheet: label -> (row, column B)."""
    return {row[0].value: (row[0].row, row[1].value) for row in workbook["Cash flow"].iter_rows() if row[0].value}


def _guesses(formula: str) -> list[float]:
    """The guess argument of each IRR( range , guess ) in the formula (ranges hold no comma)."""
    return [float(g) for g in re.findall(r"\bIRR\([^,()]+,([^,()]+)\)", formula)]


class TestMetrics:
    def test_two_rates_flagged_ambiguous(self):
        m = evaluate(two_irr_case()).adjusted
        assert m.irr.value == pytest.approx(0.02, abs=1e-12)  # the rate closest to zero
        assert m.irr_rates == pytest.approx((0.02, 0.15), abs=1e-12)
        assert m.irr_sign_changes == 2
        assert m.irr_ambiguous
        assert "2.00 % and 15.00 %" in m.irr_note and "MIRR" in m.irr_note
        assert m.mirr.value is not None  # the figure the note points to exists

    def test_conventional_case_not_flagged(self):
        m = evaluate(sample_case()).adjusted  # invests, then earns: one sign change
        assert m.irr_sign_changes == 1
        assert m.irr_rates == (m.irr.value,)
        assert not m.irr_ambiguous and m.irr_note is None

    def test_empty_case_has_no_rate(self):
        m = evaluate(blank_case()).adjusted
        assert m.irr_rates == () and m.irr_sign_changes == 0 and not m.irr_ambiguous

    def test_as_dict_and_cli_json_carry_the_flag(self, tmp_path):
        path = tmp_path / "case.json"
        path.write_text(two_irr_case().model_dump_json())
        out, err = io.StringIO(), io.StringIO()
        assert main(["evaluate", str(path), "--json"], stdout=out, stderr=err) == 0, err.getvalue()
        data = json.loads(out.getvalue())
        for view in (data, data["unadjusted"]):
            assert view["irr_ambiguous"] is True
            assert view["irr_rates"] == pytest.approx([0.02, 0.15], abs=1e-12)
            assert view["irr_sign_changes"] == 2

    def test_as_dict_without_rate_is_none_not_empty(self):
        data = evaluate(blank_case()).as_dict()
        assert data["irr_rates"] is None and data["irr_ambiguous"] is False and data["irr_sign_changes"] == 0


class TestExport:
    def test_ambiguous_irr_cell_has_the_apps_rate_as_guess_and_a_note(self):
        case = two_irr_case()
        m = evaluate(case).adjusted
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        row, formula = _figures(workbook)["IRR"]
        # yearly, half-yearly and monthly branches: the app's 2 % converted to each period
        assert _guesses(formula) == pytest.approx([0.02, 1.02 ** (1 / 2) - 1, 1.02 ** (1 / 12) - 1], abs=1e-12)
        assert _guesses(formula)[0] == m.irr.value  # the literal reads back to the app's double
        note = workbook["Cash flow"][f"C{row}"].value
        assert "ambiguous" in note and "2.00 % and 15.00 %" in note
        assert "app's root, 2.00 %" in note and "MIRR" in note

    def test_values_sheet_says_ambiguous(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(two_irr_case())))
        rows = {row[0].value: row for row in workbook["Values"].iter_rows(min_row=3) if row[0].value}
        assert rows["irr"][1].value == pytest.approx(0.02, abs=1e-12)
        assert rows["irr_ambiguous"][1].value is True
        assert rows["irr_rates"][1].value == "2.00 %; 15.00 %"
        assert rows["irr"][3].value == evaluate(two_irr_case()).adjusted.irr_note  # both views agree: once
        assert "2.00 % and 15.00 %" in rows["irr"][3].value and "MIRR" in rows["irr"][3].value

    @pytest.mark.parametrize("timing", ["end_of_year", "mid_year", "monthly"])
    def test_guess_is_the_apps_rate_per_period_for_a_single_rate(self, timing):
        case = with_value(sample_case(), "assumptions.timing", timing)
        irr = evaluate(case).adjusted.irr.value
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        row, formula = _figures(workbook)["IRR"]
        assert _guesses(formula) == pytest.approx([irr, (1 + irr) ** (1 / 2) - 1, (1 + irr) ** (1 / 12) - 1],
                                                  rel=1e-12)
        assert workbook["Cash flow"][f"C{row}"].value is None  # one rate: no note
        values = {r[0].value: r for r in workbook["Values"].iter_rows(min_row=3) if r[0].value}
        assert values["irr"][3].value is None and values["irr_ambiguous"][1].value is False

    def test_no_irr_keeps_the_default_guesses(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(blank_case())))
        _, formula = _figures(workbook)["IRR"]
        assert _guesses(formula) == [0.01]  # only the monthly branch's 1 % a month, as before
        assert "IRR($" in formula

    def test_every_expected_cell_is_still_a_formula(self):
        data, expected = export_with_expected(two_irr_case())
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        for sheet, cells in expected.items():
            for ref in cells:
                assert str(workbook[sheet][ref].value).startswith("="), (sheet, ref)
