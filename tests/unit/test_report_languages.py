"""The executive report in the reader's language (issue 18, points 3 and 6): the sample case's PDF in Traditional
Chinese and in Ukrainian holds its title, headings, date and figures as that language writes them, every character
drawn (DejaVu Sans, WenQuanYi Micro Hei as the fallback, both embedded as subsets). Read back with pdftotext and
pdffonts (poppler-utils), as a reader would copy it out of the PDF.

The expected words are the catalog's for that language (``crm_case.i18n.catalog``: English where a translation is
not in yet), so these tests stay right as translations land."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from crm_case import evaluate, sample_case
from crm_case.i18n import LANGUAGES, catalog, formats
from crm_case.risk import monte_carlo
from ui import report
from ui.i18n import use
from ui.report import build_report, drawable, font_files, undrawn_note
from ui.story import slides

from .test_report import require

TODAY = date(2026, 11, 22)
HEADINGS = ("report.title", "report.verdict", "report.figure", "report.assumptions", "report.costs", "report.risks",
            "report.drivers")
"""The report's own words looked for in its text: its title, the headings of its sections, a table's header."""


def flat(text: str) -> str:
    """Runs of whitespace (line breaks, no-break spaces between figures) as one space."""
    return " ".join(text.split())


def run(tool: str, path: Path, *args: str) -> str:
    require(shutil.which(tool) is not None, f"{tool} (poppler-utils)")
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True,
                          text=True, check=True).stdout


@dataclasses.dataclass(frozen=True)
class Told:
    """A language's report of the sample: what it was built from, the PDF, its text and its fonts."""

    language: str
    case: object
    result: object
    story: list
    simulation: object
    built: report.BuiltReport
    text: str
    fonts: str


def tell(language: str, tmp: Path, *, charts: bool) -> Told:
    """The sample's report in ``language``: the slides told in it, as the page tells them in the viewer's run, and
    the PDF built in it, as the page's download builds it later in another thread (``language=``)."""
    case = sample_case()
    result = evaluate(case)
    simulation = monte_carlo(case, runs=200)
    with use(language):
        story = slides(case, result, simulation=simulation)
    # the charts are pictures of a second each: the cash-flow chart alone (drawn here, in the language) or none
    story = [slide if charts and slide.key == "cashflow" else dataclasses.replace(slide, chart=None)
             for slide in story]
    built = build_report(case, result, story, today=TODAY, simulation=simulation, language=language)
    path = tmp / f"report-{language}.pdf"
    path.write_bytes(built.pdf)
    return Told(language, case, result, story, simulation, built, flat(run("pdftotext", path)), run("pdffonts", path))


@pytest.fixture(scope="module")
def cjk_font():
    files = font_files()
    require(files is not None and files[0].name == report.TEXT_FONT[0] and bool(files[2]),
            "DejaVu Sans and the Chinese font (Debian fonts-dejavu-core, fonts-wqy-microhei)")
    return files[2][0]


@pytest.fixture(scope="module")
def chinese(cjk_font, tmp_path_factory):
    return tell("zh-Hant", tmp_path_factory.mktemp("zh"), charts=True)  # with a chart: Chinese in the picture


@pytest.fixture(scope="module")
def ukrainian(cjk_font, tmp_path_factory):
    return tell("uk", tmp_path_factory.mktemp("uk"), charts=False)


@pytest.fixture(params=["chinese", "ukrainian"])
def told(request) -> Told:
    return request.getfixturevalue(request.param)


