"""Presentation mode in Chromium, as a room sees it: at 1920 x 1080 and at a projector's 1280 x 720 every slide fits
the window without scrolling, its chart's axis and legend labels are large (at least 18 px at 1080) and few (at
most eight an axis); the keys a presenter's clicker sends move through the slides; the full-screen button enters
the browser's real full screen. Screenshots of every slide at both sizes go to artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import SCREENSHOTS, settled

TITLES = ["The decision", "Cumulative net cash flow", "Benefits by area", "Costs by category",
          "Start now vs start in 6 months", "Sensitivity: what moves the NPV most", "Advantages vs disadvantages"]

# Every axis and legend of the slide's chart (Vega's SVG: a group per axis and legend, their labels as <text>),
# each with the labels it shows (Vega hides a label it drops for overlap with opacity 0) and their font sizes.
LABELS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg')].flatMap(svg =>
    [...svg.querySelectorAll('g.role-axis[role="graphics-symbol"], g.role-legend')].map(group => {
        const texts = [...group.querySelectorAll('g.role-axis-label text, g.role-legend-label text')]
            .filter(text => text.textContent.trim() && getComputedStyle(text).opacity !== '0'
                    && text.getAttribute('opacity') !== '0');
        return {kind: group.classList.contains('role-axis') ? 'axis' : 'legend',
                name: group.getAttribute('aria-label') || '',
                count: texts.length,
                sizes: texts.map(text => parseFloat(getComputedStyle(text).fontSize))};
    }))"""

# The page's scroll height: Streamlit scrolls inside its main section, not the document, so both count.
SCROLL = """() => Math.max(document.documentElement.scrollHeight,
    document.querySelector('[data-testid="stMain"]').scrollHeight)"""


AXES_DRAWN = """() => document.querySelectorAll(
    '[data-testid="stVegaLiteChart"] svg g.role-axis[role="graphics-symbol"]').length >= 2"""


def shown(page, n: int) -> None:
    """Wait until slide ``n`` is shown, drawn for the window and settled."""
    expect(page.locator("h1", has_text=TITLES[n - 1])).to_be_visible(timeout=60_000)
    # the first run draws at a default window size; the component reports the window's and the slide is redrawn
    # for it: the title's size says which (4.4 % of the window's height, ui.slideshow.measure)
    page.wait_for_function("""(size) => getComputedStyle(document.querySelector('h1')).fontSize === size + 'px'""",
                           arg=max(24, round(page.viewport_size["height"] * 0.044)), timeout=30_000)
    if n > 1:  # the chart drawn as SVG, its axes included
        page.wait_for_function(AXES_DRAWN)
    settled(page, charts=True)


def open_slide(page, url: str, n: int) -> None:
    page.goto(f"{url}/presentation?slide={n}")
    shown(page, n)


@pytest.mark.parametrize("width, height", [(1920, 1080), (1280, 720)])
def test_every_slide_fits_the_window_with_large_few_labels(browser, warm_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        open_slide(page, warm_server, 1)
        for n, title in enumerate(TITLES, start=1):
            if n > 1:  # the next slide as a clicker asks for it, in the same session
                page.keyboard.press("PageDown")
                page.wait_for_url(re.compile(rf"[?&]slide={n}(&|$)"))
                shown(page, n)
            page.screenshot(path=str(SCREENSHOTS / f"present-{width}x{height}-{n}.png"))
            assert page.evaluate(SCROLL) <= height + 1, f"slide {n} ({title}) scrolls at {width} x {height}"
            groups = page.evaluate(LABELS)
            if n > 1:  # every slide but the decision has a chart with two axes at least
                assert sum(group["kind"] == "axis" for group in groups) >= 2, title
                chart = page.locator('[data-testid="stVegaLiteChart"]').bounding_box()
                # the chart fills the window below the message: it ends near the window's bottom
                assert chart["y"] + chart["height"] >= height - 60, title
            for group in groups:
                if group["kind"] == "axis":
                    assert group["count"] <= 8, f"{title}: {group['name']} shows {group['count']} labels"
                if width == 1920:
                    assert min(group["sizes"], default=18) >= 18, f"{title}: {group['name']} {group['sizes']}"
    finally:
        context.close()


def test_the_clicker_keys_move_through_the_slides(browser, warm_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_slide(page, warm_server, 1)
        # next: ArrowRight, PageDown, Space, Enter (what a presenter's clicker sends); previous: ArrowLeft, PageUp
        for key, n in (("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("Enter", 5), ("ArrowLeft", 4),
                       ("PageUp", 3)):
            page.keyboard.press(key)
            page.wait_for_url(re.compile(rf"[?&]slide={n}(&|$)"))
            expect(page.locator("h1", has_text=TITLES[n - 1])).to_be_visible()
            settled(page)
        # a key typed into a box is the box's: the slide order's list, opened from the "Slides" menu
        page.get_by_role("button", name=re.compile("Slides")).click()
        box = page.get_by_role("combobox")
        box.focus()
        box.press("ArrowRight")
        assert re.search(r"[?&]slide=3(&|$)", page.url)
    finally:
        context.close()


def test_the_button_enters_and_leaves_the_browsers_full_screen(browser, warm_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_slide(page, warm_server, 2)
        page.get_by_role("button", name="Full screen").click()
        page.wait_for_function("() => document.fullscreenElement === document.documentElement")
        leave = page.get_by_role("button", name="Exit full screen")
        expect(leave).to_be_visible()
        leave.click()
        page.wait_for_function("() => document.fullscreenElement === null")
        expect(page.get_by_role("button", name="Full screen")).to_be_visible()
        # keys still move after the button was used (its focus is given back, so Space is not the button's)
        page.keyboard.press("Space")
        page.wait_for_url(re.compile(r"[?&]slide=3(&|$)"))
    finally:
        context.close()
