"""Per-stage wall time of one document, for the result's `timings_ms`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timer:
    """Milliseconds per named stage; a stage timed twice adds up."""

    def __init__(self, start: dict[str, float] | None = None) -> None:
        self.ms: dict[str, float] = dict(start or {})

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = self.ms.get(name, 0.0) + (time.perf_counter() - t0) * 1000

    def total(self) -> dict[str, float]:
        """The stages plus their sum as "total" (the dict the result keeps)."""
        self.ms["total"] = sum(v for k, v in self.ms.items() if k != "total")
        return self.ms
