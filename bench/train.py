"""Train the line scorer (rule SCR001) on the benchmark's development pages.

    pip install -e '.[train]'
    python bench/train.py            # writes cleaner/model/scorer.json
    python bench/train.py --cv 5     # first prints cross-validated F1 (pages held out by fold)

Every page is cleaned with all rules but the scorer; each segment the rules kept becomes one
example: its features (cleaner/heuristics/scoring.py) and whether it is article text.
Articles: most of its 4-word shingles are in the gold body (short segments: their words
appear in it). Multilingual: it contains a `with` segment (yes) or a `without` one (no);
segments containing neither teach nothing and are left out. Layout and soup dumps of the
same page go to the same fold, so cross-validation never scores a page it trained on.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from metrics import fold, segment_f1, shingle_f1, shingles  # noqa: E402
from run import INPUTS, SETS, find_data  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.heuristics.context import outside_main_text  # noqa: E402
from cleaner.heuristics.scoring import (  # noqa: E402
    MODEL,
    feature_names,
    features,
    main_run_body,
)

TREES, DEPTH, RATE = 150, 6, 0.1
THRESHOLD, BODY_THRESHOLD = 0.5, 0.2  # as SCR001's defaults


def label(set_name: str, gold: dict, text: str) -> int:
    """1: article text, 0: boilerplate, -1: the gold does not say."""
    if set_name == "articles":
        body = gold["_shingles"]
        grams = list(shingles(text))
        if len(grams) == 1 and len(grams[0]) < 4:
            return int(f" {' '.join(grams[0])} " in gold["_tokens"])
        return int(bool(grams) and sum(g in body for g in grams) >= 0.5 * len(grams))
    folded = fold(text)
    if any(w in folded for w in gold["_with"]):
        return 1
    if any(w in folded for w in gold["_without"]):
        return 0
    return -1


def prepare(set_name: str, gold: dict) -> dict:
    if set_name == "articles":
        body = gold["articleBody"]
        tokens = [token for gram in shingles(body, n=1) for token in gram]
        return {**gold, "_shingles": set(shingles(body)), "_tokens": f" {' '.join(tokens)} "}
    with_, without = [fold(s) for s in gold["with"]], [fold(s) for s in gold["without"]]
    return {**gold, "_with": [s for s in with_ if s], "_without": [s for s in without if s]}


def examples(data: Path):
    """(page id, set, input, gold, document, rows of kept segments, labels) for every page."""
    cleaner = Cleaner(mode="scored", ignore=("SCR",))
    for set_name in SETS:
        golds = json.loads((data / set_name / "gold.json").read_text(encoding="utf-8"))
        for key, gold in golds.items():
            gold = prepare(set_name, gold)
            for kind in INPUTS:
                text = (data / set_name / f"{key}.{kind}.txt").read_text(encoding="utf-8")
                doc = cleaner.analyse(text).document
                outside = {i for i, _ in outside_main_text(doc)}
                kept = [i for i, segment in enumerate(doc.segments) if segment.kept]
                rows = features(doc, outside, main_run_body(doc, outside))[kept]
                labels = np.array([label(set_name, gold, doc.segments[i].text) for i in kept])
                yield key, set_name, kind, gold, doc, kept, rows, labels


def fit(pages: list) -> HistGradientBoostingClassifier:
    rows = np.vstack([p[6] for p in pages if len(p[6])])
    return fit_rows(rows, np.concatenate([p[7] for p in pages]))


def fit_rows(rows: np.ndarray, labels: np.ndarray) -> HistGradientBoostingClassifier:
    """The trees for these examples; rows labelled -1 (the gold does not say) are left out."""
    known = labels >= 0
    model = HistGradientBoostingClassifier(
        max_iter=TREES, max_depth=DEPTH, learning_rate=RATE, early_stopping=False, random_state=0
    )
    return model.fit(rows[known], labels[known])


def write(model: HistGradientBoostingClassifier, exported: dict, rows: np.ndarray, out: Path):
    """Check that the exported trees answer as the model does on `rows`, then write them."""
    from cleaner.heuristics.scoring import Forest

    ours, theirs = Forest(exported).probability(rows), model.predict_proba(rows)[:, 1]
    assert np.allclose(ours, theirs, atol=1e-9), "exported trees disagree with the model"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(exported, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


def export(model: HistGradientBoostingClassifier) -> dict:
    """The trees as padded arrays (see scoring.Forest); leaves point to themselves."""
    trees = [predictors[0].nodes for predictors in model._predictors]
    width = max(len(nodes) for nodes in trees)
    arrays = {name: [] for name in ("feature", "threshold", "left", "right", "value")}
    for nodes in trees:
        index = np.arange(len(nodes))
        leaf = nodes["is_leaf"].astype(bool)
        pad = width - len(nodes)
        arrays["feature"].append(np.where(leaf, 0, nodes["feature_idx"]).tolist() + [0] * pad)
        threshold = np.where(leaf, 0.0, nodes["num_threshold"])
        arrays["threshold"].append(threshold.tolist() + [0.0] * pad)
        arrays["left"].append(np.where(leaf, index, nodes["left"]).tolist() + [0] * pad)
        arrays["right"].append(np.where(leaf, index, nodes["right"]).tolist() + [0] * pad)
        arrays["value"].append(np.where(leaf, nodes["value"], 0.0).tolist() + [0.0] * pad)
    return {
        "about": "Line scorer of rule SCR001; made by `python bench/train.py`, do not edit.",
        "features": feature_names(),
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "depth": int(max(nodes["depth"].max() for nodes in trees)),
        "trees": arrays,
    }


def cross_validate(pages: list, folds: int) -> None:
    from cleaner.heuristics.scoring import Forest

    fold_of = {key: n % folds for n, key in enumerate(sorted({p[0] for p in pages}))}
    in_body = feature_names().index("main_run_body")
    outputs = {}
    for f in range(folds):
        forest = Forest(export(fit([p for p in pages if fold_of[p[0]] != f])))
        for key, set_name, kind, gold, doc, kept, rows, _ in pages:
            if fold_of[key] != f:
                continue
            keep = {i for i, s in enumerate(doc.segments) if s.kept}
            if len(rows):
                bars = np.where(rows[:, in_body] > 0, BODY_THRESHOLD, THRESHOLD)
                below = forest.probability(rows) < bars
                keep -= {i for i, out in zip(kept, below, strict=True) if out}
            text = "\n\n".join(doc.segments[i].text for i in sorted(keep))
            outputs.setdefault((set_name, kind), []).append((gold, text))
    for (set_name, kind), results in sorted(outputs.items()):
        if set_name == "articles":
            score = shingle_f1([(g["articleBody"], out) for g, out in results])
        else:
            score = segment_f1([(g["with"], g["without"], out) for g, out in results])
        print(f"{set_name:13} {kind:7} F1 {score.f1:.3f}  P {score.precision:.3f}  "
              f"R {score.recall:.3f}  ({folds}-fold, pages held out)")  # fmt: skip


def arguments(doc: str, model: Path) -> argparse.Namespace:
    """The options of both training scripts: --data, --cv, --out."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="benchmark data (default: bench/data)")
    parser.add_argument("--cv", type=int, metavar="FOLDS", help="cross-validate first")
    parser.add_argument("--out", type=Path, default=model, help=f"default: {model}")
    return parser.parse_args()


def main() -> None:
    args = arguments(__doc__, MODEL)
    pages = list(examples(find_data(args.data)))
    print(f"{sum(len(p[7]) for p in pages)} segments from {len(pages)} dumps", file=sys.stderr)
    if args.cv:
        cross_validate(pages, args.cv)
    model = fit(pages)
    write(model, export(model), np.vstack([p[6] for p in pages if len(p[6])])[:5000], args.out)


if __name__ == "__main__":
    main()
