"""The scored mode's parts: the page's language, the bar each segment must pass, the model."""

from __future__ import annotations

import numpy as np
import pytest

from cleaner import Cleaner
from cleaner.heuristics import scoring
from cleaner.heuristics.context import outside_main_text
from cleaner.heuristics.scoring import (
    feature_names,
    features,
    forest,
    main_run_body,
    nearest_distance,
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

    class Constant:
        def probability(self, rows):
            return np.full(len(rows), score)

    monkeypatch.setattr(scoring, "forest", Constant)
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


def test_the_trees_walk_long_pages_in_chunks_with_the_same_answers(monkeypatch):
    rows = np.random.default_rng(1).random((1000, len(feature_names())))
    whole = forest().probability(rows)
    monkeypatch.setattr(scoring, "CHUNK_ROWS", 64)
    assert np.array_equal(forest().probability(rows), whole)
