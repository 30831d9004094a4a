"""Measure `clean` as pipelines run it: whole directories with one and two workers, JSON Lines
throughput, and peak memory on a JSON Lines file of a gigabyte or more.

    python bench/pipeline.py                 # everything (the big file takes a few minutes)
    python bench/pipeline.py --gigabytes 0   # without the big file

Each figure comes from running the real command (`python -m cleaner`) in a subprocess over
the benchmark's pages (bench/data); times are the best of --repeat runs, since a shared
machine's speed wanders. Peak memory is the largest sum of the resident sizes of the command
and its worker processes (proportional set sizes, so that pages the forked workers share are
counted once), sampled every 0.1 s.

The speed-ups are printed beside the machine's own: two processes of plain arithmetic against
one, in the same run. No program gets more out of the machine's two cores than that.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
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


def best(runs: int, args: list[str]) -> tuple[float, int]:
    """The shortest time of `runs` runs, and the highest peak memory among them."""
    results = [timed(args) for _ in range(runs)]
    return min(t for t, _ in results), max(m for _, m in results)


def _arithmetic(_: int) -> int:
    total = 0
    for number in range(15_000_000):
        total += number
    return total


def machine_speed_up(runs: int) -> float:
    """How much faster two processes do two equal pieces of arithmetic than one process."""
    alone, together = [], []
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for _ in range(runs):
            started = time.perf_counter()
            _arithmetic(0), _arithmetic(0)
            alone.append(time.perf_counter() - started)
            started = time.perf_counter()
            pool.map(_arithmetic, [0, 1])
            together.append(time.perf_counter() - started)
    return min(alone) / min(together)


def speed_up_line(speed_up: float, ceiling: float) -> str:
    return f"  speed-up with 2 workers: {speed_up:.2f}x ({speed_up / ceiling:.0%} of the machine's)"


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
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (best kept)")
    args = parser.parse_args()
    pages = sorted(DATA.glob("*/*.txt"))
    if not pages:
        sys.exit(f"{DATA}: no benchmark pages")
    work = Path(tempfile.mkdtemp(prefix="cleaner-bench-"))
    try:
        ceiling = machine_speed_up(args.repeat)
        print(f"the machine: two processes of arithmetic {ceiling:.2f}x faster than one")
        everything = pages + sorted(DATA.glob("*/*.html.gz"))
        for label, files, include in (
            ("text dumps", pages, ["--include", "*.txt"]),
            ("text dumps and HTML pages", everything, []),
        ):
            megabytes = sum(p.stat().st_size for p in files) / 1e6
            print(f"directory of {label}: {len(files)} files, {megabytes:.1f} MB")
            seconds = {}
            for jobs in (1, 2):
                target = str(work / f"out{jobs}")
                seconds[jobs], _ = best(
                    args.repeat, [str(DATA), *include, "-o", target, "-j", str(jobs)]
                )
                print(f"  -j {jobs}: {seconds[jobs]:6.1f} s  {megabytes / seconds[jobs]:5.2f} MB/s")
            print(speed_up_line(seconds[1] / seconds[2], ceiling))

        sample = work / "sample.jsonl"
        records = write_jsonl(sample, pages, 50_000_000)
        size = sample.stat().st_size / 1e6
        print(f"JSON Lines: {records} records, {size:.0f} MB")
        spent = {}
        for jobs in (1, 2):
            spent[jobs], peak = best(args.repeat, [str(sample), "-j", str(jobs)])
            print(
                f"  -j {jobs}: {records / spent[jobs]:6.0f} records/s  "
                f"{size / spent[jobs]:5.2f} MB/s  peak memory {peak / 1e6:.0f} MB"
            )
        print(speed_up_line(spent[1] / spent[2], ceiling))

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
