"""Guided set-up: from a blank case to a first business case in five steps (company, CRM and users, costs,
benefits, review). Each step edits the case the usual way; the step is kept in the session."""

import streamlit as st

from ui.i18n import glossary, t
from ui.setup import VIEWS, blank_offer, step_bar, step_buttons

st.title(t("nav.setup"),  # with the page's abbreviations explained in its help
         help=glossary("npv", "roi", "payback", "tei"))
st.caption(t("setup.caption"))
blank_offer()
step = step_bar()
VIEWS[step]()
st.divider()
step_buttons(step)
