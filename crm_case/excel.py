"""Excel in: the budget template and the validated import of a filled workbook (pure, on bytes).

The workbook layout, shared with the export (:mod:`crm_case.export`):

* ``Assumptions``: ``Name | Value`` rows ``Name``, ``Currency``, ``Discount rate``, ``Horizon years``,
  ``Start date``, ``Timing`` and the optional ``Number format`` (a locale such as ``de-CH``: how numbers typed
  as text in this file are written; empty when amounts are typed as numbers);
* ``Costs``: ``Category | Item | Initial | Year 1 | ... | Year N | Risk adjustment``;
* ``Benefits``: ``Area | Item | Initial | Year 1 | ... | Year N | Risk adjustment``;
* optional ``Drivers``, ``Rollout`` and ``Cost of delay`` sheets with ``Key | Value`` columns (written by
  the export).

Import rules: header matching ignores case and surrounding spaces, and a column header or an Assumptions row
given twice (``Year 1`` and ``Year 01``) is refused naming both cells; percentages are accepted as 0.1, as a 10 %
formatted cell or as the text ``10 %`` (a ``%`` only where the model's field is a rate: :func:`_expected`);
amounts above :data:`~crm_case.model.MAX_FIGURE` are refused by cell; blank amounts are 0;
numbers typed as text are read only when they have one reading (:func:`crm_case.numbers.parse_number`:
``1'234.50``, ``1.234,50``, ``CHF 1 234``; ``5.000`` is refused as 5 or 5,000 unless the Number format row
settles it); unknown columns are ignored with a warning; Year columns may be fewer than the horizon, and
beyond it only when their cells are empty or 0 (the template carries ten). Every problem is reported at once
as ``Sheet!Cell: what is wrong, what is expected``; when there is any, nothing is applied.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import math
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Annotated, Any, Union, get_args, get_origin

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from crm_case.errors import CrmCaseError
from crm_case.model import (
    Actual,
    BenefitArea,
    Case,
    CostCategory,
    CostOfDelay,
    CustomerValue,
    DiscountRate,
    Drivers,
    Fraction,
    Goals,
    InputRange,
    MAX_FIGURE,
    MAX_FIGURE_TEXT,
    MAX_HORIZON_YEARS,
    MAX_LINE_ITEMS,
    MAX_NUMBER_DIGITS,
    Metric,
    Money,
    Readiness,
    RiskSettings,
    Rollout,
    Scoring,
    Timing,
    Vendors,
    case_from_dict,
    problem_of,
    problems_of,
)
from crm_case.numbers import NumberTextError, number_symbols, parse_number
from crm_case.xlsx_safety import MAX_ROWS, check_workbook_bytes, hidden_sheets, scan_sheet_xml, sheet_parts

ASSUMPTION_ROWS = (
    ("Name", "name"),
    ("Currency", "currency"),
    ("Discount rate", "discount_rate"),
    ("Horizon years", "horizon_years"),
    ("Start date", "start_date"),
    ("Timing", "timing"),
)
"""Label in column A of the Assumptions sheet -> field of :class:`~crm_case.model.Assumptions`."""
NUMBER_FORMAT_LABEL = "Number format"
"""Optional Assumptions row below the others: the CLDR locale (de-CH, de-DE, fr-FR, en-US...) whose decimal mark
and digit grouping read the numbers typed as text in the workbook. It belongs to the file, not to the case."""
TEXT_KEYS = frozenset({"name", "path", "chosen", "statement", "link", "deadline", "estimation", "objective",
                       "strategy", "definition", "unit", "owner", "driver_input", "metric", "period", "note"})
"""Last part of the Key | Value keys whose value is text (names, paths, notes): never read as a number, so a
vendor called "1,000" stays a name. Every other text value that spells a number is read by
:func:`crm_case.numbers.parse_number`."""
SECTIONS = {"Costs": ("costs", "Category", CostCategory), "Benefits": ("benefits", "Area", BenefitArea)}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
MONEY_FORMAT = "#,##0;-#,##0"
PERCENT_FORMAT = "0.0%"
DATA_ROWS = 500
"""Rows of the template's line-item sheets that carry dropdowns and validation."""


# --------------------------------------------------------------------------- writing (shared with the export)
def safe_text(cell: Any, text: str) -> None:
    """Write user text so that it can never become a formula (OWASP CSV/formula injection): text starting
    with ``=``, ``+``, ``-``, ``@``, tab or carriage return is stored as a string with Excel's quote
    prefix, so Excel shows it and never evaluates it."""
    cell.value = text
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        cell.data_type = "s"
        cell.quotePrefix = True


def style_header(ws: Any, row: int = 1) -> None:
    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def write_assumptions(ws: Any, case: Case) -> dict[str, str]:
    """The Assumptions sheet; returns field -> cell reference (``B4``), and ``number_format`` -> the cell of
    the optional Number format row (written empty: the file's numbers are numbers)."""
    a = case.assumptions
    ws.append(["Name", "Value", "What it means"])
    style_header(ws)
    notes = {
        "name": "Name of the case.",
        "currency": "ISO 4217 code of every amount (EUR, USD...).",
        "discount_rate": "Annual discount rate: 10 % or 0.1.",
        "horizon_years": "Years evaluated, 1 to 10; Year columns beyond it must be empty or 0.",
        "start_date": "Date of the decision (month 0), YYYY-MM-DD.",
        "timing": "end_of_year (Forrester TEI), mid_year or monthly.",
    }
    values = {"name": a.name, "currency": a.currency, "discount_rate": a.discount_rate,
              "horizon_years": a.horizon_years, "start_date": a.start_date, "timing": a.timing.value}
    refs = {}
    for row, (label, key) in enumerate(ASSUMPTION_ROWS, start=2):
        ws.cell(row=row, column=1, value=label)
        cell = ws.cell(row=row, column=2)
        if isinstance(values[key], str):
            safe_text(cell, values[key])
        else:
            cell.value = values[key]
        cell.fill = INPUT_FILL
        ws.cell(row=row, column=3, value=notes[key])
        refs[key] = f"B{row}"
    row = len(ASSUMPTION_ROWS) + 2
    ws.cell(row=row, column=1, value=NUMBER_FORMAT_LABEL)
    ws.cell(row=row, column=2).fill = INPUT_FILL
    ws.cell(row=row, column=3, value="Optional. Only for numbers typed as text: the locale they are written in, "
                                     "e.g. de-CH (1'234.50), de-DE (1.234,50), fr-FR (1 234,50), en-US (1,234.50). "
                                     "Without it, text such as 5.000 (5 or 5,000?) is refused.")
    refs["number_format"] = f"B{row}"
    ws[refs["discount_rate"]].number_format = PERCENT_FORMAT
    ws[refs["start_date"]].number_format = "yyyy-mm-dd"
    rate = DataValidation(type="decimal", operator="between", formula1="-0.99", formula2="1", showErrorMessage=True,
                          errorTitle="Discount rate", error="Enter a rate between -99 % and 100 %, e.g. 10 %.")
    horizon = DataValidation(type="whole", operator="between", formula1="1", formula2="10", showErrorMessage=True,
                             errorTitle="Horizon", error="Enter a whole number of years from 1 to 10.")
    timing = DataValidation(type="list", formula1='"end_of_year,mid_year,monthly"', showErrorMessage=True,
                            errorTitle="Timing", error="Choose end_of_year, mid_year or monthly.")
    start = DataValidation(type="date", operator="greaterThan", formula1="1", showErrorMessage=True,
                           errorTitle="Start date", error="Enter a date, e.g. 2027-01-01.")
    for validation, key in ((rate, "discount_rate"), (horizon, "horizon_years"), (timing, "timing"),
                            (start, "start_date")):
        ws.add_data_validation(validation)
        validation.add(refs[key])
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 60
    ws.freeze_panes = "A2"
    return refs


