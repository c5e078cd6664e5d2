"""The case library (crm_case/store.py): the same suite on SQLite and on PostgreSQL.

Versions, history with what changed, conflicts between two writers, delete and restore, and failures that
become messages (unreachable server, read-only file, unknown id).
"""

from __future__ import annotations

import threading
from datetime import UTC
from pathlib import Path

import pytest

from crm_case import sample_case, with_value
from crm_case.diff import changes
from crm_case.store import CaseNotFound, CaseStore, StoreError, VersionConflict, database_url
from tests.store_backends import BACKENDS, Clock, make_store


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with make_store(request.param, tmp_path, clock=Clock()) as made:
        yield made


class TestSaveAndLoad:
    def test_created_case_loads_back_equal(self, store):
        case = sample_case()
        made = store.create(case, author="Ana")
        loaded = store.load(made.info.id)
        assert loaded.case == case
        assert (loaded.info.version, loaded.info.name, loaded.info.updated_by) == (1, case.assumptions.name, "Ana")
        assert not loaded.info.deleted

    def test_save_makes_the_next_version_and_records_what_changed(self, store):
        case = sample_case()
        made = store.create(case, author="Ana")
        edited = with_value(case, "assumptions.discount_rate", 0.12)
        saved = store.save(made.info.id, edited, expected_version=1, author="Ben")
        assert saved.info.version == 2
        assert store.load(made.info.id).case == edited
        newest, first = store.history(made.info.id)
        assert (newest.version, newest.author, newest.action) == (2, "Ben", "saved")
        assert newest.changes == ({"path": "assumptions.discount_rate", "item": None, "kind": "changed",
                                   "before": 0.1, "after": 0.12},)
        assert (first.version, first.action, first.changes) == (1, "created", ())
        assert newest.saved_at > first.saved_at
        assert newest.saved_at.tzinfo is UTC

    def test_info_tells_the_current_version_without_the_case(self, store):
        made = store.create(sample_case(), author="Ana")
        assert store.info(made.info.id) == made.info
        saved = store.save(made.info.id, with_value(made.case, "assumptions.horizon_years", 4), expected_version=1,
                           author="Ben")
        info = store.info(made.info.id)
        assert (info.version, info.updated_by, info.updated_at) == (2, "Ben", saved.info.updated_at)
        store.delete(made.info.id)
        assert store.info(made.info.id).deleted
        with pytest.raises(CaseNotFound, match="no case 'nope'"):
            store.info("nope")

    def test_every_version_can_be_read_and_restored(self, store):
        case = sample_case()
        made = store.create(case)
        v2 = with_value(case, "costs.0.initial", 1234.0)
        store.save(made.info.id, v2, expected_version=1)
        store.save(made.info.id, with_value(v2, "costs.0.initial", 99.0), expected_version=2)
        assert store.load_version(made.info.id, 2) == v2
        restored = store.restore_version(made.info.id, 1, expected_version=3, author="Ana")
        assert restored.info.version == 4
        assert store.load(made.info.id).case == case
        assert store.history(made.info.id)[0].action == "restored"

    def test_long_histories_keep_a_short_summary(self, store):
        case = sample_case()
        made = store.create(case)
        edited = case
        for index in range(len(case.costs)):
            edited = with_value(edited, f"costs.{index}.initial", 1000.0 + index)
        edited = with_value(edited, "assumptions.discount_rate", 0.2)
        store.save(made.info.id, edited, expected_version=1)
        newest = store.history(made.info.id)[0]
        assert len(newest.changes) + newest.more == len(changes(case, edited))

    def test_list_is_newest_first_and_renames_follow_the_case(self, store):
        first = store.create(sample_case())
        second = store.create(sample_case(), name="Option B")
        renamed = with_value(sample_case(), "assumptions.name", "Option A")
        store.save(first.info.id, renamed, expected_version=1)
        assert [(c.id, c.name) for c in store.cases()] == [(first.info.id, "Option A"), (second.info.id, "Option B")]

    def test_duplicate_is_a_new_case_with_its_own_history(self, store):
        made = store.create(sample_case())
        copy = store.duplicate(made.info.id, name="Copy of the sample", author="Ana")
        assert copy.info.id != made.info.id
        assert copy.case.assumptions.name == "Copy of the sample"
        assert copy.case.costs == made.case.costs
        assert [v.version for v in store.history(copy.info.id)] == [1]


