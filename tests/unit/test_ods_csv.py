"""OpenDocument (.ods) and CSV budgets: an .ods reads to the same case, with the same problems naming
``Sheet!Cell``, as the .xlsx LibreOffice saved it from; a CSV is refused with the way out; the .ods's macros are
never run; a huge .ods (a zip bomb, or repeat counts in its XML) is refused; the Data page takes an .ods.

The .ods files are LibreOffice's own saves of our workbooks (``soffice --headless --convert-to ods``, once per
module, with a private profile); the hostile ones are built from them by rewriting their ``content.xml``.
"""

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from crm_case import CrmCaseError, sample_case, with_value
from crm_case.excel import ods as ods_module
from crm_case.excel.reader import read_workbook
from crm_case.excel.safety import MAX_UPLOAD_BYTES, ODS_MIMETYPE
from crm_case.excel.writer import export_workbook
from crm_case.i18n import Message
from tests.unit.test_excel import filled

BASE = sample_case()
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"




def _merge_and_hide(workbook):
    workbook["Costs"].merge_cells("A3:B3")
    workbook.create_sheet("Scratch").sheet_state = "hidden"


WORKBOOKS = {
    "good": lambda: filled(
        costs=[("IT", "Licences", 0, 1_000, 1_000, 1_000, None, None, 0.1),
               (" people ", "Training", 5_000, None, None, None, None, None, "15 %"),
               ("Process", "Data migration", "1,250.50", 10, 20, 30, 40, 50, 0.2)],
        benefits=[("Sales", "More deals", None, 10_000, 20_000, None, None, None, None)],
        assumptions={"Discount rate": 0.08, "Horizon years": 5, "Currency": "usd", "Name": "ODS budget",
                     "Start date": dt.datetime(2027, 3, 1)}),
    "bad": lambda: filled(
        costs=[("IT", "Licences", "abc", 1, 1, 1, 1, 1, 0),
               ("Hardware", "Servers", -5, dt.datetime(2027, 1, 1), None, None, None, None, 1.5),
               ("IT", "licences", 1)],
        assumptions={"Discount rate": -1.5, "Timing": "weekly"}),
    "merged": lambda: filled(costs=[("IT", "x", 1), ("IT", "y", 2)], edit=_merge_and_hide),
    "spanish": lambda: filled(costs=[("TI", "Licencias", 100, 200, 300, None, None, None, 0.05)],
                               benefits=[("Ventas", "Más tratos", None, 1_000, 2_000, 3_000, None, None, None)],
                               language="es"),
    "export": lambda: export_workbook(with_value(BASE, "assumptions.name", "Exported ODS")),
}


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, tuple[bytes, bytes]]:
    """Each of :data:`WORKBOOKS` as (.xlsx bytes, LibreOffice's .ods of it)."""
    if not Path(SOFFICE).exists():
        pytest.fail("soffice not found: install Debian's libreoffice-calc (apt-get install -y libreoffice-calc), "
                    "as .ci/run does")
    folder = tmp_path_factory.mktemp("ods")
    xlsx = {name: make() for name, make in WORKBOOKS.items()}
    for name, data in xlsx.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    out, profile = folder / "out", folder / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "ods",
         "--outdir", str(out), *[str(folder / f"{name}.xlsx") for name in xlsx]],
        check=True, capture_output=True, timeout=240,
    )
    return {name: (data, (out / f"{name}.ods").read_bytes()) for name, data in xlsx.items()}


def problems(data: bytes, **options) -> list[str]:
    with pytest.raises(CrmCaseError) as caught:
        read_workbook(data, BASE, **options)
    return caught.value.problems


