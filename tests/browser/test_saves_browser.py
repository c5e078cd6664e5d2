"""Saves that never lie, in a real browser on a real server (issue 16): a burst of edits from eight sessions at
once ends with every session saved and no false conflict, on SQLite and on PostgreSQL; saving resumes by itself
when a locked library is free again; an edit typed just before the server is killed is either in the library or
not on screen after the tab reconnects."""

from __future__ import annotations

import json
import re
import statistics
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from crm_case import CaseStore
from tests.browser.harness import ROOT, app_server, free_port, live_input, start_app, stop
from tests.browser.test_browser import idle
from tests.store_backends import BACKENDS, postgres_url

pytestmark = pytest.mark.browser

SESSIONS = 8
BURST_SECONDS = 30.0
GAP_MS = 40
"""Issue 16: eight sessions, each alone on its own case, editing every 40 ms for 30 s."""
REPS = "Sales reps"
SAVED = re.compile(r"Saved · version (\d+)")

# An edit as a person makes it, from inside the page so that eight pages type at once: the value typed into the
# text input (React's own setter, so React sees it) and Enter, which commits it; then the next after `gap` ms.
BURST_JS = """
([label, first, seconds, gap]) => {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const input = () => [...document.querySelectorAll('[data-testid="stTextInput"]')]
      .find(box => box.innerText.includes(label) || box.querySelector(`input[aria-label="${label}"]`))
      ?.querySelector('input');
  window.__burst = {sent: 0, done: false, last: null};
  (async () => {
    const end = Date.now() + seconds * 1000;
    for (let i = 0; Date.now() < end; i++) {
      const el = input();
      if (el) {
        const value = String(first + window.__burst.sent);
        el.focus();
        setter.call(el, value);
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true}));
        window.__burst.sent += 1;
        window.__burst.last = value;
      }
      await new Promise(resolve => setTimeout(resolve, gap));
    }
    window.__burst.done = true;
  })();
}
"""


