"""The server side of ``python -m bench server`` (bench/server.py): loaded by the app server it starts (this folder
on its ``PYTHONPATH``), never by the app otherwise. It writes to the file ``CRM_CASE_BENCH_PROBE`` names, a line
per event, the server's monotonic clock in seconds:

- ``request <client> <t>`` when a whole rerun request (not a fragment's) reaches the server from a browser
  (``Runtime.handle_backmsg``, on the server's event loop, as it is read from the websocket);
- ``finished <client> <t>`` when the end of a whole run (``script_finished``, finished successfully) is handed to
  that browser's websocket (``StarletteSessionClient.write_forward_msg``).

From request to finished is the server's response time to a change, the time a browser waits for the server
whatever its own speed. ``<client>`` tells the browsers' connections apart."""

import os
import threading
import time

PATH = os.environ.get("CRM_CASE_BENCH_PROBE")


def _install() -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from streamlit.runtime.runtime import Runtime
    from streamlit.web.server.starlette.starlette_websocket import StarletteSessionClient

    out = open(PATH, "a", buffering=1)  # noqa: SIM115 - open for the server's lifetime
    lock = threading.Lock()

    def note(kind: str, client: object, moment: float) -> None:
        with lock:
            out.write(f"{kind} {id(client)} {moment:.6f}\n")

    handle, write = Runtime.handle_backmsg, StarletteSessionClient.write_forward_msg

    def handle_backmsg(self, session_id, msg, *, client=None):
        if msg.WhichOneof("type") == "rerun_script" and not msg.rerun_script.fragment_id:
            note("request", client, time.monotonic())
        return handle(self, session_id, msg, client=client)

    def write_forward_msg(self, msg):
        result = write(self, msg)
        if msg.WhichOneof("type") == "script_finished" and msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            note("finished", self, time.monotonic())
        return result

    Runtime.handle_backmsg = handle_backmsg
    StarletteSessionClient.write_forward_msg = write_forward_msg


if PATH:
    _install()
