"""Train the block scorer of HTML input (rule HTM013) on the benchmark's development pages.

    pip install -e '.[train]'
    python bench/train_html.py            # writes cleaner/model/html_scorer.json
    python bench/train_html.py --cv 10    # first prints F1 with pages held out, by fold

Every page is parsed and its blocks are classified as the paragraph rules see them; each block
becomes one example: its features (cleaner/html/scoring.py) and whether it is article text,
labelled as bench/train.py labels lines. Cross-validation runs the real `scored` cleaner, with
the model of the other folds, on each fold's pages, beside the `rules` cleaner on the same pages.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from run import SETS, find_data  # noqa: E402
from run_html import score  # noqa: E402
from train import arguments, export, fit_rows, label, prepare, write  # noqa: E402

from cleaner import Cleaner  # noqa: E402
from cleaner.heuristics.scoring import Forest  # noqa: E402
from cleaner.html import scoring  # noqa: E402
from cleaner.html.decode import decode_html  # noqa: E402
from cleaner.html.dom import load, visible_text  # noqa: E402


def examples(data: Path):
    """(page key, set, gold, HTML bytes, rows of its blocks, labels) for every page."""
    cleaner = Cleaner()  # the paragraph rules' thresholds, as the scorer's features see them
    for set_name in SETS:
        golds = json.loads((data / set_name / "gold.json").read_text(encoding="utf-8"))
        for key, gold in golds.items():
            raw = gzip.decompress((data / set_name / f"{key}.html.gz").read_bytes())
            tree = load(decode_html(raw))
            plan = cleaner.plan(cleaner.find_site(visible_text(tree)), html=True)
            view = plan.html.view(tree)
            prepared = prepare(set_name, gold)
            labels = np.array([label(set_name, prepared, block.text) for block in view.blocks])
            yield key, set_name, gold, raw, scoring.features(view), labels


def fit(pages: list) -> HistGradientBoostingClassifier:
    rows = np.vstack([p[4] for p in pages if len(p[4])])
    return fit_rows(rows, np.concatenate([p[5] for p in pages]))


def cross_validate(pages: list, folds: int) -> None:
    fold_of = {key: n % folds for n, key in enumerate(sorted({p[0] for p in pages}))}
    rules, scored = Cleaner(), Cleaner(mode="scored")
    outputs: dict[tuple[str, str], dict] = {}
    for f in range(folds):
        held_out = Forest(export(fit([p for p in pages if fold_of[p[0]] != f])))
        scoring.forest = lambda path=None, model=held_out: model  # this fold's model
        for key, set_name, _, raw, _, _ in pages:
            if fold_of[key] == f:
                for name, cleaner in (("rules", rules), ("scored", scored)):
                    outputs.setdefault((set_name, name), {})[key] = cleaner.clean_html(raw)
    golds = {p[0]: p[2] for p in pages}
    for (set_name, name), texts in sorted(outputs.items()):
        result = score(set_name, {key: golds[key] for key in texts}, texts)
        print(
            f"{set_name:13} html    {name:7} F1 {result.f1:.3f}  P {result.precision:.3f}  "
            f"R {result.recall:.3f}  ({folds}-fold, pages held out)"
        )


def main() -> None:
    args = arguments(__doc__, scoring.MODEL)
    pages = list(examples(find_data(args.data)))
    print(f"{sum(len(p[5]) for p in pages)} blocks from {len(pages)} pages", file=sys.stderr)
    if args.cv:
        cross_validate(pages, args.cv)
    model = fit(pages)
    exported = export(model)
    exported["about"] = "Block scorer of rule HTM013; made by `python bench/train_html.py`."
    exported["features"] = scoring.feature_names()
    write(model, exported, np.vstack([p[4] for p in pages if len(p[4])])[:5000], args.out)


if __name__ == "__main__":
    main()
