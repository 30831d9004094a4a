"""The HTML section of the benchmark: the cleaner on the pages' HTML, beside the best
extractors run in the same process on the same pages.

    python bench/run_html.py                         # both sets, every system
    python bench/run_html.py --set articles --systems cleaner
    python bench/run_html.py --pages even            # half of the pages (held-out checks)

Prints F1, precision, recall and MB/s (megabytes of HTML per second on one core; every system
gets the page's bytes, so decoding is timed too; decompressing the files is not). The
reference systems come with `pip install -e '.[bench]'`; a missing one is skipped.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics import Score, segment_f1, shingle_f1  # noqa: E402
from run import SETS, base_parser, find_data, pick  # noqa: E402

from cleaner import Cleaner  # noqa: E402

PAGES = ("all", "even", "odd")


def _trafilatura() -> Callable[[bytes], str]:
    import trafilatura

    return lambda data: trafilatura.extract(data) or ""


def _readability() -> Callable[[bytes], str]:
    import lxml.html
    from readability import Document

    def extract(data: bytes) -> str:
        summary = Document(data).summary(html_partial=True)
        return "\n".join(lxml.html.fromstring(summary).itertext())

    return extract


def _resiliparse() -> Callable[[bytes], str]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import detect_encoding
    from resiliparse.parse.html import HTMLTree

    def extract(data: bytes) -> str:
        tree = HTMLTree.parse_from_bytes(data, detect_encoding(data))
        return extract_plain_text(tree, main_content=True)

    return extract


def systems() -> dict[str, Callable[[bytes], str]]:
    cleaner = Cleaner()
    generic = Cleaner(ignore=("SITE",))
    scored = Cleaner(mode="scored")
    for warm in (cleaner, generic, scored):  # rules are compiled and stop words read on first use
        warm.clean_html(b"<p>Warm up, the rules are compiled on first use.</p>")
    chosen = {
        "cleaner": cleaner.clean_html,
        "generic only": generic.clean_html,
        "cleaner scored": scored.clean_html,
    }
    for name, make in (
        ("trafilatura", _trafilatura),
        ("readability-lxml", _readability),
        ("resiliparse", _resiliparse),
    ):
        try:
            chosen[name] = make()
        except ImportError:
            print(f"({name} is not installed: pip install -e '.[bench]')", file=sys.stderr)
    return chosen


def in_half(key: str, pages: str) -> bool:
    """A fixed split of the pages into two halves, by a hash of the page's key."""
    if pages == "all":
        return True
    even = hashlib.sha256(key.encode()).digest()[0] % 2 == 0
    return even == (pages == "even")


def load(data: Path, set_name: str, pages: str) -> tuple[dict, dict[str, bytes]]:
    gold = json.loads((data / set_name / "gold.json").read_text(encoding="utf-8"))
    gold = {key: value for key, value in gold.items() if in_half(key, pages)}
    html = {key: gzip.decompress((data / set_name / f"{key}.html.gz").read_bytes()) for key in gold}
    return gold, html


def score(set_name: str, gold: dict, outputs: dict[str, str]) -> Score:
    if set_name == "articles":
        return shingle_f1([(gold[k]["articleBody"], outputs[k]) for k in gold])
    return segment_f1([(gold[k]["with"], gold[k]["without"], outputs[k]) for k in gold])


def run(gold: dict, html: dict[str, bytes], set_name: str, extract: Callable[[bytes], str]):
    outputs = {}
    started = time.process_time()
    for key, data in html.items():
        outputs[key] = extract(data)
    seconds = time.process_time() - started
    size = sum(len(data) for data in html.values())
    return score(set_name, gold, outputs), size / 1e6 / seconds if seconds else float("inf")


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__)
    parser.add_argument("--pages", choices=PAGES, default="all", help="all pages, or one half")
    args = parser.parse_args(argv)
    data = find_data(args.data)
    chosen = pick(systems(), args.systems)
    print(f"{'set':<13} {'input':<7} {'system':<17} {'F1':>6} {'P':>6} {'R':>6} {'MB/s':>7}")
    for set_name in args.sets or SETS:
        gold, html = load(data, set_name, args.pages)
        for name, extract in chosen.items():
            result, speed = run(gold, html, set_name, extract)
            figures = f"{result.f1:6.3f} {result.precision:6.3f} {result.recall:6.3f}"
            print(f"{set_name:<13} {'html':<7} {name:<17} {figures} {speed:7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