def rewrite(data: bytes, change) -> bytes:
    """Copy an .ods entry by entry, ``mimetype`` first and stored as the format wants; ``change(name, bytes)``
    returns new bytes (or None to drop the entry); extra entries come from ``change("", b"")`` as a dict."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content,
                                compress_type=zipfile.ZIP_STORED if info.filename == "mimetype" else None)
        for name, content in (change("", b"") or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def cell(text: str, value: str, new: str) -> str:
    """``content.xml`` with the first cell whose value (``office:value``) or shown text is ``value`` replaced by
    the XML ``new``."""
    for match in re.finditer(r"<table:table-cell\b[^>]*(?<!/)>.*?</table:table-cell>", text, flags=re.S):
        start_tag = match.group(0).split(">", 1)[0]
        if f'office:value="{value}"' in start_tag or f"<text:p>{value}</text:p>" in match.group(0):
            return text[:match.start()] + new + text[match.end():]
    raise AssertionError(f"no cell shows {value!r}")


def in_sheet(text: str, sheet: str, change) -> str:
    """``content.xml`` with the XML of one sheet (``<table:table table:name="...">...</table:table>``) changed."""
    start = text.index(f'<table:table table:name="{sheet}"')
    end = text.index("</table:table>", start)
    return text[:start] + change(text[start:end]) + text[end:]


def in_content(data: bytes, change) -> bytes:
    """The .ods with its ``content.xml`` changed by ``change(text) -> text``."""
    return rewrite(data, lambda name, content: change(content.decode()).encode() if name == "content.xml" else
                   (None if name == "" else content))


@pytest.mark.parametrize("name", ["good", "spanish", "export"])
def test_an_ods_reads_to_the_same_case_as_its_xlsx(converted, name):
    xlsx, ods = converted[name]
    assert zipfile.ZipFile(io.BytesIO(ods)).read("mimetype") == ODS_MIMETYPE
    from_xlsx, from_ods = read_workbook(xlsx, BASE), read_workbook(ods, BASE)
    assert from_ods.case == from_xlsx.case
    assert from_ods.held == from_xlsx.held
    assert from_ods.warnings == from_xlsx.warnings == []


def test_the_good_budget_is_read_as_typed(converted):
    case = read_workbook(converted["good"][1], BASE).case
    assert case.assumptions.name == "ODS budget" and case.assumptions.currency == "USD"
    assert case.assumptions.discount_rate == 0.08 and case.assumptions.start_date == dt.date(2027, 3, 1)
    assert [c.name for c in case.costs] == ["Licences", "Training", "Data migration"]
    assert case.costs[1].risk_adjustment == pytest.approx(0.15)  # typed as the text '15 %'
    assert case.costs[2].initial == 1_250.5  # typed as the text '1,250.50'
    assert case.benefits[0].per_year == (10_000, 20_000)


def test_bad_cells_are_named_as_in_the_xlsx(converted):
    xlsx, ods = converted["bad"]
    found = problems(ods)
    assert found == problems(xlsx)
    assert "Costs!C2: 'abc' is not a number; expected an amount" in found
    assert "Costs!D3: a date (2027-01-01) is not an amount; expected a number" in found
    assert "Costs!I3: 150 % is not a valid risk adjustment; expected 0 % to 100 % (type 15 % or 0.15)" in found
    assert any(p.startswith("Assumptions!B7: 'weekly' is not a timing") for p in found)


def test_merged_cells_and_hidden_sheets_as_in_the_xlsx(converted):
    xlsx, ods = converted["merged"]
    assert problems(ods) == problems(xlsx) == ["Costs!A3:B3: merged cells are not allowed in the data; unmerge them"]
    assert ods_module.read_ods(zipfile.ZipFile(io.BytesIO(ods)))["Scratch"].hidden


def test_hidden_sheets_are_reported(converted):
    def hide_benefits(text):
        text = text.replace("</office:automatic-styles>", '<style:style style:name="taHidden" style:family="table">'
                            '<style:table-properties table:display="false"/></style:style></office:automatic-styles>')
        return re.sub(r'(<table:table table:name="Benefits" table:style-name=)"[^"]*"', r'\1"taHidden"', text)

    result = read_workbook(in_content(converted["good"][1], hide_benefits), BASE)
    assert result.warnings == ["Workbook: sheet 'Benefits' is hidden; it was read anyway, check it"]
    assert result.case == read_workbook(converted["good"][1], BASE).case


def test_a_problem_names_the_sheet_in_the_files_language(converted):
    def bad_amount(text):
        return in_sheet(text, "Costos", lambda xml: cell(xml, "100", '<table:table-cell office:value-type="string">'
                                                                    "<text:p>cien</text:p></table:table-cell>"))

    ods = in_content(converted["spanish"][1], bad_amount)
    [found] = problems(ods)
    assert found == "Costos!C2: 'cien' is not a number; expected an amount"
    assert isinstance(found, Message) and found.in_language("es").startswith("Costos!C2: ")


def test_a_formula_without_a_saved_result_is_named(converted):
    def drop_result(text):
        return re.sub(r'(<table:table-cell table:formula="[^"]*") office:value-type="float" office:value="[^"]*"',
                      r"\1", text, count=1)

    ods = converted["good"][1]
    formula = in_content(ods, lambda text: cell(text, "5000", '<table:table-cell table:formula="of:=2500*2" '
                                                'office:value-type="float" office:value="5000"><text:p>5000</text:p>'
                                                "</table:table-cell>"))
    assert read_workbook(formula, BASE).case.costs[1].initial == 5_000  # its saved result is read
    found = problems(in_content(formula, drop_result))
    assert found == ["Costs!C3: the formula has no saved result (the file was written by a program and never "
                     "opened in Excel); open and save it in Excel or LibreOffice, or type the value"]


# ---- CSV


@pytest.mark.parametrize("filename", ["budget.csv", None])
def test_a_csv_budget_is_refused_with_the_way_out(filename):
    csv = b"Category,Item,Initial,Year 1\nIT,Licences,1000,200\n"
    [message] = problems(csv, filename=filename)
    assert message.startswith("Workbook: this is a CSV (text) file, and a budget is several sheets")
    assert "Download the budget template" in message and ".xlsx" in message and ".ods" in message
    assert message.in_language("es").startswith("Libro: es un archivo CSV")


def test_other_bytes_are_still_not_a_spreadsheet():
    assert problems(b"\x00\x01binary") == ["Workbook: not a spreadsheet; expected an Excel .xlsx or an "
                                           "OpenDocument .ods file"]


# ---- security


def test_macros_in_an_ods_are_never_run(converted, monkeypatch):
    """A Basic library and an event bound to it: the file is read, its macros' parts are never opened (only
    ``mimetype`` and ``content.xml`` are), and a warning says they were ignored."""
    ods = converted["good"][1]

    def add_macro(name, content):
        if name == "":
            return {"Basic/Standard/Module1.xml": b'<?xml version="1.0"?><script:module script:name="Module1">'
                                                  b"Sub Main\nShell(\"touch /tmp/pwned\")\nEnd Sub</script:module>",
                    "Basic/script-lc.xml": b'<?xml version="1.0"?><library:libraries/>'}
        if name == "content.xml":
            return content.replace(b"<office:scripts/>", b'<office:scripts><office:event-listeners>'
                                   b'<script:event-listener script:language="ooo:script" script:event-name='
                                   b'"dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main?language='
                                   b'Basic&amp;location=document"/></office:event-listeners></office:scripts>')
        return content

    with_macro = rewrite(ods, add_macro)
    opened = []
    real_read = zipfile.ZipFile.read
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, pwd=None: opened.append(
        getattr(name, "filename", name)) or real_read(self, name, pwd))
    result = read_workbook(with_macro, BASE)
    assert result.case == read_workbook(ods, BASE).case
    assert "Workbook: the file carries macros; they were not run (only the sheets' values were read)" in \
        result.warnings
    assert not any(name.lower().startswith("basic/") for name in opened)
    assert set(opened) <= {"mimetype", "content.xml"}
    assert not Path("/tmp/pwned").exists()


def test_entity_declarations_are_refused(converted):
    bomb = in_content(converted["good"][1], lambda text: text.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', 1))
    assert problems(bomb) == ["Workbook: the file declares XML entities (an entity-expansion attack); refused"]


def test_a_zip_bomb_ods_is_refused(converted):
    padded = in_content(converted["good"][1], lambda text: text.replace(
        "<office:scripts/>", "<office:scripts/>" + "<!--" + " " * 5_000_000 + "-->", 1))
    [message] = problems(padded)
    assert message.startswith("Workbook: part content.xml is compressed") and "zip bomb" in message


def test_an_oversized_ods_is_refused():
    [message] = problems(b"PK" + b"\0" * MAX_UPLOAD_BYTES)
    assert message.startswith("Workbook: the file is 21.0 MB, larger than the 20 MB allowed")


def test_a_million_repeated_rows_are_counted_not_built(converted):
    """``table:number-rows-repeated`` on a row holding a value: the sheet keeps MAX_ROWS + 2 rows and the reader
    names the limit; empty repeats (LibreOffice writes one of 1,048,000 rows at every sheet's end) cost nothing."""
    def repeat_last_cost(text):
        return in_sheet(text, "Costs", lambda xml: re.sub(
            r"<table:table-row(?=(?:(?!<table:table-row).)*Data migration)",
            '<table:table-row table:number-rows-repeated="1000000"', xml, count=1, flags=re.S))

    ods = in_content(converted["good"][1], repeat_last_cost)
    found = problems(ods)
    assert "Costs: more than 20,000 rows; split the budget or summarise lines" in found
    sheet = ods_module.read_ods(zipfile.ZipFile(io.BytesIO(converted["good"][1])))["Costs"]
    assert len(sheet.rows) == 4  # header + three lines: the trailing empty rows were never built


def test_too_many_columns_or_cells_are_refused(converted, monkeypatch):
    ods = converted["good"][1]
    wide = in_content(ods, lambda text: cell(
        text, "Licences", '<table:table-cell office:value-type="string"><text:p>Licences</text:p></table:table-cell>'
                          '<table:table-cell table:number-columns-repeated="16000" office:value-type="float" '
                          'office:value="1"><text:p>1</text:p></table:table-cell>'))
    assert problems(wide) == ["Workbook: sheet 'Costs' fills more than 1,024 columns: refused as a possible zip bomb"]
    monkeypatch.setattr(ods_module, "MAX_CELLS", 50)
    assert problems(ods) == ["Workbook: the sheets hold more than 50 cells: refused as a possible zip bomb"]


def test_a_number_too_long_to_convert_is_named(converted):
    long = in_content(converted["good"][1], lambda text: cell(
        text, "5000", f'<table:table-cell office:value-type="float" office:value="{"9" * 5000}"><text:p>9</text:p>'
                      "</table:table-cell>"))
    [message] = problems(long)
    assert message.startswith("Costs!C3: a number of 5,000 digits")


# ---- the Data page


def test_the_data_page_reads_an_ods_and_answers_a_csv(converted):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).parents[2] / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/data.py").run()
    uploader = at.get("file_uploader")[0]
    assert {"ods", "csv", "xlsx"} <= {t.lstrip(".") for t in uploader.allowed_type}
    uploader.set_value(("budget.csv", b"Category,Item,Initial\nIT,Licences,1000\n", "text/csv")).run()
    assert not at.exception, at.exception
    shown = " ".join(str(row) for frame in at.dataframe for row in frame.value.itertuples())
    assert "Download the budget template" in shown and ".ods" in shown
    at.get("file_uploader")[0].set_value(("budget.ods", converted["good"][1], ODS_MIMETYPE.decode())).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    at.button(key="apply-import").click().run()
    assert not at.exception, at.exception
    expected = read_workbook(converted["good"][1], BASE).case
    applied = at.session_state["case"]
    assert [c.name for c in applied.costs] == [c.name for c in expected.costs]
    assert applied.costs == expected.costs and applied.benefits == expected.benefits
    assert any("budget.ods" in s.value for s in at.success)
