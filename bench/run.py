"""Measure the cleaner on the benchmark pages, beside reference systems in the same run.

    python bench/run.py                      # every set and input, all systems
    python bench/run.py --set articles --input soup --systems cleaner

Prints F1, precision, recall and MB/s (input megabytes per second on one core, reading
included) per set, input and system; then, for the cleaner in each mode (one pass, and
cleaning until nothing changes), how many text dumps cleaning again changes. The data is the
development split described in bench/README.md.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics import segment_f1, shingle_f1  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.passes import PASSES  # noqa: E402

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"  # the development split, copied with its attribution (data/README.md)
SETS = ("articles", "multilingual")
INPUTS = ("layout", "soup")


def find_data(data: Path | None) -> Path:
    data = data or DATA
    if not (data / "articles" / "gold.json").is_file():
        sys.exit(f"{data}: no benchmark data here (articles/gold.json missing); pass --data")
    return data


def no_cleaning(text: str) -> str:
    return text


_C4_END = (".", "!", "?", '"', "”", "’")  # closing quotes end a sentence too


def c4_line_rules(text: str) -> str:
    """C4's line filter: keep lines that end in terminal punctuation and have 3+ words."""
    kept = []
    for line in text.splitlines():
        line = line.strip()
        lower = line.lower()
        if "javascript" in lower or "lorem ipsum" in lower or "{" in line:
            continue
        if line.endswith(_C4_END) and len(line.split()) >= 3:
            kept.append(line)
    return "\n".join(kept)


def justext_over_lines(text: str) -> str:
    """jusText with each line wrapped as a paragraph, stop words of the page's language."""
    import justext

    from cleaner import language

    lines = [html.escape(line) for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    page = "<html><body>" + "".join(f"<p>{line}</p>" for line in lines) + "</body></html>"
    stoplist = language.stoplist(language.detect(text)) or language.stoplist("English")
    paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def ready(cleaner: Cleaner) -> Callable[[str], str]:
    """The cleaner's clean, its rules compiled (that happens on first use) but nothing else
    remembered: a fresh one for each set and input, so that none sees pages of another run."""
    for site in (None, *(s.name for s in cleaner.rulebook.sites)):
        cleaner.clean("Warm up.", site=site)
    return cleaner.clean


def systems() -> dict[str, Callable[[], Callable[[str], str]]]:
    """Each system's maker: called once for each set and input."""
    return {
        "cleaner": lambda: ready(Cleaner()),
        "generic only": lambda: ready(Cleaner(ignore=("SITE",))),  # a site without rules
        "cleaner scored": lambda: ready(Cleaner(mode="scored")),
        "no cleaning": lambda: no_cleaning,
        "C4 line rules": lambda: c4_line_rules,
        "jusText lines": lambda: justext_over_lines,
    }


def run(data: Path, set_name: str, kind: str, clean: Callable[[str], str]):
    gold = json.loads((data / set_name / "gold.json").read_text(encoding="utf-8"))
    outputs, size = {}, 0
    started = time.process_time()
    for key in gold:
        raw = (data / set_name / f"{key}.{kind}.txt").read_bytes()
        size += len(raw)
        outputs[key] = clean(raw.decode("utf-8"))
    seconds = time.process_time() - started
    if set_name == "articles":
        score = shingle_f1([(gold[k]["articleBody"], outputs[k]) for k in gold])
    else:
        score = segment_f1([(gold[k]["with"], gold[k]["without"], outputs[k]) for k in gold])
    return score, size / 1e6 / seconds if seconds else float("inf")


def unsettled(data: Path, cleaner: Cleaner) -> tuple[int, int]:
    """How many of the benchmark's text dumps a second pass of `cleaner` changes, of how many:
    cleaning cleaned text should change nothing."""
    dumps = sorted(p for set_name in SETS for p in (data / set_name).glob("*.txt"))
    changed = 0
    for path in dumps:
        once = cleaner.clean(path.read_text(encoding="utf-8"))
        changed += cleaner.clean(once) != once
    return changed, len(dumps)


def base_parser(doc: str) -> argparse.ArgumentParser:
    """The options of every benchmark script: --data, --set, --systems."""
    parser = argparse.ArgumentParser(
        description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--data", type=Path, help="benchmark data folder (articles/, multilingual/)"
    )
    parser.add_argument("--set", dest="sets", action="append", choices=SETS)
    parser.add_argument("--systems", action="append", help="only these systems (repeatable)")
    return parser


def pick(available: dict, names: list[str] | None) -> dict:
    """The systems named on the command line (all of them when none is)."""
    return {name: available[name] for name in names} if names else available


def main(argv: list[str] | None = None) -> int:
    parser = base_parser(__doc__)
    parser.add_argument("--input", dest="inputs", action="append", choices=INPUTS)
    args = parser.parse_args(argv)
    data = find_data(args.data)
    chosen = pick(systems(), args.systems)
    print(f"{'set':<13} {'input':<7} {'system':<14} {'F1':>6} {'P':>6} {'R':>6} {'MB/s':>7}")
    for set_name in args.sets or SETS:
        for kind in args.inputs or INPUTS:
            for name, make in chosen.items():
                score, speed = run(data, set_name, kind, make())
                shown = "-" if name == "no cleaning" else f"{speed:.1f}"
                figures = f"{score.f1:6.3f} {score.precision:6.3f} {score.recall:6.3f}"
                print(f"{set_name:<13} {kind:<7} {name:<14} {figures} {shown:>7}")
    for mode, name in (("rules", "cleaner"), ("scored", "cleaner scored")):
        if name in chosen:
            for passes in (1, PASSES):
                changed, dumps = unsettled(data, Cleaner(mode=mode, passes=passes))
                print(f"{name}, passes={passes}: cleaning again changes {changed} of {dumps} dumps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
