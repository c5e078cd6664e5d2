"""User text is text, in Chromium: a case whose names are hostile Markdown (tests/app/test_user_text.py's corpus)
opened from the library shows them as typed on the summary and the Objectives page: no image, link, KaTeX, icon or
colour comes from them, and the page's text holds them literally. Screenshots of both pages at 1440 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from crm_case import sample_case
from crm_case.store import CaseStore, database_url
from tests.app.test_user_text import hostile_case
from tests.browser.conftest import screenshot
from tests.browser.harness import ROOT, app_server
from tests.browser.test_browser import idle

pytestmark = pytest.mark.browser

# What the main area holds that could only come from a string's markup (Streamlit's own chrome excluded: heading
# anchors, page links, the sidebar): elements, and links/sources pointing at the corpus's hosts.
FOREIGN = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const links = [...main.querySelectorAll('a')].filter(a => a.getAttribute('aria-label') !== 'Link to heading'
                                                           && !a.closest('[data-testid="stPageLink"]'));
  return {
    links: links.map(a => a.getAttribute('href')),
    images: [...main.querySelectorAll('img')].map(i => i.getAttribute('src') || '').filter(s => !s.startsWith('data:')),
    logos: main.querySelectorAll('img[alt="Streamlit logo"]').length,
    katex: main.querySelectorAll('.katex, .katex-display, .math-inline, .math-display').length,
    home_icons: main.querySelectorAll('span[role="img"][aria-label="home icon"]').length,
    coloured: [...main.querySelectorAll('.stMarkdownColoredText')]
        .filter(e => e.textContent.includes('coloured')).length,
    hosts: [...main.querySelectorAll('[src],[href]')].map(e => e.getAttribute('src') || e.getAttribute('href'))
             .filter(u => !u.startsWith('#') && /example|18931/.test(u)),
    overflow: main.scrollWidth - main.clientWidth,
    text: main.innerText,
  };
}"""


@pytest.fixture(scope="module")
def library_server(tmp_path_factory):
    """A server with its own library holding a clean and a hostile case: yields (url, clean id, hostile id)."""
    folder = tmp_path_factory.mktemp("user-text")
    store = CaseStore(database_url({"CRM_CASE_DATA_DIR": str(folder)}, base=ROOT))
    clean = store.create(sample_case(), name="Clean case").info.id
    hostile = store.create(hostile_case()).info.id
    try:
        with app_server(env={"CRM_CASE_DATA_DIR": str(folder)}) as url:
            yield url, clean, hostile
    except RuntimeError as error:
        pytest.fail(str(error))


def open_page(page, url: str, case_id: str, nav: str | None, shown: tuple[str, ...] = ()) -> dict:
    """Open the case's page and read it once it shows every text of ``shown`` (a condition, not a pause: the run
    may still be drawing the page when Streamlit's status widget has not appeared yet)."""
    page.goto(f"{url}/?case={case_id}")
    page.wait_for_selector('[data-testid="stMetric"]')
    if nav:
        page.locator('[data-testid="stSidebarNav"] a', has_text=nav).click()
        expect(page.locator("h1", has_text=nav)).to_be_visible()
    idle(page)
    main = page.locator('[data-testid="stMain"]')
    for text in shown:
        expect(main).to_contain_text(text, timeout=30_000)
    return page.evaluate(FOREIGN)


@pytest.mark.parametrize(("nav", "shot"), [(None, "user-text-summary"), ("Objectives", "user-text-objectives")])
def test_hostile_names_render_as_typed(browser, library_server, nav, shot):
    url, clean_id, hostile_id = library_server
    case = hostile_case()
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        clean = open_page(page, url, clean_id, nav)
        statements = tuple(o.statement for o in case.goals.objectives) if nav else ()
        seen = open_page(page, url, hostile_id, nav, statements)
        screenshot(page, shot)
    finally:
        context.close()
    assert set(seen["links"]) <= set(clean["links"]), seen["links"]
    assert set(seen["images"]) <= set(clean["images"]), seen["images"]
    assert seen["hosts"] == []
    assert (seen["logos"], seen["katex"], seen["home_icons"], seen["coloured"]) == (0, 0, 0, 0)
    assert seen["overflow"] <= 0  # a 120-character word wraps instead of widening the page
    if nav is None:  # the verdict names the largest benefit
        assert case.benefits[0].name.lower() in seen["text"]
    else:
        for objective in case.goals.objectives:
            assert objective.statement in seen["text"], objective.statement
