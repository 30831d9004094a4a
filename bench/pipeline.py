"""Measure `clean` as pipelines run it: whole directories with one and two workers, JSON Lines
throughput, and peak memory on a JSON Lines file of a gigabyte or more.

    python bench/pipeline.py                 # everything (the big file takes a few minutes)
    python bench/pipeline.py --gigabytes 0   # without the big file

Each figure comes from running the real command (`python -m cleaner`) in a subprocess over
the benchmark's text dumps (bench/data). Peak memory is the largest sum of the resident sizes
of the command and its worker processes (proportional set sizes, so that pages the forked
workers share are counted once), sampled every 0.1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"


def rss_of_tree(pid: int) -> int:
    """Memory of a process and all its descendants (Linux /proc): the sum of their
    proportional set sizes, so pages that forked workers share are counted once."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(rollup.split("\nPss:")[1].split()[0]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, IndexError):
            continue
    return total


def timed(args: list[str]) -> tuple[float, int]:
    """Seconds and peak resident bytes of `python -m cleaner ARGS`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "-q", *args], stdout=subprocess.DEVNULL
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, rss_of_tree(process.pid))
        time.sleep(0.1)
    if process.returncode not in (0, 3):
        sys.exit(f"clean {' '.join(args)} failed with exit status {process.returncode}")
    return time.perf_counter() - started, peak


def write_jsonl(path: Path, pages: list[Path], size: int) -> int:
    """Records {"url", "text"} of the pages, repeated until the file has `size` bytes."""
    records, written = 0, 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            for page in pages:
                line = (
                    json.dumps(
                        {
                            "url": f"https://example.org/{page.stem}",
                            "text": page.read_text(encoding="utf-8"),
                        }
                    )
                    + "\n"
                )
                out.write(line)
                written += len(line.encode("utf-8"))
                records += 1
                if written >= size:
                    break
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gigabytes", type=float, default=1.0, help="size of the big file")
    args = parser.parse_args()
    pages = sorted(DATA.glob("*/*.txt"))
    if not pages:
        sys.exit(f"{DATA}: no benchmark pages")
    megabytes = sum(p.stat().st_size for p in pages) / 1e6
    work = Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    try:
        print(f"directory: {len(pages)} text dumps, {megabytes:.1f} MB")
        seconds = {}
        for jobs in (1, 2):
            seconds[jobs], _ = timed(
                [str(DATA), "--include", "*.txt", "-o", str(work / f"out{jobs}"), "-j", str(jobs)]
            )
            print(f"  -j {jobs}: {seconds[jobs]:6.1f} s  {megabytes / seconds[jobs]:5.2f} MB/s")
        print(f"  speed-up with 2 workers: {seconds[1] / seconds[2]:.2f}x")

        sample = work / "sample.jsonl"
        records = write_jsonl(sample, pages, 50_000_000)
        print(f"JSON Lines: {records} records, {sample.stat().st_size / 1e6:.0f} MB")
        for jobs in (1, 2):
            spent, peak = timed([str(sample), "-j", str(jobs)])
            print(
                f"  -j {jobs}: {records / spent:6.0f} records/s  "
                f"{sample.stat().st_size / 1e6 / spent:5.2f} MB/s  peak memory {peak / 1e6:.0f} MB"
            )

        if args.gigabytes > 0:
            big = work / "big.jsonl"
            records = write_jsonl(big, pages, int(args.gigabytes * 1e9))
            size = big.stat().st_size
            spent, peak = timed([str(big), "-o", str(work / "big.out.jsonl"), "-j", "2"])
            print(f"big JSON Lines: {records} records, {size / 1e9:.2f} GB, -j 2")
            print(
                f"  {spent:.0f} s  {records / spent:.0f} records/s  {size / 1e6 / spent:.2f} MB/s"
                f"  peak memory {peak / 1e6:.0f} MB (the command and its workers)"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
