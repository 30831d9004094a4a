"""Where the cleaner's time goes: each step of the pipeline timed over every page of the
benchmark, against the speed targets (20 MB/s for text dumps, 30 MB/s for HTML).

    python bench/phases.py                        # text dumps and HTML, rules mode
    python bench/phases.py --mode scored --input html

Each row is one step: its CPU seconds over all pages, its share of the whole, and its share of
the time budget the target leaves (the whole pipeline must stay within 100%). Text rules are
timed one by one, after the one pass of phrases and patterns over every segment; a text
dump's language is told on first use, inside the rule that needs it (SCR001, in `scored`
mode). Every page is cleaned with the generic rules (the benchmark's pages belong to no site
of the rule book).
"""

from __future__ import annotations

import gzip
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import INPUTS, SETS, base_parser, find_data  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.engine import Plan, Result  # noqa: E402
from cleaner.html.decode import decode_html  # noqa: E402
from cleaner.html.dom import load, parse, visible_text  # noqa: E402
from cleaner.html.pipeline import prepare_page  # noqa: E402

TARGETS = {"text": 20.0, "html": 30.0}  # MB/s, issues 3 and 4
MATCHING = "phrases and patterns (one pass)"  # Plan.judge's pass before the staged rules


class Clock:
    """CPU seconds per step, summed over pages."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.last = time.process_time()

    def tick(self, step: str) -> None:
        now = time.process_time()
        self.seconds[step] += now - self.last
        self.last = now

    def timed(self, step: str, function, before: str):
        """`function`, its time counted under `step`; what ran since the last tick (the step
        that calls it) under `before`."""

        def run(*args):
            self.tick(before)
            result = dict(function(*args))
            self.tick(step)
            return result

        return run


def timed_plan(cleaner: Cleaner, clock: Clock, html: bool):
    """A copy of the cleaner's plan for pages of no known site, its paragraph rules timed one
    by one (the staged rules are timed by the core, see `judged`)."""
    plan = Plan(cleaner.plan(None, html=html).rules)
    plan.html.paragraph = [
        replace(r, html=replace(r.html, function=clock.timed(f"rule {r.code} {r.name}",
                r.html.function, "language, marked elements settled")))
        for r in plan.html.paragraph
    ]  # fmt: skip
    return plan


def judged(plan: Plan, doc, clock: Clock):
    """`doc` judged by `plan`, the core's seconds for the screen and each staged rule counted
    under their steps."""
    timings: list[float] = []
    clock.tick("segmenting")
    doc = plan.judge(doc, timings)
    clock.last = time.process_time()
    steps = [MATCHING, *(f"rule {r.code} {r.name}" for r in plan.staged)]
    for step, seconds in zip(steps, timings, strict=True):
        clock.seconds[step] += seconds
    return doc


def output(doc, clock: Clock) -> Result:
    """The page's result, its text made as the command makes it."""
    result = Result(doc, None)
    result.text  # noqa: B018
    clock.tick("output")
    return result


def text_phases(cleaner: Cleaner, pages: list[bytes], clock: Clock) -> list[Result]:
    """The pages cleaned as `cleaner.clean` cleans them, each step timed on `clock`."""
    plan = timed_plan(cleaner, clock, html=False)
    outputs = []
    for data in pages:
        clock.last = time.process_time()
        text = data.decode("utf-8")
        cleaner.find_site(text)
        clock.tick("reading, site detection")
        doc = judged(plan, Document(plan.program.read(text)), clock)
        outputs.append(output(doc, clock))
    return outputs


def html_phases(cleaner: Cleaner, pages: list[bytes], clock: Clock) -> list[Result]:
    """The pages cleaned as `cleaner.clean_html` cleans them, each step timed on `clock`."""
    plan = timed_plan(cleaner, clock, html=True)
    outputs = []
    for data in pages:
        clock.last = time.process_time()
        html = decode_html(data)
        clock.tick("decoding")
        tree = load(html)
        clock.tick("parsing (lexbor)")
        cleaner.find_site(visible_text(tree))
        clock.tick("site detection")
        page = parse(tree, plan.html.pruner, plan.html.main_selector)
        clock.tick("DOM walk: element rules, blocks")
        prepared = prepare_page(page, plan.html.paragraph, plan.program)
        doc = judged(plan, prepared.document, clock)
        doc.segments = prepared.merged()
        outputs.append(output(doc, clock))
    return outputs


def report(kind: str, clock: Clock, size: int) -> None:
    total = sum(clock.seconds.values())
    budget = size / 1e6 / TARGETS[kind]
    print(f"{kind}: {size / 1e6:.1f} MB in {total:.2f} s, {size / 1e6 / total:.1f} MB/s; "
          f"{TARGETS[kind]:.0f} MB/s leaves {budget:.2f} s")  # fmt: skip
    print(f"  {'step':<40} {'s':>6} {'share':>6} {'budget':>7}")
    for step, seconds in sorted(clock.seconds.items(), key=lambda item: -item[1]):
        print(f"  {step:<40} {seconds:6.2f} {seconds / total:6.1%} {seconds / budget:7.1%}")


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__)
    parser.add_argument("--input", dest="inputs", action="append", choices=("text", "html"))
    parser.add_argument("--mode", choices=("rules", "scored"), default="rules")
    args = parser.parse_args(argv)
    data = find_data(args.data)
    sets = args.sets or SETS
    for kind in args.inputs or ("text", "html"):
        cleaner = Cleaner(mode=args.mode)
        cleaner.clean_html(b"<p>Warm up: rules are compiled and stop words read on first use.</p>")
        if kind == "text":
            files = [data / s / f"{k}.{i}.txt" for s in sets for k in keys(data, s) for i in INPUTS]
            pages = [f.read_bytes() for f in files]
            clock = Clock()
            text_phases(cleaner, pages, clock)
        else:
            pages = [gzip.decompress((data / s / f"{k}.html.gz").read_bytes())
                     for s in sets for k in keys(data, s)]  # fmt: skip
            clock = Clock()
            html_phases(cleaner, pages, clock)
        report(kind, clock, sum(map(len, pages)))
    return 0


def keys(data: Path, set_name: str) -> list[str]:
    return sorted(p.name.split(".")[0] for p in (data / set_name).glob("*.html.gz"))


if __name__ == "__main__":
    sys.exit(main())
