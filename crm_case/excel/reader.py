r"""Excel in: the validated import of a filled budget template or an exported case (pure, on bytes).

The sheets are read as :mod:`crm_case.excel.layout` describes them. Header matching ignores case and surrounding
spaces, and a column header or an Assumptions row given twice (``Year 1`` and ``Year 01``) is refused naming both
cells; percentages are accepted as 0.1, as a 10 % formatted cell or as the text ``10 %`` (a ``%`` only where the
model's field is a rate); amounts above :data:`~crm_case.model.MAX_FIGURE` are refused by cell; blank amounts are
0; numbers typed as text are read only when they have one reading (:mod:`crm_case.excel.cells`); unknown columns
are ignored with a warning; Year columns may be fewer than the horizon, and beyond it only when their cells are
empty or 0 (the template carries ten). Every problem is reported at once as ``Sheet!Cell: what is wrong, what is
expected``; when there is any, nothing is applied.

Languages: a workbook written in any language of the app reads the same. Sheet names, the Costs and Benefits
headers, the Assumptions labels, the Key | Value headers and category and area names are recognised in every
language (:func:`crm_case.excel.words.vocabulary`, built once from the catalogs; no text means two things). Each
is recognised on its own, so a workbook that mixes languages (a sheet renamed, a header pasted from another
language's template) is read as well; what would make it ambiguous is refused naming both places: two sheets
that are one (``Costs`` and ``Costos``), two columns (``Year 1`` and ``Año 1``), two Assumptions rows. The Key
column's keys, the timing and number formats are identifiers, the same in every language. Problems and warnings
are :class:`~crm_case.i18n.Message`\ s (English text, any language on demand) naming each sheet as the file does.
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
from crm_case.excel.cells import cell_problem, read_fraction, read_number, read_text_value, wanted
from crm_case.excel.key_values import decode
from crm_case.excel.layout import (
    ASSUMPTION_ROWS,
    HELD_BY_SHEET,
    ITEM_SHEETS,
    KEY_VALUE_SHEETS,
    READ_SHEETS,
    REQUIRED_SHEETS,
    ItemSheet,
)
from crm_case.excel.ods import read_ods
from crm_case.excel.safety import MAX_ROWS, SheetScan, hidden_sheets, open_spreadsheet, scan_sheet_xml, sheet_parts
from crm_case.excel.words import SHEET_IDS, norm, problem, vocabulary, warning
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model import (
    MAX_FIGURE,
    MAX_HORIZON_YEARS,
    MAX_LINE_ITEMS,
    MAX_NUMBER_DIGITS,
    Case,
    Timing,
    case_from_dict,
    what_of,
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
    """Each a :class:`~crm_case.i18n.Message` (English text; ``.in_language(lang)`` for the reader's)."""
    held: frozenset[str] = frozenset()


def read_workbook(data: bytes, base: Case | None = None, *, filename: str | None = None) -> WorkbookImport:
    """Read a filled budget template (or an exported case), an .xlsx or an .ods, into a new case.

    ``base`` supplies what the workbook does not hold (drivers and rollout when there are no Drivers
    and Rollout sheets, the name when there is no Name row). Raises :class:`CrmCaseError` with every
    problem as ``Sheet!Cell: ...`` when anything is wrong; ``base`` is never changed. A file damaged in a
    way no check names (a corrupt compressed part, a structure the reader does not expect) is a
    :class:`CrmCaseError` too, never another exception.

    The workbook may be written in any language of the app (its sheet names, headers, Assumptions labels,
    categories and areas; see the module docstring). Each problem and warning is a
    :class:`~crm_case.i18n.Message` of the ``excel`` catalogs: its ``str`` is English, ``.in_language(lang)``
    the reader's language; a cell is named as the file names its sheet (``Costos!C5``).

    An OpenDocument spreadsheet (.ods, LibreOffice's save of the template) is recognised by its bytes and read by
    :func:`crm_case.excel.ods.read_ods` through the same checks, with the same messages; its macros are never
    run (a warning says it had some). A CSV is refused with the way out (a budget is several sheets: save the
    template as .xlsx or .ods); ``filename`` only shapes that message.
    """
    try:
        return _read_workbook(data, base or Case(), filename)
    except CrmCaseError:
        raise
    except Exception as error:  # any exception: zlib, zipfile, XML and openpyxl raise many kinds on damaged files
        raise CrmCaseError(problem("damaged", kind=type(error).__name__)) from None


def _read_workbook(data: bytes, base: Case, filename: str | None = None) -> WorkbookImport:
    """:func:`read_workbook` without its last guard: the raw checks, then the sheets, then the case."""
    archive, kind = open_spreadsheet(data, filename)
    problems: list[str] = []
    warnings: list[str] = []
    sheets = vocabulary().sheets
    workbook: Any
    if kind == "ods":
        workbook = read_ods(archive, keep=lambda name: sheets.get(norm(name)) in READ_SHEETS)
        titles = _titles(workbook.sheetnames)
        scans = {title: workbook[name].scan for title, name in titles.items()}
        _refuse_long_numbers([(sheet, ref, digits) for sheet, ref, digits in workbook.long_numbers
                              if sheet in titles.values()])
        hidden = [sheet.title for sheet in workbook.worksheets if sheet.hidden]
        if workbook.macros:
            warnings.append(warning("macros_ignored"))
    else:
        titles, scans = _scan(archive)
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        except CrmCaseError:
            raise
        except Exception as error:  # any exception: openpyxl raises many kinds on broken files
            raise CrmCaseError(problem("unreadable", kind=type(error).__name__, error=str(error))) from None
        hidden = hidden_sheets(archive)
    try:
        warnings += [warning("hidden_read" if sheets.get(norm(title)) in READ_SHEETS else "hidden_ignored",
                             sheet=title) for title in hidden]
        data_out = _read_sheets(workbook, titles, scans, base, problems, warnings)
    finally:
        workbook.close()
    if problems:
        raise CrmCaseError(problems)
    held = frozenset(part for sheet, parts_held in HELD_BY_SHEET.items() if sheet in titles for part in parts_held)
    try:
        return WorkbookImport(case_from_dict(data_out), warnings, held)
    except CrmCaseError as error:
        raise CrmCaseError([problem("workbook", problem=p) for p in error.problems]) from None


def _titles(names: list[str]) -> dict[str, str]:
    """The sheets the import reads, found by their names in any language: English title -> the file's name. Two
    sheets that are one (``Costs`` and ``Costos``) are refused, naming both; a required sheet missing too."""
    known = vocabulary().sheets
    titles: dict[str, str] = {}
    problems: list[str] = []
    for name in names:
        title = known.get(norm(name))
        if title not in READ_SHEETS:
            continue
        if title in titles:  # which one would hold? refuse rather than pick
            problems.append(problem("sheet_twice", first=titles[title], second=name,
                                    sheet=Message(f"excel.sheet.{SHEET_IDS[title]}")))
        else:
            titles[title] = name
    problems += [problem("sheet_missing", sheet=Message(f"excel.sheet.{SHEET_IDS[required]}"),
                         found=", ".join(names) if names else Message("excel.none"))
                 for required in REQUIRED_SHEETS if required not in titles]
    if problems:
        raise CrmCaseError(problems)
    return titles


def _scan(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, SheetScan]]:
    """Before openpyxl: the required sheets are there, and the XML of every sheet read holds no number too long
    to convert (:func:`_long_numbers`). Returns the file's name of each sheet read by its English title
    (:func:`_titles`) and each sheet's scan (:func:`~crm_case.excel.safety.scan_sheet_xml`) by its English
    title."""
    parts = sheet_parts(archive)
    titles = _titles(list(parts))
    problems = []
    scans = {}
    for title, real in titles.items():
        try:
            xml = archive.read(parts[real])
        except KeyError:
            raise CrmCaseError(problem("no_data_part", sheet=real)) from None
        scans[title] = scan_sheet_xml(xml)
        problems += _long_numbers(xml, real)
    if problems:  # before openpyxl, which cannot convert them
        raise CrmCaseError(problems)
    return titles, scans


