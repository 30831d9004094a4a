"""The units that flow through the pipeline: a document is a list of segments.

A segment is a span of one input line: the whole line, or a piece of it when the line is glued
together from several page elements ("Skip linksSkip to ContentNews…") or when a rule cut a span
out of it. Every segment keeps its line number, so each verdict can be traced back to the input.
A segment is kept unless a rule has hit it; every hit carries the rule's code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from cleaner import _core

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


def looks_like_headline(segment: Segment) -> bool:
    """A teaser headline: short (at most 25 words), and either unpunctuated or written in
    Title Case (70% of its words of four letters or more capitalised)."""
    return _core.looks_like_headline(segment)


UNTOLD = object()  # a Document's language before it is told


class Document:
    """A page as the pipeline sees it: its normalised lines and their segments, in order.

    The segments live in the core (`_core.Doc`), where the rules judge them; `segments` makes
    Python `Segment` objects of them on first use. From then on that list is the document:
    what the front changes in it (a later pass's pieces, an HTML page's removed elements) is
    what the document holds.
    """

    def __init__(self, core: _core.Doc, *, lines: list[str] | None = None, language=UNTOLD):
        self._core = core
        self._segments: list[Segment] | None = None
        self._lines = lines
        if language is not UNTOLD:
            self.__dict__["language"] = language

    def __getstate__(self):
        # Pickled as its Python segments; the core's document is made again from them.
        state = {"segments": self.segments, "lines": self.lines}
        if self.told_language() is not UNTOLD:
            state["language"] = self.language
        return state

    def __setstate__(self, state):
        language = state.get("language", UNTOLD)
        self.__init__(_core.Doc(state["segments"], state["lines"]), language=language)
        self._lines, self._segments = state["lines"], state["segments"]

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self._core.lines
        return self._lines

    @property
    def segments(self) -> list[Segment]:
        if self._segments is None:
            self._segments = self._core.segments()
        return self._segments

    @segments.setter
    def segments(self, segments: list[Segment]) -> None:
        self._segments = list(segments)

    def with_segments(self, segments: list[Segment]) -> Document:
        """The same page with these segments."""
        doc = Document(self._core, lines=self._lines, language=self.told_language())
        doc.segments = segments
        return doc

    def given_lines(self) -> list[str] | None:
        """The lines if the front gave or read them already, else None (read from the core)."""
        return self._lines

    def told_language(self):
        """The language if it was told already, else UNTOLD."""
        return self.__dict__.get("language", UNTOLD)

    def core(self) -> _core.Doc:
        """The document as the core holds it, with the segments as they are now."""
        if self._segments is None:
            return self._core
        return _core.Doc(self._segments, self.lines)

    def place(self, kept: list[Segment]) -> list[int]:
        """Move each segment to where its text sits in the input of an earlier pass whose kept
        segments' joined text this document is (see cleaner.passes.place)."""
        core = self.core()
        sources = core.place([(s.line, s.start, len(s.text)) for s in kept])
        self._core, self._segments = core, None
        return sources

    def find(
        self, kind: str, params: dict, positions=None, stop_words=None
    ) -> list[tuple[int, str]]:
        """What the core's rule `kind` (with `params`) would take now: (index, detail);
        `stop_words`: those of the page's language, for a rule that reads them."""
        return self.core().find(kind, params, positions, stop_words)

    def text(self) -> str:
        """Kept segments in order, one paragraph each, separated by one blank line."""
        if self._segments is None:
            return self._core.text()
        blocks = [s.text for s in self._segments if s.kept]
        return "\n\n".join(blocks) + "\n" if blocks else ""

    def removed(self) -> list[tuple[int, list[Hit]]]:
        """(words, hits) of each removed segment, in order."""
        if self._segments is None:
            return self._core.removed()
        return [(s.words, s.hits) for s in self._segments if not s.kept]

    def words(self) -> int:
        """Words of every segment, kept or not."""
        if self._segments is None:
            return self._core.words()
        return sum(s.words for s in self._segments)

    @cached_property
    def language(self) -> str | None:
        """jusText's name of the page's language ("English", "German", …), or None; told on
        first use, so only what needs it pays for it."""
        from cleaner import language

        return language.detect("\n".join(self.lines))
