"""Presentation mode made for a room: the keyboard and clicker, the browser's full screen, and slides sized to the
window they are shown in.

* :func:`controls` mounts one small component (``st.components.v2``, drawn in the page itself, not an iframe): a
  "Full screen" button that calls the browser's Fullscreen API from the click itself (and says "Exit full screen"
  while in it; Escape leaves too), one keydown listener on the document (next on ArrowRight, PageDown, Space and
  Enter, what a presentation clicker sends; previous on ArrowLeft and PageUp; keys typed into a box or pressed on a
  focused control are left to it), and the window's inner size, reported as the component's state so that the
  page can size the slide to it (:class:`Screen`).
* :func:`measure` lays a slide out for a window: the fonts in pixels, scaled with the window's height, and the
  height left to its chart below the title and the message (:class:`Layout`). The heights are computed, not
  measured in the page, so that a slide is drawn once, at its final size: the title and the message are set in
  pixel sizes chosen here and their lines estimated from their length (:func:`text_lines`, with a margin).
* :func:`fit_chart` takes a chart's Vega-Lite spec to that height and font: every font size of the spec scaled so
  that an axis label is :attr:`Layout.label` pixels (at least 18 at 1920 x 1080), labels given room in
  proportion, at most :data:`MAX_TICKS` labels on a quantitative axis.
* :func:`slide_css` is the page's style for that layout: no sidebar, header or toolbar, and nothing that scrolls.
"""

from __future__ import annotations

import copy
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from crm_case.errors import CrmCaseError
from crm_case.rooms import Room, RoomKind, RoomStore
from crm_case.store import CaseStore

MAX_TICKS = 8
"""The most labels an axis of a slide carries (a room reads about eight at a glance)."""

CHART_FONT = 14
"""The font size (px) the charts of ``ui.charts`` are built with; :func:`fit_chart` scales from it."""


@dataclass(frozen=True)
class Screen:
    """The browser window's inner size in CSS pixels."""

    width: int
    height: int


DEFAULT_SCREEN = Screen(1440, 810)
"""The size assumed before the browser has said its own (the first run of the page): a common laptop's width at
16:9, small enough that the first drawing fits the usual windows; the slide is redrawn at the window's size as
soon as it is known."""


@dataclass(frozen=True)
class Layout:
    """A slide's sizes for one window, in CSS pixels.

    ``title`` and ``message`` are font sizes (line height 1.2 and 1.3); ``label`` the charts' axis and legend
    label size; ``figure`` and ``figure_label`` a large figure's value and label; ``body`` the text size of the
    recommendation; ``top`` where the slide's body (chart, figures) starts, from the top of the window;
    ``chart`` the height of the chart (the space below the message, less the margins)."""

    title: int
    message: int
    label: int
    figure: int
    figure_label: int
    body: int
    top: int
    chart: int


PAD_TOP, PAD_BOTTOM, BAR, GAP, MESSAGE_TOP = 10, 14, 40, 10, 4
"""The page's margins: above the bar of controls, below the slide; the bar's height (Streamlit's button); the
gap between the page's blocks (set by :func:`slide_css`); the message's own margin below the title."""

JOIN_BELOW_QR = 175
"""What the join slide shows below its QR code (``ui.workshop.show_join``: the code in large type, the link's
caption and the link), in pixels with the gaps between: the QR code is as large as the rest of the height allows."""

SIDE = 0.03
"""Each side margin, as a fraction of the window's width."""


def _char_width(char: str) -> float:
    """A character's advance in ems, generous for the app's sans-serif at weight 600: wide East Asian characters
    1, narrow ones 0.56 (Source Sans averages about 0.5 for running text)."""
    return 1.0 if unicodedata.east_asian_width(char) in {"W", "F"} else 0.56


def text_lines(text: str, *, font: int, width: float) -> int:
    """How many lines ``text`` takes at ``font`` px in a box ``width`` px wide: its advance (:func:`_char_width`)
    over the width, plus 10 % for the space a wrapped line leaves at its end; at least one."""
    advance = sum(_char_width(c) for c in text) * font * 1.1
    return max(1, math.ceil(advance / max(width, 1)))


