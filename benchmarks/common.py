"""Timing helpers shared by every benchmark."""

import statistics
import time
from dataclasses import dataclass


def median_seconds(action, repeat: int = 30, warmup: int = 3) -> float:
    """The median wall time of `action()`, after a few warm-up calls."""
    for _ in range(warmup):
        action()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


@dataclass
class Figure:
    name: str
    seconds: float
    baseline_name: str
    baseline_seconds: float

    def line(self) -> str:
        ratio = self.seconds / self.baseline_seconds if self.baseline_seconds else float("inf")
        return (
            f"  {self.name:<38} {self.seconds * 1000:9.2f} ms   "
            f"baseline {self.baseline_name}: {self.baseline_seconds * 1000:8.3f} ms   ratio {ratio:7.1f}x"
        )
