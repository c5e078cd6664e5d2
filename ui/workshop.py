"""The workshop's live voting in the app: the facilitator's room on the Advantages and Readiness pages, the
participant's phone page (``/vote``), and the join slide's QR code. The rooms and votes live in the case library's
database (:mod:`crm_case.rooms`); this module draws them and turns a closed room into one new version of the case
(through ``ui.state.set_case``, so the version's author is the facilitator's session, as for any edit)."""

from __future__ import annotations

import base64
import html
import math
import os
import re
import secrets
import textwrap
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import altair as alt
import pandas as pd
import streamlit as st

from crm_case import CrmCaseError, StoreError, with_values
from crm_case.model import READINESS_AREAS
from crm_case.rooms import (
    MAX_NAME,
    Room,
    RoomClosed,
    RoomError,
    RoomKind,
    RoomNotFound,
    RoomStore,
    Vote,
    participants_from_votes,
    qr_svg,
)
from crm_case.scoring import (
    readiness_from_votes,
    readiness_room,
    score,
    votes,
)
from ui import library
from ui.format import number, stamp
from ui.i18n import localized, t
from ui.scoring import disputed_rule
from ui.state import get_case, set_case
from ui.story import scoring_verdict
from ui.text import literal

VOTE_SHOWN = "workshop:vote-page"
"""Session state key: this session has shown the vote page (the router keeps it in the navigation)."""
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


