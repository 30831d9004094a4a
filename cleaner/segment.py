"""Text → lines → segments.

Scrapers that flatten a page with `get_text()` glue inline elements together: a whole menu
becomes "Skip linksSkip to ContentNewsMiddle EastAfrica…", and an article's lead can follow a
date stamp with no break ("…05:02 PM (GMT)United States Secretary…"). Segmentation cuts such
lines at the seams so that each page element can be judged on its own:

- strong seams, anywhere: terminal punctuation or a closing bracket directly followed by a
  capitalised word ("11 days.Keep reading", "[File: …]Published");
- camel seams (a lower-case letter directly followed by a capitalised word, "menuNavigation"),
  only inside a chunk where they are dense, so brand names in prose ("YouTube") are left alone.

Strip rules run first: each span they match is cut out of its line as a removed segment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from cleaner.document import Document, Hit, Segment, count_words

_STRONG_SEAM = regex.compile(
    r"(?<=[\p{Ll}\d]{2}[.!?…][\"'”’»]?)(?=\p{Lu}\p{Ll}|\p{Lu}{2,}\b)"  # "days.Keep", ".DON'T"
    r"|(?<=[)\]])(?=\p{Lu}\p{Ll})"  # "(GMT)United", "Press]Published"
)
_CAMEL_SEAM = regex.compile(
    # "menuNavigation", "Log InLog In", "AsiaUS & Canada"
    r"(?<=\p{Ll}{2}|\b\p{Lu}\p{Ll})(?=\p{Lu}\p{Ll}|\p{Lu}{2,}\b)"
    r"|(?<=\p{Lu}{2})(?=\p{Lu}\p{Ll}{2})"  # "SEARCHSkip to content"
    r"|(?<=\d)(?=\p{Lu}\p{Ll}{2})"  # "list 1 of 3Israel-Hamas"
    r"|(?<=\|)(?=\p{Lu})"  # "Opinion|Republicans"
)

# A block glued to the next one that starts a sentence: "…in Our UniverseAs their galaxies…",
# "…the deep endBefore we dive in". Brand names ("LinkedIn", "YouTube") don't qualify: the
# word before the seam must start in lower case or be long, and the word after it must be one
# that starts sentences. The look-behind is bounded (linear time in a long run of letters):
# "\b\p{Ll}\p{L}*" or "\p{L}{7,}" before the last letter, since a word of 8 letters or more
# qualifies by its length, whatever its first letter.
_SENTENCE_START_SEAM = regex.compile(
    r"(?<=(?:\b\p{Ll}\p{L}{0,5}|\p{L}{7})\p{Ll})"
    r"(?=(?:The|A|An|As|In|On|At|For|But|And|If|When|While|After|Before|This|That|These|Those"
    r"|It|He|She|We|They|I|You|Our|My|His|Her|Their|There|Here|What|How|Why|Who|Der|Die|Das"
    r"|Ein|Eine|Im|Es|Er|Wir|Ich|Le|La|Les|Un|Une|Il|Elle|Nous|Dans|El|Los|Las|En|Con)\b)"
)

_ANY_SEAM = regex.compile(f"{_STRONG_SEAM.pattern}|{_CAMEL_SEAM.pattern}")
# For ASCII lines, a cheaper test that every seam above passes (and some non-seams too): a
# capital after a lower-case letter, a digit or a closing mark, "ABCDef", or "|". The leading
# lookahead lets `re` pass over the other characters quickly (twice as fast).
_ASCII_SEAM_HINT = re.compile(
    r"(?=[A-Z|])(?:(?<=[a-z\d.!?)\]])[A-Z]|(?<=[.!?)\]][\"'])[A-Z]|[A-Z]{3}[a-z]|\|)"
)

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


# A line longer than this is folded without splitting it into words first (memory).
LONG_LINE = 1 << 16
_ODD_SPACE = re.compile(r"\s{2,}|[^\S ]")  # whitespace other than one space
# A chunk glued from more pieces than this (a whole page flattened into one line of menus) is
# cut into at most this many runs of pieces, so that memory stays bounded.
MAX_PIECES = 5000


def normalise(text: str) -> list[str]:
    """Split into lines; fold every run of Unicode whitespace to one space; trim."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return [
        " ".join(line.split()) if len(line) < LONG_LINE else _ODD_SPACE.sub(" ", line).strip()
        for line in text.splitlines()
    ]


