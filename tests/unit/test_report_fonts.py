"""The report PDF never drops a character (issue 16.4): Latin, Cyrillic and Chinese are drawn (DejaVu Sans, then
WenQuanYi Micro Hei); a character no font has is drawn as □ and named in the note beside the download. Read
back with pdftotext, as a reader would copy it out of the PDF."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from crm_case import evaluate, sample_case, with_value
from crm_case.i18n import catalog
from crm_case.risk import monte_carlo
from ui import report
from ui.report import REPLACEMENT, build_report, drawable, font_files, undrawn_characters, undrawn_note
from ui.story import slides

from .test_report import require

TODAY = date(2026, 11, 22)
ZH_HANS = "客户关系管理系统投资案例"  # "CRM system investment case", simplified Chinese (the case)
ZH_HANT = "客戶關係管理系統投資案例"  # the same in traditional Chinese (zh-Hant)
LINES = {  # a cost line in each script the set-up's fonts must draw
    "uk": "Ліцензії та впровадження: ґ є ї",
    "ro": "Licențe și instruire: ș ț ă â î",
    "it": "Attività di formazione e qualità dei dati",
    "es": "Formación y migración de datos, año uno",
    "zh": "客户关系管理订阅",
    "fullwidth": "ＣＲＭ導入費用（１年目）",
}
ROCKET, TECHNOLOGIST, BITCOIN = "🚀", "🧑\u200d💻", "₿"  # no font of the set-up has them (checked below)


def pdftotext(data: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext (poppler-utils) reads it, runs of whitespace made one space."""
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def told(name: str, costs: list[str] = (), benefits: list[str] = ()):
    """The sample renamed, with cost and benefit lines of the given names; slides without their charts (the
    charts are pictures, and leaving them out keeps each build under a second)."""
    case = with_value(sample_case(), "assumptions.name", name)
    case = with_value(case, "costs", [*(c.model_dump(mode="json") for c in case.costs),
                                      *({"name": n, "category": "IT", "initial": 1_000} for n in costs)])
    case = with_value(case, "benefits", [{"name": n, "area": "Sales", "per_year": [2_000]} for n in benefits])
    result = evaluate(case)
    simulation = monte_carlo(case, runs=200)
    story = [dataclasses.replace(slide, chart=None) for slide in slides(case, result, simulation=simulation)]
    return case, result, story, simulation


def build(case, result, story, simulation):
    return build_report(case, result, story, today=TODAY, simulation=simulation)


def all_code_points() -> frozenset[int]:
    files = font_files()
    return frozenset().union(*(report._code_points(p) for p in (files[0], files[1], *files[2]))) if files else (
        frozenset())


@pytest.fixture(scope="module")
def cjk_font():
    files = font_files()
    require(files is not None and bool(files[2]), "The Chinese font (Debian fonts-wqy-microhei)")
    return files[2][0]


@pytest.fixture(scope="module")
def chinese(cjk_font):
    data = told(ZH_HANS, costs=[LINES["zh"]])
    return data, build(*data)


@pytest.fixture(scope="module")
def emoji():
    data = told(f"Launch {ROCKET} plan", costs=[f"Mining rig {BITCOIN}"], benefits=[f"Coders {TECHNOLOGIST}"])
    return data, build(*data)


class TestEveryScriptIsDrawn:
    def test_chinese_case_name_and_cost_line_are_not_blank(self, chinese, tmp_path):
        # regression: the title, footer and cost line of a case named in Chinese were blank (fpdf2 only logged
        # "missing glyphs")
        _, built = chinese
        text = pdftotext(built.pdf, tmp_path)
        assert text.count(ZH_HANS) >= 2, "the heading and each page's footer"
        assert LINES["zh"] in text
        assert built.undrawn == ()

    def test_chinese_case_has_no_note(self, chinese):
        (case, result, story, simulation), _ = chinese
        assert undrawn_note(case, result, story, simulation=simulation) is None

    def test_traditional_chinese_cyrillic_romanian_italian_spanish_and_full_width(self, cjk_font, tmp_path):
        data = told(ZH_HANT, costs=list(LINES.values()), benefits=["Утримання клієнтів", "Más ventas"])
        built = build(*data)
        text = pdftotext(built.pdf, tmp_path)
        for expected in (ZH_HANT, *LINES.values(), "Утримання клієнтів", "Más ventas"):
            assert expected in text, expected
        assert built.undrawn == ()
        assert undrawn_note(*data[:3], simulation=data[3]) is None

    def test_romanian_comma_below_typed_as_a_combining_mark_is_drawn_composed(self, tmp_path):
        # "s" + U+0326 COMBINING COMMA BELOW is "ș" (U+0219) in NFC, which DejaVu Sans has
        built = build(*told("Licen\u021be s\u0326i instruire"))
        assert "Licen\u021be \u0219i instruire" in pdftotext(built.pdf, tmp_path)
        assert built.undrawn == ()


