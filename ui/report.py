"""The executive report (PDF) and chart files (PNG, SVG), rendered offline.

Charts are the slides' Altair charts (ui/story.py) rendered by vl-convert (the Vega-Lite compiler and a
renderer in one wheel: no browser, no network). The PDF is composed with fpdf2: the recommendation (a box in
its colour, with its reasons), headline figures, the verdict, the key charts with their message, the
assumptions (frame, cost and benefit lines, each benefit driver with its inputs, formula and yearly value), the
risks and the date. Nothing here reads or writes session state.

Fonts: text is DejaVu Sans (Latin, Greek, Cyrillic, every currency symbol); a character it lacks is drawn from
the first fallback font that has it (WenQuanYi Micro Hei: Chinese, simplified and traditional, Japanese, Korean,
full-width forms), loaded only when the text needs it. A character that no installed font has is never dropped:
it is drawn as :data:`REPLACEMENT` and listed (:func:`undrawn_note` says so beside the download). Without any of
these fonts the PDF uses its core font, with the few symbols it lacks spelled out and the rest shown as ``?``.
The fallback font is loaded for the characters the report will draw (the case's words and the catalog of its
language), and again for any other it meets (a month's name from CLDR), so a report in Chinese is drawn whole.

Chart files (PNG, SVG, the PDF's pictures) are drawn by vl-convert with the same fonts: their folders are
registered with it once per process and the charts' font is the list of their families (:func:`chart_font`).

Language: the report and chart files are written in the viewer's language (:func:`ui.i18n.language`), or in the
``language`` given (:func:`in_language`): a download's data is made after the run that offered it, in another
thread, where the viewer's language is unknown, so the page passes the language it ran in.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from crm_case import Case
from crm_case.drivers import annual_driver_benefits
from crm_case.evaluate import Evaluation
from crm_case.i18n import LANGUAGES, catalog, formats, localize
from crm_case.model import BenefitItem, CostItem, Unit, field_info
from crm_case.recommendation import Recommendation, recommend
from crm_case.risk import tornado
from crm_case.scoring import readiness, score
from crm_case.voi import PATHS, evpi, evppi_table, pilot_paths
from ui import i18n
from ui.format import chance, clauses, input_value, joined, money, month_year, months, number, percent, symbol
from ui.i18n import group_name, has, input_label, input_name, t
from ui.story import Slide, recommendation_colour, recommendation_title
from ui.text import literal

CHART_WIDTH = 720
"""Pixels: the width of a chart file (the app draws charts as wide as the page instead)."""
FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
                Path("/usr/share/fonts/truetype/wqy"), Path("/usr/share/fonts/wqy-microhei"),
                Path("/usr/share/fonts/truetype/droid"), Path("/usr/share/fonts/google-droid-sans-fonts"),
                Path("/Library/Fonts"), Path("C:/Windows/Fonts"))
"""Folders searched, in this order, for :data:`TEXT_FONT` and :data:`FALLBACK_FONTS` (Debian's first, then
Fedora's, macOS's and Windows')."""
TEXT_FONT = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
"""Regular and bold file of the text font (Debian ``fonts-dejavu-core``): Latin, Greek, Cyrillic, currencies."""
FALLBACK_FONTS = ("wqy-microhei.ttc", "DroidSansFallbackFull.ttf", "wqy-zenhei.ttc")
"""Files of the font for the characters the text font lacks; the first readable one found is used: WenQuanYi
Micro Hei (Debian ``fonts-wqy-microhei``, the one the set-up installs: Chinese simplified and traditional,
Japanese, Korean, full-width forms; TrueType outlines, which fpdf2 embeds), else one of two alternatives with the
same scripts (one is enough: each costs about a second to load). A collection (``.ttc``) is read at its first
face. It has no bold: a bold heading draws its characters in regular weight."""
REPLACEMENT = "□"
"""Drawn in place of a character that no font has (U+25A1 WHITE SQUARE, which DejaVu Sans and WenQuanYi have)."""
CORE_REPLACEMENT = "?"
"""The replacement when the PDF falls back on its core font (Latin-1 only), which has no □."""
_CORE_REPLACEMENTS = {"€": "EUR ", "–": "-", "—": "-", "−": "-", "→": "->", "“": '"', "”": '"', "’": "'",
                      "…": "...", "×": "x", "·": "-", "●": "*", "•": "-"}


GENERIC_FONT = "sans-serif"
"""The last family of a chart file's font list: whatever sans-serif font the reader's system has."""


def in_language(wanted: str | None) -> AbstractContextManager[None]:
    """Write everything within in ``wanted`` (:func:`ui.i18n.use`: catalog texts, figures, charts); None changes
    nothing. For work done outside the viewer's run: a download's data, which Streamlit makes later in another
    thread, where :func:`ui.i18n.language` is English."""
    return nullcontext() if wanted is None else i18n.use(wanted)


def chart_spec(chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin], *, width: int = CHART_WIDTH,
               language: str | None = None) -> dict[str, Any]:
    """The Vega-Lite spec of ``chart`` for a file: a fixed width (charts in the app fill the page) and the report's
    fonts (:func:`chart_font`). ``chart`` may be a function that builds it (a slide's ``chart``): it is then built
    in ``language`` when given (:func:`in_language`)."""
    with in_language(language):
        built = chart if isinstance(chart, alt.TopLevelMixin) else chart()
    spec = built.to_dict(validate=False)
    spec.setdefault("width", width)
    spec.setdefault("config", {})["font"] = chart_font()
    return spec


