"""Excel in the user's language (issue 18): the template and the export speak each language of the app, and the
import reads a workbook written in any of them (or in two at once, as long as nothing is said twice).

The expected words come from the catalogs (crm_case/i18n/catalogs/<language>/excel.json) or are written out here
where the test is about what a person sees (``Costos``, ``Año 1``); the expected case is the one written into
the file.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from crm_case import BenefitItem, Case, CostItem, CrmCaseError, sample_case
from crm_case.excel.layout import ASSUMPTION_ROWS, BENEFITS, COSTS, KEY_VALUE_SHEETS
from crm_case.excel.reader import read_workbook
from crm_case.excel.template import budget_template
from crm_case.excel.words import SHEET_IDS, _lookup, norm, sheet_name, sheet_ref, vocabulary, word
from crm_case.excel.writer import export_with_expected, export_workbook
from crm_case.i18n import LANGUAGES, PSEUDO, Message
from crm_case.model import field_info

ALL = list(LANGUAGES)


def small_case() -> Case:
    """The sample with one line of each cost category and one benefit line per area: every category and area
    name is written and read back."""
    case = sample_case()
    costs = (CostItem(category="IT", name="Licences", initial=1_000, per_year=(5_000,) * 5, risk_adjustment=0.1),
             CostItem(category="People", name="Training", initial=30_000, per_year=(8_000, 8_000, 0, 0, 0)),
             CostItem(category="Process", name="Redesign", per_year=(0, 2_500, 2_500, 0, 0), risk_adjustment=0.25))
    benefits = (BenefitItem(area="Marketing", name="Campaign uplift", per_year=(0, 10_000, 20_000, 20_000, 20_000)),
                BenefitItem(area="Sales", name="More deals", per_year=(5_000,) * 5, risk_adjustment=0.2),
                BenefitItem(area="Service", name="Fewer contacts", initial=500, per_year=(1_000,) * 5))
    return Case.model_validate(case.model_copy(update={"costs": costs, "benefits": benefits}).model_dump())


CASE = small_case()


def _saved(workbook: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filled_template(case: Case, language: str, edit=None) -> bytes:
    """The template in ``language`` filled with ``case``'s line items as a person of that language types them:
    categories and areas by their names in the language, one Year column per year of the horizon."""
    years = case.assumptions.horizon_years
    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(case, years=years, language=language)))
    for layout in (COSTS, BENEFITS):
        ws = workbook[sheet_name(layout.title, language)]
        for row, item in enumerate(getattr(case, layout.section), start=2):
            group = getattr(item, layout.group).value
            values = [word(language, f"{layout.group}.{group}"), item.name, item.initial,
                      *[item.amount(k) for k in range(1, years + 1)], item.risk_adjustment]
            for column, value in enumerate(values, start=1):
                ws.cell(row=row, column=column, value=value)
    if edit:
        edit(workbook)
    return _saved(workbook)


def problems_of(data: bytes, base: Case = CASE) -> list[str]:
    with pytest.raises(CrmCaseError) as caught:
        read_workbook(data, base)
    return caught.value.problems


class TestWords:
    def test_no_text_means_two_things_in_two_languages(self):
        words = vocabulary()  # raises ValueError on an ambiguity
        assert words is vocabulary()  # built once per process
        for language in ALL:
            assert words.sheets[norm(sheet_name("Cost of delay", language))] == "Cost of delay"
            assert words.categories[norm(word(language, "category.People"))] == "People"
            assert words.areas[norm(word(language, "area.Service"))] == "Service"
            assert words.year(norm(word(language, "header.year", n=7))) == 7

    def test_an_ambiguity_between_languages_is_refused_when_the_words_are_built(self):
        with pytest.raises(ValueError, match="'Costi' means both 'Costs' and 'Benefits'"):
            _lookup("sheet name", [("Costs", "Costs"), ("costi", "Costs"), ("Costi", "Benefits")])

    @pytest.mark.parametrize("language", ALL)
    def test_sheet_names_are_names_excel_takes(self, language):
        names = [sheet_name(title, language) for title in SHEET_IDS]
        assert len({name.lower() for name in names}) == len(names)  # Excel compares names ignoring case
        assert all(0 < len(name) <= 31 and not set(name) & set("[]:*?/\\") for name in names), names

    def test_the_english_discount_rate_label_is_the_models_field_name(self):
        assert ASSUMPTION_ROWS[2].label("en") == field_info("assumptions.discount_rate").name

    def test_a_formula_names_a_sheet_as_excel_needs_it(self):
        assert sheet_ref("Costs") == "Costs" and sheet_ref("Costos") == "Costos"
        assert sheet_ref("Cash flow") == "'Cash flow'" and sheet_ref("成本") == "'成本'"
        assert sheet_ref("Costo dell'assistenza") == "'Costo dell''assistenza'"


class TestTemplateInEachLanguage:
    @pytest.mark.parametrize("language", ALL)
    def test_a_filled_template_reads_back_as_the_case(self, language):
        assert read_workbook(filled_template(CASE, language), CASE).case == CASE

    @pytest.mark.parametrize("language", ALL)
    def test_a_filled_template_reads_back_onto_another_case(self, language):
        # the template holds the assumptions and the line items: those come from the file, the rest from the base
        result = read_workbook(filled_template(CASE, language), sample_case())
        assert result.case.costs == CASE.costs and result.case.benefits == CASE.benefits
        assert result.case.assumptions == CASE.assumptions and result.held == frozenset()

    def test_the_spanish_template_speaks_spanish(self):
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(years=3, language="es")))
        assert workbook.sheetnames == ["Instrucciones", "Supuestos", "Costos", "Beneficios"]
        assert [c.value for c in workbook["Costos"][1]] == ["Categoría", "Partida", "Inicial", "Año 1", "Año 2",
                                                            "Año 3", "Ajuste por riesgo"]
        assert [c.value for c in workbook["Beneficios"][1]][:2] == ["Área", "Partida"]
        assert [r[0].value for r in workbook["Supuestos"].iter_rows(min_row=2)] == [
            "Nombre", "Moneda", "Tasa de descuento", "Años del horizonte", "Fecha de inicio",
            "Momento de los flujos", "Formato numérico"]
        lists = [v.formula1 for v in workbook["Costos"].data_validations.dataValidation if v.type == "list"]
        assert lists == ['"TI,Personas,Procesos"']
        examples = [r[1].value for r in workbook["Instrucciones"].iter_rows() if r[1].value and " | " in r[1].value]
        # figures as Spanish writes them (CLDR, babel): a point groups thousands, a no-break space before %
        assert examples[1] == "Personas | Formación | 30.000 | 8.000 | 8.000 | 8.000 | 10\xa0%"
        assert workbook["Costos"]["D2"].number_format == "#,##0;-#,##0"  # Excel's own: Excel shows it in its way

    def test_the_traditional_chinese_template(self):
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(years=2, language="zh-Hant")))
        assert workbook.sheetnames == ["說明", "假設", "成本", "效益"]
        assert [c.value for c in workbook["成本"][1]] == ["類別", "項目", "期初", "第 1 年", "第 2 年", "風險調整"]

    def test_every_text_of_the_template_comes_from_the_catalogs(self):
        """In the pseudo-language every catalog text is wrapped in ⟦…⟧: a text without them was written in the
        code. Numbers, the case's own values (name, currency, timing) and empty cells aside."""
        workbook = openpyxl.load_workbook(io.BytesIO(budget_template(language=PSEUDO)))
        assert all(name.startswith("⟦") for name in workbook.sheetnames)
        own_values = {Case().assumptions.name, "EUR", "end_of_year"}
        bare = [f"{ws.title}!{cell.coordinate}: {cell.value!r}" for ws in workbook for row in ws.iter_rows()
                for cell in row if isinstance(cell.value, str) and "⟦" not in cell.value
                and cell.value not in own_values]
        assert bare == []
        checks = [v for ws in workbook for v in ws.data_validations.dataValidation]
        assert checks and all("⟦" in v.error and "⟦" in v.errorTitle for v in checks)


