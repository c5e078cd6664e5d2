"""Case library: this case's link and history, every saved case, JSON in and out, and two cases compared.

The library is crm_case/store.py; what a session reads and does with it is ui/library.py; what this page draws is
ui/library_page.py."""

import streamlit as st

from ui import i18n, library, library_page, sharing
from ui.i18n import glossary, t
from ui.state import get_case
from ui.text import literal

case = get_case()
currency = case.assumptions.currency
st.title(t("library.title"),  # with the page's abbreviations explained in its help
         help=glossary("npv", "pv", "roi", "irr", "payback"))
st.caption(t("library.caption" if library.case_id() else "library.caption.new"))  # no link yet: none "below"
if reason := library.saving_off():
    st.warning(t("library.off", reason=literal(i18n.localized(reason))), icon=":material/cloud_off:")
library_page.this_case(case)
cases, deleted, problem = library.listing()
if problem:
    st.error(t("library.unreadable", reason=literal(i18n.localized(problem))), icon=":material/error:")

tab_cases, tab_history, tab_compare, tab_files, *tab_sharing = st.tabs(
    [t("library.tab.cases"), t("library.tab.history"), t("library.tab.compare"), t("library.tab.files"),
     *([t("team.tab")] if sharing.shown() else [])])
with tab_cases:
    library_page.cases_tab(case, cases, deleted)
with tab_history:
    library_page.history_tab(currency)
with tab_compare:
    library_page.compare_tab(cases, currency)
with tab_files:
    library_page.files_tab(case)
for tab in tab_sharing:  # team mode: who may open this case
    with tab:
        sharing.sharing_tab()