class TestWrittenInTheLanguage:
    def test_title_and_headings_are_the_languages(self, told):
        words = catalog(told.language)
        for key in HEADINGS:
            assert flat(words[key]) in told.text, (told.language, key, words[key])

    def test_the_date_is_written_as_the_language_writes_it(self, told):
        # CLDR's long date: 2026年11月22日 (zh-Hant), 22 листопада 2026 р. (uk, a narrow no-break space before р.)
        day = formats.date(TODAY, told.language)
        assert day == {"zh-Hant": "2026年11月22日", "uk": "22 листопада 2026\u202fр."}[told.language]
        assert flat(day) in told.text
        assert told.text.count(flat(day)) >= 2, "the date line and each page's footer"

    def test_the_decisions_month_is_named_as_it_stands_alone(self, told):
        # the sample's decision month, January 2027, in CLDR's yMMMM: the nominative in Ukrainian
        start = told.case.assumptions.start_date
        assert (start.year, start.month) == (2027, 1)
        month = formats.month(start, told.language)
        assert month == {"zh-Hant": "2027年1月", "uk": "січень 2027\u202fр."}[told.language]
        assert flat(month) in told.text

    def test_figures_are_in_the_languages_formats(self, told):
        # CLDR: €556,781 (zh-Hant, the euro before, comma thousands), 556 781 EUR (uk: the code after, a no-break
        # space between thousands)
        npv = formats.money(told.result.adjusted.npv, "EUR", told.language)
        assert npv == {"zh-Hant": "€556,781", "uk": "556\u00a0781\u00a0EUR"}[told.language]
        assert flat(npv) in told.text
        assert flat(formats.percent(told.case.assumptions.discount_rate, told.language, 0)) in told.text


class TestEveryGlyphIsDrawn:
    def test_nothing_was_drawn_as_the_mark(self, told):
        assert told.built.undrawn == ()
        assert told.built.mark == "□" and "□" not in told.text

    def test_no_note_beside_the_download(self, told):
        with use(told.language):
            assert undrawn_note(told.case, told.result, told.story, simulation=told.simulation) is None

    def test_the_fonts_are_embedded_as_subsets(self, told):
        # pdffonts: one line per font, "emb sub uni" yes yes yes; a subset's name has a six-letter tag (ABCDEF+)
        lines = [line.split() for line in told.fonts.splitlines()[2:] if line.strip()]
        names = {line[0].split("+", 1)[1]: line for line in lines}
        assert {"DejaVuSansBook", "DejaVuSansBold"} <= set(names), told.fonts
        assert all(line[-5:-2] == ["yes", "yes", "yes"] for line in lines), told.fonts
        assert ("WenQuanYiMicroHei" in names) == (told.language == "zh-Hant"), told.fonts  # loaded only if needed

    def test_every_catalog_text_of_every_language_can_be_drawn(self, cjk_font):
        # what a translator writes must be drawable by the set-up's fonts (an emoji in a catalog would be a mark)
        points = frozenset().union(*(report._code_points(path) for path in report._chart_font_files()))
        for language in LANGUAGES:
            for key, text in catalog(language).items():
                assert drawable(text, lambda char: ord(char) in points, "□")[1] == [], (language, key)

    def test_a_character_met_later_is_loaded_then(self, cjk_font):
        # a text the report did not expect (a month's name from CLDR, a figure's unit) still gets its glyphs
        pdf = report._Report("footer")
        assert not pdf.fallbacks
        assert pdf.text_of("截至 2027年1月") == "截至 2027年1月"
        assert pdf.fallbacks == ["fallback0"] and pdf.undrawn == {}


class TestWithoutTheChineseFont:
    def test_the_report_still_builds_and_the_note_says_the_language_needs_a_font(self, monkeypatch, tmp_path):
        monkeypatch.setattr(report, "FALLBACK_FONTS", ())  # DejaVu Sans alone: Latin and Cyrillic
        require(font_files() is not None, "DejaVu Sans (fonts-dejavu-core)")
        told = tell("zh-Hant", tmp_path, charts=False)
        assert told.built.pdf.startswith(b"%PDF-")
        title = catalog("zh-Hant")["report.title"]
        if any(ord(char) > 0x2E80 for char in title):  # once translated: its Chinese characters are marks
            assert "□" in told.text and set(title) & set(told.built.undrawn)
            with use("zh-Hant"):
                note = undrawn_note(told.case, told.result, told.story, simulation=told.simulation)
            assert note is not None and note.startswith(catalog("zh-Hant")["report.undrawn.language"].format(
                language=LANGUAGES["zh-Hant"], mark="□"))