def chart_png(spec: dict[str, Any], *, scale: float = 2.0) -> bytes:
    """The chart as PNG (``scale`` 2: sharp on paper and on high-density screens), drawn with the report's fonts."""
    chart_font_folders()
    return vl_convert.vegalite_to_png(spec, scale=scale)


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG (vector: any size, editable in slide software); its text names the report's fonts."""
    chart_font_folders()
    return vl_convert.vegalite_to_svg(spec)


@lru_cache(maxsize=8)
def _family(path: Path) -> str | None:
    """The family name of the font file at ``path`` (``DejaVu Sans``; the first face of a collection), None when it
    cannot be read."""
    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return font["name"].getBestFamilyName()
    except Exception:  # any exception: an unreadable file is a font the system lacks
        return None


def _chart_font_files() -> tuple[Path, ...]:
    """The files of the fonts charts are drawn with: the report's text font, then its fallback."""
    files = font_files()
    return () if files is None else (files[0], *files[2])


def chart_font() -> str:
    """The font of chart files, as a CSS family list: the report's fonts that this system has (``DejaVu Sans,
    WenQuanYi Micro Hei``: Latin, Cyrillic and Chinese), then :data:`GENERIC_FONT`."""
    families = (_family(path) for path in _chart_font_files())
    return ", ".join([*dict.fromkeys(family for family in families if family), GENERIC_FONT])


@cache
def chart_font_folders() -> tuple[Path, ...]:
    """Register the folders of the report's fonts with vl-convert (once per process: it keeps them), so that chart
    files draw Cyrillic and Chinese with them wherever vl-convert looks for system fonts or not; the folders."""
    folders = tuple(dict.fromkeys(path.parent for path in _chart_font_files()))
    for folder in folders:
        vl_convert.register_font_directory(str(folder))
    return folders


def png_aspect(png: bytes) -> float:
    """Height / width of a PNG, read from its IHDR chunk (bytes 16-24: width, height, big-endian)."""
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return height / width if width else 0.0


@lru_cache(maxsize=32)
def _code_points(path: Path) -> frozenset[int]:
    """The code points the font file at ``path`` maps to a glyph (first face of a collection); empty when the file
    cannot be read as a font. Read once per process: font files do not change while the app runs."""
    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except Exception:  # any exception: an unreadable file (truncated, not a font) is a font the system lacks
        return frozenset()


def _font_file(name: str) -> Path | None:
    """The first readable file called ``name`` in :data:`FONT_FOLDERS`, else None."""
    return next((path for folder in FONT_FOLDERS if (path := folder / name).is_file() and _code_points(path)),
                None)


def font_files() -> tuple[Path, Path, tuple[Path, ...]] | None:
    """The fonts the report draws with on this system: (regular, bold, fallbacks), at most one fallback. Without
    DejaVu Sans the fallback font is the text font (regular and bold); None when no font is found (core font)."""
    regular, bold = (_font_file(name) for name in TEXT_FONT)
    fallbacks = next(((path,) for name in FALLBACK_FONTS if (path := _font_file(name)) is not None), ())
    if regular is None:
        if not fallbacks:
            return None
        regular, bold, fallbacks = fallbacks[0], fallbacks[0], fallbacks[1:]
    return regular, bold or regular, fallbacks


