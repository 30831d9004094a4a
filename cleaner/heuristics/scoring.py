"""The line scorer: a small learned model that judges what the phrase rules can't name.

Boilerplate that no phrase names (a site's own menu words, an author box, a teaser excerpt)
still looks like boilerplate: short, few stop words of the page's language, no sentence
punctuation, among other removed lines, far from the article's paragraphs. The scorer reads
these features for every segment the rules kept, and those of its neighbours, and gives the
probability that the segment belongs to the article. Below the threshold the segment goes,
under the rule code of the `scored-boilerplate` rule, with its score as the detail.

The model is a set of gradient-boosted decision trees (trained with scikit-learn by
`python bench/train.py` on the benchmark's development pages), shipped as plain arrays in
`cleaner/model/scorer.json` and evaluated here with numpy: no training library at run time.
numpy is imported where the scorer runs, so that loading the rules (which name the scorer's
function) doesn't import it: only the `scored` mode needs it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner import language
from cleaner.document import Document, Found
from cleaner.heuristics.context import outside_main_text

if TYPE_CHECKING:
    import numpy as np

MODEL = Path(__file__).resolve().parent.parent / "model" / "scorer.json"
_TERMINAL = frozenset(".!?…。！？")
_CLOSERS = "\"'”’»)]」』）"
_DIGIT = re.compile("[0-9]")
# Rule families whose hits the scorer sees one by one (all others count as "removed" only).
FAMILIES = (
    "NAV", "TSR", "CAP", "TIM", "BYL", "SRC", "EMB", "TOK", "SYM", "JS", "CKE", "CTA", "SHR",
    "LGL", "WDG", "COM", "TTL", "DUP", "CTX", "SITE",
)  # fmt: skip
SEGMENT_FEATURES = (
    "chars_log", "words_log", "sentence", "body", "ends_terminal", "ends_colon",
    "capitalised", "digits", "stop_density", "gap_before", "glued", "removed", "separators",
    "starts_upper", "starts_digit", "commas_per_word", "stops_per_word", "word_length",
    "shouting", "copyright",
)  # fmt: skip
# Features averaged over windows of neighbours (offsets relative to the segment).
CONTEXT_FEATURES = (
    "words_log",
    "sentence",
    "body",
    "stop_density",
    "removed",
    "chars_log",
    "stops_per_word",
)
WINDOWS = ((-1, -1), (1, 1), (-3, -1), (1, 3), (-8, 8))
PAGE_FEATURES = (
    "repeated", "stop_density_vs_page", "words_vs_longest", "body_distance_log",
    "inside_body", "body_before", "position", "removed_share", "page_words_log",
    "outside_main", "main_run_body",
)  # fmt: skip


def feature_names() -> list[str]:
    names = list(SEGMENT_FEATURES) + [f"hit_{family}" for family in FAMILIES]
    for lo, hi in WINDOWS:
        names += [f"{name}@{lo}..{hi}" for name in CONTEXT_FEATURES]
    return names + list(PAGE_FEATURES)


def _segment_row(text: str, words: int, is_sentence: bool, stop: frozenset[str]) -> list:
    # Tokens split at spaces, not by regex: several times faster, and as telling here.
    tokens = text.split()
    count = len(tokens) or 1
    stops = sum(map(stop.__contains__, text.casefold().split())) if stop else 0
    initials = [token[0] for token in tokens if len(token) >= 4]  # of the longer words
    capitalised = sum(map(str.isupper, initials)) / len(initials) if initials else 0.0
    end = text.rstrip(_CLOSERS)[-1:]
    first = text[:1]
    return [
        math.log1p(len(text)),
        math.log1p(words),
        float(is_sentence),
        float(is_sentence and words >= 12),
        float(end in _TERMINAL),
        float(end == ":"),
        capitalised,
        len(_DIGIT.findall(text)) / len(text) if text else 0.0,
        stops / count,
        0.0,  # gap_before, glued, removed: filled in by the caller
        0.0,
        0.0,
        float("|" in text or " » " in text or " · " in text),
        float(first.isupper()),
        float(first.isdigit()),
        text.count(",") / count,
        (text.count(".") + text.count("!") + text.count("?")) / count,
        len(text) / count / 10,
        float(sum(map(str.isupper, tokens)) / count > 0.5),
        float("©" in text),
    ]


@cache
def _families(codes: tuple[str, ...]) -> list[float]:
    return [float(any(code.startswith(family) for code in codes)) for family in FAMILIES]


_NO_FAMILIES = [0.0] * len(FAMILIES)


def features(doc: Document, outside: set[int], body: set[int]) -> np.ndarray:
    """One row per segment, columns as `feature_names()`, from the verdicts so far;
    `outside`: the segments outside the article's main text (context.outside_main_text);
    `body`: the body paragraphs of its main run (main_run_body)."""
    import numpy as np

    segments = doc.segments
    n = len(segments)
    names = feature_names()
    if not n:
        return np.zeros((0, len(names)))
    stop = language.stoplist(doc.language)
    rows = []
    for segment in segments:
        row = _segment_row(segment.text, segment.words, segment.is_sentence, stop)
        row[9], row[10] = float(segment.gap_before), float(segment.glued)
        hits = segment.hits
        if hits:
            row[11] = 1.0
            row += _families(tuple(hit.code for hit in hits))
        else:
            row += _NO_FAMILIES
        rows.append(row)
    base = np.array(rows)
    column = {name: i for i, name in enumerate(SEGMENT_FEATURES)}
    context = base[:, [column[name] for name in CONTEXT_FEATURES]]
    windows = window_means(context, WINDOWS)
    return np.hstack([base, *windows, _page_features(doc, base, column, outside, body)])


def nearest_distance(positions: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """For each position, how far the nearest of the `marks` (ascending, not empty) is: in
    O(n log n), not an n × marks matrix (a page of 50,000 lines would need gigabytes)."""
    import numpy as np

    at = np.searchsorted(marks, positions)
    before = marks[np.maximum(at - 1, 0)]
    after = marks[np.minimum(at, len(marks) - 1)]
    return np.minimum(np.abs(positions - before), np.abs(after - positions))


def window_means(context: np.ndarray, windows) -> list[np.ndarray]:
    """For each window (lo, hi) of offsets, each row's mean of the rows from lo to hi away
    (rows past either end count as zeros)."""
    import numpy as np

    n = len(context)
    reach = max(max(abs(lo), abs(hi)) for lo, hi in windows)
    margin = np.zeros((reach, context.shape[1]))
    padded = np.vstack([margin, context, margin])
    sums = np.vstack([np.zeros((1, context.shape[1])), np.cumsum(padded, axis=0)])
    means = []
    for lo, hi in windows:
        start = reach + lo + np.arange(n)
        means.append((sums[start + hi - lo + 1] - sums[start]) / (hi - lo + 1))
    return means


def _page_features(
    doc: Document, base: np.ndarray, column: dict[str, int], outside: set[int], run: set[int]
) -> np.ndarray:
    import numpy as np

    segments = doc.segments
    n = len(segments)
    keys = Counter(segment.key for segment in segments)
    repeated = np.array([keys[segment.key] > 1 for segment in segments], dtype=float)
    stop_density = base[:, column["stop_density"]]
    words_log = base[:, column["words_log"]]
    body = np.flatnonzero(base[:, column["body"]] * (1 - base[:, column["removed"]]))
    position = np.arange(n)
    if len(body):
        distance = nearest_distance(position, body)
        inside = (position >= body[0]) & (position <= body[-1])
        before = np.searchsorted(body, position) / len(body)
    else:
        distance, inside, before = np.full(n, 50.0), np.zeros(n), np.zeros(n)
    outside_main = np.zeros(n)
    outside_main[list(outside)] = 1.0
    main_run = np.zeros(n)
    main_run[list(run)] = 1.0
    page_words = sum(segment.words for segment in segments)
    return np.column_stack(
        [
            repeated,
            stop_density - stop_density.mean(),
            words_log - words_log.max(),
            np.log1p(distance),
            inside,
            before,
            position / n,
            np.full(n, base[:, column["removed"]].mean()),
            np.full(n, math.log1p(page_words)),
            outside_main,
            main_run,
        ]
    )


CHUNK_ROWS = 4096  # rows walked through the trees at once (a few MB of node indices)


class Forest:
    """Gradient-boosted trees as arrays (one row per tree, padded to the same node count);
    a leaf points to itself, so every tree is walked the same number of steps."""

    def __init__(self, model: dict):
        import numpy as np

        trees = model["trees"]
        self.baseline = model["baseline"]
        self.depth = model["depth"]
        self.feature = np.array(trees["feature"], dtype=np.intp)
        self.threshold = np.array(trees["threshold"], dtype=float)
        self.left = np.array(trees["left"], dtype=np.intp)
        self.right = np.array(trees["right"], dtype=np.intp)
        self.value = np.array(trees["value"], dtype=float)

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """For each row, the probability that it is article text."""
        import numpy as np

        if len(rows) > CHUNK_ROWS:  # bounded memory: a row's walk costs one int per tree
            chunks = range(0, len(rows), CHUNK_ROWS)
            return np.concatenate([self._probability(rows[i : i + CHUNK_ROWS]) for i in chunks])
        return self._probability(rows)

    def _probability(self, rows: np.ndarray) -> np.ndarray:
        import numpy as np

        count, (trees, width) = rows.shape[0], self.feature.shape
        features, thresholds = self.feature.ravel(), self.threshold.ravel()
        lefts, rights = self.left.ravel(), self.right.ravel()
        # Flat indices: node n of tree t is t * width + n; feature f of row r is r * columns + f.
        tree_start = np.arange(trees) * width
        row_start = (np.arange(count) * rows.shape[1])[:, None]
        cells = np.ascontiguousarray(rows).ravel()
        node = np.broadcast_to(tree_start, (count, trees)).copy()
        for _ in range(self.depth):
            goes_left = cells[row_start + features[node]] <= thresholds[node]
            node = tree_start + np.where(goes_left, lefts[node], rights[node])
        raw = self.baseline + self.value.ravel()[node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))


@cache
def forest(path: Path = MODEL) -> Forest:
    model = json.loads(path.read_text(encoding="utf-8"))
    if model["features"] != feature_names():
        raise RuntimeError(f"{path}: trained on other features; retrain: python bench/train.py")
    return Forest(model)


def scored_boilerplate(
    doc: Document, *, threshold: float = 0.5, body_threshold: float = 0.2
) -> Found:
    """Segments the rules kept whose score (probability of being article text) is below
    `threshold`; for body paragraphs of the article's main run, below `body_threshold`: one
    goes only when the scorer is quite sure (a newsletter pitch, a teaser excerpt)."""
    segments = doc.segments
    kept = [i for i, segment in enumerate(segments) if segment.kept]
    if not kept:
        return
    outside = {i for i, _ in outside_main_text(doc)}
    body = main_run_body(doc, outside)
    scores = forest().probability(features(doc, outside, body)[kept])
    for i, score in zip(kept, scores, strict=True):
        if i in body:
            if score < body_threshold:
                yield i, f"score {score:.2f}, a body paragraph of the article's run"
        elif score < threshold:
            yield i, f"score {score:.2f}"


def main_run_body(doc: Document, outside: set[int]) -> set[int]:
    """The kept body paragraphs between the first and the last body paragraph of the
    article's main run (`outside`: the segments outside it)."""
    segments = doc.segments
    body = [i for i, s in enumerate(segments) if s.kept and s.is_body and i not in outside]
    if not body:
        return set()
    return {i for i in range(body[0], body[-1] + 1) if segments[i].kept and segments[i].is_body}
