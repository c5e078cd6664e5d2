"""The case's slides as an editable PowerPoint deck (python-pptx): the slides of presentation mode
(:func:`crm_case.story.story`), in its order, each titled with its message, its figures as large text, its chart
as a native PowerPoint chart (a chart object with its data in an embedded workbook, not a picture) and the
assumptions behind it as speaker notes.

Layout (16:9, 13.33 x 7.5 in): the slide's name as a small caption, the message as the title, the figures in a
row of large text boxes, the chart (or, on the headline slide, the recommendation and its reasons), a footer with
the case's name and the slide's number. Text is at least 14 pt. Latin text is set in Arial; Chinese in the
language's usual East Asian face (``a:ea``: Microsoft JhengHei for Traditional, Microsoft YaHei for Simplified;
LibreOffice and PowerPoint substitute an installed Chinese font where it is missing).

Charts: months (cumulative cash flow, start now or later) as scatter lines with go-live and break-even as two-point
series; categories and areas as bars with their amounts; the tornado as bars that start at the case's NPV (the
category axis crosses the value axis there); the advantages as signed bars. Axes are labelled at the ticks the
engine chose (at most eight); money axes in a compact format of the language (``€1.2M``, ``200 mil €``), or in
full where the language has no short form at that size. User text (names of lines, criteria, the case) is text:
the chart's embedded workbook is written with strings never read as formulas, links or numbers.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from contextlib import contextmanager
from functools import cached_property
from io import BytesIO

from babel import Locale
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt
from xlsxwriter import Workbook

from crm_case.i18n import DEFAULT, formats, locale_of, localize, text
from crm_case.model import Case
from crm_case.story import ChartData, StorySlide, story

__all__ = ["FONT", "build_deck", "east_asian_font"]

FONT = "Arial"
"""The Latin typeface of every text (LibreOffice draws it with the metric-compatible Liberation Sans)."""
_EAST_ASIAN = {"zh-Hant": "Microsoft JhengHei", "zh-Hans": "Microsoft YaHei"}
WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 13.333 x 7.5 in: PowerPoint's 16:9
MARGIN = Inches(0.5)
INK, GREY, LIGHT = RGBColor(0x1F, 0x29, 0x33), RGBColor(0x55, 0x5F, 0x6B), RGBColor(0xF2, 0xF4, 0xF7)
SMALL, BODY, FIGURE = Pt(14), Pt(16), Pt(30)
DECISION_COLOURS = {"invest": "1A7F37", "invest_with_conditions": "A15C00", "wait": "0B5CAD",
                    "do_not_invest": "B42318"}
"""The colour of each decision, as the app shows it (ui.story.RECOMMENDATION_STYLES)."""


def east_asian_font(language: str) -> str | None:
    """The East Asian typeface (``a:ea``) of a deck in ``language``: Microsoft JhengHei (Traditional Chinese),
    Microsoft YaHei (Simplified), none for the other languages (the Latin face draws them)."""
    return _EAST_ASIAN.get(language)


# ------------------------------------------------------------------------------------------- chart data

@contextmanager
def _plain_workbook(xlsx_file):
    """XlsxWriter's workbook with strings kept as strings: a name typed as ``=1+1`` or ``http://...`` is text."""
    workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                    "strings_to_numbers": False})
    worksheet = workbook.add_worksheet()
    yield workbook, worksheet
    workbook.close()


class _CategoryWriter(CategoryWorkbookWriter):
    def _open_worksheet(self, xlsx_file):
        return _plain_workbook(xlsx_file)


class _XyWriter(XyWorkbookWriter):
    def _open_worksheet(self, xlsx_file):
        return _plain_workbook(xlsx_file)


class _CategoryData(CategoryChartData):
    @cached_property
    def _workbook_writer(self):
        return _CategoryWriter(self)


class _XyData(XyChartData):
    @cached_property
    def _workbook_writer(self):
        return _XyWriter(self)


# ------------------------------------------------------------------------------------------- formats

def _currency_around(currency: str, language: str) -> tuple[str, str]:
    """What the language writes before and after an amount of ``currency`` (``("€", "")``, ``("", "\u00a0€")``)."""
    shown = formats.money(1, currency, language)
    before, _, after = shown.partition("1")
    return before, after


