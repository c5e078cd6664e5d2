"""The budget template: the Assumptions, Costs and Benefits sheets a person fills in, with an Instructions sheet.

It is written by the same functions as the export's input sheets (:mod:`crm_case.excel.inputs`), so a filled
template reads back with :func:`crm_case.excel.reader.read_workbook`.
"""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Alignment, Font

from crm_case.excel.inputs import write_assumptions, write_items
from crm_case.model import MAX_HORIZON_YEARS, Case

DATA_ROWS = 500
"""Rows of the template's line-item sheets that carry dropdowns and validation."""

INSTRUCTIONS = (
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
)
"""The Instructions sheet: (column A, column B) rows."""


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