def body_height(texts: Sequence[str], *, font: int, width: float) -> float:
    """The height of the recommendation's callout at ``font`` px in a column ``width`` px wide: its heading (the
    first of ``texts``) and one bullet per other text, each at line height 1.35 with a little space between, inside
    the callout's padding (16 px a side, the bullets indented by 2.5 em)."""
    heading, *bullets = texts or [""]
    lines = text_lines(heading, font=font, width=width - 32 - 1.5 * font) * 1.35 * font
    lines += sum(text_lines(b, font=font, width=width - 32 - 2.5 * font) * 1.35 * font + 0.15 * font
                 for b in bullets)
    return lines + 0.6 * font + 32


def measure(screen: Screen, *, title: str, message: str, figures: Sequence[str] = (),
            figure_share: float = 0.25, body: Sequence[str] = (), body_share: float = 0.6) -> Layout:
    """The layout of a slide titled ``title`` saying ``message`` in ``screen``.

    Fonts grow with the window's height (a room reads a slide by its height): title 4.4 %, message 2.9 %, chart
    labels 1.75 % (19 px at 1080, never under 14), figures 4.4 % (6 % on a slide without a chart: given ``body``),
    but no wider than their card: the longest of ``figures`` must fit in ``figure_share`` of the content's width
    less the card's padding. ``body`` is the recommendation's heading and reasons, shown in ``body_share`` of the
    width on the slide that has no chart: its font is the largest, up to 4 % of the height, at which it fills at
    most nine tenths of the height below the message (:func:`body_height`); 1.9 % elsewhere. The chart's height
    is what is left of the window below the bar, the title and the message, each block's lines estimated by
    :func:`text_lines` over the content's width (the window less its side margins)."""
    height = screen.height
    width = screen.width * (1 - 2 * SIDE)
    figure_label = max(15, round(height * 0.02))
    card = width * figure_share - 2 * figure_label - 2 * GAP  # the card's inner width
    longest = max((sum(_char_width(c) for c in value) for value in figures), default=0.0)
    figure = max(26, round(height * (0.06 if body else 0.044)))
    if longest:
        figure = max(18, min(figure, math.floor(card / (longest * 1.05))))
    title_font, message_font = max(24, round(height * 0.044)), max(18, round(height * 0.029))
    title_height = text_lines(title, font=title_font, width=width) * title_font * 1.2
    message_height = text_lines(message, font=message_font, width=width) * message_font * 1.3
    top = math.ceil(PAD_TOP + BAR + GAP + title_height + GAP + MESSAGE_TOP + message_height + GAP)
    below = height - top - PAD_BOTTOM
    body_font = max(15, round(height * 0.019))
    if body:
        column = width * body_share - GAP
        body_font = next((font for font in range(max(16, round(height * 0.04)), 15, -1)
                          if body_height(body, font=font, width=column) <= 0.9 * below), 16)
    return Layout(title=title_font, message=message_font, label=max(14, round(height * 0.0175)), figure=figure,
                  figure_label=figure_label, body=body_font, top=top, chart=max(160, below))