def qr_image(svg: str, label: str) -> str:
    """An ``<img>`` of the QR code ``svg`` (a data URI: Streamlit's ``st.html`` sanitises inline SVG away, an image
    it keeps), filling its box's width; ``label`` is its alternative text."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(label)}" '
            f'style="display:block;width:100%;height:auto;image-rendering:pixelated">')


def join_url(room: Any) -> str:
    """The participant's link to ``room``: the app's absolute address, page ``/vote``, ``?room=<token>``."""
    return f"{_base_url()}/{VOTE_PATH}?{urlencode({'room': room.token})}"


def show_join(container: Any, room: Any, *, large: bool) -> None:
    """The way into ``room`` for the people in the meeting: its QR code (``crm_case.rooms.qr_svg`` of
    :func:`join_url`; ``large``: the size of a slide, else a side panel's), its short code to type at ``/vote``
    and the link as text, to copy."""
    url = join_url(room)
    size = "min(60vh, 100%)" if large else "min(320px, 100%)"
    container.html(f'<div style="width:{size};margin:0 auto">{qr_image(qr_svg(url), t("workshop.join.qr"))}</div>')
    code = room.display_code
    if large:
        container.markdown(f"<div style='text-align:center;font-size:2.2rem'>{html.escape(t('workshop.join.code'))} "
                           f"<b style='font-family:monospace;letter-spacing:.08em'>{html.escape(code)}</b></div>",
                           unsafe_allow_html=True)
    else:
        container.markdown(f"{t('workshop.join.code')} **{literal(code)}**")
    container.caption(t("workshop.join.link"))
    container.code(url, language=None, wrap_lines=True)


# ------------------------------------------------------------------ the rooms of the session's library
WATCH_VARIABLE = "CRM_CASE_WORKSHOP_SECONDS"
DEFAULT_WATCH_SECONDS = 3.0


def watch_seconds(environ=os.environ) -> float:
    """Seconds between two looks of the facilitator's view at the room's votes (``CRM_CASE_WORKSHOP_SECONDS``,
    default 3: a vote shows within a few seconds, and a room of 50 costs one small query per look)."""
    try:
        seconds = float(environ.get(WATCH_VARIABLE, "").strip() or DEFAULT_WATCH_SECONDS)
    except ValueError:
        seconds = DEFAULT_WATCH_SECONDS
    return seconds if seconds > 0 and math.isfinite(seconds) else DEFAULT_WATCH_SECONDS


@st.cache_resource(show_spinner=False)
def _room_store(url: str, _store: Any) -> RoomStore:
    return RoomStore(_store)


def rooms() -> RoomStore | None:
    """The rooms of the session's case library, ``None`` while saving is off (``library.saving_off`` says why)."""
    store = library.store()
    return None if store is None else _room_store(library.library_url(), store)


def vote_requested(page: Any) -> bool:
    """Whether this run shows the participant's page ``page`` (the router then hides the navigation and draws no
    sidebar). Asked before ``st.navigation`` resolves the page: the address's page name, or the page a widget of
    the vote page reran (Streamlit's pages manager; ``False`` if that internal API moved, and the router still
    hides the sidebar once the page is known)."""
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        pages = get_script_run_ctx().pages_manager
        wanted = pages.intended_page_script_hash
        if wanted:
            return wanted == page._script_hash
        return (pages.intended_page_name or "").strip("/") == VOTE_PATH
    except Exception:  # an internal API moved: the router falls back on the resolved page
        return False


def _client() -> str:
    """Who types a code, for the engine's rate limit: the first address of ``X-Forwarded-For`` (behind a proxy),
    else the connection's address, else "local"."""
    forwarded = (st.context.headers or {}).get("X-Forwarded-For") or ""
    return forwarded.split(",")[0].strip() or st.context.ip_address or "local"


def _error_line(error: Exception) -> None:
    """A room's refusal or the library's failure, in one line."""
    if isinstance(error, RoomClosed):
        st.info(t("workshop.vote.closed"), icon=":material/lock:")
    elif isinstance(error, RoomNotFound):
        st.warning(t("workshop.vote.unknown"), icon=":material/link_off:")
    elif isinstance(error, RoomError):
        st.error(literal(localized(error)), icon=":material/block:")
    else:
        st.error(t("workshop.unavailable"), icon=":material/cloud_off:")


# ------------------------------------------------------------------ the participant's page
def _item_label(room: Room, item: str) -> str:
    return t(f"readiness.area.{item}") if room.kind is RoomKind.READINESS else literal(item)


def participant_page() -> None:
    """The phone page: the code box (no ``room`` in the address), or the room's items to score and the
    participant's own vote, nothing else of the case. The participant's device key ``me`` is kept in the address,
    so a refresh finds their vote again."""
    st.html("<style>[data-testid='stSidebar'],[data-testid='stSidebarCollapsedControl'],"
            "[data-testid='stExpandSidebarButton']{display:none}"
            "[data-testid='stMainBlockContainer']{max-width:40rem;padding:2.5rem 1rem 3rem}</style>")
    st.session_state[VOTE_SHOWN] = True
    st.title(t("workshop.vote.title"))
    store = rooms()
    if store is None:
        st.error(t("workshop.unavailable"), icon=":material/cloud_off:")
        return
    token = st.query_params.get("room")
    if not token:
        _code_box(store)
        return
    try:
        room = store.room(token)
    except (RoomError, StoreError) as error:
        _error_line(error)
        return
    if not store.is_open(room):
        _error_line(RoomClosed(""))
        return
    me = st.query_params.get("me") or ""
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", me):
        me = st.query_params["me"] = secrets.token_urlsafe(12)
    try:
        mine = next((v for v in store.votes(room.id) if v.voter == me), None)
    except StoreError as error:
        _error_line(error)
        return
    _ballot(store, room, me, mine)


def _code_box(store: RoomStore) -> None:
    with st.form("vote-code", border=True):
        code = st.text_input(t("workshop.code.label"), max_chars=12, placeholder="K7M-Q3P",
                             help=t("workshop.code.help"))
        go = st.form_submit_button(t("workshop.code.join"), type="primary", icon=":material/login:",
                                   width="stretch")
    if go:
        try:
            room = store.by_code(code, client=_client())
        except (RoomError, StoreError) as error:
            _error_line(error)
            return
        st.query_params["room"] = room.token
        st.rerun()


_SENT = "workshop:sent"


def _ballot(store: RoomStore, room: Room, me: str, mine: Vote | None) -> None:
    """The form: a name (optional when the room allows anonymous votes), a score per item (and a weight, when
    the room asks for weights), submit; then the vote as the room holds it."""
    readiness = room.kind is RoomKind.READINESS
    st.caption(t("workshop.vote.intro.readiness" if readiness else "workshop.vote.intro"))
    def start(key: str, value: Any) -> str:  # the vote as held, only when first drawn: the form keeps what is typed
        if key not in st.session_state:
            st.session_state[key] = value
        return key

    with st.form(f"ballot:{room.id}", border=False):
        name = st.text_input(t("workshop.vote.name.optional" if room.anonymous else "workshop.vote.name"),
                             max_chars=MAX_NAME, key=start(f"ballot-name:{room.id}", mine.name if mine else ""))
        scores: dict[str, float] = {}
        weights: dict[str, float] = {}
        for i, item in enumerate(room.items):
            with st.container(border=True):
                if readiness:
                    held = int(mine.scores.get(item, 3)) if mine else 3
                    scores[item] = st.slider(_item_label(room, item), 1, 5, key=start(f"ballot:{room.id}:{i}", held),
                                             help=t(f"readiness.help.{item}"))
                else:
                    side = room.sides[i] if i < len(room.sides) else "advantage"
                    st.markdown(f"**{literal(item)}**  \n:gray[{t(f'scoring.side.{side}')}]")
                    held = float(mine.scores.get(item, 5.0)) if mine else 5.0
                    scores[item] = st.slider(t("workshop.vote.score"), 0.0, 10.0, step=0.5, format="%.1f",
                                             key=start(f"ballot:{room.id}:{i}", held))
                    if room.ask_weights:
                        held = int(mine.weights.get(item, 50)) if mine else 50
                        weights[item] = st.slider(t("workshop.vote.weight"), 0, 100, step=5,
                                                  key=start(f"ballot-weight:{room.id}:{i}", held),
                                                  help=t("workshop.vote.weight.help"))
        sent = st.form_submit_button(t("workshop.vote.change" if mine else "workshop.vote.submit"), type="primary",
                                     icon=":material/how_to_vote:", width="stretch", key=f"ballot-send:{room.id}")
    if sent:
        try:
            store.vote(room.token, me, name=name, scores=scores, weights=weights or None)
        except (RoomError, StoreError) as error:
            _error_line(error)
            return
        st.session_state[_SENT] = True
        st.rerun()  # the page as it is now: "Change my vote", and the vote as the room holds it
    if st.session_state.pop(_SENT, False):
        st.success(t("workshop.vote.done"), icon=":material/check_circle:")
    if mine is not None:
        _own_vote(room, mine)


def _own_vote(room: Room, vote: Vote) -> None:
    """The participant's vote as the room holds it, with the time of its last change."""
    with st.container(border=True, key="own-vote"):
        who = literal(vote.name) if vote.name else t("workshop.vote.anonymous")
        st.markdown(t("workshop.vote.yours", who=who, when=stamp(vote.updated_at)))
        lines = []
        for item in room.items:
            if item in vote.scores:
                weight = (t("workshop.vote.yours.weight", weight=number(vote.weights[item], "0"))
                          if item in vote.weights else "")
                lines.append(f"- {_item_label(room, item)}: **{number(vote.scores[item], '0.#')}**{weight}")
        st.markdown("\n".join(lines))
        st.caption(t("workshop.vote.until"))


# ------------------------------------------------------------------ the facilitator's view
_MESSAGE = "workshop:message"


def live_voting(kind: RoomKind) -> None:
    """The live vote of the session's case on this page (``kind``): its options and "Start live voting" when no
    room of the case is open (and "Reopen voting" for the last one), else the open room, redrawn every
    :func:`watch_seconds` by itself."""
    if message := st.session_state.pop(_MESSAGE, None):
        (st.success if message[0] == "success" else st.error)(message[1])
    if library.read_only():  # a viewer opens, reopens and closes no vote: closing one saves its votes into the case
        st.caption(t("team.viewer.live"))
        return
    store, case_id, room = rooms(), library.case_id(), None
    if store is not None and case_id:
        try:
            room = store.current(case_id, kind)
        except StoreError as error:
            _error_line(error)
            return
    if room is not None and store.is_open(room):
        _live(kind.value, room.id)
    else:
        _start_form(kind, room)


def _start_form(kind: RoomKind, last: Room | None) -> None:
    scoring = kind is RoomKind.SCORING
    with st.container(border=True, key=f"live-start-{kind.value}"):
        st.markdown(f"**{t('workshop.live')}**")
        st.caption(t("workshop.live.caption" if scoring else "workshop.live.caption.readiness"))
        left, right = st.columns(2)
        anonymous = left.toggle(t("workshop.option.anonymous"), key=f"live-anonymous-{kind.value}",
                                help=t("workshop.option.anonymous.help"))
        weights = right.toggle(t("workshop.option.weights"), key="live-weights",
                               help=t("workshop.option.weights.help")) if scoring else False
        empty = scoring and not get_case().scoring.criteria
        if empty:
            st.caption(t("workshop.start.no_criteria"))
        buttons = st.columns(2)
        if buttons[0].button(t("workshop.start"), type="primary", icon=":material/how_to_vote:", disabled=empty,
                             key=f"live-open-{kind.value}", width="stretch"):
            _open(kind, anonymous=anonymous, ask_weights=weights)
            st.rerun()
        if last is not None:
            if buttons[1].button(t("workshop.reopen"), icon=":material/replay:", key=f"live-reopen-{kind.value}",
                                 width="stretch", help=t("workshop.reopen.help")):
                _reopen(last)
                st.rerun()
            st.caption(t("workshop.last", when=stamp(last.closed_at or last.expires_at)))


def _saved_case_id() -> str | None:
    """The session's case id in the library, saving the case first when it is not there yet or has unsaved
    changes (a room belongs to a library case); ``None``, with the reason left for the page, when it cannot be."""
    case = get_case()
    if library.case_id() is None or library.unsaved(case):
        library.autosave(case)
    if library.case_id() is None or rooms() is None or library.conflict():
        reason = library.conflict() or (localized(library.saving_off()) if library.saving_off() else "")
        st.session_state[_MESSAGE] = ("error", t("workshop.start.unsaved", reason=literal(reason)))
        return None
    return library.case_id()


def _open(kind: RoomKind, *, anonymous: bool, ask_weights: bool) -> None:
    case_id = _saved_case_id()
    if case_id is None:
        return
    criteria = get_case().scoring.criteria
    items = [c.name for c in criteria] if kind is RoomKind.SCORING else list(READINESS_AREAS)
    sides = [c.side.value for c in criteria] if kind is RoomKind.SCORING else []
    try:
        rooms().open(case_id, kind, items, sides=sides, anonymous=anonymous, ask_weights=ask_weights,
                     opened_by=library.author())
    except (RoomError, StoreError) as error:
        st.session_state[_MESSAGE] = ("error", literal(localized(error)))


def _reopen(room: Room) -> None:
    if _saved_case_id() is None:
        return
    try:
        rooms().reopen(room.id)
    except (RoomError, StoreError) as error:
        st.session_state[_MESSAGE] = ("error", literal(localized(error)))


def _anonymous_name(n: int) -> str:
    return t("workshop.anonymous.n", n=n)


def _room_change(room: Room, held: list[Vote]) -> dict[str, Any]:
    """The change (for ``with_values``) that brings the room's votes into the case: the participants (scoring,
    with the votes' aggregate scoring on) or the readiness scores and votes (each area's median, rounded half
    up: :func:`crm_case.scoring.readiness_from_votes`). No votes: no change."""
    if not held:
        return {}
    people = participants_from_votes(room, held, anonymous_name=_anonymous_name)
    if room.kind is RoomKind.READINESS:
        return readiness_from_votes(people)
    return {"scoring.participants": people, "scoring.use_votes": True}


def _close(room_id: str) -> None:
    """Close the room and write its votes into the case as one new version (``set_case``: the session's author)."""
    try:
        room, held = rooms().close(room_id, by=library.author())
        change = _room_change(room, held)
        if change:
            set_case(with_values(get_case(), change))
        st.session_state[_MESSAGE] = ("success", t("workshop.closed", count=len(held)))
    except (CrmCaseError, AttributeError) as error:  # AttributeError: saving went off (no rooms)
        st.session_state[_MESSAGE] = ("error", literal(localized(error)) if isinstance(error, CrmCaseError)
                                      else t("workshop.unavailable"))


@st.fragment(run_every=watch_seconds())
def _live(kind_value: str, room_id: str) -> None:
    """The open room, drawn again every few seconds: the way in, who has voted, the spread, the verdict."""
    kind, store = RoomKind(kind_value), rooms()
    try:
        room = store.current(library.case_id(), kind) if store else None
        held = store.votes(room_id) if room is not None and room.id == room_id else []
    except StoreError as error:
        _error_line(error)
        return
    if room is None or room.id != room_id or not store.is_open(room):
        st.rerun(scope="app")  # closed elsewhere (another tab, or it expired): the whole page shows it
    with st.container(border=True, key=f"live-{kind_value}"):
        st.markdown(f"**{t('workshop.live.open')}**")
        left, right = st.columns([2, 3], gap="large")
        show_join(left, room, large=False)
        try:
            case = with_values(get_case(), _room_change(room, held)) if held else None
        except CrmCaseError as error:  # the votes no longer fit the case (its criteria changed meanwhile)
            case = None
            st.error(literal(localized(error)), icon=":material/block:")
        with right:
            _voters(room, held)
            if case is not None and kind is RoomKind.SCORING:
                st.markdown(f"**{t('workshop.verdict')}** {scoring_verdict(score(case.scoring))}")
        if case is not None:
            (_scoring_room if kind is RoomKind.SCORING else _readiness_room)(case, room)
        st.caption(t("workshop.close.caption" if kind is RoomKind.SCORING else "workshop.close.caption.readiness"))
        if st.button(t("workshop.close"), type="primary", icon=":material/lock:", key=f"live-close-{kind_value}"):
            _close(room_id)
            st.rerun(scope="app")


def _voters(room: Room, held: list[Vote]) -> None:
    names, anonymous = [], 0
    for vote in held:
        if vote.name:
            names.append(literal(vote.name))
        else:
            anonymous += 1
    if anonymous:
        names.append(t("workshop.voters.anonymous", count=anonymous))
    st.metric(t("workshop.voters"), len(held), border=True)
    st.markdown(", ".join(names) if names else t("workshop.voters.none"))
    st.caption(t("workshop.opened", when=stamp(room.opened_at), until=stamp(room.expires_at),
                 anonymous=t("workshop.opened.anonymous") if room.anonymous else ""))


def _scoring_room(case: Any, room: Room) -> None:
    scoring = case.scoring
    stats = votes(scoring)
    names = [c.name for c in scoring.criteria]
    given = [[v for p in scoring.participants for k, v in p.scores.items() if k.lower() == n.lower()] for n in names]
    aggregate = scoring.aggregate.value
    frame = spread_frame([n for n in names], given, list(stats[aggregate]))
    st.altair_chart(spread_chart(frame, domain=(0, 10), labels={
        "axis": t("workshop.chart.axis"), "item": t("scoring.criterion"), "votes": t("scoring.votes"),
        "mark": t(f"scoring.aggregate.{aggregate}")}), width="stretch")
    disputed = [literal(n) for n, d in zip(stats["criterion"], stats["disputed"], strict=True) if d]
    st.markdown(t("workshop.disputed", items=", ".join(disputed)) if disputed else t("workshop.disputed.none"))
    st.caption(disputed_rule())


def _readiness_room(case: Any, room: Room) -> None:
    stats = readiness_room(case.readiness)
    given = [[v.scores[a] for v in case.readiness.votes] for a in READINESS_AREAS]
    frame = spread_frame([t(f"readiness.area.{a}") for a in READINESS_AREAS], given, list(stats["mean"]))
    st.altair_chart(spread_chart(frame, domain=(1, 5), labels={
        "axis": t("readiness.axis"), "item": t("readiness.area"), "votes": t("scoring.votes"),
        "mark": t("scoring.aggregate.mean")}), width="stretch")
    disputed = [t(f"readiness.area.{a}") for a, d in zip(stats["area"], stats["disputed"], strict=True) if d]
    st.markdown(t("workshop.disputed", items=", ".join(disputed)) if disputed else t("workshop.disputed.none"))
    st.caption(disputed_rule())


def spread_frame(items: list[str], given: list[list[float]], marks: list[float]) -> pd.DataFrame:
    """Tidy rows for :func:`spread_chart`: one per item and score given (``count`` people gave it, ``kind``
    "vote"), and one per item for the room's mean or median (``kind`` "mark", absent when nobody scored it)."""
    rows = []
    for item, values, mark in zip(items, given, marks, strict=True):
        label = "\n".join(textwrap.wrap(item, 30, max_lines=3, placeholder="…")) or item
        for value, count in pd.Series(values, dtype=float).dropna().value_counts().sort_index().items():
            rows.append({"item": item, "label": label, "score": float(value), "count": int(count), "kind": "vote"})
        if mark is not None and not math.isnan(float(mark)):
            rows.append({"item": item, "label": label, "score": float(mark), "count": 0, "kind": "mark"})
    return pd.DataFrame(rows, columns=["item", "label", "score", "count", "kind"])


def spread_chart(frame: pd.DataFrame, *, domain: tuple[float, float], labels: dict[str, str]) -> alt.LayerChart:
    """Each item's scores as dots on the whole scale (``domain``, the axis labelled ``labels["axis"]``), a dot's
    area growing with how many people gave that score; the room's mean or median (``labels["mark"]``) as a
    vertical tick. One row per item, its name written on up to three lines (``label``: lines split by ``\\n``)."""
    order = list(dict.fromkeys(frame["label"]))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(
        labelLimit=260, labelFontSize=12, labelLineHeight=14, labelOverlap=False,
        labelExpr="split(datum.label, '\\n')"))
    x = alt.X("score:Q", scale=alt.Scale(domain=list(domain), nice=False),
              axis=alt.Axis(title=labels["axis"], tickMinStep=1, values=list(range(int(domain[0]),
                                                                               int(domain[1]) + 1))))
    base = alt.Chart(frame)
    dots = base.transform_filter(alt.datum.kind == "vote").mark_circle(color="#2F6DB5", opacity=0.6).encode(
        x=x, y=y, size=alt.Size("count:Q", legend=None, scale=alt.Scale(range=[80, 600])),
        tooltip=[alt.Tooltip("item:N", title=labels["item"]), alt.Tooltip("score:Q", title=labels["axis"]),
                 alt.Tooltip("count:Q", title=labels["votes"])])
    marks = base.transform_filter(alt.datum.kind == "mark").mark_tick(color="#C2410C", thickness=3, size=26).encode(
        x=x, y=y, tooltip=[alt.Tooltip("item:N", title=labels["item"]),
                           alt.Tooltip("score:Q", title=labels["mark"], format=".1f")])
    return alt.layer(dots, marks).properties(height=52 * max(len(order), 1) + 40)


