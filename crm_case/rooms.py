"""Live voting rooms of a workshop: participants score the criteria (advantages against disadvantages) or the
readiness checklist from their phones, and the facilitator closes the room to bring the votes into the case.

A room lives in the case library's database (the same SQLAlchemy engine as :class:`crm_case.store.CaseStore`:
SQLite by default, PostgreSQL by URL), never in a process's memory, so several app processes behind one address
share it. Three tables: ``crm_rooms`` (one row a room), ``crm_room_votes`` (one row a participant's vote, unique
by room and voter) and ``crm_room_code_tries`` (the short codes typed wrongly, for the rate limit).

* The participant's link carries the room's **token**: :func:`secrets.token_urlsafe` of 24 bytes (192 bits),
  not guessable. The **code** typed by hand is 6 characters of :data:`CODE_ALPHABET` (31 letters and digits
  without 0 O 1 I L: 31^6 = 887 million codes), unique among the open rooms, free again once its room closes or
  expires; a client (an address) that types :data:`MAX_CODE_TRIES` wrong codes within :data:`CODE_WINDOW`
  seconds is refused for the rest of the window (counted in the database, so every process sees the same count).
* **One vote per voter**: a vote is an upsert by (room, voter); changing it keeps one vote, its first
  submission time and the new scores.
* **Nothing lost at the close**: a vote's transaction first updates the room's row on the condition that the room
  is open (``UPDATE crm_rooms SET last_vote_at = :now WHERE id = :id AND closed_at IS NULL AND expires_at >
  :now``), then writes the vote; :meth:`RoomStore.close` updates the same row (``closed_at``) and then reads the
  votes in the same transaction. The row's lock orders the two: on PostgreSQL (read committed) a vote that
  waited for the close re-reads the row, finds it closed and is refused (:class:`RoomClosed`), and the close,
  having waited for a vote in flight, reads it once committed; on SQLite every writing transaction takes the
  file's write lock (``BEGIN IMMEDIATE``). So every vote that returned is in the close's list, and every vote
  in the list returned.

Database failures are the library's :class:`~crm_case.store.StoreError`, as for cases.
"""

from __future__ import annotations

import io
import json
import math
import secrets
import unicodedata
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.engine import Connection

from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.i18n.formats import Plain
from crm_case.model import MAX_PARTICIPANTS, READINESS_AREAS
from crm_case.store import CaseStore, StoreError

__all__ = [
    "CODE_ALPHABET",
    "CODE_WINDOW",
    "MAX_CODE_TRIES",
    "MAX_NAME",
    "MAX_ROOM_HOURS",
    "MAX_VOTERS",
    "Room",
    "RoomClosed",
    "RoomError",
    "RoomKind",
    "RoomNotFound",
    "RoomStore",
    "TooManyAttempts",
    "Vote",
    "format_code",
    "normalize_code",
    "participants_from_votes",
    "qr_svg",
]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""The short code's characters: capitals and digits without those read alike (0 O, 1 I L)."""
CODE_LENGTH = 6
MAX_CODE_TRIES = 10
"""Wrong codes one client may type within :data:`CODE_WINDOW` seconds before it is refused for the window."""
CODE_WINDOW = 60
"""Seconds over which wrong codes are counted."""
MAX_NAME = 60
"""Characters of a participant's name, after surrounding whitespace is removed."""
MAX_VOTERS = MAX_PARTICIPANTS
"""Voters in one room: the case's limit of participants (a new voter beyond it is refused)."""
MAX_ROOM_HOURS = 24 * 7
"""The longest a room stays open (hours): a workshop lasts hours, a survey a few days."""
MAX_WEIGHT = 100.0
"""A participant's weight of a criterion: 0 to 100."""
MAX_SCORE = 10.0
"""A participant's score of a criterion: 0 to 10 (as a criterion's own score)."""
_CODE_ATTEMPTS = 20
"""Tries to draw a code no open room uses (with 887 million codes a second try is already rare)."""

