"""Does cleaning time grow linearly with the input? Times each shape of hostile input at a
size and at ten times that size, and prints the ratio (linear: about 10; the bar: 15).

    python bench/scaling.py                  # every shape
    python bench/scaling.py AbAb "glued"     # the shapes whose names hold one of these

Timing belongs here, not in the test suite: machines are noisy. Each figure is the best of
three runs in this process, with the garbage collector tuned as the `clean` command tunes it.

Besides whole pages, it times one long line of each shape the segmenter's seam finders look
at (LINES), as a text, as the one block of an HTML page and as the text of a JSON record.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cleaner import Cleaner  # noqa: E402
from cleaner.batch import tune_gc  # noqa: E402
from cleaner.records import clean_record, dumps, parse_line  # noqa: E402

SENTENCE = "The council approved the budget on Tuesday night after a long debate. "
PAGE = (Path(__file__).resolve().parent.parent / "corpus" / "001_f15399462ad2409f.txt").read_text(
    encoding="utf-8"
)

# Each shape: how it is cleaned ("text", "html", "jsonl"; "scored …" in the scored mode;
# "strip": with STRIP_RULES) and its input at a size.
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "one line of prose": ("text", lambda n: SENTENCE * (n // len(SENTENCE))),
    "one line of glued menu items": ("text", lambda n: "NewsSportWeatherTravel " * (n // 23)),
    "one-character lines": ("text", lambda n: "a\n" * (n // 2)),
    "blank lines": ("text", lambda n: "\n" * n),
    "pages one after another": ("text", lambda n: PAGE * max(1, n // len(PAGE))),
    "timestamps in one line": ("text", lambda n: "Updated 2 hours ago " * (n // 20)),
    "HTML nested n/11 levels deep": (
        "html",
        lambda n: "<div>" * (n // 11) + "x" + "</div>" * (n // 11),
    ),
    "HTML with n/4 <br> tags": ("html", lambda n: "<p>" + "<br>" * (n // 4) + "x</p>"),
    "HTML: n/2 tags that never close": ("html", lambda n: "<p>" + "<a" * (n // 2)),
    "scored: body lines and short ones": (
        "scored",
        lambda n: "".join(
            f"Paragraph {i} is a sentence with quite a few words in it, to read as body text.\n\n"
            f"Short {i}\n\n"
            for i in range(n // 100)
        ),
    ),
    "scored HTML: many paragraphs": (
        "scored html",
        lambda n: f"<p>{SENTENCE}</p><p>Short</p>" * (n // 90),
    ),
    "two strip rules all over one line": ("strip", lambda n: "xaaaaaaaaayaaaaaaaaa" * (n // 20)),
    "line: a run of capitals after a full stop": ("text", lambda n: "It ended." + "A" * n),
    "line: a run of capitals after a camel seam": ("text", lambda n: "menu" + "A" * n + " x"),
}

# One long line of each shape the seam finders look at, by the unit it repeats.
LINES = {
    "AbAb…": "Ab",
    "glued menu, no spaces": "NewsSportWeatherTravel",
    "lower-case letters": "abcdefghij",
    "capitals": "ABCDEFGHIJ",
    "digits": "0123456789",
    "punctuation": ".,;:!?…-'\"",
    "brackets": "()[]{}«»",
    "strong seams (days.Keep)": "days.Keep",
    "strong seams (ok.DON'T)": "ok.DON'T",
    'strong seams (said."The)': 'said."The',
    "strong seams ((GMT)United)": "(GMT)United",
    "camel seams (menuNews)": "menuNews",
    "camel seams (SEARCHSkip)": "SEARCHSkip",
    "camel seams (3Israel)": "3Israel",
    "camel seams (|Opinion)": "|Opinion",
    "sentence starts (endBefore)": "endBefore",
    "sentence starts (theThe)": "theThe",
    "sentence starts after long words": "aaaaaaaaThe",
    "TheThe…": "The",
    "Cyrillic letters (АбвгдЕжз)": "АбвгдЕжз",
    "every seam at once": "aB1.)|Cd",
}
for _name, _unit in LINES.items():
    _line = lambda n, unit=_unit: (unit * (n // len(unit) + 1))[:n]  # noqa: E731
    SHAPES[f"line: {_name}"] = ("text", _line)
    SHAPES[f"HTML <p>: {_name}"] = ("html", lambda n, line=_line: f"<p>{line(n)}</p>")
    SHAPES[f"JSONL: {_name}"] = ("jsonl", lambda n, line=_line: dumps({"text": line(n)}))

STRIP_RULES = """\
rules:
  - {code: BEN001, name: strip-x, kind: strip, description: Every x., patterns: ['x']}
  - {code: BEN002, name: strip-y, kind: strip, description: Every y., patterns: ['y']}
"""


def cleaning(cleaner: Cleaner, how: str) -> Callable[[str], object]:
    if how.endswith("html"):
        return cleaner.clean_html
    if how == "jsonl":
        return lambda line: dumps(clean_record(cleaner, parse_line(line)))
    return cleaner.clean


def best_time(clean: Callable[[str], object], text: str) -> float:
    """The best of three runs, or of as many as fit in two seconds (up to 20): a shared
    machine's hiccups weigh most on the shortest times."""
    times: list[float] = []
    while len(times) < 3 or sum(times) < 2 and len(times) < 20:
        started = time.perf_counter()
        clean(text)
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("only", nargs="*", help="only the shapes whose names hold one of these")
    parser.add_argument("--size", type=int, default=200_000, help="the smaller size (chars)")
    args = parser.parse_args(argv)
    size = args.size
    with tempfile.TemporaryDirectory() as rules:
        (Path(rules) / "strip.yaml").write_text(STRIP_RULES, encoding="utf-8")
        cleaners = {
            "rules": Cleaner(),
            "scored": Cleaner(mode="scored"),
            "strip": Cleaner(rules_dirs=(rules,), max_removed=None),
        }
    for cleaner in cleaners.values():
        cleaner.clean(PAGE)  # rules compiled, caches warm
    tune_gc()  # as the command does
    print(f"{'shape':44} {size / 1e6:>6.1f} MB {size * 10 / 1e6:>6.1f} MB   ratio")
    worst = 0.0
    for name, (how, make) in SHAPES.items():
        if args.only and not any(part in name for part in args.only):
            continue
        mode = "scored" if how.startswith("scored") else "strip" if how == "strip" else "rules"
        clean = cleaning(cleaners[mode], how)
        small = best_time(clean, make(size))
        large = best_time(clean, make(size * 10))
        ratio = large / small
        worst = max(worst, ratio)
        print(f"{name:44} {small:8.3f} s {large:7.3f} s  {ratio:6.1f}x", flush=True)
    print(f"worst growth for 10x the input: {worst:.1f}x (linear: 10, bar: 15)")
    return 0 if worst < 15 else 1


if __name__ == "__main__":
    sys.exit(main())
