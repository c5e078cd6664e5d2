"""The case library: named cases with their version history, in SQLite (default) or PostgreSQL.

A case is one row of ``crm_cases`` holding its current JSON and a version number; every save, restore,
delete and undelete adds a row to ``crm_case_versions`` (who, when, what changed, and the case as it was
then), so nothing saved is ever lost: a deleted case is only marked deleted and can be restored, and any
earlier version can be made current again.

Concurrent edits never corrupt a case: :meth:`CaseStore.save` says which version it started from and the
update only applies while that is still the current version (one ``UPDATE ... WHERE version = ?`` in a
transaction, so two writers cannot both win); otherwise :class:`VersionConflict` says so and nothing is
written.

Database failures (unreachable server, read-only file, a full disk, a lock held by another program, missing
tables that cannot be created) become a :class:`StoreError` whose message says what is wrong in words a user can
act on and names no URL, password or server path (those are in its ``detail``, for the server's log); the caller
keeps working on its case in memory. No call waits more than about :data:`WAIT_SECONDS` for a lock or a server.
A SQLite file (or its folder) deleted while the app runs is made again, empty, at the next call, rather than
reported as read-only. The database URL is the caller's choice (see :func:`database_url`).

The store's own methods are the personal library (one user, no sign-in: every case open to whoever runs the app,
the author as typed). A team's app signs people in and uses ``crm_case.access.PersonStore(store, identity)``, the
same methods checking the person's role on each case in the transaction that reads or writes, and recording
their e-mail as every version's author (the rules and why: :mod:`crm_case.access`). The methods share one
implementation, which asks a :class:`Policy` what is allowed; the personal one (:data:`PERSONAL`) allows
everything.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from crm_case.diff import changes
from crm_case.errors import CrmCaseError
from crm_case.i18n import Message
from crm_case.model import Case, case_from_json, with_value

if TYPE_CHECKING:
    from sqlalchemy import Select

DATABASE_URL_VARIABLE = "CRM_CASE_DATABASE_URL"
DATA_DIR_VARIABLE = "CRM_CASE_DATA_DIR"
DEFAULT_DATA_DIR = "data"
SUMMARY_CHANGES = 12
"""At most this many changes are kept in a version's summary (with the count of the others)."""
WAIT_SECONDS = 2
"""The longest a call waits for a lock another program holds on the library (SQLite's busy timeout, PostgreSQL's
lock_timeout) before it is refused as "busy"; connecting to a PostgreSQL server waits at most one second more."""
STATEMENT_SECONDS = 10
"""PostgreSQL: the longest one statement may run (a save takes milliseconds) before it is cancelled."""
QUEUE_SECONDS = 5
"""On SQLite, which locks the whole file for a write, this process's own writers (the app's sessions) wait their turn
on a lock of the store's, for at most this long, before they take SQLite's; only another program's lock is then
bounded by :data:`WAIT_SECONDS`. Each write holds it for one UPDATE and one INSERT (milliseconds), so the queue is
short unless the machine is overloaded."""
_CREATE_ATTEMPTS = 5
"""Tries to create the tables while another process may be creating them too."""