def write_items(ws: Any, sheet: str, case: Case, rows: int | None = None, *,
                years: int | None = None) -> tuple[int, int]:
    """A Costs or Benefits sheet; returns (last data row, risk column index). ``rows`` extends the
    dropdowns and validation below the items (for the template); ``years`` Year columns (default: the
    case's horizon; more leaves the columns beyond the horizon empty, for the template)."""
    section, group_label, kinds = SECTIONS[sheet]
    horizon = case.assumptions.horizon_years
    years = horizon if years is None else years
    ws.append([group_label, "Item", "Initial", *[f"Year {k}" for k in range(1, years + 1)], "Risk adjustment"])
    style_header(ws)
    risk_column = 4 + years
    items = getattr(case, section)
    group_field = group_label.lower()
    for row, item in enumerate(items, start=2):
        ws.cell(row=row, column=1, value=getattr(item, group_field).value)
        safe_text(ws.cell(row=row, column=2), item.name)
        ws.cell(row=row, column=3, value=item.initial)
        for k in range(1, min(years, horizon) + 1):
            ws.cell(row=row, column=3 + k, value=item.amount(k))
        ws.cell(row=row, column=risk_column, value=item.risk_adjustment)
    last = max(len(items) + 1, 2)
    span = max(last, (rows or 0) + 1)
    for row in range(2, span + 1):
        for column in range(3, risk_column):
            ws.cell(row=row, column=column).number_format = MONEY_FORMAT
        ws.cell(row=row, column=risk_column).number_format = PERCENT_FORMAT
    letters = get_column_letter(risk_column)
    group = DataValidation(type="list", formula1='"' + ",".join(k.value for k in kinds) + '"', showErrorMessage=True,
                           errorTitle=group_label, error=f"Choose one of {', '.join(k.value for k in kinds)}.")
    amount = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", showErrorMessage=True,
                            errorTitle="Amount", error="Enter an amount of zero or more (no text, no negative).")
    risk = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", showErrorMessage=True,
                          errorTitle="Risk adjustment", error="Enter a percentage from 0 % to 100 %, e.g. 15 %.")
    for validation, ref in ((group, f"A2:A{span}"), (amount, f"C2:{get_column_letter(risk_column - 1)}{span}"),
                            (risk, f"{letters}2:{letters}{span}")):
        ws.add_data_validation(validation)
        validation.add(ref)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 42
    for column in range(3, risk_column + 1):
        ws.column_dimensions[get_column_letter(column)].width = 14
    ws.freeze_panes = "C2"
    return last, risk_column


INSTRUCTIONS = [
    ("crm-case budget template", ""),
    ("", ""),
    ("Sheet", "What to enter"),
    ("Assumptions", "One value per row: Name, Currency (ISO code such as EUR), Discount rate (10 % or 0.1), "
                    "Horizon years (1-10), Start date (the decision), Timing (end_of_year, mid_year or monthly). "
                    "Number format is optional: leave it empty when you type amounts as numbers; if amounts are "
                    "typed as text, name the locale they are written in (de-CH for 1'234.50, de-DE for 1.234,50, "
                    "fr-FR for 1 234,50, en-US for 1,234.50)."),
    ("Costs", "One line per cost. Category: IT, People or Process. Item: a unique name. Initial: spent at the "
              "decision. Year 1..N: spent during each year; fill the years of the horizon (Assumptions) and "
              "leave the later Year columns empty. Risk adjustment: how much the cost may overrun "
              "(15 % raises it by 15 %)."),
    ("Benefits", "One line per benefit you estimate yourself. Area: Marketing, Sales or Service. Risk "
                 "adjustment: how much the benefit may fall short (20 % lowers it by 20 %)."),
    ("", ""),
    ("Rules", "Amounts are in the case currency, zero or more; a blank amount is 0. Percentages may be typed "
              "as 15 % or 0.15. Amounts typed as text are read when they have one reading (1'234.50, 1.234,50, "
              "CHF 1 234); 5.000 or 12,500 (one separator, three digits after) is refused unless Number format "
              "names the locale. Do not merge cells, add formulas without saving the file in Excel, or use "
              "macros. Extra columns are ignored with a warning."),
    ("", ""),
    ("Example (Costs)", "IT | CRM subscription | 0 | 68,400 | 68,400 | 68,400 | 0 %"),
    ("", "People | Training | 30,000 | 8,000 | 8,000 | 8,000 | 10 %"),
    ("Example (Benefits)", "Service | Fewer service contacts | 0 | 40,000 | 60,000 | 60,000 | 20 %"),
]


def budget_template(case: Case | None = None, *, years: int | None = None) -> bytes:
    """The budget template as .xlsx bytes: the assumptions of ``case`` (default: a new case), empty
    Costs and Benefits sheets, dropdowns, validation with error messages, number formats, frozen headers, and
    an Instructions sheet.

    ``years`` given: that many Year columns and the horizon set to it. Not given: the case's horizon and
    :data:`~crm_case.model.MAX_HORIZON_YEARS` Year columns, so a longer horizon needs no new template (the
    import accepts Year columns beyond the horizon when they are empty or 0).
    """
    base = case or Case()
    if years is not None:
        base = base.model_copy(update={"assumptions": base.assumptions.model_copy(update={"horizon_years": years})})
    columns = years if years is not None else max(MAX_HORIZON_YEARS, base.assumptions.horizon_years)
    blank = base.model_copy(update={"costs": (), "benefits": ()})
    workbook = openpyxl.Workbook()
    instructions = workbook.active
    instructions.title = "Instructions"
    for row in INSTRUCTIONS:
        instructions.append(list(row))
    instructions["A1"].font = Font(bold=True, size=14)
    for cell in instructions[3]:
        cell.font = Font(bold=True)
    instructions.column_dimensions["A"].width = 20
    instructions.column_dimensions["B"].width = 110
    for row in instructions.iter_rows():
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    write_assumptions(workbook.create_sheet("Assumptions"), blank)
    write_items(workbook.create_sheet("Costs"), "Costs", blank, rows=DATA_ROWS, years=columns)
    write_items(workbook.create_sheet("Benefits"), "Benefits", blank, rows=DATA_ROWS, years=columns)
    workbook.active = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- reading
