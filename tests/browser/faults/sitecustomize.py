"""Faults for a browser test's app server (tests/browser/test_saves_browser.py), loaded only by the servers that
test starts (this folder on their ``PYTHONPATH``), never by the app otherwise. While the file that
``CRM_CASE_TEST_FAULT`` names exists, the server kills itself (SIGKILL, as a crash) at the point of the next run the
file names:

- ``after-new-session``: once the run's ``new_session`` message has been handed to the browser's websocket, the
  event loop held so that nothing else of the run leaves (the browser knows a run started, not that it is running);
- ``before-callbacks``: when the run is about to call the widgets' callbacks (nothing of the edit applied or
  saved), just after its ``new_session`` has left."""

import os
import signal
import threading
import time

TRIGGER = os.environ.get("CRM_CASE_TEST_FAULT")


def _point() -> str | None:
    try:
        with open(TRIGGER) as file:
            return file.read().strip()
    except OSError:
        return None


def _install() -> None:
    from streamlit.runtime.state.session_state import SessionState
    from streamlit.web.server.starlette.starlette_websocket import StarletteSessionClient

    sent = threading.Event()
    write, will = StarletteSessionClient.write_forward_msg, SessionState.on_script_will_rerun

    def crash(after: float) -> None:
        time.sleep(after)  # the frames already handed over leave the process
        os.kill(os.getpid(), signal.SIGKILL)

    def write_forward_msg(self, msg):
        result = write(self, msg)
        point = _point()
        if msg.WhichOneof("type") == "new_session" and point:
            sent.set()
            if point == "after-new-session":
                threading.Thread(target=crash, args=(0.2,), daemon=True).start()
                time.sleep(1.0)  # the loop held: nothing else leaves before the kill
        return result

    def on_script_will_rerun(self, *args, **kwargs):
        if _point() == "before-callbacks" and sent.wait(2.0):
            crash(0.2)
        return will(self, *args, **kwargs)

    StarletteSessionClient.write_forward_msg = write_forward_msg
    SessionState.on_script_will_rerun = on_script_will_rerun


if TRIGGER:
    _install()