class TestExportInEachLanguage:
    @pytest.mark.parametrize("language", ALL)
    def test_an_export_reads_back_as_the_case(self, language):
        result = read_workbook(export_workbook(CASE, language=language))
        assert result.case == CASE and result.warnings == []
        assert len(result.held) == 8  # every part of the case: the Key | Value sheets were all found

    @pytest.mark.parametrize("language", ["es", "zh-Hant"])
    def test_every_expected_cell_is_a_formula_of_the_languages_sheets(self, language):
        data, expected = export_with_expected(CASE, language=language)
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        assert set(expected) == {sheet_name(title, language) for title in ("Drivers", "Monthly", "Cash flow")}
        for sheet, cells in expected.items():
            for ref in cells:
                assert str(workbook[sheet][ref].value).startswith("="), (sheet, ref)

    def test_spanish_formulas_name_the_spanish_sheets_and_categories(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(CASE, language="es")))
        formulas = [c.value for row in workbook["Flujo de caja"].iter_rows() for c in row
                    if isinstance(c.value, str) and c.value.startswith("=")]
        text = " ".join(formulas)
        assert "Costos!$A$2" in text and 'Costos!$A$2:$A$4="Personas"' in text and "Mensual!$" in text
        assert "Costs!" not in text and "Monthly!" not in text and '"People"' not in text
        assert '"n/d"' in text  # the formulas' own text result is in the language too
        labels = {row[0].value: row for row in workbook["Flujo de caja"].iter_rows() if row[0].value}
        assert labels["VAN"][1].value.startswith("=") and "Costos: Personas" in labels

    def test_chinese_sheet_names_are_quoted_in_formulas(self):
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(CASE, language="zh-Hans")))
        text = " ".join(c.value for row in workbook["现金流"].iter_rows() for c in row
                        if isinstance(c.value, str) and c.value.startswith("="))
        assert "'成本'!$A$2" in text and "'逐月'!$" in text and '="人员"' in text
        assert workbook.defined_names["DiscountRate"].attr_text == "'假设'!$B$4"

    def test_every_heading_of_the_export_comes_from_the_catalogs(self):
        """The pseudo-language's export: the first row of every sheet, the Cash flow's labels and the Key | Value
        sheets' sections and inputs are all catalog texts (⟦…⟧). Values and keys are the case's own."""
        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(CASE, language=PSEUDO)))
        bare = [f"{ws.title}!{c.coordinate}" for ws in workbook for c in ws[1]
                if isinstance(c.value, str) and "⟦" not in c.value]
        cash_flow = workbook[sheet_name("Cash flow", PSEUDO)]
        bare += [f"Cash flow!{c.coordinate}" for c in cash_flow["A"] if isinstance(c.value, str) and "⟦" not in c.value]
        for title in KEY_VALUE_SHEETS:
            ws = workbook[sheet_name(title, PSEUDO)]
            for row in ws.iter_rows(min_row=2, max_col=3):
                key = row[2].value
                if key and not str(key).startswith("summary."):  # an aggregate's label is its key
                    bare += [f"{title}!{c.coordinate}" for c in row[:2] if "⟦" not in str(c.value)]
        assert bare == []

    def test_the_ambiguous_irr_note_in_spanish(self):
        from tests.unit.test_export_irr import two_irr_case

        workbook = openpyxl.load_workbook(io.BytesIO(export_workbook(two_irr_case(), language="es")))
        rows = {row[0].value: row for row in workbook["Flujo de caja"].iter_rows() if row[0].value}
        note = rows["TIR"][2].value
        assert note.startswith("La TIR es ambigua") and "2,00\xa0% y 15,00\xa0%" in note and "TIRM" in note
        values = {r[0].value: r for r in workbook["Valores"].iter_rows(min_row=3) if r[0].value}
        assert values["irr_rates"][1].value == "2,00\xa0%; 15,00\xa0%"  # CLDR es: a no-break space before %


