"""Menus: glued link runs, separator-joined menus, and runs of one- to three-word lines.

What each rule does is the core's (core/src/rules.rs); here are its thresholds' defaults,
which rule files may change, and its entry point for running it on a document on its own.
"""

from __future__ import annotations

from cleaner.document import Document, Found


def glued_menu(doc: Document, *, max_words: int = 10) -> Found:
    """Pieces of a glued run of page elements that do not read as a sentence."""
    return iter(doc.find("nav-link-run", {"max_words": max_words}))


def separator_menu(doc: Document, *, min_items: int = 4, max_item_words: float = 3.0) -> Found:
    """A line of short items joined by separators: "Home | News | Sport | Weather"."""
    params = {"min_items": min_items, "max_item_words": max_item_words}
    return iter(doc.find("separator-menu", params))


def short_line_run(doc: Document, *, min_run: int = 3, max_words: int = 6) -> Found:
    """At least `min_run` short unpunctuated lines in a row (removed lines don't break a run):
    menus, section lists, teaser lists. A run with body paragraphs right before and right
    after it, or right after a line that introduces it ("You will need:"), is a list of the
    article and stays; so does the page's title."""
    return iter(doc.find("short-line-run", {"min_run": min_run, "max_words": max_words}))
