"""Guided set-up: from a blank case to a first business case, step by step (being written)."""

import streamlit as st

from ui.i18n import t

st.title(t("nav.setup"))
