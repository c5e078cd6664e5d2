"""Benchmarks (not timed tests): ``make bench`` prints medians and writes bench/results/latest.json."""
