"""Streamlit helpers shared by the pages: the case in session state, formatting, text."""
