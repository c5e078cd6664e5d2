"""Presentation mode: one slide at a time, full screen, no inputs; next and previous in a chosen order."""

# The slides are ui/story.py (the same as the executive report). The sidebar and toolbar are hidden with CSS;
# the slide number is kept in the URL (?slide=3), so a refresh stays on the same slide.

import html

import streamlit as st

from crm_case import has_content
from crm_case.risk import monte_carlo
from ui.i18n import t
from ui.own_case import start_here
from ui.state import cached, get_case, get_evaluation, show_chart, stop_page, worded
from ui.story import SLIDE_KEYS, show_recommendation, slides
from ui.text import literal

ORDER, PARAM = "present:order", "slide"
STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding-top: 1.5rem; max-width: 1400px;}
[data-testid="stMetricValue"] {font-size: clamp(1.5rem, 3.2vw, 3rem) !important;}
[data-testid="stMetricLabel"] p {font-size: 1.2rem !important;}
.crm-slide-message {font-size: 2rem; line-height: 1.3; font-weight: 600; color: #1F2933; margin: 0.2rem 0 1rem;}
</style>
"""

case = get_case()
if not has_content(case):  # no slide of an empty case: what to enter first, with the sidebar to get there
    st.title(t("nav.present"))
    start_here("analysis")
    stop_page()
result = get_evaluation()
simulation = cached("monte_carlo:adjusted", monte_carlo)
story = {s.key: s for s in worded("story", lambda c: slides(c, result, simulation=simulation))}
order = [k for k in st.session_state.get(ORDER, list(SLIDE_KEYS)) if k in story] or list(SLIDE_KEYS)
try:
    index = min(max(int(st.query_params.get(PARAM, "1")) - 1, 0), len(order) - 1)
except ValueError:
    index = 0


def _go(step: int) -> None:
    st.query_params[PARAM] = str(min(max(index + step, 0), len(order) - 1) + 1)


def _reorder() -> None:
    chosen = st.session_state["present-order"] or list(SLIDE_KEYS)
    st.session_state[ORDER] = chosen
    st.query_params[PARAM] = "1"


st.html(STYLE)
slide = story[order[index]]
top = st.columns([3, 1.4, 1.4, 1.4, 1.1], vertical_alignment="center")
top[0].caption(t("present.position", n=index + 1, count=len(order), name=literal(case.assumptions.name)))
top[1].button(t("present.previous"), icon=":material/arrow_back:", on_click=_go, args=(-1,), disabled=index == 0,
              key="present-previous", width="stretch")
top[2].button(t("present.next"), icon=":material/arrow_forward:", on_click=_go, args=(1,),
              disabled=index == len(order) - 1, key="present-next", width="stretch", type="primary")
with top[3].popover(t("present.slides"), icon=":material/view_carousel:", width="stretch"):
    st.session_state["present-order"] = order
    st.multiselect(t("present.order"), list(SLIDE_KEYS), key="present-order", on_change=_reorder,
                   format_func=lambda key: story[key].title, help=t("present.order.help"))
if top[4].button(t("present.exit"), icon=":material/close_fullscreen:", key="present-exit", width="stretch"):
    st.switch_page("pages/summary.py")

st.title(slide.title)
st.html(f"<p class='crm-slide-message'>{html.escape(slide.message)}</p>")
if slide.recommendation is not None:
    show_recommendation(st, slide.recommendation)
if slide.figures:
    for column, (label, value) in zip(st.columns(len(slide.figures)), slide.figures, strict=True):
        column.metric(label, literal(value), border=True)
if slide.chart is not None:
    show_chart(f"story.{slide.key}", slide.chart)
