"""``python -m bench``: an unknown group is refused with the known ones listed; a run merges its rows into the
results file (the other groups' rows stay). Fast: fake groups, results in a temporary folder."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.__main__ import GROUPS, main

ROOT = Path(__file__).resolve().parents[2]


def test_an_unknown_group_exits_2_and_lists_the_groups():
    done = subprocess.run([sys.executable, "-m", "bench", "nosuch"], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "unknown group 'nosuch'; the groups are: " + ", ".join(GROUPS) in done.stderr
    assert not done.stdout  # nothing ran


def fake(name: str, ms: float):
    return lambda: [{"name": f"{name} row", "median_ms": ms, "target_ms": 10}]


def rows(folder: Path) -> dict[str, float]:
    return {r["name"]: r["median_ms"] for r in json.loads((folder / "latest.json").read_text())["results"]}


def test_one_groups_run_merges_into_the_others_results(tmp_path, capsys):
    groups = {"fast": fake("fast", 1.0), "slow": fake("slow", 2.0)}
    assert main([], groups=groups, results=tmp_path) == 0
    assert rows(tmp_path) == {"fast row": 1.0, "slow row": 2.0}
    assert main(["slow"], groups={**groups, "slow": fake("slow", 3.0)}, results=tmp_path) == 0
    assert rows(tmp_path) == {"fast row": 1.0, "slow row": 3.0}  # fast kept, slow replaced, not duplicated
    saved = json.loads((tmp_path / "latest.json").read_text())["results"]
    assert [r["group"] for r in saved] == ["fast", "slow"]
    assert "merged into" in capsys.readouterr().out


def test_an_unknown_group_among_known_ones_runs_nothing(tmp_path):
    with pytest.raises(SystemExit) as stopped:
        main(["fast", "nosuch"], groups={"fast": fake("fast", 1.0)}, results=tmp_path)
    assert stopped.value.code == 2
    assert not (tmp_path / "latest.json").exists()


def test_the_value_of_information_is_a_group_timed_with_the_shared_median():
    """Issue 20.6: ``python -m bench voi`` times EVPI + EVPPI and the pilot's paths; bench.voi takes median_ms
    from the package (not from bench.__main__, which imports it: no cycle)."""
    import bench
    import bench.voi

    assert GROUPS["voi"] is bench.voi.bench_voi
    assert bench.voi.median_ms is bench.median_ms
    assert bench.median_ms(lambda: None, 3, warmup=0) >= 0


def test_the_server_group_drives_one_server_and_reads_its_process():
    """Issue 21.5: ``python -m bench server`` (real browsers, one app server): its helpers read a process's CPU time
    and resident size from /proc, and its percentiles interpolate as numpy's do."""
    import os

    import numpy as np

    import bench.server

    assert GROUPS["server"] is bench.server.bench_server
    spent = bench.server.cpu_seconds(os.getpid())
    sum(i * i for i in range(200_000))  # some CPU
    assert bench.server.cpu_seconds(os.getpid()) >= spent > 0
    assert bench.server.rss_mb(os.getpid()) > 10
    values = [5.0, 1.0, 4.0, 2.0, 3.0, 10.0]
    for share in (0.0, 0.5, 0.95, 1.0):
        assert bench.server.percentile(values, share) == np.quantile(values, share)


def test_the_comparison_group_measures_this_code_against_the_code_when_issue_21_was_filed():
    """``python -m bench server_vs_filed``: the filed code is a commit of this repository's history (the one before
    the first of issue 21), which ``git archive`` writes out for the second server."""
    import subprocess

    import bench.server
    from tests.browser.harness import ROOT

    assert GROUPS["server_vs_filed"] is bench.server.bench_server_vs_filed
    shown = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%H", bench.server.FILED],
                           capture_output=True, text=True)
    if shown.returncode != 0:  # a shallow clone holds no history: nothing to compare with
        pytest.skip("this clone does not hold the commit of issue 21's filing")
    since = f"{shown.stdout.strip()}..HEAD"
    first = subprocess.run(["git", "-C", str(ROOT), "log", "--reverse", "--format=%H %s", since],
                           capture_output=True, text=True, check=True).stdout.splitlines()[0]
    assert "(issue 21)" in first, first