def _invisible(char: str) -> bool:
    """A format character or variation selector (zero-width joiner, U+FE0F after an emoji...): it has no glyph of
    its own, so no font lacking it loses anything visible."""
    code = ord(char)
    return unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _composed(text: str) -> str:
    """``text`` composed (NFC) when it holds combining marks (``s`` + U+0326 is ``ș``, which fonts have); else as
    it is (NFC would also swap CJK compatibility ideographs for their unified forms)."""
    return unicodedata.normalize("NFC", text) if any(unicodedata.combining(char) for char in text) else text


def drawable(text: str, covers: Callable[[str], bool], mark: str) -> tuple[str, list[str]]:
    """``text`` as the PDF draws it, and the characters it could not draw (in order, repeated as they occur).

    ``covers(char)`` says whether a font of the PDF has ``char``. A character none has is drawn as ``mark``; a
    format character none has (:func:`_invisible`) is left out, a control character other than a line break is
    a space. Text holding combining marks is composed first (:func:`_composed`).
    """
    drawn, missing = [], []
    for char in _composed(text):
        if char == "\n" or covers(char):
            drawn.append(char)
        elif unicodedata.category(char) == "Cc":
            drawn.append(" ")
        elif not _invisible(char):
            drawn.append(mark)
            missing.append(char)
    return "".join(drawn), missing


def _core_text(value: str) -> str:
    """``value`` with the symbols the core font lacks spelled out (``€`` -> ``EUR``)."""
    for old, new in _CORE_REPLACEMENTS.items():
        value = value.replace(old, new)
    return value.replace("\u00a0", " ")


def _latin1(char: str) -> bool:
    return ord(char) < 256


