"""The scored mode's parts: the page's language, which segments the scorer judges, the model."""

from __future__ import annotations

import numpy as np
import pytest

from cleaner import Cleaner
from cleaner.heuristics import scoring
from cleaner.heuristics.context import outside_main_text
from cleaner.heuristics.scoring import feature_names, features, forest, judged, nearest_distance

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


def test_body_paragraphs_of_the_main_run_are_never_judged():
    page = "\n\n".join(["Menu", "News", *BODY[:2], "Short line between", BODY[2], "Footer"])
    doc = Cleaner(mode="scored", ignore=("SCR",)).analyse(page).document
    outside = {i for i, _ in outside_main_text(doc)}
    texts = [doc.segments[i].text for i in judged(doc, outside)]
    assert not set(BODY) & set(texts)
    assert {"Short line between", "Footer"} <= set(texts)


def test_model_matches_the_features_and_gives_probabilities():
    doc = Cleaner(mode="scored", ignore=("SCR",)).analyse("\n\n".join(["Menu", *BODY])).document
    rows = features(doc, {i for i, _ in outside_main_text(doc)})
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


def test_the_trees_walk_long_pages_in_chunks_with_the_same_answers(monkeypatch):
    rows = np.random.default_rng(1).random((1000, len(feature_names())))
    whole = forest().probability(rows)
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 64)
    assert np.array_equal(forest().probability(rows), whole)