class TestImportInAnyLanguage:
    def test_an_english_template_reads_the_same_whatever_the_readers_language(self):
        """The reader does not know who reads its messages: an English template gives one case; its problems are
        Messages, English as text, each reader's language on demand, naming the English sheet."""
        assert read_workbook(filled_template(CASE, "en"), CASE).case == read_workbook(
            filled_template(CASE, "zh-Hans"), CASE).case == CASE

        def bad(workbook):
            workbook["Costs"]["C2"] = -5

        [problem] = problems_of(filled_template(CASE, "en", bad))
        assert problem == "Costs!C2: -5 is negative; a cost must be zero or more (a saving belongs in Benefits)"
        assert isinstance(problem, Message) and problem.key == "excel.problem.negative"
        assert problem.in_language("es") == ("Costs!C2: -5 es negativo; un costo debe ser cero o más (un ahorro va en "
                                             "Beneficios)")

    def test_a_spanish_templates_bad_cells_are_named_in_spanish(self):
        def bad(workbook):
            ws = workbook["Costos"]
            ws["A3"], ws["C2"], ws["D4"] = "Hardware", -5, "abc"

        found = problems_of(filled_template(CASE, "es", bad))
        assert [str(p) for p in found] == [
            "Costos!C2: -5 is negative; a cost must be zero or more (a saving belongs in Benefits)",
            "Costos!A3: 'Hardware' is not a category; expected IT, People, Process",
            "Costos!D4: 'abc' is not a number; expected an amount"]
        assert [p.in_language("es") for p in found[:2]] == [
            "Costos!C2: -5 es negativo; un costo debe ser cero o más (un ahorro va en Beneficios)",
            "Costos!A3: 'Hardware' no es una categoría; se esperaba TI, Personas, Procesos"]
        assert found[2].in_language("es").startswith("Costos!D4: 'abc' no es un número")

    def test_figures_in_a_message_are_written_as_the_reader_writes_them(self):
        def bad(workbook):
            workbook["Costos"]["C2"], workbook["Costos"]["I3"] = 1e13, 1.125

        found = problems_of(filled_template(CASE, "es", bad))
        assert found == ["Costos!C2: 1e+13 is too large; an amount must be at most 1,000,000,000,000",
                         "Costos!I3: 112.5 % is not a valid risk adjustment; expected 0 % to 100 % (type 15 % or 0.15)"]
        assert [p.in_language("es") for p in found] == [
            "Costos!C2: 1e+13 es demasiado grande; un importe debe ser como máximo 1.000.000.000.000",
            "Costos!I3: 112,5 % no es un valor válido de ajuste por riesgo; se esperaba de 0 % a 100 % (escriba 15 % o "
            "0,15)"]

    def test_a_missing_sheet_is_named_in_the_readers_language(self):
        def no_benefits(workbook):
            del workbook["Beneficios"]

        [problem] = problems_of(filled_template(CASE, "es", no_benefits))
        assert problem.startswith("Workbook: sheet 'Benefits' is missing; expected sheets Assumptions, Costs and "
                                  "Benefits (found Instrucciones, Supuestos, Costos)")
        assert problem.in_language("es").startswith("Libro: falta la hoja 'Beneficios'")

    def test_headers_in_another_language_ignore_case_and_spaces(self):
        def edit(workbook):
            ws = workbook["Costs"]
            for column, title in enumerate(["  CATEGORÍA ", "partida", " Inicial", "año 1", "AÑO 2", "Año  3",
                                            "año4", "AÑO 5", "ajuste  por riesgo"], 1):
                ws.cell(row=1, column=column, value=title)
            ws["A2"] = " personas "

        case = read_workbook(filled_template(CASE, "en", edit), CASE).case
        assert case.costs[0].category.value == "People" and case.costs == (
            CASE.costs[0].model_copy(update={"category": "People"}), *CASE.costs[1:])

    def test_chinese_headers_typed_with_full_width_digits(self):
        def edit(workbook):
            ws = workbook["成本"]
            ws["D1"], ws["E1"] = "第１年", "第2年"  # a Chinese keyboard's full-width 1, and no spaces

        assert read_workbook(filled_template(CASE, "zh-Hant", edit), CASE).case == CASE

    def test_categories_and_areas_in_any_language(self):
        def edit(workbook):
            costs, benefits = workbook["Costs"], workbook["Benefits"]
            costs["A2"], costs["A3"], costs["A4"] = "ІТ", "人員", "procesos"
            benefits["A2"], benefits["A3"], benefits["A4"] = "营销", "Vânzări", "ASSISTENZA"

        assert read_workbook(filled_template(CASE, "en", edit), CASE).case == CASE

    def test_every_problem_and_warning_is_a_keyed_message(self):
        def edit(workbook):
            ws = workbook["Costi"]
            ws["J1"], ws["A2"], ws["B3"] = "Note", None, "Licences"
            workbook.create_sheet("Scratch").sheet_state = "hidden"

        data = filled_template(CASE, "it", edit)
        found = problems_of(data)
        assert found and all(isinstance(p, Message) and p.key.startswith("excel.") for p in found)
        assert "Costi!A2: the category is blank; expected IT, People, Process" in found

        def warn(workbook):
            workbook["Costi"]["J1"] = "Note"

        result = read_workbook(filled_template(CASE, "it", warn), CASE)
        assert result.warnings == ["Costi!J1: column 'Note' is not used and was ignored"]
        assert result.warnings[0].in_language("it") == "Costi!J1: la colonna 'Note' non è usata ed è stata ignorata"