_SCHEMA = MetaData()
ROOMS = Table(
    "crm_rooms",
    _SCHEMA,
    Column("id", String(32), primary_key=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("case_id", String(64), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("items", Text, nullable=False),
    Column("sides", Text, nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("ask_weights", Boolean, nullable=False),
    Column("opened_by", String(100), nullable=False),
    Column("opened_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("closed_at", DateTime, nullable=True),
    Column("closed_by", String(100), nullable=False),
    Column("last_vote_at", DateTime, nullable=True),
    Index("crm_rooms_code", "code"),
    Index("crm_rooms_case", "case_id", "kind"),
)
VOTES = Table(
    "crm_room_votes",
    _SCHEMA,
    Column("room_id", String(32), primary_key=True),
    Column("voter", String(64), primary_key=True),
    Column("name", String(MAX_NAME), nullable=False),
    Column("scores", Text, nullable=False),
    Column("weights", Text, nullable=False),
    Column("submitted_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
CODE_TRIES = Table(
    "crm_room_code_tries",
    _SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client", String(100), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("crm_room_code_tries_client", "client", "at"),
)


class RoomKind(StrEnum):
    """What a room votes on: the criteria of advantages against disadvantages, or the readiness checklist."""

    SCORING = "scoring"
    READINESS = "readiness"


class RoomError(CrmCaseError):
    """A room cannot do what was asked; ``str(error)`` is one line for the participant or the facilitator."""


class RoomNotFound(RoomError):
    """No room has this link or code."""


class RoomClosed(RoomError):
    """The room was closed by its facilitator, or has expired."""


class TooManyAttempts(RoomError):
    """This client typed too many wrong codes in the last minute."""


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Room:
    """A voting room. Times are UTC (aware). ``code`` is the bare 6 characters (:func:`format_code` shows it
    with a dash). ``opened_at`` is when it was last opened (:meth:`RoomStore.reopen` sets it again)."""

    id: str
    token: str
    code: str
    case_id: str
    kind: RoomKind
    items: tuple[str, ...]
    sides: tuple[str, ...]
    anonymous: bool
    ask_weights: bool
    opened_by: str
    opened_at: datetime
    expires_at: datetime
    closed_at: datetime | None
    closed_by: str = ""
    clock: Callable[[], datetime] = field(default=_utcnow, compare=False, repr=False)
    """The store's clock (injected in tests), for :attr:`is_open`."""

    @property
    def is_open(self) -> bool:
        """Neither closed nor expired, now (by the store's clock), as far as this copy knows: a room closed by
        another session since it was read says so only when read again (:meth:`RoomStore.room`)."""
        return self.closed_at is None and self.clock() < self.expires_at

    @property
    def display_code(self) -> str:
        """The code as shown to people: ``K7M-Q3P``."""
        return format_code(self.code)


@dataclass(frozen=True)
class Vote:
    """One participant's vote in a room: ``scores`` item -> score (scoring 0..10, readiness whole 1..5),
    ``weights`` item -> weight 0..100 (only when the room asks for weights). ``name`` is ``""`` for an
    anonymous vote. Times are UTC (aware)."""

    room_id: str
    voter: str
    name: str
    scores: dict[str, float]
    weights: dict[str, float]
    submitted_at: datetime
    updated_at: datetime


def normalize_code(code: str) -> str:
    """A code as typed (any case, with or without the dash or spaces) as stored: ``"k7m q3p"`` -> ``"K7MQ3P"``."""
    return "".join(ch for ch in str(code).upper() if ch not in "-– \t_.")


def format_code(code: str) -> str:
    """``K7MQ3P`` -> ``K7M-Q3P``."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) == CODE_LENGTH else code


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _number(value: object) -> float | None:
    """A finite float from a number (never a bool or text), else ``None``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _clean_name(name: object) -> str:
    """A participant's name: surrounding whitespace removed; control characters and line breaks refused, and
    more than :data:`MAX_NAME` characters."""
    text = str(name or "").strip()
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
        raise RoomError(Message("engine.rooms.name_control"))
    if len(text) > MAX_NAME:
        raise RoomError(Message("engine.rooms.name_too_long", limit=Plain(MAX_NAME), got=Plain(len(text))))
    return text


def _checked(room: Room, name: object, scores: Mapping[str, object],
             weights: Mapping[str, object] | None) -> tuple[str, dict[str, float], dict[str, float]]:
    """A vote's name, scores and weights, checked against the room; :class:`RoomError` naming what is wrong.

    Scoring: any of the room's criteria scored 0..10 (at least one), the others left unscored; weights 0..100
    when the room asks for them (ignored otherwise). Readiness: every one of the eight areas scored a whole 1..5.
    Items are the room's, matched exactly or ignoring case and surrounding whitespace."""
    text = _clean_name(name)
    if not text and not room.anonymous:
        raise RoomError(Message("engine.rooms.name_missing"))
    known = {item.strip().lower(): item for item in room.items}

    def item_of(key: object) -> str:
        item = known.get(str(key).strip().lower())
        if item is None:
            raise RoomError(Message("engine.rooms.unknown_item", item=repr(str(key)[:80])))
        return item

    if not isinstance(scores, Mapping):
        raise RoomError(Message("engine.rooms.no_scores"))
    checked: dict[str, float] = {}
    for key, value in scores.items():
        item = item_of(key)
        number = _number(value)
        if room.kind is RoomKind.READINESS:
            if number is None or number != int(number) or not 1 <= number <= 5:
                raise RoomError(Message("engine.rooms.bad_readiness", item=Message(f"engine.readiness.area.{item}"),
                                        got=repr(value)[:40]))
            checked[item] = int(number)
        else:
            if number is None or not 0 <= number <= MAX_SCORE:
                raise RoomError(Message("engine.rooms.bad_score", item=item, got=repr(value)[:40]))
            checked[item] = number
    if room.kind is RoomKind.READINESS:
        missing = [item for item in room.items if item not in checked]
        if missing:
            raise RoomError(Message("engine.rooms.readiness_incomplete", missing=Plain(len(missing))))
    elif not checked:
        raise RoomError(Message("engine.rooms.no_scores"))
    given: dict[str, float] = {}
    if room.ask_weights and room.kind is RoomKind.SCORING and weights:
        for key, value in weights.items():
            item = item_of(key)
            number = _number(value)
            if number is None or not 0 <= number <= MAX_WEIGHT:
                raise RoomError(Message("engine.rooms.bad_weight", item=item, got=repr(value)[:40]))
            given[item] = number
    return text, {i: checked[i] for i in room.items if i in checked}, {i: given[i] for i in room.items if i in given}


class RoomStore:
    """The rooms of the case library ``store``: its engine, clock and transactions (see the module docstring).

    ``clock`` (injected in tests) defaults to the store's. Every method raises :class:`RoomError` (or a
    subclass) for what a user can fix and :class:`~crm_case.store.StoreError` when the database fails."""

    def __init__(self, store: CaseStore, *, clock: Callable[[], datetime] | None = None) -> None:
        self.store = store
        self._clock = clock or store._clock
        store.add_schema(_SCHEMA)

    # ------------------------------------------------------------------ plumbing
    def _now(self) -> datetime:
        return _naive(self._clock())

    def _room(self, row: Any) -> Room:
        return Room(id=row.id, token=row.token, code=row.code, case_id=row.case_id, kind=RoomKind(row.kind),
                    items=tuple(json.loads(row.items)), sides=tuple(json.loads(row.sides)),
                    anonymous=bool(row.anonymous), ask_weights=bool(row.ask_weights), opened_by=row.opened_by,
                    opened_at=_aware(row.opened_at), expires_at=_aware(row.expires_at),
                    closed_at=_aware(row.closed_at), closed_by=row.closed_by, clock=self._clock)

    @staticmethod
    def _vote(row: Any) -> Vote:
        return Vote(room_id=row.room_id, voter=row.voter, name=row.name, scores=json.loads(row.scores),
                    weights=json.loads(row.weights), submitted_at=_aware(row.submitted_at),
                    updated_at=_aware(row.updated_at))

    @staticmethod
    def _one(connection: Connection, *conditions: Any) -> Any:
        row = connection.execute(select(ROOMS).where(*conditions)).first()
        if row is None:
            raise RoomNotFound(Message("engine.rooms.not_found"))
        return row

    def _free_code(self, connection: Connection, now: datetime, keep: str = "") -> str:
        """``keep`` when no other open room uses it, else a random code no open room uses."""
        for attempt in range(_CODE_ATTEMPTS):
            code = keep if attempt == 0 and keep else "".join(secrets.choice(CODE_ALPHABET)
                                                              for _ in range(CODE_LENGTH))
            taken = connection.execute(select(ROOMS.c.id).where(
                ROOMS.c.code == code, ROOMS.c.closed_at.is_(None), ROOMS.c.expires_at > now).limit(1)).first()
            if taken is None:
                return code
        raise StoreError(Message("engine.rooms.no_code"), "no free room code after many draws")

    @staticmethod
    def _hours(hours: float) -> float:
        number = _number(hours)
        if number is None or not 0 < number <= MAX_ROOM_HOURS:
            raise RoomError(Message("engine.rooms.bad_hours", limit=Plain(MAX_ROOM_HOURS), got=repr(hours)[:40]))
        return number

    def _close_others(self, connection: Connection, case_id: str, kind: RoomKind, now: datetime, by: str,
                      keep: str = "") -> None:
        connection.execute(update(ROOMS).where(ROOMS.c.case_id == case_id, ROOMS.c.kind == kind.value,
                                               ROOMS.c.closed_at.is_(None), ROOMS.c.id != keep)
                           .values(closed_at=now, closed_by=by[:100]))

    # ------------------------------------------------------------------ facilitator
    def open(self, case_id: str, kind: RoomKind, items: Sequence[str], *, sides: Sequence[str] = (),
             anonymous: bool = False, ask_weights: bool = False, opened_by: str = "", hours: float = 12) -> Room:
        """Open a room for ``case_id`` voting on ``items`` (the criteria's names in order, with their ``sides``;
        for readiness always the eight areas), open for ``hours``. A case has at most one open room of a kind:
        the one open before is closed first (its votes are kept). ``ask_weights`` applies to scoring only."""
        kind = RoomKind(kind)
        hours = self._hours(hours)
        if kind is RoomKind.READINESS:
            items, sides, ask_weights = READINESS_AREAS, (), False
        items = tuple(str(i) for i in items)
        sides = tuple(str(s) for s in sides)
        if not items or len({i.strip().lower() for i in items}) != len(items):
            raise RoomError(Message("engine.rooms.bad_items"))
        if kind is RoomKind.SCORING and len(sides) != len(items):
            raise RoomError(Message("engine.rooms.bad_sides"))
        room_id, token = uuid.uuid4().hex, secrets.token_urlsafe(24)
        with self.store._transaction(write=True) as connection:
            now = self._now()
            self._close_others(connection, case_id, kind, now, opened_by)
            code = self._free_code(connection, now)
            connection.execute(ROOMS.insert().values(
                id=room_id, token=token, code=code, case_id=case_id, kind=kind.value, items=json.dumps(items),
                sides=json.dumps(sides), anonymous=bool(anonymous), ask_weights=bool(ask_weights),
                opened_by=opened_by[:100], opened_at=now, expires_at=now + timedelta(hours=hours), closed_at=None,
                closed_by="", last_vote_at=None))
            row = self._one(connection, ROOMS.c.id == room_id)
        return self._room(row)

    def reopen(self, room_id: str, *, hours: float = 12) -> Room:
        """Open a closed (or expired) room again for ``hours``, with the same link, votes and code (a new code
        only if another open room took it meanwhile); another open room of the same case and kind is closed."""
        hours = self._hours(hours)
        with self.store._transaction(write=True) as connection:
            now = self._now()
            row = self._one(connection, ROOMS.c.id == room_id)
            self._close_others(connection, row.case_id, RoomKind(row.kind), now, row.opened_by, keep=room_id)
            code = row.code if row.closed_at is None and row.expires_at > now else self._free_code(
                connection, now, keep=row.code)
            connection.execute(update(ROOMS).where(ROOMS.c.id == room_id).values(
                code=code, opened_at=now, expires_at=now + timedelta(hours=hours), closed_at=None, closed_by=""))
            row = self._one(connection, ROOMS.c.id == room_id)
        return self._room(row)

    def close(self, room_id: str, *, by: str = "") -> tuple[Room, list[Vote]]:
        """Close the room and return it with every vote, in one transaction: a vote that returned before is in
        the list, a vote racing the close either is in it or was refused (:class:`RoomClosed`). Closing a
        closed room changes nothing; an expired room is marked closed at its expiry."""
        with self.store._transaction(write=True) as connection:
            now = self._now()
            closed = connection.execute(update(ROOMS).where(
                ROOMS.c.id == room_id, ROOMS.c.closed_at.is_(None), ROOMS.c.expires_at > now)
                .values(closed_at=now, closed_by=by[:100])).rowcount
            if not closed:  # already closed, expired, or unknown
                connection.execute(update(ROOMS).where(ROOMS.c.id == room_id, ROOMS.c.closed_at.is_(None))
                                   .values(closed_at=ROOMS.c.expires_at, closed_by=by[:100]))
            row = self._one(connection, ROOMS.c.id == room_id)
            rows = connection.execute(select(VOTES).where(VOTES.c.room_id == room_id)
                                      .order_by(VOTES.c.submitted_at, VOTES.c.voter)).all()
        return self._room(row), [self._vote(r) for r in rows]

    def current(self, case_id: str, kind: RoomKind) -> Room | None:
        """The room of ``case_id`` and ``kind`` opened last (open or not), ``None`` when it never had one."""
        with self.store._transaction() as connection:
            row = connection.execute(select(ROOMS).where(ROOMS.c.case_id == case_id,
                                                         ROOMS.c.kind == RoomKind(kind).value)
                                     .order_by(ROOMS.c.opened_at.desc(), ROOMS.c.id).limit(1)).first()
        return None if row is None else self._room(row)

    def votes(self, room_id: str) -> list[Vote]:
        """The room's votes, by first submission."""
        with self.store._transaction() as connection:
            rows = connection.execute(select(VOTES).where(VOTES.c.room_id == room_id)
                                      .order_by(VOTES.c.submitted_at, VOTES.c.voter)).all()
        return [self._vote(r) for r in rows]

    def is_open(self, room: Room) -> bool:
        """Whether ``room`` (as read) is neither closed nor expired by this store's clock."""
        return room.closed_at is None and self._clock() < room.expires_at

    # ------------------------------------------------------------------ participants
    def room(self, token: str) -> Room:
        """The room of a participant's link (also a closed one: ``closed_at`` says so); :class:`RoomNotFound`."""
        token = str(token or "").strip()
        if not token or len(token) > 64:
            raise RoomNotFound(Message("engine.rooms.not_found"))
        with self.store._transaction() as connection:
            row = self._one(connection, ROOMS.c.token == token)
        return self._room(row)

    def by_code(self, code: str, *, client: str) -> Room:
        """The open room whose code is ``code`` (any case, with or without the dash or spaces).

        :class:`RoomClosed` when the last room with that code has closed or expired, :class:`RoomNotFound` when
        none has it; each of those counts as a wrong try of ``client`` (e.g. the participant's address), and
        after :data:`MAX_CODE_TRIES` wrong tries within :data:`CODE_WINDOW` seconds :class:`TooManyAttempts`
        refuses the client's every try (right or wrong) until the window has passed."""
        client = str(client or "")[:100]
        wanted = normalize_code(code)
        since = self._now() - timedelta(seconds=CODE_WINDOW)
        with self.store._transaction() as connection:
            tries = connection.execute(select(func.count()).select_from(CODE_TRIES).where(
                CODE_TRIES.c.client == client, CODE_TRIES.c.at > since)).scalar_one()
            if tries >= MAX_CODE_TRIES:
                raise TooManyAttempts(Message("engine.rooms.too_many_tries"))
            row = None
            if len(wanted) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in wanted):
                row = connection.execute(select(ROOMS).where(ROOMS.c.code == wanted)
                                         .order_by(ROOMS.c.opened_at.desc(), ROOMS.c.id).limit(1)).first()
        if row is not None and row.closed_at is None and row.expires_at > self._now():
            return self._room(row)
        with self.store._transaction(write=True) as connection:
            now = self._now()
            connection.execute(delete(CODE_TRIES).where(CODE_TRIES.c.at <= now - timedelta(seconds=CODE_WINDOW)))
            connection.execute(CODE_TRIES.insert().values(client=client, at=now))
        if row is None:
            raise RoomNotFound(Message("engine.rooms.not_found"))
        raise RoomClosed(Message("engine.rooms.closed"))

    def vote(self, token: str, voter: str, *, name: str, scores: Mapping[str, float],
             weights: Mapping[str, float] | None = None) -> Vote:
        """Record ``voter``'s vote in the room of ``token``, replacing their earlier one (one vote per voter; its
        first submission time is kept). :class:`RoomNotFound`, :class:`RoomClosed`, or :class:`RoomError` naming
        what is wrong (see :func:`_checked`; a new voter beyond :data:`MAX_VOTERS` is refused)."""
        voter = str(voter or "").strip()
        if not voter or len(voter) > 64:
            raise RoomError(Message("engine.rooms.bad_voter"))
        room = self.room(token)
        if not self.is_open(room):
            raise RoomClosed(Message("engine.rooms.closed"))
        text, checked, given = _checked(room, name, scores, weights)
        values = {"name": text, "scores": json.dumps(checked), "weights": json.dumps(given)}
        with self.store._transaction(write=True) as connection:
            now = self._now()
            guard = connection.execute(update(ROOMS).where(
                ROOMS.c.id == room.id, ROOMS.c.closed_at.is_(None), ROOMS.c.expires_at > now)
                .values(last_vote_at=now))
            if guard.rowcount != 1:
                raise RoomClosed(Message("engine.rooms.closed"))
            changed = connection.execute(update(VOTES).where(VOTES.c.room_id == room.id, VOTES.c.voter == voter)
                                         .values(updated_at=now, **values)).rowcount
            if not changed:
                count = connection.execute(select(func.count()).select_from(VOTES)
                                           .where(VOTES.c.room_id == room.id)).scalar_one()
                if count >= MAX_VOTERS:
                    raise RoomError(Message("engine.rooms.full", limit=Plain(MAX_VOTERS)))
                connection.execute(VOTES.insert().values(room_id=room.id, voter=voter, submitted_at=now,
                                                         updated_at=now, **values))
            row = connection.execute(select(VOTES).where(VOTES.c.room_id == room.id, VOTES.c.voter == voter)).one()
        return self._vote(row)


def participants_from_votes(room: Room, votes: Sequence[Vote], *,
                            anonymous_name: Callable[[int], str]) -> list[dict[str, Any]]:
    """The case's participants from a room's votes, in the votes' order: ``[{"name", "scores", "weights"}]``
    (for ``scoring.participants``, or :func:`crm_case.scoring.readiness_from_votes`). Names are unique ignoring
    case: a repeated name gets `` (2)``, `` (3)``...; anonymous votes are named ``anonymous_name(1)``,
    ``anonymous_name(2)``... (e.g. "Participant 1")."""
    taken: set[str] = set()
    out = []
    anonymous = 0

    def unique(base: str) -> str:
        name, n = base, 1
        while name.lower() in taken:
            n += 1
            name = f"{base} ({n})"
        taken.add(name.lower())
        return name

    for vote in votes:
        if vote.name.strip():
            name = unique(" ".join(vote.name.split()))
        else:
            anonymous += 1
            name = unique(anonymous_name(anonymous))
        scores = {item: vote.scores[item] for item in room.items if item in vote.scores}
        if room.kind is RoomKind.READINESS:
            scores = {item: int(value) for item, value in scores.items()}
        out.append({"name": name, "scores": scores,
                    "weights": {item: vote.weights[item] for item in room.items if item in vote.weights}})
    return out


def qr_svg(url: str, *, scale: int = 10) -> str:
    """The QR code of ``url`` as an SVG element (no XML declaration), ``scale`` pixels a module, dark modules
    #1F2933 on white, a quiet zone of 4 modules (what readers need); error correction M (15 %), so a phone
    still reads it from a projector's screen."""
    import segno

    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=scale, border=4, dark="#1F2933", light="#FFFFFF", xmldecl=False,
              svgns=True, nl=False)
    return out.getvalue().decode("utf-8")
