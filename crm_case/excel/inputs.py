"""The input sheets, written alike by the template and the export so that both read back: Assumptions, Costs and
Benefits, and the Key | Value sheets. Each follows its layout in :mod:`crm_case.excel.layout`, its words (sheet
name, headers, labels, notes, dropdowns and Excel's input messages) in the workbook's language."""

from __future__ import annotations

from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from crm_case.excel.key_values import rows as key_value_rows
from crm_case.excel.layout import (
    ASSUMPTION_ROWS,
    INPUT_FILL,
    ITEM_SHEETS,
    KEY_VALUE_COLUMNS,
    KEY_VALUE_SHEETS,
    MONEY_FORMAT,
    NUMBER_FORMAT_ROW,
    PERCENT_FORMAT,
    VALUE_COLUMN,
    key_number_format,
    safe_text,
    style_header,
)
from crm_case.excel.words import sheet_name, word
from crm_case.i18n import DEFAULT
from crm_case.model import Case


def define_name(workbook: Any, name: str, sheet: str, ref: str) -> None:
    """Give the cell ``ref`` (``D4``) of the sheet named ``sheet`` (in the workbook's language) the workbook-level
    name ``name``, as an absolute reference."""
    col, row = "".join(c for c in ref if c.isalpha()), "".join(c for c in ref if c.isdigit())
    quoted = sheet.replace("'", "''")
    workbook.defined_names[name] = DefinedName(name, attr_text=f"'{quoted}'!${col}${row}")


def write_assumptions(ws: Any, case: Case, language: str = DEFAULT) -> dict[str, str]:
    """The Assumptions sheet in ``language``; returns field -> cell reference (``B4``), and ``number_format`` ->
    the cell of the optional Number format row (written empty: the file's numbers are numbers)."""
    a = case.assumptions
    ws.append([word(language, "header.name"), word(language, "header.value"), word(language, "header.meaning")])
    style_header(ws)
    values = {"name": a.name, "currency": a.currency, "discount_rate": a.discount_rate,
              "horizon_years": a.horizon_years, "start_date": a.start_date, "timing": a.timing.value}
    refs = {}
    for row, layout in enumerate(ASSUMPTION_ROWS, start=2):
        ws.cell(row=row, column=1, value=layout.label(language))
        cell = ws.cell(row=row, column=2)
        if isinstance(values[layout.key], str):
            safe_text(cell, values[layout.key])
        else:
            cell.value = values[layout.key]
        cell.fill = INPUT_FILL
        ws.cell(row=row, column=3, value=layout.note(language))
        refs[layout.key] = f"B{row}"
    row = len(ASSUMPTION_ROWS) + 2
    ws.cell(row=row, column=1, value=NUMBER_FORMAT_ROW.label(language))
    ws.cell(row=row, column=2).fill = INPUT_FILL
    ws.cell(row=row, column=3, value=NUMBER_FORMAT_ROW.note(language))
    refs["number_format"] = f"B{row}"
    for layout in ASSUMPTION_ROWS:
        if layout.number_format:
            ws[refs[layout.key]].number_format = layout.number_format
    _assumption_validation(ws, refs, language)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 44
    ws.column_dimensions["C"].width = 60
    ws.freeze_panes = "A2"
    return refs


def _assumption_validation(ws: Any, refs: dict[str, str], language: str) -> None:
    """Excel's input checks with error messages on the discount rate, horizon, timing and start date cells."""
    def says(key: str) -> dict[str, str]:
        return {"errorTitle": word(language, f"validation.{key}.title"), "error": word(language, f"validation.{key}")}

    rate = DataValidation(type="decimal", operator="between", formula1="-0.99", formula2="1", showErrorMessage=True,
                          **says("discount_rate"))
    horizon = DataValidation(type="whole", operator="between", formula1="1", formula2="10", showErrorMessage=True,
                             **says("horizon"))
    timing = DataValidation(type="list", formula1='"end_of_year,mid_year,monthly"', showErrorMessage=True,
                            **says("timing"))
    start = DataValidation(type="date", operator="greaterThan", formula1="1", showErrorMessage=True,
                           **says("start_date"))
    for validation, key in ((rate, "discount_rate"), (horizon, "horizon_years"), (timing, "timing"),
                            (start, "start_date")):
        ws.add_data_validation(validation)
        validation.add(refs[key])


