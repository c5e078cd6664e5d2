"""AppTest of the workshop's live voting: the facilitator starts a vote on the Advantages (or Readiness) page,
votes arrive through RoomStore as phones would send them, the facilitator's view shows them, closing writes one
version holding them, reopening keeps them; the participant's page (vote, change, closed, unknown, wrong code)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from crm_case import CaseStore, sample_case
from crm_case.model import READINESS_AREAS
from crm_case.rooms import RoomKind, RoomStore
from ui.library import library_url
from ui.workshop import VOTE_SHOWN

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
CRITERIA = [c.name for c in sample_case().scoring.criteria]


def session(page: str | None = "pages/advantages_vs_disadvantages.py", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if page == "pages/voting.py":
        at.session_state[VOTE_SHOWN] = True  # a browser asks for /vote by its address; AppTest by the file
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def store() -> CaseStore:
    return CaseStore(library_url())


def rooms() -> RoomStore:
    return RoomStore(store())


def case_id(at: AppTest) -> str | None:
    return at.session_state["library:link"].case_id


def button(at: AppTest, key: str):
    return at.button(key=key)


def text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [e.value for e in at.error]
    parts += [w.value for w in at.warning] + [i.value for i in at.info] + [s.value for s in at.success]
    return "\n".join(parts)


def open_scoring_vote(at: AppTest, *, anonymous: bool = False):
    """Start a live vote as the facilitator does; returns the room (the case was saved first)."""
    if anonymous:
        at.toggle(key="live-anonymous-scoring").set_value(True).run()
    button(at, "live-open-scoring").click().run()
    assert not at.exception, at.exception
    assert case_id(at) is not None  # a vote belongs to a library case: the sample was saved first
    room = rooms().current(case_id(at), RoomKind.SCORING)
    assert room is not None and room.is_open and list(room.items) == CRITERIA
    return room


def scores(*values: float) -> dict[str, float]:
    return dict(zip(CRITERIA, values, strict=True))


def test_start_vote_shows_votes_and_close_writes_one_version():
    at = session()
    room = open_scoring_vote(at)
    assert room.display_code in text(at) and f"room={room.token}" in "".join(c.value for c in at.code)
    versions = store().info(case_id(at)).version
    rooms().vote(room.token, "phone-a", name="Ana", scores=scores(9, 8, 2, 3))
    rooms().vote(room.token, "phone-b", name="Ben", scores=scores(3, 4, 8, 9))
    rooms().vote(room.token, "phone-c", name="Ana", scores=scores(7, 7, 5, 5))
    at.run()  # the fragment's timer does the same every few seconds
    shown = text(at)
    assert "Ana" in shown and "Ben" in shown
    assert at.metric(key=None) is not None and any(m.value == "3" for m in at.metric)
    assert "interquartile range" in shown  # the disputed rule is said
    button(at, "live-close-scoring").click().run()
    assert not at.exception, at.exception
    saved = store().load(case_id(at))
    assert saved.info.version == versions + 1  # one new version
    people = saved.case.scoring.participants
    assert [p.name for p in people] == ["Ana", "Ben", "Ana (2)"]
    assert people[1].scores == scores(3, 4, 8, 9) and saved.case.scoring.use_votes
    assert not rooms().current(case_id(at), RoomKind.SCORING).is_open
    assert "3 votes are now in the case" in text(at)
    # the criteria table says where each score comes from: the room's mean of 3 votes
    table = at.session_state["table-editor:scoring.criteria"]["base"]
    assert table[0]["from"] == "mean of 3 votes" and table[0]["used"] == (9 + 3 + 7) / 3
    # reopen: same room, votes kept
    button(at, "live-reopen-scoring").click().run()
    again = rooms().current(case_id(at), RoomKind.SCORING)
    assert again.id == room.id and again.is_open and len(rooms().votes(room.id)) == 3


def test_participant_votes_changes_and_sees_their_vote():
    host = session()
    room = open_scoring_vote(host)
    phone = session("pages/voting.py", room=room.token)
    assert not phone.exception, phone.exception
    assert not phone.sidebar.children or not any(True for _ in phone.sidebar.metric)  # no case figures
    me = phone.query_params["me"][0] if isinstance(phone.query_params["me"], list) else phone.query_params["me"]
    phone.text_input(key=f"ballot-name:{room.id}").input("Zoe")
    phone.slider(key=f"ballot:{room.id}:0").set_value(9.5)
    phone.button[0].click().run()
    assert not phone.exception, phone.exception
    held = rooms().votes(room.id)
    assert [(v.voter, v.name, v.scores[CRITERIA[0]]) for v in held] == [(me, "Zoe", 9.5)]
    assert "Your vote" in text(phone)
    phone.slider(key=f"ballot:{room.id}:0").set_value(4.0)
    phone.button[0].click().run()
    held = rooms().votes(room.id)
    assert len(held) == 1 and held[0].scores[CRITERIA[0]] == 4.0  # changed, not added


def test_closed_unknown_and_wrong_code():
    host = session()
    room = open_scoring_vote(host)
    rooms().close(room.id)
    phone = session("pages/voting.py", room=room.token)
    assert "This vote is closed." in text(phone)
    nobody = session("pages/voting.py", room="no-such-room-token")
    assert "There is no vote with this link or code." in text(nobody)
    box = session("pages/voting.py")
    box.text_input[0].input("ZZZ-ZZZ")
    box.button[0].click().run()
    assert "There is no vote with this link or code." in text(box)
    reopened = rooms().reopen(room.id)
    box.text_input[0].input(reopened.code.lower())
    box.button[0].click().run()
    assert box.query_params["room"] in (reopened.token, [reopened.token])


def test_readiness_vote_sets_medians():
    at = session("pages/readiness.py")
    button(at, "live-open-readiness").click().run()
    assert not at.exception, at.exception
    room = rooms().current(case_id(at), RoomKind.READINESS)
    assert room.is_open and list(room.items) == list(READINESS_AREAS)
    rooms().vote(room.token, "a", name="Ana", scores=dict.fromkeys(READINESS_AREAS, 2))
    rooms().vote(room.token, "b", name="Ben", scores=dict.fromkeys(READINESS_AREAS, 3))
    at.run()
    assert "Ana" in text(at)
    button(at, "live-close-readiness").click().run()
    assert not at.exception, at.exception
    saved = store().load(case_id(at)).case.readiness
    assert saved.scores == dict.fromkeys(READINESS_AREAS, 3)  # median 2.5, rounded half up
    assert [v.name for v in saved.votes] == ["Ana", "Ben"]
    assert "medians of the last vote's 2 participants" in text(at)
