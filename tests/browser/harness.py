"""Start the app on a free loopback port and launch Debian's Chromium: shared by the browser tests and
``make bench``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CRM_CASE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                 # pages open side by side (several sessions at once) keep their timers and rendering running
                 # at full speed rather than being throttled as background tabs
                 "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                 "--disable-backgrounding-occluded-windows"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, env: dict[str, str] | None = None, timeout: float = 60, *, root: Path = ROOT
              ) -> subprocess.Popen:
    """``streamlit run app.py`` on 127.0.0.1:``port`` with extra environment ``env``, returned once healthy; in a
    process group of its own, so that a test may also kill it as a crash would (SIGKILL). Its output goes to
    artifacts/server-PORT.log. ``root``: the app's folder (another version's, for the bench's comparison)."""
    logs = ROOT / "artifacts"
    logs.mkdir(exist_ok=True)
    with open(logs / f"server-{port}.log", "a") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(root / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=root, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
            start_new_session=True)
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"the app server did not start; see artifacts/server-{port}.log")
        time.sleep(0.25)


def stop(process: subprocess.Popen, *, crash: bool = False) -> None:
    """End the server: politely (SIGTERM, then SIGKILL after 10 s), or with ``crash`` at once by SIGKILL, as a
    crash would (no shutdown, nothing flushed)."""
    if process.poll() is None:
        if crash:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def app_server(timeout: float = 60, *, port: int | None = None, env: dict[str, str] | None = None,
               root: Path = ROOT) -> Iterator[str]:
    """Run the app (in ``root``) on 127.0.0.1 until the block ends; yields its URL once healthy. ``port``
    (default: a free one) and extra environment ``env`` let a test restart the same server."""
    port = port or free_port()
    process = start_app(port, env, timeout, root=root)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def launch_chromium(playwright):
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def live_input(page, label: str):
    """The input labelled ``label`` as a person sees it: while a run draws a widget under a new key (the case was
    replaced, e.g. another version loaded), Streamlit keeps the old one in the page, hidden and marked stale, until
    the run ends; a person never sees it, so neither does this locator."""
    return page.locator('[data-testid="stElementContainer"]:not([data-stale="true"])').get_by_label(label, exact=True)
