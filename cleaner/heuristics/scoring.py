"""The line scorer: a small learned model that judges what the phrase rules can't name.

Boilerplate that no phrase names (a site's own menu words, an author box, a teaser excerpt)
still looks like boilerplate: short, few stop words of the page's language, no sentence
punctuation, among other removed lines, far from the article's paragraphs. The scorer reads
these features for every segment the rules kept, and those of its neighbours, and gives the
probability that the segment belongs to the article. Below the threshold the segment goes,
under the rule code of the `scored-boilerplate` rule, with its score as the detail.

The model is a set of gradient-boosted decision trees (trained with scikit-learn by
`python bench/train.py` on the benchmark's development pages), shipped as plain arrays in
`cleaner/model/scorer.json`: no training library at run time. The features and the trees are
the core's (core/src/scorer.rs); here are the model's loading, the rule's thresholds'
defaults, and the entry points that training and the block scorer of HTML pages use. Those
give numpy arrays, and import numpy when called: loading the rules (which name the scorer's
function) doesn't import it, nor does the scorer when it runs.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner import _core, language
from cleaner.document import Document, Found

if TYPE_CHECKING:
    import numpy as np

MODEL = Path(__file__).resolve().parent.parent / "model" / "scorer.json"


def feature_names() -> list[str]:
    """The features of a segment, in the order of a row's columns: what its text shows, the
    rule families that hit it, means over windows of its neighbours, and its place on the
    page (core/src/scorer.rs)."""
    return _core.line_feature_names()


def features(doc: Document, outside: set[int], body: set[int]) -> np.ndarray:
    """One row per segment, columns as `feature_names()`, from the verdicts so far;
    `outside`: the segments outside the article's main text (context.outside_main_text);
    `body`: the body paragraphs of its main run (main_run_body)."""
    import numpy as np

    core = doc.core()
    data = _core.line_features(core, stop_words(doc.language), sorted(outside), sorted(body))
    return np.frombuffer(data).reshape(len(core), len(feature_names()))


def nearest_distance(positions: np.ndarray, marks: np.ndarray) -> np.ndarray:
    """For each position, how far the nearest of the `marks` (ascending, not empty) is."""
    import numpy as np

    return np.array(_core.nearest_distance(positions.tolist(), marks.tolist()), dtype=np.intp)


def window_means(context: np.ndarray, windows) -> list[np.ndarray]:
    """For each window (lo, hi) of offsets, each row's mean of the rows from lo to hi away
    (rows past either end count as zeros)."""
    import numpy as np

    context = np.ascontiguousarray(context, dtype=float)
    shape = context.shape
    means = _core.window_means(context.tobytes(), shape[1], list(windows))
    return [np.frombuffer(m).reshape(shape) for m in means]


class Forest:
    """Gradient-boosted trees as arrays (one row per tree, padded to the same node count; a
    leaf points to itself), as bench/train.py exports them, walked by the core."""

    def __init__(self, model: dict):
        trees = model["trees"]
        self.core = _core.Forest(
            model["baseline"],
            model["depth"],
            *(trees[name] for name in ("feature", "threshold", "left", "right", "value")),
        )

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """For each row, the probability that it is article text."""
        import numpy as np

        rows = np.ascontiguousarray(rows, dtype=float)
        return np.array(self.core.probability(rows.tobytes(), rows.shape[1]), dtype=float)


@cache
def forest(path: Path = MODEL) -> Forest:
    model = json.loads(path.read_text(encoding="utf-8"))
    if model["features"] != feature_names():
        raise RuntimeError(f"{path}: trained on other features; retrain: python bench/train.py")
    return Forest(model)


@cache
def stop_words(name: str | None) -> _core.StopWords:
    """jusText's stop words of the language `name`, as the core reads them."""
    return _core.StopWords(language.stoplist(name))


def page_stop_words(doc: Document) -> _core.StopWords:
    """The stop words of the page's language, told from its lines on first use."""
    return stop_words(doc.language)


def model() -> dict:
    """What the core's rule needs besides its thresholds: the trees, loaded once."""
    return {"model": forest().core}


def scored_boilerplate(
    doc: Document, *, threshold: float = 0.5, body_threshold: float = 0.2
) -> Found:
    """Segments the rules kept whose score (probability of being article text) is below
    `threshold`; for body paragraphs of the article's main run, below `body_threshold`: one
    goes only when the scorer is quite sure (a newsletter pitch, a teaser excerpt)."""
    params = {"threshold": threshold, "body_threshold": body_threshold, **model()}
    return iter(doc.find("scored-boilerplate", params, stop_words=page_stop_words(doc)))


def main_run_body(doc: Document, outside: set[int]) -> set[int]:
    """The kept body paragraphs between the first and the last body paragraph of the
    article's main run (`outside`: the segments outside it)."""
    return set(_core.main_run_body(doc.core(), sorted(outside)))
