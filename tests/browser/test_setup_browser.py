"""The guided set-up in a real browser, as a person uses it: start a blank case, walk the five steps typing
values, and find on the Executive summary the NPV of the case those values make. Screenshots of every step at
1440 and 1024 pixels wide go to artifacts/screenshots/setup-*.png."""

import re

import pytest
from playwright.sync_api import expect

from crm_case import Case, CostItem, Drivers, apply_preset, blank_case, evaluate
from crm_case.model import RetentionDriver, SalesProductivityDriver
from tests.browser.conftest import SCREENSHOTS
from tests.browser.test_browser import metric_value, nav
from ui.format import money

pytestmark = pytest.mark.browser

SHOTS = SCREENSHOTS  # artifacts/screenshots/, ignored by git
STEP_LABELS = {"company": "Company", "rollout": "CRM, users", "costs": "Costs", "benefits": "Benefits",
               "review": "Review"}
STEP_INTROS = {"company": "Who, in which currency", "rollout": "What kind of CRM", "costs": "What the CRM costs",
               "benefits": "What the CRM brings", "review": "Where the case stands"}


class Saves:
    """Waits for each accepted change: the sidebar says "Saved · version N" once the library holds it, so an
    edit that got lost fails here instead of in the final figure."""

    def __init__(self, page) -> None:
        self.page, self.version = page, 0

    def wait(self) -> None:
        self.version += 1
        self.page.locator('[data-testid="stSidebar"]').get_by_text(
            re.compile(rf"Saved · version {self.version} · ")).wait_for()


def type_into(page, label: str, text: str, saves: Saves | None) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter")
    if saves:
        saves.wait()


def open_step(page, step: str) -> None:
    name = re.compile(rf"{re.escape(STEP_LABELS[step])}$")  # a step once done shows a tick, not its number
    button = page.get_by_role("radiogroup", name="Steps").get_by_role("radio", name=name)
    button.click()
    expect(button).to_be_checked()
    expect(page.locator("strong", has_text=STEP_INTROS[step])).to_be_visible()  # the new step's run has begun
    page.locator('[data-test-script-state="notRunning"]').wait_for()  # and has ended: no stale widgets left


