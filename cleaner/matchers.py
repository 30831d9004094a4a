"""The declarative rule kinds: `drop`, `block`, `cut-before` and `cut-after`.

Each kind is small picklable data: its matcher, its thresholds, and the name the core knows
it by (what each does is core/src/rules.rs). Called on a document on its own, it yields
(segment index, detail) for every segment it removes. Site rules and generic rules use the
same kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner import _core
from cleaner.document import Document, Found, Segment, match_key
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
        return self._core.run(_core.Doc(list(segments), []))


def positions(match: Matcher, doc: Document) -> list[int]:
    """Indices of the segments `match` recognises, ascending. (A plan's rules are matched by
    its screen, all at once, in the core; this is for running one rule on its own.)"""
    (found,) = Screen([match])._core.run(doc.core())
    return found


@dataclass(frozen=True)
class Drop:
    """Every matching segment goes; with `in_body`, only between the first and the last body
    paragraph (links set between the paragraphs of an article)."""

    match: Matcher
    in_body: bool = False

    @property
    def stage(self) -> int:
        return 2 if self.in_body else 1  # the body is known once the stage-1 rules have run

    kind = "drop"

    @property
    def params(self) -> dict:
        return {"in_body": self.in_body}

    def __call__(self, doc: Document) -> Found:
        return iter(doc.find(self.kind, self.params, positions(self.match, doc)))


@dataclass(frozen=True)
class Block:
    """A marker segment goes, with up to `follow` teaser headlines after it
    (document.looks_like_headline). Segments other rules already removed (time stamps,
    captions) are passed over without being counted."""

    match: Matcher
    follow: int
    stage = 2
    kind = "block"

    @property
    def params(self) -> dict:
        return {"follow": self.follow}

    def __call__(self, doc: Document) -> Found:
        return iter(doc.find(self.kind, self.params, positions(self.match, doc)))


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

    @property
    def kind(self) -> str:
        return "cut-after" if self.after else "cut-before"

    @property
    def params(self) -> dict:
        return {"min_share": self.min_share}

    def __call__(self, doc: Document) -> Found:
        return iter(doc.find(self.kind, self.params, positions(self.match, doc)))
