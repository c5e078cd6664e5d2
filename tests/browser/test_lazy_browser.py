"""What is drawn only while open (issue 21.5: the sidebar's "New case" popover, the Projections page's monthly table,
the scenarios' input values) in a real browser: opening each shows its content, and opening them changes nothing of
the case. Once, when the app sent a widget's value only when it had changed, the run the popover's opening started
came back with the Projections page's name, currency and horizon at their widgets' defaults (an empty name, a
1-year horizon: NPV -€653.5k): ui.state.bind now sends every value on every run but the run of a widget's own edit.
Screenshots at 1440 and 1024 px go to artifacts/screenshots/."""

import pytest
from playwright.sync_api import expect

from crm_case import evaluate, sample_case
from tests.browser.conftest import screenshot, settled
from tests.browser.test_browser import nav
from ui.format import money

pytestmark = pytest.mark.browser


def sidebar_figures(page) -> list[str]:
    return page.locator('[data-testid="stSidebar"] [data-testid="stMetricValue"]').all_inner_texts()[:3]


@pytest.mark.parametrize("width", [1440, 1024])
def test_opening_what_is_drawn_only_while_open_shows_it_and_changes_nothing(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    npv = money(evaluate(sample_case()).adjusted.npv, "EUR", compact=True)
    settled(page)
    before = sidebar_figures(page)
    assert before[0] == npv
    nav(page, "Projections", "Projections")
    settled(page)
    monthly = page.locator('[data-testid="stExpander"]', has_text="Monthly cash flows")
    expect(monthly.locator('[data-testid="stDataFrame"]')).to_have_count(0)  # closed: not built, not sent
    monthly.get_by_text("Monthly cash flows").click()
    expect(monthly.locator('[data-testid="stDataFrame"]')).to_be_visible()
    monthly.scroll_into_view_if_needed()
    settled(page)
    screenshot(page, f"lazy-projections-monthly-{width}")
    page.get_by_role("button", name="New case").click()
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Start a blank case"))
    expect(form.get_by_role("button", name="Start a blank case")).to_be_visible()
    settled(page)
    screenshot(page, f"lazy-new-case-{width}")
    page.keyboard.press("Escape")
    settled(page)
    nav(page, "Risk", "Risk")
    settled(page)
    values = page.locator('[data-testid="stExpander"]', has_text="Input values in each scenario")
    values.get_by_text("Input values in each scenario").click()
    expect(values.locator('[data-testid="stDataFrame"]')).to_be_visible()
    settled(page)
    screenshot(page, f"lazy-risk-values-{width}")
    assert sidebar_figures(page) == before
    assert "case=" not in page.url  # nothing changed, so nothing was saved
    assert not page.locator('[data-testid="stAlert"]', has_text="must not be blank").count()
