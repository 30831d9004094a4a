"""The units that flow through the pipeline: a document is a list of segments.

A segment is a span of one input line: the whole line, or a piece of it when the line is glued
together from several page elements ("Skip linksSkip to ContentNews…") or when a rule cut a span
out of it. Every segment keeps its line number, so each verdict can be traced back to the input.
A segment is kept unless a rule has hit it; every hit carries the rule's code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from cleaner import _core

WORD = re.compile(r"\w+")
# A sentence ends in terminal punctuation, perhaps followed by closing quotes or brackets.
_TERMINALS = frozenset(".!?…:;。！？")
_CLOSERS = "\"'”’»)]」』）"
BODY_MIN_WORDS = 12  # a kept sentence this long is body text
MARKER_ENDS = " :!…»›"  # what a marker line may end in and still match its phrase

# What a rule reports: (segment index, detail) for each segment it removes.
Found = Iterator[tuple[int, str]]

_QUOTE_PAIRS = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("“", '"'), ("”", '"'), ("„", '"'))


def match_key(text: str) -> str:
    """How phrases and duplicates are compared: case, quote style and spacing don't matter,
    nor what marker lines end in: a colon, "!", "…", "»" or "›" ("Lesen Sie auch!",
    "More stories »")."""
    return key_of(" ".join(text.split()))


@dataclass(frozen=True)
class Hit:
    """One rule's verdict on one segment."""

    code: str
    name: str
    detail: str = ""


def key_of(text: str) -> str:
    """`match_key` of text that is already whitespace-normalised (every segment's text)."""
    if not text.isascii():
        for curly, straight in _QUOTE_PAIRS:
            if curly in text:
                text = text.replace(curly, straight)
    return text.casefold().rstrip(MARKER_ENDS)


def ends_sentence(text: str) -> bool:
    """Ends in terminal punctuation, but not like an excerpt cut off mid-text ("…was kil...")."""
    core = text.rstrip(_CLOSERS)
    if not core or core[-1] not in _TERMINALS:
        return False
    if text.endswith("..."):
        return not text[-4:-3].isalnum()
    if text.endswith("…"):
        return not text[-2:-1].isalnum()
    return True


def count_words(text: str) -> int:
    """Space-separated tokens; in scripts written without spaces, about two characters each."""
    return _core.count_words(text)


@dataclass(slots=True)
class Segment:
    """A span of one input line, with the rule hits that decide whether it is kept.

    The features every rule looks at (key, words, is_sentence) are computed once, when the
    segment is made."""

    text: str
    line: int  # 1-based line number in the input
    start: int = 0  # offset of the span in the normalised line
    gap_before: bool = False  # a blank line separates it from the previous line
    glued: bool = False  # cut out of a run of glued page elements (menus, footers)
    hits: list[Hit] = field(default_factory=list)
    key: str = field(init=False, repr=False)
    words: int = field(init=False, repr=False)
    is_sentence: bool = field(init=False, repr=False)

    def __post_init__(self):
        text = self.text
        self.key = key_of(text)
        self.words = count_words(text)
        self.is_sentence = self.words >= 4 and ends_sentence(text)

    @property
    def kept(self) -> bool:
        return not self.hits

    @property
    def is_body(self) -> bool:
        """Reads as a paragraph of body text: a sentence of BODY_MIN_WORDS words or more."""
        return self.is_sentence and self.words >= BODY_MIN_WORDS

    @property
    def capitalised_share(self) -> float:
        """Share of words (of 4+ letters) that start with a capital: high in headlines and menus."""
        long_words = [w for w in WORD.findall(self.text) if len(w) >= 4 and not w.isdigit()]
        if not long_words:
            return 0.0
        return sum(w[0].isupper() for w in long_words) / len(long_words)

    @property
    def looks_like_headline(self) -> bool:
        """A teaser headline: short, and either unpunctuated or written in Title Case."""
        return 0 < self.words <= 25 and (not self.is_sentence or self.capitalised_share >= 0.7)


@dataclass
class Document:
    """A page as the pipeline sees it: its normalised lines and their segments, in order."""

    lines: list[str]
    segments: list[Segment]
    # Where each phrase-and-pattern rule matched, by id of its matcher, when the engine
    # matched all of them in one pass (see engine.Plan); None otherwise.
    matches: dict[int, set[int]] | None = None

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
