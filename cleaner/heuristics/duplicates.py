"""Text printed twice: captions next to their own copy, and paragraphs repeated later on.

What each rule does is the core's (core/src/rules.rs); here are its thresholds' defaults,
which rule files may change, and its entry point for running it on a document on its own.
"""

from __future__ import annotations

from cleaner.document import Document, Found


def caption_twice(doc: Document, *, window: int = 2) -> Found:
    """A caption and its copy within `window` lines, the copy perhaps with a credit
    ("… 2021." / "… 2021. (AP)"): both go, even when another rule already took one copy.
    An exact repeat of a full sentence is left to duplicate-paragraph, which keeps the first
    copy; the page's title is never taken."""
    return iter(doc.find("duplicate-caption", {"window": window}))


def repeated(doc: Document, *, min_words: int = 2) -> Found:
    """A paragraph that repeats one kept earlier on the page: the first copy stays."""
    return iter(doc.find("duplicate-paragraph", {"min_words": min_words}))
