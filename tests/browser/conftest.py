"""Fixtures: a real app server on a free loopback port, and a headless Debian Chromium (Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.harness import ROOT, app_server, launch_chromium

# A condition waited for, not a retry: the first run of a page on a server that has just (re)started imports the
# pages and computes the case's figures, Monte Carlo run included (the sidebar's recommendation), which takes more
# than Playwright's default 5 s on a loaded 2-core machine. Every wait still ends as soon as its condition holds.
expect.set_options(timeout=15_000)

SCREENSHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def server_url():
    try:
        with app_server() as url:
            yield url
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = launch_chromium(playwright)
        except RuntimeError as error:
            pytest.fail(str(error))
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def warm_server(browser, server_url) -> str:
    """The server's URL once the app's root has run on it: Streamlit knows the app's pages only after a run of
    st.navigation, so the first deep link on a freshly started server shows "Page not found"
    (streamlit/streamlit#9992). Done once per server, not by every test that opens a page by its link."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.new_page().goto(server_url)
    context.pages[0].wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    context.close()
    return server_url


@pytest.fixture
def page(request, browser, server_url):
    """A new browser (its own session) showing the app's root; for a test marked ``deep_link``, which opens its
    page by its link as a shared link would, a blank page on a warmed server (:func:`warm_server`)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    if request.node.get_closest_marker("deep_link"):
        request.getfixturevalue("warm_server")
    else:
        page.goto(server_url)
        page.wait_for_selector('[data-testid="stMetric"]')
    yield page
    context.close()


def settled(page, *, charts: bool = False) -> None:
    """Wait until the app's run has ended and the page shows its result: no run going on (Streamlit's
    ``data-test-script-state``) and no element left over from the previous run (``data-stale``); with ``charts``,
    every visible chart drawn too (Vega's ``marks`` canvas or SVG)."""
    page.wait_for_function("""(charts) => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app || app.dataset.testScriptState !== 'notRunning' || document.querySelector('[data-stale="true"]'))
            return false;
        return !charts || [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
            .filter(chart => chart.getClientRects().length)
            .every(chart => chart.querySelector('canvas.marks, svg.marks'));
    }""", arg=charts, timeout=30_000)


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to artifacts/screenshots/NAME.png (ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    # Streamlit scrolls inside its main container, so grow the viewport to the content's height.
    height = page.evaluate("""() => document.querySelector('[data-testid="stMain"]').scrollHeight""")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, 6000))})
    settled(page, charts=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path
