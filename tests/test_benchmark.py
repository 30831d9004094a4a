"""Evaluation gate: F1 on a fixed slice of the benchmark's development split may not fall.

The floors sit just under the figures measured when they were pinned; `python bench/run.py`
runs the whole split. Raise a floor when the cleaner gets better, never lower one to make a
change pass without saying why in the commit."""

from __future__ import annotations

import gzip
import json
import sys

import pytest

from cleaner import Cleaner

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import phases  # noqa: E402
from metrics import segment_f1, shingle_f1  # noqa: E402

DATA = ROOT / "bench" / "data"
PAGES = {"articles": 20, "multilingual": 80}  # the first pages by key, in each set
# The scorers were trained on these pages, so their floors guard against regressions only;
# their figures on unseen pages come from `python bench/train.py --cv 10` (text) and
# `python bench/train_html.py --cv 10` (HTML).
FLOORS = {
    ("rules", "articles", "layout"): 0.905,
    ("rules", "articles", "soup"): 0.864,
    ("rules", "multilingual", "layout"): 0.838,
    ("rules", "multilingual", "soup"): 0.827,
    ("scored", "articles", "layout"): 0.965,
    ("scored", "articles", "soup"): 0.955,
    ("scored", "multilingual", "layout"): 0.935,
    ("scored", "multilingual", "soup"): 0.93,
    ("rules", "articles", "html"): 0.975,
    ("rules", "multilingual", "html"): 0.89,
    ("scored", "articles", "html"): 0.98,
    ("scored", "multilingual", "html"): 0.97,
}


def f1(cleaner: Cleaner, set_name: str, kind: str) -> float:
    gold = json.loads((DATA / set_name / "gold.json").read_text(encoding="utf-8"))
    keys = sorted(gold)[: PAGES[set_name]]
    if kind == "html":
        pages = {k: gzip.decompress((DATA / set_name / f"{k}.html.gz").read_bytes()) for k in keys}
        outputs = {k: cleaner.clean_html(page) for k, page in pages.items()}
    else:
        outputs = {
            k: cleaner.clean((DATA / set_name / f"{k}.{kind}.txt").read_text("utf-8")) for k in keys
        }
    if set_name == "articles":
        return shingle_f1([(gold[k]["articleBody"], outputs[k]) for k in keys]).f1
    return segment_f1([(gold[k]["with"], gold[k]["without"], outputs[k]) for k in keys]).f1


@pytest.mark.parametrize(("mode", "set_name", "kind"), list(FLOORS))
def test_f1_does_not_fall(cleaner, scored, mode, set_name, kind):
    score = f1(scored if mode == "scored" else cleaner, set_name, kind)
    floor = FLOORS[(mode, set_name, kind)]
    assert score >= floor, f"F1 {score:.3f} fell below its floor {floor:.3f}"


def verdicts(results) -> list:
    return [[(s.line, s.text, [h.code for h in s.hits]) for s in r.segments] for r in results]


@pytest.mark.parametrize("mode", ["rules", "scored"])
def test_the_phase_timings_are_of_the_real_pipeline(mode):
    # bench/phases.py times the pipeline step by step: it must run every rule, and clean as
    # the cleaner does.
    cleaner = Cleaner(mode=mode)
    keys = sorted(json.loads((DATA / "multilingual" / "gold.json").read_text("utf-8")))[:6]
    texts = [(DATA / "multilingual" / f"{k}.soup.txt").read_bytes() for k in keys]
    pages = [gzip.decompress((DATA / "multilingual" / f"{k}.html.gz").read_bytes()) for k in keys]
    clock = phases.Clock()
    timed = phases.text_phases(cleaner, texts, clock)
    assert verdicts(timed) == verdicts(cleaner.analyse(t.decode("utf-8")) for t in texts)
    timed = phases.html_phases(cleaner, pages, clock)
    assert verdicts(timed) == verdicts(cleaner.analyse_html(p) for p in pages)
    rules = [*cleaner.plan(None).staged, *cleaner.plan(None, html=True).html.paragraph]
    assert {f"rule {r.code} {r.name}" for r in rules} <= set(clock.seconds)
