"""Benchmarks (not timed tests): ``make bench`` prints medians and merges them into bench/results/latest.json."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

__all__ = ["median_ms"]


def median_ms(run: Callable[[], object], repeats: int, warmup: int = 3) -> float:
    """Median wall time of ``run()`` in milliseconds over ``repeats`` calls (``time.perf_counter``), after
    ``warmup`` untimed calls (caches, imports, allocator)."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)