@contextmanager
def library_env(backend: str, folder: Path):
    """The app server's environment for a library of its own on ``backend``, and a store the test reads it with."""
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'cases.db'}"
        yield {"CRM_CASE_DATA_DIR": str(folder)}, url
        return
    base = postgres_url()
    if base is None:
        pytest.skip("no PostgreSQL server: set CRM_CASE_TEST_POSTGRES_URL")
    from sqlalchemy import create_engine, text

    schema = f"burst_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = f"{base}?options=-csearch_path%3D{schema}"
    try:
        yield {"CRM_CASE_DATABASE_URL": url}, url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def open_benefits(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMetric"]')
    page.locator('[data-testid="stSidebarNav"] a', has_text="Benefits").click()
    expect(live_input(page, REPS)).to_be_visible(timeout=60_000)
    idle(page)


def case_in_url(page) -> str:
    match = re.search(r"[?&]case=([0-9a-f]{32})", page.url)
    assert match, page.url
    return match.group(1)


def status_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def saved_with(library: CaseStore, case_id: str, reps: float, timeout: float = 60.0):
    """The library's case ``case_id`` once it holds ``reps`` sales reps (polled every 100 ms up to ``timeout``)."""
    deadline = time.monotonic() + timeout
    while (stored := library.load(case_id)).case.drivers.sales_productivity.reps != reps:
        assert time.monotonic() < deadline, (case_id, stored.info.version, reps)
        time.sleep(0.1)
    return stored


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_burst_of_edits_from_eight_sessions_ends_saved_with_no_conflict(browser, tmp_path, backend):
    with library_env(backend, tmp_path) as (env, url), app_server(env=env) as server:
        contexts = [browser.new_context(viewport={"width": 1440, "height": 900}) for _ in range(SESSIONS)]
        try:
            pages = [context.new_page() for context in contexts]
            opening = time.monotonic()
            for page in pages:
                page.set_default_timeout(90_000)
            for page in pages:  # straight to the page's link, side by side, on the fresh server
                page.goto(f"{server}/benefits", wait_until="commit")
            for page in pages:
                expect(live_input(page, REPS)).to_be_visible(timeout=90_000)
                idle(page)
                expect(page.locator('[role="dialog"]', has_text="Page not found")).to_have_count(0)
            started = time.monotonic()
            for n, page in enumerate(pages):
                page.evaluate(BURST_JS, [REPS, 100 + 10_000 * n, BURST_SECONDS, GAP_MS])
            print(f"opened {SESSIONS} sessions in {time.monotonic() - opening:.0f} s", flush=True)
            for page in pages:
                page.wait_for_function("() => window.__burst && window.__burst.done",
                                       timeout=(BURST_SECONDS + 60) * 1000)
            burst = time.monotonic() - started
            settle = []
            library = CaseStore(url)
            figures = []
            try:
                for n, page in enumerate(pages):
                    last = page.evaluate("() => window.__burst.last")
                    begin = time.monotonic()
                    # The input shows the last value exactly as it was typed: the run of an input's own edit sends
                    # nothing back (ui.state.bind). It used to send the case's spelling back ("50,115"), which could
                    # arrive over a newer value typed meanwhile; the save status's timer then carried the older value
                    # back to the server and the last edit was lost (seen twice: 50,115 shown after 50,118 typed).
                    typed = str(last)
                    expect(live_input(page, REPS)).to_have_value(typed, timeout=60_000)
                    # The browser sends the last edit's run without marking the app as running, so the page can
                    # look idle, saved at the version before, while that run is still queued on the busy server:
                    # first the library holds the last value (the server has run the edit), then the page must
                    # say so, with the library's version.
                    stored = saved_with(library, case_in_url(page), float(last))
                    sidebar = page.locator('[data-testid="stSidebar"]')
                    try:
                        expect(sidebar.get_by_text(f"Saved · version {stored.info.version} ·")).to_be_visible(
                            timeout=60_000)
                    except AssertionError:
                        raise AssertionError(f"session {n}, v{stored.info.version}: {status_text(page)}") from None
                    idle(page)
                    settle.append(time.monotonic() - begin)
                    text = status_text(page)
                    assert "changed elsewhere" not in text and "Unsaved" not in text and "Saving is off" not in text
                    assert library.info(case_in_url(page)).version == stored.info.version  # nothing saved since
                    assert int(SAVED.search(text).group(1)) == stored.info.version
                    assert live_input(page, REPS).input_value() == typed
                    figures.append({"session": n, "sent": page.evaluate("() => window.__burst.sent"),
                                    "versions": stored.info.version})
            finally:
                library.dispose()
        finally:
            for context in contexts:
                context.close()
    report = {"backend": backend, "sessions": SESSIONS, "gap_ms": GAP_MS, "burst_s": round(burst, 1),
              "settle_median_s": round(statistics.median(settle), 2), "per_session": figures}
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / f"burst-{backend}.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report))


CRASH_DELAYS_MS = (0, 25, 50)
"""Issue 16: a change typed within about 50 ms before the server was killed."""


def test_after_a_crash_the_tab_shows_what_the_library_holds(browser, tmp_path):
    """An edit typed 0, 25 or 50 ms before the server is killed (SIGKILL) may or may not have been saved; after
    each restart the reconnected tab shows exactly what the library holds, and says which version: never the typed
    value beside a version that does not hold it. One tab through three crashes (a server start is the slow part)."""
    port, env = free_port(), {"CRM_CASE_DATA_DIR": str(tmp_path)}
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    outcomes = []
    process = start_app(port, env)
    try:
        open_benefits(page, f"http://127.0.0.1:{port}")
        reps = live_input(page, REPS)
        reps.fill("57")
        reps.press("Enter")
        expect(sidebar.get_by_text(SAVED)).to_be_visible(timeout=60_000)
        idle(page)
        case_id = case_in_url(page)
        before = 57.0
        for n, delay_ms in enumerate(CRASH_DELAYS_MS):
            typed = 58 + n
            reps.fill(str(typed))
            reps.press("Enter")
            time.sleep(delay_ms / 1000)
            stop(process, crash=True)
            library = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
            try:
                stored = library.load(case_id)  # final: the server that could have saved it is gone
            finally:
                library.dispose()
            held = stored.case.drivers.sales_productivity.reps
            assert held in (before, typed), (held, before, typed)  # the value on screen before, or the one typed
            before = held
            process = start_app(port, env)
            # The tab reconnects by itself (Streamlit's backoff between tries grows, so this may take a while on a
            # loaded machine; until then it shows the old screen, marked as disconnected); the new session opens the
            # URL's case: the typed value gives way to the library's, and the status names its version.
            try:
                expect(live_input(page, REPS)).to_have_value(f"{held:.0f}", timeout=120_000)
            except AssertionError as failure:  # what the library and the status say then, for whoever looks into it
                library = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
                try:
                    now = library.load(case_id)
                finally:
                    library.dispose()
                raise AssertionError(
                    f"crash {n}: the tab shows {live_input(page, REPS).input_value()!r} after {typed} was typed; the "
                    f"library held version {stored.info.version} ({held:.0f}) at the crash and holds version "
                    f"{now.info.version} ({now.case.drivers.sales_productivity.reps:.0f}) now; the status says "
                    f"{status_text(page)!r}") from failure
            expect(sidebar.get_by_text(f"Saved · version {stored.info.version} ·")).to_be_visible(timeout=60_000)
            idle(page)
            expect(live_input(page, REPS)).to_have_value(f"{held:.0f}")
            assert [int(v) for v in SAVED.findall(status_text(page))] == [stored.info.version]
            outcomes.append((delay_ms, typed, held, stored.info.version))
    finally:
        stop(process, crash=True)
        context.close()
    print("crash outcomes (delay ms, typed, held, version):", outcomes)


FAULTS = Path(__file__).parent / "faults"
"""The server side of :func:`test_a_crash_as_a_run_starts_leaves_the_tab_showing_the_library` (its sitecustomize)."""


def test_a_crash_as_a_run_starts_leaves_the_tab_showing_the_library(browser, tmp_path):
    """The crash test above, at two exact points of the edit's run instead of after a delay (the server kills itself
    there, tests/browser/faults/sitecustomize.py): once the browser has heard that the run started and nothing
    more (the edit may be saved meanwhile, on the run's own thread), and just before the edit is applied (nothing
    saved). After each restart the reconnected tab shows the library's value and version. (Written while looking
    for why the crash test above once kept a typed value the library did not hold on screen: these two points do
    not reproduce that, so its cause is still open.)"""
    trigger = tmp_path / "fault"
    port = free_port()
    env = {"CRM_CASE_DATA_DIR": str(tmp_path), "CRM_CASE_TEST_FAULT": str(trigger), "PYTHONPATH": str(FAULTS)}
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    sidebar = page.locator('[data-testid="stSidebar"]')
    process = start_app(port, env)
    try:
        open_benefits(page, f"http://127.0.0.1:{port}")
        live_input(page, REPS).fill("57")
        live_input(page, REPS).press("Enter")
        expect(sidebar.get_by_text("Saved · version 1 ·")).to_be_visible(timeout=60_000)
        idle(page)
        case_id = case_in_url(page)
        before = 57
        for typed, point in ((58, "after-new-session"), (59, "before-callbacks")):
            trigger.write_text(point)
            live_input(page, REPS).fill(str(typed))
            live_input(page, REPS).press("Enter")
            process.wait(timeout=60)  # killed itself at the point
            trigger.unlink()
            library = CaseStore(f"sqlite:///{tmp_path / 'cases.db'}")
            try:
                stored = library.load(case_id)
            finally:
                library.dispose()
            held = stored.case.drivers.sales_productivity.reps
            # after the start was heard, the edit's own thread may have saved it before the kill, or not yet; before
            # the callbacks, nothing of it is applied
            assert held in ((before, typed) if point == "after-new-session" else (before,)), (point, held)
            before = held
            process = start_app(port, env)
            expect(live_input(page, REPS)).to_have_value(f"{held:.0f}", timeout=120_000)
            expect(sidebar.get_by_text(f"Saved · version {stored.info.version} ·")).to_be_visible(timeout=60_000)
            idle(page)
            expect(live_input(page, REPS)).to_have_value(f"{held:.0f}")
            assert [int(v) for v in SAVED.findall(status_text(page))] == [stored.info.version], point
    finally:
        stop(process, crash=True)
        context.close()
