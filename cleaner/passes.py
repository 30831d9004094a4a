"""Cleaning cleaned text again, with every verdict placed in the original input.

Removing boilerplate changes the neighbourhood of what is left: a line becomes the page's first
line (where the title rule looks), short lines that stood apart now stand together, the heaviest
cluster of paragraphs is weighed again. So a second pass over cleaned text may find more, and
with `Cleaner(passes=n)`, `Cleaner.analyse` cleans the cleaned text again until nothing changes
(at most n passes).

Each later pass runs on the previous pass's text, exactly as cleaning that text would; its
segments are then moved to where their text sits in the original input (`place`) before the
rules judge them, so that every hit, and every detail naming a line, speaks of the input the
user gave. `compose` then puts each pass's verdicts in the place of the kept segments they
came from: --explain and --check name the rule codes and offsets of the original input.
"""

from __future__ import annotations

from cleaner.document import Document, Segment

# Passes that settle every text dump of the benchmark in rules mode: one settles 92% of them,
# two 99% (bench/run.py counts the dumps a second pass changes).
PASSES = 3


def place(doc: Document, kept: list[Segment]) -> list[int]:
    """Move each segment of `doc` (the joined text of `kept` segmented again: segment n of
    `kept` is line 2n + 1) to its line and offset in the input of `kept`. Returns, for each
    segment, the index in `kept` of the segment it is a piece of. Blank-line gaps stay as the
    pass sees them (its rules read them); `compose` restores the input's."""
    return doc.place(kept)


def compose(segments: list[Segment], again: list[Segment], sources: list[int]) -> list[Segment]:
    """`segments` (an earlier pass's) with each kept one replaced by the pieces of it that a
    later pass judged (`again`, `sources` as `place` gave them): the same segment where the
    pass kept it whole and unchanged."""
    pieces: dict[int, list[Segment]] = {}
    for piece, n in zip(again, sources, strict=True):
        pieces.setdefault(n, []).append(piece)
    composed: list[Segment] = []
    n = 0
    for segment in segments:
        if not segment.kept:
            composed.append(segment)
            continue
        mine = pieces.get(n, [])
        n += 1
        if len(mine) == 1 and mine[0].kept and mine[0].text == segment.text:
            composed.append(segment)
            continue
        for k, piece in enumerate(mine):
            piece.gap_before = segment.gap_before and k == 0
            piece.glued = piece.glued or segment.glued
            composed.append(piece)
    return composed