class TestConflicts:
    def test_a_stale_copy_is_refused_and_nothing_is_written(self, store):
        case = sample_case()
        made = store.create(case)
        mine = with_value(case, "assumptions.discount_rate", 0.11)
        theirs = with_value(case, "assumptions.discount_rate", 0.13)
        store.save(made.info.id, theirs, expected_version=1, author="Other tab")
        with pytest.raises(VersionConflict) as caught:
            store.save(made.info.id, mine, expected_version=1)
        assert (caught.value.expected, caught.value.current, caught.value.deleted) == (1, 2, False)
        assert "changed elsewhere" in str(caught.value) and "save this copy as a new case" in str(caught.value)
        assert store.load(made.info.id).case == theirs
        assert len(store.history(made.info.id)) == 2

    def test_two_writers_at_once_one_wins_one_is_told(self, store):
        case = sample_case()
        made = store.create(case)
        outcomes: list[str] = []
        barrier = threading.Barrier(8)

        def write(rate: float) -> None:
            barrier.wait()
            try:
                store.save(made.info.id, with_value(case, "assumptions.discount_rate", rate), expected_version=1)
                outcomes.append("saved")
            except VersionConflict:
                outcomes.append("conflict")

        threads = [threading.Thread(target=write, args=(0.05 + i / 100,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["conflict"] * 7 + ["saved"]
        assert store.load(made.info.id).info.version == 2
        assert [v.version for v in store.history(made.info.id)] == [2, 1]


class TestDeleteAndRestore:
    def test_deleted_case_leaves_the_list_and_comes_back_whole(self, store):
        case = with_value(sample_case(), "costs.0.initial", 777.0)
        made = store.create(case)
        store.delete(made.info.id, author="Ana")
        assert store.cases() == []
        assert [c.id for c in store.cases(deleted=True)] == [made.info.id]
        assert store.load(made.info.id).info.deleted
        back = store.undelete(made.info.id, author="Ana")
        assert back.case == case and not back.info.deleted
        assert [v.action for v in store.history(made.info.id)] == ["undeleted", "deleted", "created"]

    def test_editing_a_case_deleted_elsewhere_is_a_conflict(self, store):
        made = store.create(sample_case())
        store.delete(made.info.id)
        with pytest.raises(VersionConflict, match="deleted elsewhere") as caught:
            store.save(made.info.id, sample_case(), expected_version=1)
        assert caught.value.deleted


class TestFailures:
    def test_unknown_id(self, store):
        with pytest.raises(CaseNotFound, match="no case 'nope' in the case library"):
            store.load("nope")
        with pytest.raises(CaseNotFound):
            store.save("nope", sample_case(), expected_version=1)
        with pytest.raises(CaseNotFound):
            store.history("nope")

    def test_check_passes_on_a_working_library(self, store):
        store.check()


def test_read_only_sqlite_is_reported_and_reading_still_works(tmp_path: Path):
    writable = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
    made = writable.create(sample_case())
    writable.dispose()
    read_only = CaseStore(f"sqlite:///file:{tmp_path / 'cases.db'}?mode=ro&uri=true")
    assert read_only.load(made.info.id).case == sample_case()
    with pytest.raises(StoreError, match="is read-only"):
        read_only.check()
    with pytest.raises(StoreError) as caught:
        read_only.save(made.info.id, sample_case(), expected_version=1)
    assert str(caught.value) == "the case library is read-only"  # issue 16.6: no server path for users
    assert str(tmp_path) in caught.value.detail  # the log keeps where
    read_only.dispose()


def test_unreachable_postgres_is_a_message_without_the_password():
    store = CaseStore("postgresql+psycopg://user:secret@127.0.0.1:9/crm")
    with pytest.raises(StoreError) as caught:
        store.check()
    assert str(caught.value) == "the case library's database server cannot be reached"
    assert caught.value.detail.startswith("the case library's database server cannot be reached: "
                                          "postgresql+psycopg://user:***@127.0.0.1:9/crm: ")
    assert "secret" not in caught.value.detail


@pytest.mark.parametrize("backend", BACKENDS)
def test_eight_sessions_saving_at_once_are_never_refused_as_locked(backend, tmp_path):
    """Issue 16's burst, without a browser: eight writers, each on its own case, saving as fast as they can. On
    SQLite a transaction that read before it wrote was refused "database is locked" at once whenever another
    writer held the lock (saving then went off); every save must succeed and each case end at its last value."""
    with make_store(backend, tmp_path) as store:
        second = CaseStore(store.where, engine=store.engine)
        made = [store.create(sample_case()).info.id for _ in range(8)]
        errors: list[Exception] = []

        def edit(case_id: str, writer: CaseStore) -> None:
            try:
                for version in range(1, 31):
                    writer.save(case_id, with_value(sample_case(), "drivers.sales_productivity.reps", float(version)),
                                expected_version=version)
            except StoreError as error:  # pragma: no cover - the failure this test guards against
                errors.append(error)

        threads = [threading.Thread(target=edit, args=(case_id, (store, second)[n % 2]))
                   for n, case_id in enumerate(made)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        for case_id in made:
            found = store.load(case_id)
            assert (found.info.version, found.case.drivers.sales_productivity.reps) == (31, 30.0)


# ---------------------------------------------------------------- faults (issue 16: reasons name no URL or path)
def _no_server_detail(error: StoreError, *hidden: str) -> None:
    """What a user reads names neither the URL, nor the password, nor the server's folders."""
    for text in hidden:
        assert text not in str(error), str(error)


def test_a_locked_sqlite_library_answers_within_two_seconds_as_busy(tmp_path: Path):
    """Another program holds an exclusive lock (as a backup tool or a second app writing would): the save is
    refused as busy after WAIT_SECONDS (2 s), not frozen for SQLite's old 10 s; once the lock is gone it works."""
    import sqlite3
    import time

    store = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
    made = store.create(sample_case())
    holder = sqlite3.connect(tmp_path / "cases.db")
    holder.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        store.save(made.info.id, sample_case(), expected_version=1)
    waited = time.monotonic() - started
    assert 1.5 <= waited < 3.5, waited
    assert str(caught.value).startswith("the case library is busy")
    _no_server_detail(caught.value, str(tmp_path), "cases.db")
    holder.rollback()
    holder.close()
    assert store.save(made.info.id, sample_case(), expected_version=1).info.version == 2
    store.dispose()


def test_a_locked_postgresql_table_answers_within_two_seconds_as_busy(tmp_path: Path):
    import time

    from sqlalchemy import text

    with make_store("postgresql", tmp_path) as store:
        made = store.create(sample_case())
        with store.engine.connect() as holder:
            holder.execute(text("LOCK TABLE crm_cases IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(StoreError) as caught:
                store.save(made.info.id, sample_case(), expected_version=1)
            waited = time.monotonic() - started
            holder.rollback()
        assert 1.5 <= waited < 3.5, waited
        assert str(caught.value).startswith("the case library is busy")
        assert store.save(made.info.id, sample_case(), expected_version=1).info.version == 2


def test_a_full_disk_is_named_as_such(tmp_path: Path):
    """SQLite's "database or disk is full" (here from a page limit: the same error a full disk gives)."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{tmp_path / 'cases.db'}")
    store = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}", engine=engine)
    made = store.create(sample_case())

    @event.listens_for(engine, "connect")
    def _full(connection, _record):
        connection.execute("PRAGMA max_page_count = 1")

    engine.dispose()
    big = with_value(sample_case(), "assumptions.name", "x" * 120)
    with pytest.raises(StoreError) as caught:
        for round_ in range(50):  # each version adds a page or more: the one-page limit is reached at once
            store.save(made.info.id, big, expected_version=1 + round_)
    assert str(caught.value) == "the disk that holds the case library is full"
    _no_server_detail(caught.value, str(tmp_path))
    engine.dispose()


def test_a_deleted_data_folder_is_made_again_not_called_read_only(tmp_path: Path):
    """The data folder is deleted while the app runs: the next call makes it again with an empty library (SQLite's
    open connections would otherwise call every write "read-only"); the case the session saved is not found."""
    import shutil

    folder = tmp_path / "data"
    store = CaseStore(f"sqlite:///{folder / 'cases.db'}")
    made = store.create(sample_case())
    shutil.rmtree(folder)
    with pytest.raises(CaseNotFound):
        store.save(made.info.id, sample_case(), expected_version=1)
    assert (folder / "cases.db").is_file()
    again = store.create(sample_case())
    assert store.load(again.info.id).info.version == 1
    store.dispose()


def test_a_bad_url_names_no_url():
    with pytest.raises(StoreError) as caught:
        CaseStore("postgres://user:secret@ho st/db?x")
    assert "secret" not in str(caught.value)


def test_a_url_that_is_not_a_database_url():
    with pytest.raises(StoreError, match="is not a database URL"):
        CaseStore("not a url")


def test_sqlite_folder_is_made(tmp_path: Path):
    store = CaseStore(f"sqlite:///{tmp_path / 'new' / 'deeper' / 'cases.db'}")
    store.create(sample_case())
    assert (tmp_path / "new" / "deeper" / "cases.db").is_file()
    store.dispose()


class TestDatabaseUrl:
    def test_default_is_a_sqlite_file_in_the_data_folder(self, tmp_path: Path):
        assert database_url({}, base=tmp_path) == f"sqlite:///{tmp_path / 'data' / 'cases.db'}"

    def test_data_folder_variable(self, tmp_path: Path):
        assert database_url({"CRM_CASE_DATA_DIR": "/srv/crm"}, base=tmp_path) == "sqlite:////srv/crm/cases.db"

    def test_url_variable_wins(self, tmp_path: Path):
        url = "postgresql+psycopg://crm@db/crm"
        assert database_url({"CRM_CASE_DATABASE_URL": url, "CRM_CASE_DATA_DIR": "x"}, base=tmp_path) == url


ROUNDS_OF_THE_TABLE_RACE = 25
"""Before the retry, SQLite lost this race in about one start in six (34 of 200 measured)."""


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_processes_creating_the_tables_at_once_both_work(backend, tmp_path):
    """Two app replicas (or test workers) starting together both try to create the tables. The race is lost
    only now and then (one replica between its two tables when the other starts), so it is run many times."""
    for round_ in range(ROUNDS_OF_THE_TABLE_RACE):
        folder = tmp_path / str(round_)
        folder.mkdir()
        with make_store(backend, folder) as first:
            second = CaseStore(first.where, engine=first.engine)
            barrier, errors = threading.Barrier(2), []

            def start(store: CaseStore, barrier=barrier, errors=errors) -> None:
                barrier.wait()
                try:
                    store.create(sample_case())
                except StoreError as error:  # pragma: no cover - the failure this test guards against
                    errors.append(error)

            threads = [threading.Thread(target=start, args=(s,)) for s in (first, second)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert errors == [], f"round {round_}"
            assert len(first.cases()) == 2