def _short_form(size: int, language: str) -> str | None:
    """The language's short form of ``size`` (10**3 or 10**6) as a suffix (``k``, ``\u00a0mil``, ``\u00a0M``), or
    None when it writes that size in full or its short form divides by another power (Chinese 萬: 10**4)."""
    if language in (DEFAULT, "qps"):
        return {10**3: "k", 10**6: "M"}[size]
    patterns = Locale.parse(locale_of(language)).compact_decimal_formats["short"]["other"]
    pattern = patterns.get(str(size))
    if pattern is None or pattern.pattern.count("0") != 1 or pattern.prefix[0]:
        return None
    return pattern.suffix[0].replace("'", "") or None


def _quoted(value: str) -> str:
    return f'"{value}"' if value else ""


def money_format(currency: str, language: str, ticks: Sequence[float]) -> str:
    """The number format of a money axis labelled at ``ticks`` (Excel's format code, which PowerPoint and
    LibreOffice write with the reader's separators): the largest size the ticks reach in the language's short
    form (``"€"#,##0.0,,"M"`` -> ``€1.5M``; ``#,##0," mil €"`` -> ``200 mil €``), one decimal when the step needs
    it; the full amount (``"€"#,##0``) where the language has no short form at that size."""
    before, after = _currency_around(currency, language)
    biggest = max((abs(t) for t in ticks), default=0.0)
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else biggest or 1.0
    for size, commas in ((10**6, ",,"), (10**3, ",")):
        if biggest >= size and (size == 10**3 or step >= size / 10):  # 0.1M steps at least, else in thousands
            suffix = _short_form(size, language)
            if suffix is None:
                break
            decimals = ".0" if not math.isclose(step / size, round(step / size)) else ""
            return _signed(f"{_quoted(before)}#,##0{decimals}{commas}{_quoted(suffix + after)}")
    return _signed(f"{_quoted(before)}#,##0{_quoted(after)}")


def _signed(positive: str) -> str:
    """A format code with its negative section (a minus in front) and zero written as a plain 0."""
    return f"{positive};-{positive};0"


def label_format(currency: str, language: str) -> str:
    """The number format of a bar's label: the amount in the language's short form from thousands on, with one
    decimal (``€312.5k``, ``€1.0M``), in full below a thousand or without a short form."""
    before, after = _currency_around(currency, language)
    full = f"{_quoted(before)}#,##0{_quoted(after)}"
    sections = [f"[>={size}]{_quoted(before)}#,##0.0{commas}{_quoted(suffix + after)}"
                for size, commas in ((10**6, ",,"), (10**3, ","))
                if (suffix := _short_form(size, language)) is not None]
    return ";".join([*sections[:2], full]) if sections else full


# ------------------------------------------------------------------------------------------- text

def _typeface(font, language: str) -> None:
    """Set ``font``'s Latin face and, for Chinese, its East Asian face (``a:ea`` right after ``a:latin``)."""
    font.name = FONT
    east = east_asian_font(language)
    if east is None:
        return
    rpr = font._rPr  # python-pptx has no property for a:ea
    for old in rpr.findall(qn("a:ea")):
        rpr.remove(old)
    latin = rpr.find(qn("a:latin"))
    ea = etree.SubElement(rpr, qn("a:ea"))
    ea.set("typeface", east)
    latin.addnext(ea)


def _style(font, language: str, size=BODY, *, bold: bool = False, colour: RGBColor = INK) -> None:
    font.size = size
    font.bold = bold
    font.color.rgb = colour
    _typeface(font, language)


