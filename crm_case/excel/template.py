"""The budget template: the Assumptions, Costs and Benefits sheets a person fills in, with an Instructions sheet,
in any language of the app.

It is written by the same functions as the export's input sheets (:mod:`crm_case.excel.inputs`), so a filled
template reads back with :func:`crm_case.excel.reader.read_workbook`.
"""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Alignment, Font

from crm_case.excel.inputs import write_assumptions, write_items
from crm_case.excel.words import SHEET_IDS, sheet_name, word
from crm_case.i18n import DEFAULT
from crm_case.i18n.formats import number, percent
from crm_case.model import MAX_HORIZON_YEARS, Case

DATA_ROWS = 500
"""Rows of the template's line-item sheets that carry dropdowns and validation."""

INSTRUCTIONS = ("Assumptions", "Costs", "Benefits")
"""The sheets the Instructions explain, one row each (``excel.instructions.<sheet's key>``), after the title
rows."""
EXAMPLES = (
    ("costs", "category", "IT", "licences", 0, (68_400, 68_400, 68_400), 0.0),
    ("costs", "category", "People", "training", 30_000, (8_000, 8_000, 8_000), 0.10),
    ("benefits", "area", "Service", "contacts", 0, (40_000, 60_000, 60_000), 0.20),
)
"""The Instructions' example lines: (sheet, group, its value, the item's name ``excel.instructions.item.<key>``,
initial, Year 1..3, risk adjustment), written in the language's words and figures."""


def _example(language: str, group: str, value: str, item: str, initial: float, years: tuple[float, ...],
             risk: float) -> str:
    """One example line as a person types it: ``IT | CRM subscription | 0 | 68,400 | ... | 0 %``."""
    cells = [word(language, f"{group}.{value}"), word(language, f"instructions.item.{item}"),
             *[number(amount, language) for amount in (initial, *years)], percent(risk, language, 0)]
    return " | ".join(cells)


def instructions(language: str = DEFAULT) -> list[tuple[str, str]]:
    """The Instructions sheet in ``language``: (column A, column B) rows."""
    rows = [(word(language, "instructions.title"), ""), ("", ""),
            (word(language, "instructions.sheet"), word(language, "instructions.what"))]
    rows += [(sheet_name(title, language), word(language, f"instructions.{SHEET_IDS[title]}"))
             for title in INSTRUCTIONS]
    rows += [("", ""), (word(language, "instructions.rules"), word(language, "instructions.rules.text")), ("", "")]
    shown: set[str] = set()
    for sheet, group, value, item, initial, years, risk in EXAMPLES:
        title = "" if sheet in shown else word(language, f"instructions.example.{sheet}")
        shown.add(sheet)
        rows.append((title, _example(language, group, value, item, initial, years, risk)))
    return rows


def budget_template(case: Case | None = None, *, years: int | None = None, language: str = DEFAULT) -> bytes:
    """The budget template as .xlsx bytes: the assumptions of ``case`` (default: a new case), empty
    Costs and Benefits sheets, dropdowns, validation with error messages, number formats, frozen headers, and
    an Instructions sheet; every sheet name, header, label, note and instruction in ``language`` (number formats
    are Excel's own, which Excel shows in its user's way). Any language's template reads back with
    :func:`~crm_case.excel.reader.read_workbook`.

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
    sheet = workbook.active
    sheet.title = sheet_name("Instructions", language)
    for row in instructions(language):
        sheet.append(list(row))
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 110
    for row in sheet.iter_rows():
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    write_assumptions(workbook.create_sheet(sheet_name("Assumptions", language)), blank, language)
    for title in ("Costs", "Benefits"):
        write_items(workbook.create_sheet(sheet_name(title, language)), title, blank, rows=DATA_ROWS, years=columns,
                    language=language)
    workbook.active = 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
