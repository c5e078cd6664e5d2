"""The app in a real browser, as a person uses it: read the NPV, move the discount rate, edit a cost,
switch pages and come back. A full-page screenshot of every page goes to artifacts/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from crm_case import evaluate, sample_case, with_value
from tests.browser.conftest import screenshot, settled
from ui.format import money

pytestmark = pytest.mark.browser

PAGES = {"summary": "", "investment": "investment", "benefits": "benefits", "projections": "projections",
         "cost-of-delay": "cost-of-delay", "advantages": "advantages", "readiness": "readiness-check",
         "excel": "excel", "risk": "risk-analysis", "vendors": "vendor-offers", "customers": "customer-value",
         "goals": "objectives"}


def metric_value(page, label: str) -> str:
    """The value of the main area's metric ``label`` as a person sees it (a metric left from the last run, hidden and
    marked stale while the new run draws, is not one)."""
    metric = page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]:not([data-stale="true"]) '
                          '[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$"))
    ).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def idle(page) -> None:
    """Wait until the app has finished its run and the page shows its result (:func:`settled`), so a click on a
    canvas grid lands on the grid that stays."""
    settled(page)


def grid_in_view(page, grid) -> None:
    """Wait until the canvas grid ``grid`` is on screen and still. A layout change above the grid after it was
    scrolled into view (a chart drawn, a table sized) moved it out of view before the click (seen under load): the
    page is polled until the grid is inside the window and has not moved between two frames, scrolling it back into
    view when it is not."""
    grid.element_handle().wait_for_element_state("visible")
    page.wait_for_function("""(el) => new Promise(done => {
        const box = el.getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) {
            el.scrollIntoView({block: "center"});
            done(false);
            return;
        }
        requestAnimationFrame(() => requestAnimationFrame(() =>
            done(Math.abs(el.getBoundingClientRect().top - box.top) < 0.5)));
    })""", arg=grid.element_handle(), polling="raf")


def selected_cell(grid, *, after: tuple[int, int] | None = None) -> tuple[int, int]:
    """The (column, row) of the cell selected in the canvas grid ``grid``, read from the accessible table the grid
    keeps beside its canvas (``glide-cell-<column>-<row>``, ``aria-selected``); with ``after``, waits until the
    selection has moved from that cell (a key press taken). Waiting for the selection before the next key is what
    a person does (they see the highlighted cell): a key pressed before the grid had taken the click or the last
    key was lost under load, and Enter then opened a read-only cell (issue 22's CI run).

    A grid taken out of the page meanwhile (the editor replaced by the app, or a locator that had found a replaced
    grid Streamlit keeps hidden while a run draws its successor) fails at once, saying so, rather than after 30 s
    without a selection."""
    handle = grid.page.wait_for_function("""([grid, after]) => {
        if (!grid.isConnected) throw new Error('the grid left the page: it was replaced (or was a replaced one)');
        const cell = grid.querySelector('td[role="gridcell"][aria-selected="true"]');
        const at = cell && cell.dataset.testid.match(/^glide-cell-(\\d+)-(\\d+)$/);
        if (!at) return null;
        const found = [Number(at[1]), Number(at[2])];
        return after && found[0] === after[0] && found[1] === after[1] ? null : found;
    }""", arg=[grid.element_handle(), list(after) if after else None], polling="raf")
    column, row = handle.json_value()
    return column, row


def edit_grid_cell(page, grid, x: float, y: float, text: str, *, right: int = 0, expected: str) -> None:
    """Type ``text`` into the canvas grid's cell at (x, y) from its top-left corner, after ``right`` presses of
    the right arrow (to reach an editable column from a read-only one), confirm with Enter, and wait for a
    metric to show ``expected``. Each step waits for what a person would see: the page settled before the click,
    the cell editor open and focused before typing, the typed text in it before Enter.

    The page is settled before the grid is scrolled into view and measured: scrolled while the run still drew
    the page, the grid could end above the viewport once the page's height settled, and the click miss it."""
    idle(page)
    grid_in_view(page, grid)
    box = grid.bounding_box()
    assert 0 <= box["y"] + y <= page.viewport_size["height"], (box, y)  # the cell is on screen
    page.mouse.click(box["x"] + x, box["y"] + y)
    column, row = selected_cell(grid)  # the grid has taken the click: a key pressed before went nowhere
    for _ in range(right):
        page.keyboard.press("ArrowRight")
        column = selected_cell(grid, after=(column, row))[0]
    cell = grid.locator(f'[data-testid="glide-cell-{column}-{row}"]')
    expect(cell).to_have_attribute("aria-readonly", "false")  # an editable cell, else the editor opens disabled
    page.keyboard.press("Enter")  # open the cell editor
    editor = page.locator("input.gdg-input, textarea.gdg-input")
    expect(editor).to_be_focused()
    editor.press("Control+A")
    editor.press_sequentially(text, delay=40)
    expect(editor).to_have_value(text)
    editor.press("Enter")
    wait_for_metric(page, expected)
    idle(page)  # the run that drew it has ended: nothing of the page before the edit is left to read


def wait_for_metric(page, expected: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        """(expected) => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
                         .some(e => e.innerText.trim() === expected)""",
        arg=expected, timeout=timeout,
    )


def go(page, server_url: str, name: str) -> None:
    """Open a page by its link, as a shared link would (in a test marked ``deep_link``: a new browser on a server
    that has run the app once, see conftest.warm_server)."""
    page.goto(f"{server_url}/{PAGES[name]}")
    page.wait_for_selector('[data-testid="stMetric"]')
    assert not page.get_by_text("Page not found").count()


def nav(page, title: str, heading: str) -> None:
    """Switch page the way a person does, with the sidebar link, and wait for the page's own heading."""
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).click()
    expect(page.locator("h1", has_text=heading)).to_be_visible()


