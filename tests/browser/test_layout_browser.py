"""Wide tables show their years at 1024 and 1440 px, and metric cards never wrap a sign from its number (issue 22).

One app server for the module (the session's, warmed once so that deep links open their page); one browser
context per width. The data grid is a canvas: its columns are read from the grid's accessible table (the columns it
draws, i.e. those in view) and its scroller (how much of it is outside its box)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, settled

pytestmark = pytest.mark.deep_link

WIDTHS = ((1024, 768), (1440, 900))
GRIDS = """(() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(grid => {
    const scroller = grid.querySelector('.dvn-scroller');
    const box = grid.getBoundingClientRect();
    return {heads: [...grid.querySelectorAll('th')].map(th => th.textContent), right: box.right,
            hidden: scroller ? scroller.scrollWidth - scroller.clientWidth : 0};
}))"""
# the widest text line of each metric card: a sign alone at the end of a line, or a line starting with % or a digit
# group that continues the previous line's number
WRAPPED = r"""() => [...document.querySelectorAll('[data-testid="stMetric"]')].flatMap(card => {
    const lines = [];
    const walker = document.createTreeWalker(card, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        for (let i = 0; i < node.textContent.length; i++) {
            range.setStart(node, i); range.setEnd(node, i + 1);
            const r = range.getClientRects()[0];
            if (!r) continue;
            const top = Math.round(r.top);
            if (!lines.length || Math.abs(lines[lines.length - 1].top - top) > 4) lines.push({top, text: ''});
            lines[lines.length - 1].text += node.textContent[i];
        }
    }
    const bad = [];
    for (let k = 1; k < lines.length; k++) {
        const before = lines[k - 1].text.trimEnd(), after = lines[k].text.trimStart();
        if (/[-\u2212]$/.test(before) && /^[€$£¥\d]/.test(after) || /\d$/.test(before) && /^%/.test(after))
            bad.push(before + ' / ' + after);
    }
    return bad;
})"""


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda size: f"{size[0]}px")
def sized(request, browser, warm_server):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page, warm_server, width
    context.close()


def open_page(page, url: str, path: str) -> None:
    page.goto(f"{url}/{path}")
    page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
    settled(page)


def grid_with(page, first: str) -> dict:
    """The data grid whose first column is ``first``, once drawn."""
    found = page.wait_for_function(f"""() => {GRIDS}().find(g => g.heads[0] === {first!r} && g.right > 0)""")
    return found.json_value()


@pytest.mark.parametrize(("path", "first", "wanted"), [
    ("investment", "Item", ["Initial", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5"]),
    ("benefits", "Item", ["Initial", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5"]),
    ("risk-analysis", "Input", ["Case value", "Low (%)", "High (%)", "Distribution", "Range"]),
    ("customer-value", "Segment", ["Customers", "Yearly margin per customer (€)", "Retention (% a year)",
                                   "Acquisition cost (€)", "Horizon (years)"]),
])
def test_every_year_column_is_in_view(sized, path, first, wanted):
    """Every Year column's header (and Initial) is drawn in view without scrolling the grid, and the grid ends
    inside the window; the ranges' table shows all its columns with nothing to scroll sideways at 1024 px too."""
    page, url, width = sized
    open_page(page, url, path)
    grid = grid_with(page, first)
    assert set(wanted) <= set(grid["heads"]), (width, grid)
    assert grid["right"] <= width, (width, grid)
    if width >= 1440 or path not in ("investment", "benefits"):  # everything in view, no sideways scroll
        assert grid["hidden"] <= 1, (width, grid)
    screenshot(page, f"layout-{path}-{width}")


@pytest.mark.parametrize("path", ["executive-summary", "risk-analysis"])
def test_no_sign_wraps_away_from_its_number(sized, path):
    """No metric card shows "-" at the end of a line and "€141.4k" on the next, or "30" and "%"."""
    page, url, width = sized
    open_page(page, url, path)
    assert page.evaluate(WRAPPED) == [], (path, width)


OFFERS = ["Cloud suite (vendor A)", "Lean cloud (vendor B)", "On-premises (vendor C)"]
CRITERIA = ["Better customer experience", "Retention and lower cost thr…", "Investment: team time, train…",
            "Rework of the business: cult…"]  # shortened to 28 characters, the full name as the column's help
COMPARISON = ["NPV", "ROI", "IRR", "Payback", "TCO 3 years", "TCO 5 years", "One-off costs",
              "Licences + support a year", "Go-live", "Adoption"]


@pytest.mark.parametrize(("path", "first", "wanted"), [
    ("vendor-offers", "Term", OFFERS),  # the offers' figures: a row per field, a column per offer
    ("advantages", "Participant", CRITERIA),  # the votes: a column per criterion
])
def test_offers_and_votes_are_in_view(sized, path, first, wanted):
    """Every offer's column of the offers' figures and every criterion's column of the votes are drawn in view,
    the grid ends inside the window and nothing of it is left to scroll sideways, at 1024 and 1440 px; so does the
    offers' comparison, a row per figure and a column per offer."""
    page, url, width = sized
    open_page(page, url, path)
    grid = grid_with(page, first)
    assert grid["heads"] == [first, *wanted], (width, grid)
    assert grid["right"] <= width and grid["hidden"] <= 1, (width, grid)
    if path == "vendor-offers":
        # the comparison: a static table, a row per figure and a column per offer, all of it inside the window
        table = page.wait_for_function("""() => {
            const table = [...document.querySelectorAll('[data-testid="stTable"] table')]
                .find(t => t.querySelector('tbody th') && t.querySelector('tbody th').textContent.trim() === 'NPV');
            if (!table) return null;
            return {heads: [...table.querySelectorAll('thead th')].map(th => th.textContent.trim()),
                    rows: [...table.querySelectorAll('tbody th')].map(th => th.textContent.trim()),
                    right: table.getBoundingClientRect().right};
        }""").json_value()
        assert table["rows"] == COMPARISON and table["right"] <= width, (width, table)
        assert [head.removeprefix("✓ ") for head in table["heads"][1:]] == OFFERS, (width, table)
    screenshot(page, f"layout-{path}-{width}")
