"""Presentation mode: one slide at a time, sized to the window, no inputs; next and previous by button, key or
clicker, in a chosen order; the browser's full screen; the slides as a PowerPoint deck."""

# The slides are ui/story.py (the same as the executive report), laid out for the window by ui/slideshow.py. The
# slide number is kept in the URL (?slide=3), so a refresh stays on the same slide. When the case has an open
# live-voting room, a "Join the vote" slide with its QR code comes first.

import html

import streamlit as st

from crm_case import has_content
from crm_case.deck import build_deck
from ui import library
from ui.i18n import glossary, language, localized, t
from ui.own_case import start_here
from ui.slideshow import controls, deck_file_name, fit_chart, measure, open_rooms, slide_css
from ui.state import get_case, get_evaluation, stop_page, worded
from ui.state import simulation as session_simulation
from ui.story import SLIDE_KEYS, recommendation_markdown, show_recommendation, slides
from ui.text import literal
from ui.workshop import show_join

ORDER, PARAM = "present:order", "slide"
# The abbreviations the slides' titles and figures use, explained in the help of the first control naming them
# (the slide order) and of the slide's title, never on the slide a room reads.
TERMS = ("npv", "roi", "irr", "payback")

case = get_case()
if not has_content(case):  # no slide of an empty case: what to enter first, with the sidebar to get there
    st.title(t("nav.present"))
    start_here("analysis")
    stop_page()
result = get_evaluation()
simulation = session_simulation()
story = {s.key: s for s in worded("story", lambda c: slides(c, result, simulation=simulation))}
chosen = [k for k in st.session_state.get(ORDER, list(SLIDE_KEYS)) if k in story] or list(SLIDE_KEYS)
rooms = open_rooms(library.store(), library.case_id())
order = [f"join:{room.kind}" for room in rooms] + chosen


def _index() -> int:
    try:
        return min(max(int(st.query_params.get(PARAM, "1")) - 1, 0), len(order) - 1)
    except ValueError:
        return 0


def _go(step: int) -> None:
    """Move ``step`` slides from the one in the URL (read when the button or key acts, not when drawn)."""
    st.query_params[PARAM] = str(min(max(_index() + step, 0), len(order) - 1) + 1)


def _reorder() -> None:
    st.session_state[ORDER] = st.session_state["present-order"] or list(SLIDE_KEYS)
    st.query_params[PARAM] = "1"


index = _index()
key = order[index]
joining = next((room for room in rooms if f"join:{room.kind}" == key), None)
slide = story.get(key)
title = t("present.join.title") if joining else slide.title
message = t(f"present.join.{joining.kind}") if joining else slide.message

bar = st.container(horizontal=True, vertical_alignment="center", gap="small", key="present-bar")
bar.caption(t("present.position", n=index + 1, count=len(order), name=literal(case.assumptions.name)),
            width="stretch")
bar.button(t("present.previous"), icon=":material/arrow_back:", on_click=_go, args=(-1,), disabled=index == 0,
           key="present-previous", help=t("present.keys.previous"))
bar.button(t("present.next"), icon=":material/arrow_forward:", on_click=_go, args=(1,),
           disabled=index == len(order) - 1, key="present-next", type="primary", help=t("present.keys.next"))
with bar.popover(t("present.slides"), icon=":material/view_carousel:"):
    st.session_state["present-order"] = chosen
    st.multiselect(t("present.order"), list(SLIDE_KEYS), key="present-order", on_change=_reorder,
                   format_func=lambda k: story[k].title,  # titles name the NPV: explained here, not on a slide
                   help=f'{t("present.order.help")}\n\n{glossary(*TERMS)}')
with bar:
    screen = controls(enter=t("present.fullscreen"), exit_=t("present.fullscreen.exit"),
                      on_next=lambda: _go(1), on_previous=lambda: _go(-1))
reader = language()  # the deck is built after the run, in another thread: its language is given
bar.download_button(
    t("deck.download"), icon=":material/download:", key="present-download", on_click="ignore",
    data=lambda snapshot=case, keys=tuple(chosen), mc=simulation, lang=reader: build_deck(
        snapshot, language=lang, order=keys, simulation=mc),
    file_name=deck_file_name(case.assumptions.name),
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    help=t("deck.download.help"))
if bar.button(t("present.exit"), icon=":material/close_fullscreen:", key="present-exit"):
    st.switch_page("pages/summary.py")

headline = not joining and slide.chart is None  # the decision: its recommendation is the slide's body
reasons = [recommendation_markdown(slide.recommendation, reasons=False).strip("*"),
           *(localized(r) for r in slide.recommendation.reasons)] if headline and slide.recommendation else []
layout = measure(screen, title=title, message=message, figures=[] if joining else [v for _, v in slide.figures],
                 figure_share=0.2 if headline else 0.25, body=reasons)
st.html(slide_css(layout))
st.title(title, anchor=False, help=glossary(*TERMS))
st.html(f"<p class='crm-slide-message'>{html.escape(message)}</p>")
if joining:
    show_join(st.container(key="present-join"), joining, large=True)
elif headline:  # the recommendation beside the figures
    left, right = st.columns([3, 2], gap="medium", vertical_alignment="center")
    if slide.recommendation is not None:
        show_recommendation(left, slide.recommendation)
    for row in range(0, len(slide.figures), 2):
        for column, (label, value) in zip(right.columns(2), slide.figures[row:row + 2], strict=False):
            column.metric(label, literal(value), border=True)
else:  # the figures in a column beside the chart, which fills the height below the message
    figures, chart = (st.columns([1, 3], gap="medium", vertical_alignment="center") if slide.figures
                      else (None, st.container()))
    for label, value in slide.figures:
        figures.metric(label, literal(value), border=True)
    spec = worded(f"chart:story.{slide.key}", lambda _case: slide.chart().to_dict(validate=False))
    chart.vega_lite_chart(fit_chart(spec, height=layout.chart, label=layout.label), width="stretch")
