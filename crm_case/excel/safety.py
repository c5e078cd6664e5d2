"""Checks on an uploaded workbook's bytes, made before any spreadsheet parser sees them.

An .xlsx file, like an OpenDocument .ods, is a zip of XML parts. Before openpyxl (or, for an .ods,
:mod:`crm_case.excel.ods`) opens one, this module refuses: anything that is
not a zip (an old .xls, a CSV, random bytes; a CSV budget is answered with the way out); a corrupt zip;
an .xlsx's macros (a VBA project or a macro-enabled content type: macros are never run, the file is refused;
an .ods's are never run either, its sheets' XML is all that is read); a zip bomb (limits on the number of entries,
the total uncompressed size and each entry's compression ratio, read from the zip directory, so
nothing is decompressed to find out); and files over :data:`MAX_UPLOAD_BYTES`. XML entity declarations
(the "billion laughs" attack) are refused by defusedxml, which openpyxl uses when it is installed
(:func:`scan_sheet_xml` uses it directly).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
"""Largest workbook accepted, as the app's ``server.maxUploadSize`` (20 MB)."""
MAX_ENTRIES = 2_000
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_RATIO = 200
"""Largest uncompressed/compressed ratio of one zip entry (real sheets compress about 5-20x)."""
MAX_ROWS = 20_000
"""Largest number of rows read from one sheet."""

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _file(key: str, /, **values: object) -> Message:
    """A refusal of an uploaded workbook (``excel.file.<key>``: ``Workbook: ...``)."""
    return Message(f"excel.file.{key}", **values)


def _table(key: str, /, **values: object) -> Message:
    """A refusal of an uploaded table (``excel.table.<key>``: ``<file name>: ...``)."""
    return Message(f"excel.table.{key}", **values)


ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
"""The ``mimetype`` entry of an OpenDocument spreadsheet (.ods), the first part of its zip."""


def _looks_like_text(data: bytes) -> bool:
    """Whether the bytes look like a text table (a CSV): no NUL byte in the first 4 kB, and a line break, comma,
    semicolon or tab in them."""
    head = data[:4096]
    return bool(head) and b"\x00" not in head and any(mark in head for mark in (b",", b";", b"\t", b"\n"))


def check_zip_bytes(data: bytes, filename: str | None = None, *, budget: bool = False) -> zipfile.ZipFile:
    """The checks every zipped spreadsheet (.xlsx, .ods) passes before a parser sees it: its size
    (:data:`MAX_UPLOAD_BYTES`), that it is a zip at all (an old .xls and a CSV are refused saying how to save
    them), and the zip-bomb limits read from the zip's directory (entries, total uncompressed size, each
    entry's ratio), so nothing is decompressed to find out. Returns the opened zip.

    For a ``budget`` (the Data page's upload), a CSV (a ``.csv`` ``filename``, or bytes that look like text) is
    answered with the way out (``excel.file.csv``: a budget is several sheets; save the template as .xlsx or
    .ods); a table upload's CSV never reaches here (:func:`read_rows` reads it). Raises :class:`CrmCaseError`
    with a one-line reason starting with ``Workbook:``."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise CrmCaseError(_file("too_large", size=Plain(len(data) / 1e6, "#,##0.0"),
                                 limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CrmCaseError(_file("xls"))
    if not data.startswith(b"PK"):
        csv_name = bool(filename) and str(filename).lower().endswith((".csv", ".txt", ".tsv"))
        raise CrmCaseError(_file("csv" if budget and (csv_name or _looks_like_text(data)) else "not_spreadsheet"))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise CrmCaseError(_file("corrupt", error=str(error))) from None
    if len(entries) > MAX_ENTRIES:
        raise CrmCaseError(_file("entries", count=len(entries), limit=MAX_ENTRIES))
    total = sum(e.file_size for e in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise CrmCaseError(_file("unpacked", size=Plain(total / 1e6, "#,##0"),
                                 limit=MAX_UNCOMPRESSED_BYTES // (1024 * 1024)))
    for entry in entries:
        if entry.file_size > 1_000_000 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            ratio = entry.file_size // max(entry.compress_size, 1)
            raise CrmCaseError(_file("ratio", part=entry.filename, ratio=ratio, limit=MAX_RATIO))
    return archive


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One part of a checked zip; a damaged part is a :class:`CrmCaseError` naming it."""
    try:
        return archive.read(name)
    except Exception as error:  # any exception: zlib.error, BadZipFile, EOFError... on a damaged part
        raise CrmCaseError(_file("corrupt_part", error=type(error).__name__, part=name)) from None


def is_ods(archive: zipfile.ZipFile) -> bool:
    """Whether a checked zip is an OpenDocument spreadsheet: its ``mimetype`` part says so (LibreOffice,
    Excel's and Google Sheets' .ods all write it first, uncompressed)."""
    names = {e.filename for e in archive.infolist()}
    return "mimetype" in names and _read_part(archive, "mimetype").strip() == ODS_MIMETYPE


def open_spreadsheet(data: bytes, filename: str | None = None) -> tuple[zipfile.ZipFile, str]:
    """A checked budget spreadsheet and its kind, ``"xlsx"`` or ``"ods"``: :func:`check_zip_bytes`, then
    :func:`check_workbook_bytes`'s checks for an .xlsx, or for an .ods a ``content.xml`` part. An .ods may carry
    Basic macros or scripts: they are never run (the reader parses the sheets' XML only) and
    :func:`crm_case.excel.ods.read_ods` reports them."""
    archive = check_zip_bytes(data, filename, budget=True)
    if is_ods(archive):
        if "content.xml" not in {e.filename for e in archive.infolist()}:
            raise CrmCaseError(_file("not_workbook"))
        return archive, "ods"
    _check_xlsx(archive)
    return archive, "xlsx"