def _read_sheets(workbook: Any, titles: dict[str, str], scans: dict[str, SheetScan], base: Case,
                 problems: list[str], warnings: list[str]) -> dict[str, Any]:
    """Every sheet the import reads (``titles``: English title -> the file's name), into the data of a case
    (``base``'s data where the workbook holds none)."""
    assumptions_ws = workbook[titles["Assumptions"]]
    locale = _read_number_format(assumptions_ws, problems)
    assumption_cells: dict[str, str] = {}
    assumptions = _read_assumptions(assumptions_ws, base, problems, warnings, locale=locale, cells=assumption_cells)
    horizon = assumptions.get("horizon_years", base.assumptions.horizon_years)
    horizon_ref = assumption_cells.get("horizon_years") or Message("excel.problem.horizon_kept")
    for ref in scans["Assumptions"].merged:
        problems.append(problem("merged_assumptions", where=f"{assumptions_ws.title}!{ref}"))
    for ref in scans["Assumptions"].formulas_without_values:
        if ref.startswith("B"):
            problems.append(problem("formula_assumptions", where=f"{assumptions_ws.title}!{ref}"))
    data_out = base.model_dump() | {"assumptions": assumptions}
    for title, layout in ITEM_SHEETS.items():
        reader = _ItemReader(layout, titles[title], horizon, horizon_ref, scans[title], problems, warnings, locale)
        data_out[layout.section] = reader.read(workbook[titles[title]])
    for title in KEY_VALUE_SHEETS:
        if title in titles:
            flat, cells = _read_key_values(workbook[titles[title]], title, scans[title], problems, locale=locale)
            data_out |= decode(title, flat, cells, problems) or {}
    return data_out