def test_summary_shows_sample_npv(page):
    expected = money(evaluate(sample_case()).adjusted.npv, "EUR")
    page.get_by_text(expected).first.wait_for()
    assert metric_value(page, "NPV") == expected


@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.deep_link
def test_screenshot_every_page(page, server_url, name):
    go(page, server_url, name)
    settled(page, charts=True)
    assert not page.locator('[data-testid="stException"]').count()
    screenshot(page, name)


@pytest.mark.deep_link
def test_moving_the_discount_rate_moves_npv(page, server_url):
    go(page, server_url, "projections")
    before = metric_value(page, "NPV")
    slider = page.get_by_role("slider", name=re.compile("Discount rate"))
    slider.focus()
    slider.press("ArrowRight")  # +0.5 point: 10 % -> 10.5 %
    expected = money(evaluate(with_value(sample_case(), "assumptions.discount_rate", 0.105)).adjusted.npv, "EUR")
    wait_for_metric(page, expected)
    assert metric_value(page, "NPV") == expected != before


@pytest.mark.deep_link
def test_editing_a_cost_changes_tco(page, server_url):
    go(page, server_url, "investment")
    before = metric_value(page, "TCO over 5 years")
    # The grid is a canvas. Columns: row marker (33 px), Item (pinned, as narrow as its names:
    # ui.items.column_settings), then Initial; rows are 35 px under a 35 px header. Row 2 (Implementation): its
    # Item cell, then one to the right: Initial.
    case = with_value(sample_case(), "costs.1.initial", 200_000.0)
    table = evaluate(case).projection
    expected = money(float(table.costs().sum()), "EUR")
    edit_grid_cell(page, page.locator('[data-testid="stDataFrame"]').first, 33 + 30, 35 + 35 + 17, "200000",
                   right=1, expected=expected)
    assert metric_value(page, "TCO over 5 years") == expected != before
    screenshot(page, "investment-after-edit")


@pytest.mark.deep_link
def test_switching_pages_loses_nothing(page, server_url):
    go(page, server_url, "benefits")
    reps = page.get_by_label("Sales reps")
    reps.fill("55")
    reps.press("Enter")
    expected = money(evaluate(with_value(sample_case(), "drivers.sales_productivity.reps", 55.0)).adjusted.npv,
                     "EUR", compact=True)
    page.locator('[data-testid="stSidebar"] [data-testid="stMetricValue"]', has_text=expected).wait_for()
    nav(page, "Executive summary", "Executive summary")
    nav(page, "Projections", "Projections")
    nav(page, "Benefits", "Benefits")
    expect(page.get_by_label("Sales reps")).to_have_value("55")
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMetricValue"]').first.inner_text() == expected


