"""The app in a real browser, as a person uses it."""

import pytest

from crm_case import evaluate, sample_case
from tests.browser.conftest import screenshot
from ui.format import money

pytestmark = pytest.mark.browser


def test_summary_shows_sample_npv(page):
    expected = money(evaluate(sample_case()).adjusted.npv, "EUR")
    page.get_by_text(expected).first.wait_for()
    screenshot(page, "summary")
