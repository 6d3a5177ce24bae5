"""Timing helpers shared by the benchmarks (nothing from sedp is imported here)."""

from __future__ import annotations

import statistics
import time


def median_time(action, runs: int) -> float:
    """The median of `runs` timings of action(), in seconds."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
