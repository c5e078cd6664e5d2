"""Case libraries for the tests: SQLite in a temporary folder, and PostgreSQL in a schema of its own.

PostgreSQL runs when ``CRM_CASE_TEST_POSTGRES_URL`` names a server (``.ci/run`` starts one on loopback and
sets it); without it those tests are skipped, unless ``CRM_CASE_REQUIRE_POSTGRES=1`` (set by CI), which
makes a missing server a failure rather than a silent skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crm_case.store import CaseStore

POSTGRES_VARIABLE = "CRM_CASE_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


class Clock:
    """A clock that advances one minute per reading, so every save has its own time."""

    def __init__(self, start: datetime = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_VARIABLE, "").strip()
    if not url and os.environ.get("CRM_CASE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{POSTGRES_VARIABLE} is not set but CRM_CASE_REQUIRE_POSTGRES=1: PostgreSQL must be tested")
    return url or None


@contextmanager
def make_store(backend: str, folder: Path, **options: object) -> Iterator[CaseStore]:
    """A fresh, empty library on ``backend``; PostgreSQL gets a schema of its own, dropped afterwards, so
    parallel test workers never see each other's cases."""
    if backend == "sqlite":
        store = CaseStore(f"sqlite:///{folder / 'cases.db'}", **options)
        try:
            yield store
        finally:
            store.dispose()
        return
    url = postgres_url()
    if url is None:
        pytest.skip(f"no PostgreSQL server: set {POSTGRES_VARIABLE}")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    store = CaseStore(url, engine=engine, **options)
    try:
        yield store
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
