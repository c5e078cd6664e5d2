"""AppTest of autosave, the URL's case id, conflicts, saving off, isolation and the Case library page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from crm_case import CaseStore, sample_case, with_value
from tests.app.bound import retention
from ui.library import library_url, watch_interval

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


def session(page: str | None = "pages/benefit_drivers.py", case_id: str | None = None) -> AppTest:
    """A new browser session (a refresh, another tab, another browser): the URL's case id is all it shares."""
    at = AppTest.from_file(APP, default_timeout=60)
    if case_id:
        at.query_params["case"] = case_id
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def case_of(at: AppTest):
    return at.session_state["case"]


def id_of(at: AppTest) -> str | None:
    return at.session_state["library:link"].case_id if "library:link" in at.session_state else None


def store() -> CaseStore:
    return CaseStore(library_url())


def sidebar_text(at: AppTest) -> str:
    return " ".join([c.value for c in at.sidebar.caption] + [e.value for e in at.sidebar.error]
                    + [w.value for w in at.sidebar.warning])


def test_first_change_saves_and_the_url_carries_the_id():
    at = session()
    assert id_of(at) is None
    assert "first change saves it" in sidebar_text(at)
    retention(at).set_value("3,210").run()
    case_id = id_of(at)
    assert case_id and at.query_params["case"] in (case_id, [case_id])
    assert store().load(case_id).case == case_of(at)
    assert "Saved · version 1" in sidebar_text(at)
    retention(at).set_value("3,300").run()
    assert store().load(case_id).info.version == 2


def test_a_new_session_with_the_link_reopens_the_case():
    first = session()
    retention(first).set_value("2,345").run()
    again = session(case_id=id_of(first))  # a refresh: a new session with the same URL
    assert case_of(again).drivers.retention.customers == 2345.0
    assert retention(again).value == "2,345"
    assert id_of(again) == id_of(first)


def test_unknown_id_is_a_message_and_the_app_keeps_working():
    at = session(page=None, case_id="0123456789abcdef0123456789abcdef")
    assert any("not in this library" in w.value for w in at.warning)
    assert case_of(at) == sample_case()
    at.switch_page("pages/benefit_drivers.py").run()
    retention(at).set_value("1,111").run()
    assert id_of(at) not in (None, "0123456789abcdef0123456789abcdef")


def test_concurrent_edit_is_a_conflict_not_a_corruption():
    mine = session()
    retention(mine).set_value("2,050").run()
    theirs = session(case_id=id_of(mine))
    retention(theirs).set_value("2,100").run()  # saved as version 2
    retention(mine).set_value("2,200").run()  # based on version 1: refused
    assert any("changed elsewhere" in e.value for e in mine.sidebar.error)
    assert case_of(mine).drivers.retention.customers == 2200.0  # kept on screen
    assert store().load(id_of(mine)).case.drivers.retention.customers == 2100.0  # the library is intact
    mine.button(key="conflict-reload").click().run()
    assert case_of(mine).drivers.retention.customers == 2100.0
    assert not mine.sidebar.error


def test_a_version_saved_elsewhere_is_announced_before_any_change():
    mine = session()
    retention(mine).set_value("2,050").run()
    library = store()  # another person's session, saving version 2 under their name
    library.save(id_of(mine), with_value(case_of(mine), "drivers.retention.customers", 2100.0), expected_version=1,
                 author="Ana")
    mine.run()  # any run of mine (a click elsewhere, or the sidebar's own look every few seconds)
    notice = " ".join(i.value for i in mine.sidebar.info)
    assert "Version 2 was saved elsewhere (Ana, " in notice and "shows version 1" in notice
    assert case_of(mine).drivers.retention.customers == 2050.0  # nothing replaced behind the user's back
    mine.button(key="elsewhere-load").click().run()
    assert case_of(mine).drivers.retention.customers == 2100.0
    assert retention(mine).value == "2,100"
    assert not mine.sidebar.info
    assert any("version 2" in c.value for c in mine.sidebar.caption)


def test_a_case_deleted_elsewhere_can_be_kept_as_a_copy():
    mine = session()
    retention(mine).set_value("2,050").run()
    original = id_of(mine)
    store().delete(original)
    mine.run()
    assert any("deleted elsewhere" in w.value for w in mine.sidebar.warning)
    mine.button(key="elsewhere-copy").click().run()
    assert id_of(mine) != original
    assert store().load(id_of(mine)).case.drivers.retention.customers == 2050.0