HELD_BY_SHEET = MappingProxyType({
    "Drivers": ("drivers",), "Rollout": ("rollout",), "Cost of delay": ("delay",), "Scoring": ("scoring", "readiness"),
    "Vendors": ("vendors",), "Customer value": ("customers",), "Goals": ("goals",)})
"""Optional sheet -> the parts of the case it holds, named as :data:`crm_case.start.KEPT_PARTS` names them."""


@dataclass
class WorkbookImport:
    """A validated import: the new case, the warnings to show (ignored columns, hidden sheets) and ``held``, the
    parts of the case the workbook itself holds (:data:`HELD_BY_SHEET`, in the names of
    :data:`crm_case.start.KEPT_PARTS`): an export holds all of them, a budget template none. The others come
    from the case the workbook was read onto."""

    case: Case
    warnings: list[str] = field(default_factory=list)
    held: frozenset[str] = frozenset()


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).lower() if text is not None else ""


def _number(value: Any, where: str, problems: list[str], *, what: str = "an amount", locale: str | None = None,
            percent: bool = False) -> float | None:
    """A cell as a float: blank is 0; text is read by :func:`crm_case.numbers.parse_number` with the
    workbook's ``locale`` (its Number format row) and ``percent`` where a rate is expected; dates, text that
    is not a number, ambiguous or malformed spellings are problems naming the cell (``where``)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0.0
    if isinstance(value, bool):
        problems.append(f"{where}: {value} is not {what}; expected a number")
        return None
    if isinstance(value, (int, float)):
        number = float(value) if abs(value) < 1e308 else math.inf
        if not math.isfinite(number):
            shown = f"a {int(math.log10(abs(value))) + 1:,}-digit number" if isinstance(value, int) else f"{value:.6g}"
            problems.append(f"{where}: {shown} is not a finite number; expected {what}")
            return None
        return number
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        problems.append(f"{where}: a date ({value:%Y-%m-%d}) is not {what}; expected a number"
                        if not isinstance(value, dt.time) else f"{where}: a time is not {what}; expected a number")
        return None
    try:
        return parse_number(str(value), locale=locale, percent=percent, what=what)
    except NumberTextError as error:
        problems.append(f"{where}: {error}")
        return None


def _fraction(value: Any, where: str, problems: list[str], what: str, locale: str | None = None) -> float | None:
    """A rate from 0 to 1 (15 %, 0.15 or the text '15 %'); out of range is a problem naming the cell."""
    number = _number(value, where, problems, what=what, locale=locale, percent=True)
    if number is not None and not 0 <= number <= 1:
        problems.append(f"{where}: {number * 100:g} % is not a valid {what}; expected 0 % to 100 % "
                        f"(type 15 % or 0.15)")
        return None
    return number


def _is_header(row: Any) -> bool:
    """The Assumptions sheet's header ``Name | Value`` (row 1): not the row that names the case."""
    return row[0].row == 1 and len(row) > 1 and _norm(row[1].value) == "value"


def _read_number_format(ws: Any, problems: list[str]) -> str | None:
    """The locale named in the Assumptions row ``Number format`` (``de-CH``), checked with babel; ``None``
    when the row is missing or empty. A name babel does not know, or a second Number format row, is a problem
    naming the cell (and the first row's)."""
    label = _norm(NUMBER_FORMAT_LABEL)
    rows = [row for row in ws.iter_rows(min_row=1, max_row=200, max_col=2) if row and _norm(row[0].value) == label]
    for row in rows[1:]:  # which one would hold? refuse rather than pick
        problems.append(f"Assumptions!A{row[0].row}: {str(row[0].value).strip()!r} repeats the row of "
                        f"Assumptions!A{rows[0][0].row}; keep one")
    for row in rows[:1]:
        value = row[1].value if len(row) > 1 else None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        where = f"Assumptions!B{row[0].row}"
        if not isinstance(value, str):
            problems.append(f"{where}: {value!r} is not a number format; expected a locale such as de-CH, de-DE, "
                            "fr-FR or en-US, or nothing")
            return None
        try:
            number_symbols(value)
        except NumberTextError as error:
            problems.append(f"{where}: {error}")
            return None
        return value.strip()
    return None


def _read_assumptions(ws: Any, base: Case, problems: list[str], warnings: list[str], *, locale: str | None = None,
                      cells: dict[str, str] | None = None) -> dict[str, Any]:
    """The Assumptions rows as the fields of the case's assumptions (validated); ``cells`` receives each
    field's cell (``Assumptions!B5``); numbers typed as text are read with ``locale``. A label given twice is a
    problem naming both rows (neither the first nor the last silently wins)."""
    found: dict[str, tuple[Any, str]] = {}
    labels = {_norm(label): key for label, key in ASSUMPTION_ROWS}
    for row in ws.iter_rows(min_row=1, max_row=200, max_col=2):
        if not row or row[0].value is None or _is_header(row):
            continue
        key = labels.get(_norm(row[0].value))
        if key and key in found:  # last-wins would silently drop the first row: refuse, naming both
            problems.append(f"Assumptions!A{row[0].row}: {str(row[0].value).strip()!r} repeats the row of "
                            f"Assumptions!A{found[key][1].removeprefix('Assumptions!B')}; keep one")
        elif key:
            value = row[1].value if len(row) > 1 else None
            found[key] = (value, f"Assumptions!B{row[0].row}")
    if cells is not None:
        cells.update({key: where for key, (_, where) in found.items()})
    out = base.assumptions.model_dump()
    for label, key in ASSUMPTION_ROWS:
        if key not in found:
            if key != "name":
                warnings.append(f"Assumptions: no '{label}' row; the current value {out[key]} is kept")
            continue
        value, where = found[key]
        if key == "discount_rate":
            number = _number(value, where, problems, what="a discount rate", locale=locale, percent=True)
            if number is not None:
                if not -1 < number <= 1:
                    problems.append(f"{where}: {number * 100:g} % is not a valid discount rate; "
                                    "expected above -100 % and at most 100 % (type 10 % or 0.1)")
                else:
                    out[key] = number
        elif key == "horizon_years":
            number = _number(value, where, problems, what="a number of years", locale=locale)
            if number is not None:
                if number != int(number) or not 1 <= number <= 10:
                    problems.append(f"{where}: {number:g} is not a valid horizon; expected a whole number of "
                                    "years from 1 to 10")
                else:
                    out[key] = int(number)
        elif key == "start_date":
            if isinstance(value, dt.datetime):
                out[key] = value.date()
            elif isinstance(value, dt.date):
                out[key] = value
            else:
                try:
                    out[key] = dt.date.fromisoformat(str(value).strip())
                except ValueError:
                    problems.append(f"{where}: {value!r} is not a date; expected a date such as 2027-01-01")
        elif key == "timing":
            text = _norm(value).replace(" ", "_").replace("-", "_")
            options = {t.value for t in Timing}
            if text not in options:
                problems.append(f"{where}: {value!r} is not a timing; expected end_of_year, mid_year or monthly")
            else:
                out[key] = text
        elif value is None or not str(value).strip():
            problems.append(f"{where}: the {label.lower()} is blank; expected a value")
        else:
            out[key] = str(value).strip()
    try:
        return type(base.assumptions).model_validate(out).model_dump()
    except ValidationError as error:
        for problem in problems_of(error):
            key = problem.split(" ", 1)[0]
            problems.append(f"{found.get(key, (None, 'Assumptions'))[1]}: {problem.split(' ', 1)[1]}")
        return out


