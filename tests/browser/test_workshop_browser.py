"""The workshop in a real browser: the votes table keeps every cell typed fast into a new row; a live vote with
five phones (390 px wide) reaches the facilitator's view by itself, and closing it puts the five votes into the
case. One app server with a library of its own for the module."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from crm_case import CaseStore, sample_case
from tests.browser.conftest import settled
from tests.browser.harness import app_server

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots/live")


@pytest.fixture(scope="module")
def library(tmp_path_factory, browser):
    """The app server's URL (it has run the app once: its pages are known, see conftest.warm_server) and a store
    on its library, a folder of its own: one server for the module."""
    folder = tmp_path_factory.mktemp("workshop-library")
    with app_server(env={"CRM_CASE_DATA_DIR": str(folder), "CRM_CASE_WORKSHOP_SECONDS": "1"}) as url:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.new_page().goto(url)
        context.pages[0].wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        context.close()
        yield url, CaseStore(f"sqlite:///{folder / 'cases.db'}")


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    yield context
    context.close()


def case_id_of(page) -> str:
    """The library id the page's address carries (the case was saved)."""
    page.wait_for_url("**case=*")
    return page.url.split("case=", 1)[1].split("&", 1)[0]


def until(condition, timeout: float = 20.0):
    """``condition()``'s first true value, asked until ``timeout`` seconds have passed (for the library, which
    a test reads beside the app: no page element to wait on)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)


def test_fast_typing_into_a_new_votes_row_keeps_every_cell(library, context):
    url, store = library
    page = context.new_page()
    page.goto(f"{url}/advantages")
    expect(page.locator("h1", has_text="Advantages")).to_be_visible()
    settled(page, charts=True)
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)  # the criteria's editor, then the votes'
    grid.scroll_into_view_if_needed()
    settled(page)
    box = grid.bounding_box()
    people = len(sample_case().scoring.participants)
    # The canvas grid: a 35 px header, 35 px rows, then the "add row" row; a row-marker column on the left.
    page.mouse.click(box["x"] + 90, box["y"] + 35 + 35 * people + 17)
    page.keyboard.type("Zed", delay=0)
    for score in ("7", "3", "8.5", "2"):
        page.keyboard.press("Tab")
        page.keyboard.type(score, delay=0)
    page.keyboard.press("Enter")
    page.screenshot(path=str(SHOTS / "typing.png"))
    case_id = case_id_of(page)
    criteria = [c.name for c in sample_case().scoring.criteria]
    expected = dict(zip(criteria, (7.0, 3.0, 8.5, 2.0), strict=True))

    def zed():
        participants = store.load(case_id).case.scoring.participants
        found = [p for p in participants if p.name == "Zed"]
        return (participants, found) if found and found[0].scores == expected else None

    held = until(zed)
    assert held, store.load(case_id).case.scoring.participants
    settled(page)
    participants = store.load(case_id).case.scoring.participants
    assert [p.name for p in participants].count("Zed") == 1
    assert len(participants) == people + 1
