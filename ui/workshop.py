"""The workshop's live voting in the app: the facilitator's room on the Advantages and Readiness pages, the
participant's phone page (``/vote``), and the join slide's QR code. The rooms and votes live in the case library's
database (:mod:`crm_case.rooms`); this module draws them and turns a closed room into one new version of the case."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from ui.i18n import t
from ui.text import literal

VOTE_PATH = "vote"
"""The participant page's url_path (app.py's router): ``/vote?room=<token>``; ``/vote`` alone asks for the code."""


def _base_url() -> str:
    """The app's address as the viewer's browser reaches it, without the page's path, query or anchor: from
    ``st.context.url`` (the page's path, which Streamlit appends, trimmed), else the request's ``Host`` and
    ``X-Forwarded-Proto`` headers, else ``http://localhost:8501`` (a test without a browser)."""
    url = st.context.url
    if url:
        try:  # Streamlit's own inverse of the page path it appended to the browser's address
            from streamlit.runtime.context_util import maybe_trim_page_path
            from streamlit.runtime.scriptrunner import get_script_run_ctx

            ctx = get_script_run_ctx()
            if ctx is not None:
                return maybe_trim_page_path(url, ctx.pages_manager).rstrip("/")
        except Exception:  # an internal API moved: fall back on the address's last path segment
            pass
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, parts.netloc, parts.path.rsplit("/", 1)[0], "", "")).rstrip("/")
    headers = st.context.headers or {}
    host = headers.get("X-Forwarded-Host") or headers.get("Host")
    if host:
        scheme = (headers.get("X-Forwarded-Proto") or "http").split(",")[0].strip()
        return f"{scheme}://{host.split(',')[0].strip()}"
    return "http://localhost:8501"


def _fluid(svg: str) -> str:
    """``svg`` scaled to fill its box: the XML declaration dropped, and the root element's fixed width and height
    replaced by 100 % and a viewBox of the same size (kept when it has one), so the code keeps its shape."""
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:
        return svg
    tag = match.group(0)
    size = {k: v for k, v in re.findall(r'\s(width|height)="([\d.]+)', tag)}
    tag = re.sub(r'\s(width|height)="[^"]*"', "", tag)
    if "viewBox" not in tag and len(size) == 2:
        tag = tag[:-1] + f' viewBox="0 0 {size["width"]} {size["height"]}">'
    return tag[:-1] + ' width="100%" height="100%">' + svg[match.end():]


def join_url(room: Any) -> str:
    """The participant's link to ``room``: the app's absolute address, page ``/vote``, ``?room=<token>``."""
    return f"{_base_url()}/{VOTE_PATH}?{urlencode({'room': room.token})}"


def show_join(container: Any, room: Any, *, large: bool) -> None:
    """The way into ``room`` for the people in the meeting: its QR code (``crm_case.rooms.qr_svg`` of
    :func:`join_url`; ``large``: the size of a slide, else a side panel's), its short code to type at ``/vote``
    and the link as text, to copy."""
    from crm_case.rooms import qr_svg

    url = join_url(room)
    size = "min(60vh, 100%)" if large else "min(260px, 100%)"
    container.html(f'<div role="img" aria-label="{html.escape(t("workshop.join.qr"))}" '
                   f'style="width:{size};aspect-ratio:1/1;margin:0 auto">{_fluid(qr_svg(url, scale=10))}</div>')
    code = room.code
    if large:
        container.markdown(f"<div style='text-align:center;font-size:2.2rem'>{html.escape(t('workshop.join.code'))} "
                           f"<b style='font-family:monospace;letter-spacing:.08em'>{html.escape(code)}</b></div>",
                           unsafe_allow_html=True)
    else:
        container.markdown(f"{t('workshop.join.code')} **{literal(code)}**")
    container.caption(t("workshop.join.link"))
    container.code(url, language=None, wrap_lines=True)
