"""Reading an OpenDocument spreadsheet (.ods: LibreOffice's, Excel's or Google Sheets' save of the budget
template) as the import reads an .xlsx.

An .ods is a zip whose ``content.xml`` holds every sheet. After the zip checks of
:func:`crm_case.excel.safety.open_spreadsheet`, this module parses that one part with defusedxml (entity
declarations refused), streaming row by row, and gives each sheet the few methods the reader uses of an openpyxl
worksheet (``title``, ``iter_rows``), so an .ods goes through the very same checks and messages as an .xlsx, each
problem naming ``Sheet!Cell``.

Cell values are read as openpyxl reads the same cell of an .xlsx: a number (``office:value``; an integer as
``int``), a percentage as its fraction (15 % -> 0.15), a date as a ``datetime``, a boolean, else the cell's text
(paragraphs joined by line breaks, ``text:s`` spaces kept, comments left out). A formula's saved result is its
value; a formula without one is reported like an .xlsx's. Merged cells are reported from ``table:number-*-spanned``.

Limits, as a zip bomb could otherwise hide in the XML's repeat counts (``table:number-rows-repeated="1000000"``):
empty rows and cells are counted, never built, unless something follows them; a sheet keeps at most
:data:`~crm_case.excel.safety.MAX_ROWS` + 2 rows (the reader then names the row limit), :data:`MAX_COLUMNS`
columns and the whole file :data:`MAX_CELLS` cells; more is refused. Macros (``Basic/``, ``Scripts/``, script
elements) are never run, nor is anything else: only the XML of ``content.xml`` is read; :attr:`OdsBook.macros`
says there were some, for a warning.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from crm_case.errors import CrmCaseError
from crm_case.excel.safety import MAX_ROWS, SheetScan, _file
from crm_case.i18n.formats import Plain
from crm_case.model import MAX_NUMBER_DIGITS

MAX_COLUMNS = 1_024
"""Most columns of a sheet holding something (the budget's sheets use at most 16)."""
MAX_CELLS = 2_000_000
"""Most cells built for the whole file, blanks between values included."""

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
_INTEGER = re.compile(r"[-+]?\d+")
_SCRIPT = re.compile(rb"<office:script[\s>/]|<script:event-listener")
"""A script or an event bound to one in ``content.xml`` (LibreOffice writes an empty ``<office:scripts/>`` in
every file: not a macro)."""
_DURATION = re.compile(r"-?PT(\d+)H(\d+)M(\d+(?:\.\d+)?)S")


def column_letter(index: int) -> str:
    """The letters of a 1-based column index (1 -> ``A``, 27 -> ``AA``)."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class OdsCell:
    """One cell as the reader reads an openpyxl cell: its ``value`` and 1-based ``row``."""

    value: Any
    row: int


@dataclass
class OdsSheet:
    """One sheet: its ``title``, its rows from row 1 (each a tuple of values, ``None`` when blank, ending at the
    row's last value), whether it is hidden, and its :class:`~crm_case.excel.safety.SheetScan` (formulas without a
    saved value, merged ranges)."""

    title: str
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    hidden: bool = False
    scan: SheetScan = field(default_factory=SheetScan)

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, max_col: int | None = None,
                  values_only: bool = False) -> Iterator[tuple[Any, ...]]:
        """The rows ``min_row``..``max_row`` (1-based), cut to ``max_col`` columns: values, or :class:`OdsCell`s
        as openpyxl's ``iter_rows`` gives them."""
        last = len(self.rows) if max_row is None else min(max_row, len(self.rows))
        for number in range(min_row, last + 1):
            values = self.rows[number - 1]
            if max_col is not None:
                values = (*values[:max_col], *([None] * (max_col - len(values))))
            yield values if values_only else tuple(OdsCell(v, number) for v in values)


@dataclass
class OdsBook:
    """The sheets of an .ods, by name in the file's order, as the reader uses an openpyxl workbook
    (``book[name]``, ``close()``); ``long_numbers``: (sheet, cell, digits) of numbers too long to convert;
    ``macros``: whether the file carries macros or scripts (never run)."""

    sheets: dict[str, OdsSheet]
    long_numbers: list[tuple[str, str, int]] = field(default_factory=list)
    macros: bool = False

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    @property
    def worksheets(self) -> list[OdsSheet]:
        return list(self.sheets.values())

    def __getitem__(self, name: str) -> OdsSheet:
        return self.sheets[name]

    def close(self) -> None:
        """Nothing to close: the parse is done (here for the reader, which closes an openpyxl workbook)."""


def _paragraph(element: Any) -> str:
    """The text of a ``text:p`` (or a span inside it): ``text:s`` as its count of spaces, tabs and line breaks
    kept, notes and annotations left out."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1") or 1))
        elif tag == f"{_TEXT}tab":
            parts.append("\t")
        elif tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif tag not in (f"{_OFFICE}annotation", f"{_TEXT}note"):
            parts.append(_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell_value(cell: Any, where: Callable[[], str], long_numbers: list[tuple[str, int]]) -> Any:
    """A cell's value as openpyxl reads the same .xlsx cell (see the module docstring); a number whose integer
    part has more than :data:`~crm_case.model.MAX_NUMBER_DIGITS` digits is recorded in ``long_numbers`` (cell,
    digits) and read as None."""
    kind = cell.get(f"{_OFFICE}value-type")
    if kind in ("float", "percentage", "currency"):
        raw = (cell.get(f"{_OFFICE}value") or "").strip()
        digits = len(re.split(r"[.eE]", raw.lstrip("+-"), maxsplit=1)[0])
        if digits > MAX_NUMBER_DIGITS:
            long_numbers.append((where(), digits))
            return None
        try:
            return int(raw) if _INTEGER.fullmatch(raw) else float(raw)
        except ValueError:
            return raw
    if kind == "date":
        raw = cell.get(f"{_OFFICE}date-value") or ""
        try:
            return dt.datetime.fromisoformat(raw)
        except ValueError:
            return raw
    if kind == "time":
        raw = cell.get(f"{_OFFICE}time-value") or ""
        match = _DURATION.fullmatch(raw)
        if match and int(match.group(1)) < 24:
            seconds = float(match.group(3))
            return dt.time(int(match.group(1)), int(match.group(2)), int(seconds), int(seconds % 1 * 1e6))
        return raw
    if kind == "boolean":
        return (cell.get(f"{_OFFICE}boolean-value") or "").strip().lower() == "true"
    text = "\n".join(_paragraph(p) for p in cell if p.tag == f"{_TEXT}p")
    return text if text else None


class _SheetBuilder:
    """Builds one sheet from its rows as they stream by, with the limits of the module docstring."""

    def __init__(self, title: str, hidden: bool, budget: list[int]):
        self.sheet = OdsSheet(title, hidden=hidden)
        self.budget = budget  # [cells left for the whole file], shared by the sheets
        self.empty_rows = 0  # empty rows seen and not built yet
        self.long_numbers: list[tuple[str, int]] = []

    def row(self, element: Any) -> None:
        """One ``table:table-row`` (repeated ``table:number-rows-repeated`` times)."""
        repeat = int(element.get(f"{_TABLE}number-rows-repeated", "1") or 1)
        number = len(self.sheet.rows) + self.empty_rows + 1  # the row's number in the sheet
        values: list[Any] = []
        blanks = 0  # empty cells seen and not built yet
        for cell in element:
            if cell.tag not in _CELLS:
                continue
            span = int(cell.get(f"{_TABLE}number-columns-repeated", "1") or 1)
            column = len(values) + blanks + 1
            value = _cell_value(cell, lambda c=column, n=number: f"{column_letter(c)}{n}", self.long_numbers)
            across = int(cell.get(f"{_TABLE}number-columns-spanned", "1") or 1)
            down = int(cell.get(f"{_TABLE}number-rows-spanned", "1") or 1)
            if across > 1 or down > 1:
                self.sheet.scan.merged.append(
                    f"{column_letter(column)}{number}:{column_letter(column + across - 1)}{number + down - 1}")
            if cell.get(f"{_TABLE}formula") and cell.get(f"{_OFFICE}value-type") is None:
                self.sheet.scan.formulas_without_values.append(f"{column_letter(column)}{number}")
            if value is None:
                blanks += span
                continue
            if column + span - 1 > MAX_COLUMNS:
                raise CrmCaseError(_file("ods_columns", sheet=self.sheet.title, limit=Plain(MAX_COLUMNS)))
            values += [None] * blanks + [value] * span
            blanks = 0
        if not values:
            self.empty_rows += repeat
            return
        rows = self.sheet.rows
        wanted = min(self.empty_rows + repeat, MAX_ROWS + 2 - len(rows))  # past the limit: the reader names it
        built = min(self.empty_rows, wanted)
        self.budget[0] -= built + (wanted - built) * len(values)  # an empty row costs one, a row its cells
        if self.budget[0] < 0:
            raise CrmCaseError(_file("ods_cells", limit=Plain(MAX_CELLS)))
        rows += [()] * built + [tuple(values)] * (wanted - built)  # a repeated row: one tuple, shared
        self.empty_rows = 0

    def done(self) -> OdsSheet:
        """The sheet. Its rows are not padded to one width (a row ends at its last value): the reader pads what
        it reads, and :meth:`OdsSheet.iter_rows` pads to ``max_col``."""
        return self.sheet


def read_ods(archive: zipfile.ZipFile, keep: Callable[[str], bool] | None = None) -> OdsBook:
    """Every sheet of a checked .ods (:func:`~crm_case.excel.safety.open_spreadsheet`); sheets for which ``keep``
    says False are listed (by name, empty) but not built. Raises :class:`CrmCaseError` (``Workbook: ...``) on
    entity declarations, malformed XML, or a sheet over the limits."""
    try:
        content = archive.read("content.xml")
    except Exception as error:  # any exception: zlib.error, BadZipFile, EOFError... on a damaged part
        raise CrmCaseError(_file("corrupt_part", error=type(error).__name__, part="content.xml")) from None
    names = [e.filename.lower() for e in archive.infolist()]
    macros = any(n.startswith(("basic/", "scripts/")) for n in names) or bool(_SCRIPT.search(content))
    hidden_styles: set[str] = set()
    sheets: dict[str, OdsSheet] = {}
    long_numbers: list[tuple[str, str, int]] = []
    budget = [MAX_CELLS]
    builder: _SheetBuilder | None = None
    depth = 0  # tables inside a table (rare: a subtable in a cell) are read as part of their cell
    open_elements: list[Any] = []  # the elements being read, the root first: a row read is removed from its parent
    try:
        for event, element in SafeET.iterparse(io.BytesIO(content), events=("start", "end"), forbid_dtd=True,
                                               forbid_entities=True, forbid_external=True):
            tag = element.tag
            if event == "start":
                open_elements.append(element)
            else:
                open_elements.pop()
            if tag == f"{_TABLE}table":
                if event == "start":
                    depth += 1
                    if depth == 1:
                        name = element.get(f"{_TABLE}name", "")
                        hidden = element.get(f"{_TABLE}style-name") in hidden_styles
                        builder = _SheetBuilder(name, hidden, budget) if keep is None or keep(name) else None
                        sheets[name] = builder.sheet if builder else OdsSheet(name, hidden=hidden)
                    continue
                depth -= 1
                if depth == 0:
                    if builder is not None:
                        sheets[builder.sheet.title] = builder.done()
                        long_numbers += [(builder.sheet.title, ref, d) for ref, d in builder.long_numbers]
                    builder = None
                    if open_elements:
                        open_elements[-1].remove(element)
                continue
            if event != "end":
                continue
            if tag == f"{_TABLE}table-row" and depth == 1:
                if builder is not None:
                    builder.row(element)
                if open_elements:  # a million empty rows must not stay in memory as a million elements
                    open_elements[-1].remove(element)
            elif tag == f"{_STYLE}style" and element.get(f"{_STYLE}family") == "table":
                properties = element.find(f"{_STYLE}table-properties")
                if properties is not None and properties.get(f"{_TABLE}display") == "false":
                    hidden_styles.add(element.get(f"{_STYLE}name", ""))
    except DefusedXmlException:
        raise CrmCaseError(_file("entities")) from None
    except SafeET.ParseError as error:
        raise CrmCaseError(_file("malformed_xml", error=str(error))) from None
    return OdsBook(sheets, long_numbers, macros)
