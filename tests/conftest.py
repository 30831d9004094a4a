from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from cleaner import Cleaner

# The rules' cache (cleaner.cache) of this test run: made fresh, not the user's, and seen by
# the commands the tests start too.
CACHE = Path(tempfile.mkdtemp(prefix="cleaner-test-cache-"))
os.environ["CLEANER_CACHE_DIR"] = str(CACHE)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def pytest_sessionfinish(session):
    shutil.rmtree(CACHE, ignore_errors=True)


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
