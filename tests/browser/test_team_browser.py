"""Team mode in real browsers, signed in through an OpenID Connect provider on loopback (tests/browser/oidc.py):
nothing of the app before sign-in, whatever the address asks for; two people (two browser contexts) and what
each may do with the other's case before and after it is shared, by name or by a link that is then revoked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from crm_case import CaseStore
from crm_case.store import database_url
from tests.browser.harness import live_input
from tests.browser.oidc import oidc_provider, set_user, sign_in, team_server
from tests.browser.test_library_browser import set_reps

pytestmark = pytest.mark.browser

ALICE, BOB, CAROL, DAVE = "alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com"
SHOTS = Path("/tmp/shots/signin")


@pytest.fixture(scope="module")
def team():
    """(app URL, the library's folder) of a team-mode server and its provider, which knows the four people."""
    with oidc_provider() as provider:
        for email in (ALICE, BOB, CAROL, DAVE):
            set_user(provider, email, email.split("@")[0].title())
        with team_server(provider) as (url, folder):
            yield url, folder


def person(browser, url: str, email: str, width: int = 1440):
    """A browser context of its own (its own cookies: one person) signed in as ``email``; its page."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    sign_in(page, f"{url}/case-library", email)  # back on the page asked for once signed in (ui.auth)
    expect(page.locator("h1", has_text="Case library")).to_be_visible()
    return page


def stored_reps(folder: str, case_id: str) -> float:
    store = CaseStore(database_url({"CRM_CASE_DATA_DIR": folder}, base=Path(folder)))
    try:
        return store.load(case_id).case.drivers.sales_productivity.reps
    finally:
        store.dispose()


@pytest.mark.parametrize("address", ["/", "/risk-analysis", "/?case=0123456789abcdef0123456789abcdef",
                                     "/presentation?slide=2", "/case-library"])
def test_nothing_but_the_sign_in_before_signing_in(browser, team, address):
    url, _ = team
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto(url + address)
        expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
        page.wait_for_function("document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState"
                               " === 'notRunning'")
        body = page.locator("body").inner_text()
        assert "Acme" not in body and "NPV" not in body  # no case name, no figure
        assert page.locator('[data-testid="stMetric"], [data-testid="stSidebarNav"], [data-testid="stTabs"]'
                            ).count() == 0
        if address == "/":
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "signin-1440.png"), full_page=True)
            page.set_viewport_size({"width": 1024, "height": 768})
            page.screenshot(path=str(SHOTS / "signin-1024.png"), full_page=True)
    finally:
        context.close()


def test_the_vote_page_needs_no_sign_in(browser, team):
    url, _ = team
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{url}/vote")
        expect(page.get_by_role("textbox", name="The code shown in the meeting")).to_be_visible(timeout=30_000)
        assert page.get_by_role("button", name="Sign in").count() == 0
    finally:
        context.close()


def _library_tab(page, url: str, case_id: str, tab: str) -> None:
    page.goto(f"{url}/case-library?case={case_id}")
    try:
        page.get_by_role("tab", name=tab).click()
    except Exception:
        page.screenshot(path=str(SHOTS / "failed.png"), full_page=True)
        raise


def test_a_case_is_seen_only_as_its_owner_shares_it(browser, team):
    url, folder = team
    alice = person(browser, url, ALICE)
    alice.locator('[data-testid="stSidebarNav"] a', has_text="Benefits").click()
    set_reps(alice, 57)
    case_id = re.search(r"case=([0-9a-f]{32})", alice.url).group(1)
    name = alice.locator('[data-testid="stSidebar"] h3').inner_text()

    # Bob: not in his library, not by its id, so nothing to change or delete
    bob = person(browser, url, BOB)
    bob.goto(f"{url}/case-library?case={case_id}")
    expect(bob.get_by_text(f"The link names case {case_id}")).to_be_visible()
    expect(bob.get_by_text(name)).to_have_count(0)
    expect(bob.get_by_text("Saved cases (0)")).to_be_visible()

    # Alice shares it with Bob for viewing (the Sharing tab)
    _library_tab(alice, url, case_id, "Sharing")
    alice.get_by_label("E-mail address").fill(BOB)
    alice.get_by_role("button", name="Share").click()
    expect(alice.get_by_text(f"{BOB} can now view.")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    alice.screenshot(path=str(SHOTS / "sharing-1440.png"), full_page=True)

    # Bob sees it, but his change is refused by the library, and Alice's case keeps its value
    bob.goto(f"{url}/benefits?case={case_id}")
    reps = live_input(bob, "Sales reps")
    expect(reps).to_have_value("57")
    expect(bob.get_by_text("This case is shared with you for viewing")).to_be_visible()
    expect(reps).to_be_disabled()  # every input of a viewer (the library refuses a save too: tests/unit/test_access)
    assert stored_reps(folder, case_id) == 57
    bob.goto(f"{url}/case-library?case={case_id}")
    expect(bob.get_by_text("Saved cases (1)")).to_be_visible()
    expect(bob.get_by_role("button", name="Delete this case")).to_be_disabled()

    # A view link: Carol opens it and may not edit; once revoked, Dave's use of it opens nothing
    _library_tab(alice, url, case_id, "Sharing")
    alice.get_by_role("button", name="Make a link").click()
    code = alice.locator('[data-testid="stCode"]', has_text="share=")
    expect(code).to_be_visible()
    link = code.inner_text().strip()
    assert re.search(r"\?share=[A-Za-z0-9_-]{40,}$", link), link
    alice.screenshot(path=str(SHOTS / "sharing-link-1440.png"), full_page=True)
    alice.set_viewport_size({"width": 1024, "height": 900})
    alice.screenshot(path=str(SHOTS / "sharing-link-1024.png"), full_page=True)
    alice.set_viewport_size({"width": 1440, "height": 900})

    carol = person(browser, url, CAROL)
    carol.goto(link.replace("/?share=", "/benefits?share="))
    expect(live_input(carol, "Sales reps")).to_have_value("57")
    expect(carol.get_by_text("This case is shared with you for viewing")).to_be_visible()
    assert "share=" not in carol.url and f"case={case_id}" in carol.url

    _library_tab(alice, url, case_id, "Sharing")
    alice.get_by_role("button", name="Revoke").click()
    expect(alice.get_by_text("The link is revoked")).to_be_visible()
    dave = person(browser, url, DAVE)
    dave.goto(link)
    expect(dave.get_by_text("This link opens nothing")).to_be_visible()
    carol.goto(f"{url}/?case={case_id}")
    expect(carol.get_by_text(f"The link names case {case_id}")).to_be_visible()
    for page in (alice, bob, carol, dave):
        page.context.close()
