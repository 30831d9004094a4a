"""Context: what sits between boilerplate is boilerplate.

What each rule does is the core's (core/src/rules.rs); here are its thresholds' defaults,
which rule files may change, and its entry point for running it on a document on its own.
"""

from __future__ import annotations

from cleaner.document import Document, Found


def trailing_boilerplate(
    doc: Document, *, body_words: int = 30, min_removed_share: float = 0.5, max_words: int = 40
) -> Found:
    """After the last long body paragraph, where most lines were already removed (teasers,
    time stamps, footers), the unpunctuated lines left over are part of the same footer:
    teaser headlines, captions, truncated excerpts. Sentences stay."""
    params = {
        "body_words": body_words,
        "min_removed_share": min_removed_share,
        "max_words": max_words,
    }
    return iter(doc.find("trailing-boilerplate", params))


def between_boilerplate(doc: Document, *, max_words: int = 25) -> Found:
    """A short unpunctuated line whose neighbours both went (or that ends the page after
    removed lines) is part of the same boilerplate: a headline among time stamps, a label
    between menus. Repeated until nothing changes; the title is never taken."""
    return iter(doc.find("between-boilerplate", {"max_words": max_words}))


def outside_main_text(doc: Document, *, gap: int = 6, min_share: float = 0.25) -> Found:
    """The article is the heaviest cluster of body paragraphs: body paragraphs with fewer than
    `gap` other lines between them belong together. Text outside the clusters that weigh at
    least `min_share` of the heaviest (teaser excerpts, author boxes, site blurbs) goes. The
    title stays."""
    return iter(doc.find("outside-main-text", {"gap": gap, "min_share": min_share}))