def _box(slide, left, top, width, height, lines: Sequence[tuple[str, Pt, bool, RGBColor]], language: str, *,
         align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    """A text box of ``lines`` (text, size, bold, colour), one paragraph each, wrapped."""
    shape = slide.shapes.add_textbox(left, top, width, height)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, (line, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        _style(run.font, language, size, bold=bold, colour=colour)
    return shape


def _width(shown: str) -> float:
    """Width of ``shown`` in Latin characters: a Chinese character counts as two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in shown)


def _title_size(message: str) -> Pt:
    """The title's size: as large as lets the message fit in three lines of the slide's width."""
    width = _width(message)
    return Pt(30) if width <= 110 else Pt(26) if width <= 160 else Pt(22) if width <= 220 else Pt(18)


# ------------------------------------------------------------------------------------------- charts

def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _axis(axis, title: str, language: str, *, ticks: Sequence[float] = (), number_format: str | None = None,
          gridlines: bool = False) -> None:
    axis.has_title = True
    axis.axis_title.text_frame.text = title
    for paragraph in axis.axis_title.text_frame.paragraphs:
        for run in paragraph.runs:
            _style(run.font, language, SMALL, colour=GREY)
    _style(axis.tick_labels.font, language, SMALL, colour=GREY)
    if ticks:
        axis.minimum_scale, axis.maximum_scale = ticks[0], ticks[-1]
        if len(ticks) > 1:
            axis.major_unit = ticks[1] - ticks[0]
    if number_format:
        axis.tick_labels.number_format = number_format
        axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = gridlines
    if gridlines:
        axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)


def _legend(chart, language: str) -> None:
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    _style(chart.legend.font, language, SMALL, colour=INK)


def _money_axis_format(data: ChartData, language: str) -> str:
    if data.unit == "money" and data.currency:
        return money_format(data.currency, language, data.value_ticks)
    return "0.0;-0.0;0"


def _line_chart(slide, data: ChartData, box: tuple, language: str):
    """Scatter lines over the months: each series, then each marker as a dashed two-point series from the bottom
    to the top of the value axis."""
    chart_data = _XyData()
    for name, values in data.series:
        series = chart_data.add_series(name)
        for month, value in zip(data.categories, values, strict=True):
            series.add_data_point(month, value)
    low, high = (data.value_ticks[0], data.value_ticks[-1]) if data.value_ticks else (0.0, 0.0)
    for name, month in data.markers:
        series = chart_data.add_series(name)
        series.add_data_point(month, low)
        series.add_data_point(month, high)
    chart = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES_NO_MARKERS, *box, chart_data).chart
    chart.has_title = False
    palette = [*data.colours, "#555555", "#009E73", "#999999"]
    for i, series in enumerate(chart.plots[0].series):
        line = series.format.line
        line.color.rgb = _rgb(palette[i] if i < len(data.series) else palette[len(data.colours) + i - len(data.series)])
        line.width = Pt(3 if i < len(data.series) else 2)
        if i >= len(data.series) or (data.kind == "gap" and i == 1):
            line.dash_style = MSO_LINE_DASH_STYLE.DASH
        series.smooth = False
    _axis(chart.category_axis, data.x_title, language, ticks=data.x_ticks, number_format="0")
    _axis(chart.value_axis, data.value_title, language, ticks=data.value_ticks,
          number_format=_money_axis_format(data, language), gridlines=True)
    chart.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # below the chart, not at zero
    _legend(chart, language)
    return chart


def _bar_chart(slide, data: ChartData, box: tuple, language: str):
    """Horizontal bars, the first category on top; the tornado's bars start at the case's NPV, the advantages'
    at zero."""
    chart_data = _CategoryData(number_format="0.00" if data.unit == "points" else "#,##0")
    chart_data.categories = list(data.categories)
    for name, values in data.series:
        chart_data.add_series(name, list(values))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, chart_data).chart
    chart.has_title = False  # the slide's title says it
    plot = chart.plots[0]
    plot.gap_width = 60
    if len(data.series) > 1:
        plot.overlap = 100
    for i, series in enumerate(plot.series):
        series.invert_if_negative = False
        if data.kind == "bars_h" and data.colours:
            for j, colour in enumerate(data.colours[: len(data.categories)]):
                fill = series.points[j].format.fill
                fill.solid()
                fill.fore_color.rgb = _rgb(colour)
        elif data.colours:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(data.colours[i % len(data.colours)])
    category, value = chart.category_axis, chart.value_axis
    _axis(category, data.x_title, language)
    category.reverse_order = True  # the first (largest) on top
    category.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # at the left edge, not where the bars start
    value._element.find(qn("c:crosses")).set("val", "max")  # with the categories reversed: the value axis at
    # the bottom (it crosses the category axis at its last category; python-pptx sets this on value axes only)
    _axis(value, data.value_title, language, ticks=data.value_ticks, number_format=_money_axis_format(data, language),
          gridlines=True)
    if data.kind == "tornado" and data.base is not None:
        value.crosses_at = data.base
    if data.kind in ("bars_h", "diverging"):
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = (label_format(data.currency, language) if data.unit == "money" and data.currency
                                else "0.00;0.00;0")
        labels.number_format_is_linked = False
        _style(labels.font, language, SMALL, bold=True)
    if len(data.series) > 1:
        _legend(chart, language)
    else:
        chart.has_legend = False
    return chart


def _chart(slide, data: ChartData, box: tuple, language: str):
    if data.kind in ("line", "gap"):
        return _line_chart(slide, data, box, language)
    return _bar_chart(slide, data, box, language)


# ------------------------------------------------------------------------------------------- slides

def _recommendation(slide, told: StorySlide, box: tuple, language: str) -> None:
    """The decision in its colour, its reasons as bullets beneath."""
    rec = told.recommendation
    left, top, width, height = box
    colour = _rgb(DECISION_COLOURS.get(rec.decision, "0B5CAD"))
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, Inches(0.6))
    band.fill.solid()
    band.fill.fore_color.rgb = colour
    band.line.fill.background()
    frame = band.text_frame
    frame.margin_left = Inches(0.15)
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    run = frame.paragraphs[0].add_run()
    run.text = text(language, "recommendation.heading", decision=text(language, f"recommendation.{rec.decision}"))
    _style(run.font, language, Pt(22), bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF))
    reasons = [localize(reason, language) for reason in rec.reasons]
    size = BODY if len(reasons) <= 5 else SMALL
    body = _box(slide, left, top + Inches(0.7), width, height - Inches(0.7),
                [(f"•  {reason}", size, False, INK) for reason in reasons], language)
    for paragraph in body.text_frame.paragraphs:
        paragraph.space_after = Pt(4)


def _slide(prs, told: StorySlide, number: int, count: int, name: str, language: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": the message is the slide's title
    inner = WIDTH - 2 * MARGIN
    _box(slide, MARGIN, Inches(0.25), inner, Inches(0.4), [(told.title, SMALL, True, GREY)], language)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.6), inner, Inches(1.45)
    frame = title.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.text = told.message
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            _style(run.font, language, _title_size(told.message), bold=True)
    top = Inches(2.15)
    if told.figures:
        gap = Inches(0.2)
        each = Emu(int((inner - gap * (len(told.figures) - 1)) / len(told.figures)))
        for i, (label, value) in enumerate(told.figures):
            box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN + i * (each + gap), top, each, Inches(1.05))
            box.fill.solid()
            box.fill.fore_color.rgb = LIGHT
            box.line.fill.background()
            box.shadow.inherit = False
            tf = box.text_frame
            tf.word_wrap = True
            tf.vertical_anchor = MSO_ANCHOR.MIDDLE
            for j, (line, size, bold, colour) in enumerate(((value, FIGURE if _width(value) <= 24 else Pt(24),
                                                              True, INK), (label, SMALL, False, GREY))):
                paragraph = tf.paragraphs[0] if j == 0 else tf.add_paragraph()
                paragraph.alignment = PP_ALIGN.LEFT
                run = paragraph.add_run()
                run.text = line
                _style(run.font, language, size, bold=bold, colour=colour)
        top += Inches(1.25)
    area = (MARGIN, top, inner, HEIGHT - top - Inches(0.55))
    if told.recommendation is not None:
        _recommendation(slide, told, area, language)
    elif told.chart is not None:
        _chart(slide, told.chart, area, language)
    _box(slide, MARGIN, HEIGHT - Inches(0.5), inner, Inches(0.4),
         [(text(language, "deck.footer", name=name, n=number, count=count), SMALL, False, GREY)], language,
         align=PP_ALIGN.RIGHT)
    notes = slide.notes_slide.notes_text_frame
    notes.text = "\n\n".join(told.notes)


def build_deck(case: Case, *, language: str = "en", order: Sequence[str] | None = None,
               simulation=None) -> bytes:
    """The deck of ``case`` in ``language`` as .pptx bytes: one slide per key of ``order`` (default
    :data:`crm_case.story.SLIDE_KEYS`, a key of it twice is that slide twice), each as presentation mode shows it
    (:func:`crm_case.story.story`), with its chart as a native chart and its speaker notes. ``simulation`` is the
    case's Monte Carlo result when already computed (else run here with the case's runs and seed). Raises
    ValueError for a key that is no slide."""
    told = story(case, language=language, simulation=simulation, order=order)
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = case.assumptions.name
    prs.core_properties.author = "crm-case"
    prs.core_properties.language = language
    for number, slide in enumerate(told, start=1):
        _slide(prs, slide, number, len(told), case.assumptions.name, language)
    out = BytesIO()
    prs.save(out)
    return out.getvalue()