def _read_items(ws: Any, sheet: str, horizon: int, horizon_ref: str, scan: Any, problems: list[str],
                warnings: list[str], *, locale: str | None = None) -> list[dict[str, Any]]:
    """The line items of a Costs or Benefits sheet. Year columns beyond ``horizon`` (whose cell
    ``horizon_ref`` names) are read only to check that they are empty or 0; an amount there is a problem
    naming its cell. Numbers typed as text are read with ``locale``."""
    section, group_label, kinds = SECTIONS[sheet]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        problems.append(f"{sheet}!A1: the sheet is empty; expected a header row {group_label} | Item | Initial | "
                        "Year 1 ... | Risk adjustment")
        return []
    columns: dict[str, int] = {}
    years: dict[int, int] = {}
    beyond: dict[int, int] = {}
    first_ref: dict[str | int, str] = {}  # a column's name (or year) -> the header cell that first gave it
    for index, title in enumerate(header):
        name = _norm(title)
        ref = f"{sheet}!{get_column_letter(index + 1)}1"
        year = re.fullmatch(r"year\s*(\d+)", name)
        column_id: str | int | None = (name if name in {group_label.lower(), "item", "initial", "risk adjustment"}
                                       else int(year.group(1)) if year else None)
        if column_id is not None and column_id in first_ref:  # Year 1 and Year 01: one column would hide the other
            problems.append(f"{ref}: {str(title).strip()!r} repeats the column of {first_ref[column_id]}; keep one")
            continue
        if column_id is not None:
            first_ref[column_id] = ref
        if name in {group_label.lower(), "item", "initial", "risk adjustment"}:
            columns[name] = index
        elif year:
            k = int(year.group(1))
            if k < 1:
                problems.append(f"{ref}: 'Year {k}' is not a year of the case; years count from Year 1 (amounts "
                                "at the decision go in Initial)")
            elif k > horizon:
                beyond[k] = index
            else:
                years[k] = index
        elif name:
            warnings.append(f"{ref}: column {str(title).strip()!r} is not used and was ignored")
    for required in (group_label.lower(), "item"):
        if required not in columns:
            problems.append(f"{sheet}!1: column '{required.title() if required != 'item' else 'Item'}' is missing; "
                            f"expected {group_label} | Item | Initial | Year 1 ... | Risk adjustment")
    if problems and (group_label.lower() not in columns or "item" not in columns):
        return []
    merged_rows = {}
    for ref in scan.merged:
        first = ref.split(":")[0]
        merged_rows.setdefault(int(re.sub(r"[A-Z]", "", first) or 0), ref)
    formula_cells = set(scan.formulas_without_values)
    items: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    valid = {k.value.lower(): k.value for k in kinds}
    group_key = group_label.lower()
    group_column, item_column = columns[group_key], columns["item"]
    amount_columns = [(0, columns.get("initial")), *sorted(years.items())]
    risk_column = columns.get("risk adjustment")
    letters = [get_column_letter(i + 1) for i in range(max([*columns.values(), *years.values(),
                                                            *beyond.values()]) + 1)]
    negative = ("a cost must be zero or more (a saving belongs in Benefits)" if sheet == "Costs" else
                "a benefit must be zero or more (an extra cost belongs in Costs)")
    width = len(letters)
    first_over, lines = 0, 0  # the first row beyond MAX_LINE_ITEMS lines, and how many lines the sheet has
    for row_number, values in enumerate(rows, start=2):
        if row_number > MAX_ROWS + 1:
            problems.append(f"{sheet}: more than {MAX_ROWS:,} rows; split the budget or summarise lines")
            break
        if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
            continue
        lines += 1
        if lines > MAX_LINE_ITEMS:  # counted, not read: the sheet is refused
            first_over = first_over or row_number
            continue
        if row_number in merged_rows:
            problems.append(f"{sheet}!{merged_rows[row_number]}: merged cells are not allowed in the data; "
                            "unmerge them")
            continue
        if len(values) < width:
            values = (*values, *([None] * (width - len(values))))

        def where(column: int) -> str:
            return f"{sheet}!{letters[column]}{row_number}"

        if formula_cells:
            for column in [*columns.values(), *years.values(), *beyond.values()]:
                if f"{letters[column]}{row_number}" in formula_cells:
                    problems.append(f"{where(column)}: the formula has no saved result (the file was written by a "
                                    "program and never opened in Excel); open and save it in Excel or LibreOffice, "
                                    "or type the value")
        got = values[group_column]
        group = _norm(got)
        if group not in valid:
            problems.append(f"{where(group_column)}: {got!r} is not a {group_key}; expected "
                            f"{', '.join(valid.values())}" if got is not None else
                            f"{where(group_column)}: the {group_key} is blank; expected {', '.join(valid.values())}")
        name_value = values[item_column]
        name = " ".join(str(name_value).split()) if name_value is not None else ""
        if not name:
            problems.append(f"{where(item_column)}: the item has no name; expected a short unique name")
        elif name.lower() in seen:
            problems.append(f"{where(item_column)}: item {name!r} appears twice (also row {seen[name.lower()]}); "
                            "give each line its own name")
        else:
            seen[name.lower()] = row_number
        amounts = [0.0] * (horizon + 1)
        for k, column in amount_columns:
            if column is None:
                continue
            raw = values[column]
            kind = type(raw)
            number = (float(raw) if kind is float or (kind is int and abs(raw) < 1e308) else
                      _number(raw, where(column), problems, locale=locale))
            if number is not None and number < 0:
                problems.append(f"{where(column)}: {number:g} is negative; {negative}")
                number = None
            elif number is not None and number > MAX_FIGURE:  # named here, not as costs[0].initial by the model
                problems.append(f"{where(column)}: {number:.6g} is too large; an amount must be at most "
                                f"{MAX_FIGURE_TEXT}")
                number = None
            amounts[k] = number or 0.0
        for k, column in sorted(beyond.items()):
            number = _number(values[column], where(column), problems, locale=locale)
            if number:  # None (already a problem), 0 and blank are fine
                fix = (f"set the horizon to {k}" if k <= MAX_HORIZON_YEARS else
                       f"the horizon is at most {MAX_HORIZON_YEARS} years")
                problems.append(f"{where(column)}: Year {k} is beyond the {horizon}-year horizon ({horizon_ref}); "
                                f"leave it empty or {fix}")
        risk = 0.0
        if risk_column is not None:
            raw = values[risk_column]
            if type(raw) is float and 0.0 <= raw <= 1.0:
                risk = raw
            else:
                risk = _fraction(raw, where(risk_column), problems, "risk adjustment", locale) or 0.0
        items.append({
            group_key: valid.get(group, group),
            "name": name or "?",
            "initial": amounts[0],
            "per_year": amounts[1:],
            "risk_adjustment": risk,
        })
    if first_over:
        problems.append(f"{sheet}!A{first_over}: at most {MAX_LINE_ITEMS:,} line items in {sheet} (this sheet has "
                        f"{lines:,}); row {first_over:,} is the first beyond the limit; summarise lines")
    return items


