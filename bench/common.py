"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics


def percentiles(samples: list[float]) -> dict:
    """p50 and p95 of latencies given in seconds, in milliseconds."""
    ordered = sorted(samples)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1)}
