from __future__ import annotations

import time
from pathlib import Path

import pytest

from cleaner import Cleaner

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def cleaner() -> Cleaner:
    return Cleaner()


@pytest.fixture(scope="session")
def scored() -> Cleaner:
    return Cleaner(mode="scored")


def best_seconds(work, runs: int = 2) -> float:
    """The shortest of `runs` timings of `work()`: a shared machine only ever slows it."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best