def test_watch_interval_setting():
    assert watch_interval({}) == 10.0
    assert watch_interval({"CRM_CASE_WATCH_SECONDS": "2.5"}) == 2.5
    assert watch_interval({"CRM_CASE_WATCH_SECONDS": "0"}) is None
    assert watch_interval({"CRM_CASE_WATCH_SECONDS": "soon"}) == 10.0


def test_opening_every_page_adds_no_case():
    """Looking is not changing: pages that keep derived figures in step (customer aggregates) never create a
    library case, so the library does not fill with untouched copies of the sample."""
    from tests.app.test_app import PAGES

    before = len(store().cases())
    at = session(page=None)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
    assert id_of(at) is None and "first change saves it" in sidebar_text(at)
    assert len(store().cases()) == before


def test_a_saved_cases_customer_figures_survive_another_sessions_sample_data():
    """Customer rows live only in the session that uploaded them; the case keeps their aggregates. Another
    session opening the case sees the sample rows but must not write the sample's figures over the case's."""
    theirs = with_value(sample_case(), "customers.summary", {"customers": 12345.0, "total_profit": 987654.0})
    made = store().create(theirs, author="Ana")
    at = session(page="pages/customers.py", case_id=made.info.id)
    assert any("12,345 customers" in i.value for i in at.info)
    assert case_of(at).customers.summary == theirs.customers.summary
    assert store().info(made.info.id).version == 1
    at.button(key="customers-reset").click().run()  # the user chooses this session's data
    assert case_of(at).customers.summary["customers"] == 2_000
    assert store().load(made.info.id).case.customers.summary["customers"] == 2_000


def test_conflict_resolved_by_saving_a_copy():
    mine = session()
    retention(mine).set_value("2,050").run()
    original = id_of(mine)
    theirs = session(case_id=original)
    retention(theirs).set_value("2,100").run()
    retention(mine).set_value("2,200").run()
    mine.button(key="conflict-copy").click().run()
    assert id_of(mine) != original
    assert store().load(id_of(mine)).case.drivers.retention.customers == 2200.0
    assert store().load(original).case.drivers.retention.customers == 2100.0


def test_two_sessions_never_share_unsaved_edits():
    one, two = session(), session()
    retention(one).set_value("1,500").run()
    two.run()
    assert case_of(two) == sample_case()
    retention(two).set_value("1,600").run()
    assert id_of(one) != id_of(two)
    one.run()
    assert case_of(one).drivers.retention.customers == 1500.0


def test_read_only_library_turns_saving_off_and_editing_goes_on(monkeypatch, tmp_path):
    writable = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
    writable.create(sample_case())
    writable.dispose()
    monkeypatch.setenv("CRM_CASE_DATABASE_URL", f"sqlite:///file:{tmp_path / 'cases.db'}?mode=ro&uri=true")
    at = session()
    assert "Saving is off" in sidebar_text(at)
    assert "read-only" in sidebar_text(at)
    assert str(tmp_path) not in sidebar_text(at) and "cases.db" not in sidebar_text(at)  # issue 16.6: no server path
    retention(at).set_value("2,500").run()
    assert case_of(at).drivers.retention.customers == 2500.0
    assert not at.exception


def test_unreachable_database_turns_saving_off(monkeypatch):
    monkeypatch.setenv("CRM_CASE_DATABASE_URL", "postgresql+psycopg://crm:secret@127.0.0.1:9/crm")
    at = session()
    text = sidebar_text(at)
    assert "Saving is off" in text and "database server cannot be reached" in text
    assert not any(secret in text for secret in ("secret", "127.0.0.1", "postgresql", "crm:"))  # issue 16.6
    retention(at).set_value("2,600").run()
    assert case_of(at).drivers.retention.customers == 2600.0


