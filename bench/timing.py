"""The benchmarks' one way to time an action: the median of several rounds, in milliseconds."""
from __future__ import annotations

import statistics
import time


def median_ms(action, rounds: int, warm: bool = False) -> float:
    """With `warm`, one untimed call first (what is worked out once, like the assistant's knowledge)."""
    if warm:
        action()
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