def _is_header(row: Any) -> bool:
    """The Assumptions sheet's header ``Name | Value`` (row 1): not the row that names the case."""
    return row[0].row == 1 and len(row) > 1 and norm(row[1].value) in vocabulary().values


def _read_number_format(ws: Any, problems: list[str]) -> str | None:
    """The locale named in the Assumptions row ``Number format`` (``de-CH``), checked with babel; ``None``
    when the row is missing or empty. A name babel does not know, or a second Number format row, is a problem
    naming the cell (and the first row's)."""
    labels = vocabulary().assumptions
    rows = [row for row in ws.iter_rows(min_row=1, max_row=200, max_col=2)
            if row and labels.get(norm(row[0].value)) == "number_format"]
    for row in rows[1:]:  # which one would hold? refuse rather than pick
        problems.append(problem("repeated_row", where=f"{ws.title}!A{row[0].row}",
                                label=repr(str(row[0].value).strip()), first=f"{ws.title}!A{rows[0][0].row}"))
    for row in rows[:1]:
        value = row[1].value if len(row) > 1 else None
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        where = f"{ws.title}!B{row[0].row}"
        if not isinstance(value, str):
            problems.append(problem("number_format", where=where, value=repr(value)))
            return None
        try:
            number_symbols(value)
        except NumberTextError as error:
            problems.append(cell_problem(where, error))
            return None
        return value.strip()
    return None


def _assumption_cells(ws: Any, problems: list[str]) -> dict[str, tuple[Any, str]]:
    """The Assumptions rows found, their labels in any language: field -> (value, cell). A label given twice (in
    one language or two) is a problem naming both rows (neither the first nor the last silently wins)."""
    found: dict[str, tuple[Any, str]] = {}
    labels = vocabulary().assumptions
    first: dict[str, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=200, max_col=2):
        if not row or row[0].value is None or _is_header(row):
            continue
        key = labels.get(norm(row[0].value))
        if key == "number_format":
            continue
        if key and key in found:  # last-wins would silently drop the first row: refuse, naming both
            problems.append(problem("repeated_row", where=f"{ws.title}!A{row[0].row}",
                                    label=repr(str(row[0].value).strip()), first=first[key]))
        elif key:
            value = row[1].value if len(row) > 1 else None
            found[key] = (value, f"{ws.title}!B{row[0].row}")
            first[key] = f"{ws.title}!A{row[0].row}"
    return found