class TestLibraryPage:
    def _saved(self) -> AppTest:
        at = session()
        retention(at).set_value("2,700").run()
        at.switch_page("pages/library.py").run()
        assert not at.exception
        return at

    def test_link_status_and_history(self):
        at = self._saved()
        case_id = id_of(at)
        assert any(f"?case={case_id}" in c.value for c in at.code)
        history = next(d.value for d in at.dataframe if "What changed" in d.value.columns)
        assert "Created" in history.iloc[-1].to_string()

    def test_save_as_copy_opens_the_copy(self):
        at = self._saved()
        original = id_of(at)
        at.text_input(key="library-copy-name").set_value("Option B").run()
        at.button(key="library-copy-go").click().run()
        assert id_of(at) != original
        assert case_of(at).assumptions.name == "Option B"
        assert store().load(original).case.assumptions.name != "Option B"

    def test_delete_and_restore(self):
        at = self._saved()
        case_id = id_of(at)
        at.button(key="library-delete-go").click().run()
        assert id_of(at) is None
        assert store().load(case_id).info.deleted
        at.selectbox(key="library-undelete").set_value(case_id).run()
        at.button(key="library-undelete-go").click().run()
        assert id_of(at) == case_id and not store().load(case_id).info.deleted

    def test_restore_an_earlier_version(self):
        at = self._saved()
        case_id = id_of(at)
        at.switch_page("pages/benefit_drivers.py").run()
        retention(at).set_value("2,800").run()
        at.switch_page("pages/library.py").run()
        at.selectbox(key="library-restore").set_value(1).run()
        at.button(key="library-restore-go").click().run()
        assert case_of(at).drivers.retention.customers == 2700.0
        assert store().history(case_id)[0].action == "restored"

    def test_compare_two_cases(self):
        at = self._saved()
        first = id_of(at)
        other = store().create(with_value(sample_case(), "assumptions.discount_rate", 0.15), name="Higher rate")
        at.run()
        at.selectbox(key="compare-a").set_value(first).run()
        at.selectbox(key="compare-b").set_value(other.info.id).run()
        inputs = next(df.value for df in at.dataframe if "Input" in df.value.columns)
        rows = {row["Input"]: list(row)[1:] for _, row in inputs.iterrows()}
        assert rows["Discount rate (% a year)"] == ["10.0 %", "15.0 %"]
        assert [values for label, values in rows.items() if "Active customers" in label] == [["2,700", "2,000"]]


class TestPresentation:
    def _open(self, slide: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        if slide:
            at.query_params["slide"] = slide
        at.run()
        at.switch_page("pages/present.py").run()
        assert not at.exception, at.exception
        return at

    def test_next_and_previous_walk_the_slides(self):
        at = self._open()
        assert at.title[0].value == "The decision"
        assert at.button(key="present-previous").disabled
        at.button(key="present-next").click().run()
        assert at.title[0].value == "Cumulative net cash flow"
        at.button(key="present-next").click().run()
        assert at.title[0].value == "Benefits by area"
        at.button(key="present-previous").click().run()
        assert at.title[0].value == "Cumulative net cash flow"

    def test_no_input_on_a_slide(self):
        at = self._open()
        assert not at.number_input and not at.slider and not at.text_input
        assert [m.label for m in at.main.metric] == ["NPV", "ROI", "IRR", "Payback"]

    def test_chosen_order_and_the_last_slide(self):
        at = self._open()
        at.multiselect(key="present-order").set_value(["risk", "headline"]).run()
        assert at.title[0].value == "Sensitivity: what moves the NPV most"
        at.button(key="present-next").click().run()
        assert at.title[0].value == "The decision"
        assert at.button(key="present-next").disabled

    def test_the_slide_number_in_the_url_survives_a_refresh(self):
        at = self._open(slide="3")
        assert at.title[0].value == "Benefits by area"
        assert self._open(slide="not a number").title[0].value == "The decision"


def test_report_page_offers_the_pdf_and_chart_files():
    at = session("pages/report.py")
    assert at.title[0].value == "Executive report"
    assert at.info[0].value.startswith("Pays back in 32 months")


def test_a_new_session_never_draws_its_widgets_under_the_last_sessions_keys():
    """A tab reconnected after a server restart is a new session on the same case: its bound widgets get keys the
    browser holds no value for (a value typed before the crash would otherwise show in the new widget), however
    often the case was replaced in either session."""
    from tests.app.bound import bound_key

    first = session()
    retention(first).set_value("2,345").run()
    again = session(case_id=id_of(first))
    third = session(case_id=id_of(first))
    keys = {bound_key(at, "drivers.retention.customers") for at in (first, again, third)}
    assert len(keys) == 3
    assert retention(again).value == retention(third).value == "2,345"
