"""AppTest: the app renders on the sample case and shows the engine's figures."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from crm_case import evaluate, sample_case
from ui.format import money

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_summary_shows_sample_npv(app):
    expected = money(evaluate(sample_case()).adjusted.npv, "EUR")
    assert expected in [m.value for m in app.main.metric]


def test_sidebar_shows_headline_figures(app):
    labels = [m.label for m in app.sidebar.metric]
    assert labels[:3] == ["NPV", "ROI", "Payback"]