def _assumption_value(key: str, value: Any, where: str, problems: list[str],
                      locale: str | None) -> tuple[bool, Any]:
    """One Assumptions value read as its field expects: (True, value), or (False, None) with the problem
    appended naming ``where``."""
    if key == "discount_rate":
        number = read_number(value, where, problems, what=wanted("discount_rate"), locale=locale, percent=True)
        if number is not None and not -1 < number <= 1:
            problems.append(problem("discount_rate", where=where, value=Plain(number * 100)))
            return False, None
        return number is not None, number
    if key == "horizon_years":
        number = read_number(value, where, problems, what=wanted("years"), locale=locale)
        if number is not None and (number != int(number) or not 1 <= number <= 10):
            problems.append(problem("horizon", where=where, value=Plain(number)))
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
            problems.append(problem("date", where=where, value=repr(value)))
            return False, None
    if key == "timing":
        text = norm(value).replace(" ", "_").replace("-", "_")
        if text not in {t.value for t in Timing}:
            problems.append(problem("timing", where=where, value=repr(value)))
            return False, None
        return True, text
    if value is None or not str(value).strip():
        problems.append(problem(f"blank.{key}", where=where))
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
                warnings.append(warning("row_missing", sheet=ws.title,
                                        label=Message(f"excel.assumption.{row.key}.label"), value=out[row.key]))
            continue
        value, where = found[row.key]
        ok, read = _assumption_value(row.key, value, where, problems, locale)
        if ok:
            out[row.key] = read
    try:
        return type(base.assumptions).model_validate(out).model_dump()
    except ValidationError as error:
        for e in error.errors(include_url=False):
            key = ".".join(str(p) for p in e["loc"])
            problems.append(problem("cell", where=found.get(key, (None, ws.title))[1], problem=what_of(e)))
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
    """Reads the line items of one Costs or Benefits sheet (``sheet``: its name in the file). Year columns beyond
    ``horizon`` (whose cell ``horizon_ref`` names) are read only to check that they are empty or 0; an amount there
    is a problem naming its cell. Numbers typed as text are read with ``locale``."""

    layout: ItemSheet
    sheet: str
    horizon: int
    horizon_ref: str
    scan: SheetScan
    problems: list[str]
    warnings: list[str]
    locale: str | None

    def read(self, ws: Any) -> list[dict[str, Any]]:
        """The sheet's items as the case's data, in row order; problems and warnings appended."""
        sheet = self.sheet
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            self.problems.append(problem("sheet_empty", where=f"{sheet}!A1", header=self._header()))
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
                self.problems.append(problem("too_many_rows", sheet=sheet, limit=Plain(MAX_ROWS)))
                break
            if not any(v is not None and (not isinstance(v, str) or v.strip()) for v in values):
                continue
            lines += 1
            if lines > MAX_LINE_ITEMS:  # counted, not read: the sheet is refused
                first_over = first_over or row_number
                continue
            if row_number in merged_rows:
                self.problems.append(problem("merged_data", where=f"{sheet}!{merged_rows[row_number]}"))
                continue
            if len(values) < len(letters):
                values = (*values, *([None] * (len(letters) - len(values))))
            items.append(self._item(values, row_number, columns, letters, seen))
        if first_over:
            self.problems.append(problem("too_many_items", where=f"{sheet}!A{first_over}", sheet=sheet,
                                         limit=Plain(MAX_LINE_ITEMS), count=Plain(lines), row=Plain(first_over)))
        return items

    def _header(self) -> Message:
        """The expected header, ``Category | Item | Initial | Year 1 ... | Risk adjustment``."""
        return Message(f"excel.header.expected.{self.layout.group}")

    def _columns(self, header: tuple[Any, ...]) -> _ItemColumns | None:
        """The header row's columns, named in any language; a repeated header (also in two languages), a Year 0 or
        a missing group or Item column is a problem (``None`` when the group or Item column is missing), an unknown
        header a warning."""
        sheet, group = self.sheet, self.layout.group
        words = vocabulary()
        known = {group, "item", "initial", "risk adjustment"}
        columns = _ItemColumns({}, {}, {})
        first_ref: dict[str | int, str] = {}  # a column's name (or year) -> the header cell that first gave it
        for index, title in enumerate(header):
            name = norm(title)
            ref = f"{sheet}!{get_column_letter(index + 1)}1"
            column = words.columns.get(name)
            year = words.year(name) if column is None and name else None
            column_id: str | int | None = column if column in known else year
            if column_id is not None and column_id in first_ref:  # Year 1 and Year 01: one would hide the other
                self.problems.append(problem("repeated_column", where=ref, title=repr(str(title).strip()),
                                             first=first_ref[column_id]))
                continue
            if column_id is not None:
                first_ref[column_id] = ref
            if column in known:
                columns.named[column] = index
            elif year is not None:
                if year < 1:
                    self.problems.append(problem("year_zero", where=ref, year=Message("excel.header.year", n=year),
                                                 first=Message("excel.header.year", n=1),
                                                 initial=Message("excel.header.initial")))
                elif year > self.horizon:
                    columns.beyond[year] = index
                else:
                    columns.years[year] = index
            elif name:
                self.warnings.append(warning("column_ignored", where=ref, title=repr(str(title).strip())))
        for required in (group, "item"):
            if required not in columns.named:
                key = "item" if required == "item" else group
                self.problems.append(problem("column_missing", where=f"{sheet}!1",
                                             column=Message(f"excel.header.{key}"), header=self._header()))
        return columns if group in columns.named and "item" in columns.named else None

    def _item(self, values: tuple[Any, ...], row_number: int, columns: _ItemColumns, letters: list[str],
              seen: dict[str, int]) -> dict[str, Any]:
        """One line item from its row's values; problems name their cells."""
        def where(column: int) -> str:
            return f"{self.sheet}!{letters[column]}{row_number}"

        formula_cells = set(self.scan.formulas_without_values)
        for column in columns.every() if formula_cells else ():
            if f"{letters[column]}{row_number}" in formula_cells:
                self.problems.append(problem("formula_items", where=where(column)))
        group_key = self.layout.group
        valid = vocabulary().categories if group_key == "category" else vocabulary().areas
        group_column, item_column = columns.named[group_key], columns.named["item"]
        got = values[group_column]
        kind = valid.get(norm(got))
        if kind is None:
            choices = Message(f"excel.{group_key}.choices")
            self.problems.append(problem(f"not_{group_key}", where=where(group_column), value=repr(got),
                                         choices=choices) if got is not None else
                                 problem(f"blank_{group_key}", where=where(group_column), choices=choices))
        name_value = values[item_column]
        name = " ".join(str(name_value).split()) if name_value is not None else ""
        if not name:
            self.problems.append(problem("item_no_name", where=where(item_column)))
        elif name.lower() in seen:
            self.problems.append(problem("item_twice", where=where(item_column), name=repr(name),
                                         row=seen[name.lower()]))
        else:
            seen[name.lower()] = row_number
        amounts = self._amounts(values, columns, where)
        risk = 0.0
        if (risk_column := columns.named.get("risk adjustment")) is not None:
            raw = values[risk_column]
            risk = raw if type(raw) is float and 0.0 <= raw <= 1.0 else (
                read_fraction(raw, where(risk_column), self.problems, _RISK, self.locale) or 0.0)
        return {group_key: kind or norm(got), "name": name or "?", "initial": amounts[0],
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
                self.problems.append(problem("negative", where=where(column), value=Plain(number),
                                             reason=self.layout.negative()))
                number = None
            elif number is not None and number > MAX_FIGURE:  # named here, not as costs[0].initial by the model
                self.problems.append(problem("too_large", where=where(column), value=f"{number:.6g}",
                                             limit=Plain(MAX_FIGURE)))
                number = None
            amounts[k] = number or 0.0
        for k, column in sorted(columns.beyond.items()):
            number = read_number(values[column], where(column), self.problems, locale=self.locale)
            if number:  # None (already a problem), 0 and blank are fine
                fix = (Message("excel.problem.fix_horizon", year=k) if k <= MAX_HORIZON_YEARS else
                       Message("excel.problem.fix_limit", limit=MAX_HORIZON_YEARS))
                self.problems.append(problem("beyond_horizon", where=where(column), year=k, horizon=self.horizon,
                                             ref=self.horizon_ref, fix=fix))
        return amounts


_RISK = wanted("risk_adjustment")


def _read_key_values(ws: Any, sheet: str, scan: SheetScan, problems: list[str], *,
                     locale: str | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """Rows with a ``Key`` and a ``Value`` column (their headers in any language) -> {key: value}, {key: cell},
    each cell named as the file names the sheet. A value typed as text that spells a number is read by
    :func:`~crm_case.excel.cells.read_text_value` (with ``locale``); the model validates the rest. ``sheet`` is
    the sheet's English title (what its keys mean)."""
    words = vocabulary()
    rows = ws.iter_rows(values_only=True)
    header = [norm(v) for v in (next(rows, None) or [])]
    key_col = next((i for i, name in enumerate(header) if name in words.keys), None)
    value_col = next((i for i, name in enumerate(header) if name in words.values), None)
    title = ws.title
    if key_col is None or value_col is None:
        problems.append(problem("key_value_columns", where=f"{title}!1"))
        return {}, {}
    values, cells = {}, {}
    formulas = set(scan.formulas_without_values)
    for row_number, row in enumerate(rows, start=2):
        key = row[key_col] if key_col < len(row) else None
        if not key:
            continue
        ref = f"{get_column_letter(value_col + 1)}{row_number}"
        if ref in formulas:
            problems.append(problem("formula_key_value", where=f"{title}!{ref}"))
        value = row[value_col] if value_col < len(row) else None
        name = str(key).strip()
        if isinstance(value, str):
            value = read_text_value(value, name, sheet, f"{title}!{ref}", problems, locale)
        values[name] = value
        cells[name] = f"{title}!{ref}"
    return values, cells


_LONG_NUMBER = re.compile(rb"<(?:\w+:)?v>\s*[-+]?(\d{%d,})" % (MAX_NUMBER_DIGITS + 1))
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_SHOWN_LONG_NUMBERS = 10


def _refuse_long_numbers(cells: list[tuple[str, str, int]]) -> None:
    """An .ods's numbers too long to convert ((sheet, cell, digits), found by
    :func:`~crm_case.excel.ods.read_ods`), refused as :func:`_long_numbers` refuses an .xlsx's."""
    problems = [problem("long_number", where=f"{sheet}!{ref}", digits=Plain(digits), limit=Plain(MAX_FIGURE))
                for sheet, ref, digits in cells]
    if len(problems) > _SHOWN_LONG_NUMBERS:
        problems = [*problems[:_SHOWN_LONG_NUMBERS],
                    problem("long_numbers_more", sheet=cells[0][0], count=Plain(len(problems) - _SHOWN_LONG_NUMBERS))]
    if problems:
        raise CrmCaseError(problems)


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
        problems.append(problem("long_number", where=f"{sheet}!{ref.group(1).decode() if ref else '?'}",
                                digits=Plain(len(match.group(1))), limit=Plain(MAX_FIGURE)))
    if len(problems) > _SHOWN_LONG_NUMBERS:
        problems = [*problems[:_SHOWN_LONG_NUMBERS],
                    problem("long_numbers_more", sheet=sheet, count=Plain(len(problems) - _SHOWN_LONG_NUMBERS))]
    return problems
