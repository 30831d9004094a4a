"""Properties every output must have, for any input: deterministic, idempotent (a pre-commit
fixer's second run changes nothing), never inventing text, and in the documented format."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner

from .conftest import CORPUS

# Random text made of page-like pieces: words, glue, boilerplate phrases, odd whitespace.
PIECES = [
    *"abcXYZ .,:!?|()[]-'’\"0123456789",
    "\n",
    "\n\n",
    "\r\n",
    "\u00a0",
    "\u2028",
    "\t",
    "Share",
    "DON'T MISS",
    "Read more",
    "READ MORE: ",
    "2 hours ago",
    "By Ann Lee",
    "Home",
    "News",
    "Skip links",
    "(AP)",
    "Title Case Headline Here",
    "Source: Agencies",
    "The cat sat on the mat today.",
    "a long sentence with many words that goes on and on.",
    "May 24, 2021",
    "© 2024 Site",
    "menuNavigation",
    "linksSkip",
    "[File: A/B]",
]
page_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.text(max_size=300),
)
CORPUS_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
CLEANER = Cleaner()
FAST = settings(
    max_examples=int(os.environ.get("CLEANER_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def _check(text: str) -> None:
    once = CLEANER.clean(text)
    assert CLEANER.clean(text) == once, "not deterministic"
    assert CLEANER.clean(once) == once, "not idempotent"
    folded = " ".join(text.split())
    for block in once.split("\n\n"):
        assert block.strip() in folded, f"invented text: {block!r}"
    for word in re.findall(r"\w+", once):
        assert word in text
    if once:
        assert once.endswith("\n") and not once.endswith("\n\n")
        assert "\n\n\n" not in once
        assert not re.search(r"[ \t]\n", once), "trailing whitespace"
        assert "\u00a0" not in once


@FAST
@given(page_text)
def test_random_text(text):
    _check(text)


@FAST
@given(st.sampled_from(CORPUS_TEXTS), st.data())
def test_corpus_pages_cut_anywhere(page, data):
    """Any slice of a real page (lines cut off at both ends) behaves too."""
    start = data.draw(st.integers(0, len(page)))
    end = data.draw(st.integers(start, len(page)))
    _check(page[start:end])


def test_corpus_pages_whole():
    for page in CORPUS_TEXTS:
        _check(page)