def split_glued(
    text: str,
    min_seams: int = GLUED_MIN_SEAMS,
    min_seams_per_word: float = GLUED_MIN_SEAMS_PER_WORD,
) -> list[tuple[int, str, bool]]:
    """Cut a line at its seams: (offset, piece, glued) for each non-empty piece."""
    if not _has_seam(text):  # most lines: nothing glued
        stripped = text.strip()
        return [(text.index(stripped[0]), stripped, False)] if stripped else []
    pieces: list[tuple[int, str, bool]] = []
    chunks = [
        piece
        for start, chunk in _cut(text, 0, _STRONG_SEAM)
        for piece in _cut(chunk, start, _SENTENCE_START_SEAM)
    ]
    for start, chunk in chunks:
        seams = [m.start() for m in _CAMEL_SEAM.finditer(chunk)]
        count = len(seams)
        glued = count >= min_seams and count >= min_seams_per_word * count_words(chunk)
        parts = _cut_at(chunk, start, seams) if glued else [(start, chunk)]
        if len(parts) > MAX_PIECES:
            parts = _runs(chunk, start, parts)
        pieces.extend((offset, part, glued) for offset, part in parts)
    return pieces


def _runs(chunk: str, start: int, parts: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """`parts` of `chunk` joined into MAX_PIECES runs of consecutive parts."""
    size = -(-len(parts) // MAX_PIECES)
    runs = []
    for n in range(0, len(parts), size):
        first, (last, text) = parts[n][0], parts[min(n + size, len(parts)) - 1]
        runs.append((first, chunk[first - start : last - start + len(text)]))
    return runs


def _has_seam(text: str) -> bool:
    if text.isascii() and not _ASCII_SEAM_HINT.search(text):
        return False
    return _ANY_SEAM.search(text) is not None


def _cut(text: str, offset: int, seam: regex.Pattern) -> list[tuple[int, str]]:
    return _cut_at(text, offset, [m.start() for m in seam.finditer(text)])


def _cut_at(text: str, offset: int, seams: list[int]) -> list[tuple[int, str]]:
    bounds = [0, *seams, len(text)]
    parts = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            parts.append((offset + a + piece.index(stripped[0]), stripped))
    return parts


def segment(lines: Sequence[str], carves: Iterable[Carve] = ()) -> Document:
    """Build the document: every non-blank line becomes one or more segments."""
    carves = list(carves)
    everywhere = [c for c in carves if c.first_lines is None]
    carving_until = max((c.first_lines for c in carves if c.first_lines is not None), default=0)
    segments: list[Segment] = []
    gap = False
    nonblank = 0
    for number, line in enumerate(lines, start=1):
        if not line:
            gap = bool(segments)
            continue
        nonblank += 1
        if not everywhere and nonblank > carving_until and not _has_seam(line):  # fast path
            segments.append(Segment(line, number, gap_before=gap))
            gap = False
            continue
        for start, text, glued, hit in _line_pieces(line, carves, nonblank):
            segments.append(
                Segment(text, number, start, gap_before=gap, glued=glued, hits=[hit] if hit else [])
            )
            gap = False
    return Document(list(lines), segments)


def _line_pieces(line: str, carves: list[Carve], nonblank: int):
    """Pieces of one line: carved spans (removed, with their hit) and glue-split text."""
    spans: list[tuple[int, int, Hit]] = []  # in order, not overlapping: earlier carves win
    for carve in carves:
        if carve.first_lines is not None and nonblank > carve.first_lines:
            continue
        hit = Hit(carve.code, carve.name)
        for pattern in carve.patterns:
            found = [m.span(1) if pattern.groups else m.span() for m in pattern.finditer(line)]
            if found:
                spans = _merge_spans(spans, found, hit)
    position = 0
    for a, b, hit in [*spans, (len(line), len(line), None)]:
        for offset, piece, glued in split_glued(line[position:a]):
            yield position + offset, piece, glued, None
        if hit is not None and line[a:b].strip():
            yield a, line[a:b].strip(), False, hit
        position = b


def _merge_spans(spans: list, found: list[tuple[int, int]], hit: Hit) -> list:
    """`spans` and each non-empty span of `found` (one pattern's matches, in order) that
    overlaps none of them: one pass over both, so that a line with many matches of several
    patterns is carved in linear time."""
    merged, n = [], 0
    for start, end in found:
        if end <= start:
            continue
        while n < len(spans) and spans[n][1] <= start:
            merged.append(spans[n])
            n += 1
        if n == len(spans) or end <= spans[n][0]:
            merged.append((start, end, hit))
    merged.extend(spans[n:])
    return merged
