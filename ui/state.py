"""The one source of truth: the case in ``st.session_state``."""

from __future__ import annotations

import streamlit as st

from crm_case import Case, sample_case

CASE_KEY = "case"


def get_case() -> Case:
    """The session's case, the sample case on first use."""
    if CASE_KEY not in st.session_state:
        st.session_state[CASE_KEY] = sample_case()
    return st.session_state[CASE_KEY]


def set_case(case: Case) -> None:
    """Replace the session's case (already validated: a :class:`Case` is valid by construction)."""
    st.session_state[CASE_KEY] = case
