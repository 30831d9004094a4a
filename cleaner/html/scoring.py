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
development pages, shipped as arrays in `cleaner/model/html_scorer.json` and walked by the
core (cleaner.heuristics.scoring.Forest), like the line scorer of text input.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np

from cleaner.document import Found
from cleaner.heuristics.scoring import Forest, nearest_distance, window_means
from cleaner.html.classify import BAD, COPYRIGHT, GOOD, LINKS, NEARGOOD, SHORT, View, stop_words

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


def _text_features(text: str, count: int) -> tuple[float, float, float, float, float]:
    """ends_terminal, starts_upper, digits, capitalised and commas_per_word of a block."""
    long_words = [word for word in text.split() if len(word) >= 4]
    capitalised = (
        sum(word[0].isupper() for word in long_words) / len(long_words) if long_words else 0.0
    )
    return (
        float(text.rstrip(_CLOSERS)[-1:] in _TERMINAL),
        float(text[:1].isupper()),
        sum(map(text.count, "0123456789")) / len(text) if text else 0.0,
        capitalised,
        text.count(",") / count,
    )


def _log1p(values: np.ndarray) -> np.ndarray:
    # math.log1p, as the model was trained with (numpy's differs in the last bit at times)
    return np.fromiter(map(math.log1p, values), dtype=float, count=len(values))


def _flags(values, wanted) -> np.ndarray:
    return np.fromiter((value == wanted for value in values), dtype=float, count=len(values))


def features(view: View) -> np.ndarray:
    """One row per block of the view, columns as `feature_names()`. Built column by column:
    only what needs a block's text is worked out block by block."""
    blocks = view.blocks
    n = len(blocks)
    if not n:
        return np.zeros((0, len(feature_names())))
    first, final, reasons = view.classes()
    main, region = view.main(), view.region()
    counts = [stop_words(block, view.stoplist) for block in blocks]
    words = np.array([count for count, _ in counts], dtype=float)
    per_word = np.maximum(words, 1.0)
    chars = np.array([len(block.text) for block in blocks], dtype=float)
    link_chars = np.array([block.link_chars for block in blocks], dtype=float)
    tags = [block.tag for block in blocks]
    element = np.array([block.element for block in blocks])
    texts = np.array(
        [_text_features(block.text, int(c)) for block, c in zip(blocks, per_word, strict=True)]
    )
    if view.stoplist:
        stops = np.array([stops for _, stops in counts], dtype=float) / per_word
    else:
        stops = np.full(n, 0.3)
    if main is not None:
        inside = (element >= main) & (element <= view.page.end[main])
    else:
        inside = np.zeros(n, dtype=bool)
    columns = {
        "chars_log": _log1p(chars),
        "words_log": _log1p(words),
        "stop_density": stops,
        "link_density": np.divide(link_chars, chars, out=np.zeros(n), where=chars > 0),
        "has_links": link_chars > 0,
        "ends_terminal": texts[:, 0],
        "starts_upper": texts[:, 1],
        "digits": texts[:, 2],
        "capitalised": texts[:, 3],
        "commas_per_word": texts[:, 4],
        "heading": np.fromiter((block.heading for block in blocks), dtype=float, count=n),
        "tag_p": _flags(tags, "p"),
        "tag_li": _flags(tags, "li"),
        "tag_cell": _flags(tags, "td") + _flags(tags, "th"),
        "tag_div": _flags(tags, "div"),
        "first_good": _flags(first, GOOD),
        "first_bad": _flags(first, BAD),
        "first_short": _flags(first, SHORT),
        "first_neargood": _flags(first, NEARGOOD),
        "good": _flags(final, GOOD),
        "reason_links": _flags(reasons, LINKS),
        "reason_stop_words": np.fromiter(
            (reason.startswith("stop-word") for reason in reasons), dtype=float, count=n
        ),
        "reason_short_among_bad": _flags(reasons, "short, among boilerplate"),
        "reason_between_bad": _flags(reasons, "between boilerplate"),
        "inside_main": inside,
        "in_region": np.array(region, dtype=float) if region else np.zeros(n),
        "in_ld_body": np.fromiter(map(view.in_ld_body, range(n)), dtype=float, count=n),
        "has_main": np.full(n, float(main is not None)),
        "position": np.arange(n) / n,
        "copyright": _flags(reasons, COPYRIGHT),
    }
    base = np.column_stack([columns[name] for name in BLOCK_FEATURES]).astype(float)
    column = {name: i for i, name in enumerate(BLOCK_FEATURES)}
    windows = window_means(base[:, [column[name] for name in CONTEXT_FEATURES]], WINDOWS)
    position = np.arange(n)
    inside = np.flatnonzero(inside)
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