def check_workbook_bytes(data: bytes) -> zipfile.ZipFile:
    """Refuse what must never reach openpyxl; return the opened zip of an .xlsx: :func:`check_zip_bytes`, then
    a workbook part, and no macros (a VBA project or a macro-enabled content type: the file is refused).

    Raises :class:`CrmCaseError` with a one-line reason starting with ``Workbook:``.
    """
    archive = check_zip_bytes(data)
    _check_xlsx(archive)
    return archive


def _check_xlsx(archive: zipfile.ZipFile) -> None:
    """An .xlsx's own checks: its workbook and content-types parts, and no macros."""
    entries = archive.infolist()
    names = {e.filename.lower() for e in entries}
    if "[content_types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise CrmCaseError(_file("not_workbook"))
    types_part = next(e.filename for e in entries if e.filename.lower() == "[content_types].xml")
    content_types = _read_part(archive, types_part)
    if any(n.endswith("vbaproject.bin") for n in names) or b"macroEnabled" in content_types:
        raise CrmCaseError(_file("macros"))


_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


@dataclass
class SheetScan:
    """What the raw XML of one sheet says that openpyxl's values do not."""

    formulas_without_values: list[str] = field(default_factory=list)
    """Cells (``B7``) holding a formula whose result was never saved."""
    merged: list[str] = field(default_factory=list)
    """Merged ranges (``A5:B5``)."""


def scan_sheet_xml(xml: bytes) -> SheetScan:
    """Find formula cells without a saved value and merged ranges, with defusedxml.

    Raises :class:`CrmCaseError` when the XML declares entities (an entity-expansion attack) or is
    malformed.
    """
    scan = SheetScan()
    if b"<!DOCTYPE" not in xml and b"<!ENTITY" not in xml and b"<f" not in xml:
        # the common case (values only): no need to walk every element
        scan.merged = [m.decode() for m in _MERGE.findall(xml)]
        return scan
    try:
        for _, element in SafeET.iterparse(io.BytesIO(xml), forbid_dtd=True, forbid_entities=True):
            if element.tag == f"{_NS}c":
                formula = element.find(f"{_NS}f")
                if formula is not None:
                    value = element.find(f"{_NS}v")
                    if value is None or value.text in (None, ""):
                        scan.formulas_without_values.append(element.get("r", "?"))
                element.clear()
            elif element.tag == f"{_NS}mergeCell":
                scan.merged.append(element.get("ref", "?"))
    except DefusedXmlException:
        raise CrmCaseError(_file("entities")) from None
    except SafeET.ParseError as error:
        raise CrmCaseError(_file("malformed_xml", error=str(error))) from None
    return scan


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip part holding its XML, from the workbook's relationships."""
    try:
        workbook = SafeET.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    except DefusedXmlException:
        raise CrmCaseError(_file("entities")) from None
    except (KeyError, SafeET.ParseError) as error:
        raise CrmCaseError(_file("corrupt", error=str(error))) from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in workbook.iter(f"{_NS}sheet"):
        rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        target = targets.get(rid, "")
        target = target.lstrip("/")
        out[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return out


def hidden_sheets(archive: zipfile.ZipFile) -> list[str]:
    """Names of the sheets marked hidden or very hidden in the workbook."""
    workbook = SafeET.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True)
    return [s.get("name", "") for s in workbook.iter(f"{_NS}sheet") if s.get("state", "visible") != "visible"]


_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def row_of(cell: str) -> int:
    """The row number of an A1 reference."""
    match = _CELL.match(cell)
    return int(match.group(2)) if match else 0


def read_rows(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> tuple[list[list[object]], str]:
    """The rows of an uploaded table, empty cells as None: a .csv (UTF-8, comma, semicolon or tab separated)
    or the first sheet of an .xlsx checked by :func:`check_workbook_bytes`; with the sheet's title ("CSV"
    for a CSV). At most ``max_rows`` rows after the header; more is refused. :class:`CrmCaseError` names
    the file and what is expected."""
    import csv

    name = filename.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise CrmCaseError(_table("too_large", file=filename, limit=MAX_UPLOAD_BYTES // (1024 * 1024)))
    if name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise CrmCaseError(_table("not_utf8", file=filename)) from None
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        except csv.Error:
            dialect = csv.excel
        rows = []
        reader = csv.reader(io.StringIO(text), dialect)
        try:
            for row in reader:
                rows.append([c if c != "" else None for c in row])
                if len(rows) > max_rows + 1:
                    raise CrmCaseError(_table("too_many_rows", file=filename, limit=Plain(max_rows)))
        except csv.Error as error:
            raise CrmCaseError(_table("csv", file=filename, line=Plain(reader.line_num), error=str(error))) from None
        return rows, "CSV"
    if not name.endswith((".xlsx", ".xlsm")):
        raise CrmCaseError(_table("file_type", file=filename))
    check_workbook_bytes(data)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # any exception: openpyxl raises many kinds on broken files
        raise CrmCaseError(_table("unreadable", file=filename, kind=type(error).__name__)) from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > max_rows + 1:
                raise CrmCaseError(_table("too_many_rows", file=filename, limit=Plain(max_rows)))
        return rows, sheet.title
    except CrmCaseError:
        raise
    except Exception as error:  # any exception: a damaged sheet part fails inside openpyxl's reader
        raise CrmCaseError(_table("unreadable_sheet", file=filename, kind=type(error).__name__)) from None
    finally:
        workbook.close()
