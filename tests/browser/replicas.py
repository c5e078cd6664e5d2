"""The deployment of deploy/ on loopback, without Docker: app processes started as the container starts them
(deploy/entrypoint.py, with the Dockerfile's Streamlit settings) and Debian's nginx running deploy/nginx.conf
itself, with only its places substituted (addresses, ports, files), as the current user. Used by
tests/browser/test_replicas_browser.py."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.browser.harness import ROOT, stop

DEPLOY = ROOT / "deploy"
NGINX = os.environ.get("CRM_CASE_NGINX", "/usr/sbin/nginx")
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
TEMP_FOLDERS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
"""nginx's temporary folders, which it creates when it starts: Debian's defaults (/var/lib/nginx) are root's."""


def dockerfile_environment() -> dict[str, str]:
    """The ``ENV`` settings of deploy/Dockerfile (NAME=value pairs), so that the test's processes run with the
    container's Streamlit settings."""
    text = (DEPLOY / "Dockerfile").read_text()
    return dict(re.findall(r"^\s*(?:ENV\s+)?([A-Z][A-Z0-9_]*)=(\S+?)\s*\\?$", text, flags=re.MULTILINE))


def proxy_config(folder: Path, *, http_port: int, https_port: int, upstreams: list[str], certificate: Path,
                 key: Path) -> str:
    """deploy/nginx.conf for this machine: the same rules, with the places a container names replaced by
    ``folder``'s files, loopback ports and the ``upstreams`` (host:port, each with the shipped server's
    parameters). Each replaced line must be found exactly once: a change of the shipped file that the test no
    longer follows fails here, rather than testing another configuration."""
    text = (DEPLOY / "nginx.conf").read_text()
    temp = "\n".join(f"    {name}_temp_path {folder / name};" for name in TEMP_FOLDERS)
    substitutions = [
        (r"^user \S+;.*$", "# user: this nginx runs as the test's user"),
        (r"^pid \S+;", f"pid {folder / 'nginx.pid'};"),
        (r"^error_log \S+ (\w+);", rf"error_log {folder / 'error.log'} \1;"),
        (r"^(\s*)access_log \S+ (\w+);", rf"\1access_log {folder / 'access.log'} \2;"),
        (r"^(\s*)listen 80;", rf"\g<1>listen 127.0.0.1:{http_port};"),
        (r"^(\s*)listen 443 ssl;", rf"\g<1>listen 127.0.0.1:{https_port} ssl;"),
        (r"^(\s*)ssl_certificate \S+;", rf"\1ssl_certificate {certificate};"),
        (r"^(\s*)ssl_certificate_key \S+;", rf"\1ssl_certificate_key {key};"),
        (r"^(\s*)server app:8501( [^;]*)?;", lambda m: "\n".join(
            f"{m.group(1)}server {upstream}{m.group(2) or ''};" for upstream in upstreams)),
        (r"^http \{$", f"http {{\n{temp}"),
    ]
    for pattern, replacement in substitutions:
        text, count = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        if count != 1:
            raise AssertionError(f"deploy/nginx.conf: {pattern!r} found {count} times, expected once")
    return text


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (a day, EC P-256) and its key, as a site's would be."""
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run([OPENSSL, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)], check=True, capture_output=True)
    return certificate, key


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def start_proxy(folder: Path, config: str, port: int, timeout: float = 15) -> subprocess.Popen:
    """nginx in the foreground with ``config`` (checked first with ``nginx -t``), its files in ``folder``,
    returned once ``port`` accepts connections."""
    for name in TEMP_FOLDERS:
        (folder / name).mkdir(exist_ok=True)
    path = folder / "nginx.conf"
    path.write_text(config)
    command = [NGINX, "-p", str(folder), "-c", str(path)]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if check.returncode:
        raise AssertionError(f"nginx refuses the configuration:\n{check.stderr}")
    process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL,
                               stderr=open(folder / "nginx.out", "w"), start_new_session=True)  # noqa: SIM115
    deadline = time.monotonic() + timeout
    while not _listening(port):
        if process.poll() is not None or time.monotonic() > deadline:
            stop(process)
            raise AssertionError(f"nginx did not start: {(folder / 'nginx.out').read_text()}")
        time.sleep(0.1)
    return process


def start_replica(port: int, env: dict[str, str]) -> subprocess.Popen:
    """One app process as the container runs it (deploy/entrypoint.py with the Dockerfile's settings) on
    127.0.0.1:``port``, not waited for (see :func:`wait_healthy`); its output goes to artifacts/server-PORT.log."""
    logs = ROOT / "artifacts"
    logs.mkdir(exist_ok=True)
    environment = {**os.environ, **dockerfile_environment(), **env,
                   "STREAMLIT_SERVER_ADDRESS": "127.0.0.1", "STREAMLIT_SERVER_PORT": str(port)}
    environment.pop("CRM_CASE_DATABASE_URL", None)  # the address comes from the file, as in the container
    with open(logs / f"server-{port}.log", "a") as log:
        return subprocess.Popen([sys.executable, str(DEPLOY / "entrypoint.py")], cwd=ROOT, stdout=log,
                                stderr=subprocess.STDOUT, env=environment, start_new_session=True)


def wait_healthy(process: subprocess.Popen, port: int, timeout: float = 60) -> None:
    """Wait until the process on ``port`` answers /_stcore/health (the Dockerfile's HEALTHCHECK) with 200."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the app process did not start; see artifacts/server-{port}.log")
        time.sleep(0.25)


@dataclass(frozen=True)
class Routed:
    """One request as nginx's access log (log_format routed) tells it."""

    method: str
    path: str
    status: int
    route: str
    upstreams: tuple[str, ...]
    """the processes tried, in order (``$upstream_addr``: more than one when the first failed)"""


LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+)" (?P<status>\d+) \d+ route=(?P<route>\S+) '
                  r"upstream=(?P<upstreams>.*?) upstream_status=")


def routed(log: Path) -> list[Routed]:
    """Every request the access log holds so far."""
    found = []
    for line in log.read_text().splitlines() if log.exists() else []:
        if match := LINE.search(line):
            upstreams = tuple(a.strip() for a in match["upstreams"].replace(" : ", ", ").split(",") if a.strip())
            found.append(Routed(match["method"], match["path"], int(match["status"]), match["route"], upstreams))
    return found


def served_by(log: Path, route: str, timeout: float = 10) -> str:
    """The process that served the route's requests (the last address of the first logged request), waited for
    until nginx has logged one."""
    deadline = time.monotonic() + timeout
    while not (lines := [r for r in routed(log) if r.route == route and r.upstreams and r.upstreams[-1] != "-"]):
        assert time.monotonic() < deadline, f"no request of route {route} in {log}"
        time.sleep(0.1)
    return lines[0].upstreams[-1]
