"""The session's current case in ``st.session_state``: read it, or replace it wholesale (a case from the library).

The lowest layer of the UI's state: it imports nothing of ``ui`` that saves. :mod:`ui.library` uses it to put a
library case on screen; :mod:`ui.state` (widgets, tables and accepted changes, which it saves through
:mod:`ui.library`) builds on it. So the imports go one way: ``ui.state`` -> ``ui.library`` -> ``ui.current``.
"""

from __future__ import annotations

import secrets

import streamlit as st

from crm_case import Case, sample_case

CASE_KEY = "case"
ERROR = "bind-error:"
"""Key prefix of a refused value's message, per field path or table section."""
GENERATION = "bind-generation"
"""``<session>.<n>``: bumped whenever the whole case is replaced: widget and table keys name it, so edits made on the
replaced case are never applied to the new one. It starts from a token drawn for the session: a new session (a tab
reconnected after a server restart) never draws its widgets under keys the browser still holds values for from
the last session (a value typed just before a crash, which the browser would otherwise show as the new widget's)."""


def get_case() -> Case:
    """The session's case, the sample case on first use."""
    if CASE_KEY not in st.session_state:
        st.session_state[CASE_KEY] = sample_case()
    return st.session_state[CASE_KEY]


def put_case(case: Case) -> None:
    """Make ``case`` the session's case, nothing more (no save, widgets kept): for a change the caller saves."""
    st.session_state[CASE_KEY] = case


def generation() -> str:
    """This session's token and how many times its case has been replaced wholesale (see :data:`GENERATION`)."""
    if GENERATION not in st.session_state:
        st.session_state[GENERATION] = f"{secrets.token_hex(4)}.0"
    return st.session_state[GENERATION]


def replace_case(case: Case) -> None:
    """Make ``case`` the session's case without saving it (it came from the library), forgetting refused
    values and redrawing every widget and table from it under new keys (the generation), so no value the browser
    still holds for the old widgets (a value typed before a restart, a rerun it queued) is applied to it."""
    st.session_state[CASE_KEY] = case
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(ERROR)]:
        del st.session_state[key]
    session, count = generation().rsplit(".", 1)
    st.session_state[GENERATION] = f"{session}.{int(count) + 1}"