def write_items(ws: Any, sheet: str, case: Case, rows: int | None = None, *,
                years: int | None = None, language: str = DEFAULT) -> tuple[int, int]:
    """A Costs or Benefits sheet (``sheet``: its English title) in ``language``, categories and areas named in it;
    returns (last data row, risk column index). ``rows`` extends the dropdowns and validation below the items (for
    the template); ``years`` Year columns (default: the case's horizon; more leaves the columns beyond the horizon
    empty, for the template)."""
    layout = ITEM_SHEETS[sheet]
    horizon = case.assumptions.horizon_years
    years = horizon if years is None else years
    ws.append(layout.header(years, language))
    style_header(ws)
    risk_column = 4 + years
    items = getattr(case, layout.section)
    for row, item in enumerate(items, start=2):
        ws.cell(row=row, column=1, value=layout.kind_name(getattr(item, layout.group).value, language))
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
    _item_validation(ws, word(language, f"header.{layout.group}"),
                     [layout.kind_name(k.value, language) for k in layout.kinds], risk_column, span, language)
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 42
    for column in range(3, risk_column + 1):
        ws.column_dimensions[get_column_letter(column)].width = 14
    ws.freeze_panes = "C2"
    return last, risk_column


def _item_validation(ws: Any, group_label: str, kinds: list[str], risk_column: int, span: int,
                     language: str) -> None:
    """Excel's input checks with error messages on rows 2 to ``span`` of a Costs or Benefits sheet: the group is
    one of ``kinds`` (a dropdown of their names in ``language``), amounts are zero or more, the risk adjustment is
    0 % to 100 %."""
    letters = get_column_letter(risk_column)
    group = DataValidation(type="list", formula1='"' + ",".join(kinds) + '"', showErrorMessage=True,
                           errorTitle=group_label, error=word(language, "validation.group", choices=", ".join(kinds)))
    amount = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", showErrorMessage=True,
                            errorTitle=word(language, "validation.amount.title"),
                            error=word(language, "validation.amount"))
    risk = DataValidation(type="decimal", operator="between", formula1="0", formula2="1", showErrorMessage=True,
                          errorTitle=word(language, "header.risk_adjustment"), error=word(language, "validation.risk"))
    for validation, ref in ((group, f"A2:A{span}"), (amount, f"C2:{get_column_letter(risk_column - 1)}{span}"),
                            (risk, f"{letters}2:{letters}{span}")):
        ws.add_data_validation(validation)
        validation.add(ref)


def write_key_values(workbook: Any, title: str, case: Case, language: str = DEFAULT) -> dict[str, str]:
    """The Key | Value sheet ``title`` (English) of ``case`` (:func:`crm_case.excel.key_values.rows`), named and
    labelled in ``language``, with a defined name (the sheet's prefix + the key, dots as underscores) on each
    value; returns key -> defined name."""
    layout = KEY_VALUE_SHEETS[title]
    name_in_file = sheet_name(title, language)
    ws = workbook.create_sheet(name_in_file)
    ws.append([word(language, f"header.{column}") for column in KEY_VALUE_COLUMNS])
    style_header(ws)
    names = {}
    # the row is counted here: ws.max_row would scan every cell
    for row, (label, field_label, key, value) in enumerate(key_value_rows(title, case, language), start=2):
        ws.append([label, field_label, key, value])
        cell = ws.cell(row=row, column=VALUE_COLUMN)
        if isinstance(value, str):
            safe_text(cell, value)
        cell.fill = INPUT_FILL
        cell.number_format = key_number_format(title, key)
        name = layout.prefix + key.replace(".", "_")
        define_name(workbook, name, name_in_file, f"{get_column_letter(VALUE_COLUMN)}{row}")
        names[key] = name
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 40
    ws.column_dimensions["D"].width = 16
    ws.freeze_panes = "A2"
    return names