class TestMixedLanguages:
    """Decision: each sheet, header, label and name is recognised on its own in any language, so a workbook that
    mixes languages reads; what it says twice (in one language or two) is refused naming both places."""

    def test_sheets_and_headers_of_two_languages_are_read(self):
        def edit(workbook):
            workbook["Costs"].title = "Costos"
            workbook["Costos"]["A1"], workbook["Costos"]["D1"] = "Categoría", "Año 1"
            workbook["Assumptions"]["A4"] = "Tasa de descuento"

        assert read_workbook(filled_template(CASE, "en", edit), CASE).case == CASE

    def test_two_sheets_that_are_one_are_refused_naming_both(self):
        def edit(workbook):
            workbook.copy_worksheet(workbook["Costs"]).title = "Costos"

        assert problems_of(filled_template(CASE, "en", edit)) == [
            "Workbook: sheets 'Costs' and 'Costos' are both the Costs sheet; keep one"]

    def test_a_year_column_given_in_two_languages_is_refused(self):
        def edit(workbook):
            workbook["Costs"]["E1"] = "Año 1"

        assert problems_of(filled_template(CASE, "en", edit)) == [
            "Costs!E1: 'Año 1' repeats the column of Costs!D1; keep one"]

    def test_an_assumptions_row_given_in_two_languages_is_refused(self):
        def edit(workbook):
            ws = workbook["Assumptions"]
            ws["A9"], ws["B9"] = "Tasso di attualizzazione", 0.2

        assert problems_of(filled_template(CASE, "en", edit)) == [
            "Assumptions!A9: 'Tasso di attualizzazione' repeats the row of Assumptions!A4; keep one"]
