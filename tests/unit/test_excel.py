"""Excel in and out: template layout, import rules, every kind of bad file, formula injection, round trip.

Each bad file is built by the test itself and the message it gets is checked word for word where it
matters (sheet and cell, what is wrong, what is expected).
"""

import datetime as dt
import io
import math
import zipfile

import openpyxl
import pytest
from hypothesis import given, settings

from crm_case import Case, CrmCaseError, sample_case
from crm_case.excel.reader import read_workbook
from crm_case.excel.safety import MAX_UPLOAD_BYTES
from crm_case.excel.template import budget_template
from crm_case.excel.writer import export_with_expected, export_workbook
from tests.property.strategies import cases

BASE = sample_case()


def filled(costs=(), benefits=(), assumptions=None, edit=None, language="en") -> bytes:
    """A template (in ``language``) filled like a person would, with optional edits of the openpyxl workbook. It
    has one Year column per year of BASE's horizon (5), so the Risk adjustment is column I, as the rows below are
    written. Its sheets are found by position (Instructions, Assumptions, Costs, Benefits), whatever the language
    names them."""
    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(BASE, years=BASE.assumptions.horizon_years,
                                                                 language=language)))
    sheets = workbook.sheetnames
    for sheet, rows in ((sheets[2], costs), (sheets[3], benefits)):
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                workbook[sheet].cell(row=r, column=c, value=value)
    for label, value in (assumptions or {}).items():
        for row in workbook[sheets[1]].iter_rows(min_row=2):
            if row[0].value == label:
                row[1].value = value
    if edit:
        edit(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def problems(data: bytes) -> list[str]:
    with pytest.raises(CrmCaseError) as caught:
        read_workbook(data, BASE)
    return caught.value.problems


def rezip(data: bytes, change) -> bytes:
    """Copy an .xlsx zip entry by entry; ``change(name, bytes)`` returns new bytes or None to drop."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


class TestTemplate:
    def test_sheets_and_headers(self):
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(years=3)))
        assert workbook.sheetnames == ["Instructions", "Assumptions", "Costs", "Benefits"]
        assert [c.value for c in workbook["Costs"][1]] == ["Category", "Item", "Initial", "Year 1", "Year 2",
                                                           "Year 3", "Risk adjustment"]
        assert [c.value for c in workbook["Benefits"][1]][:2] == ["Area", "Item"]
        assert [r[0].value for r in workbook["Assumptions"].iter_rows(min_row=2)] == [
            "Name", "Currency", "Discount rate", "Horizon years", "Start date", "Timing", "Number format"]
        assert workbook["Assumptions"]["B8"].value is None  # optional, empty by default

    def test_dropdowns_validation_formats_and_frozen_headers(self):
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(years=3)))
        costs = workbook["Costs"]
        lists = [v for v in costs.data_validations.dataValidation if v.type == "list"]
        assert lists and lists[0].formula1 == '"IT,People,Process"'
        assert all(v.showErrorMessage and v.error for v in costs.data_validations.dataValidation)
        assert costs.freeze_panes == "C2"
        assert costs["D2"].number_format == "#,##0;-#,##0" and costs["G2"].number_format == "0.0%"
        assert costs.column_dimensions["B"].width >= 40
        assert workbook["Assumptions"]["B4"].number_format == "0.0%"
        assert '"Marketing,Sales,Service"' in [v.formula1 for v in workbook["Benefits"].data_validations.dataValidation]

    def test_instructions_have_an_example(self):
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template()))
        text = " ".join(str(c.value) for row in workbook["Instructions"].iter_rows() for c in row if c.value)
        assert "Example" in text and "Risk adjustment" in text


class TestImport:
    def test_a_filled_template(self):
        data = filled(
            costs=[("IT", "Licences", 0, 1_000, 1_000, 1_000, None, None, 0.1),
                   (" people ", "Training", 5_000, None, None, None, None, None, "15 %")],
            benefits=[("Sales", "More deals", None, 10_000, 20_000, None, None, None, None)],
            assumptions={"Discount rate": 0.08, "Horizon years": 5, "Currency": "usd"},
        )
        result = read_workbook(data, BASE)
        case = result.case
        assert case.assumptions.discount_rate == 0.08 and case.assumptions.currency == "USD"
        assert [c.name for c in case.costs] == ["Licences", "Training"]
        assert case.costs[0].per_year == (1_000, 1_000, 1_000) and case.costs[0].risk_adjustment == 0.1
        assert case.costs[1].category.value == "People" and case.costs[1].risk_adjustment == pytest.approx(0.15)
        assert case.benefits[0].initial == 0 and case.benefits[0].per_year == (10_000, 20_000)
        assert case.drivers == BASE.drivers  # what the template does not hold comes from the current case
        assert result.warnings == []

    def test_percent_formatted_cell(self):
        def edit(workbook):
            workbook["Costs"]["I2"].value = 0.25
            workbook["Costs"]["I2"].number_format = "0%"

        case = read_workbook(filled(costs=[("IT", "x", 1)], edit=edit), BASE).case
        assert case.costs[0].risk_adjustment == 0.25

    def test_headers_ignore_case_and_spaces_and_fewer_years(self):
        def edit(workbook):
            ws = workbook["Costs"]
            ws.delete_cols(5, 4)  # keep Year 1 only
            titles = ["  CATEGORY ", "item", " Initial", "year 1", "RISK ADJUSTMENT", "Notes"]
            for column, title in enumerate(titles, 1):
                ws.cell(row=1, column=column, value=title)
            ws["A2"], ws["B2"], ws["D2"], ws["F2"] = "IT", "Licences", 100, "ignored"

        result = read_workbook(filled(edit=edit), BASE)
        assert result.case.costs[0].per_year == (100,)
        assert result.warnings == ["Costs!F1: column 'Notes' is not used and was ignored"]

    def test_every_problem_at_once_with_sheet_and_cell(self):
        found = problems(filled(
            costs=[("IT", "Licences", "abc", 1, 1, 1, 1, 1, 0),
                   ("Hardware", "Servers", -5, dt.datetime(2027, 1, 1), None, None, None, None, 1.5),
                   ("IT", "licences", 1)],
            assumptions={"Discount rate": -1.5, "Timing": "weekly"},
        ))
        assert "Costs!C2: 'abc' is not a number; expected an amount" in found
        assert "Costs!A3: 'Hardware' is not a category; expected IT, People, Process" in found
        assert "Costs!C3: -5 is negative; a cost must be zero or more (a saving belongs in Benefits)" in found
        assert "Costs!D3: a date (2027-01-01) is not an amount; expected a number" in found
        assert "Costs!I3: 150 % is not a valid risk adjustment; expected 0 % to 100 % (type 15 % or 0.15)" in found
        assert "Costs!B4: item 'licences' appears twice (also row 2); give each line its own name" in found
        assert any(p.startswith("Assumptions!B4: -150 % is not a valid discount rate") for p in found)
        assert any(p.startswith("Assumptions!B7: 'weekly' is not a timing") for p in found)

    def test_nothing_is_applied_on_error(self):
        before = BASE.model_dump()
        problems(filled(costs=[("IT", "x", "abc")]))
        assert BASE.model_dump() == before

    def test_year_beyond_horizon_with_an_amount_is_refused_by_cell(self):
        # issue 15.6: the header alone is no longer a problem; an amount under it is, named by its cell
        found = problems(filled(costs=[("IT", "x", 1, 2, 3, 4, 5, 6)], assumptions={"Horizon years": 3}))
        assert found == [
            "Costs!G2: Year 4 is beyond the 3-year horizon (Assumptions!B5); leave it empty or set the horizon to 4",
            "Costs!H2: Year 5 is beyond the 3-year horizon (Assumptions!B5); leave it empty or set the horizon to 5"]

    def test_negative_benefit(self):
        found = problems(filled(benefits=[("Sales", "x", -1)]))
        assert found == ["Benefits!C2: -1 is negative; a benefit must be zero or more (an extra cost belongs in Costs)"]


class TestBadFiles:
    def test_not_a_spreadsheet(self):
        assert problems(b"\x00\x01name") == ["Workbook: not a spreadsheet; expected an Excel .xlsx or an "
                                             "OpenDocument .ods file"]
        assert problems(b"name,amount\nx,1\n")[0].startswith("Workbook: this is a CSV (text) file")  # the way out

    def test_old_xls(self):
        assert "old-format .xls" in problems(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)[0]

    def test_corrupt_zip(self):
        data = budget_template()
        assert problems(data[: len(data) // 2])[0].startswith("Workbook: the file is corrupt")

    def test_zip_that_is_not_a_workbook(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr("hello.txt", "hi")
        assert "not a workbook (no workbook part" in problems(out.getvalue())[0]

    def test_macros_are_refused_never_run(self):
        data = rezip(budget_template(), lambda name, content: content)
        with_vba = io.BytesIO(data)
        with zipfile.ZipFile(with_vba, "a") as archive:
            archive.writestr("xl/vbaProject.bin", b"Attribute VB_Name = \"Module1\"")
        [message] = problems(with_vba.getvalue())
        assert "contains macros" in message and "never run" in message

    def test_macro_enabled_content_type(self):
        data = rezip(budget_template(), lambda name, content: content.replace(
            b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            if name == "[Content_Types].xml" else content)
        assert "contains macros" in problems(data)[0]

    def test_entity_expansion_attack(self):
        bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')

        def change(name, content):
            if name.startswith("xl/worksheets/"):
                return bomb + (content.split(b"?>", 1)[1] if content.startswith(b"<?xml") else content)
            return content

        assert problems(rezip(budget_template(), change)) == [
            "Workbook: the file declares XML entities (an entity-expansion attack); refused"]

    def test_zip_bomb(self):
        def change(name, content):
            return content

        data = rezip(budget_template(), change)
        out = io.BytesIO(data)
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/media/padding.bin", b"\0" * 30_000_000)
        [message] = problems(out.getvalue())
        assert "zip bomb" in message and "xl/media/padding.bin" in message

    def test_oversize(self):
        [message] = problems(b"PK" + b"\0" * (MAX_UPLOAD_BYTES + 1))
        assert message.startswith("Workbook: the file is 21.0 MB, larger than the 20 MB allowed")

    def test_row_limit(self, monkeypatch):
        monkeypatch.setattr("crm_case.excel.reader.MAX_ROWS", 3)
        found = problems(filled(costs=[("IT", f"item {i}", 1) for i in range(5)]))
        assert "Costs: more than 3 rows; split the budget or summarise lines" in found

    def test_formula_without_saved_value(self):
        found = problems(filled(costs=[("IT", "x", "=1+1")]))
        assert found == ["Costs!C2: the formula has no saved result (the file was written by a program and never "
                         "opened in Excel); open and save it in Excel or LibreOffice, or type the value"]

    def test_merged_cells(self):
        def edit(workbook):
            workbook["Costs"].merge_cells("A2:B2")

        found = problems(filled(costs=[("IT", "x", 1)], edit=edit))
        assert found == ["Costs!A2:B2: merged cells are not allowed in the data; unmerge them"]

    def test_hidden_sheets_are_reported(self):
        def edit(workbook):
            workbook.create_sheet("Scratch").sheet_state = "hidden"
            workbook["Benefits"].sheet_state = "hidden"

        result = read_workbook(filled(costs=[("IT", "x", 1)], edit=edit), BASE)
        assert "Workbook: sheet 'Scratch' is hidden; it was ignored" in result.warnings
        assert "Workbook: sheet 'Benefits' is hidden; it was read anyway, check it" in result.warnings

    def test_missing_sheet(self):
        def edit(workbook):
            del workbook["Benefits"]

        [message] = problems(filled(edit=edit))
        assert message.startswith("Workbook: sheet 'Benefits' is missing; expected sheets Assumptions, Costs and "
                                  "Benefits")

    def test_missing_column(self):
        def edit(workbook):
            workbook["Costs"]["B1"].value = "Description"

        found = problems(filled(costs=[("IT", "x", 1)], edit=edit))
        assert found[0] == ("Costs!1: column 'Item' is missing; expected Category | Item | Initial | Year 1 ... | "
                            "Risk adjustment")

    def test_text_in_amount_with_thousands_separator_is_read(self):
        # '1,250' alone is ambiguous (issue 15.5: 1.25 or 1,250?); the Number format row settles it
        case = read_workbook(filled(costs=[("IT", "x", "1,250")], assumptions={"Number format": "en-US"}), BASE).case
        assert case.costs[0].initial == 1250
        assert read_workbook(filled(costs=[("IT", "x", "1,250.00")]), BASE).case.costs[0].initial == 1250


class TestExport:
    def test_sheets_names_and_live_formulas(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        assert workbook.sheetnames == ["Cash flow", "Assumptions", "Costs", "Benefits", "Drivers", "Rollout",
                                       "Monthly", "Cost of delay", "Scoring", "Scenarios", "Tornado",
                                       "Value of information", "Vendors", "Customer value", "Goals", "Values"]
        assert {"DiscountRate", "HorizonYears", "Timing", "drv_retention_customers", "ro_months_to_go_live"} <= set(
            workbook.defined_names)
        sheet = workbook["Cash flow"]
        labels = {row[0].value: row[1].value for row in sheet.iter_rows() if row[0].value}
        assert labels["NPV"].startswith("=") and labels["PV of costs"].startswith("=")
        assert "IRR(" in labels["IRR"] and "MIRR(" in labels["MIRR (financed and reinvested at the discount rate)"]
        assert sheet._charts, "the cash-flow sheet has a chart"
        assert workbook["Cash flow"].freeze_panes == "B2"

    def test_every_expected_cell_is_a_formula(self):
        data, expected = export_with_expected(BASE)
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        for sheet, cells in expected.items():
            for ref in cells:
                assert str(workbook[sheet][ref].value).startswith("="), (sheet, ref)

    @pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tTab"])
    def test_user_text_never_becomes_a_formula(self, text):
        from crm_case import CostItem

        case = BASE.model_copy(update={"costs": (CostItem(category="IT", name=text.strip(), initial=1),)})
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        cell = workbook["Costs"]["B2"]
        assert cell.data_type == "s" and cell.value == text.strip()
        if text.strip()[0] in "=+-@":
            assert cell.quotePrefix
        assert read_workbook(export_workbook(case)).case.costs[0].name == text.strip()

    def test_round_trip_sample(self):
        assert read_workbook(export_workbook(BASE)).case == BASE

    def test_values_snapshot(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        values = {row[0].value: row[1].value for row in workbook["Values"].iter_rows(min_row=3) if row[0].value}
        assert sample_npv_by_hand() == pytest.approx(556_781.1853, abs=1e-3)  # README, "The sample case": 556,781
        assert values["npv"] == pytest.approx(556_781.1853, abs=1e-3)


def sample_npv_by_hand() -> float:
    """The sample's risk-adjusted NPV from its inputs (crm_case/sample.py) and the README's formulas, without the
    engine: end-of-year timing at 10 % (a month's flow is discounted to the end of its year); the drivers' yearly
    benefits at full adoption, monthly, times the adoption (0 until go-live after 6 months, then a 12-month ramp
    to 85 %) and (1 - risk); the dip (55 people x 7,000 a month x 15 %, falling linearly over the 3 months after
    go-live); each cost line x (1 + risk), its Year k amount at the end of year k. The sample has no benefit
    lines."""
    assert BASE.benefits == () and BASE.assumptions.discount_rate == 0.10 and BASE.assumptions.horizon_years == 5

    def factor(month: int) -> float:
        return 1.1 ** -math.ceil(month / 12)

    def adoption(month: int) -> float:
        return 0.0 if month - 6 < 1 else min(1.0, (month - 6) / 12) * 0.85

    def dip_share(month: int) -> float:
        return 0.15 * (3 - (month - 6) + 1) / 3 if 1 <= month - 6 <= 3 else 0.0

    yearly_and_risk = [  # the formulas of the README's drivers, on the sample's inputs
        (2_000 * (0.12 - 0.10) * 6_000, 0.20),  # retention: customers x churn saved x margin
        (40 * 2.5 * 46 * 55 * 0.5, 0.10),  # sales productivity: reps x hours x weeks x cost x selling share
        (1_200 * 0.30 * (0.24 * 25_000 * 1.03 - 0.22 * 25_000), 0.25),  # win rate
        ((30_000 * 0.10 + 30_000 * 0.90 * 0.05) * 18, 0.10),  # service cost: deflected and first-contact contacts
        (400_000 * 0.08, 0.15),  # marketing waste removed
        (250 * 3_000 * 0.10, 0.15),  # acquisition cost saved
    ]
    months = range(1, 61)
    benefits = sum(yearly / 12 * adoption(m) * (1 - risk) * factor(m)
                   for m in months for yearly, risk in yearly_and_risk)
    dip = sum(55 * 7_000 * dip_share(m) * factor(m) for m in months)
    lines = sum((c.initial + sum(amount / 1.1 ** k for k, amount in enumerate(c.per_year, start=1)))
                * (1 + c.risk_adjustment) for c in BASE.costs)
    return benefits - dip - lines


def _within_horizon(case: Case) -> Case:
    years = case.assumptions.horizon_years
    trim = lambda items: tuple(i.model_copy(update={"per_year": i.per_year[:years]}) for i in items)  # noqa: E731
    return Case.model_validate(case.model_copy(update={"costs": trim(case.costs), "benefits": trim(case.benefits)})
                               .model_dump())


@settings(max_examples=30)
@given(cases)
def test_round_trip_is_lossless(case):
    """Export then import gives back an equal case (amounts past the horizon are not part of the export)."""
    case = _within_horizon(case)
    names = [c.name.lower() for c in case.costs]
    benefit_names = [b.name.lower() for b in case.benefits]
    if len(set(names)) != len(names) or len(set(benefit_names)) != len(benefit_names):
        return  # duplicate item names are refused by the import, by design
    assert read_workbook(export_workbook(case)).case == case


class TestRiskAndVendorSheets:
    def _edited(self, case: Case, edit) -> bytes:
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        edit(workbook)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    @staticmethod
    def _row(ws, key: str) -> int:
        return next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=3).value == key)

    def test_ranges_and_chosen_vendor_round_trip(self):
        from crm_case.model import InputRange, RiskSettings
        from crm_case.vendors import with_offer

        case = with_offer(BASE, "Lean cloud (vendor B)")
        case = case.model_copy(update={"risk": RiskSettings(runs=2_500, seed=42, ranges=(
            InputRange(path="rollout.peak_adoption", low=-0.3, high=0.05, distribution="triangular"),
            InputRange(path="scale.costs.IT", low=-0.1, high=0.5)))})
        case = Case.model_validate(case.model_dump())
        assert read_workbook(export_workbook(case)).case == case

    def test_sheets_hold_the_engine_figures(self):
        from crm_case.risk import scenarios, tornado
        from crm_case.vendors import compare_vendors

        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        scenario_ws, tornado_ws, vendor_ws = workbook["Scenarios"], workbook["Tornado"], workbook["Vendors"]
        figures = scenarios(BASE).figures()
        assert scenario_ws["G3"].value == "pessimistic" and scenario_ws["H3"].value == pytest.approx(figures["npv"][0])
        table = tornado(BASE)
        assert tornado_ws["A3"].value == table["label"][0]
        assert tornado_ws["G3"].value == pytest.approx(table["npv_high"][0])
        vendors = compare_vendors(BASE).table
        assert vendor_ws["G3"].value == vendors["vendor"][0]
        assert vendor_ws["I3"].value == pytest.approx(vendors["npv"][0])

    def test_bad_cells_are_named(self):
        def edit(workbook):
            ws = workbook["Vendors"]
            ws.cell(row=self._row(ws, "offer.2.users"), column=4, value=-5)
            ws.cell(row=ws.max_row + 1, column=3, value="offer.x.name")
            risk = workbook["Scenarios"]
            risk.cell(row=self._row(risk, "runs"), column=4, value=7)
            drivers = workbook["Drivers"]  # regression: a rule of our own (non_negative) used to crash the import
            drivers.cell(row=self._row(drivers, "retention.customers"), column=4, value=-1)

        with pytest.raises(CrmCaseError) as caught:
            read_workbook(self._edited(BASE, edit))
        problems = caught.value.problems
        row = self._row(openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))["Vendors"], "offer.2.users")
        assert f"Vendors!D{row}: must be zero or more, got -5" in problems
        assert any(p.startswith("Vendors!D") and "unknown key 'offer.x.name'" in p for p in problems)
        assert "Scenarios!D2: must be at least 100, got 7" in problems
        assert any(p.startswith("Drivers!D") and p.endswith(": must be zero or more, got -1") for p in problems)

    def test_unknown_input_path_is_named(self):
        from crm_case.model import InputRange, RiskSettings

        case = BASE.model_copy(update={"risk": RiskSettings(ranges=(InputRange(path="scale.costs.IT"),))})

        def edit(workbook):
            ws = workbook["Scenarios"]
            ws.cell(row=self._row(ws, "range.1.path"), column=4, value="drivers.unknown.thing")

        with pytest.raises(CrmCaseError, match=r"Scenarios!D\d+: .*path must be an input of the risk analysis"):
            read_workbook(self._edited(case, edit))

    def test_user_text_in_vendor_names_is_not_a_formula(self):
        data = BASE.model_dump(mode="json")
        data["vendors"]["offers"][0]["name"] = "=HYPERLINK(\"http://x\")"
        case = Case.model_validate(data)
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        cells = [c for row in workbook["Vendors"].iter_rows() for c in row if isinstance(c.value, str)
                 and "HYPERLINK" in c.value]
        assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
        assert read_workbook(export_workbook(case)).case == case


class TestCustomerValueSheet:
    def test_segments_and_aggregates_round_trip(self):
        import datetime as dt

        from crm_case.customers import read_customers, summary, synthetic_customers, to_csv

        before, after = synthetic_customers(today=dt.date(2026, 6, 30))
        b = read_customers(to_csv(before), "b.csv", today=dt.date(2026, 6, 30))
        a = read_customers(to_csv(after), "a.csv", today=dt.date(2026, 6, 30))
        data = BASE.model_dump(mode="json")
        data["customers"]["summary"] = summary(b, a)
        data["customers"]["top_share"] = 0.25
        case = Case.model_validate(data)
        assert read_workbook(export_workbook(case)).case == case
        sheet = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))["Customer value"]
        keys = [sheet.cell(row=r, column=3).value for r in range(2, sheet.max_row + 1)]
        assert "summary.migration.middle.top" in keys
        assert not any(isinstance(v, str) and v.startswith("C1") for row in sheet.iter_rows(values_only=True)
                       for v in row)  # aggregates only: no customer id in the workbook
        assert sheet["G3"].value == "Enterprise"

    def test_bad_segment_cell_is_named(self):
        data, row = export_with_value(BASE, "Customer value", "segment.2.retention", 1.5)
        with pytest.raises(CrmCaseError) as caught:
            read_workbook(data)
        assert f"Customer value!D{row}: must be between 0 % and 100 %, got 150 %" in caught.value.problems


class TestGoalsSheet:
    def test_goals_actuals_and_actions_round_trip(self):
        from crm_case.goals import example_actuals, merge_actuals

        case = merge_actuals(BASE, example_actuals(BASE))
        data = case.model_dump(mode="json")
        data["goals"]["actions"] = {"Win rate": "=Coach reps on qualification"}  # text, never a formula
        case = Case.model_validate(data)
        exported = export_workbook(case)
        assert read_workbook(exported).case == case
        sheet = openpyxl.load_workbook(io.BytesIO(exported))["Goals"]
        assert sheet["G3"].value == "Keep customers" and sheet["J3"].value == pytest.approx(240_000)

    def test_a_target_on_the_wrong_side_is_named(self):
        data, row = export_with_value(BASE, "Goals", "metric.1.target", 0.2)
        with pytest.raises(CrmCaseError) as caught:
            read_workbook(data)
        assert f"Goals!D{row}: 0.2 is above the baseline 0.12 but the direction says lower is better" in \
            caught.value.problems


def export_with_value(case: Case, sheet: str, key: str, value) -> tuple[bytes, int]:
    """The case's export with ``value`` typed into the Value cell of ``key`` on a Key | Value ``sheet``; and the
    row of that cell."""
    workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
    ws = workbook[sheet]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=3).value == key)
    ws.cell(row=row, column=4, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), row


class TestDamagedOrOddFilesAreMessages:
    """Found by a review that fed the importer odd files: each used to raise something else than a message."""

    @pytest.mark.parametrize("text", ["nan", "inf", "-inf"])
    def test_not_finite_text_names_the_cell(self, text):
        [message] = problems(filled(assumptions={"Horizon years": text}))
        assert message.startswith("Assumptions!B") and "is not a finite number" in message

    def test_a_key_under_a_value_names_the_cell(self):
        def edit(workbook):
            ws = workbook["Drivers"]
            ws.cell(row=ws.max_row + 1, column=3, value="retention.enabled.x")
            ws.cell(row=ws.max_row, column=4, value=5)

        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        edit(workbook)
        out = io.BytesIO()
        workbook.save(out)
        found = problems(out.getvalue())
        assert any(p.startswith("Drivers!") and "'retention.enabled.x' is not a known field" in p for p in found)

    def test_a_vote_for_no_criterion_names_the_cell(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        ws = workbook["Scoring"]
        ws.cell(row=ws.max_row + 1, column=3, value="vote.1.abc")
        ws.cell(row=ws.max_row, column=4, value=5)
        out = io.BytesIO()
        workbook.save(out)
        assert any(p.startswith("Scoring!") and "unknown key 'vote.1.abc'" in p for p in problems(out.getvalue()))

    def test_a_damaged_compressed_part(self):
        data = bytearray(export_workbook(BASE))
        info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("[Content_Types].xml")
        data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 5] ^= 0xFF
        [message] = problems(bytes(data))
        assert message.startswith("Workbook: the file is corrupt")

    def test_content_types_part_in_lower_case(self):
        data = rezip(export_workbook(BASE), lambda name, content: content)
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                target.writestr(name.lower() if name == "[Content_Types].xml" else name, source.read(name))
        [message] = problems(out.getvalue())  # openpyxl needs the exact name: a message, not a KeyError
        assert message.startswith("Workbook: the file cannot be read")

    def test_assumptions_as_a_chartsheet(self):
        def edit(workbook):
            del workbook["Assumptions"]
            workbook.create_chartsheet("Assumptions")

        [message] = problems(filled(edit=edit))
        assert message.startswith("Workbook: the file cannot be read")


class TestTextNumbers:
    """Issue 15.5: numbers typed as text are read exactly or refused by cell with both readings."""

    AMBIGUOUS = ("Costs!C2: '5.000' is ambiguous: 5 or 5,000? Type it as a number, or name the format in "
                 "Assumptions (Number format | de-CH)")

    def test_text_amount_with_thousands_dot_and_decimal_comma_is_not_read_as_units(self):
        # regression: '12.000,00' was read as 12 (commas dropped, then 12.000 read as twelve)
        case = read_workbook(filled(costs=[("IT", "x", "12.000,00")]), BASE).case
        assert case.costs[0].initial == 12_000

    def test_text_amount_with_thousands_dot_is_not_read_as_units(self):
        # regression: '5.000' was read as 5, a 1,000x misread; now refused by cell with both readings
        assert problems(filled(costs=[("IT", "x", "5.000")])) == [self.AMBIGUOUS]

    def test_text_amounts_in_costs_cells(self):
        row = ("IT", "x", "CHF 1'234.50", "1 234,50 €", "1\u202f234,50", "1.234.567,89", "$1,234,567.89", "EUR 0")
        case = read_workbook(filled(costs=[row]), BASE).case
        assert case.costs[0].initial == 1234.5  # hand: the same 1,234.50 in three spellings (C2, D2, E2)
        assert case.costs[0].per_year[:4] == (1234.5, 1234.5, 1_234_567.89, 1_234_567.89)
        assert case.costs[0].amount(5) == 0

    def test_rates_with_a_per_cent_sign(self):
        data = filled(costs=[("IT", "x", 1, None, None, None, None, None, "12,5 %")],
                      assumptions={"Discount rate": "8.5 %"})
        case = read_workbook(data, BASE).case
        assert case.costs[0].risk_adjustment == pytest.approx(0.125)  # hand: 12.5 / 100
        assert case.assumptions.discount_rate == pytest.approx(0.085)  # hand: 8.5 / 100

    def test_a_per_cent_sign_in_an_amount_is_refused(self):
        assert problems(filled(costs=[("IT", "x", "10 %")])) == [
            "Costs!C2: '10 %' is a percentage; expected an amount (type it without %)"]

    @pytest.mark.parametrize(("number_format", "expected"), [("de-DE", 5_000), ("de-CH", 5), ("fr-FR", None)])
    def test_the_number_format_row_settles_it(self, number_format, expected):
        data = filled(costs=[("IT", "x", "5.000")], assumptions={"Number format": number_format})
        if expected is None:  # fr-FR writes 5,000 or 5 000: a point is neither its decimal mark nor its group
            [message] = problems(data)
            assert message.startswith("Costs!C2: '5.000' does not follow the number format fr-FR")
        else:
            assert read_workbook(data, BASE).case.costs[0].initial == expected

    def test_the_number_format_reads_every_sheet(self):
        data = filled(costs=[("IT", "x", "1.234,5", None, None, None, None, None, "12,5 %")],
                      assumptions={"Number format": "de-DE", "Discount rate": "7,5 %", "Horizon years": "5"})
        case = read_workbook(data, BASE).case
        assert case.costs[0].initial == 1234.5 and case.costs[0].risk_adjustment == pytest.approx(0.125)
        assert case.assumptions.discount_rate == pytest.approx(0.075)

    def test_an_unknown_number_format_names_the_cell(self):
        found = problems(filled(costs=[("IT", "x", 1)], assumptions={"Number format": "xx-YY"}))
        assert found == ["Assumptions!B8: 'xx-YY' is not a known number format; expected a locale such as de-CH, "
                         "de-DE, fr-FR, en-US, es-ES or it-IT"]

    def test_ambiguous_and_malformed_cells_are_all_named(self):
        found = problems(filled(costs=[("IT", "x", "5.000", "1,23,456"), ("IT", "y", "12,500")]))
        assert found[0] == self.AMBIGUOUS
        assert found[1].startswith("Costs!D2: '1,23,456' is not a number: its separators are not in a known place")
        assert found[2].startswith("Costs!C3: '12,500' is ambiguous: 12.5 or 12,500?")

    def test_key_value_sheets_read_text_numbers(self):
        data, _row = export_with_value(BASE, "Drivers", "retention.annual_margin_per_customer", "EUR 6'500")
        assert read_workbook(data).case.drivers.retention.annual_margin_per_customer == 6_500
        data, _row = export_with_value(BASE, "Drivers", "retention.churn_after", "9,5 %")
        assert read_workbook(data).case.drivers.retention.churn_after == pytest.approx(0.095)

    def test_key_value_sheets_refuse_an_ambiguous_number_by_cell(self):
        data, row = export_with_value(BASE, "Drivers", "retention.customers", "2.000")
        with pytest.raises(CrmCaseError) as caught:
            read_workbook(data)
        assert caught.value.problems == [f"Drivers!D{row}: '2.000' is ambiguous: 2 or 2,000? Type it as a number, or "
                                         "name the format in Assumptions (Number format | de-CH)"]

    def test_a_name_that_looks_like_a_number_stays_a_name(self):
        data, _ = export_with_value(BASE, "Vendors", "offer.1.name", "5.000")
        case = read_workbook(data).case
        assert case.vendors.offers[0].name == "5.000"

    def test_an_export_reads_back_with_its_empty_number_format_row(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        assert workbook["Assumptions"]["A8"].value == "Number format" and workbook["Assumptions"]["B8"].value is None
        assert read_workbook(export_workbook(BASE)).case == BASE


class TestYearColumns:
    """Issue 15.6: the template carries Year columns up to the maximum horizon; the import accepts Year columns
    beyond the horizon when they are empty or 0."""

    def test_template_has_year_columns_up_to_the_maximum_horizon(self):
        from crm_case.model import MAX_HORIZON_YEARS

        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(BASE)))
        header = [c.value for c in workbook["Costs"][1]]
        assert header[3:-1] == [f"Year {k}" for k in range(1, MAX_HORIZON_YEARS + 1)]
        assert header[-1] == "Risk adjustment"
        assert workbook["Assumptions"]["B5"].value == BASE.assumptions.horizon_years  # the case's horizon, kept

    def test_empty_year_column_beyond_the_horizon_is_not_refused(self):
        # regression: with the horizon 4 and the Year 5 column left empty, the file was refused
        data = filled(costs=[("IT", "x", 100, 1, 2, 3, 4, None, None, 0.1)], assumptions={"Horizon years": 4})
        case = read_workbook(data, BASE).case
        assert case.assumptions.horizon_years == 4 and case.costs[0].per_year == (1, 2, 3, 4)

    def test_zero_beyond_the_horizon_is_accepted(self):
        data = filled(costs=[("IT", "x", 100, 1, 2, 3, 4, 0, None, 0.1), ("IT", "y", 1, 1, 1, 1, 1, "0,00")],
                      assumptions={"Horizon years": 4})
        assert read_workbook(data, BASE).case.costs[1].per_year == (1, 1, 1, 1)

    def test_the_default_template_filled_for_the_case_horizon_reads_back(self):
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(BASE)))
        for column, value in enumerate(["IT", "Licences", 10, 1, 2, 3, 4, 5, None, None, None, None, None, 0.1], 1):
            workbook["Costs"].cell(row=2, column=column, value=value)
        out = io.BytesIO()
        workbook.save(out)
        case = read_workbook(out.getvalue(), BASE).case
        assert case.costs[0].per_year == (1, 2, 3, 4, 5) and case.costs[0].risk_adjustment == 0.1

    def test_an_amount_beyond_the_maximum_horizon_says_the_limit(self):
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(BASE)))
        ws = workbook["Costs"]
        ws["O1"], ws["A2"], ws["B2"], ws["C2"], ws["O2"] = "Year 11", "IT", "x", 1, 7
        out = io.BytesIO()
        workbook.save(out)
        assert problems(out.getvalue()) == [
            "Costs!O2: Year 11 is beyond the 5-year horizon (Assumptions!B5); leave it empty or the horizon is at "
            "most 10 years"]

    def test_year_zero_is_not_a_year(self):
        def edit(workbook):
            workbook["Costs"]["D1"] = "Year 0"

        assert problems(filled(costs=[("IT", "x", 1)], edit=edit))[0].startswith(
            "Costs!D1: 'Year 0' is not a year of the case; years count from Year 1")


def _saved(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


KEY_VALUE_SHEETS = ("Drivers", "Rollout", "Cost of delay", "Scoring", "Scenarios", "Vendors", "Customer value",
                    "Goals")
DELAY_RATES = {"new_product_shortfall", "campaign_waste_share", "waste_growth_per_month", "attrition_rate",
               "churn_uplift", "price_increase_per_year"}
"""Fractions of the Cost of delay sheet (model.py: CostOfDelay) that the export writes as General, not as %."""


class TestReviewFixes:
    """An adversarial review of the import found each of these; every test is named after what broke."""

    @pytest.mark.parametrize("title", ["Year 1", "Year 01", "Year1", " year 1 "])
    def test_a_repeated_year_header_does_not_drop_the_first_columns_amounts(self, title):
        # regression: with D1 and E1 both Year 1, per_year was (200,): the 100 of D2 was lost silently
        def edit(workbook):
            workbook["Costs"]["E1"] = title

        assert problems(filled(costs=[("IT", "x", 0, 100, 200)], edit=edit)) == [
            f"Costs!E1: {title.strip()!r} repeats the column of Costs!D1; keep one"]

    def test_a_second_initial_or_a_repeated_header_beyond_the_horizon_is_refused(self):
        def edit(workbook):
            ws = workbook["Costs"]
            ws["D1"], ws["J1"], ws["K1"] = "Initial", "Year 7", "YEAR 7"  # the horizon is 5: Year 7 is beyond it

        assert problems(filled(costs=[("IT", "x", 10, 20)], edit=edit)) == [
            "Costs!D1: 'Initial' repeats the column of Costs!C1; keep one",
            "Costs!K1: 'YEAR 7' repeats the column of Costs!J1; keep one"]

    def test_a_per_cent_sign_in_a_count_of_the_drivers_sheet_is_refused(self):
        # regression: reps = "50 %" was read as 0.5 reps, working_weeks = "46 %" as 0.46 weeks
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        ws = workbook["Drivers"]
        rows = {ws.cell(row=r, column=3).value: r for r in range(2, ws.max_row + 1)}
        ws.cell(row=rows["sales_productivity.reps"], column=4, value="50 %")
        ws.cell(row=rows["sales_productivity.working_weeks"], column=4, value="46 %")
        assert problems(_saved(workbook)) == [
            f"Drivers!D{rows['sales_productivity.reps']}: '50 %' is a percentage; expected a count or an amount "
            "(type it without %)",
            f"Drivers!D{rows['sales_productivity.working_weeks']}: '46 %' is a percentage; expected a count or an "
            "amount (type it without %)"]

    def test_a_percentage_is_not_a_yes(self):
        # regression: retention.enabled = "100 %" was read as True
        data, row = export_with_value(BASE, "Drivers", "retention.enabled", "100 %")
        assert problems(data) == [f"Drivers!D{row}: must be true or false, got '100 %'"]

    @pytest.mark.parametrize(("text", "enabled"), [("yes", True), ("FALSE", False), ("1", True), ("no\n", False)])
    def test_a_yes_or_no_still_reads(self, text, enabled):
        data, _ = export_with_value(BASE, "Drivers", "retention.enabled", text)
        assert read_workbook(data).case.drivers.retention.enabled is enabled

    def test_every_rate_cell_of_an_export_reads_a_per_cent_sign(self):
        from crm_case.model import InputRange, RiskSettings

        case = Case.model_validate(BASE.model_copy(update={"risk": RiskSettings(ranges=(
            InputRange(path="rollout.peak_adoption", low=-0.25, high=0.05),))}).model_dump())
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        typed = []
        for ws in (workbook[name] for name in KEY_VALUE_SHEETS):
            for row in range(2, ws.max_row + 1):
                key, cell = ws.cell(row=row, column=3).value, ws.cell(row=row, column=4)
                rate = cell.number_format == "0.0%" or (ws.title == "Cost of delay" and key in DELAY_RATES)
                if key and rate and type(cell.value) in (int, float):
                    cell.value = f"{cell.value * 100:.12g} %"
                    typed.append(f"{ws.title}!{key}")
        assert "Scenarios!range.1.low" in typed and "Customer value!top_share" in typed and len(typed) > 25
        assert read_workbook(_saved(workbook)).case == case  # hand: 'x %' is x / 100, the value the cell held

    def test_a_cell_shown_as_a_percentage_reads_a_per_cent_sign_in_the_customer_summary(self):
        # regression: summary.top_share of the customer analysis was shown as a percentage (its key ends like the
        # segments' top_share) yet '25 %' typed there was refused; a Key | Value cell is now shown as a percentage
        # exactly where the model's field is a fraction (crm_case.model.is_fraction), which is where % is read
        from crm_case.customers import read_customers, summary, synthetic_customers, to_csv

        before, after = synthetic_customers(today=dt.date(2026, 6, 30))
        data = BASE.model_dump(mode="json")
        data["customers"]["summary"] = summary(read_customers(to_csv(before), "b.csv", today=dt.date(2026, 6, 30)),
                                               read_customers(to_csv(after), "a.csv", today=dt.date(2026, 6, 30)))
        case = Case.model_validate(data)
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        ws = workbook["Customer value"]
        shown = {ws.cell(row=r, column=3).value: ws.cell(row=r, column=4) for r in range(2, ws.max_row + 1)}
        assert shown["top_share"].number_format == "0.0%" and shown["segment.1.retention"].number_format == "0.0%"
        assert shown["summary.top_share"].number_format == "General"
        for cell in shown.values():
            if cell.number_format == "0.0%" and type(cell.value) in (int, float):
                cell.value = f"{cell.value * 100:.12g} %"
        assert read_workbook(_saved(workbook)).case == case  # hand: 'x %' is x / 100, the value the cell held

    def test_a_per_cent_sign_in_any_other_number_of_an_export_is_refused_by_cell(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(BASE)))
        refused = set()
        for ws in (workbook[name] for name in KEY_VALUE_SHEETS):
            for row in range(2, ws.max_row + 1):
                key, cell = ws.cell(row=row, column=3).value, ws.cell(row=row, column=4)
                rate = cell.number_format == "0.0%" or (ws.title == "Cost of delay" and key in DELAY_RATES)
                if key and not rate and type(cell.value) in (int, float):
                    cell.value = "1 %"
                    refused.add(f"{ws.title}!D{row}")
        found = problems(_saved(workbook))
        assert {p.split(":")[0] for p in found if "'1 %' is a percentage; expected" in p} == refused
        assert len(refused) > 40  # counts and amounts of every sheet, votes, weights, metric values, aggregates

    def test_a_lone_zero_is_not_read_as_thousands_under_the_number_format(self):
        # regression: '0.500' with Number format de-DE was read as 500
        data = filled(costs=[("IT", "x", "0.500")], assumptions={"Number format": "de-DE"})
        assert problems(data) == ["Costs!C2: '0.500' cannot be a number in de-DE: . groups thousands there (its "
                                  "decimal mark is ,); expected an amount"]

    def test_a_line_break_after_an_amount_is_not_a_problem(self):
        # regression: '5\n' (Alt+Enter) and '5\t' were refused as "'5' is not a number"
        case = read_workbook(filled(costs=[("IT", "x", "5\n", "1.234,50\t")]), BASE).case
        assert case.costs[0].initial == 5 and case.costs[0].per_year[0] == 1234.5
        data, _ = export_with_value(BASE, "Vendors", "offer.1.users", "40\n")
        assert read_workbook(data).case.vendors.offers[0].users == 40

    def test_a_second_horizon_row_is_refused_naming_both(self):
        # regression: a second 'Horizon years' row silently won over the first
        def edit(workbook):
            workbook["Assumptions"]["A9"], workbook["Assumptions"]["B9"] = "Horizon years", 3

        assert problems(filled(edit=edit)) == ["Assumptions!A9: 'Horizon years' repeats the row of Assumptions!A5; "
                                               "keep one"]

    def test_a_second_number_format_row_is_refused_naming_both(self):
        # regression: the first 'Number format' row silently won over the second
        def edit(workbook):
            workbook["Assumptions"]["A9"], workbook["Assumptions"]["B9"] = "Number format", "de-CH"

        assert problems(filled(assumptions={"Number format": "de-DE"}, edit=edit)) == [
            "Assumptions!A9: 'Number format' repeats the row of Assumptions!A8; keep one"]

    def test_a_number_format_without_a_country_or_language_is_refused(self):
        assert problems(filled(assumptions={"Number format": "und"})) == [
            "Assumptions!B8: 'und' is not a known number format; expected a locale such as de-CH, de-DE, fr-FR, "
            "en-US, es-ES or it-IT"]

    def test_an_amount_out_of_range_names_the_cell(self):
        # regression: 1e13 gave 'Workbook: costs[0].initial must be at most ...' instead of the cell
        assert problems(filled(costs=[("IT", "x", 1e13, "2e13")], benefits=[("Sales", "y", 1e12)])) == [
            "Costs!C2: 1e+13 is too large; an amount must be at most 1,000,000,000,000",
            "Costs!D2: 2e+13 is too large; an amount must be at most 1,000,000,000,000"]  # 1e12 itself is allowed

    def test_an_export_holds_every_part_and_a_template_none(self):
        from crm_case.start import KEPT_PARTS

        assert read_workbook(export_workbook(sample_case())).held == frozenset(KEPT_PARTS)
        assert len(KEPT_PARTS) == 8  # drivers, rollout, delay, scoring, readiness, vendors, customers, goals
        assert read_workbook(filled(costs=[("IT", "x", 1)]), BASE).held == frozenset()
        assert read_workbook(budget_template(BASE), BASE).held == frozenset()


# --------------------------------------------------------------------------- value of information (issue 20.5)
PILOT = {"cost": 15_000.0, "months": 3, "users": 20, "stop_cost": 2_500.0, "spread": 0.4,
         "reveals": ("rollout.peak_adoption", "drivers.sales_productivity.hours_saved_per_week")}


def straddling_case(pilot: dict | None = PILOT, runs: int = 2_000) -> Case:
    """The sample plus a one-off outlay of 450,000, so that the NPV straddles zero and information has a value
    (as in tests/unit/test_voi.py), with ``pilot`` as its risk.pilot and ``runs`` runs (seed 11)."""
    from crm_case import with_values

    costs = [item.model_dump(mode="json") for item in BASE.costs]
    costs.append({"category": "IT", "name": "Outlay", "initial": 450_000.0})
    return with_values(BASE, {"costs": costs, "risk.pilot": pilot, "risk.runs": runs, "risk.seed": 11})


def voi_rows(data: bytes, sheet: str = "Value of information") -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return [row for row in workbook[sheet].iter_rows(values_only=True) if any(v is not None for v in row)]


class TestValueOfInformation:
    def test_the_simulation_behind_the_sheet_is_monte_carlos(self):
        """The sheet's runs are crm_case.risk.monte_carlo's (same draws, same NPVs, bit for bit), without the
        per-run IRR it does not need; under every timing convention."""
        import numpy as np

        from crm_case import with_values
        from crm_case.excel.writer import npv_simulation
        from crm_case.risk import monte_carlo

        for timing in ("end_of_year", "mid_year", "monthly"):
            case = with_values(straddling_case(None), {"assumptions.timing": timing})
            expected, got = monte_carlo(case), npv_simulation(case)
            assert np.array_equal(got.runs.npv, expected.runs.npv) and got.seed == 11 and got.count == 2_000
            assert all(np.array_equal(got.samples[p], expected.samples[p]) for p in expected.samples)

    def test_the_sheet_holds_the_engines_figures_as_values(self):
        from crm_case.risk import monte_carlo
        from crm_case.story import input_label
        from crm_case.voi import evpi, evppi_table, pilot_paths

        case = straddling_case()
        rows = voi_rows(export_workbook(case))
        assert not [v for row in rows for v in row if isinstance(v, str) and v.startswith("=")]  # values only
        assert "2,000 runs, seed 11" in rows[1][0] and "CSV" in rows[1][0]
        mc = monte_carlo(case)
        perfect = evpi(mc)
        header = rows.index(("EVPI", "Standard error", "Chance that NPV > 0", "Expected NPV", None))
        assert rows[header + 1][:4] == pytest.approx((perfect.value, perfect.standard_error, mc.probability_positive,
                                                      mc.runs.npv.mean()))
        assert perfect.value > 0  # the NPV straddles zero
        table = evppi_table(mc)
        start = rows.index(("Input", "EVPPI", "Standard error", "Share of EVPI", None)) + 1
        shown = rows[start:start + len(table)]
        assert [r[0] for r in shown] == [input_label(p, "en") for p in table["path"]]
        assert [r[1] for r in shown] == pytest.approx(list(table["evppi"]))
        assert [r[2] for r in shown] == pytest.approx(list(table["standard_error"]))
        assert [r[3] for r in shown] == pytest.approx(list(table["share_of_evpi"]))
        analysis = pilot_paths(case, case.risk.pilot, mc)
        paths = analysis.table()
        start = rows.index(("Path", "Expected NPV", "Chance that NPV > 0", "P10", "P90")) + 1
        assert [r[0] for r in rows[start:start + 4]] == ["Go ahead now", "Pilot, then decide",
                                                         "Wait 3 months, then decide", "Do not invest"]
        for got, (_, expected) in zip(rows[start:start + 4], paths.iterrows(), strict=True):
            assert got[1:5] == pytest.approx((expected["expected_npv"], expected["probability_positive"],
                                              expected["p10"], expected["p90"]))
        labels = {row[0]: row[1] for row in rows[start + 4:]}
        flexibility = next(v for k, v in labels.items() if k.startswith("Flexibility value of the pilot"))
        assert flexibility == pytest.approx(analysis.option_value)
        assert labels["Best path"] in {"Go ahead now", "Pilot, then decide", "Wait 3 months, then decide",
                                       "Do not invest"}
        assert any("3 months with 20 users, costing €15,000 (stopping after it: €2,500)" in str(row[0])
                   for row in rows)

    def test_without_information_value_the_sheet_says_so_and_shares_are_n_a(self):
        """The sample as it is: every run's NPV is positive, EVPI 0, so each input's share of it does not exist."""
        rows = voi_rows(export_workbook(BASE))
        assert any(row[0] == "Every run leads to the same decision: no check and no pilot can change it."
                   for row in rows)
        start = [row[:4] for row in rows].index(("Input", "EVPPI", "Standard error", "Share of EVPI")) + 1
        assert rows[start][3] == "n/a"
        assert not any(str(row[0]).startswith("Pilot (") for row in rows)  # no pilot, no paths

    @pytest.mark.parametrize("language", ["en", "es", "zh-Hant"])
    def test_a_pilot_round_trips_through_the_scenarios_sheet(self, language):
        case = straddling_case(runs=500)
        data = export_workbook(case, language=language)
        assert read_workbook(data).case == case
        assert read_workbook(data).case.risk.pilot.reveals == PILOT["reveals"]
        assert read_workbook(export_workbook(straddling_case(None, runs=500))).case.risk.pilot is None

    def test_the_value_of_information_sheet_is_not_read(self):
        """Whatever a user writes on it (a formula too), the import ignores the sheet."""
        case = straddling_case(runs=500)
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        workbook["Value of information"]["B6"] = "=1/0"
        workbook["Value of information"]["A1"] = "anything"
        out = io.BytesIO()
        workbook.save(out)
        assert read_workbook(out.getvalue()).case == case

    @staticmethod
    def _edited(case: Case, edit) -> bytes:
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(case)))
        ws = workbook["Scenarios"]
        edit(ws, {ws.cell(row=r, column=3).value: r for r in range(2, ws.max_row + 1)})
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()

    def test_bad_pilot_cells_are_named(self):
        def edit(ws, rows):
            ws.cell(row=rows["pilot.months"], column=4, value=30)
            ws.cell(row=rows["pilot.reveals.2"], column=4, value="drivers.unknown.thing")
            ws.cell(row=ws.max_row + 1, column=3, value="pilot.colour")
            ws.cell(row=ws.max_row, column=4, value="red")

        case = straddling_case(runs=500)
        with pytest.raises(CrmCaseError) as caught:
            read_workbook(self._edited(case, edit))
        rows = {openpyxl.load_workbook(io.BytesIO(export_workbook(case)))["Scenarios"].cell(row=r, column=3).value: r
                for r in range(2, 40)}
        found = caught.value.problems
        assert any(p.startswith(f"Scenarios!D{rows['pilot.months']}: ") and "24" in p for p in found), found
        assert any(p.startswith("Scenarios!D") and "unknown key 'pilot.colour'" in p for p in found), found
        assert any(p.startswith("Scenarios!D") and "drivers.unknown.thing" in p for p in found), found

    def test_a_pilot_whose_values_are_all_cleared_is_no_pilot(self):
        def edit(ws, rows):
            for key, row in rows.items():
                if str(key).startswith("pilot."):
                    ws.cell(row=row, column=4).value = None

        case = straddling_case(runs=500)
        assert read_workbook(self._edited(case, edit)).case.risk.pilot is None

    def test_a_cleared_optional_pilot_value_takes_its_default(self):
        def edit(ws, rows):
            ws.cell(row=rows["pilot.stop_cost"], column=4).value = None
            ws.cell(row=rows["pilot.spread"], column=4).value = None

        pilot = read_workbook(self._edited(straddling_case(runs=500), edit)).case.risk.pilot
        assert pilot.stop_cost == 0.0 and pilot.spread == 0.5 and pilot.cost == 15_000.0
