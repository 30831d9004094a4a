"""The units that flow through the pipeline: a document is a list of segments.

A segment is a span of one input line: the whole line, or a piece of it when the line is glued
together from several page elements ("Skip linksSkip to ContentNews…") or when a rule cut a span
out of it. Every segment keeps its line number, so each verdict can be traced back to the input.
A segment is kept unless a rule has hit it; every hit carries the rule's code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from cleaner import _core

WORD = re.compile(r"\w+")

# What a rule reports: (segment index, detail) for each segment it removes.
Found = Iterator[tuple[int, str]]

# A span of one input line, with the rule hits that decide whether it is kept: made by the
# core (core/src/segment.rs), which works out the features every rule looks at once, when the
# segment is made: `key` (see match_key), `words` (space-separated tokens; in scripts written
# without spaces, about two characters each), `is_sentence` (four words or more ending in
# terminal punctuation, not cut off like an excerpt: "…was kil..."), and `is_body` (a sentence
# of twelve words or more). Segment(text, line, start=0, gap_before=False, glued=False,
# hits=None); `kept`: no rule has hit it.
Segment = _core.Segment


def match_key(text: str) -> str:
    """How phrases and duplicates are compared: case (Python's casefold), quote style and
    spacing don't matter, nor what marker lines end in: a colon, "!", "…", "»" or "›"
    ("Lesen Sie auch!", "More stories »")."""
    return _core.key_of(" ".join(text.split()))


@dataclass(frozen=True)
class Hit:
    """One rule's verdict on one segment."""

    code: str
    name: str
    detail: str = ""


def capitalised_share(segment: Segment) -> float:
    """Share of words (of 4+ letters) that start with a capital: high in headlines and menus."""
    long_words = [w for w in WORD.findall(segment.text) if len(w) >= 4 and not w.isdigit()]
    if not long_words:
        return 0.0
    return sum(w[0].isupper() for w in long_words) / len(long_words)


def looks_like_headline(segment: Segment) -> bool:
    """A teaser headline: short, and either unpunctuated or written in Title Case."""
    return 0 < segment.words <= 25 and (
        not segment.is_sentence or capitalised_share(segment) >= 0.7
    )


@dataclass
class Document:
    """A page as the pipeline sees it: its normalised lines and their segments, in order."""

    lines: list[str]
    segments: list[Segment]
    # Where each phrase-and-pattern matcher recognised segments (matchers.Screen), filled
    # when the document is judged.
    matches: dict | None = None

    @cached_property
    def language(self) -> str | None:
        """jusText's name of the page's language ("English", "German", …), or None; told on
        first use, so only what needs it pays for it."""
        from cleaner import language

        return language.detect("\n".join(self.lines))

    def title_index(self) -> int | None:
        """The page's title: the first kept segment of three words or more."""
        return next((i for i, s in enumerate(self.segments) if s.kept and s.words >= 3), None)

    def body_span(self) -> tuple[int, int]:
        """Indices of the first and last kept segment that read as body text, or (-1, -1)."""
        body = [i for i, s in enumerate(self.segments) if s.kept and s.is_body]
        return (body[0], body[-1]) if body else (-1, -1)
