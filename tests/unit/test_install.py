"""The package is installed into the venv (``pip install -e .``, run by the Makefile): the command line works from
any folder, not only from the repository's root."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crm_case import evaluate, sample_case

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m crm_case ARGS`` in ``cwd`` with no PYTHONPATH: only the installed package can be found."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "crm_case", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_the_cli_runs_from_a_folder_outside_the_repository(tmp_path):
    assert not tmp_path.is_relative_to(ROOT)
    sample = cli("sample", cwd=tmp_path)
    if "No module named crm_case" in sample.stderr:
        pytest.fail("crm_case is not installed into the venv: run `make test` (or `pip install --no-deps -e .`)")
    assert sample.returncode == 0, sample.stderr
    (tmp_path / "case.json").write_text(sample.stdout)
    done = cli("evaluate", "case.json", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["npv"] == pytest.approx(evaluate(sample_case()).adjusted.npv)


def test_the_installed_package_is_this_repository():
    """An editable install: the code that runs is the working tree's, never a stale copy."""
    where = subprocess.run([sys.executable, "-c", "import crm_case, ui; print(crm_case.__file__); print(ui.__file__)"],
                           capture_output=True, text=True, cwd="/", check=True).stdout.split()
    assert [Path(p).resolve() for p in where] == [ROOT / "crm_case" / "__init__.py", ROOT / "ui" / "__init__.py"]
