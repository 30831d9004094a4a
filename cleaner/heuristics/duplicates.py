"""Text printed twice: captions next to their own copy, and paragraphs repeated later on."""

from __future__ import annotations

import regex

from cleaner.document import Document, Found

_CREDIT_TAIL = regex.compile(r"\s*[(\[][^()\[\]]{1,80}[)\]]$")


def caption_twice(doc: Document, *, window: int = 2) -> Found:
    """A caption and its copy within `window` lines, the copy perhaps with a credit
    ("… 2021." / "… 2021. (AP)"): both go, even when another rule already took one copy.
    An exact repeat of a full sentence is left to duplicate-paragraph, which keeps the first
    copy; the page's title is never taken."""
    segments = doc.segments
    title = doc.title_index()
    prefixes = [segment.key[:12] for segment in segments]
    for i, first in enumerate(segments):
        for j in range(i + 1, min(i + 1 + window, len(segments))):
            if prefixes[i] != prefixes[j]:
                continue
            second = segments[j]
            credit = _with_credit(first.key, second.key) or _with_credit(second.key, first.key)
            if not (credit or (first.key == second.key and not first.is_sentence)):
                continue
            if title not in (i, j):
                if first.kept:
                    yield i, f"printed again on line {second.line}"
                if second.kept:
                    yield j, f"copy of line {first.line}"


def _with_credit(short: str, long: str) -> bool:
    if not long.startswith(short) or len(long) == len(short):
        return False
    return bool(_CREDIT_TAIL.fullmatch(long[len(short) :]))


def repeated(doc: Document, *, min_words: int = 2) -> Found:
    """A paragraph that repeats one kept earlier on the page: the first copy stays."""
    seen: dict[str, int] = {}
    for i, segment in enumerate(doc.segments):
        if not segment.kept or segment.words < min_words:
            continue
        if segment.key in seen:
            yield i, f"repeats line {seen[segment.key]}"
        else:
            seen[segment.key] = segment.line
