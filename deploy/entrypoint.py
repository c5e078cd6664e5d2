"""Start one app process: ``streamlit run app.py`` in the repository's folder, the container's command
(deploy/Dockerfile) and the way tests/browser/test_replicas_browser.py starts its two processes.

The case library's address is a secret (it holds the database password), so it is read from a file when
``CRM_CASE_DATABASE_URL_FILE`` names one (compose mounts the secret file at /run/secrets/database_url) rather than
written into the compose file or the image; ``CRM_CASE_DATABASE_URL`` itself, when set, wins (crm_case/store.py,
``database_url``). Streamlit's own settings come from its ``STREAMLIT_*`` environment variables (the Dockerfile
sets them) and .streamlit/config.toml; extra arguments are passed on to ``streamlit run``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_FOLDER = Path(__file__).resolve().parents[1]
URL_FILE_VARIABLE = "CRM_CASE_DATABASE_URL_FILE"
URL_VARIABLE = "CRM_CASE_DATABASE_URL"
EXAMPLE = "postgresql+psycopg://crm_case:password@db:5432/crm_case"


def environment(environ: dict[str, str]) -> dict[str, str]:
    """``environ`` with ``CRM_CASE_DATABASE_URL`` read from the file ``CRM_CASE_DATABASE_URL_FILE`` names (its
    first line), unless already set. Raises ``SystemExit`` with a message saying which file is missing or
    empty."""
    env = dict(environ)
    path = env.get(URL_FILE_VARIABLE, "").strip()
    if not path or env.get(URL_VARIABLE, "").strip():
        return env
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise SystemExit(f"{URL_FILE_VARIABLE} names {path}, which cannot be read ({error.strerror}): it should "
                         f"hold the library's address, e.g. {EXAMPLE}") from None
    url = lines[0].strip() if lines else ""
    if not url:
        raise SystemExit(f"{path} ({URL_FILE_VARIABLE}) is empty: it should hold the library's address, e.g. {EXAMPLE}")
    env[URL_VARIABLE] = url
    return env


def main(arguments: list[str]) -> None:
    """Replace this process by Streamlit's (so that it receives the container's stop signal itself)."""
    env = environment(dict(os.environ))
    os.chdir(APP_FOLDER)
    command = [sys.executable, "-m", "streamlit", "run", str(APP_FOLDER / "app.py"), *arguments]
    os.execve(sys.executable, command, env)


if __name__ == "__main__":
    main(sys.argv[1:])
