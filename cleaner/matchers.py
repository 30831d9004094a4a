"""The declarative rule kinds: what `drop`, `block`, `cut-before` and `cut-after` do.

Each kind is a small picklable callable: given a document, it yields (segment index, detail)
for every segment it removes. Site rules and generic rules use the same kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner import _core
from cleaner.document import Document, Found, Segment, looks_like_headline, match_key
from cleaner.patterns import PatternError


@dataclass(frozen=True)
class Matcher:
    """Recognises a segment by exact phrase (see `match_key`) or by a regex that matches the
    whole segment; patterns only look at segments of at most `max_chars` characters. What it
    recognises is found by a Screen, for all the matchers of a plan in one pass."""

    phrases: frozenset[str]
    sources: tuple[str, ...]
    max_chars: int | None = None

    @classmethod
    def build(cls, phrases=(), patterns=(), max_chars: int | None = None) -> Matcher:
        return cls(frozenset(match_key(p) for p in phrases), tuple(patterns), max_chars)


class Screen:
    """Matchers matched together against every segment of a document, in one pass of the core
    (core/src/screen.rs): one phrase look-up and one pass of a pattern set per segment."""

    def __init__(self, matchers: Sequence[Matcher]):
        self.matchers = list(matchers)
        rules = [(sorted(m.phrases), list(m.sources), m.max_chars) for m in self.matchers]
        try:
            self._core = _core.Screen(rules)
        except ValueError as error:
            raise PatternError(str(error)) from None

    def run(self, segments: Sequence[Segment]) -> list[list[int]]:
        """For each matcher, the indices of the segments it recognises, ascending."""
        return self._core.run(segments)


def positions(match: Matcher, doc: Document) -> set[int]:
    """Indices of the segments `match` recognises: found by the plan's screen when the document
    was judged (`Document.matches`); a document judged without one is screened here."""
    if doc.matches is None or match not in doc.matches:
        (found,) = Screen([match]).run(doc.segments)
        doc.matches = {**(doc.matches or {}), match: set(found)}
    return doc.matches[match]


@dataclass(frozen=True)
class Drop:
    """Every matching segment goes; with `in_body`, only between the first and the last body
    paragraph (links set between the paragraphs of an article)."""

    match: Matcher
    in_body: bool = False

    @property
    def stage(self) -> int:
        return 2 if self.in_body else 1  # the body is known once the stage-1 rules have run

    def __call__(self, doc: Document) -> Found:
        first, last = doc.body_span() if self.in_body else (-1, len(doc.segments))
        for i in sorted(positions(self.match, doc)):
            if first < i < last:
                yield i, ""


@dataclass(frozen=True)
class Block:
    """A marker segment goes, with up to `follow` teaser headlines after it. Segments other
    rules already removed (time stamps, captions) are passed over without being counted."""

    match: Matcher
    follow: int
    stage = 2

    def __call__(self, doc: Document) -> Found:
        segments = doc.segments
        markers = positions(self.match, doc)
        i = 0
        while i < len(segments):
            if i not in markers:
                i += 1
                continue
            marker = segments[i]
            yield i, ""
            i, taken = i + 1, 0
            while i < len(segments) and taken < self.follow and i not in markers:
                if segments[i].kept:
                    if not looks_like_headline(segments[i]):
                        break
                    taken += 1
                yield i, f"teaser under line {marker.line}"
                i += 1


@dataclass(frozen=True)
class Cut:
    """Everything after (cut-after) or before (cut-before) the first marker goes, marker too.

    A footer marker only counts below at least `min_share` of the page's body text (a header
    marker: above it), so a marker that also appears at the wrong place (a "0 Comments" link
    under the title) can't take the article with it."""

    match: Matcher
    after: bool
    min_share: float = 0.2
    stage = 2

    def __call__(self, doc: Document) -> Found:
        segments = doc.segments
        markers = positions(self.match, doc)
        if not markers:
            return
        body = [s.words if s.kept and s.is_body else 0 for s in segments]
        total, above = sum(body), 0
        marker = None
        for i in range(len(segments)):
            below = total - above - body[i]
            if i in markers and (above if self.after else below) >= self.min_share * total:
                marker = i
                break
            above += body[i]
        if marker is None:
            return
        line = segments[marker].line
        span = range(marker, len(segments)) if self.after else range(marker + 1)
        side = "footer from" if self.after else "header up to"
        for i in span:
            yield i, f"{side} line {line}"
