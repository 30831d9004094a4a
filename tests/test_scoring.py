"""The scored mode's parts: the page's language, the bar each segment must pass, the model."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from cleaner import Cleaner, language
from cleaner.heuristics import scoring
from cleaner.heuristics.context import outside_main_text
from cleaner.heuristics.scoring import (
    Forest,
    feature_names,
    features,
    forest,
    main_run_body,
    nearest_distance,
    window_means,
)

BODY = [
    "The coast road was closed on Monday after the storm washed away part of the sea wall near the harbour.",
    "Engineers said repairs would take at least three weeks and cost more than two million pounds.",
    "The council said buses would be diverted through the villages inland until the road reopened.",
]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (" ".join(BODY), "English"),
        (
            "Die Straße an der Küste wurde am Montag gesperrt, nachdem der Sturm einen Teil der "
            "Mauer am Hafen weggespült hatte. Die Arbeiten dauern nach Angaben der Stadt mindestens drei Wochen.",
            "German",
        ),
        (
            "海岸公路周一关闭，因为风暴冲毁了港口附近的部分海堤。工程师说修复至少需要三周时间。",
            "Chinese",
        ),
        ("", None),
    ],
)
def test_language_of_a_page(cleaner, text, language):
    assert cleaner.analyse(text).language == language


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mode must be one of rules, scored"):
        Cleaner(mode="fast")


def test_body_paragraphs_of_the_main_run_are_told_apart():
    page = "\n\n".join(["Menu", "News", *BODY[:2], "Short line between", BODY[2], "Footer"])
    doc = Cleaner(mode="scored", ignore=("SCR",)).analyse(page).document
    outside = {i for i, _ in outside_main_text(doc)}
    body = {doc.segments[i].text for i in main_run_body(doc, outside)}
    assert body == set(BODY)
    rows = features(doc, outside, main_run_body(doc, outside))
    column = feature_names().index("main_run_body")
    assert [doc.segments[i].text for i in np.flatnonzero(rows[:, column])] == BODY


@pytest.mark.parametrize(("score", "gone"), [(0.1, "all"), (0.3, "not body"), (0.6, "none")])
def test_body_paragraphs_of_the_main_run_face_a_lower_bar(monkeypatch, score, gone):
    """Every kept line gets a score; a body paragraph of the article's run goes only below
    body_threshold (0.2), any other line below threshold (0.5)."""

    # No trees: every line gets the baseline, the log-odds of `score`.
    trees = {name: [] for name in ("feature", "threshold", "left", "right", "value")}
    constant = Forest({"baseline": math.log(score / (1 - score)), "depth": 0, "trees": trees})
    monkeypatch.setattr(scoring, "forest", lambda: constant)
    page = "\n\n".join(["Storm update", *BODY[:2], "Short line between", BODY[2], "Footer"])
    result = Cleaner(mode="scored").analyse(page)
    removed = {s.text for s in result.segments if any(h.code == "SCR001" for h in s.hits)}
    others = {"Storm update", "Short line between", "Footer"}
    expected = {"all": others | set(BODY), "not body": others, "none": set()}[gone]
    assert removed == expected
    if gone == "all":
        details = {h.detail for s in result.segments for h in s.hits if s.text == BODY[0]}
        assert details == {"score 0.10, a body paragraph of the article's run"}


def test_model_matches_the_features_and_gives_probabilities():
    doc = Cleaner(mode="scored", ignore=("SCR",)).analyse("\n\n".join(["Menu", *BODY])).document
    outside = {i for i, _ in outside_main_text(doc)}
    rows = features(doc, outside, main_run_body(doc, outside))
    assert rows.shape == (len(doc.segments), len(feature_names()))
    scores = forest().probability(rows)
    assert ((scores > 0) & (scores < 1)).all()


def test_nearest_distance_is_that_of_the_whole_matrix():
    rng = np.random.default_rng(0)
    for _ in range(200):
        n = int(rng.integers(1, 60))
        positions = np.arange(n)
        marks = np.sort(rng.choice(n, int(rng.integers(1, n + 1)), replace=False))
        expected = np.abs(positions[:, None] - marks[None, :]).min(axis=1)
        assert (nearest_distance(positions, marks) == expected).all()


def test_the_trees_are_walked_and_their_leaves_summed_as_numpy_sums_them():
    model = json.loads(scoring.MODEL.read_text(encoding="utf-8"))
    trees = {name: np.array(values) for name, values in model["trees"].items()}
    rng = np.random.default_rng(1)
    rows = rng.random((100, len(feature_names()))) * rng.uniform(0, 8, len(feature_names()))
    expected = []
    for row in rows:
        leaves = []
        for t in range(len(trees["feature"])):
            node = 0
            for _ in range(model["depth"]):
                left = row[trees["feature"][t, node]] <= trees["threshold"][t, node]
                node = trees["left" if left else "right"][t, node]
            leaves.append(trees["value"][t, node])
        raw = model["baseline"] + np.array(leaves).sum()  # numpy's pairwise sum
        expected.append(1.0 / (1.0 + math.exp(-raw)))
    assert np.array_equal(forest().probability(rows), expected)


GERMAN = (
    "Die Straße an der Küste wurde am Montag gesperrt, nachdem der Sturm einen Teil der Mauer "
    "am Hafen weggespült hatte. Die Arbeiten dauern nach Angaben der Stadt mindestens drei Wochen."
)


def test_a_segments_own_features_read_its_text_as_python_does():
    """Tokens split at Python's white space, stop words case folded as str.casefold (ß, Ü),
    capitals and upper case as str.isupper, digits and lengths in characters."""
    page = "\n\n".join(
        [
            "ÜBER UNS | Kontakt · Impressum",
            GERMAN,
            "DIE STRASSE wurde für 3 Wochen gesperrt",
            "© 2024",
        ]
    )
    doc = Cleaner(mode="scored", ignore=("SCR",)).analyse(page).document
    stop = language.stoplist(doc.language)
    assert doc.language == "German" and "über" in stop
    names = feature_names()
    for segment, row in zip(doc.segments, features(doc, set(), set()), strict=True):
        text = segment.text
        tokens = text.split()
        count = len(tokens) or 1
        long = [token for token in tokens if len(token) >= 4]
        expected = {
            "chars_log": math.log1p(len(text)),
            "stop_density": sum(token.casefold() in stop for token in tokens) / count,
            "capitalised": sum(token[0].isupper() for token in long) / len(long) if long else 0.0,
            "shouting": float(sum(token.isupper() for token in tokens) / count > 0.5),
            "digits": sum(c in "0123456789" for c in text) / len(text),
            "separators": float("|" in text or " » " in text or " · " in text),
            "copyright": float("©" in text),
            "word_length": len(text) / count / 10,
        }
        assert {name: row[names.index(name)] for name in expected} == expected


def test_window_means_are_numpys_running_sums():
    context = np.random.default_rng(2).random((50, 3))
    windows = ((-1, -1), (1, 3), (-8, 8))
    padded = np.vstack([np.zeros((8, 3)), context, np.zeros((8, 3))])
    sums = np.vstack([np.zeros((1, 3)), np.cumsum(padded, axis=0)])
    for (lo, hi), means in zip(windows, window_means(context, windows), strict=True):
        start = 8 + lo + np.arange(50)
        assert np.array_equal(means, (sums[start + hi - lo + 1] - sums[start]) / (hi - lo + 1))


def test_page_means_are_numpys_pairwise_means():
    lines = [" ".join(BODY[i % 3].split()[: 3 + i % 11]) for i in range(300)]
    doc = Cleaner(mode="scored", ignore=("SCR",)).analyse("\n\n".join(lines)).document
    rows = features(doc, set(), set())
    names = feature_names()
    density = rows[:, names.index("stop_density")]
    assert len(set(density)) > 5
    assert np.array_equal(rows[:, names.index("stop_density_vs_page")], density - density.mean())
