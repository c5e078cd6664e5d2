"""A user's own case in a real browser: a budget in CHF applied to the sample case gives the figures of the budget
alone (the sample's drivers, dip, delay inputs, votes and readiness are cleared by default), and a blank case
started from the sidebar says what to enter first. Screenshots at 1440 and 1024 px go to artifacts/screenshots/."""

import io
import json

import openpyxl
import pytest
from playwright.sync_api import expect

from crm_case import blank_case
from crm_case.cli import main
from tests.browser.conftest import screenshot
from tests.browser.test_browser import _upload, idle, nav, wait_for_metric
from ui.format import money, unbroken

pytestmark = pytest.mark.browser


def chf_budget(path) -> None:
    """A 4-year budget in CHF from the template: licences and a partner as costs, two benefit lines."""
    from crm_case.excel.template import budget_template

    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(blank_case(name="Zürich AG", currency="CHF",
                                                                            years=4, rate=0.08), years=4)))
    workbook["Costs"].append(["IT", "CRM licences (40 users)", 0, 45_600, 45_600, 45_600, 45_600, 0])
    workbook["Costs"].append(["People", "Implementation partner", 180_000, 20_000, None, None, None, 0.15])
    workbook["Benefits"].append(["Sales", "More deals won", 0, 40_000, 80_000, 90_000, 90_000, 0.2])
    workbook.save(path)


def cli_npv(path) -> float:
    out, err = io.StringIO(), io.StringIO()
    assert main(["evaluate", str(path), "--json"], stdout=out, stderr=err) == 0, err.getvalue()
    return json.loads(out.getvalue())["npv"]  # risk-adjusted, as the summary shows it


@pytest.mark.deep_link
def test_a_chf_budget_applied_to_the_sample_gives_the_budget_s_own_figures(page, server_url, tmp_path):
    budget = tmp_path / "budget-chf.xlsx"
    chf_budget(budget)
    expected = money(cli_npv(budget), "CHF")
    page.goto(f"{server_url}/excel")
    expect(page.locator("h1", has_text="Excel in and out")).to_be_visible()
    _upload(page, budget)
    preview = page.get_by_text("Not in the workbook")
    preview.wait_for()
    expect(page.get_by_text("The workbook is in CHF, this case in EUR")).to_be_visible()
    for part in ("benefit drivers", "go-live dip", "cost-of-delay inputs", "readiness scores"):
        box = page.get_by_label(f"Keep the {part}", exact=False)
        expect(box).not_to_be_checked()  # still the sample's: cleared unless kept
    wait_for_metric(page, expected)  # the preview's NPV after: the budget alone, no difference across currencies
    screenshot(page, "import-preview-chf-1440")
    page.set_viewport_size({"width": 1024, "height": 768})
    screenshot(page, "import-preview-chf-1024")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.get_by_role("button", name="Apply to the case").click()
    page.get_by_text("budget-chf.xlsx is applied").wait_for()
    idle(page)
    nav(page, "Executive summary", "Executive summary")
    wait_for_metric(page, unbroken(expected))  # a summary card's figure is one unbreakable word (CHF\u00a0…)
    assert not page.get_by_text("customer retention").count()  # none of the sample's drivers is left


def test_a_blank_case_from_the_sidebar_says_what_to_enter_first(page, server_url):
    page.get_by_role("button", name="New case").click()
    page.get_by_label("Case name").fill("Zürich AG CRM")
    page.get_by_role("button", name="Start a blank case").click()
    page.get_by_text("This case is empty").wait_for()
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("Zürich AG CRM")).to_be_visible()
    for width in (1440, 1024):
        page.set_viewport_size({"width": width, "height": 900})
        idle(page)
        screenshot(page, f"blank-summary-{width}")
