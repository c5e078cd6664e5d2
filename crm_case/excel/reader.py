"""Excel in: the validated import of a filled budget template or an exported case (pure, on bytes).

The sheets are read as :mod:`crm_case.excel.layout` describes them. Header matching ignores case and surrounding
spaces, and a column header or an Assumptions row given twice (``Year 1`` and ``Year 01``) is refused naming both
cells; percentages are accepted as 0.1, as a 10 % formatted cell or as the text ``10 %`` (a ``%`` only where the
model's field is a rate); amounts above :data:`~crm_case.model.MAX_FIGURE` are refused by cell; blank amounts are
0; numbers typed as text are read only when they have one reading (:mod:`crm_case.excel.cells`); unknown columns
are ignored with a warning; Year columns may be fewer than the horizon, and beyond it only when their cells are
empty or 0 (the template carries ten). Every problem is reported at once as ``Sheet!Cell: what is wrong, what is
expected``; when there is any, nothing is applied.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from crm_case.errors import CrmCaseError
from crm_case.excel.cells import norm, read_fraction, read_number, read_text_value
from crm_case.excel.key_values import decode
from crm_case.excel.layout import (
    ASSUMPTION_ROWS,
    HELD_BY_SHEET,
    ITEM_SHEETS,
    KEY_VALUE_SHEETS,
    NUMBER_FORMAT_LABEL,
    READ_SHEETS,
    REQUIRED_SHEETS,
    ItemSheet,
)
from crm_case.excel.safety import MAX_ROWS, SheetScan, check_workbook_bytes, hidden_sheets, scan_sheet_xml, sheet_parts
from crm_case.model import (
    MAX_FIGURE,
    MAX_FIGURE_TEXT,
    MAX_HORIZON_YEARS,
    MAX_LINE_ITEMS,
    MAX_NUMBER_DIGITS,
    Case,
    Timing,
    case_from_dict,
    problems_of,
)
from crm_case.numbers import NumberTextError, number_symbols


@dataclass
class WorkbookImport:
    """A validated import: the new case, the warnings to show (ignored columns, hidden sheets) and ``held``, the
    parts of the case the workbook itself holds (:data:`~crm_case.excel.layout.HELD_BY_SHEET`, in the names of
    :data:`crm_case.start.KEPT_PARTS`): an export holds all of them, a budget template none. The others come
    from the case the workbook was read onto."""

    case: Case
    warnings: list[str] = field(default_factory=list)
    held: frozenset[str] = frozenset()


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
    except Exception as error:  # any exception: zlib, zipfile, XML and openpyxl raise many kinds on damaged files
        raise CrmCaseError(f"Workbook: the file cannot be read ({type(error).__name__}); it may be damaged. Open "
                           "it in Excel or LibreOffice, save it again as .xlsx and upload that copy") from None


def _read_workbook(data: bytes, base: Case) -> WorkbookImport:
    """:func:`read_workbook` without its last guard: the raw checks, then the sheets, then the case."""
    archive = check_workbook_bytes(data)
    lower, scans = _scan(archive)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except CrmCaseError:
        raise
    except Exception as error:  # any exception: openpyxl raises many kinds on broken files
        raise CrmCaseError(f"Workbook: the file cannot be read as a spreadsheet ({type(error).__name__}: {error})") \
            from None
    problems: list[str] = []
    warnings: list[str] = []
    try:
        warnings += [f"Workbook: sheet '{title}' is hidden; " + ("it was read anyway, check it"
                                                                   if title.lower() in _lower(READ_SHEETS)
                                                                   else "it was ignored")
                     for title in hidden_sheets(archive)]
        data_out = _read_sheets(workbook, lower, scans, base, problems, warnings)
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


def _lower(titles: tuple[str, ...]) -> set[str]:
    return {title.lower() for title in titles}


def _scan(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, SheetScan]]:
    """Before openpyxl: the required sheets are there, and the XML of every sheet read holds no number too long
    to convert (:func:`_long_numbers`). Returns the sheets' titles by lower case and each sheet's scan
    (:func:`~crm_case.excel.safety.scan_sheet_xml`) by its layout title."""
    parts = sheet_parts(archive)
    lower = {name.lower().strip(): name for name in parts}
    problems = [f"Workbook: sheet '{required}' is missing; expected sheets Assumptions, Costs and Benefits (found "
                f"{', '.join(parts) or 'none'})" for required in REQUIRED_SHEETS if required.lower() not in lower]
    if problems:
        raise CrmCaseError(problems)
    scans = {}
    for name in READ_SHEETS:
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
    return lower, scans


def _read_sheets(workbook: Any, lower: dict[str, str], scans: dict[str, SheetScan], base: Case, problems: list[str],
                 warnings: list[str]) -> dict[str, Any]:
    """Every sheet the import reads, into the data of a case (``base``'s data where the workbook holds none)."""
    assumptions_ws = workbook[lower["assumptions"]]
    locale = _read_number_format(assumptions_ws, problems)
    assumption_cells: dict[str, str] = {}
    assumptions = _read_assumptions(assumptions_ws, base, problems, warnings, locale=locale, cells=assumption_cells)
    horizon = assumptions.get("horizon_years", base.assumptions.horizon_years)
    horizon_ref = assumption_cells.get("horizon_years", "kept from the current case: no Horizon years row")
    for ref in scans["Assumptions"].merged:
        problems.append(f"Assumptions!{ref}: merged cells are not allowed; unmerge them")
    for ref in scans["Assumptions"].formulas_without_values:
        if ref.startswith("B"):
            problems.append(f"Assumptions!{ref}: the formula has no saved result; open and save the file in Excel, "
                            "or type the value")
    data_out = base.model_dump() | {"assumptions": assumptions}
    for title, layout in ITEM_SHEETS.items():
        reader = _ItemReader(layout, horizon, horizon_ref, scans[title], problems, warnings, locale)
        data_out[layout.section] = reader.read(workbook[lower[title.lower()]])
    for title in KEY_VALUE_SHEETS:
        if title.lower() in lower:
            flat, cells = _read_key_values(workbook[lower[title.lower()]], title, scans[title], problems,
                                           locale=locale)
            data_out |= decode(title, flat, cells, problems) or {}
    return data_out


def _is_header(row: Any) -> bool:
    """The Assumptions sheet's header ``Name | Value`` (row 1): not the row that names the case."""
    return row[0].row == 1 and len(row) > 1 and norm(row[1].value) == "value"


def _read_number_format(ws: Any, problems: list[str]) -> str | None:
    """The locale named in the Assumptions row ``Number format`` (``de-CH``), checked with babel; ``None``
    when the row is missing or empty. A name babel does not know, or a second Number format row, is a problem
    naming the cell (and the first row's)."""
    label = norm(NUMBER_FORMAT_LABEL)
    rows = [row for row in ws.iter_rows(min_row=1, max_row=200, max_col=2) if row and norm(row[0].value) == label]
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


def _assumption_cells(ws: Any, problems: list[str]) -> dict[str, tuple[Any, str]]:
    """The Assumptions rows found: field -> (value, cell). A label given twice is a problem naming both rows
    (neither the first nor the last silently wins)."""
    found: dict[str, tuple[Any, str]] = {}
    labels = {norm(row.label): row.key for row in ASSUMPTION_ROWS}
    for row in ws.iter_rows(min_row=1, max_row=200, max_col=2):
        if not row or row[0].value is None or _is_header(row):
            continue
        key = labels.get(norm(row[0].value))
        if key and key in found:  # last-wins would silently drop the first row: refuse, naming both
            problems.append(f"Assumptions!A{row[0].row}: {str(row[0].value).strip()!r} repeats the row of "
                            f"Assumptions!A{found[key][1].removeprefix('Assumptions!B')}; keep one")
        elif key:
            value = row[1].value if len(row) > 1 else None
            found[key] = (value, f"Assumptions!B{row[0].row}")
    return found


def _assumption_value(key: str, label: str, value: Any, where: str, problems: list[str],
                      locale: str | None) -> tuple[bool, Any]:
    """One Assumptions value read as its field expects: (True, value), or (False, None) with the problem
    appended naming ``where``."""
    if key == "discount_rate":
        number = read_number(value, where, problems, what="a discount rate", locale=locale, percent=True)
        if number is not None and not -1 < number <= 1:
            problems.append(f"{where}: {number * 100:g} % is not a valid discount rate; "
                            "expected above -100 % and at most 100 % (type 10 % or 0.1)")
            return False, None
        return number is not None, number
    if key == "horizon_years":
        number = read_number(value, where, problems, what="a number of years", locale=locale)
        if number is not None and (number != int(number) or not 1 <= number <= 10):
            problems.append(f"{where}: {number:g} is not a valid horizon; expected a whole number of "
                            "years from 1 to 10")
            return False, None
        return number is not None, None if number is None else int(number)
    if key == "start_date":
        if isinstance(value, dt.datetime):
            return True, value.date()
        if isinstance(value, dt.date):
            return True, value
        try:
            return True, dt.date.fromisoformat(str(value).strip())
        except ValueError:
            problems.append(f"{where}: {value!r} is not a date; expected a date such as 2027-01-01")
            return False, None
    if key == "timing":
        text = norm(value).replace(" ", "_").replace("-", "_")
        if text not in {t.value for t in Timing}:
            problems.append(f"{where}: {value!r} is not a timing; expected end_of_year, mid_year or monthly")
            return False, None
        return True, text
    if value is None or not str(value).strip():
        problems.append(f"{where}: the {label.lower()} is blank; expected a value")
        return False, None
    return True, str(value).strip()


def _read_assumptions(ws: Any, base: Case, problems: list[str], warnings: list[str], *, locale: str | None = None,
                      cells: dict[str, str] | None = None) -> dict[str, Any]:
    """The Assumptions rows as the fields of the case's assumptions (validated); ``cells`` receives each
    field's cell (``Assumptions!B5``); numbers typed as text are read with ``locale``; a missing row keeps
    ``base``'s value with a warning (the name without one)."""
    found = _assumption_cells(ws, problems)
    if cells is not None:
        cells.update({key: where for key, (_, where) in found.items()})
    out = base.assumptions.model_dump()
    for row in ASSUMPTION_ROWS:
        if row.key not in found:
            if row.key != "name":
                warnings.append(f"Assumptions: no '{row.label}' row; the current value {out[row.key]} is kept")
            continue
        value, where = found[row.key]
        ok, read = _assumption_value(row.key, row.label, value, where, problems, locale)
        if ok:
            out[row.key] = read
    try:
        return type(base.assumptions).model_validate(out).model_dump()
    except ValidationError as error:
        for problem in problems_of(error):
            key = problem.split(" ", 1)[0]
            problems.append(f"{found.get(key, (None, 'Assumptions'))[1]}: {problem.split(' ', 1)[1]}")
        return out


@dataclass
class _ItemColumns:
    """Where a Costs or Benefits sheet holds what: 0-based column indexes by header (lower case), Year k within
    the horizon and beyond it."""

    named: dict[str, int]
    years: dict[int, int]
    beyond: dict[int, int]

    def every(self) -> list[int]:
        return [*self.named.values(), *self.years.values(), *self.beyond.values()]


@dataclass
class _ItemReader:
    """Reads the line items of one Costs or Benefits sheet. Year columns beyond ``horizon`` (whose cell
    ``horizon_ref`` names) are read only to check that they are empty or 0; an amount there is a problem
    naming its cell. Numbers typed as text are read with ``locale``."""

    layout: ItemSheet
    horizon: int
    horizon_ref: str
    scan: SheetScan
    problems: list[str]
    warnings: list[str]
    locale: str | None

    def read(self, ws: Any) -> list[dict[str, Any]]:
        """The sheet's items as the case's data, in row order; problems and warnings appended."""
        sheet = self.layout.title
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            self.problems.append(f"{sheet}!A1: the sheet is empty; expected a header row {self.layout.group} | Item "
                                 "| Initial | Year 1 ... | Risk adjustment")
            return []
        columns = self._columns(header)
        if columns is None:
            return []
        letters = [get_column_letter(i + 1) for i in range(max(columns.every()) + 1)]
        merged_rows: dict[int, str] = {}
        for ref in self.scan.merged:
            merged_rows.setdefault(int(re.sub(r"[A-Z]", "", ref.split(":")[0]) or 0), ref)
        items: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        first_over, lines = 0, 0  # the first row beyond MAX_LINE_ITEMS lines, and how many lines the sheet has
        for row_number, values in enumerate(rows, start=2):
            if row_number > MAX_ROWS + 1:
                self.problems.append(f"{sheet}: more than {MAX_ROWS:,} rows; split the budget or summarise lines")
                break
            if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
                continue
            lines += 1
            if lines > MAX_LINE_ITEMS:  # counted, not read: the sheet is refused
                first_over = first_over or row_number
                continue
            if row_number in merged_rows:
                self.problems.append(f"{sheet}!{merged_rows[row_number]}: merged cells are not allowed in the data; "
                                     "unmerge them")
                continue
            if len(values) < len(letters):
                values = (*values, *([None] * (len(letters) - len(values))))
            items.append(self._item(values, row_number, columns, letters, seen))
        if first_over:
            self.problems.append(f"{sheet}!A{first_over}: at most {MAX_LINE_ITEMS:,} line items in {sheet} (this "
                                 f"sheet has {lines:,}); row {first_over:,} is the first beyond the limit; summarise "
                                 "lines")
        return items

    def _columns(self, header: tuple[Any, ...]) -> _ItemColumns | None:
        """The header row's columns; a repeated header, a Year 0 or a missing group or Item column is a problem
        (``None`` when the group or Item column is missing), an unknown header a warning."""
        sheet, group = self.layout.title, self.layout.group.lower()
        known = {group, "item", "initial", "risk adjustment"}
        columns = _ItemColumns({}, {}, {})
        first_ref: dict[str | int, str] = {}  # a column's name (or year) -> the header cell that first gave it
        for index, title in enumerate(header):
            name = norm(title)
            ref = f"{sheet}!{get_column_letter(index + 1)}1"
            year = re.fullmatch(r"year\s*(\d+)", name)
            column_id: str | int | None = name if name in known else int(year.group(1)) if year else None
            if column_id is not None and column_id in first_ref:  # Year 1 and Year 01: one would hide the other
                self.problems.append(f"{ref}: {str(title).strip()!r} repeats the column of {first_ref[column_id]}; "
                                     "keep one")
                continue
            if column_id is not None:
                first_ref[column_id] = ref
            if name in known:
                columns.named[name] = index
            elif year:
                k = int(year.group(1))
                if k < 1:
                    self.problems.append(f"{ref}: 'Year {k}' is not a year of the case; years count from Year 1 "
                                         "(amounts at the decision go in Initial)")
                elif k > self.horizon:
                    columns.beyond[k] = index
                else:
                    columns.years[k] = index
            elif name:
                self.warnings.append(f"{ref}: column {str(title).strip()!r} is not used and was ignored")
        for required in (group, "item"):
            if required not in columns.named:
                self.problems.append(f"{sheet}!1: column '{required.title() if required != 'item' else 'Item'}' is "
                                     f"missing; expected {self.layout.group} | Item | Initial | Year 1 ... | Risk "
                                     "adjustment")
        return columns if group in columns.named and "item" in columns.named else None

    def _item(self, values: tuple[Any, ...], row_number: int, columns: _ItemColumns, letters: list[str],
              seen: dict[str, int]) -> dict[str, Any]:
        """One line item from its row's values; problems name their cells."""
        def where(column: int) -> str:
            return f"{self.layout.title}!{letters[column]}{row_number}"

        formula_cells = set(self.scan.formulas_without_values)
        for column in columns.every() if formula_cells else ():
            if f"{letters[column]}{row_number}" in formula_cells:
                self.problems.append(f"{where(column)}: the formula has no saved result (the file was written by a "
                                     "program and never opened in Excel); open and save it in Excel or LibreOffice, "
                                     "or type the value")
        group_key = self.layout.group.lower()
        valid = {k.value.lower(): k.value for k in self.layout.kinds}
        group_column, item_column = columns.named[group_key], columns.named["item"]
        got = values[group_column]
        group = norm(got)
        if group not in valid:
            self.problems.append(f"{where(group_column)}: {got!r} is not a {group_key}; expected "
                                 f"{', '.join(valid.values())}" if got is not None else
                                 f"{where(group_column)}: the {group_key} is blank; expected "
                                 f"{', '.join(valid.values())}")
        name_value = values[item_column]
        name = " ".join(str(name_value).split()) if name_value is not None else ""
        if not name:
            self.problems.append(f"{where(item_column)}: the item has no name; expected a short unique name")
        elif name.lower() in seen:
            self.problems.append(f"{where(item_column)}: item {name!r} appears twice (also row "
                                 f"{seen[name.lower()]}); give each line its own name")
        else:
            seen[name.lower()] = row_number
        amounts = self._amounts(values, columns, where)
        risk = 0.0
        if (risk_column := columns.named.get("risk adjustment")) is not None:
            raw = values[risk_column]
            risk = raw if type(raw) is float and 0.0 <= raw <= 1.0 else (
                read_fraction(raw, where(risk_column), self.problems, "risk adjustment", self.locale) or 0.0)
        return {group_key: valid.get(group, group), "name": name or "?", "initial": amounts[0],
                "per_year": amounts[1:], "risk_adjustment": risk}

    def _amounts(self, values: tuple[Any, ...], columns: _ItemColumns, where: Any) -> list[float]:
        """Initial and Year 1..horizon of one row (blank is 0); a negative or too large amount, or an amount in a
        Year column beyond the horizon, is a problem naming its cell."""
        amounts = [0.0] * (self.horizon + 1)
        for k, column in [(0, columns.named.get("initial")), *sorted(columns.years.items())]:
            if column is None:
                continue
            raw = values[column]
            kind = type(raw)
            number = (float(raw) if kind is float or (kind is int and abs(raw) < 1e308) else
                      read_number(raw, where(column), self.problems, locale=self.locale))
            if number is not None and number < 0:
                self.problems.append(f"{where(column)}: {number:g} is negative; {self.layout.negative}")
                number = None
            elif number is not None and number > MAX_FIGURE:  # named here, not as costs[0].initial by the model
                self.problems.append(f"{where(column)}: {number:.6g} is too large; an amount must be at most "
                                     f"{MAX_FIGURE_TEXT}")
                number = None
            amounts[k] = number or 0.0
        for k, column in sorted(columns.beyond.items()):
            number = read_number(values[column], where(column), self.problems, locale=self.locale)
            if number:  # None (already a problem), 0 and blank are fine
                fix = (f"set the horizon to {k}" if k <= MAX_HORIZON_YEARS else
                       f"the horizon is at most {MAX_HORIZON_YEARS} years")
                self.problems.append(f"{where(column)}: Year {k} is beyond the {self.horizon}-year horizon "
                                     f"({self.horizon_ref}); leave it empty or {fix}")
        return amounts


def _read_key_values(ws: Any, sheet: str, scan: SheetScan, problems: list[str], *,
                     locale: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """Rows with a ``Key`` and a ``Value`` column -> {key: value}, {key: cell}. A value typed as text that
    spells a number is read by :func:`~crm_case.excel.cells.read_text_value` (with ``locale``); the model
    validates the rest."""
    rows = ws.iter_rows(values_only=True)
    header = [norm(v) for v in (next(rows, None) or [])]
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
            value = read_text_value(value, name, sheet, f"{sheet}!{ref}", problems, locale)
        values[name] = value
        cells[name] = f"{sheet}!{ref}"
    return values, cells


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
        problems = [*problems[:_SHOWN_LONG_NUMBERS],
                    f"{sheet}: and {len(problems) - _SHOWN_LONG_NUMBERS:,} more such numbers"]
    return problems
