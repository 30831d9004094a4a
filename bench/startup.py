"""Measure start-up: how long the command and the library take from process start.

    python bench/startup.py               # best of 7 runs of each
    python bench/startup.py --repeat 15

Each figure is the wall time of a fresh process (best of --repeat runs, since a shared
machine's speed wanders) and the processor time it used (user and system, best of the runs;
less moved by other processes than the wall time): the interpreter alone, `clean --version`,
`import cleaner`, the first page cleaned end to end by the command and by the library (a text
dump of corpus/ and an HTML page of bench/data), and `clean --list-rules`. The last lines
split one process's first text page into its steps: the import, building the Cleaner (the
rules compiled, or loaded from the cache: see cleaner.cache) and cleaning the page. Run it
twice after a change: the first run makes the cache's entries.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_PAGE = ROOT / "corpus" / "000_180171d1971f5d0c.txt"
HTML_PAGE = next((ROOT / "bench" / "data" / "articles").glob("*.html.gz"))

STEPS = """
import sys, time
started = time.perf_counter()
import cleaner
imported = time.perf_counter()
engine = cleaner.Cleaner()
built = time.perf_counter()
engine.clean(open(sys.argv[1], encoding="utf-8").read())
done = time.perf_counter()
print(imported - started, built - imported, done - built)
"""


def command() -> list[str]:
    """The installed `clean` script beside this interpreter, or `python -m cleaner`."""
    script = Path(sys.executable).with_name("clean")
    if script.exists():
        return [str(script)]
    found = shutil.which("clean")
    return [found] if found else [sys.executable, "-m", "cleaner"]


def bytecode() -> str:
    """Whether the package's modules start from cached bytecode or are compiled from source at
    every start (PYTHONDONTWRITEBYTECODE set, no __pycache__): some tens of milliseconds."""
    import importlib.util

    import cleaner

    cached = Path(importlib.util.cache_from_source(cleaner.__file__)).exists()
    return "bytecode cached" if cached else "modules compiled from source at every start"


def timed(args: list[str]) -> tuple[float, float]:
    """Wall time and processor time (user and system) of one run of `args`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def best(runs: int, args: list[str]) -> tuple[float, float]:
    results = [timed(args) for _ in range(runs)]
    return min(wall for wall, _ in results), min(cpu for _, cpu in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each (best is shown)")
    options = parser.parse_args()
    runs, clean, python = options.repeat, command(), sys.executable
    text, page = str(TEXT_PAGE), str(HTML_PAGE)
    read_text = "import cleaner, sys; cleaner.clean(open(sys.argv[1]).read())"
    read_html = "import cleaner, gzip, sys; cleaner.clean_html(gzip.open(sys.argv[1]).read())"
    figures = [
        ("python -c pass (the interpreter alone)", [python, "-c", "pass"]),
        ("clean --version", [*clean, "--version"]),
        ('python -c "import cleaner"', [python, "-c", "import cleaner"]),
        ("clean PAGE.txt (first text page)", [*clean, "-q", text]),
        ("cleaner.clean(text) from process start", [python, "-c", read_text, text]),
        ("clean PAGE.html.gz (first HTML page)", [*clean, "-q", page]),
        ("cleaner.clean_html(page) from process start", [python, "-c", read_html, page]),
        ("clean --list-rules (every rule file)", [*clean, "--list-rules"]),
    ]
    print(f"start-up, best of {runs} runs (s): wall time, processor time; {bytecode()}")
    for label, args in figures:
        wall, cpu = best(runs, args)
        print(f"  {label:<46} {wall:.3f}  {cpu:.3f}")
    steps = [
        subprocess.run(
            [python, "-c", STEPS, str(TEXT_PAGE)], capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(runs)
    ]
    fastest = min(steps, key=lambda s: sum(map(float, s)))
    print("first text page, one process (the fastest run):")
    for label, seconds in zip(("import cleaner", "Cleaner()", "clean(page)"), fastest, strict=True):
        print(f"  {label:<46} {float(seconds):.3f}")


if __name__ == "__main__":
    main()