_SCHEMA = MetaData()
CASES = Table(
    "crm_cases",
    _SCHEMA,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("version", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("deleted_at", DateTime, nullable=True),
)
VERSIONS = Table(
    "crm_case_versions",
    _SCHEMA,
    Column("case_id", String(32), ForeignKey("crm_cases.id"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("saved_at", DateTime, nullable=False),
    Column("author", String(100), nullable=False),
    Column("action", String(20), nullable=False),
    Column("summary", Text, nullable=False),
    Column("payload", Text, nullable=False),
)
_HEADER = [column for column in CASES.c if column.name != "payload"]
"""A case's row without the case itself: what lists and version checks read."""


class StoreError(CrmCaseError):
    """The case library cannot do what was asked: unreachable, read-only, full, busy, or the case is not there.

    ``str(error)`` is for users: it names no URL, password or server path. ``detail`` adds where (the URL with
    its password masked, or the SQLite file) and the database's own words, for the server's log."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail or str(message)


class UnreadableCase(StoreError):
    """A case in the library that this version of the app cannot read (e.g. saved before a limit it breaks); the
    library itself works."""


class CaseNotFound(StoreError):
    """No case with this id (never saved here, or from another library)."""


class VersionConflict(StoreError):
    """The case was saved from elsewhere (another tab, browser or colleague) since this copy was loaded."""

    def __init__(self, case_id: str, expected: int, current: int, deleted: bool) -> None:
        self.case_id, self.expected, self.current, self.deleted = case_id, expected, current, deleted
        super().__init__(Message(f"engine.store.{'deleted' if deleted else 'changed'}_elsewhere", id=case_id,
                                 expected=expected, current=current))


@dataclass(frozen=True)
class CaseInfo:
    """A case's row in the library, without its content. Times are UTC."""

    id: str
    name: str
    version: int
    created_at: datetime
    updated_at: datetime
    updated_by: str
    deleted_at: datetime | None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class StoredCase:
    """A case as the library holds it: its row and the validated case."""

    info: CaseInfo
    case: Case


@dataclass(frozen=True)
class VersionInfo:
    """One entry of a case's history. ``action`` is created, saved, restored, deleted or undeleted;
    ``changes`` lists what differs from the version before as ``{path, item, kind, before, after}`` mappings
    (see :class:`crm_case.diff.Change`), at most :data:`SUMMARY_CHANGES`, and ``more`` counts the others."""

    case_id: str
    version: int
    saved_at: datetime
    author: str
    action: str
    changes: tuple[Mapping[str, Any], ...]
    more: int


def database_url(environ: Mapping[str, str], *, base: Path) -> str:
    """The library's SQLAlchemy URL: ``CRM_CASE_DATABASE_URL`` when set (e.g.
    ``postgresql+psycopg://user:password@host/db``), else a SQLite file ``cases.db`` in ``CRM_CASE_DATA_DIR``
    (default ``data``, relative to ``base``)."""
    if url := environ.get(DATABASE_URL_VARIABLE, "").strip():
        return url
    folder = Path(environ.get(DATA_DIR_VARIABLE, "").strip() or DEFAULT_DATA_DIR)
    return f"sqlite:///{(base / folder / 'cases.db') if not folder.is_absolute() else folder / 'cases.db'}"


def _utc(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _summary(before: Case | None, after: Case) -> str:
    if before is None:
        return json.dumps({"changes": [], "more": 0})
    found = changes(before, after)
    kept = [{"path": c.path, "item": c.item, "kind": c.kind, "before": c.before, "after": c.after}
            for c in found[:SUMMARY_CHANGES]]
    return json.dumps({"changes": kept, "more": max(0, len(found) - SUMMARY_CHANGES)})


_REASONS = (
    (("queuepool limit",), Message("engine.store.no_connection")),
    (("statement timeout",), Message("engine.store.no_answer", seconds=STATEMENT_SECONDS)),
    (("readonly", "read-only", "read only", "permission denied"), Message("engine.store.read_only")),
    (("database or disk is full", "no space left", "disk full", "could not extend", "quota"),
     Message("engine.store.disk_full")),
    (("database is locked", "lock timeout", "canceling statement due to lock", "database table is locked"),
     Message("engine.store.locked", seconds=WAIT_SECONDS)),
    (("unable to open database file",), Message("engine.store.file_unopenable")),
    (("password authentication failed", "authentication failed", "no pg_hba.conf entry"),
     Message("engine.store.sign_in_refused")),
    (("connection refused", "could not connect", "timeout expired", "timed out", "server closed the connection",
      "connection is closed", "terminating connection", "name or service not known", "could not translate host",
      "the database system is", "network is unreachable", "no route to host", "connection reset"),
     Message("engine.store.unreachable")),
)
"""Database messages (lower case) and what they mean for a user; the first match wins."""


def _explain(error: BaseException, where: str) -> StoreError:
    """A :class:`StoreError` in a user's words for a database failure; ``detail`` keeps ``where`` (URL with the
    password masked, or the file) and the driver's text for the log."""
    text = str(getattr(error, "orig", None) or error).strip()
    text = text.splitlines()[0] if text else type(error).__name__
    lowered = text.lower()
    reason = next((reason for needles, reason in _REASONS if any(n in lowered for n in needles)),
                  Message("engine.store.unusable"))
    return StoreError(reason, f"{reason}: {where}: {text}")


def _sqlite_transactions(engine: Engine) -> None:
    """SQLite transactions as SQLAlchemy documents for pysqlite ("Serializable isolation / Savepoints /
    Transactional DDL"): the driver's own transaction handling is switched off and SQLAlchemy's begin emits
    ``BEGIN``, or ``BEGIN IMMEDIATE`` for a transaction that will write. A deferred transaction that reads first and
    then writes cannot wait for another writer's lock (SQLite answers "database is locked" at once, to avoid a
    deadlock), so eight sessions saving at once failed; an immediate one takes the write lock first and waits for
    it up to the busy timeout (:data:`WAIT_SECONDS`)."""

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("crm_case_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


class Policy(Protocol):
    """Who may do what, asked by :class:`CaseStore` inside each transaction: the personal library allows
    everything (:data:`PERSONAL`); a signed-in person's view (:class:`crm_case.access.PersonStore`) checks their
    role. The check runs in the transaction that reads or writes, so a share revoked between the check and the
    write cannot let the write through on SQLite (one writer at a time) and at worst races one statement on
    PostgreSQL."""

    def need(self, connection: Connection, case_id: str, action: str) -> None:
        """Raise (an :class:`~crm_case.access.AccessDenied`) unless ``action`` on ``case_id`` is allowed:
        ``open``, ``history``, ``duplicate`` (view), ``save``, ``restore`` (edit), ``delete``, ``undelete``
        (owner)."""

    def author(self, given: str) -> str:
        """Who a new version records: the name given (personal) or the signed-in e-mail (team)."""

    def visible(self, query: Select, deleted: bool) -> Select:
        """``query`` of cases limited to those listed for this person."""

    def created(self, connection: Connection, case_id: str) -> None:
        """Called in the transaction that creates ``case_id`` (team: records its owner)."""


class _Personal:
    """The personal library: one user, no sign-in, everything allowed, the author as typed."""

    def need(self, connection: Connection, case_id: str, action: str) -> None:
        return None

    def author(self, given: str) -> str:
        return given

    def visible(self, query: Select, deleted: bool) -> Select:
        return query

    def created(self, connection: Connection, case_id: str) -> None:
        return None


PERSONAL: Policy = _Personal()
"""The policy of :class:`CaseStore`'s own methods: personal mode, as before sign-in existed."""


class CaseStore:
    """Named cases with their history in the database at ``url`` (SQLAlchemy URL).

    Creating a store never touches the database; the tables are made on first use. Every method raises
    :class:`StoreError` (or its subclasses :class:`CaseNotFound`, :class:`VersionConflict`) rather than a
    database exception. ``clock`` returns the current time (injected for tests); ids are random UUID hex.

    Its own methods are the personal library: no sign-in, every case open to whoever runs the app. A team's app
    uses :class:`crm_case.access.PersonStore` instead, whose methods check the signed-in person's role.
    """

    def __init__(self, url: str, *, clock: Callable[[], datetime] | None = None,
                 engine: Engine | None = None) -> None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise StoreError(Message("engine.store.bad_url"),
                             f"{url!r} is not a database URL (expected e.g. sqlite:///data/cases.db or "
                             "postgresql+psycopg://user@host/db)") from None
        self.where = parsed.render_as_string(hide_password=True)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._ready = False
        self._schemas: list[MetaData] = [_SCHEMA]
        self._file: Path | None = None
        self._writers = threading.Lock() if parsed.get_backend_name() == "sqlite" else None
        database = (parsed.database or "") if parsed.get_backend_name() == "sqlite" else ""
        if database and database != ":memory:" and not parsed.query.get("mode"):
            self._file = Path(database)
        if engine is not None:
            self.engine = engine
            return
        options: dict[str, Any] = {"pool_pre_ping": True}
        if parsed.get_backend_name() != "sqlite" or self._file is not None:  # a queue pool (not :memory:'s)
            options["pool_timeout"] = WAIT_SECONDS
        if parsed.get_backend_name() == "sqlite":
            if self._file is not None:
                self._make_folder()
            options["connect_args"] = {"timeout": WAIT_SECONDS}
        else:
            options["connect_args"] = {"connect_timeout": WAIT_SECONDS + 1}
        try:
            self.engine = create_engine(parsed, **options)
        except (ArgumentError, ImportError, SQLAlchemyError) as error:
            raise StoreError(Message("engine.store.unopenable"), f"{self.where}: {error}") from None
        if parsed.get_backend_name() == "sqlite":
            _sqlite_transactions(self.engine)

    # ------------------------------------------------------------------ plumbing
    def _make_folder(self) -> None:
        assert self._file is not None
        try:
            self._file.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(Message("engine.store.no_folder"),
                             f"cannot create {self._file.parent}: {error.strerror}") from None

    def _file_gone(self) -> bool:
        """Whether the SQLite file this store has used was deleted (with its folder, say) while the app ran.
        SQLite's open connections would go on reading the deleted file and refuse every write as "read-only",
        so the connections are dropped and the folder and an empty library are made again; the log says so."""
        if self._file is None or not self._ready or self._file.exists():
            return False
        logging.getLogger(__name__).warning("the case library %s was deleted while in use: starting an empty one",
                                            self._file)
        self.engine.dispose()
        self._make_folder()
        self._ready = False
        return True

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[Connection]:
        """One transaction; ``write`` for one that will write. On SQLite a writing transaction starts with
        ``BEGIN IMMEDIATE`` (see :func:`_sqlite_transactions`)."""
        queued = write and self._writers is not None
        if queued and not self._writers.acquire(timeout=QUEUE_SECONDS):
            raise StoreError(Message("engine.store.queued", seconds=QUEUE_SECONDS),
                             f"{self.where}: this process's writers queued for more than {QUEUE_SECONDS} s")
        try:
            self._file_gone()
            if not self._ready:
                self._create_tables()
            with self.engine.connect() as connection:
                connection.execution_options(crm_case_write=write)
                with connection.begin():
                    if connection.dialect.name == "postgresql":  # a lock, or a half-open connection, never hangs a save
                        connection.exec_driver_sql(f"SET LOCAL lock_timeout = '{WAIT_SECONDS}s'")
                        connection.exec_driver_sql(f"SET LOCAL statement_timeout = '{STATEMENT_SECONDS}s'")
                    yield connection
        except SQLAlchemyError as error:
            raise _explain(error, self.where) from None
        finally:
            if queued:
                self._writers.release()

    def _create_tables(self) -> None:
        """Create the tables unless they exist. Another process (a second app replica, a parallel test) may
        create them at the same moment: then this one's CREATE of a table the other has just made fails. The
        other may still be between its tables, so try again (each try skips the tables that exist) until every
        table is there; give up after a few tries with the last error."""
        for schema in list(self._schemas):
            for attempt in range(_CREATE_ATTEMPTS):
                try:
                    schema.create_all(self.engine)
                    break
                except SQLAlchemyError:
                    if set(schema.tables) <= set(inspect(self.engine).get_table_names()):
                        break
                    if attempt == _CREATE_ATTEMPTS - 1:
                        raise
                    time.sleep(0.05 * (attempt + 1))
        self._ready = True

    def add_schema(self, schema: MetaData) -> None:
        """Let another part of the app keep its tables in this library (the workshop's rooms,
        :mod:`crm_case.rooms`): ``schema``'s tables are made, unless they exist, with the library's own at the
        next call (as the library's are: on first use, and again if the SQLite file was deleted)."""
        if not any(schema is known for known in self._schemas):
            self._schemas.append(schema)
            self._ready = False

    def check(self) -> None:
        """Raise :class:`StoreError` unless the library can be read and written (a write that is rolled back)."""
        with self._transaction(write=True) as connection:
            connection.execute(select(func.count()).select_from(CASES)).scalar_one()
            probe = connection.begin_nested()
            connection.execute(CASES.insert().values(**self._row_values("check", "check", 0, "{}", "check")))
            probe.rollback()

    def _now(self) -> datetime:
        return _naive(self._clock())

    def _row_values(self, case_id: str, name: str, version: int, payload: str, author: str) -> dict[str, Any]:
        now = self._now()
        return {"id": case_id, "name": name[:200], "version": version, "payload": payload, "created_at": now,
                "updated_at": now, "updated_by": author[:100], "deleted_at": None}

    @staticmethod
    def _info(row: Any) -> CaseInfo:
        return CaseInfo(row.id, row.name, row.version, _utc(row.created_at), _utc(row.updated_at), row.updated_by,
                        _utc(row.deleted_at))

    def _row(self, connection: Connection, case_id: str, *columns: Any) -> Any:
        query = select(*columns) if columns else select(CASES)
        row = connection.execute(query.where(CASES.c.id == case_id)).first()
        if row is None:
            raise CaseNotFound(Message("engine.store.no_case", id=repr(case_id)))
        return row

    def _record(self, connection: Connection, case_id: str, version: int, author: str, action: str,
                summary: str, payload: str) -> None:
        connection.execute(VERSIONS.insert().values(case_id=case_id, version=version, saved_at=self._now(),
                                                    author=author[:100], action=action, summary=summary,
                                                    payload=payload))

    @staticmethod
    def _case(payload: str, case_id: str) -> Case:
        try:
            return case_from_json(payload)
        except CrmCaseError as error:
            raise UnreadableCase(Message("engine.store.unreadable", id=case_id, reason=error.message)) from None

    # ------------------------------------------------------------------ reading
    def load(self, case_id: str) -> StoredCase:
        """The current version of a case (also of a deleted one: ``info.deleted`` says so).
        :class:`CaseNotFound` when there is no such case."""
        return self._load(case_id, PERSONAL)

    def _load(self, case_id: str, policy: Policy, action: str = "open") -> StoredCase:
        with self._transaction() as connection:
            policy.need(connection, case_id, action)
            row = self._row(connection, case_id)
        return StoredCase(self._info(row), self._case(row.payload, case_id))

    def info(self, case_id: str) -> CaseInfo:
        """The current version's number, author and time of a case, without reading the case itself (cheap
        enough to ask every few seconds whether someone else has saved). :class:`CaseNotFound` when there is no
        such case."""
        return self._head(case_id, PERSONAL)

    def _head(self, case_id: str, policy: Policy) -> CaseInfo:
        with self._transaction() as connection:
            policy.need(connection, case_id, "open")
            return self._info(self._row(connection, case_id, *_HEADER))

    def cases(self, *, deleted: bool = False) -> list[CaseInfo]:
        """The cases, most recently changed first: the live ones, or with ``deleted`` only the deleted ones."""
        return self._cases(deleted, PERSONAL)

    def _cases(self, deleted: bool, policy: Policy) -> list[CaseInfo]:
        condition = CASES.c.deleted_at.is_not(None) if deleted else CASES.c.deleted_at.is_(None)
        query = policy.visible(select(*_HEADER).where(condition), deleted)
        with self._transaction() as connection:
            rows = connection.execute(query.order_by(CASES.c.updated_at.desc(), CASES.c.name)).all()
        return [self._info(row) for row in rows]

    def history(self, case_id: str) -> list[VersionInfo]:
        """Every version of a case, newest first."""
        return self._history(case_id, PERSONAL)

    def _history(self, case_id: str, policy: Policy) -> list[VersionInfo]:
        query = (select(VERSIONS.c.case_id, VERSIONS.c.version, VERSIONS.c.saved_at, VERSIONS.c.author,
                        VERSIONS.c.action, VERSIONS.c.summary)
                 .where(VERSIONS.c.case_id == case_id).order_by(VERSIONS.c.version.desc()))
        with self._transaction() as connection:
            policy.need(connection, case_id, "history")
            self._row(connection, case_id)
            rows = connection.execute(query).all()
        out = []
        for row in rows:
            summary = json.loads(row.summary)
            out.append(VersionInfo(row.case_id, row.version, _utc(row.saved_at), row.author, row.action,
                                   tuple(summary["changes"]), summary["more"]))
        return out

    def load_version(self, case_id: str, version: int) -> Case:
        """The case as it was saved at ``version``."""
        return self._load_version(case_id, version, PERSONAL)

    def _load_version(self, case_id: str, version: int, policy: Policy) -> Case:
        query = select(VERSIONS.c.payload).where(VERSIONS.c.case_id == case_id, VERSIONS.c.version == version)
        with self._transaction() as connection:
            policy.need(connection, case_id, "history")
            self._row(connection, case_id)
            payload = connection.execute(query).scalar_one_or_none()
        if payload is None:
            raise CaseNotFound(Message("engine.store.no_version", id=case_id, version=version))
        return self._case(payload, case_id)

    # ------------------------------------------------------------------ writing
    def create(self, case: Case, *, author: str = "", name: str | None = None) -> StoredCase:
        """Add ``case`` as a new case (version 1), named ``name`` or the case's own name."""
        return self._create(case, author, name, PERSONAL)

    def _create(self, case: Case, author: str, name: str | None, policy: Policy) -> StoredCase:
        case_id = uuid.uuid4().hex
        payload = case.model_dump_json()
        title = (name or case.assumptions.name).strip() or case.assumptions.name
        author = policy.author(author)
        with self._transaction(write=True) as connection:
            connection.execute(CASES.insert().values(**self._row_values(case_id, title, 1, payload, author)))
            self._record(connection, case_id, 1, author, "created", _summary(None, case), payload)
            policy.created(connection, case_id)
            row = self._row(connection, case_id)
        return StoredCase(self._info(row), case)

    def _write(self, case_id: str, expected: int | None, *, case: Case | None, author: str, action: str,
               deleted_at: datetime | str | None = "keep", policy: Policy = PERSONAL, need: str = "save") -> Any:
        """Make the next version of ``case_id`` (``case``, or the current content when ``None``) if the library
        still holds ``expected`` (``None``: whatever it holds now). The current version is read, and the new one's
        JSON and its summary of changes made, before the write lock is taken, so the lock is held for one UPDATE
        and one INSERT only; the UPDATE applies only while ``expected`` is still current, so a save that came
        between is still caught. ``policy`` is asked whether ``need`` is allowed in both transactions: first so
        that a refused person hears "refused" rather than "changed elsewhere", then again under the write lock."""
        with self._transaction() as connection:
            policy.need(connection, case_id, need)
            row = self._row(connection, case_id)
        expected = row.version if expected is None else expected
        if row.version != expected:
            raise VersionConflict(case_id, expected, row.version, row.deleted_at is not None)
        before = self._case(row.payload, case_id)
        new = before if case is None else case
        payload, summary = new.model_dump_json(), _summary(before, new)
        author = policy.author(author)
        values: dict[str, Any] = {"version": expected + 1, "payload": payload, "updated_by": author[:100]}
        if case is not None:
            values["name"] = case.assumptions.name[:200]
        with self._transaction(write=True) as connection:
            policy.need(connection, case_id, need)
            values["updated_at"] = self._now()
            if deleted_at != "keep":
                values["deleted_at"] = values["updated_at"] if deleted_at == "now" else deleted_at
            result = connection.execute(update(CASES).where(CASES.c.id == case_id, CASES.c.version == expected)
                                        .values(**values))
            if result.rowcount != 1:
                current = self._row(connection, case_id)
                raise VersionConflict(case_id, expected, current.version, current.deleted_at is not None)
            self._record(connection, case_id, expected + 1, author, action, summary, payload)
            return self._row(connection, case_id)

    def save(self, case_id: str, case: Case, *, expected_version: int, author: str = "",
             action: str = "saved") -> StoredCase:
        """Make ``case`` the current version of ``case_id``, if the library still holds ``expected_version``
        (the version this copy was loaded or last saved as); the new version is ``expected_version + 1``.
        Raises :class:`VersionConflict` (nothing written) when the case changed or was deleted since."""
        return self._save(case_id, case, expected_version, author, action, PERSONAL)

    def _save(self, case_id: str, case: Case, expected_version: int, author: str, action: str,
              policy: Policy) -> StoredCase:
        row = self._write(case_id, expected_version, case=case, author=author, action=action, policy=policy,
                          need="restore" if action == "restored" else "save")
        return StoredCase(self._info(row), case)

    def restore_version(self, case_id: str, version: int, *, expected_version: int, author: str = "") -> StoredCase:
        """Make an earlier version current again (as a new version; the history keeps everything)."""
        return self._restore_version(case_id, version, expected_version, author, PERSONAL)

    def _restore_version(self, case_id: str, version: int, expected_version: int, author: str,
                         policy: Policy) -> StoredCase:
        with self._transaction() as connection:  # refused before the old version is even read
            policy.need(connection, case_id, "restore")
        old = self._load_version(case_id, version, policy)
        return self._save(case_id, old, expected_version, author, "restored", policy)

    def duplicate(self, case_id: str, *, name: str, author: str = "") -> StoredCase:
        """A new case with the current content of ``case_id``, named ``name`` (the copy's assumptions name too)."""
        return self._duplicate(case_id, name, author, PERSONAL)

    def _duplicate(self, case_id: str, name: str, author: str, policy: Policy) -> StoredCase:
        source = self._load(case_id, policy, "duplicate").case
        return self._create(with_value(source, "assumptions.name", name), author, name, policy)

    def delete(self, case_id: str, *, expected_version: int | None = None, author: str = "") -> CaseInfo:
        """Mark a case deleted (a new version; its content and history stay, :meth:`undelete` brings it back).
        Other sessions editing it then get a :class:`VersionConflict` saying it was deleted elsewhere."""
        return self._delete(case_id, expected_version, author, PERSONAL)

    def _delete(self, case_id: str, expected_version: int | None, author: str, policy: Policy) -> CaseInfo:
        row = self._write(case_id, expected_version, case=None, author=author, action="deleted", deleted_at="now",
                          policy=policy, need="delete")
        return self._info(row)

    def undelete(self, case_id: str, *, author: str = "") -> StoredCase:
        """Bring a deleted case back, as it was when deleted."""
        return self._undelete(case_id, author, PERSONAL)

    def _undelete(self, case_id: str, author: str, policy: Policy) -> StoredCase:
        row = self._write(case_id, None, case=None, author=author, action="undeleted", deleted_at=None,
                          policy=policy, need="undelete")
        return StoredCase(self._info(row), self._case(row.payload, case_id))

    def dispose(self) -> None:
        """Close the store's connections."""
        self.engine.dispose()
