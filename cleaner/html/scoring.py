"""The block scorer (rule HTM013, `scored` mode): a learned model in place of the two paragraph
rules' fixed thresholds.

jusText's verdicts (HTM010) and the article's element (HTM011) are strong evidence, but each
is a hard cut: a lead paragraph with a link in it, a list of ingredients outside the element
that holds most of the prose, an author box inside it. The scorer reads both verdicts with what
else the DOM and the text tell about a block (length, stop words of the page's language, link
density, tag, distance from the article's element, its neighbours) and gives the probability
that the block is article text. Below the threshold the block goes, under HTM013, with its
score and jusText's reason as the detail.

The model is gradient-boosted trees trained by `python bench/train_html.py` on the benchmark's
development pages, shipped as arrays in `cleaner/model/html_scorer.json` and evaluated with
numpy (cleaner.heuristics.scoring.Forest), like the line scorer of text input.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np

from cleaner.document import Found
from cleaner.heuristics.scoring import Forest, nearest_distance, window_means
from cleaner.html.classify import BAD, COPYRIGHT, GOOD, LINKS, NEARGOOD, SHORT, View

MODEL = Path(__file__).resolve().parent.parent / "model" / "html_scorer.json"
_TERMINAL = frozenset(".!?…:;。！？")
_CLOSERS = "\"'”’»)]」』）"
BLOCK_FEATURES = (
    "chars_log", "words_log", "stop_density", "link_density", "has_links", "ends_terminal",
    "starts_upper", "digits", "capitalised", "commas_per_word", "heading", "tag_p", "tag_li",
    "tag_cell", "tag_div", "first_good", "first_bad", "first_short", "first_neargood", "good",
    "reason_links", "reason_stop_words", "reason_short_among_bad", "reason_between_bad",
    "inside_main", "in_region", "in_ld_body", "has_main", "position", "copyright",
)  # fmt: skip
# Features averaged over windows of neighbours (offsets relative to the block).
CONTEXT_FEATURES = ("good", "link_density", "stop_density", "inside_main", "chars_log")
WINDOWS = ((-1, -1), (1, 1), (-3, -1), (1, 3))
PAGE_FEATURES = (
    "main_distance_log", "before_main", "after_main", "good_share", "blocks_log", "stop_words",
)  # fmt: skip


def feature_names() -> list[str]:
    names = list(BLOCK_FEATURES)
    for lo, hi in WINDOWS:
        names += [f"{name}@{lo}..{hi}" for name in CONTEXT_FEATURES]
    return names + list(PAGE_FEATURES)


def _block_row(view: View, i: int, first: str, final: str, reason: str, inside: bool) -> list:
    block = view.blocks[i]
    text = block.text
    words = text.split()
    count = len(words) or 1
    stop = view.stoplist
    stops = sum(map(stop.__contains__, text.lower().split())) / count if stop else 0.3
    long_words = [word for word in words if len(word) >= 4]
    capitalised = (
        sum(word[0].isupper() for word in long_words) / len(long_words) if long_words else 0.0
    )
    return [
        math.log1p(len(text)),
        math.log1p(len(words)),
        stops,
        block.link_density,
        float(block.link_chars > 0),
        float(text.rstrip(_CLOSERS)[-1:] in _TERMINAL),
        float(text[:1].isupper()),
        sum(map(text.count, "0123456789")) / len(text) if text else 0.0,
        capitalised,
        text.count(",") / count,
        float(block.heading),
        float(block.tag == "p"),
        float(block.tag == "li"),
        float(block.tag in ("td", "th")),
        float(block.tag == "div"),
        float(first == GOOD),
        float(first == BAD),
        float(first == SHORT),
        float(first == NEARGOOD),
        float(final == GOOD),
        float(reason == LINKS),
        float(reason.startswith("stop-word")),
        float(reason == "short, among boilerplate"),
        float(reason == "between boilerplate"),
        float(inside),
        0.0,  # in_region, in_ld_body, has_main: filled in by the caller
        0.0,
        0.0,
        0.0,  # position
        float(reason == COPYRIGHT),
    ]


def features(view: View) -> np.ndarray:
    """One row per block of the view, columns as `feature_names()`."""
    blocks = view.blocks
    n = len(blocks)
    if not n:
        return np.zeros((0, len(feature_names())))
    first, final, reasons = view.classes()
    main, region = view.main(), view.region()
    rows = []
    for i, block in enumerate(blocks):
        inside = main is not None and view.page.contains(main, block.element)
        row = _block_row(view, i, first[i], final[i], reasons[i], inside)
        row[25] = float(bool(region and region[i]))
        row[26] = float(view.in_ld_body(i))
        row[27] = float(main is not None)
        row[28] = i / n
        rows.append(row)
    base = np.array(rows)
    column = {name: i for i, name in enumerate(BLOCK_FEATURES)}
    windows = window_means(base[:, [column[name] for name in CONTEXT_FEATURES]], WINDOWS)
    position = np.arange(n)
    inside = np.flatnonzero(base[:, column["inside_main"]])
    if len(inside):
        distance = nearest_distance(position, inside)
        before, after = position < inside[0], position > inside[-1]
    else:
        distance, before, after = np.full(n, 50), np.zeros(n, bool), np.zeros(n, bool)
    page = np.column_stack(
        [
            np.log1p(distance),
            before,
            after,
            np.full(n, base[:, column["good"]].mean()),
            np.full(n, math.log1p(n)),
            np.full(n, float(bool(view.stoplist))),
        ]
    )
    return np.hstack([base, *windows, page])


@cache
def forest(path: Path = MODEL) -> Forest:
    model = json.loads(path.read_text(encoding="utf-8"))
    if model["features"] != feature_names():
        raise RuntimeError(
            f"{path}: trained on other features; retrain: python bench/train_html.py"
        )
    return Forest(model)


def scored_blocks(view: View) -> Found:
    """Blocks whose score (probability of being article text) is below `score_threshold`."""
    if not view.blocks:
        return
    threshold = view.settings["score_threshold"]
    _, _, reasons = view.classes()
    scores = forest().probability(features(view))
    for i, score in enumerate(scores):
        if score < threshold:
            reason = f"; {reasons[i]}" if reasons[i] else ""
            yield i, f"score {score:.2f}{reason}"
