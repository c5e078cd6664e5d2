"""Live voting rooms in the case library (crm_case.rooms), on SQLite and PostgreSQL: links and codes, votes,
the close racing votes, a full room, the rate limit; and the QR code and participants made from votes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import segno

from crm_case import Case, with_values
from crm_case.model import READINESS_AREAS
from crm_case.rooms import (
    CODE_ALPHABET,
    MAX_CODE_TRIES,
    MAX_NAME,
    Room,
    RoomClosed,
    RoomError,
    RoomKind,
    RoomNotFound,
    RoomStore,
    TooManyAttempts,
    format_code,
    normalize_code,
    participants_from_votes,
    qr_svg,
)
from crm_case.scoring import readiness, readiness_from_votes, readiness_room
from crm_case.store import CaseStore, StoreError
from tests.store_backends import BACKENDS, make_store

ITEMS = ("Better customer experience", "Investment")
SIDES = ("advantage", "disadvantage")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(params=BACKENDS)
def rooms(request, tmp_path):
    with make_store(request.param, tmp_path) as store:
        yield RoomStore(store)


@pytest.fixture(params=BACKENDS)
def timed(request, tmp_path):
    clock = Clock()
    with make_store(request.param, tmp_path, clock=clock) as store:
        yield RoomStore(store), clock


def scoring_room(rooms: RoomStore, **options) -> Room:
    return rooms.open("case-1", RoomKind.SCORING, ITEMS, sides=SIDES, **options)


# ------------------------------------------------------------------ the room, its link and its code
def test_open_room_has_a_long_token_and_a_short_unambiguous_code(rooms):
    room = scoring_room(rooms, opened_by="Facilitator")
    assert len(room.token) == 32 and room.is_open and rooms.is_open(room)  # 24 bytes = 192 bits in base64url
    assert len(room.code) == 6 and set(room.code) <= set(CODE_ALPHABET) and not set(room.code) & set("0O1IL")
    assert room.display_code == f"{room.code[:3]}-{room.code[3:]}"
    assert room.items == ITEMS and room.sides == SIDES and room.opened_by == "Facilitator"
    assert rooms.room(room.token) == room
    assert rooms.current("case-1", RoomKind.SCORING) == room and rooms.current("case-1", RoomKind.READINESS) is None
    assert room.opened_at.tzinfo is not None and room.expires_at - room.opened_at == timedelta(hours=12)


def test_the_code_is_read_in_any_case_with_or_without_dash_or_spaces(rooms):
    room = scoring_room(rooms)
    typed = [room.code, room.code.lower(), format_code(room.code), f" {room.code[:3]} {room.code[3:].lower()} "]
    for code in typed:
        assert rooms.by_code(code, client="1.2.3.4").id == room.id
    assert normalize_code("k7m-q3p") == "K7MQ3P" and format_code("K7MQ3P") == "K7M-Q3P"


def test_unknown_link_and_code_say_so_in_one_line(rooms):
    with pytest.raises(RoomNotFound) as error:
        rooms.room("no-such-token")
    assert str(error.value) == "There is no vote with this link or code."
    with pytest.raises(RoomNotFound):
        rooms.by_code("ZZZZZZ", client="x")
    with pytest.raises(RoomNotFound):
        rooms.by_code("not a code at all", client="x")


def test_a_closed_room_says_so_by_link_by_code_and_to_a_vote(rooms):
    room = scoring_room(rooms)
    rooms.close(room.id, by="Facilitator")
    closed = rooms.room(room.token)
    assert closed.closed_at is not None and not closed.is_open and closed.closed_by == "Facilitator"
    with pytest.raises(RoomClosed) as error:
        rooms.vote(room.token, "v1", name="Ann", scores={ITEMS[0]: 5})
    assert str(error.value) == "This vote is closed."
    with pytest.raises(RoomClosed):
        rooms.by_code(room.code, client="x")


def test_a_room_expires_and_its_code_is_free_again(timed):
    rooms, clock = timed
    room = scoring_room(rooms, hours=1)
    rooms.vote(room.token, "v1", name="Ann", scores={ITEMS[0]: 5})
    clock.advance(hours=1, seconds=1)
    assert not rooms.room(room.token).is_open
    with pytest.raises(RoomClosed):
        rooms.vote(room.token, "v2", name="Bob", scores={ITEMS[0]: 5})
    with pytest.raises(RoomClosed):
        rooms.by_code(room.code, client="x")
    closed, votes = rooms.close(room.id)
    assert closed.closed_at == room.expires_at and [v.voter for v in votes] == ["v1"]


def test_opening_again_closes_the_case_s_open_room_of_that_kind_and_keeps_its_votes(rooms):
    first = scoring_room(rooms)
    rooms.vote(first.token, "v1", name="Ann", scores={ITEMS[0]: 5})
    ready = rooms.open("case-1", RoomKind.READINESS, ())
    second = scoring_room(rooms)
    assert not rooms.room(first.token).is_open and rooms.room(ready.token).is_open
    assert rooms.current("case-1", RoomKind.SCORING).id == second.id
    assert [v.name for v in rooms.votes(first.id)] == ["Ann"]
    assert ready.items == READINESS_AREAS and ready.sides == () and not ready.ask_weights


def test_reopen_keeps_link_code_and_votes(timed):
    rooms, clock = timed
    room = scoring_room(rooms)
    rooms.vote(room.token, "v1", name="Ann", scores={ITEMS[0]: 5})
    rooms.close(room.id)
    clock.advance(minutes=5)
    again = rooms.reopen(room.id, hours=2)
    assert again.is_open and again.token == room.token and again.code == room.code
    assert again.expires_at == clock.now + timedelta(hours=2)
    rooms.vote(room.token, "v2", name="Bob", scores={ITEMS[0]: 6})
    assert [v.name for v in rooms.votes(room.id)] == ["Ann", "Bob"]
    assert rooms.current("case-1", RoomKind.SCORING).id == room.id


def test_bad_room_options_are_refused(rooms):
    with pytest.raises(RoomError):
        rooms.open("case-1", RoomKind.SCORING, ITEMS, sides=("advantage",))
    with pytest.raises(RoomError):
        rooms.open("case-1", RoomKind.SCORING, ("a", "A"), sides=SIDES)
    with pytest.raises(RoomError):
        scoring_room(rooms, hours=0)
    with pytest.raises(RoomNotFound):
        rooms.close("no-such-room")
    with pytest.raises(RoomNotFound):
        rooms.reopen("no-such-room")


# ------------------------------------------------------------------ votes
def test_a_participant_changing_their_vote_keeps_one_vote(timed):
    rooms, clock = timed
    room = scoring_room(rooms)
    first = rooms.vote(room.token, "me", name=" Ann ", scores={ITEMS[0]: 5})
    clock.advance(seconds=30)
    second = rooms.vote(room.token, "me", name="Ann B.", scores={ITEMS[0]: 7.5, ITEMS[1]: 2})
    assert first.name == "Ann"
    assert second.submitted_at == first.submitted_at and second.updated_at == clock.now
    [kept] = rooms.votes(room.id)
    assert kept.name == "Ann B." and kept.scores == {ITEMS[0]: 7.5, ITEMS[1]: 2}


@pytest.mark.parametrize(("name", "scores", "message"), [
    ("", {ITEMS[0]: 5}, "Enter your name"),
    ("x" * (MAX_NAME + 1), {ITEMS[0]: 5}, f"at most {MAX_NAME}"),
    ("Ann\nBob", {ITEMS[0]: 5}, "control characters"),
    ("Ann", {"Nope": 5}, "'Nope' is not one of this vote's items"),
    ("Ann", {ITEMS[0]: 11}, "from 0 to 10, not 11"),
    ("Ann", {ITEMS[0]: -0.5}, "from 0 to 10"),
    ("Ann", {ITEMS[0]: float("nan")}, "from 0 to 10, not nan"),
    ("Ann", {ITEMS[0]: float("inf")}, "from 0 to 10"),
    ("Ann", {ITEMS[0]: "5"}, "from 0 to 10"),
    ("Ann", {ITEMS[0]: True}, "from 0 to 10"),
    ("Ann", {}, "Score at least one item"),
])
def test_invalid_votes_are_refused_naming_the_field(rooms, name, scores, message):
    room = scoring_room(rooms)
    with pytest.raises(RoomError, match=message):
        rooms.vote(room.token, "v1", name=name, scores=scores)
    assert rooms.votes(room.id) == []


def test_an_anonymous_room_takes_votes_without_a_name_and_items_may_be_left_unscored(rooms):
    room = scoring_room(rooms, anonymous=True)
    vote = rooms.vote(room.token, "v1", name="  ", scores={ITEMS[1].upper(): 3})
    assert vote.name == "" and vote.scores == {ITEMS[1]: 3}


def test_weights_are_kept_only_when_the_room_asks_for_them(rooms):
    asked = scoring_room(rooms, ask_weights=True)
    vote = rooms.vote(asked.token, "v1", name="Ann", scores={ITEMS[0]: 5}, weights={ITEMS[0]: 80, ITEMS[1]: 0})
    assert vote.weights == {ITEMS[0]: 80, ITEMS[1]: 0}
    with pytest.raises(RoomError, match=r"weight of .* from 0 to 100, not 101"):
        rooms.vote(asked.token, "v1", name="Ann", scores={ITEMS[0]: 5}, weights={ITEMS[0]: 101})
    plain = rooms.open("case-2", RoomKind.SCORING, ITEMS, sides=SIDES)
    assert rooms.vote(plain.token, "v1", name="Ann", scores={ITEMS[0]: 5}, weights={ITEMS[0]: 80}).weights == {}


def test_readiness_votes_need_every_area_as_whole_numbers_1_to_5(rooms):
    room = rooms.open("case-1", RoomKind.READINESS, ())
    full = dict.fromkeys(READINESS_AREAS, 3)
    with pytest.raises(RoomError, match="1 not scored yet"):
        rooms.vote(room.token, "v1", name="Ann", scores={a: 3 for a in READINESS_AREAS[1:]})
    with pytest.raises(RoomError, match=r"whole number from 1 to 5, not 2\.5"):
        rooms.vote(room.token, "v1", name="Ann", scores=full | {"budget": 2.5})
    with pytest.raises(RoomError, match="whole number from 1 to 5, not 6"):
        rooms.vote(room.token, "v1", name="Ann", scores=full | {"budget": 6})
    vote = rooms.vote(room.token, "v1", name="Ann", scores=full | {"budget": 4.0})
    assert vote.scores["budget"] == 4 and isinstance(vote.scores["budget"], int)


# ------------------------------------------------------------------ nothing lost under a full room
def test_fifty_participants_within_ten_seconds_store_fifty_votes(rooms):
    room = scoring_room(rooms)
    start = threading.Barrier(50)

    def participant(n: int) -> None:
        start.wait()
        rooms.vote(room.token, f"voter-{n}", name=f"P{n}", scores={ITEMS[0]: n % 11, ITEMS[1]: 5})
        rooms.vote(room.token, f"voter-{n}", name=f"P{n}", scores={ITEMS[0]: n % 11, ITEMS[1]: 6})  # a change

    began = time.monotonic()
    with ThreadPoolExecutor(50) as pool:
        list(pool.map(participant, range(50)))  # re-raises any participant's error
    assert time.monotonic() - began < 10
    votes = rooms.votes(room.id)
    assert len(votes) == 50 and {v.voter for v in votes} == {f"voter-{n}" for n in range(50)}
    assert all(v.scores[ITEMS[1]] == 6 for v in votes)


def test_a_close_racing_votes_keeps_every_vote_that_arrived_before_it(rooms):
    room = scoring_room(rooms)
    accepted: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(41)

    def participant(n: int) -> None:
        start.wait()
        for round_ in range(3):
            voter = f"voter-{n}-{round_}"
            try:
                rooms.vote(room.token, voter, name=voter, scores={ITEMS[0]: 5})
            except RoomClosed:
                with lock:
                    refused.append(voter)
                return
            with lock:
                accepted.append(voter)

    def facilitator() -> tuple[Room, list]:
        start.wait()
        time.sleep(0.02)  # not timing: lets some votes in first, so that the close lands among them
        return rooms.close(room.id, by="Facilitator")

    with ThreadPoolExecutor(41) as pool:
        voters = [pool.submit(participant, n) for n in range(40)]
        closing = pool.submit(facilitator)
        for future in voters:
            future.result()
        closed, votes = closing.result()
    listed = {v.voter for v in votes}
    assert listed == set(accepted)  # every vote that returned is in the close's list, and only those
    assert not listed & set(refused) and closed.closed_at is not None
    assert set(accepted) == {v.voter for v in rooms.votes(room.id)}  # nothing arrived after the close


def test_a_room_takes_at_most_max_voters(rooms, monkeypatch):
    monkeypatch.setattr("crm_case.rooms.MAX_VOTERS", 3)
    room = scoring_room(rooms)
    for n in range(3):
        rooms.vote(room.token, f"v{n}", name=f"P{n}", scores={ITEMS[0]: 5})
    with pytest.raises(RoomError, match="at most 3 participants"):
        rooms.vote(room.token, "v3", name="P3", scores={ITEMS[0]: 5})
    rooms.vote(room.token, "v0", name="P0", scores={ITEMS[0]: 6})  # a change is not a new voter


# ------------------------------------------------------------------ the rate limit of codes
def test_wrong_codes_are_rate_limited_per_client_and_the_window_passes(timed):
    rooms, clock = timed
    room = scoring_room(rooms)
    for _ in range(MAX_CODE_TRIES):
        with pytest.raises(RoomNotFound):
            rooms.by_code("ZZZZZZ", client="10.0.0.1")
    with pytest.raises(TooManyAttempts) as error:
        rooms.by_code(room.code, client="10.0.0.1")  # refused even when right, until the window has passed
    assert str(error.value) == "Too many tries: wait a minute."
    assert rooms.by_code(room.code, client="10.0.0.2").id == room.id  # another client is not affected
    clock.advance(seconds=61)
    assert rooms.by_code(room.code, client="10.0.0.1").id == room.id


def test_the_rate_limit_is_shared_by_every_process(tmp_path):
    # two stores on the same file stand for two app processes behind one address
    with make_store("sqlite", tmp_path) as one, make_store("sqlite", tmp_path) as other:
        first, second = RoomStore(one), RoomStore(other)
        for n in range(MAX_CODE_TRIES):
            with pytest.raises(RoomNotFound):
                (first if n % 2 else second).by_code("ZZZZZZ", client="c")
        with pytest.raises(TooManyAttempts):
            first.by_code("ZZZZZZ", client="c")
        room = scoring_room(first)
        assert second.room(room.token) == room  # a room opened by one process is seen by the other


def test_a_database_failure_is_a_store_error():
    store = CaseStore("postgresql+psycopg://crm_case@127.0.0.1:1/nowhere")  # nothing listens on port 1
    rooms = RoomStore(store)
    for call in (lambda: rooms.room("token"), lambda: scoring_room(rooms), lambda: rooms.by_code("K7MQ3P", client="c")):
        with pytest.raises(StoreError) as error:
            call()
        assert "127.0.0.1" not in str(error.value) and not isinstance(error.value, RoomError)
    store.dispose()


# ------------------------------------------------------------------ into the case
def test_participants_from_votes_are_unique_and_name_the_anonymous(rooms):
    room = scoring_room(rooms, anonymous=True, ask_weights=True)
    rooms.vote(room.token, "a", name="Ann", scores={ITEMS[0]: 5}, weights={ITEMS[0]: 40})
    rooms.vote(room.token, "b", name="", scores={ITEMS[1]: 4})
    rooms.vote(room.token, "c", name="ann", scores={ITEMS[0]: 6})
    rooms.vote(room.token, "d", name="", scores={ITEMS[0]: 7})
    _, votes = rooms.close(room.id)
    people = participants_from_votes(room, votes, anonymous_name=lambda n: f"Participant {n}")
    assert [p["name"] for p in people] == ["Ann", "Participant 1", "ann (2)", "Participant 2"]
    assert people[0] == {"name": "Ann", "scores": {ITEMS[0]: 5}, "weights": {ITEMS[0]: 40}}
    case = with_values(Case(), {
        "scoring.criteria": [{"name": ITEMS[0], "side": "advantage"}, {"name": ITEMS[1], "side": "disadvantage"}],
        "scoring.participants": people, "scoring.use_votes": True})
    assert [p.name for p in case.scoring.participants] == ["Ann", "Participant 1", "ann (2)", "Participant 2"]


def test_a_closed_readiness_room_sets_the_medians_and_keeps_the_votes(rooms):
    room = rooms.open("case-1", RoomKind.READINESS, ())
    for n, budget in enumerate((2, 3, 4, 5)):  # budget's median 3.5 rounds half up to 4
        rooms.vote(room.token, f"v{n}", name=f"P{n}", scores=dict.fromkeys(READINESS_AREAS, 2) | {"budget": budget})
    _, votes = rooms.close(room.id)
    people = participants_from_votes(room, votes, anonymous_name=lambda n: f"Participant {n}")
    case = with_values(Case(), readiness_from_votes(people))
    assert case.readiness.scores["budget"] == 4 and case.readiness.scores["skills"] == 2
    assert len(case.readiness.votes) == 4 and case.readiness.votes[0].scores["budget"] == 2
    stats = readiness_room(case.readiness).set_index("area")
    assert stats.loc["budget", "median"] == 3.5 and stats.loc["budget", "votes"] == 4
    assert readiness(case) is not None


def test_qr_svg_is_an_svg_element_sized_by_scale():
    svg = qr_svg("https://example.org/vote?room=abc", scale=4)
    assert svg.startswith("<svg") and "<?xml" not in svg and "#1f2933" in svg.lower()
    small = qr_svg("https://example.org/vote?room=abc", scale=2)
    width = int(svg.split('width="')[1].split('"')[0])
    assert width == 2 * int(small.split('width="')[1].split('"')[0])
    modules = segno.make("https://example.org/vote?room=abc", error="m").symbol_size(scale=1, border=0)[0]
    assert width == 4 * (modules + 8)  # a quiet zone of 4 modules on each side