def readiness_votes(case: Any) -> None:
    """The readiness votes the case holds (from the last closed room): each area's mean, median, spread and
    votes, the disputed ones highlighted; the scores above are the medians, rounded half up."""
    if not case.readiness.votes:
        return
    stats = readiness_room(case.readiness)
    st.markdown(t("workshop.readiness.held", count=len(case.readiness.votes)))
    names = {"area": t("readiness.area"), "mean": t("scoring.mean"), "median": t("scoring.median"),
             "min": t("workshop.min"), "max": t("workshop.max"), "iqr": t("workshop.iqr"),
             "votes": t("scoring.votes"), "disputed": t("scoring.disputed")}
    order = ["area", "disputed", "votes", "mean", "median", "iqr", "min", "max"]  # disputed in view when narrow
    shown = stats.assign(area=[t(f"readiness.area.{a}") for a in stats["area"]])[
        [c for c in order if c in stats.columns] + [c for c in stats.columns if c not in order]].rename(columns=names)
    styled = shown.style.format({names[k]: "{:.1f}" for k in ("mean", "median", "min", "max", "iqr")},
                                na_rep="–").apply(
        lambda row: ["background-color: #FBE3D6; font-weight: bold" if row[names["disputed"]] else ""
                     for _ in row], axis=1)
    st.dataframe(styled, hide_index=True)
    st.caption(disputed_rule())
