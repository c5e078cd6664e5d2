"""Benchmarks (not timed tests): ``make bench`` prints medians and merges them into bench/results/latest.json."""