def _upload(page, path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))


def test_excel_upload_preview_apply_and_download(page, server_url, tmp_path):
    import io

    import openpyxl

    from crm_case.excel.template import budget_template

    nav(page, "Excel in and out", "Excel in and out")
    # a workbook with mistakes: every one is listed, nothing is applied
    workbook = openpyxl.load_workbook(io.BytesIO(budget_template(sample_case())))
    workbook["Costs"]["A2"], workbook["Costs"]["B2"], workbook["Costs"]["C2"] = "Hardware", "Servers", "abc"
    bad = tmp_path / "bad.xlsx"
    workbook.save(bad)
    _upload(page, bad)
    expect(page.get_by_text("2 problem(s) in bad.xlsx; nothing was applied")).to_be_visible()
    screenshot(page, "excel-problems")
    # a good workbook: preview, then apply
    workbook["Costs"]["A2"], workbook["Costs"]["C2"] = "IT", 50_000
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    _upload(page, good)
    expect(page.get_by_text("What applying this workbook will change")).to_be_visible()
    screenshot(page, "excel-preview")
    page.get_by_role("button", name="Apply to the case").click()
    expect(page.get_by_text("good.xlsx is applied")).to_be_visible()
    from crm_case import blend, keep_by_default
    from crm_case.excel.reader import read_workbook

    # applied with the preview's defaults: the sample's drivers, dip, delay inputs... are cleared (issue 15)
    imported = read_workbook(good.read_bytes(), sample_case()).case
    case = blend(imported, keep_by_default(imported, sample_case()))
    assert [c.name for c in case.costs] == ["Servers"] and not case.drivers.retention.enabled
    expected = money(evaluate(case).adjusted.npv, "EUR", compact=True)
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stMetricValue"]').first).to_have_text(expected)
    # download the case workbook: live formulas
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the case (.xlsx)").click()
    path = tmp_path / "case.xlsx"
    download.value.save_as(path)
    exported = openpyxl.load_workbook(path)
    npv = {row[0].value: row[1].value for row in exported["Cash flow"].iter_rows() if row[0].value}["NPV"]
    assert str(npv).startswith("=")
    assert exported["Costs"]["B2"].value == "Servers"


@pytest.mark.deep_link
def test_editing_a_range_moves_the_monte_carlo(page, server_url):
    from crm_case.model import InputRange, RiskSettings
    from crm_case.risk import monte_carlo

    go(page, server_url, "risk")
    before = metric_value(page, "NPV, P10")
    # first row's Input cell (read-only), two columns right to Low (%)
    case = sample_case()
    case = case.model_copy(update={"risk": RiskSettings(ranges=(InputRange(path="assumptions.discount_rate",
                                                                           low=-0.5, high=0.2),))})
    q = monte_carlo(case).quantiles().set_index("metric")
    expected = money(q.loc["npv", "p10"], "EUR")
    edit_grid_cell(page, page.locator('[data-testid="stDataFrame"]').last, 60, 35 + 17, "-50", right=2,
                   expected=expected)
    assert metric_value(page, "NPV, P10") == expected != before
    screenshot(page, "risk-after-edit")


@pytest.mark.deep_link
def test_choosing_a_vendor_in_the_browser(page, server_url):
    from crm_case.vendors import with_offer

    go(page, server_url, "vendors")
    page.get_by_role("button", name="Use Lean cloud (vendor B)").click()
    expected = money(evaluate(with_offer(sample_case(), "Lean cloud (vendor B)")).adjusted.npv, "EUR")
    page.get_by_text("The case now uses Lean cloud (vendor B)").wait_for()
    assert metric_value(page, "NPV of the case now") == expected
    screenshot(page, "vendors-after-choice")


