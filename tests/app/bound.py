"""The widget bound to a case field (ui.state.bind), found as a person finds it: whatever case generation the
session is on (its key names the generation, so that values sent for a replaced case are never saved)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def bound_key(at: AppTest, path: str) -> str:
    """The key the session's current generation gives the widget of ``path`` (the session has run: it has one)."""
    return f"bind:{at.session_state['bind-generation']}:{path}"


def bound(at: AppTest, kind: str, path: str):
    """The ``kind`` widget (``"number_input"``, ``"slider"``...) bound to the case field ``path``."""
    return getattr(at, kind)(key=bound_key(at, path))


def retention(at: AppTest):
    """The number of retained customers (the Benefits page's first input), which the library tests edit: a text
    input that shows the number with the viewer's thousands separators (ui.state.amount_input), so a test types
    text (``"2,345"`` in English, ``"2.345"`` in Spanish, or plain digits) and reads the text shown."""
    return bound(at, "text_input", "drivers.retention.customers")
