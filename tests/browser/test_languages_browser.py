"""The app's languages in a real browser: the browser's own language chosen without asking, the sidebar's menu
switching a session's language without losing its case (and keeping it in the address and on the slides), and the
figures written the language's way. One server for the whole file (conftest's), one browser context per viewer."""

import re

import pytest
from playwright.sync_api import expect

from crm_case import evaluate, sample_case, with_value
from crm_case.i18n import catalog, text
from crm_case.i18n.formats import money
from tests.browser.conftest import settled
from tests.browser.harness import live_input

pytestmark = pytest.mark.browser

SIDEBAR_FIGURE = '[data-testid="stSidebar"] [data-testid="stMetricValue"]'


def viewer(browser, locale: str = "en-US"):
    """A new browser (its own session) whose language is ``locale``, as its owner set it up."""
    context = browser.new_context(locale=locale, viewport={"width": 1440, "height": 900})
    context.set_default_timeout(20_000)
    return context


def main_metric(page, label: str):
    """The main area's metric ``label`` as a person sees it (not one left from the last run, marked stale)."""
    return page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]:not([data-stale="true"]) '
                        '[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$"))
    ).first.locator('[data-testid="stMetricValue"]')


def choose(page, language: str) -> None:
    """Choose ``language`` in the sidebar's menu. The menu is scrolled into view first, and the click waits for
    the scroll's event to have passed (two frames): the menu's list closes on a scroll of the page around it, and
    a click that scrolled to reach the menu would have it close as it opens."""
    menu = page.locator('[data-testid="stSidebar"] .st-key-language-menu').get_by_role("combobox")
    menu.scroll_into_view_if_needed()
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    menu.click()
    # typed rather than picked from the open list: a rerun of the sidebar's save status (every few seconds) may
    # close the list between the click and the pick; typing into the focused box opens it again, filtered
    page.keyboard.type(language)
    expect(page.get_by_role("option", name=language, exact=True)).to_be_visible()
    page.keyboard.press("Enter")


def slide_one(language: str) -> re.Pattern:
    """The presentation's "Slide 1 of N · name" line in ``language``."""
    shown = re.escape(catalog(language)["present.position"])
    for placeholder, value in (("n", "1"), ("count", r"\d+"), ("name", ".+")):
        shown = shown.replace(re.escape(f"{{{placeholder}}}"), value)
    return re.compile(f"^{shown}$")


@pytest.mark.parametrize("locale, language", [("es-ES", "es"), ("zh-TW", "zh-Hant")])
def test_the_browsers_language_is_the_apps(browser, server_url, locale, language):
    context = viewer(browser, locale)
    try:
        page = context.new_page()
        page.goto(server_url)  # no ?lang: the browser's language decides
        expect(page.locator("h1", has_text=text(language, "summary.title"))).to_be_visible()
        links = page.locator('[data-testid="stSidebarNav"] a')
        for key in ("nav.summary", "nav.risk", "nav.present"):
            expect(links.filter(has_text=text(language, key))).to_have_count(1)
        expect(links.filter(has_text=text("en", "nav.risk"))).to_have_count(0)
        assert "lang=" not in page.url  # not chosen by the viewer: the address stays as it was
    finally:
        context.close()


def test_the_menu_switches_the_language_and_keeps_the_case(browser, server_url):
    context = viewer(browser)
    try:
        page = context.new_page()
        page.goto(server_url)
        expect(page.locator("h1", has_text=text("en", "summary.title"))).to_be_visible()
        # a change of the case first, so that keeping it means something: 55 sales reps rather than the sample's
        page.locator('[data-testid="stSidebarNav"] a', has_text=text("en", "nav.benefits")).click()
        reps = live_input(page, text("en", "field.drivers.sales_productivity.reps"))
        reps.fill("55")
        reps.press("Enter")
        npv = evaluate(with_value(sample_case(), "drivers.sales_productivity.reps", 55.0)).adjusted.npv
        expect(page.locator(SIDEBAR_FIGURE).first).to_have_text(money(npv, "EUR", "en", compact=True))
        settled(page)

        choose(page, "Українська")

        expect(page.locator(SIDEBAR_FIGURE).first).to_have_text(money(npv, "EUR", "uk", compact=True))
        expect(live_input(page, text("uk", "field.drivers.sales_productivity.reps"))).to_have_value("55")
        expect(page.locator('[data-testid="stSidebarNav"] a', has_text=text("uk", "nav.summary"))).to_be_visible()
        page.wait_for_url(re.compile(r"[?&]lang=uk(&|$)"))

        page.locator('[data-testid="stSidebar"] a', has_text=text("uk", "sidebar.present")).click()
        expect(page.get_by_role("button", name=text("uk", "present.next"))).to_be_visible()
        expect(page.get_by_text(slide_one("uk"))).to_be_visible()
        page.wait_for_url(re.compile(r"/presentation\?.*\blang=uk\b"))
    finally:
        context.close()


def test_figures_are_written_the_languages_way(browser, server_url):
    npv = evaluate(sample_case()).adjusted.npv
    context = viewer(browser)  # an English browser: the address's ?lang wins
    try:
        page = context.new_page()
        page.goto(f"{server_url}/?lang=es")
        expect(page.locator(SIDEBAR_FIGURE).first).to_have_text(money(npv, "EUR", "es", compact=True))
        expect(main_metric(page, text("es", "metric.npv"))).to_have_text(money(npv, "EUR", "es"))
        # a Spanish reader's way: points between thousands, the sign after the figure ("556.781 €")
        assert re.fullmatch(r"\d{1,3}(\.\d{3})+\u00a0€", money(npv, "EUR", "es"))
    finally:
        context.close()


def test_excel_in_spanish_round_trip(browser, server_url, tmp_path):
    """A Spanish viewer downloads the template in Spanish, fills it with a mistake and uploads it: the problem is
    named by the Spanish sheet's cell and said in Spanish; fixed, the workbook imports."""
    import io

    import openpyxl

    context = viewer(browser, "es-ES")
    try:
        page = context.new_page()
        page.goto(f"{server_url}/?lang=es")
        page.locator('[data-testid="stSidebarNav"] a', has_text=text("es", "nav.data")).click()
        with page.expect_download() as download:
            page.get_by_role("button", name=text("es", "data.template.button")).click()
        workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
        costs = text("es", "excel.sheet.costs")
        assert costs in workbook.sheetnames and "Costs" not in workbook.sheetnames
        sheet = workbook[costs]
        sheet["A2"], sheet["B2"], sheet["C2"] = text("es", "excel.category.People"), "Formación", "abc"
        bad = tmp_path / "malo.xlsx"
        workbook.save(bad)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
        problems = page.locator('[data-testid="stDataFrame"]')
        expect(problems).to_contain_text(f"{costs}!C2")
        expect(page.get_by_text(text("es", "data.problems", count=1, name="malo.xlsx"))).to_be_visible()
        sheet["C2"] = 12_000
        good = tmp_path / "bueno.xlsx"
        workbook.save(good)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(good))
        expect(page.get_by_text(text("es", "data.preview"))).to_be_visible()
    finally:
        context.close()
