"""Nothing typed is lost, in a real browser: refresh, server restart, the link in another browser; the case
library, the executive report and presentation mode as a person uses them (screenshots of each)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from crm_case import CaseStore, evaluate, sample_case, with_value
from tests.browser.conftest import screenshot
from tests.browser.harness import app_server, free_port, live_input
from tests.browser.test_browser import idle
from ui.format import money

pytestmark = pytest.mark.browser


def set_reps(page, value: int) -> None:
    """Type a number of sales reps on the Benefits page and wait until the case has been saved (the URL then
    carries the case id and the sidebar says which version)."""
    reps = live_input(page, "Sales reps")
    reps.fill(str(value))
    reps.press("Enter")
    expected = money(evaluate(with_value(sample_case(), "drivers.sales_productivity.reps", float(value))).adjusted.npv,
                     "EUR", compact=True)
    page.locator('[data-testid="stSidebar"] [data-testid="stMetricValue"]', has_text=expected).wait_for()
    page.wait_for_url(re.compile(r"[?&]case=[0-9a-f]{32}"))
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(r"Saved · version \d+"))).to_be_visible()


def open_benefits(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMetric"]')
    idle(page)


def test_refresh_and_page_switches_keep_the_edit(page, server_url):
    open_benefits(page, f"{server_url}/benefits")
    set_reps(page, 57)
    link = page.url
    page.reload()
    page.wait_for_selector('[data-testid="stMetric"]')
    expect(live_input(page, "Sales reps")).to_have_value("57")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Executive summary").click()
    expect(page.locator("h1", has_text="Executive summary")).to_be_visible()
    page.wait_for_url(re.compile(r"[?&]case=[0-9a-f]{32}"))
    assert link.split("case=")[1] == page.url.split("case=")[1]


def test_the_link_opens_the_case_in_another_browser(page, browser, server_url):
    open_benefits(page, f"{server_url}/benefits")
    set_reps(page, 61)
    other = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        elsewhere = other.new_page()
        open_benefits(elsewhere, page.url)
        expect(live_input(elsewhere, "Sales reps")).to_have_value("61")
    finally:
        other.close()


def test_a_server_restart_loses_nothing(browser, tmp_path):
    port, env = free_port(), {"CRM_CASE_DATA_DIR": str(tmp_path)}
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        with app_server(port=port, env=env) as url:
            open_benefits(page, url)
            page.locator('[data-testid="stSidebarNav"] a', has_text="Benefits").click()
            set_reps(page, 63)
            link = f"{url}/?case={page.url.split('case=')[1]}"  # the library page's share link
        with app_server(port=port, env=env):
            open_benefits(page, link)
            page.locator('[data-testid="stSidebarNav"] a', has_text="Benefits").click()
            expect(live_input(page, "Sales reps")).to_have_value("63")
    finally:
        context.close()


def test_a_change_in_another_browser_shows_up_without_a_click(browser, tmp_path):
    """Two people on one case: when one saves, the other's sidebar says so on its own (it looks every
    ``CRM_CASE_WATCH_SECONDS``), and one click loads their version; nothing changes behind anyone's back."""
    env = {"CRM_CASE_DATA_DIR": str(tmp_path), "CRM_CASE_WATCH_SECONDS": "1"}
    contexts = [browser.new_context(viewport={"width": 1440, "height": 900}) for _ in range(2)]
    try:
        with app_server(env=env) as url:
            mine, theirs = (context.new_page() for context in contexts)
            for page in (mine, theirs):
                page.set_default_timeout(30_000)
            open_benefits(mine, url)  # the root: a fresh server's first deep link shows "Page not found" once
            mine.locator('[data-testid="stSidebarNav"] a', has_text="Benefits").click()
            set_reps(mine, 67)
            open_benefits(theirs, mine.url)
            set_reps(theirs, 71)
            sidebar = mine.locator('[data-testid="stSidebar"]')
            # version numbers are not pinned: a slow machine may save a commit of the same field twice
            expect(sidebar.get_by_text(re.compile(r"Version \d+ was saved elsewhere"))).to_be_visible(timeout=15_000)
            expect(live_input(mine, "Sales reps")).to_have_value("67")
            screenshot(mine, "saved-elsewhere")
            sidebar.get_by_role("button", name=re.compile(r"Load version \d+")).click()
            expect(live_input(mine, "Sales reps")).to_have_value("71")
            expect(sidebar.get_by_text(re.compile(r"Saved · version \d+"))).to_be_visible()
            expect(sidebar.get_by_text(re.compile("changed elsewhere|saved elsewhere"))).to_have_count(0)
            library = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
            case_id = mine.url.split("case=")[1].split("&")[0]
            try:
                history = [(v.version, v.action, v.changes) for v in library.history(case_id)]
                assert library.load(case_id).case.drivers.sales_productivity.reps == 71, history
            finally:
                library.dispose()
    finally:
        for context in contexts:
            context.close()


def test_library_page_and_a_bad_json_file(page, server_url, tmp_path):
    open_benefits(page, f"{server_url}/benefits")
    set_reps(page, 65)
    page.locator('[data-testid="stSidebarNav"] a', has_text="Case library").click()
    expect(page.locator("h1", has_text="Case library")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\?case=[0-9a-f]{32}"))).to_be_visible()
    screenshot(page, "case-library")
    page.get_by_role("tab", name="History of this case").click()
    screenshot(page, "case-library-history")
    page.get_by_role("tab", name="Save or open a file").click()
    bad = tmp_path / "broken.json"
    bad.write_text('{"assumptions": {"discount_rate": 7}}')
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(bad))
    expect(page.get_by_text("broken.json is not a crm-case case; nothing was opened")).to_be_visible()
    expect(page.get_by_text(re.compile("assumptions.discount_rate must be above -100 %"))).to_be_visible()
    screenshot(page, "case-library-bad-json")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Benefits").click()
    expect(live_input(page, "Sales reps")).to_have_value("65")


def test_report_pdf_downloads(page, server_url):
    page.goto(f"{server_url}/executive-report")
    expect(page.locator("h1", has_text="Executive report")).to_be_visible()
    idle(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name=re.compile("Download the PDF report")).click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename.endswith("-report.pdf")
    screenshot(page, "executive-report")


def test_presentation_mode(page, server_url):
    page.goto(f"{server_url}/presentation")
    expect(page.locator("h1", has_text="The decision")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()
    screenshot(page, "present-1")
    page.get_by_role("button", name=re.compile("Next")).click()
    expect(page.locator("h1", has_text="Cumulative net cash flow")).to_be_visible()
    page.wait_for_url(re.compile(r"slide=2"))
    idle(page)
    screenshot(page, "present-2")
    page.reload()
    expect(page.locator("h1", has_text="Cumulative net cash flow")).to_be_visible()