def _scale_fonts(node: Any, factor: float) -> None:
    """Scale, in place, every font size of a Vega-Lite spec (marks, axes, legends, titles, config) by ``factor``,
    and the room given to labels (``labelLimit``) with it."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in {"fontSize", "labelFontSize", "titleFontSize", "labelLimit"} and isinstance(value, int | float):
                node[key] = round(value * factor)
            else:
                _scale_fonts(value, factor)
    elif isinstance(node, list):
        for item in node:
            _scale_fonts(item, factor)


def _quantitative_axes(node: Any) -> None:
    """Give every quantitative position channel of a spec that draws an axis without labels at given ``values``
    a ``tickCount`` of ``MAX_TICKS - 2`` (a hint: Vega picks round steps of 1, 2 or 5 near it, which may add one or
    two labels, hence the margin) unless it already asks for at most :data:`MAX_TICKS`."""
    if isinstance(node, dict):
        for channel in ("x", "y", "x2", "y2"):
            encoding = node.get(channel)
            if not isinstance(encoding, dict) or encoding.get("type") != "quantitative":
                continue
            if "axis" in encoding and encoding["axis"] is None:  # no axis drawn
                continue
            axis = encoding.setdefault("axis", {})
            asked = axis.get("tickCount")
            # labels at given values: their count is the data's
            if "values" not in axis and (not isinstance(asked, int | float) or asked > MAX_TICKS):
                axis["tickCount"] = MAX_TICKS - 2
        for value in node.values():
            _quantitative_axes(value)
    elif isinstance(node, list):
        for item in node:
            _quantitative_axes(item)


def fit_chart(spec: dict[str, Any], *, height: int, label: int) -> dict[str, Any]:
    """A copy of the Vega-Lite ``spec`` drawn ``height`` px tall in all (Streamlit's theme sizes a chart with
    ``autosize: fit``, axes and legend included) with axis and legend labels of ``label`` px: every font size
    scaled by ``label / CHART_FONT``, the axes' and legends' own sizes set to ``label`` where the spec leaves them
    to the theme, each quantitative axis at most :data:`MAX_TICKS` labels, drawn as SVG."""
    fitted = copy.deepcopy(spec)
    _scale_fonts(fitted, label / CHART_FONT)
    _quantitative_axes(fitted)
    config = fitted.setdefault("config", {})
    for part in ("axis", "legend"):
        settings = config.setdefault(part, {})
        settings.setdefault("labelFontSize", label)
        settings.setdefault("titleFontSize", label)
    config["legend"].setdefault("symbolSize", round(label * label * 0.8))
    for layer in fitted.get("layer", ()):
        layer.pop("height", None)
    fitted["height"] = height
    # drawn as SVG: sharp at any projector's scale, and its text (labels, axes) readable by assistive technology
    fitted.setdefault("usermeta", {}).setdefault("embedOptions", {})["renderer"] = "svg"
    return fitted


def slide_css(layout: Layout) -> str:
    """The page's style for ``layout``: no sidebar, header or toolbar; the content spanning the window less
    :data:`SIDE` a side; the title, the message, the figures and the recommendation at the layout's sizes; the
    page's blocks :data:`GAP` apart; the join slide's QR code as large as fits; and no scrolling (the slide is
    sized to fit, and a scroll bar would steal its width)."""
    side = f"{SIDE * 100:.1f}vw"
    return f"""<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] {{display: none !important;}}
[data-testid="stMainBlockContainer"] {{padding: {PAD_TOP}px {side} 0 {side} !important; max-width: none;}}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{gap: {GAP}px;}}
[data-testid="stMain"] {{overflow: hidden;}}
.st-key-present-bar {{min-height: {BAR}px; flex-wrap: nowrap;}}
.st-key-present-bar [data-testid="stCaptionContainer"] {{white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis;}}
[data-testid="stHeading"] h1 {{font-size: {layout.title}px; line-height: 1.2; padding: 0; margin: 0;}}
.crm-slide-message {{font-size: {layout.message}px; line-height: 1.3; font-weight: 600; color: #1F2933;
  margin: {MESSAGE_TOP}px 0 0;}}
