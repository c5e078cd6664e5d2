"""Run every benchmark; print a table of medians; write them to bench/results/latest.json.

Targets come from the issues; these machines are noisy, so read ratios within one run.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crm_case import evaluate, sample_case  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def median_ms(run: Callable[[], object], repeats: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_evaluate() -> list[dict]:
    case = sample_case()
    return [{"name": "evaluate(sample case)", "median_ms": median_ms(lambda: evaluate(case), 200), "target_ms": 5}]


def bench_apptest() -> list[dict]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    rows = []
    for page in sorted((ROOT / "pages").glob("*.py")):
        at.switch_page(str(page.relative_to(ROOT)))
        at.run()
        rows.append({
            "name": f"AppTest rerun: {page.name}",
            "median_ms": median_ms(lambda: at.run(), 20, warmup=2),
            "target_ms": 150,
        })
    return rows


def main() -> int:
    rows = bench_evaluate() + bench_apptest()
    width = max(len(r["name"]) for r in rows)
    print(f"{'benchmark':{width}}  {'median ms':>10}  {'target ms':>10}")
    for r in rows:
        print(f"{r['name']:{width}}  {r['median_ms']:10.2f}  {r['target_ms']:10.0f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps({
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "results": rows,
    }, indent=2))
    print(f"written to {RESULTS / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