def shoot(page, name: str, width: int) -> None:
    """A full-page screenshot at ``width`` pixels wide: the viewport grows to the content's height (Streamlit
    scrolls inside its main container)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    height = page.evaluate("""() => document.querySelector('[data-testid="stMain"]').scrollHeight""")
    page.set_viewport_size({"width": width, "height": max(900, min(int(height) + 40, 6000))})
    page.locator('[data-test-script-state="notRunning"]').wait_for()
    page.screenshot(path=str(SHOTS / f"setup-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


def expected_case() -> Case:
    """The case the walk types, built from the same values without the app (the frame as the blank case makes it:
    decision on 1 January of next year, euros)."""
    case = blank_case(name="Browser GmbH", years=3, rate=0.08).model_copy(update=dict(
        costs=(
            CostItem(category="IT", name="CRM licences (20 users x 50 EUR a month)", per_year=(12_000,) * 3),
            CostItem(category="People", name="Training", initial=10_000, per_year=(2_000,) * 3),
            CostItem(category="IT", name="Implementation partner", initial=30_000),
        ),
        drivers=Drivers(
            retention=RetentionDriver(customers=1_000, churn_before=0.12, churn_after=0.10,
                                      annual_margin_per_customer=800),
            sales_productivity=SalesProductivityDriver(reps=20, hours_saved_per_week=3, loaded_hourly_cost=60),
        ),
    ))
    case = apply_preset(case, "analytical")
    return case.model_copy(update={"rollout": case.rollout.model_copy(
        update={"dip_affected_staff": 10.0, "dip_monthly_output_per_person": 5_000.0})})


@pytest.mark.deep_link
def test_a_blank_case_to_a_first_business_case(page, server_url):
    page.goto(f"{server_url}/guided-setup")
    expect(page.locator("h1", has_text="Guided set-up")).to_be_visible()
    page.get_by_role("button", name=re.compile("Start a blank case")).first.click()
    # the sidebar's save status is a fragment that also redraws on a timer: during a rerun it can stand twice
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("Not in the library yet").first).to_be_visible()
    expect(page.get_by_label("Case name", exact=True)).to_have_value("New CRM case")
    saves = Saves(page)

    # 1. company and assumptions
    type_into(page, "Case name", "Browser GmbH", saves)
    type_into(page, "Horizon (years)", "3", saves)
    type_into(page, "Discount rate (% a year)", "8", saves)
    shoot(page, "company", 1440)

    # 2. CRM type and users, go-live dip
    page.get_by_role("button", name=re.compile("Next: CRM, users")).click()
    page.get_by_text("Analytical (segmentation, campaign analytics)").click()
    saves.wait()
    type_into(page, "Users", "20", None)  # not part of the case until the licence line is written
    page.locator('[data-test-script-state="notRunning"]').wait_for()  # its run done: the count kept for step 3
    page.get_by_text("Go-live dip (optional)").click()
    type_into(page, "Staff affected by the dip", "10", saves)
    type_into(page, "Monthly output per person (€)", "5,000", saves)
    expect(page.get_by_text("Output lost to the dip: €1,000")).to_be_visible()  # hand: 10 x 5,000 x 2 %, 1 month

    # 3. costs: licences and the often-forgotten items
    page.get_by_role("button", name=re.compile("Next: Costs")).click()
    expect(page.get_by_label("Users", exact=True)).to_have_value("20")
    type_into(page, "Price per user-month (€)", "50", saves)
    expect(page.get_by_text("20 users × €50 × 12 = €12,000 a year")).to_be_visible()
    page.get_by_text("Training · People", exact=True).click()
    saves.wait()
    type_into(page, "Training: initial (€)", "10,000", saves)
    type_into(page, "Training: every year (€)", "2000", saves)
    page.get_by_text("Implementation partner · IT", exact=True).click()
    saves.wait()
    type_into(page, "Implementation partner: initial (€)", "30,000", saves)

    # 4. benefits
    page.get_by_role("button", name=re.compile("Next: Benefits")).click()
    page.get_by_text("Sales productivity · Sales", exact=True).click()
    saves.wait()
    type_into(page, "Sales reps", "20", saves)
    type_into(page, "Admin hours saved per rep a week", "3", saves)
    type_into(page, "Loaded cost of a rep-hour (€)", "60", saves)
    page.get_by_text("Customer retention · Service", exact=True).click()
    saves.wait()
    type_into(page, "Active customers", "1,000", saves)
    type_into(page, "Churn without CRM (% a year)", "12", saves)
    type_into(page, "Churn with CRM (% a year)", "10", saves)
    type_into(page, "Annual margin per customer (€)", "800", saves)

    # 5. review, then the Executive summary: the NPV of the typed case, as the engine computes it
    page.get_by_role("button", name=re.compile("Next: Review")).click()
    expected = money(evaluate(expected_case()).adjusted.npv, "EUR")
    expect(page.locator('[data-testid="stMetricValue"]', has_text=expected).first).to_be_visible()
    assert metric_value(page, "NPV") == expected
    for width in (1440, 1024):
        for step in STEP_LABELS:
            open_step(page, step)
            shoot(page, step, width)
    nav(page, "Executive summary", "Executive summary")
    expect(page.locator('[data-testid="stMetricValue"]', has_text=expected).first).to_be_visible()
    assert metric_value(page, "NPV") == expected


@pytest.mark.deep_link
def test_the_steps_on_the_sample(page, server_url):
    page.goto(f"{server_url}/guided-setup")
    expect(page.get_by_text("still holds the sample company's figures")).to_be_visible()
    for width in (1440, 1024):
        for step in STEP_LABELS:
            open_step(page, step)
            shoot(page, f"sample-{step}", width)
    assert not page.locator('[data-testid="stException"]').count()
