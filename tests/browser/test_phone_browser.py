"""The phone (issue 22, point 7), at 390 x 844 px: the summary leads with the verdict and the four headline
figures (above the fold); the page menu closes once a page is chosen; nothing on the summary or the risk page is
wider than the screen (a chart's legend or a table cut at the right edge). Screenshots of both pages at 390, 1024
and 1440 px go to artifacts/screenshots/phone-*.png to be looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, settled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = {"summary": "", "risk": "/risk-analysis"}

WIDER_THAN_THE_SCREEN = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter(e => e.getClientRects().length && !e.closest('[data-testid="stDataFrame"], [data-testid="stPopover"]'))
    .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
    .map(e => `${e.dataset.testid || e.tagName.toLowerCase()} ${Math.round(e.getBoundingClientRect().left)}`
              + `..${Math.round(e.getBoundingClientRect().right)}`)"""
"""Every element of the page that reaches beyond the screen's left or right edge (the page scrolls inside its main
container, so an element wider than the screen is cut, not scrolled to). Tables are checked on their own."""

TABLES_CUT = """() => [
    ...[...document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrameResizable"]')]
        .filter(t => !t.closest('[class*="st-key-editor-"]'))  // an editor scrolls, its name column pinned
        .filter(t => t.getClientRects().length)
        .filter(t => { const s = t.querySelector('.dvn-scroller'); return s && s.scrollWidth > s.clientWidth + 1; })
        .map(t => `${Math.round(t.querySelector('.dvn-scroller').scrollWidth)} px of columns in `
                  + `${Math.round(t.getBoundingClientRect().width)} px`),
    ...[...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]')]
        .filter(t => t.getClientRects().length && t.scrollWidth > t.clientWidth + 1)
        .map(t => `a table of ${Math.round(t.scrollWidth)} px in ${Math.round(t.clientWidth)} px`)]"""
"""Each table of figures whose columns do not fit its width (a phone user sees its right-hand columns cut). The
editors (keys ``editor:...``) are grids a user scrolls sideways to edit, their name column pinned; the figures a
phone user reads must fit."""


def opened(browser, server_url: str, path: str, viewport: dict):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(server_url + path)
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stMetric"]', timeout=60_000)
    settled(page, charts=True)
    return context, page


def test_the_summary_leads_with_the_verdict_and_the_four_headline_figures(browser, warm_server):
    context, page = opened(browser, warm_server, "", PHONE)
    try:
        verdict = page.locator(".st-key-summary-verdict [data-testid='stAlert']")
        cards = page.locator(".st-key-summary-headline [data-testid='stMetric']")
        expect(cards).to_have_count(4)
        fold = PHONE["height"]
        assert verdict.bounding_box()["y"] + verdict.bounding_box()["height"] <= fold, "the verdict is below the fold"
        for n in range(4):
            box = cards.nth(n).bounding_box()
            assert box["y"] + box["height"] <= fold, f"headline figure {n + 1} is below the fold"
        recommendation = page.locator(".st-key-summary-recommendation").bounding_box()
        assert recommendation["y"] > verdict.bounding_box()["y"], "on a phone the reasons come after the figures"
    finally:
        context.close()


def test_the_desktop_summary_keeps_its_reading_order(browser, warm_server):
    context, page = opened(browser, warm_server, "", {"width": 1440, "height": 900})
    try:
        top = {key: page.locator(f".st-key-summary-{key}").bounding_box()["y"]
               for key in ("recommendation", "headline", "more", "verdict")}
        assert top["recommendation"] < top["headline"] < top["more"] < top["verdict"]
    finally:
        context.close()


def test_the_page_menu_closes_after_a_choice(browser, warm_server):
    """In a narrow window (a desktop browser's user agent: Streamlit itself closes the menu for phones only)."""
    context, page = opened(browser, warm_server, "", PHONE)
    try:
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        page.locator('[data-testid="stSidebarNav"] a', has_text="Risk").click()
        expect(page.get_by_role("heading", name="Risk", exact=False).first).to_be_visible()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
    finally:
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_nothing_is_wider_than_a_phone(browser, warm_server, name):
    context, page = opened(browser, warm_server, PAGES[name], PHONE)
    try:
        assert page.evaluate(WIDER_THAN_THE_SCREEN) == []
        for width, height in ((390, 844), (1024, 768), (1440, 900)):
            page.set_viewport_size({"width": width, "height": height})
            settled(page, charts=True)
            screenshot(page, f"phone-{name}-{width}")
    finally:
        context.close()


def test_no_table_is_cut_on_a_phone(browser, warm_server):
    context, page = opened(browser, warm_server, PAGES["risk"], PHONE)
    try:
        expect(page.locator('[data-testid="stMain"] [data-testid="stTable"]').first).to_be_visible()
        # the risk ranges' editor, keyed as an editor (TABLES_CUT leaves it out): the tables are measured once its
        # grid is drawn, which can be after the page's run has ended (seen once in CI: no grid yet on a settled
        # page; probably the grid's code loading, which the scenarios' input values, the page's first grid until
        # they were drawn only while open, used to start earlier)
        expect(page.locator('[class*="st-key-editor-"] [data-testid="stDataFrameResizable"]').first).to_be_visible()
        assert page.evaluate(TABLES_CUT) == []
        assert page.locator('[data-testid="stMain"] [data-testid="stTable"]').count() >= 1  # the scenarios' figures
    finally:
        context.close()