class _Report(FPDF):
    """The report's page layout, with the fonts of :func:`font_files`. The fallback font is loaded only for the
    characters of ``texts`` (the case's words, the catalog of the report's language) that the text font lacks:
    loading a whole CJK font costs about a second, these glyphs a fraction of it; a character drawn later that only
    the fallback has is loaded then (:meth:`cover`). ``undrawn`` collects the characters drawn as ``mark`` (each
    once, in order of first use)."""

    def __init__(self, footer_text: str, texts: Iterable[str] = ()) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.undrawn: dict[str, None] = {}
        self.covered: set[int] = set()  # code points of the fonts loaded
        self.fallbacks: list[str] = []  # the families loaded from the fallback font, each for some characters
        files = font_files()
        self.unicode = files is not None and self._load("text", files[0], "") and self._load("text", files[1], "B")
        self.fallback = files[2][0] if self.unicode and files[2] else None
        if self.unicode:  # a bold heading takes from regular what bold lacks
            self.set_fallback_fonts(["text"], exact_match=False)
            self.cover("".join(texts))
        self.family = "text" if self.unicode else "Helvetica"
        self.mark = (REPLACEMENT if self.unicode and ord(REPLACEMENT) in self.fonts["text"].cmap
                     else CORE_REPLACEMENT)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(16, 16, 16)

    def _load(self, family: str, path: Path, style: str, unicode_range: list[int] | None = None) -> bool:
        """Add the font file as ``family`` ``style``; False (nothing added) when fpdf2 cannot read it."""
        try:
            self.add_font(family, style, str(path), unicode_range=unicode_range)
        except Exception:  # any exception: a font fpdf2 cannot embed is a font the system lacks
            return False
        self.covered |= self.fonts[f"{family}{style}"].cmap.keys()  # fpdf2 keys a font by family and style
        return True

    def cover(self, value: str) -> None:
        """Load from the fallback font the characters of ``value`` that no loaded font has and it has, as one more
        fallback family (fpdf2 embeds only the glyphs drawn)."""
        if self.fallback is None:
            return
        needed = {ord(char) for char in _composed(value)} - self.covered
        if wanted := sorted(needed & _code_points(self.fallback)):
            family = f"fallback{len(self.fallbacks)}"
            if not self._load(family, self.fallback, "", unicode_range=wanted):
                self.fallback = None  # fpdf2 cannot embed it: its characters are marks, not tried again
                return
            self.fallbacks.append(family)
            self.set_fallback_fonts(["text", *self.fallbacks], exact_match=False)

    def text_of(self, value: str) -> str:
        """``value`` as drawn: every character from a font that has it, else as ``mark`` (and noted)."""
        if self.unicode:
            self.cover(value)
        text, missing = (drawable(value, lambda char: ord(char) in self.covered, self.mark) if self.unicode
                         else drawable(_core_text(value), _latin1, self.mark))
        self.undrawn.update(dict.fromkeys(missing))
        return text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 6, self.text_of(f"{self.footer_text} · {self.page_no()}/{{nb}}"), align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font(self.family, "B", size)
        self.set_text_color(31, 41, 51)
        self.multi_cell(0, size * 0.5, self.text_of(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font(self.family, "", size)
        self.set_text_color(31, 41, 51)
        self.multi_cell(0, size * 0.5, self.text_of(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def keep(self, space: float) -> None:
        """A new page unless ``space`` mm are left (keeps a heading with what follows it)."""
        if self.get_y() + space > self.page_break_trigger:
            self.add_page()

    def rows(self, header: list[str], body: list[list[str]], widths: list[float], *, left: int = 1) -> None:
        """A table whose first ``left`` columns are aligned left, the others (figures) right."""
        self.set_font(self.family, "", 9)
        with self.table(col_widths=widths, text_align=["LEFT"] * left + ["RIGHT"] * (len(header) - left),
                        line_height=5.2, first_row_as_headings=True) as table:
            for values in [header, *body]:
                row = table.row()
                for value in values:
                    row.cell(self.text_of(value))
        self.ln(3)

    def callout(self, title: str, lines: list[str] | tuple[str, ...], colour: str) -> None:
        """A box: ``title`` in white on ``colour`` (``#RRGGBB``), then ``lines`` as bullets on a light tint of
        it with a bar of ``colour`` on the left; moved to a new page whole when it does not fit."""
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        width, line_height, head = self.w - self.l_margin - self.r_margin, 5.2, 10.0
        inner = width - 12
        self.set_font(self.family, "", 10)
        heights = [self.multi_cell(inner, line_height, self.text_of(line), dry_run=True, output="HEIGHT")
                   for line in lines]
        body = sum(heights) + 1.5 * len(lines) + 2.5 if lines else 0.0
        self.keep(head + body + 2)
        x, y = self.l_margin, self.get_y()
        with self.local_context():  # colours and font restored afterwards (tables use the fill colour)
            self.set_fill_color(*rgb)
            self.rect(x, y, width, head, style="F")
            self.set_xy(x + 4, y + 1)
            self.set_font(self.family, "B", 13)
            self.set_text_color(255, 255, 255)
            self.cell(width - 8, head - 2, self.text_of(title))
            if lines:
                self.set_fill_color(*(round(255 - (255 - c) * 0.12) for c in rgb))
                self.rect(x, y + head, width, body, style="F")
                self.set_fill_color(*rgb)
                self.rect(x, y + head, 1.5, body, style="F")
                self.set_font(self.family, "", 10)
                self.set_text_color(31, 41, 51)
                top = y + head + 2.5
                for line, height in zip(lines, heights, strict=True):
                    self.set_xy(x + 4, top)
                    self.cell(4, line_height, self.text_of("•"))
                    self.set_xy(x + 8, top)
                    self.multi_cell(inner, line_height, self.text_of(line), align="L")
                    top += height + 1.5
        self.set_xy(self.l_margin, y + head + body + 4)

    def chart(self, png: bytes, width: float) -> None:
        self.image(BytesIO(png), w=width, x=self.l_margin)
        self.ln(3)


def per_year_text(item: CostItem | BenefitItem, horizon: int, currency: str) -> str:
    """A line item's yearly amounts over the horizon: one amount when every year is the same (``€20,000``),
    else the years that hold an amount (``Y1 €12.0k; Y2 €15.0k``, ``Y1 €40,000`` when only one does)."""
    amounts = [item.amount(k) for k in range(1, horizon + 1)]
    if len(set(amounts)) == 1:
        return money(amounts[0], currency)
    held = [(k, v) for k, v in enumerate(amounts, 1) if v]
    if len(held) == 1:
        return f"{t('report.year_short', year=held[0][0])} {money(held[0][1], currency)}"
    return "; ".join(f"{t('report.year_short', year=k)} {money(v, currency, compact=True)}" for k, v in held)


def _line_items(pdf: _Report, items: list[CostItem | BenefitItem], kind: str, horizon: int, currency: str,
                width: float) -> None:
    """Cost lines (category) or benefit lines (area): initial, per year, total of years 1..horizon, risk
    adjustment."""
    body = [[item.name, group_name(str(getattr(item, "category" if kind == "cost" else "area").value)),
             money(item.initial, currency), per_year_text(item, horizon, currency),
             money(sum(item.amount(k) for k in range(1, horizon + 1)), currency), percent(item.risk_adjustment, 0)]
            for item in items]
    pdf.rows([t("report.line"), t(f"report.group.{kind}"), t("report.initial"), t("report.per_year"),
              t("report.yearly", years=horizon), t("report.risk_adjustment")], body,
             [width * 0.3, width * 0.11, width * 0.12, width * 0.21, width * 0.14, width * 0.12], left=2)


def _input_unit(path: str) -> str:
    """The unit of a driver input (its model field), as :func:`ui.format.input_value` writes it."""
    unit = field_info(path).unit
    return "money" if unit is Unit.MONEY else "fraction" if field_info(path).percent else "count"


def _drivers(pdf: _Report, case: Case, width: float) -> None:
    """Each enabled benefit driver: its inputs (catalog labels), its formula and its yearly value at full
    adoption before and after its risk adjustment (``crm_case.drivers``)."""
    values = annual_driver_benefits(case.drivers)
    if not values:
        return
    currency = case.assumptions.currency
    pdf.keep(60)
    pdf.heading(t("report.drivers"), 12)
    pdf.paragraph(t("report.drivers.caption"), 9)
    for name, value in values.items():
        driver = getattr(case.drivers, name)
        inputs = [f for f in type(driver).model_fields if f not in {"enabled", "risk_adjustment"}]
        pdf.keep(24 + 5.6 * (len(inputs) + 1))
        pdf.heading(t(f"driver.{name}"), 11)
        pdf.paragraph(t("report.driver.formula", formula=t(f"formula.{name}")), 9)
        pdf.rows([t("report.input"), t("report.value")],
                 [[t(f"field.drivers.{name}.{f}"),
                   input_value(getattr(driver, f), _input_unit(f"drivers.{name}.{f}"), currency)]
                  for f in inputs] + [[t("field.risk_adjustment"), percent(driver.risk_adjustment, 0)]],
                 [width * 0.6, width * 0.4])
        pdf.paragraph(t("report.driver.value", value=money(value, currency),
                        adjusted=money(value * (1 - driver.risk_adjustment), currency),
                        risk=percent(driver.risk_adjustment, 0)), 9)


@dataclass(frozen=True)
class BuiltReport:
    """A report PDF and the characters no font of it has, each drawn as ``mark`` (in order of first use)."""

    pdf: bytes
    undrawn: tuple[str, ...]
    mark: str


TOP_INPUTS = 5
"""How many inputs the report lists by the value of knowing them (EVPPI)."""


def _value_of_information(pdf: _Report, case: Case, simulation: Any, width: float) -> None:
    """The risks' value of information (:mod:`crm_case.voi`, from the report's simulation): the EVPI in a
    sentence and the :data:`TOP_INPUTS` inputs most worth knowing (EVPPI, standard error, share of the EVPI),
    or that no information can change the decision; with the case's pilot (``risk.pilot``), the four paths'
    expected NPV, chance of a positive NPV, P10 and P90, the best path and the pilot's flexibility value
    (Forrester TEI)."""
    currency = case.assumptions.currency
    perfect = evpi(simulation)
    worth = evppi_table(simulation)
    worth = worth[worth["evppi"] > 0].head(TOP_INPUTS)
    if perfect.value > 0 and len(worth):
        pdf.paragraph(t("deck.report.evpi", value=money(perfect.value, currency),
                        error=money(perfect.standard_error, currency)))
        pdf.rows([t("risk.input"), t("deck.report.column.evppi"), t("deck.report.column.error"),
                  t("deck.report.column.share")],
                 [[input_label(row.path), money(row.evppi, currency), money(row.standard_error, currency),
                   percent(row.share_of_evpi, 0)] for row in worth.itertuples()],
                 [width * 0.46, width * 0.18, width * 0.18, width * 0.18])
    else:
        pdf.paragraph(t("deck.report.evpi.none", value=money(perfect.value, currency)))
    pilot = case.risk.pilot
    if pilot is None:
        return
    analysis = pilot_paths(case, pilot, simulation)
    names = {path: t(f"deck.report.path.{path}", months=pilot.months) for path in PATHS}
    pdf.keep(50)
    pdf.paragraph(t("deck.report.pilot", months=pilot.months, users=number(pilot.users),
                    cost=money(pilot.cost, currency), stop_cost=money(pilot.stop_cost, currency),
                    inputs=joined(input_name(path) for path in pilot.reveals)))
    pdf.rows([t("deck.report.column.path"), t("deck.report.column.expected_npv"), t("deck.report.column.chance"),
              "P10", "P90"],
             [[names[row.path], money(row.expected_npv, currency), chance(row.probability_positive),
               money(row.p10, currency), money(row.p90, currency)] for row in analysis.table().itertuples()],
             [width * 0.32, width * 0.19, width * 0.13, width * 0.18, width * 0.18])
    pdf.paragraph(t("deck.report.flexibility", path=names[analysis.best],
                    value=money(analysis.option_value, currency)))


def _decision(case: Case, result: Evaluation, slides: list[Slide], simulation: Any) -> Recommendation:
    """The recommendation the report states: the headline slide's, else ``crm_case.recommend``'s."""
    if slides and slides[0].recommendation is not None:
        return slides[0].recommendation
    return recommend(case, result, probability_positive=simulation.probability_positive)


def _disadvantages(case: Case) -> list[str]:
    """The names of the three disadvantages that weigh most against the case (scoring)."""
    against = score(case.scoring).table
    against = against[against["side"] == "disadvantage"].sort_values("contribution")
    return list(against["name"].head(3))


def _case_texts(case: Case, result: Evaluation, slides: list[Slide], simulation: Any) -> Iterable[str]:
    """Every text of the report that comes from the case rather than the catalog: names, currency symbol, the
    slides' words and figures, the recommendation's reasons."""
    yield case.assumptions.name
    yield symbol(case.assumptions.currency)
    yield from (item.name for item in (*case.costs, *case.benefits))
    yield from _disadvantages(case)
    reader = i18n.language()
    yield from (localize(reason, reader) for reason in _decision(case, result, slides, simulation).reasons)
    for slide in slides:
        yield slide.title
        yield slide.message
        yield from (text for pair in slide.figures for text in pair)


@lru_cache(maxsize=4)
def _covered(files: tuple[Path, Path, tuple[Path, ...]]) -> frozenset[int]:
    """The code points any of the report's fonts has (the union is built once per set of fonts)."""
    return frozenset().union(*(_code_points(path) for path in (files[0], files[1], *files[2])))


@lru_cache(maxsize=16)
def _language_needs_a_font(language: str, files: tuple[Path, Path, tuple[Path, ...]] | None) -> bool:
    """Whether the catalog of ``language`` has characters no font of the report has: checked once per language
    and set of fonts (the catalogs and the fonts do not change while the app runs)."""
    return bool(_undrawn(catalog(language).values())[0])


def _undrawn(texts: Iterable[str]) -> tuple[tuple[str, ...], str]:
    """The characters of ``texts`` that no font of the report has (each once, in order), and the mark the PDF draws
    them as. Reads the fonts' character maps only: cheap enough for every run of the page, unlike the PDF."""
    files = font_files()
    if files is None:
        covers, mark, prepare = _latin1, CORE_REPLACEMENT, _core_text
    else:
        covered = _covered(files)
        mark = REPLACEMENT if ord(REPLACEMENT) in _code_points(files[0]) else CORE_REPLACEMENT
        covers, prepare = (lambda char: ord(char) in covered), str
    missing = (char for text in texts for char in drawable(prepare(text), covers, mark)[1])
    return tuple(dict.fromkeys(missing)), mark


def undrawn_characters(case: Case, result: Evaluation, slides: list[Slide], *,
                       simulation: Any) -> tuple[tuple[str, ...], str]:
    """The characters of ``case`` that no font of the report has (each once, in order), and the mark the PDF draws
    them as (:func:`_undrawn`)."""
    return _undrawn(_case_texts(case, result, slides, simulation))


def _language_texts() -> Iterable[str]:
    """The texts of the report's language (its catalog: headings, labels, sentences, units)."""
    return catalog(i18n.language()).values()


def undrawn_note(case: Case, result: Evaluation, slides: list[Slide], *, simulation: Any,
                 shown: int = 20) -> str | None:
    """The note beside the PDF download when some characters cannot be drawn in it: the report's language when its
    own words need a font this system lacks (Chinese without WenQuanYi), then the case's characters ("2
    characters ... are shown there as □: 🚀, ₿", naming the first ``shown``); None when every character can be
    drawn. Streamlit Markdown: the characters, typed by the user, pass through :func:`ui.text.literal`."""
    chars, mark = undrawn_characters(case, result, slides, simulation=simulation)
    notes = []
    reader = i18n.language()
    if _language_needs_a_font(reader, font_files()):
        notes.append(t("report.undrawn.language", language=LANGUAGES.get(reader, reader), mark=mark))
    if chars:
        listed = ", ".join(literal(char) for char in chars[:shown]) + (", …" if len(chars) > shown else "")
        notes.append(t("report.undrawn.one" if len(chars) == 1 else "report.undrawn.other", count=len(chars),
                       mark=mark, chars=listed))
    return " ".join(notes) or None


def report_pdf(case: Case, result: Evaluation, slides: list[Slide], *, today: date,
               simulation: Any, language: str | None = None) -> bytes:
    """The executive report of ``case`` as PDF bytes (:func:`build_report`)."""
    return build_report(case, result, slides, today=today, simulation=simulation, language=language).pdf


def build_report(case: Case, result: Evaluation, slides: list[Slide], *, today: date,
                 simulation: Any, language: str | None = None) -> BuiltReport:
    """The executive report of ``case``: title and date, the recommendation and its reasons (the headline
    slide's, else ``crm_case.recommend`` with the simulation's chance), the verdict and headline figures
    (risk-adjusted and not), each slide's message and chart, the assumptions, cost and benefit lines, each
    enabled benefit driver (inputs, formula, yearly value at full adoption), the risks (Monte Carlo range, the
    inputs that move NPV most, weakest readiness areas, main disadvantages). Characters no font has are drawn as
    a mark and returned with the PDF.

    Written in ``language`` when given, else in the viewer's (:func:`in_language`); the slides' own words are
    those they were told in (:func:`ui.story.slides`, called by the caller), their charts are drawn here."""
    with in_language(language):
        return _build(case, result, slides, today=today, simulation=simulation)


def _build(case: Case, result: Evaluation, slides: list[Slide], *, today: date, simulation: Any) -> BuiltReport:
    currency, day = case.assumptions.currency, formats.date(today, i18n.language())
    pdf = _Report(t("report.footer", name=case.assumptions.name, date=day),
                  (*_case_texts(case, result, slides, simulation), *_language_texts()))
    pdf.set_title(f"{case.assumptions.name} - {t('report.title')}")
    pdf.set_author("crm-case")
    pdf.set_lang(i18n.language())
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.heading(t("report.title"), 20)
    pdf.heading(case.assumptions.name, 13)
    pdf.paragraph(t("report.date", date=day, years=case.assumptions.horizon_years,
                    rate=percent(case.assumptions.discount_rate, 0)), 9)
    decided = _decision(case, result, slides, simulation)
    pdf.callout(t("recommendation.heading", decision=recommendation_title(decided.decision)),
                [localize(reason, i18n.language()) for reason in decided.reasons],
                recommendation_colour(decided.decision))
    pdf.heading(t("report.verdict"), 12)
    pdf.paragraph(slides[0].message, 11)
    adjusted, unadjusted = result.adjusted, result.unadjusted
    figures = [
        (t("metric.npv"), money(adjusted.npv, currency), money(unadjusted.npv, currency)),
        (t("metric.roi"), percent(adjusted.roi.value, 0), percent(unadjusted.roi.value, 0)),
        (t("metric.irr"), percent(adjusted.irr.value), percent(unadjusted.irr.value)),
        (t("metric.payback"), months(adjusted.payback_months.value), months(unadjusted.payback_months.value)),
        (t("metric.discounted_payback"), months(adjusted.discounted_payback_months.value),
         months(unadjusted.discounted_payback_months.value)),
        (t("metric.pv_costs"), money(adjusted.pv_costs, currency), money(unadjusted.pv_costs, currency)),
        (t("metric.pv_benefits"), money(adjusted.pv_benefits, currency), money(unadjusted.pv_benefits, currency)),
    ]
    pdf.rows([t("report.figure"), t("report.adjusted"), t("report.unadjusted")], [list(f) for f in figures],
             [width * 0.4, width * 0.3, width * 0.3])
    for slide in slides[1:]:
        png = chart_png(chart_spec(slide.chart())) if slide.chart is not None else None
        pdf.keep(30 + (width * 0.9 * png_aspect(png) if png else 0))  # the slide on one page, else a new one
        pdf.heading(slide.title, 12)
        pdf.paragraph(slide.message)
        if slide.figures:
            pdf.paragraph("   ".join(f"{label}: {value}" for label, value in slide.figures), 9)
        if png is not None:
            pdf.chart(png, width * 0.9)

    pdf.add_page()
    pdf.heading(t("report.assumptions"), 14)
    a, rollout = case.assumptions, case.rollout
    pdf.rows([t("report.assumption"), t("report.value")], [
        [t("field.assumptions.start_date"), month_year(a.start_date)],
        [t("field.assumptions.horizon_years"), str(a.horizon_years)],
        [t("field.assumptions.discount_rate"), percent(a.discount_rate)],
        [t("field.assumptions.timing"), t(f"timing.{a.timing.value}") if has(f"timing.{a.timing.value}")
         else a.timing.value],
        [t("field.assumptions.currency"), a.currency],
        [t("field.rollout.months_to_go_live"), f"{rollout.months_to_go_live}"],
        [t("field.rollout.peak_adoption"), percent(rollout.peak_adoption)],
        [t("field.rollout.dip_depth"), percent(rollout.dip_depth)],
    ], [width * 0.6, width * 0.4])
    for kind, items in (("cost", case.costs), ("benefit", case.benefits)):
        if items:
            pdf.keep(30)
            pdf.heading(t(f"report.{kind}s"), 12)
            pdf.paragraph(t(f"report.{kind}s.caption"), 9)
            _line_items(pdf, list(items), kind, a.horizon_years, currency, width)
    _drivers(pdf, case, width)

    pdf.keep(40)
    pdf.heading(t("report.risks"), 14)
    spread = simulation.quantiles().set_index("metric").loc["npv"]
    pdf.paragraph(t("report.risk.mc", chance=chance(simulation.probability_positive), runs=number(simulation.count),
                    low=money(spread["p10"], currency), high=money(spread["p90"], currency)))
    table = tornado(case).head(6)
    if len(table):
        pdf.rows([t("risk.input"), t("report.range"), t("report.npv_low"), t("report.npv_high")],
                 [[input_label(row.path),
                   " – ".join((input_value(row.low, row.unit, currency), input_value(row.high, row.unit, currency))),
                   money(min(row.npv_low, row.npv_high), currency), money(max(row.npv_low, row.npv_high), currency)]
                  for row in table.itertuples()],
                 [width * 0.4, width * 0.24, width * 0.18, width * 0.18])
    _value_of_information(pdf, case, simulation, width)
    ready = readiness(case)
    if ready is None:
        pdf.paragraph(t("report.risk.readiness.none"))
    else:
        pdf.paragraph(t("report.risk.readiness", index=number(ready.index, "0"),
                        areas=joined(t(f"readiness.area.{area}").lower() for area in ready.weakest)))
    if against := _disadvantages(case):
        pdf.paragraph(t("report.risk.disadvantages", items=clauses(against)))
    pdf_bytes = bytes(pdf.output())  # the footer of the last page is drawn here
    return BuiltReport(pdf_bytes, tuple(pdf.undrawn), pdf.mark)
