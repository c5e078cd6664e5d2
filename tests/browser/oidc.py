"""An OpenID Connect provider on loopback for the team-mode tests, and an app server signed in through it.

The provider is ``oidc-provider-mock`` (PyPI), a Flask app served here on a free 127.0.0.1 port in a thread of
the test process. It accepts any client id and secret, and its authorize step is a form where the test types
whom to sign in as (the ``sub``; the person's e-mail and name are set beforehand with :func:`set_user`), so two
browser contexts can be two people.

The app server gets its ``[auth]`` secrets from a secrets.toml written into a temporary folder and named by
Streamlit's ``secrets.files`` option (``STREAMLIT_SECRETS_FILES``): the repository's .streamlit/ is never
written, and the secrets (a random cookie secret and client secret) exist only for the test's run.
"""

from __future__ import annotations

import json
import re
import secrets
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from tests.browser.harness import app_server, free_port


@contextmanager
def oidc_provider() -> Iterator[str]:
    """Serve the mock provider on 127.0.0.1 until the block ends; yields its issuer URL."""
    import oidc_provider_mock
    import werkzeug.serving

    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def set_user(provider: str, email: str, name: str) -> None:
    """Tell the provider the claims of the person whose ``sub`` is ``email`` (their e-mail and display name)."""
    request = urllib.request.Request(f"{provider}/users/{quote(email)}", method="PUT",
                                     data=json.dumps({"email": email, "name": name}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 204, response.status


def secrets_toml(provider: str, port: int) -> str:
    """The app's ``[auth]`` section for ``provider``, the app listening on 127.0.0.1:``port``."""
    return "\n".join([
        "[auth]",
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"',
        f'cookie_secret = "{secrets.token_hex(32)}"',
        'client_id = "crm-case-tests"',
        f'client_secret = "{secrets.token_hex(16)}"',
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"',
        "",
    ])


@contextmanager
def team_server(provider: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, str]]:
    """The app in team mode (sign-in through ``provider``) with a library of its own (a SQLite file in a
    temporary folder, unless ``env`` names another), until the block ends; yields its URL and that folder."""
    with tempfile.TemporaryDirectory(prefix="crm-case-team-") as folder:
        port = free_port()
        path = Path(folder) / "secrets.toml"
        path.write_text(secrets_toml(provider, port))
        with app_server(port=port, env={"STREAMLIT_SECRETS_FILES": str(path), "CRM_CASE_DATA_DIR": folder,
                                        **(env or {})}) as url:
            yield url, folder


def sign_in(page, url: str, email: str) -> None:
    """Sign in as ``email`` in ``page``'s browser context: the app's sign-in button, then the provider's form."""
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(r"^" + re.escape(url.split("?")[0].rstrip("/")) + r"/?(\?.*)?$"))
