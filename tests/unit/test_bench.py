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
