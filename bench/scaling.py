"""Does cleaning time grow linearly with the input? Times each shape of hostile input at a
size and at ten times that size, and prints the ratio (linear: about 10; the bar: 15).

    python bench/scaling.py

Timing belongs here, not in the test suite: machines are noisy. Each figure is the best of
three runs in this process, with the garbage collector tuned as the `clean` command tunes it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner  # noqa: E402
from cleaner.batch import tune_gc  # noqa: E402

SENTENCE = "The council approved the budget on Tuesday night after a long debate. "
PAGE = (Path(__file__).resolve().parent.parent / "corpus" / "001_f15399462ad2409f.txt").read_text(
    encoding="utf-8"
)

SHAPES: dict[str, Callable[[int], str]] = {
    "one line of prose": lambda n: SENTENCE * (n // len(SENTENCE)),
    "one line of glued menu items": lambda n: "NewsSportWeatherTravel " * (n // 23),
    "one-character lines": lambda n: "a\n" * (n // 2),
    "blank lines": lambda n: "\n" * n,
    "pages one after another": lambda n: PAGE * max(1, n // len(PAGE)),
    "timestamps in one line": lambda n: "Updated 2 hours ago " * (n // 20),
    "HTML nested n/11 levels deep": lambda n: "<div>" * (n // 11) + "x" + "</div>" * (n // 11),
    "HTML with n/4 <br> tags": lambda n: "<p>" + "<br>" * (n // 4) + "x</p>",
    "scored: body lines and short ones": lambda n: "".join(
        f"Paragraph {i} is a sentence with quite a few words in it, to read as body text.\n\n"
        f"Short {i}\n\n"
        for i in range(n // 100)
    ),
    "scored HTML: many paragraphs": lambda n: f"<p>{SENTENCE}</p><p>Short</p>" * (n // 90),
}
HTML = {name for name in SHAPES if "HTML" in name}
SCORED = {name for name in SHAPES if name.startswith("scored")}  # in the scored mode


def best_time(cleaner: Cleaner, text: str, html: bool = False) -> float:
    """The best of three runs, or of as many as fit in two seconds (up to 20): a shared
    machine's hiccups weigh most on the shortest times."""
    times: list[float] = []
    while len(times) < 3 or sum(times) < 2 and len(times) < 20:
        started = time.perf_counter()
        (cleaner.clean_html if html else cleaner.clean)(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main(size: int = 200_000) -> None:
    cleaners = {mode: Cleaner(mode=mode) for mode in ("rules", "scored")}
    for cleaner in cleaners.values():
        cleaner.clean(PAGE)  # rules compiled, caches warm
    tune_gc()  # as the command does
    print(f"{'shape':36} {size / 1e6:>6.1f} MB {size * 10 / 1e6:>6.1f} MB   ratio")
    worst = 0.0
    for name, make in SHAPES.items():
        html = name in HTML
        cleaner = cleaners["scored" if name in SCORED else "rules"]
        small = best_time(cleaner, make(size), html)
        large = best_time(cleaner, make(size * 10), html)
        ratio = large / small
        worst = max(worst, ratio)
        print(f"{name:36} {small:8.3f} s {large:7.3f} s  {ratio:6.1f}x")
    print(f"worst growth for 10x the input: {worst:.1f}x (linear: 10, bar: 15)")


if __name__ == "__main__":
    main()