@pytest.mark.deep_link
def test_customer_upload_refuses_bad_rows_and_keeps_the_data(page, server_url, tmp_path):
    go(page, server_url, "customers")
    before = page.locator("h2").filter(has_text="of customers bring").inner_text()
    page.get_by_text("Customer data: sample base").click()  # open the data expander
    bad = tmp_path / "customers.csv"
    bad.write_text("Customer ID,Revenue,Cost to serve,First purchase,Last purchase,Orders\n"
                   "A1,1000,200,2024-01-01,2025-01-01,3\nA1,lots,100,2024-01-01,2099-01-01,2\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(bad))
    page.get_by_text("customers.csv was not used; the previous data is kept").wait_for()
    assert page.get_by_text("customers.csv, row 3, column 'Revenue': not a number").count()
    assert page.get_by_text("customers.csv, rows 2, 3, column 'Customer ID'").count()
    assert page.locator("h2").filter(has_text="of customers bring").inner_text() == before
    good = tmp_path / "mine.csv"
    good.write_text("Customer ID,Revenue,Cost to serve,First purchase,Last purchase,Orders\n"
                    + "".join(f"C{i},{1000 + 100 * i},500,2024-01-01,2025-01-01,3\n" for i in range(10)),
                    encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(good))
    page.get_by_text("mine.csv: 10 customers read").wait_for()
    # profits 500, 600, ..., 1,400 (total 9,500): the top 2 bring 2,700 = 28 %
    expect(page.locator("h2").filter(has_text="of customers bring")).to_have_text(
        "The top 20 % of customers bring 28 % of the profit")
    screenshot(page, "customers-after-upload")


@pytest.mark.deep_link
def test_goals_scorecard_in_the_browser(page, server_url):
    from crm_case.goals import example_actuals, merge_actuals, reforecast

    go(page, server_url, "goals")
    page.get_by_role("button", name="Load illustrative actuals").click()
    case = merge_actuals(sample_case(), example_actuals(sample_case()))
    wait_for_metric(page, money(evaluate(reforecast(case)[0]).adjusted.npv, "EUR"))
    expect(page.get_by_text("Behind plan: corrective actions")).to_be_visible()
    screenshot(page, "goals-tracking")  # once the page has settled and its charts are drawn


@pytest.mark.deep_link
def test_goals_actuals_upload_names_the_bad_rows(page, server_url, tmp_path):
    go(page, server_url, "goals")
    bad = tmp_path / "actuals.csv"
    bad.write_text("Metric,Period,Value\nHappiness,2028-01,1\nWin rate,whenever,0.23\nWin rate,2028-02,high\n",
                   encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    page.get_by_text("actuals.csv was not used; nothing changed").wait_for()
    assert page.get_by_text("actuals.csv, row 2, column 'Metric': 'Happiness' is not a metric of the case").count()
    assert page.get_by_text("actuals.csv, row 3, column 'Period': 'whenever' is not a period").count()
    assert page.get_by_text("actuals.csv, row 4, column 'Value': 'high' is not a number").count()
    expect(page.get_by_text("No actuals yet")).to_be_visible()


@pytest.mark.deep_link
def test_typing_an_offers_figure_in_its_column(page, server_url):
    """The offers' figures table has a row per field and a column per offer: typing 40 in Lean cloud's column of
    the Users row changes that offer's users only, and its 5-year TCO (the lowest) follows:
    305,000 one-off + 5 years x 40 users x 55 a month x 12 = 437,000 (crm_case.vendors.tco)."""
    from crm_case.vendors import tco

    go(page, server_url, "vendors")
    offer = sample_case().vendors.offers[1].model_copy(update={"users": 40.0})
    expected = money(tco(offer, 5), "EUR")
    assert expected == "€437,000"
    # the second grid (names, figures; the comparison is a static table); rows are 35 px under a 35 px header: row
    # 2 is Users; its Term cell (read-only, pinned), then two to the right: Lean cloud (vendor B)'s column
    grid = page.locator('[data-testid="stDataFrame"]').nth(1)
    edit_grid_cell(page, grid, 60, 35 + 35 + 17, "40", right=2, expected=expected)
    assert metric_value(page, "Lowest 5-year TCO") == expected
    assert metric_value(page, "Highest NPV") == money(566_071.927101, "EUR")  # Cloud suite's, untouched
    screenshot(page, "vendors-after-figure-edit")
