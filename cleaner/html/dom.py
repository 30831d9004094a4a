"""HTML → the page's blocks, in document order, with what the DOM tells about each.

One pass over the body's nodes, in the order lexbor's own traversal yields them (no recursion
in Python, so 10,000 nested elements are fine, and no stack of open elements: each node's
place comes from its parent's index), does three things at once: it removes the elements
that the element rules name (each becomes one removed block carrying the rule's hit), it cuts
the remaining text into blocks at block-level elements and at double <br> (jusText's
paragraphs), and it records the element tree (parent and extent of every element) so that
later steps can ask which element holds which blocks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cleaner.html.depth import cap_depth
from cleaner.html.prune import HINTS, Pruner, Verdict, hidden_from_readers

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "option",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
SKIPPED = frozenset(("-comment", "head", "title", "meta", "link", "base"))
# itemprop="articleBody" elements looked at for a hidden copy of the article: a page has one or
# two; a page of thousands, nested, would cost thousands of walks up the tree.
MAX_ARTICLE_BODIES = 16
GONE = -2  # index of the nodes inside an element that went whole (or is never shown)


@dataclass
class Block:
    """A paragraph of the page (or an element removed whole, with its hit)."""

    text: str
    tag: str  # the block-level element it sits in: p, h2, li, td, div…
    element: int  # index (preorder) of that element in Page.parent
    link_chars: int = 0  # characters inside <a>
    removed: Verdict | None = None  # the element rule that took it
    # Worked out once, when a rule first needs them (several do): its words, and how many
    # are stop words of the page's language (cleaner.html.classify.stop_words).
    counts: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    @property
    def heading(self) -> bool:
        return self.tag in HEADINGS

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass
class Page:
    """A parsed page: its blocks and the element tree they hang in."""

    blocks: list[Block]
    parent: list[int] = field(default_factory=list)  # element index → its parent's (-1: root)
    end: list[int] = field(default_factory=list)  # element index → its last descendant's
    hints: list[int] = field(default_factory=list)  # <article>, <main>, articleBody…
    main: list[int] = field(default_factory=list)  # elements the site's main selector picks
    marked: list[tuple[int, Verdict]] = field(default_factory=list)  # guarded, in preorder
    ld_body: str = ""  # JSON-LD articleBody, whitespace folded ("" if none)

    def contains(self, outer: int, inner: int) -> bool:
        return outer <= inner <= self.end[outer]


def fold(text: str) -> str:
    return " ".join(text.split())


def load(html: str) -> LexborHTMLParser:
    from selectolax.lexbor import LexborHTMLParser  # imported with the first HTML page

    return LexborHTMLParser(cap_depth(html))


def visible_text(tree: LexborHTMLParser) -> str:
    """The body's text, one text node a line (what site fingerprints are matched against)."""
    body = tree.body
    return body.text(deep=True, separator="\n") if body is not None else ""


def parse(tree: LexborHTMLParser, pruner: Pruner, main_selector: str | None = None) -> Page:
    ld_body = _ld_article_body(tree)
    body = tree.body
    if body is None:
        return Page([], ld_body=ld_body)
    marked = pruner.marked(tree)
    if not ld_body and pruner.hidden is not None:
        # A hidden articleBody is a copy of the article for machines (schema.org markup): its
        # text is evidence for the visible blocks, like JSON-LD's, and the copy itself goes.
        copy = Verdict(pruner.hidden[0], "hidden copy of the article", False, True)
        for text, holder in _hidden_article_bodies(tree):
            ld_body = ld_body or text
            marked[holder.mem_id] = copy
    hint_ids = {node.mem_id for node in tree.css(HINTS)}
    main_ids = {node.mem_id for node in tree.css(main_selector)} if main_selector else set()
    page = Page([], ld_body=ld_body)
    return _walk(body, pruner, marked, hint_ids, main_ids, page)


