"""Executive report: the PDF in one click, the slides as an editable PowerPoint deck, and every key chart as PNG
or SVG."""

# The slides (message, figures, chart) are ui/story.py; rendering is ui/report.py (vl-convert, fpdf2); the deck is
# crm_case/deck.py (python-pptx).

from datetime import date

import streamlit as st

from crm_case.deck import build_deck
from ui.i18n import glossary, language, t
from ui.own_case import start_here
from ui.report import chart_png, chart_spec, chart_svg, report_pdf, undrawn_note
from ui.state import get_case, get_evaluation, show_chart, stop_page, worded
from ui.state import simulation as session_simulation
from ui.story import show_recommendation, slides
from ui.text import literal

case = get_case()
result = get_evaluation()
simulation = session_simulation()
story = worded("story", lambda c: slides(c, result, simulation=simulation))
reader = language()  # downloads are built after the run, in another thread: the language is given, not looked up
stem = "".join(ch if ch.isalnum() else "-" for ch in case.assumptions.name.lower()).strip("-")[:60] or "crm-case"

st.title(t("report.title"), help=glossary("npv", "roi", "irr", "payback"))
st.caption(t("report.caption"))
if start_here("analysis"):  # nothing to analyse in an empty case
    stop_page()

with st.container(border=True):
    left, right = st.columns([3, 2], vertical_alignment="center")  # both downloads named in full at 1024 px
    left.markdown(t("report.contents"))
    right.download_button(
        t("report.download"), type="primary", icon=":material/picture_as_pdf:", width="stretch",
        data=lambda snapshot=case, evaluation=result, told=story, mc=simulation, lang=reader: report_pdf(
            snapshot, evaluation, told, today=date.today(), simulation=mc, language=lang),
        file_name=f"{stem}-report.pdf", mime="application/pdf", on_click="ignore", key="download-report")
    right.download_button(
        t("deck.download"), icon=":material/slideshow:", width="stretch", help=t("deck.download.help"),
        data=lambda snapshot=case, mc=simulation, lang=reader: build_deck(snapshot, language=lang, simulation=mc),
        file_name=f"{stem}-slides.pptx", on_click="ignore", key="download-deck",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
    if note := worded("report.undrawn", lambda c: undrawn_note(c, result, story, simulation=simulation)):  # shown as □
        st.caption(note)

st.subheader(t("report.verdict"))
show_recommendation(st, story[0].recommendation)
st.info(literal(story[0].message), icon=":material/gavel:")
cols = st.columns(len(story[0].figures))
for column, (label, value) in zip(cols, story[0].figures, strict=True):
    column.metric(label, literal(value), border=True)

st.subheader(t("report.charts"))
st.caption(t("report.charts.caption"))
for slide in story[1:]:
    if slide.chart is None:
        continue
    with st.container(border=True):
        st.markdown(f"**{slide.title}**  \n{literal(slide.message)}")
        png, svg, _ = st.columns([1, 1, 3])  # under the title: beside it, a 1024 px screen cut them to "F" and "S"
        png.download_button("PNG", data=lambda s=slide, lang=reader: chart_png(chart_spec(s.chart, language=lang)),
                            icon=":material/image:",
                            file_name=f"{stem}-{slide.key}.png", mime="image/png", on_click="ignore",
                            key=f"png-{slide.key}", width="stretch", help=t("report.png.help"))
        svg.download_button("SVG", data=lambda s=slide, lang=reader: chart_svg(chart_spec(s.chart, language=lang)),
                            icon=":material/draw:",
                            file_name=f"{stem}-{slide.key}.svg", mime="image/svg+xml", on_click="ignore",
                            key=f"svg-{slide.key}", width="stretch", help=t("report.svg.help"))
        show_chart(f"story.{slide.key}", slide.chart)
