"""The slides, the chart files and the executive report PDF, read back with pypdf and pdftotext."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from crm_case import blank_case, case_from_dict, evaluate, recommend, sample_case, with_value
from crm_case.recommendation import DECISIONS, Recommendation
from crm_case.risk import monte_carlo
from ui import report
from ui.format import chance, money, months, percent
from ui.report import chart_png, chart_spec, chart_svg, report_pdf
from ui.story import (
    SLIDE_KEYS,
    recommendation_call,
    recommendation_colour,
    recommendation_markdown,
    show_recommendation,
    slides,
    verdict,
)

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module")
def told():
    case = sample_case()
    result = evaluate(case)
    simulation = monte_carlo(case)
    return case, result, simulation, slides(case, result, simulation=simulation)


@pytest.fixture(scope="module")
def pdf(told):
    case, result, simulation, story = told
    return report_pdf(case, result, story, today=TODAY, simulation=simulation)


EXTRA_BENEFIT = {"name": "Fewer data-entry errors", "area": "Service", "initial": 0, "per_year": [12_000, 15_000],
                 "risk_adjustment": 0.1}


@pytest.fixture(scope="module")
def with_line(told):
    """The sample with one benefit line item (the sample's benefits are all drivers) and its report's text."""
    _, _, simulation, _ = told
    case = with_value(sample_case(), "benefits", [EXTRA_BENEFIT])
    result = evaluate(case)
    data = report_pdf(case, result, slides(case, result, simulation=simulation), today=TODAY, simulation=simulation)
    return case, data, pdf_text(data)


REQUIRE_TOOLS = "CRM_CASE_REQUIRE_TOOLS"


def require(condition: bool, what: str) -> None:
    """Skip without ``what`` (a system tool or font: pdftotext, DejaVu Sans, WenQuanYi) on a developer's machine;
    fail where ``CRM_CASE_REQUIRE_TOOLS=1`` (set by .ci/run, which installs them), as PostgreSQL's tests do under
    CRM_CASE_REQUIRE_POSTGRES=1 (tests/store_backends.py)."""
    if condition:
        return
    if os.environ.get(REQUIRE_TOOLS) == "1":
        pytest.fail(f"{what} is missing but {REQUIRE_TOOLS}=1 (CI): .ci/run must install it")
    pytest.skip(f"{what} is missing (README set-up installs it)")


def test_a_missing_tool_fails_where_it_is_required(monkeypatch):
    monkeypatch.setenv(REQUIRE_TOOLS, "1")
    with pytest.raises(pytest.fail.Exception, match=f"pdftotext .* is missing but {REQUIRE_TOOLS}=1"):
        require(False, "pdftotext (poppler-utils)")
    require(True, "pdftotext (poppler-utils)")  # present: nothing happens
    monkeypatch.delenv(REQUIRE_TOOLS)
    with pytest.raises(pytest.skip.Exception, match=r"pdftotext .* is missing"):
        require(False, "pdftotext (poppler-utils)")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class TestSlides:
    def test_every_slide_in_order_with_a_message(self, told):
        *_, story = told
        assert tuple(s.key for s in story) == SLIDE_KEYS
        assert all(s.title and s.message for s in story)

    def test_headline_figures_are_the_engine_figures(self, told):
        _, result, _, story = told
        assert dict(story[0].figures) == {
            "NPV": money(result.adjusted.npv, "EUR"), "ROI": percent(result.adjusted.roi.value, 0),
            "IRR": percent(result.adjusted.irr.value), "Payback": months(result.adjusted.payback_months.value)}
        # the engine's figures for the sample at its 10 % discount rate ("Pays back in 32 months; 5-year NPV €556.8k");
        # the NPV itself is checked against LibreOffice's recalculation (tests/functional/test_libreoffice.py)
        payback, npv = result.adjusted.payback_months.value, money(result.adjusted.npv, "EUR", compact=True)
        assert story[0].message.startswith(f"Pays back in {payback:.0f} months; 5-year NPV {npv} at 10 %")

    def test_risk_slide_uses_the_simulation(self, told):
        *_, simulation, story = told
        risk = next(s for s in story if s.key == "risk")
        assert risk.message.startswith(f"{chance(simulation.probability_positive)} chance the NPV is positive")

    def test_headline_slide_carries_the_recommendation(self, told):
        case, result, simulation, story = told
        assert story[0].recommendation == recommend(case, result,
                                                    probability_positive=simulation.probability_positive)
        assert story[0].recommendation.decision == "invest_with_conditions"  # readiness 51/100: test_recommendation

    def test_verdict_does_not_argue_the_cost_of_delay_for_a_loss(self):
        # hand: 100,000 at t = 0 against 60,000 in year 1 (0 %): NPV -40,000, yet a 6-month wait loses 30,000 of
        # benefits; "each month of waiting costs" would argue for buying a loss
        data = blank_case(years=1, rate=0.0).model_dump(mode="json")
        data["costs"] = [{"name": "Licences", "category": "IT", "initial": 100_000}]
        data["benefits"] = [{"name": "Time saved", "area": "Sales", "per_year": [60_000]}]
        case = case_from_dict(data)
        assert "waiting costs" not in verdict(case, evaluate(case))

    def test_verdict_says_when_waiting_saves_money(self):
        # hand: net -40,000 over 12 months; a 6-month wait drops 6 months of -3,333: saves €3.3k a month
        data = blank_case(years=1, rate=0.0).model_dump(mode="json")
        data["costs"] = [{"name": "Licences", "category": "IT", "per_year": [100_000]}]
        data["benefits"] = [{"name": "Time saved", "area": "Sales", "per_year": [60_000]}]
        case = case_from_dict(data)
        assert verdict(case, evaluate(case)).endswith("each month of waiting saves €3.3k.")

    def test_a_case_without_payback_says_so(self):
        case = with_value(sample_case(), "rollout.peak_adoption", 0.05)
        story = slides(case, evaluate(case))
        assert next(s for s in story if s.key == "cashflow").message == "Does not pay back within 5 years"


class TestRecommendationHelpers:
    def test_each_decision_has_a_streamlit_call_and_a_colour(self):
        calls = {d: recommendation_call(d) for d in DECISIONS}
        assert calls == {"invest": "success", "invest_with_conditions": "warning", "wait": "info",
                         "do_not_invest": "error"}
        assert all(recommendation_colour(d).startswith("#") and len(recommendation_colour(d)) == 7
                   for d in DECISIONS)

    def test_markdown_title_and_reasons_with_user_text_escaped(self):
        rec = Recommendation("wait", ("Plan how to address *Costs* in $ before committing.",))
        assert recommendation_markdown(rec) == ("**Recommendation: Wait**\n\n"
                                                "- Plan how to address \\*Costs\\* in \\$ before committing.")
        assert recommendation_markdown(rec, reasons=False) == "**Recommendation: Wait**"

    def test_show_draws_with_the_decisions_call(self):
        drawn = []

        class Container:
            def __getattr__(self, name):
                return lambda body, icon: drawn.append((name, body, icon))

        show_recommendation(Container(), Recommendation("do_not_invest", ("The NPV is negative.",)))
        assert drawn == [("error", "**Recommendation: Do not invest**\n\n- The NPV is negative.",
                          ":material/block:")]


class TestChartFiles:
    def test_png_and_svg(self, told):
        *_, story = told
        spec = chart_spec(story[1].chart())
        assert spec["width"] == report.CHART_WIDTH
        assert chart_png(spec).startswith(b"\x89PNG\r\n\x1a\n")
        svg = chart_svg(spec)
        assert svg.lstrip().startswith("<svg") and "Months after the decision" in svg

    def test_svg_draws_chinese_and_cyrillic_in_fonts_the_system_has(self):
        # issue 18.6: the text of a chart file names the report's fonts (DejaVu Sans: Latin and Cyrillic; WenQuanYi
        # Micro Hei: Chinese), which vl-convert draws with and a reader's system finds by name
        files = report.font_files()
        require(files is not None and files[0].name == report.TEXT_FONT[0] and bool(files[2])
                and files[2][0].name == report.FALLBACK_FONTS[0], "DejaVu Sans and WenQuanYi Micro Hei")
        spec = chart_spec(self.titled("客戶關係管理投資案例", "Ліцензії"))
        assert spec["config"]["font"] == "DejaVu Sans, WenQuanYi Micro Hei, sans-serif"
        svg = chart_svg(spec)
        families = set(re.findall(r'font-family="([^"]*)"', svg))
        assert families == {"DejaVu Sans, WenQuanYi Micro Hei, sans-serif"}, families
        assert ">客戶關係管理投資案例</text>" in svg and ">Ліцензії</text>" in svg
        if shutil.which("fc-list"):  # fontconfig names the same families (what an SVG viewer looks up)
            listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, check=True).stdout
            assert "DejaVu Sans" in listed and "WenQuanYi Micro Hei" in listed

    def test_png_registers_the_fonts_folders_with_vl_convert_once(self, monkeypatch):
        files = report.font_files()
        require(files is not None and bool(files[2]), "DejaVu Sans and WenQuanYi Micro Hei")
        registered = []
        monkeypatch.setattr(report.vl_convert, "register_font_directory", registered.append)
        report.chart_font_folders.cache_clear()
        try:
            spec = chart_spec(self.titled("客戶關係管理", "Утримання"))
            assert chart_png(spec, scale=1).startswith(b"\x89PNG")
            chart_png(spec, scale=1)
            assert registered == [str(files[0].parent), str(files[2][0].parent)]  # once per process
        finally:
            report.chart_font_folders.cache_clear()  # the next file registers the real folders again

    def test_without_the_fonts_a_chart_file_is_still_drawn(self, monkeypatch):
        monkeypatch.setattr(report, "FONT_FOLDERS", ())
        assert report.chart_font() == "sans-serif"
        assert chart_svg(chart_spec(self.titled("Plain", "chart"))).lstrip().startswith("<svg")

    def test_a_slides_chart_is_built_in_the_language_given(self, told):
        from crm_case.i18n import catalog

        *_, story = told  # told in English; a download builds its chart later, in the viewer's language
        spec = chart_spec(story[1].chart, language="es")
        assert spec["config"]["locale"]["number"]["decimal"] == ","
        assert json.dumps(spec, ensure_ascii=False).count(catalog("es")["chart.month"]) >= 1

    @staticmethod
    def titled(title: str, label: str):
        import altair as alt
        import pandas as pd

        frame = pd.DataFrame({"name": [label, "範例"], "amount": [1_200_000.0, 200_000.0]})
        return alt.Chart(frame, title=title).mark_bar().encode(x="name:N", y="amount:Q")


class TestReport:
    def test_is_a_pdf_with_pages(self, pdf):
        assert pdf.startswith(b"%PDF-")
        assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3

    def test_text_holds_the_figures_verdict_assumptions_risks_and_date(self, told, pdf):
        case, result, simulation, story = told
        text = pdf_text(pdf)
        for expected in (
            # the date as CLDR's en_US long date writes it
            "Executive report", case.assumptions.name, "November 22, 2026", "Verdict", story[0].message[:40],
            money(result.adjusted.npv, "EUR"), money(result.unadjusted.npv, "EUR"),
            percent(result.adjusted.irr.value), "Assumptions", "Discount rate", "CRM subscription", "Risks",
            f"{simulation.count:,} Monte Carlo runs", "Peak adoption", "Readiness index",
        ):
            assert expected in text, expected

    def test_pdftotext_reads_it_too(self, pdf, tmp_path, told):
        require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
        _, result, *_ = told
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert money(result.adjusted.npv, "EUR") in text and "crm-case executive report · November 22, 2026" in text

    def test_without_dejavu_the_core_font_spells_out_symbols(self, told, monkeypatch):
        case, result, simulation, story = told
        monkeypatch.setattr(report, "FONT_FOLDERS", ())
        text = pdf_text(report_pdf(case, result, story, today=TODAY, simulation=simulation))
        # the risk-adjusted NPV with the core font's "EUR" for the euro sign (money() writes "€556,781")
        assert f"EUR {result.adjusted.npv:,.0f}" in text and "Executive report" in text

    def test_recommendation_box_and_reasons_near_the_top(self, told, pdf):
        *_, story = told
        first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert "Recommendation: Invest, de-risking first" in first_page
        assert first_page.index("Recommendation: Invest") < first_page.index("Verdict")
        flat = " ".join(first_page.split())
        assert "Readiness 51/100, below 60: fix user adoption and data quality before go-live." in flat
        assert all(" ".join(reason.split()[:6]) in flat for reason in story[0].recommendation.reasons)

    def test_states_each_drivers_inputs_formula_and_yearly_value(self, with_line):
        _case, _, text = with_line
        flat = " ".join(text.split())
        for expected in (
            "Benefits (drivers)", "Customer retention", "Active customers 2,000", "Churn without CRM (% a year) 12.0 %",
            "Formula: customers × (churn before − churn after) × annual margin per customer",
            # hand: 2,000 customers x (12 % - 10 %) x 6,000 = 240,000; x (1 - 20 %) = 192,000
            "Yearly value at full adoption: €240,000 before risk; €192,000 after its risk adjustment of 20 %.",
            # hand: 40 reps x 2.5 h x 46 weeks x 55 x 50 % = 126,500 (crm_case/drivers.py's example)
            "Sales reps 40", "€126,500 before risk",
        ):
            assert expected in flat, expected

    def test_states_each_benefit_line_next_to_the_cost_lines(self, with_line):
        _, _, text = with_line
        flat = " ".join(text.split())
        assert "Costs (line items)" in flat and "CRM subscription" in flat
        # name, area, initial, per year, total of years 1-5 (hand: 12,000 + 15,000), risk adjustment
        assert "Fewer data-entry errors Service €0 Y1 €12.0k; Y2 €15.0k €27,000 10 %" in flat

    def test_pdftotext_reads_the_benefit_assumptions(self, with_line, tmp_path):
        require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
        _, data, _ = with_line
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "Annual margin per customer" in text and "Fewer data-entry errors" in text

    def test_without_dejavu_formulas_and_bullets_are_spelled_out(self, with_line, told, monkeypatch):
        case, *_ = with_line
        _, _, simulation, _ = told
        monkeypatch.setattr(report, "FONT_FOLDERS", ())
        result = evaluate(case)
        text = " ".join(pdf_text(report_pdf(case, result, slides(case, result, simulation=simulation), today=TODAY,
                                            simulation=simulation)).split())
        assert "Formula: customers x (churn before - churn after) x annual margin per customer" in text
        assert "- Readiness 51/100" in text

    def test_user_text_is_printed_as_typed(self, told):
        _, _, simulation, _ = told
        case = with_value(sample_case(), "assumptions.name", "=HYPERLINK(\"x\") <b>Case</b>")
        result = evaluate(case)
        text = pdf_text(report_pdf(case, result, slides(case, result, simulation=simulation), today=TODAY,
                                   simulation=simulation))
        assert "=HYPERLINK(\"x\") <b>Case</b>" in text


# --------------------------------------------------------------------------- value of information (issue 20.3)
PILOT = {"cost": 15_000.0, "months": 3, "users": 20, "stop_cost": 2_500.0,
         "reveals": ["rollout.peak_adoption", "drivers.sales_productivity.hours_saved_per_week"]}


@pytest.fixture(scope="module")
def with_pilot():
    """The sample plus a one-off outlay of 450,000 (the NPV straddles zero, so information has a value, as in
    tests/unit/test_voi.py), with a pilot; 2,000 runs; its report and the engine's figures."""
    from crm_case import with_values
    from crm_case.voi import evpi, evppi_table, pilot_paths

    costs = [item.model_dump(mode="json") for item in sample_case().costs]
    costs.append({"category": "IT", "name": "Outlay", "initial": 450_000.0})
    case = with_values(sample_case(), {"costs": costs, "risk.pilot": PILOT, "risk.runs": 2_000})
    result, simulation = evaluate(case), monte_carlo(case)
    data = report_pdf(case, result, slides(case, result, simulation=simulation), today=TODAY, simulation=simulation)
    return case, data, evpi(simulation), evppi_table(simulation), pilot_paths(case, case.risk.pilot, simulation)


def flat(text: str) -> str:
    """The PDF's text with its line breaks as spaces (a sentence may wrap anywhere)."""
    return " ".join(text.split())


class TestValueOfInformation:
    def test_no_information_can_change_the_samples_decision(self, pdf):
        # every run of the sample is profitable (tests/unit/test_voi.py): EVPI 0
        assert "Every run of the simulation leads to the same decision" in flat(pdf_text(pdf))
        assert "Pilot, then decide" not in pdf_text(pdf)  # the sample describes no pilot

    def test_evpi_and_the_inputs_most_worth_knowing(self, with_pilot):
        _, data, perfect, table, _ = with_pilot
        text = flat(pdf_text(data))
        assert perfect.value > 0
        assert f"Knowing every input before deciding would be worth {money(perfect.value, 'EUR')}" in text
        assert f"standard error {money(perfect.standard_error, 'EUR')}" in text
        top = table.iloc[0]
        assert top["path"] == "rollout.peak_adoption"  # the input the runs' NPV depends on most
        assert f"Peak adoption (%) {money(top['evppi'], 'EUR')} {money(top['standard_error'], 'EUR')} " \
               f"{percent(top['share_of_evpi'], 0)}" in text

    def test_the_pilots_paths_and_flexibility_value(self, with_pilot):
        _, data, _, _, analysis = with_pilot
        text = flat(pdf_text(data))
        assert "A pilot of 3 months with 20 users, costing €15,000 (stopping after it: €2,500)" in text
        names = {"now": "Go ahead now", "pilot": "Pilot, then decide", "wait": "Wait 3 months, then decide",
                 "no_investment": "Do not invest"}
        for row in analysis.table().itertuples():
            assert (f"{names[row.path]} {money(row.expected_npv, 'EUR')} {chance(row.probability_positive)} "
                    f"{money(row.p10, 'EUR')} {money(row.p90, 'EUR')}") in text, row.path
        assert f"Best path: {names[analysis.best]}." in text
        assert "flexibility value" in text and money(analysis.option_value, "EUR") in text

    def test_pdftotext_reads_the_paths_in_spanish(self, with_pilot, tmp_path):
        require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
        case, *_ = with_pilot
        result, simulation = evaluate(case), monte_carlo(case)
        data = report_pdf(case, result, slides(case, result, simulation=simulation), today=TODAY,
                          simulation=simulation, language="es")
        path = tmp_path / "report.pdf"
        path.write_bytes(data)
        text = flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)
        assert "Esperar 3 meses y luego decidir" in text and "Piloto y luego decidir" in text
        assert "valor de flexibilidad del piloto" in text
