"""The slides, the chart files and the executive report PDF, read back with pypdf and pdftotext."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader

from crm_case import evaluate, sample_case, with_value
from crm_case.risk import monte_carlo
from ui import report
from ui.format import chance, money, months, percent
from ui.report import chart_png, chart_spec, chart_svg, report_pdf
from ui.story import SLIDE_KEYS, slides

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
        assert story[0].message.startswith("Pays back in 32 months; 5-year NPV €556.8k at 10 %")

    def test_risk_slide_uses_the_simulation(self, told):
        *_, simulation, story = told
        risk = next(s for s in story if s.key == "risk")
        assert risk.message.startswith(f"{chance(simulation.probability_positive)} chance the NPV is positive")

    def test_a_case_without_payback_says_so(self):
        case = with_value(sample_case(), "rollout.peak_adoption", 0.05)
        story = slides(case, evaluate(case))
        assert next(s for s in story if s.key == "cashflow").message == "Does not pay back within 5 years"


class TestChartFiles:
    def test_png_and_svg(self, told):
        *_, story = told
        spec = chart_spec(story[1].chart())
        assert spec["width"] == report.CHART_WIDTH
        assert chart_png(spec).startswith(b"\x89PNG\r\n\x1a\n")
        svg = chart_svg(spec)
        assert svg.lstrip().startswith("<svg") and "Months after the decision" in svg


class TestReport:
    def test_is_a_pdf_with_pages(self, pdf):
        assert pdf.startswith(b"%PDF-")
        assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3

    def test_text_holds_the_figures_verdict_assumptions_risks_and_date(self, told, pdf):
        case, result, simulation, story = told
        text = pdf_text(pdf)
        for expected in (
            "Executive report", case.assumptions.name, "22 November 2026", "Verdict", story[0].message[:40],
            money(result.adjusted.npv, "EUR"), money(result.unadjusted.npv, "EUR"),
            percent(result.adjusted.irr.value), "Assumptions", "Discount rate", "CRM subscription", "Risks",
            f"{simulation.count:,} Monte Carlo runs", "Peak adoption", "Readiness index",
        ):
            assert expected in text, expected

    @pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
    def test_pdftotext_reads_it_too(self, pdf, tmp_path, told):
        _, result, *_ = told
        path = tmp_path / "report.pdf"
        path.write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert money(result.adjusted.npv, "EUR") in text and "2026-11-22" in text

    def test_without_dejavu_the_core_font_spells_out_symbols(self, told, monkeypatch):
        case, result, simulation, story = told
        monkeypatch.setattr(report, "FONT_FOLDERS", ())
        text = pdf_text(report_pdf(case, result, story, today=TODAY, simulation=simulation))
        assert "EUR 556,781" in text and "Executive report" in text

    def test_user_text_is_printed_as_typed(self, told):
        _, _, simulation, _ = told
        case = with_value(sample_case(), "assumptions.name", "=HYPERLINK(\"x\") <b>Case</b>")
        result = evaluate(case)
        text = pdf_text(report_pdf(case, result, slides(case, result, simulation=simulation), today=TODAY,
                                   simulation=simulation))
        assert "=HYPERLINK(\"x\") <b>Case</b>" in text