[data-testid="stMetric"] {{padding: {layout.figure_label // 2}px {layout.figure_label}px;}}
[data-testid="stMetricValue"] {{font-size: {layout.figure}px !important; line-height: 1.25;}}
[data-testid="stMetricValue"] > div {{overflow: visible; text-overflow: clip; white-space: nowrap;}}
[data-testid="stMetricLabel"] p {{font-size: {layout.figure_label}px !important;}}
[data-testid="stAlert"] p, [data-testid="stAlert"] li {{font-size: {layout.body}px; line-height: 1.35;}}
[data-testid="stAlert"] li {{margin-bottom: 0.15em;}}
.st-key-present-join [role="img"] {{width: min({max(120, layout.chart - JOIN_BELOW_QR)}px, 100%) !important;}}
</style>"""


_JS = """
export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  const button = parentElement.querySelector("button");
  const label = parentElement.querySelector(".label");
  const icon = parentElement.querySelector(".icon");
  const full = () => document.fullscreenElement != null;
  const show = () => {
    label.textContent = full() ? data.exit : data.enter;
    icon.textContent = full() ? "fullscreen_exit" : "fullscreen";
    button.setAttribute("aria-pressed", full() ? "true" : "false");
  };
  // One listener for the whole page, whatever the reruns: a listener left by an earlier mount is removed first.
  if (window.__crmSlides) window.__crmSlides.abort();
  const listening = new AbortController();
  window.__crmSlides = listening;
  const options = { signal: listening.signal };
  const NEXT = new Set(["ArrowRight", "PageDown", " ", "Spacebar", "Enter"]);
  const PREVIOUS = new Set(["ArrowLeft", "PageUp"]);
  const OWN_KEYS = "input, textarea, select, button, a[href], summary, [contenteditable=''], " +
    "[contenteditable='true'], [role='button'], [role='option'], [role='listbox'], [role='combobox'], " +
    "[role='slider'], [role='tab'], [role='menuitem'], [role='dialog'] *";
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
    const next = NEXT.has(event.key), previous = PREVIOUS.has(event.key);
    if (!next && !previous) return;
    const target = event.composedPath()[0];
    // a key typed into a box, or Space and Enter on a focused control, belong to it
    if (target instanceof Element && target.closest(OWN_KEYS)) return;
    event.preventDefault();
    setTriggerValue(next ? "next" : "previous", Date.now());
  }, options);
  document.addEventListener("fullscreenchange", show, options);
  button.addEventListener("click", () => {
    const done = full() ? document.exitFullscreen() : document.documentElement.requestFullscreen();
    Promise.resolve(done).catch(() => {}).finally(() => button.blur());
  }, options);
  let timer = null;
  const report = () => {
    const size = { width: window.innerWidth, height: window.innerHeight };
    if (size.width !== data.width || size.height !== data.height) setStateValue("size", size);
  };
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(report, 150); }, options);
  show();
  report();
  return () => {
    clearTimeout(timer);
    listening.abort();
    if (window.__crmSlides === listening) window.__crmSlides = null;
  };
}
"""

_CSS = """
button {
  display: inline-flex; align-items: center; gap: 0.5rem; white-space: nowrap; cursor: pointer;
  min-height: 2.5rem; padding: 0.25rem 0.75rem; margin: 0; font: inherit; font-family: var(--st-font);
  font-size: 0.875rem; color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color, rgba(49, 51, 63, 0.2)); border-radius: var(--st-button-radius, 0.5rem);
}
button:hover, button:focus-visible { border-color: var(--st-primary-color); color: var(--st-primary-color); }
.icon { font-family: "Material Symbols Rounded"; font-size: 1.25rem; line-height: 1; font-weight: normal; }
"""

_HTML = '<button type="button" aria-pressed="false"><span class="icon" aria-hidden="true"></span>' \
        '<span class="label"></span></button>'

_COMPONENT = st.components.v2.component("crm_case.slideshow", html=_HTML, css=_CSS, js=_JS)


def controls(*, enter: str, exit_: str, on_next: Callable[[], None], on_previous: Callable[[], None],
             key: str = "present-controls") -> Screen:
    """Mount the presentation's component (its full-screen button, labelled ``enter`` / ``exit_``, where it is
    called) and return the window's size (:data:`DEFAULT_SCREEN` until the browser has reported it).
    ``on_next`` / ``on_previous`` run, as callbacks before the page's run, when a key asks for the next or
    previous slide."""
    known = st.session_state.get(key)
    size = (known or {}).get("size") if isinstance(known, dict) else getattr(known, "size", None)
    screen = _screen(size)
    _COMPONENT(key=key, data={"enter": enter, "exit": exit_, "width": screen.width, "height": screen.height},
               on_next_change=on_next, on_previous_change=on_previous, on_size_change=lambda: None,
               width="content")
    return screen


def _screen(size: Any) -> Screen:
    """The reported ``{"width", "height"}`` as a :class:`Screen`; :data:`DEFAULT_SCREEN` when there is none or it
    is not a sensible window (under 200 px or over 10,000)."""
    try:
        width, height = int(size["width"]), int(size["height"])
    except (TypeError, KeyError, ValueError):
        return DEFAULT_SCREEN
    if not (200 <= width <= 10_000 and 200 <= height <= 10_000):
        return DEFAULT_SCREEN
    return Screen(width, height)


def open_rooms(store: CaseStore | None, case_id: str | None) -> list[Room]:
    """The case's open live-voting rooms (scoring first, then readiness), each of which gets a "Join the vote"
    slide; none when the case is not in a library (saving off, not saved yet) or the library cannot be read (the
    presentation goes on without the join slide rather than fail)."""
    if store is None or case_id is None:
        return []
    try:
        rooms = RoomStore(store)
        found = [rooms.current(case_id, kind) for kind in RoomKind]
        return [room for room in found if room is not None and rooms.is_open(room)]
    except CrmCaseError:
        return []


def deck_file_name(case_name: str) -> str:
    """The deck's file name: the case's name in lower case, every character but letters and digits a dash, at
    most 60 characters (as the executive report's PDF is named), then ``-slides.pptx``."""
    stem = "".join(ch if ch.isalnum() else "-" for ch in case_name.lower()).strip("-")[:60] or "crm-case"
    return f"{stem}-slides.pptx"
