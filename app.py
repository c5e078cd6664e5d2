"""crm-case: the Streamlit router. Pages live in pages/; the case lives in st.session_state (ui/state.py)."""

import logging
import os
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from crm_case import CrmCaseError, has_content, with_value
from crm_case.i18n import LANGUAGES
from ui import auth, i18n, library
from ui.format import money, months, percent, stamp
from ui.i18n import t
from ui.own_case import new_case_form, sample_summary
from ui.state import PageDone, collect_garbage, get_case, get_evaluation, get_recommendation, set_case
from ui.story import show_recommendation
from ui.text import literal
from ui.workshop import VOTE_SHOWN, vote_requested

PAGES = Path(__file__).parent / "pages"


SUMMARY_PATH = "executive-summary"  # the default page's name: its address is the root, Streamlit runs it for both
# Each page's url_path differs from its file name on purpose: Streamlit's AppTest otherwise confuses a
# navigation page with the legacy pages/ folder page of the same name and runs it without this router.


def _legacy_router() -> bool:
    """Whether Streamlit ran this script as a page of its legacy pages/ folder router (see
    :func:`_dismiss_spurious_not_found`): asked before st.navigation replaces that router's pages, which list
    app.py itself as their main page (no page of this router's is app.py). ``False`` if Streamlit's internals moved."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        manager = get_script_run_ctx().pages_manager
        return any(Path(info.get("script_path") or "").resolve() == Path(__file__).resolve()
                   for info in manager.get_pages().values() if info.get("url_pathname") is not None)
    except Exception:  # an internal API moved: nothing to dismiss
        return False


LEGACY_ROUTER = _legacy_router()  # before st.navigation
i18n.choose()  # first: every text below is in the viewer's language
# The participant's page of a live vote (a phone): that page only, no navigation, no sidebar, nothing of the case.
VOTE = st.Page(PAGES / "voting.py", title=t("workshop.vote.title"), icon=":material/how_to_vote:", url_path="vote",
               visibility="hidden")
voting = vote_requested(VOTE)
# Team mode (ui/auth.py: the secrets have an [auth] section): nothing of the app before sign-in. The pages stay
# registered (hidden), so that any address, a deep link included, resolves to its page without "Page not found"; the
# router then draws the sign-in page in place of it. The participant's vote page needs no sign-in (voting only).
signed_out = not voting and not auth.allowed()
# Registered only when asked for (or in a session that showed it: AppTest switches to it): a hidden page in the
# navigation narrows the other pages' main column in the browser (Streamlit 1.67).
st.set_page_config(page_title=t("workshop.vote.title") if voting else t("app.title"),
                   page_icon=":material/how_to_vote:" if voting else ":material/insights:",
                   layout="centered" if voting else "wide")
# Figures shrink with the width left beside the sidebar (about 300 px) rather than end in "€55…" on a
# 1024-pixel screen; labels and the "unadjusted" notes under them wrap instead of being cut.
st.html("""<style>
[data-testid="stMain"] [data-testid="stMetricValue"] {font-size: clamp(1.1rem, calc((100vw - 300px) / 38), 2.25rem);}
[data-testid="stMain"] [data-testid="stMetricLabel"] p,
[data-testid="stMain"] [data-testid="stMetricValue"] div,
[data-testid="stMain"] [data-testid="stMetricDelta"] .stMarkdownEllipsis,
[data-testid="stMain"] [data-testid="stMetricDelta"] p {white-space: normal; overflow: visible; text-overflow: clip;}
[data-testid="stMain"] [data-testid="stMetricDelta"] {height: auto; max-width: 100%;}
</style>""")

navigation = st.navigation(
    {
        t("nav.group.case"): [
            st.Page(PAGES / "summary.py", title=t("nav.summary"), icon=":material/dashboard:", default=True,
                    url_path=SUMMARY_PATH),
            st.Page(PAGES / "setup.py", title=t("nav.setup"), icon=":material/assistant_navigation:",
                    url_path="guided-setup"),
            st.Page(PAGES / "investment_costs.py", title=t("nav.investment"), icon=":material/payments:",
                    url_path="investment"),
            st.Page(PAGES / "benefit_drivers.py", title=t("nav.benefits"), icon=":material/trending_up:",
                    url_path="benefits"),
            st.Page(PAGES / "customers.py", title=t("nav.customers"), icon=":material/groups:",
                    url_path="customer-value"),
            st.Page(PAGES / "objectives_and_metrics.py", title=t("nav.goals"), icon=":material/flag:",
                    url_path="objectives"),
        ],
        t("nav.group.analysis"): [
            st.Page(PAGES / "cash_projections.py", title=t("nav.projections"), icon=":material/table_chart:",
                    url_path="projections"),
            st.Page(PAGES / "delay.py", title=t("nav.delay"), icon=":material/hourglass_top:",
                    url_path="cost-of-delay"),
            st.Page(PAGES / "risk.py", title=t("nav.risk"), icon=":material/casino:", url_path="risk-analysis"),
        ],
        t("nav.group.decide"): [
            st.Page(PAGES / "advantages_vs_disadvantages.py", title=t("nav.scoring"), icon=":material/balance:",
                    url_path="advantages"),
            st.Page(PAGES / "readiness.py", title=t("nav.readiness"), icon=":material/checklist:",
                    url_path="readiness-check"),
            st.Page(PAGES / "vendors.py", title=t("nav.vendors"), icon=":material/storefront:",
                    url_path="vendor-offers"),
        ],
        t("nav.group.data"): [
            st.Page(PAGES / "data.py", title=t("nav.data"), icon=":material/table_view:", url_path="excel"),
        ],
        t("nav.group.share"): [
            st.Page(PAGES / "library.py", title=t("nav.library"), icon=":material/folder_shared:",
                    url_path="case-library"),
            st.Page(PAGES / "report.py", title=t("nav.report"), icon=":material/picture_as_pdf:",
                    url_path="executive-report"),
            PRESENT := st.Page(PAGES / "present.py", title=t("nav.present"), icon=":material/slideshow:",
                               url_path="presentation"),
            *([VOTE] if voting or st.session_state.get(VOTE_SHOWN) else []),
        ],
    },
    expanded=True,
    # (position="sidebar" given explicitly narrows the main column)
    **({"position": "hidden"} if voting or signed_out else {}),
)


def _requested_page() -> str:
    """The page name in the address this run was asked for ("" for the root, or when Streamlit's internals moved)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        return (get_script_run_ctx().pages_manager.intended_page_name or "").strip("/")
    except Exception:  # an internal API moved: nothing to dismiss
        return ""


def _dismiss_spurious_not_found() -> None:
    """Close Streamlit's "Page not found" dialog when it is provably wrong: a deep link opened as the first visit
    after the server started.

    Why (Streamlit 1.67, streamlit/streamlit#8860 and #9992): a pages/ folder beside app.py makes the first
    session of a fresh server run through Streamlit's legacy pages/ router, which lists this folder's files
    (``cash_projections``) rather than this router's addresses (``projections``); it tells the browser "Page not
    found" *before* running app.py, whose st.navigation then finds and runs the right page. Later sessions never
    take that path (st.navigation switched it off for the whole process). The dialog is modal: the right page
    stays inert under it until closed.

    Closed only when both hold: this run went through the legacy router (:data:`LEGACY_ROUTER`), and the address's
    page is the page st.navigation resolved; a truly unknown address keeps Streamlit's message. Also closed for
    the default page's own name (/executive-summary), which Streamlit calls "not found" and then runs anyway. The
    dialog is closed (its close button, else Escape), not hidden, so the page under it is live again."""
    wanted = _requested_page()
    summary = wanted == SUMMARY_PATH and navigation.url_path == ""  # Streamlit says "not found" on every server
    if not (wanted and ((LEGACY_ROUTER and wanted == navigation.url_path) or summary)):
        return
    st.html("""<script>
(() => {
  const close = () => {
    const dialog = [...document.querySelectorAll('[role="dialog"]')]
      .find(d => d.textContent.includes("Page not found"));
    if (!dialog) return false;
    const button = dialog.querySelector('button[aria-label="Close"]');
    if (button) button.click();
    else document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    return true;
  };
  if (close()) return;
  const watch = new MutationObserver(() => { if (close()) watch.disconnect(); });
  watch.observe(document.body, {childList: true, subtree: true});
  setTimeout(() => watch.disconnect(), 30000);
})();
</script>""", unsafe_allow_javascript=True)


_dismiss_spurious_not_found()

NEW_CASE_OPEN = "sidebar-new-open"  # the key of the sidebar's "New case" popover: its state, open or not


def _button_then_rerun(container, label: str, action: Callable[[], object], **options) -> None:
    """A save-status button: its action changes the case every page shows, so the whole app runs again (a
    button inside the fragment below would otherwise rerun the fragment only)."""
    if container.button(label, **options):
        action()
        st.rerun()


def _save_as_copy() -> None:
    library.save_as_new(get_case())


def _retry() -> None:
    library.retry(get_case())


@st.fragment(run_every=library.watch_interval())
def _save_status() -> None:
    """Where the case is saved: version and time, unsaved changes, or why not (conflict, saving off), with the way
    out. Drawn after the page has run, so that it tells what the page's changes did; runs again on its own every
    few seconds to save what is unsaved (saving off, or a save a rerun cut short) and to show a version saved
    elsewhere (another tab or person) as it arrives."""
    case = get_case()
    before = library.case_id()
    if library.flush(case) and library.case_id() != before:
        st.rerun()  # a first save names the case and gives the URL its id: the whole app shows them
    head = library.changed_elsewhere()  # first: it may find the case gone, which is a conflict
    if message := library.conflict():
        st.error(message, icon=":material/sync_problem:")
        if not library.can_reload():  # deleted elsewhere, or gone: nothing to reload
            _button_then_rerun(st, t("library.conflict.copy"), _save_as_copy, key="conflict-copy", width="stretch",
                               type="primary")
        else:
            left, right = st.columns(2)
            _button_then_rerun(left, t("library.conflict.reload"), library.reload_from_library,
                               key="conflict-reload", width="stretch")
            _button_then_rerun(right, t("library.conflict.copy"), _save_as_copy, key="conflict-copy",
                               width="stretch")
    elif library.saving_off():
        st.warning(t("library.off.short"), icon=":material/cloud_off:")
        reason = i18n.localized(library.saving_off())
        st.caption(literal(reason[:1].upper() + reason[1:]))
        if library.case_id() and not library.unsaved(case):
            st.caption(t("library.off.nothing"))
        elif library.case_id():
            st.caption(t("library.off.pending", version=library.version()))
        else:
            st.caption(t("library.off.pending.new"))
        _button_then_rerun(st, t("library.retry"), _retry, key="library-retry", icon=":material/refresh:")
    elif head is not None:
        who = f"{literal(head.updated_by)}{t('format.list')}" if head.updated_by else ""
        if head.deleted:
            st.warning(t("library.elsewhere.deleted", who=who, when=stamp(head.deleted_at)),
                       icon=":material/delete:")
            _button_then_rerun(st, t("library.conflict.copy"), _save_as_copy, key="elsewhere-copy", width="stretch")
        else:
            st.info(t("library.elsewhere.newer", version=head.version, who=who, when=stamp(head.updated_at),
                      mine=library.version()), icon=":material/sync:")
            _button_then_rerun(st, t("library.elsewhere.load", version=head.version), library.reload_from_library,
                               key="elsewhere-load", type="primary", width="stretch")
    elif library.case_id() and library.unsaved(case):
        st.caption(f":material/sync: {library.status(case)}",
                   help=t("library.status.unsaved.help", version=library.version()))
    else:  # saved, or not in the library yet (with or without changes): library.status says which
        st.caption((":material/cloud_done: " if library.case_id() else "") + library.status(case))


# The page menu closes once a page is chosen on a narrow screen (768 px or less), where it covers the page.
# Streamlit closes it only when the browser calls itself a phone (its user agent): a narrow window, a tablet or a
# phone asking for the desktop site kept the menu open over the page just chosen. (A comment, not a docstring:
# Streamlit's magic would show a bare string on every page.)
NAV_CLOSES = """<script>
(() => {
  if (window.crmCaseNavCloses) return;  // once per page: the listener outlives the runs
  window.crmCaseNavCloses = true;
  const links = '[data-testid="stSidebarNav"] a, [data-testid="stSidebar"] [data-testid="stPageLink"] a';
  document.addEventListener("click", (event) => {
    if (!event.target.closest(links) || !window.matchMedia("(max-width: 768px)").matches) return;
    setTimeout(() => {  // after Streamlit's own handler, which closes it on a phone's browser only
      const sidebar = document.querySelector('[data-testid="stSidebar"]');
      if (sidebar && sidebar.getAttribute("data-collapsed") !== "true")
        sidebar.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
    }, 0);
  }, true);
})();
</script>"""


# Charts and tables side by side stack, one under the other, when their column would be narrower than 340 px (a
# 1024 px screen with the sidebar open leaves the page about 560 px): a chart squeezed to 200 px lost its bars,
# ticks and legend, a table its columns. Metric cards go two to a row rather than four of 130 px, whose notes
# wrapped over three lines. Streamlit stacks columns only below 640 px of window; rows without a chart
# or table (metric cards, buttons, a note and its button) keep their columns. (A comment, not a docstring: see above.)
STACK_NARROW = """<style>
[data-testid="stMain"] [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] :is(
    [data-testid="stVegaLiteChart"], [data-testid="stDataFrame"], [data-testid="stTable"])) { flex-wrap: wrap; }
[data-testid="stMain"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has(:is(
    [data-testid="stVegaLiteChart"], [data-testid="stDataFrame"], [data-testid="stTable"])) {
  min-width: min(100%, 340px);
}
@media (min-width: 641px) {  /* a phone's cards are laid out by the page (two to a row on the summary) */
  [data-testid="stMain"] [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap;
  }
  [data-testid="stMain"] [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:has([data-testid="stMetric"]) {
    min-width: min(100%, 180px);
  }
}
</style>"""


def _sidebar() -> Callable[[], None]:
    """The case's name and figures, then a place for the save status, drawn once the page has run (returned)."""
    case = get_case()
    figures = get_evaluation().adjusted
    currency = case.assumptions.currency
    with st.sidebar:
        st.markdown(f"### {literal(case.assumptions.name)}")
        st.caption(t("sidebar.currency", currency=currency))
        if has_content(case):
            st.metric(t("metric.npv"), money(figures.npv, currency, compact=True), help=t("glossary.npv"))
            st.metric(t("metric.roi"), percent(figures.roi.value, 0), help=t("glossary.roi"))
            st.metric(t("metric.payback"), months(figures.payback_months.value), help=t("glossary.payback"))
            show_recommendation(st, get_recommendation(), reasons=False)
        else:  # no NPV, ROI or payback of nothing
            st.caption(t("own.empty.sidebar"))
        status = st.container()
        if held := sample_summary():
            st.caption(f":material/science: {held}")
        st.page_link(PRESENT, label=t("sidebar.present"), icon=":material/slideshow:")
        _language_menu()
        auth.signed_in_box()
        if navigation.url_path != PRESENT.url_path:  # a slide has no inputs
            # drawn only while open (a rerun opens it): the form's six widgets cost every run 3 to 6 ms otherwise
            new = st.popover(t("sidebar.new"), icon=":material/note_add:", width="stretch", key=NEW_CASE_OPEN,
                             on_change="rerun")
            if new.open:
                with new:
                    new_case_form("sidebar-new")
        st.html(NAV_CLOSES, unsafe_allow_javascript=True)
        st.html(STACK_NARROW)

    def _status() -> None:
        with status:
            _save_status()
            if library.needs_name():
                _name_prompt()

    return _status


def _language_menu() -> None:
    """The viewer's language (theirs, not the case's); the choice is kept in the address."""
    current = i18n.language()
    st.session_state["language-menu"] = current if current in LANGUAGES else "en"  # the pseudo-language: English
    st.selectbox(t("sidebar.language"), list(LANGUAGES), format_func=LANGUAGES.__getitem__, key="language-menu",
                 on_change=lambda: i18n.switch(st.session_state["language-menu"]))


def _name_prompt() -> None:
    """Asked once, right after a case started from the sample or blank was first saved under a default name."""
    with st.container(border=True):
        st.text_input(t("sidebar.name.ask"), value=get_case().assumptions.name, max_chars=120, key="name-ask",
                      help=t("sidebar.name.help"), on_change=_rename)
        st.button(t("sidebar.name.keep"), key="name-keep", on_click=library.named, icon=":material/check:")


def _rename() -> None:
    """The name typed in the prompt, as any other edit of the case (validated, saved as a version)."""
    try:
        set_case(with_value(get_case(), "assumptions.name", st.session_state["name-ask"]))
    except CrmCaseError as error:
        st.toast(t("sidebar.name.refused", message=literal(i18n.localized(error))), icon=":material/block:")
        return
    library.named()


def _guarded(step: Callable[[], object], where: str) -> object:
    """The last resort: anything a page or the sidebar raises (a bug, or a value no check foresaw) becomes a
    message in place of Streamlit's error box; the case in the session and in the library is left as it was,
    and the other pages keep working. The details go to the server log, never to the page. With
    ``CRM_CASE_DEBUG=1`` (the tests set it) the failure is raised instead, so no test can pass over one."""
    try:
        return step()
    except PageDone:  # the page has nothing more to show (ui.state.stop_page)
        return None
    except Exception as error:  # every failure must end here rather than on the page
        if os.environ.get("CRM_CASE_DEBUG") == "1":
            raise
        logging.getLogger("crm_case").exception("%s failed", where)
        st.error(t("app.failed", what=t(f"app.failed.{where}"), error=type(error).__name__),
                 icon=":material/error:")
        return None


if navigation.url_path == VOTE.url_path:  # a participant: the vote page only (ui.workshop.participant_page)
    _guarded(navigation.run, "page")
    st.stop()
if not auth.allowed():  # team mode, not signed in: the sign-in page only, whatever the address asked for
    auth.sign_in_page(_language_menu)
    st.stop()
if auth.return_to_address():  # the address asked for before signing in (a shared link), once per session
    st.stop()
library.sync_with_url(get_case())
with st.sidebar:
    save_status = _guarded(_sidebar, "sidebar")
if notice := library.take_notice():
    st.warning(notice, icon=":material/link_off:")
if library.read_only():  # team mode, a case shared for viewing: every input is disabled, the library refuses saves
    st.info(t("team.viewer.banner"), icon=":material/visibility:")
_guarded(navigation.run, "page")
if save_status is not None:
    _guarded(save_status, "sidebar")
collect_garbage()  # at most every 30 s per process: Streamlit's collection after every run is off (config.toml)