def _read_key_values(ws: Any, sheet: str, scan: Any, problems: list[str], *,
                     locale: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """Rows with a ``Key`` and a ``Value`` column -> {key: value}, {key: cell}. A value typed as text that
    spells a number is read by :func:`_text_value` (with ``locale``); the model validates the rest."""
    rows = ws.iter_rows(values_only=True)
    header = [_norm(v) for v in (next(rows, None) or [])]
    if "key" not in header or "value" not in header:
        problems.append(f"{sheet}!1: columns 'Key' and 'Value' are missing")
        return {}, {}
    key_col, value_col = header.index("key"), header.index("value")
    values, cells = {}, {}
    formulas = set(scan.formulas_without_values)
    for row_number, row in enumerate(rows, start=2):
        key = row[key_col] if key_col < len(row) else None
        if not key:
            continue
        ref = f"{get_column_letter(value_col + 1)}{row_number}"
        if ref in formulas:
            problems.append(f"{sheet}!{ref}: the formula has no saved result; open and save the file in Excel")
        value = row[value_col] if value_col < len(row) else None
        name = str(key).strip()
        if isinstance(value, str):
            value = _text_value(value, name, sheet, f"{sheet}!{ref}", problems, locale)
        values[name] = value
        cells[name] = f"{sheet}!{ref}"
    return values, cells


KEY_SHEETS: Mapping[str, tuple[type[BaseModel], Mapping[str, str]]] = MappingProxyType({
    "Drivers": (Drivers, MappingProxyType({})),
    "Rollout": (Rollout, MappingProxyType({})),
    "Cost of delay": (CostOfDelay, MappingProxyType({})),
    "Scoring": (Scoring, MappingProxyType({"criterion": "criteria", "vote": "participants"})),
    "Scenarios": (RiskSettings, MappingProxyType({"range": "ranges"})),
    "Vendors": (Vendors, MappingProxyType({"offer": "offers"})),
    "Customer value": (CustomerValue, MappingProxyType({"segment": "segments"})),
    "Goals": (Goals, MappingProxyType({"objective": "objectives", "metric": "metrics", "actual": "actuals",
                                       "action": "actions"})),
})
"""Key | Value sheet -> the model its keys address, and the sheet's name of a list field (``offer.2.users`` is
``offers[1].users``). The Scoring sheet's ``readiness.*`` keys address :class:`~crm_case.model.Readiness`."""
RATE_CHECKS = frozenset(get_args(rate)[-1].func for rate in (Fraction, DiscountRate))
"""The validators that make a field a rate: the last check of :data:`~crm_case.model.Fraction` (0 % to 100 %)
and of :data:`~crm_case.model.DiscountRate`. Only a field carrying one reads ``12 %`` as 0.12."""
PERCENT_FIELDS = frozenset({(CustomerValue, "top_share"), (InputRange, "low"), (InputRange, "high")})
"""Shares and relative changes bounded otherwise than a Fraction (the top share is above 0 and below 1, a
range's ends are -100 % to +1,000 %); a % is read there too. The export writes these cells, like every rate, as
percentages."""
_NON_NEGATIVE = get_args(Money)[-1].func
"""The last check of :data:`~crm_case.model.Money` and :data:`~crm_case.model.Count` (one object: typing caches
equal ``Annotated`` types, so the two, and ``Weight``, cannot be told apart by their checks)."""


METRIC_VALUES = frozenset({(Metric, "baseline"), (Metric, "target"), (Actual, "value")})
"""A metric's values, in its own unit: a % metric holds fractions (0.12), yet a ``%`` is not read there, since a
metric in points or days would read ``12 %`` as 0.12 too."""


@dataclass(frozen=True)
class _Expected:
    """What a Key | Value cell holds, from its field's type: ``kind`` "number", "bool" or "text"; ``percent``
    whether a % is read (a rate); ``what`` for messages."""

    kind: str
    percent: bool = False
    what: str = "a number"


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """``Annotated[float, checks]`` -> (float, checks); ``X | None`` -> X (and its checks)."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            for item in more:
                metadata += item.metadata if isinstance(item, FieldInfo) else [item]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


def _expected(sheet: str, key: str) -> _Expected | None:
    """What the field that ``key`` of ``sheet`` (:data:`KEY_SHEETS`) addresses holds, read from the model's
    annotations; ``None`` for a key the model does not know (the model or the sheet's decoder names it).

    A float field is a rate, read with its %, when its type is a :data:`~crm_case.model.Fraction` or a
    :data:`~crm_case.model.DiscountRate` (:data:`RATE_CHECKS`) or it is one of :data:`PERCENT_FIELDS`; every other
    number refuses a % (``reps = 50 %`` is not half a rep). A bool is never read from a number's spelling."""
    if sheet not in KEY_SHEETS:
        return None
    root, aliases = KEY_SHEETS[sheet]
    parts = key.split(".")
    if sheet == "Scoring" and parts[0] == "readiness":
        root, aliases, parts = Readiness, MappingProxyType({"score": "scores", "weight": "weights"}), parts[1:]
    elif sheet == "Scoring" and parts[0] == "vote" and len(parts) == 3 and parts[2].isdigit():
        parts = [*parts[:2], "scores", parts[2]]  # vote.<person>.<criterion number>: a score of the person
    if not parts or not all(parts):
        return None
    parts[0] = aliases.get(parts[0], parts[0])
    annotation: Any = root
    metadata: list[Any] = []
    owner: tuple[Any, str] | None = None
    index = 0
    while index < len(parts):
        annotation, more = _unwrap(annotation)
        metadata += more
        part = parts[index]
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            info = annotation.model_fields.get(part)
            if info is None:
                return None
            owner, annotation, metadata = (annotation, part), info.annotation, list(info.metadata)
        elif get_origin(annotation) in (tuple, list) and part.isdigit():
            annotation, metadata = get_args(annotation)[0], []
        elif get_origin(annotation) is dict:
            annotation, metadata = get_args(annotation)[1], []
            index = len(parts)  # summary.tier.top.customers: the rest of the key is the mapping's key
            continue
        else:
            return None
        index += 1
    annotation, more = _unwrap(annotation)
    metadata += more
    if annotation is bool:
        return _Expected("bool", what="true or false")
    if isinstance(annotation, type) and issubclass(annotation, (str, enum.Enum, dt.date)):
        return _Expected("text", what="a text")
    if annotation not in (int, float):
        return None
    if annotation is float and (owner in PERCENT_FIELDS or
                                any(getattr(m, "func", None) in RATE_CHECKS for m in metadata)):
        return _Expected("number", percent=True, what="a rate (15 % or 0.15)")
    if owner in METRIC_VALUES:
        return _Expected("number", what="a number in the metric's unit, 0.12 for 12 %")
    if owner is not None and owner[1].rstrip("s").endswith("weight"):
        return _Expected("number", what="a weight")
    if any(getattr(m, "func", None) is _NON_NEGATIVE for m in metadata):
        return _Expected("number", what="a count or an amount")
    low = next((m.ge for m in metadata if hasattr(m, "ge")), None)
    high = next((m.le for m in metadata if hasattr(m, "le")), None)
    what = "a whole number" if annotation is int else "a number"
    return _Expected("number", what=what if low is None or high is None else f"{what} from {low:g} to {high:g}")


def _text_value(text: str, key: str, sheet: str, where: str, problems: list[str], locale: str | None) -> Any:
    """A Key | Value cell holding text, read as its field expects (:func:`_expected`): the number it spells
    (``1'234.50``, ``EUR 1,234.50``; ``12 %`` -> 0.12 only for a rate), else the text unchanged for the model to
    validate. A % where no rate is expected, an ambiguous (``5.000``), malformed or non-finite spelling is a
    problem naming the cell; text keys (:data:`TEXT_KEYS`, ``replaces.<n>``), text and bool fields (read by the
    model as true/false, yes/no, 1/0: never ``100 %``) and unknown keys are never read as a number."""
    if key.rsplit(".", 1)[-1] in TEXT_KEYS or key.startswith("replaces."):
        return text
    expected = _expected(sheet, key)
    if expected is None or expected.kind == "text":
        return text
    if expected.kind == "bool":
        return text.strip()
    try:
        return parse_number(text, locale=locale, percent=expected.percent, what=expected.what)
    except NumberTextError as error:
        if error.kind in {"ambiguous", "malformed", "not_finite", "format", "percent"}:
            problems.append(f"{where}: {error}")
        # refused already: a number in its place keeps the model from naming the cell a second time
        if error.kind == "ambiguous" and error.readings:
            return error.readings[0]
        if error.kind == "percent":
            try:
                return parse_number(text, locale=locale, percent=True)
            except NumberTextError:
                pass
        return text


class _Clash(ValueError):
    """Two keys of a sheet that cannot both hold: ``retention.enabled`` and ``retention.enabled.x``."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _nest(flat: dict[str, Any]) -> dict[str, Any]:
    """``{"a.b": 1, "a.c": 2}`` -> ``{"a": {"b": 1, "c": 2}}``; :class:`_Clash` names a key that would put a
    field under a value (or a value over fields)."""
    out: dict[str, Any] = {}
    for key, value in flat.items():
        node = out
        *parents, last = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise _Clash(key)
        if isinstance(node.get(last), dict):
            raise _Clash(key)
        node[last] = value
    return out


def _validate_part(model: type, flat: dict[str, Any], cells: dict[str, str], problems: list[str]) -> dict[str, Any]:
    try:
        nested = _nest(flat)
    except _Clash as clash:
        problems.append(f"{cells.get(clash.key, model.__name__)}: {clash.key!r} is not a known field (another row "
                        "already gives a value where this key puts a field, or the other way round)")
        return {}
    try:
        return model.model_validate(nested).model_dump()
    except ValidationError as error:
        for e in error.errors(include_url=False):
            key = ".".join(str(p) for p in e["loc"])
            if e["type"] == "too_many":
                problems.append(_too_many(e, cells, _SHEET_KEYS.get(key, key)))
                continue
            problems.append(f"{cells.get(key, model.__name__)}: {problem_of(e).split(' ', 1)[1]}")
        return {}


_SHEET_KEYS = {"criteria": "criterion", "participants": "vote"}
"""A list of the Scoring sheet -> the key its rows start with (``criterion.3.name``, ``vote.2.name``)."""


def _too_many(error: Any, cells: dict[str, str], key: str) -> str:
    """A list of a Key | Value sheet beyond its limit (a ``too_many`` error of the model), naming the first cell
    of the first item beyond it: ``Vendors!A122: at most 20 vendor offers (this sheet has 25)``."""
    ctx = error["ctx"]
    prefix = f"{key}.{ctx['limit'] + 1}"
    where = next((c for k, c in cells.items() if k == prefix or k.startswith(prefix + ".")), None)
    where = where or next((c for k, c in cells.items() if k.startswith(key + ".")), key)
    return (f"{where}: at most {ctx['limit']:,} {ctx['what']} (this sheet has {ctx['got']:,}); this row is the first "
            "beyond the limit")


def _decode_scoring(flat: dict[str, Any], cells: dict[str, str],
                    problems: list[str]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """The Scoring sheet's keys (``criterion.1.name``, ``vote.2.3``, ``readiness.score.budget``...) back
    into the scoring and readiness parts of a case, validated; problems name the cell."""
    criteria: dict[int, dict[str, Any]] = {}
    votes: dict[int, dict[str, Any]] = {}
    scoring: dict[str, Any] = {}
    ready: dict[str, Any] = {"scores": {}, "weights": {}}
    for key, value in flat.items():
        parts = key.split(".")
        try:
            if parts[0] == "criterion" and len(parts) == 3:
                criteria.setdefault(int(parts[1]), {})[parts[2]] = value
            elif parts[0] == "vote" and len(parts) == 3:
                if parts[2] != "name":
                    int(parts[2])  # a criterion's number
                votes.setdefault(int(parts[1]), {})[parts[2]] = value
            elif parts[0] in {"use_votes", "aggregate"}:
                scoring[parts[0]] = value
            elif parts[0] == "readiness" and len(parts) == 3 and parts[1] in {"score", "weight"}:
                ready["scores" if parts[1] == "score" else "weights"][parts[2]] = value
            elif key == "readiness.applied_index":
                ready["applied_index"] = value
            else:
                raise ValueError
        except ValueError:
            problems.append(f"{cells[key]}: unknown key {key!r} in the Scoring sheet")
    names = {i: c.get("name") for i, c in criteria.items()}
    scoring["criteria"] = [criteria[i] for i in sorted(criteria)]
    scoring["participants"] = [
        {"name": v.get("name"), "scores": {str(names.get(int(k), k)): s for k, s in v.items() if k != "name"}}
        for _, v in sorted(votes.items())
    ]
    scoring_out = _validate_part(Scoring, _flatten(scoring), cells, problems)
    ready_out = _validate_part(Readiness, _flatten(ready), cells, problems)
    return (scoring_out, ready_out) if scoring_out and ready_out else None


def _numbered(flat: dict[str, Any], cells: dict[str, str], sheet: str, lists: dict[str, str], scalars: set[str],
              problems: list[str]) -> dict[str, Any]:
    """Keys ``list.<n>.<field>`` (or ``list.<n>``) and plain scalar keys of a Key | Value sheet back into
    ``{field: [...], scalar: value}``, in the numbers' order; ``lists`` maps the sheet's key (``offer``) to the
    model's field (``offers``). Unknown keys are problems naming the cell."""
    out: dict[str, Any] = {}
    numbered: dict[str, dict[int, Any]] = {name: {} for name in lists}
    for key, value in flat.items():
        parts = key.split(".")
        if parts[0] in lists and len(parts) in {2, 3} and parts[1].isdigit():
            slot = numbered[parts[0]]
            if len(parts) == 2:
                slot[int(parts[1])] = value
            else:
                slot.setdefault(int(parts[1]), {})[parts[2]] = value
        elif key in scalars:
            out[key] = value
        else:
            problems.append(f"{cells[key]}: unknown key {key!r} in the {sheet} sheet")
    for name, slot in numbered.items():
        out[lists[name]] = [slot[i] for i in sorted(slot)]
    return out


def _validate_numbered(model: type, data: dict[str, Any], cells: dict[str, str], problems: list[str],
                       lists: dict[str, str]) -> dict[str, Any] | None:
    """Validate ``data`` built by :func:`_numbered` with the same ``lists``; a problem names the cell of the
    field (``offers[1].users`` is the cell of key ``offer.2.users``), or the first cell of its item."""
    sheet_key = {field: key for key, field in lists.items()}
    try:
        return model.model_validate(data).model_dump(mode="json")
    except ValidationError as error:
        for e in error.errors(include_url=False):
            loc = [str(p + 1) if isinstance(p, int) else str(p) for p in e["loc"]]
            if loc and loc[0] in sheet_key:
                loc[0] = sheet_key[loc[0]]
            key = ".".join(loc)
            if e["type"] == "too_many":
                problems.append(_too_many(e, cells, key))
                continue
            where = cells.get(key) or next((c for k, c in cells.items() if k.startswith(key + ".")), model.__name__)
            problems.append(f"{where}: {problem_of(e).split(' ', 1)[1]}")
        return None


def _decode_risk(flat: dict[str, Any], cells: dict[str, str], problems: list[str]) -> dict[str, Any] | None:
    """The Scenarios sheet's keys (``runs``, ``seed``, ``range.1.path``...) back into the case's risk settings."""
    lists = {"range": "ranges"}
    data = _numbered(flat, cells, "Scenarios", lists, {"runs", "seed"}, problems)
    return _validate_numbered(RiskSettings, data, cells, problems, lists)


def _decode_vendors(flat: dict[str, Any], cells: dict[str, str], problems: list[str]) -> dict[str, Any] | None:
    """The Vendors sheet's keys (``offer.1.name``, ``replaces.1``, ``chosen``) back into the case's vendors."""
    lists = {"offer": "offers", "replaces": "replaces"}
    data = _numbered(flat, cells, "Vendors", lists, {"chosen"}, problems)
    return _validate_numbered(Vendors, data, cells, problems, lists)


def _decode_customers(flat: dict[str, Any], cells: dict[str, str], problems: list[str]) -> dict[str, Any] | None:
    """The Customer value sheet's keys (``top_share``, ``segment.1.name``, ``summary.<key>``) back into the
    case's customer value."""
    summary = {k[len("summary."):]: v for k, v in flat.items() if k.startswith("summary.")}
    rest = {k: v for k, v in flat.items() if not k.startswith("summary.")}
    lists = {"segment": "segments"}
    data = _numbered(rest, cells, "Customer value", lists, {"top_share"}, problems)
    data["summary"] = summary
    return _validate_numbered(CustomerValue, data, cells, problems, lists)


def _decode_goals(flat: dict[str, Any], cells: dict[str, str], problems: list[str]) -> dict[str, Any] | None:
    """The Goals sheet's keys (``objective.1.name``, ``metric.2.target``, ``actual.3.value``, ``action.1.note``)
    back into the case's goals; empty cells take the field's default."""
    given = {k: v for k, v in flat.items() if v is not None}
    lists = {"objective": "objectives", "metric": "metrics", "actual": "actuals", "action": "actions"}
    data = _numbered(given, cells, "Goals", lists, set(), problems)
    data["actions"] = {a.get("metric"): a.get("note", "") for a in data["actions"] if isinstance(a, dict)}
    for actual in data["actuals"]:
        if isinstance(actual, dict) and isinstance(actual.get("period"), (dt.date, dt.datetime)):
            actual["period"] = f"{actual['period']:%Y-%m}"
    return _validate_numbered(Goals, data, cells, problems, lists)


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Inverse of :func:`_nest` for plain dicts (lists are kept as values)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and value and key not in {"scores", "weights"}:
            out |= _flatten(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


_LONG_NUMBER = re.compile(rb"<(?:\w+:)?v>\s*[-+]?(\d{%d,})" % (MAX_NUMBER_DIGITS + 1))
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_SHOWN_LONG_NUMBERS = 10


def _long_numbers(xml: bytes, sheet: str) -> list[str]:
    """Numeric cells whose integer part has more than :data:`~crm_case.model.MAX_NUMBER_DIGITS` digits, found in
    the sheet's XML before openpyxl converts them (Python's int() stops at 4,300 digits with a ValueError that
    would name no cell): one problem per cell, ``Costs!C2: a number of 5,001 digits...``."""
    problems = []
    for match in _LONG_NUMBER.finditer(xml):
        tags = _CELL_TAG.findall(xml, max(0, match.start() - 2_000), match.start())
        tag = tags[-1] if tags else b""
        if re.search(rb'\bt="(?:s|str|inlineStr|e)"', tag):
            continue  # text, not a number
        ref = re.search(rb'\br="([A-Z]+[0-9]+)"', tag)
        problems.append(f"{sheet}!{ref.group(1).decode() if ref else '?'}: a number of {len(match.group(1)):,} "
                        f"digits; no amount, count or rate of a case is that large (an amount is at most "
                        f"{MAX_FIGURE_TEXT})")
    if len(problems) > _SHOWN_LONG_NUMBERS:
        problems = problems[:_SHOWN_LONG_NUMBERS] + [f"{sheet}: and {len(problems) - _SHOWN_LONG_NUMBERS:,} more "
                                                     "such numbers"]
    return problems


def read_workbook(data: bytes, base: Case | None = None) -> WorkbookImport:
    """Read a filled budget template (or an exported case) into a new case.

    ``base`` supplies what the workbook does not hold (drivers and rollout when there are no Drivers
    and Rollout sheets, the name when there is no Name row). Raises :class:`CrmCaseError` with every
    problem as ``Sheet!Cell: ...`` when anything is wrong; ``base`` is never changed. A file damaged in a
    way no check names (a corrupt compressed part, a structure the reader does not expect) is a
    :class:`CrmCaseError` too, never another exception.
    """
    try:
        return _read_workbook(data, base or Case())
    except CrmCaseError:
        raise
    except Exception as error:  # noqa: BLE001 - zlib, zipfile, XML and openpyxl raise many kinds on damaged files
        raise CrmCaseError(f"Workbook: the file cannot be read ({type(error).__name__}); it may be damaged. Open "
                           "it in Excel or LibreOffice, save it again as .xlsx and upload that copy") from None


def _read_workbook(data: bytes, base: Case) -> WorkbookImport:
    archive = check_workbook_bytes(data)
    parts = sheet_parts(archive)
    problems: list[str] = []
    warnings: list[str] = []
    lower = {name.lower().strip(): name for name in parts}
    for required in ("Assumptions", "Costs", "Benefits"):
        if required.lower() not in lower:
            problems.append(f"Workbook: sheet '{required}' is missing; expected sheets Assumptions, Costs and "
                            f"Benefits (found {', '.join(parts) or 'none'})")
    if problems:
        raise CrmCaseError(problems)
    scans = {}
    for name in ("Assumptions", "Costs", "Benefits", "Drivers", "Rollout", "Cost of delay", "Scoring", "Scenarios",
                 "Vendors", "Customer value", "Goals"):
        real = lower.get(name.lower())
        if real:
            try:
                xml = archive.read(parts[real])
            except KeyError:
                raise CrmCaseError(f"Workbook: sheet '{real}' has no data part; the file is corrupt") from None
            scans[name] = scan_sheet_xml(xml)
            problems += _long_numbers(xml, real)
    if problems:  # before openpyxl, which cannot convert them
        raise CrmCaseError(problems)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except CrmCaseError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds on broken files
        raise CrmCaseError(f"Workbook: the file cannot be read as a spreadsheet ({type(error).__name__}: {error})") \
            from None
    try:
        for title in hidden_sheets(archive):
            used = title.lower() in {"assumptions", "costs", "benefits", "drivers", "rollout", "cost of delay",
                                     "scoring", "scenarios", "vendors", "customer value", "goals"}
            warnings.append(f"Workbook: sheet '{title}' is hidden; " +
                            ("it was read anyway, check it" if used else "it was ignored"))
        locale = _read_number_format(workbook[lower["assumptions"]], problems)
        assumption_cells: dict[str, str] = {}
        assumptions = _read_assumptions(workbook[lower["assumptions"]], base, problems, warnings, locale=locale,
                                        cells=assumption_cells)
        horizon = assumptions.get("horizon_years", base.assumptions.horizon_years)
        horizon_ref = assumption_cells.get("horizon_years", "kept from the current case: no Horizon years row")
        for ref in scans["Assumptions"].merged:
            problems.append(f"Assumptions!{ref}: merged cells are not allowed; unmerge them")
        for ref in scans["Assumptions"].formulas_without_values:
            if ref.startswith("B"):
                problems.append(f"Assumptions!{ref}: the formula has no saved result; open and save the file in Excel, "
                                "or type the value")
        data_out = base.model_dump() | {"assumptions": assumptions}
        for sheet, (section, _, _) in SECTIONS.items():
            data_out[section] = _read_items(workbook[lower[sheet.lower()]], sheet, horizon, horizon_ref, scans[sheet],
                                            problems, warnings, locale=locale)
        for sheet, model, key in (("Drivers", Drivers, "drivers"), ("Rollout", Rollout, "rollout"),
                                  ("Cost of delay", CostOfDelay, "delay")):
            if sheet.lower() in lower:
                flat, cells = _read_key_values(workbook[lower[sheet.lower()]], sheet, scans[sheet], problems,
                                               locale=locale)
                part = _validate_part(model, flat, cells, problems)
                if part:
                    data_out[key] = part
        for sheet, key, decode in (("Scenarios", "risk", _decode_risk), ("Vendors", "vendors", _decode_vendors),
                                   ("Customer value", "customers", _decode_customers),
                                   ("Goals", "goals", _decode_goals)):
            if sheet.lower() in lower:
                flat, cells = _read_key_values(workbook[lower[sheet.lower()]], sheet, scans[sheet], problems,
                                               locale=locale)
                part = decode(flat, cells, problems)
                if part is not None:
                    data_out[key] = part
        if "scoring" in lower:
            flat, cells = _read_key_values(workbook[lower["scoring"]], "Scoring", scans["Scoring"], problems,
                                           locale=locale)
            decoded = _decode_scoring(flat, cells, problems)
            if decoded:
                data_out["scoring"], data_out["readiness"] = decoded
    finally:
        workbook.close()
    if problems:
        raise CrmCaseError(problems)
    held = frozenset(part for sheet, parts_held in HELD_BY_SHEET.items() if sheet.lower() in lower
                     for part in parts_held)
    try:
        return WorkbookImport(case_from_dict(data_out), warnings, held)
    except CrmCaseError as error:
        raise CrmCaseError([f"Workbook: {p}" for p in error.problems]) from None
