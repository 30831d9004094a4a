"""Text → lines → segments.

Scrapers that flatten a page with `get_text()` glue inline elements together: a whole menu
becomes "Skip linksSkip to ContentNewsMiddle EastAfrica…", and an article's lead can follow a
date stamp with no break ("…05:02 PM (GMT)United States Secretary…"). Segmentation cuts such
lines at the seams so that each page element can be judged on its own:

- strong seams, anywhere: terminal punctuation or a closing bracket directly followed by a
  capitalised word ("11 days.Keep reading", "[File: …]Published");
- camel seams (a lower-case letter directly followed by a capitalised word, "menuNavigation"),
  only inside a chunk where they are dense, so brand names in prose ("YouTube") are left alone;
- sentence-start seams: a block glued to a next one that starts a sentence ("…in Our
  UniverseAs their galaxies…").

The seams are found by the compiled core (core/src/seams.rs), in one pass over each line.

Strip rules run first: each span they match is cut out of its line as a removed segment.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaner import _core
from cleaner.document import Document, Hit

# A chunk is a run of glued page elements when it has at least this many camel seams, and at
# least this many per word: menus glue every few words, prose with "YouTube" almost never does.
GLUED_MIN_SEAMS = 3
GLUED_MIN_SEAMS_PER_WORD = 0.3


@dataclass(frozen=True)
class Carve:
    """A strip rule as the segmenter uses it: the spans it matches leave the line."""

    code: str
    name: str
    patterns: tuple  # compiled; a pattern with a group cuts only the group's span
    first_lines: int | None = None  # only within the first N non-blank lines


# A chunk glued from more pieces than this (a whole page flattened into one line of menus) is
# cut into at most this many runs of pieces, so that memory stays bounded.
MAX_PIECES = 5000
GLUE = (GLUED_MIN_SEAMS, GLUED_MIN_SEAMS_PER_WORD, MAX_PIECES)  # as the core's Program takes it


def normalise(text: str) -> list[str]:
    """Split into lines (`str.splitlines`); fold every run of Unicode whitespace to one space;
    trim (by the core, in one pass over the text)."""
    return _core.normalise(text)


def split_glued(
    text: str,
    min_seams: int = GLUED_MIN_SEAMS,
    min_seams_per_word: float = GLUED_MIN_SEAMS_PER_WORD,
) -> list[tuple[int, str, bool]]:
    """Cut a line at its seams: (offset, piece, glued) for each non-empty piece; strong and
    sentence-start seams always cut, camel seams only where they are dense."""
    return _core.split_glued(text, min_seams, min_seams_per_word, MAX_PIECES)


def program(carves: Iterable[Carve] = ()) -> _core.Program:
    """The core's segmenter with these strip rules (and no other rule)."""
    return _core.Program(carve_specs(carves), [], [], [], GLUE)


def carve_specs(carves: Iterable[Carve]) -> list[tuple]:
    """Strip rules as the core takes them: (hit, patterns, first_lines)."""
    return [(Hit(c.code, c.name), list(c.patterns), c.first_lines) for c in carves]


def segment(lines: Sequence[str], carves: Iterable[Carve] = ()) -> Document:
    """Build the document: every non-blank line becomes one or more segments (made by the core,
    with their features); the spans strip rules cut out are segments of their own, removed
    (the first pattern's spans, then the next's where they overlap none, rule by rule)."""
    return Document(program(carves).segment(list(lines)))