class TestWhatNoFontHasIsShown:
    def test_the_emoji_are_not_in_any_font_of_the_report(self):
        # the premise of the tests below: were a font to gain them, they would test nothing
        assert not {ord(ROCKET), *map(ord, TECHNOLOGIST.split("\u200d")), ord(BITCOIN)} & all_code_points()

    def test_an_emoji_is_drawn_as_a_visible_mark(self, emoji, tmp_path):
        _, built = emoji
        text = pdftotext(built.pdf, tmp_path)
        assert built.mark == REPLACEMENT == "□"
        assert "Launch □ plan" in text and "Mining rig □" in text
        assert "Coders □\u200d□" in text, "each emoji a mark; the joiner kept (DejaVu Sans has it, zero-width)"
        assert ROCKET not in text

    def test_the_note_names_each_character_drawn_as_the_mark(self, emoji):
        (case, result, story, simulation), built = emoji
        note = undrawn_note(case, result, story, simulation=simulation)
        # hand: the name's rocket, then the cost line's bitcoin sign, then the benefit's two emoji (order of the
        # case's texts: name, costs, benefits)
        assert note == ("4 characters of this case could not be drawn in the PDF (no installed font has them) "
                        "and are shown there as □: 🚀, ₿, 🧑, 💻")
        assert set(built.undrawn) == {"🚀", "₿", "🧑", "💻"}, "the note names what the PDF replaced"

    def test_one_character_is_said_in_the_singular(self):
        data = told(f"Launch {ROCKET}")
        assert undrawn_note(*data[:3], simulation=data[3]) == (
            "1 character of this case could not be drawn in the PDF (no installed font has it) and is shown there "
            "as □: 🚀")

    def test_a_long_list_is_cut_after_twenty(self):
        many = "".join(chr(0x1F680 + k) for k in range(25))  # transport and map symbols: none in the fonts
        assert not set(map(ord, many)) & all_code_points()
        data = told(f"Trip {many}")
        note = undrawn_note(*data[:3], simulation=data[3])
        assert note.startswith("25 characters") and note.endswith(f"{chr(0x1F680 + 19)}, …")


class TestMissingFontsNeverCrash:
    def test_without_the_chinese_font_chinese_is_shown_as_the_mark_and_noted(self, monkeypatch, tmp_path):
        monkeypatch.setattr(report, "FALLBACK_FONTS", ())
        data = told(ZH_HANS)
        built = build(*data)
        assert "□" * len(ZH_HANS) in pdftotext(built.pdf, tmp_path)
        assert built.undrawn == tuple(dict.fromkeys(ZH_HANS))  # 12 characters, 系 twice: named once
        assert undrawn_note(*data[:3], simulation=data[3]).startswith(
            f"{len(set(ZH_HANS))} characters of this case could not be drawn")

    def test_without_any_font_the_core_font_shows_a_question_mark_and_says_so(self, monkeypatch, tmp_path):
        monkeypatch.setattr(report, "FONT_FOLDERS", ())
        data = told(f"CRM {ZH_HANS[:2]} €")
        built = build(*data)
        text = pdftotext(built.pdf, tmp_path)
        assert "CRM ?? EUR" in text  # hand: 客户 are not Latin-1: "?" each; € is spelled out
        assert built.mark == "?" and built.undrawn == ("客", "户")
        assert undrawn_note(*data[:3], simulation=data[3]).endswith("are shown there as ?: 客, 户")

    def test_an_unreadable_font_file_is_skipped(self, monkeypatch, tmp_path):
        folder = tmp_path / "fonts"
        folder.mkdir()
        for name in (*report.TEXT_FONT, *report.FALLBACK_FONTS):
            (folder / name).write_bytes(b"not a font")  # truncated download, wrong file...
        monkeypatch.setattr(report, "FONT_FOLDERS", (folder,))
        assert font_files() is None
        built = build(*told("Plain case"))
        assert built.pdf.startswith(b"%PDF-") and built.undrawn == ()

    def test_the_chinese_font_alone_draws_latin_and_chinese(self, cjk_font, monkeypatch, tmp_path):
        monkeypatch.setattr(report, "FONT_FOLDERS", (cjk_font.parent,))  # no DejaVu Sans: its own bold too
        built = build(*told(f"CRM {ZH_HANS}"))
        assert f"CRM {ZH_HANS}" in pdftotext(built.pdf, tmp_path)


class TestDrawable:
    def test_marks_what_is_not_covered_leaves_out_joiners_and_spaces_controls(self):
        covers = lambda char: char.isascii() and char.isprintable()  # noqa: E731
        assert drawable("a🚀\u200db\tc\n", covers, "□") == ("a□b c\n", ["🚀"])

    def test_every_catalog_string_is_drawn_by_the_text_font(self):
        # the page's note lists only the case's characters: the report's own words must all be drawable
        files = font_files()
        require(files is not None and files[0].name == report.TEXT_FONT[0], "DejaVu Sans (fonts-dejavu-core)")
        bold = report._code_points(files[1])
        regular = report._code_points(files[0])
        for key, text in catalog("en").items():
            assert drawable(text, lambda char: ord(char) in regular and ord(char) in bold, "□")[1] == [], key

    def test_undrawn_characters_read_only_the_character_maps(self, monkeypatch):
        data = told(f"Launch {ROCKET}")
        monkeypatch.setattr(report, "_Report", None)  # building a PDF would fail
        assert undrawn_characters(*data[:3], simulation=data[3]) == (("🚀",), "□")