def _walk(body, pruner: Pruner, marked, hint_ids, main_ids, page: Page) -> Page:
    # lexbor yields the nodes in document order (preorder); a node's place in the tree comes
    # from its parent's index, so no stack of open elements is kept in Python.
    blocks, parent = page.blocks, page.parent
    index_of: dict[int, int] = {}  # node id → element index, or GONE
    tags: list[str] = []  # element index → its tag
    owner: list[int] = []  # element index → the block-level element its text belongs to
    in_link: list[bool] = []  # element index → inside an <a>
    pieces: list[str] = []  # text of the block being built…
    current = 0  # …and the block-level element it belongs to
    link_chars = 0
    after_br = False

    def flush():
        nonlocal link_chars
        text = " ".join("".join(pieces).split())  # pieces hold text: it is never empty
        blocks.append(Block(text, tags[current], current, min(link_chars, len(text))))
        pieces.clear()
        link_chars = 0

    nodes = body.traverse(include_text=True)
    next(nodes)  # the body: the root (index 0), never judged, for it holds the whole page
    index_of[body.mem_id] = 0
    parent.append(-1)
    tags.append("body")
    owner.append(0)
    in_link.append(False)
    for node in nodes:
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if not text:
                continue
            if text.isspace():
                if pieces:  # a block never starts with a space (and is stripped at the end)
                    pieces.append(" ")
                continue
            at = index_of.get(node.parent.mem_id, GONE)
            if at == GONE:
                continue
            if owner[at] != current:
                if pieces:
                    flush()
                current = owner[at]
            pieces.append(text)
            if in_link[at]:
                link_chars += len(text.strip())
            after_br = False
            continue
        if tag == "-comment":
            continue
        mem = node.mem_id
        up = index_of.get(node.parent.mem_id, GONE)
        if up == GONE or tag in SKIPPED:
            index_of[mem] = GONE
            continue
        if tag == "br":
            if after_br:
                if pieces:
                    flush()
            elif pieces:
                pieces.append(" ")
            after_br = not after_br
            continue
        verdict = marked.get(mem) if marked else None
        if verdict is None:
            verdict = pruner.judge(node, tag)
        if verdict is not None and not verdict.guarded:
            if pieces:
                flush()
            index_of[mem] = GONE
            text = fold(node.text(deep=True, separator=" "))
            if text:
                blocks.append(Block(text, tag, owner[up], removed=verdict))
            continue
        index = len(parent)
        index_of[mem] = index
        parent.append(up)
        tags.append(tag)
        in_link.append(tag == "a" or in_link[up])
        if mem in hint_ids:
            page.hints.append(index)
        if mem in main_ids:
            page.main.append(index)
        block = tag in BLOCK_TAGS
        if verdict is not None:  # marked: its fate is decided once blocks are classified
            page.marked.append((index, verdict))
            block = True  # its text forms blocks of its own
        if block:
            if pieces:
                flush()
            owner.append(index)
            current = index
            after_br = False
        else:
            owner.append(owner[up])
    if pieces:
        flush()
    page.end = _extents(parent)
    return page


def _extents(parent: list[int]) -> list[int]:
    """Element index → its last descendant's (elements are in preorder: children after their
    parents)."""
    end = list(range(len(parent)))
    for e in range(len(parent) - 1, 0, -1):
        up = parent[e]
        if up >= 0 and end[e] > end[up]:
            end[up] = end[e]
    return end


def _hidden_article_bodies(tree) -> Iterator[tuple[str, object]]:
    """For each itemprop="articleBody" element hidden from readers: its text (folded) and
    the hidden element that holds it."""
    for node in tree.css("[itemprop=articleBody]")[:MAX_ARTICLE_BODIES]:
        holder = node
        while holder is not None and holder.tag != "body":
            if hidden_from_readers(holder.attributes):
                yield fold(node.text(deep=True, separator=" ")), holder
                break
            holder = holder.parent


def _ld_article_body(tree) -> str:
    """The articleBody of the page's JSON-LD, if it gives one (folded), else ""."""
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text(deep=True)
        if "articleBody" not in raw:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        todo = [data]
        while todo:  # iterate, don't recurse: any nesting is fine
            item = todo.pop()
            if isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str) and body.strip():
                    return fold(body)
                todo.extend(item.values())
            elif isinstance(item, list):
                todo.extend(item)
    return ""
