"""Shared test settings: hypothesis profiles that tolerate a noisy 2-core machine.

``HYPOTHESIS_PROFILE=thorough make test`` runs twenty times more examples.
"""

import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

settings.register_profile("ci", deadline=None, max_examples=100, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The app saves every change to its case library: the tests' go to a throwaway folder, never to data/, removed
# when the run ends (pytest_unconfigure). One folder per test worker (xdist), so that each worker's AppTests find
# only their own cases; set here, before any test, so that the app servers the browser tests start inherit it.
LIBRARY_FOLDER = tempfile.mkdtemp(prefix=f"crm-case-tests-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-")
os.environ["CRM_CASE_DATA_DIR"] = LIBRARY_FOLDER


def pytest_unconfigure(config) -> None:
    """Remove this process's library folder: a test run leaves nothing in /tmp."""
    shutil.rmtree(LIBRARY_FOLDER, ignore_errors=True)

# A page that fails shows a message in place of Streamlit's error box (app.py, _guarded); the tests want the
# failure itself, so that no test passes over a page that broke. tests/app/test_app.py checks the message.
os.environ["CRM_CASE_DEBUG"] = "1"
