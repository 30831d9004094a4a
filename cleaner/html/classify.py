"""Paragraph rules: jusText's verdict on each block, and where the article's text lies.

Both run on the blocks the DOM walk kept (cleaner.html.dom), before the text rules:

- `justext-boilerplate` (HTM010) is jusText's algorithm (Pomikálek 2011): a context-free
  class from length, link density and stop-word density (stop words of the page's language),
  then a context-sensitive revision of short and near-good blocks by their neighbours. It is
  written here in time linear in the number of blocks (jusText's own revision can take
  quadratic time on pages of many short blocks).
- `outside-main-content` (HTM011): the element that holds most of the good text is the
  article; blocks outside it go. <article>, <main>, itemprop="articleBody" and the JSON-LD
  articleBody are evidence for it, never trusted blindly: a hint wins only when it holds
  enough of the good text.

In the `scored` mode, `scored-blocks` (HTM013, cleaner.html.scoring) runs in their place and
reads what both work out here as features.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from cleaner.document import Found
from cleaner.html.dom import Block, Page
from cleaner.html.prune import HINT_SPARE_SHARE, SPARE_SHARE

GOOD, BAD, SHORT, NEARGOOD = "good", "bad", "short", "neargood"
LD_PREFIX = 60  # characters of a block looked up in the JSON-LD articleBody
LEAD_GAP = 2  # blocks that may separate a lead paragraph from the article's element
UNSPACED_CHARS_PER_WORD = 20  # longer "words" on average: a script written without spaces


LINKS, COPYRIGHT, SHORT_LINK = "link text", "copyright sign", "short, with link text"
LANGUAGE_FREE = frozenset((LINKS, COPYRIGHT, SHORT_LINK))  # reasons that need no stop words

# Thresholds of the two rules (rules/generic/html.yaml may override them).
JUSTEXT = {
    "length_low": 70,
    "length_high": 200,
    "stopwords_low": 0.30,
    "stopwords_high": 0.32,
    "max_link_density": 0.2,
    "max_heading_distance": 200,
}
INSIDE = {"max_link_density_inside": 0.5}
MAIN = {"min_share": 0.8, "hint_share": 0.5}
SCORED = {"score_threshold": 0.5}


@dataclass
class View:
    """What the paragraph rules look at: the kept blocks, the page, the stop words, and the
    thresholds of every paragraph rule in force. Classes and the main element are worked out
    once, on first use, so that each rule can use the other's findings."""

    page: Page
    blocks: list[Block]
    stoplist: frozenset[str]
    settings: dict = field(default_factory=lambda: {**JUSTEXT, **INSIDE, **MAIN, **SCORED})
    language: str | None = None  # jusText's name of the page's language
    _classes: tuple[list[str], list[str], list[str]] | None = None
    _main: tuple[int | None] | None = None
    _region: tuple[list[bool] | None] | None = None

    def classes(self) -> tuple[list[str], list[str], list[str]]:
        """jusText's context-free classes, final classes, and the reason for each bad one."""
        if self._classes is None:
            justext = {key: self.settings[key] for key in JUSTEXT}
            self._classes = classify(self.blocks, self.stoplist, **justext)
        return self._classes

    def main(self) -> int | None:
        if self._main is None:
            self._main = (
                main_element(self, self.settings["min_share"], self.settings["hint_share"]),
            )
        return self._main[0]

    def region(self) -> list[bool] | None:
        if self._region is None:
            self._region = (article_region(self),)
        return self._region[0]

    def in_ld_body(self, i: int) -> bool:
        body = self.page.ld_body
        text = self.blocks[i].text
        return bool(body) and len(text) >= 20 and text[:LD_PREFIX] in body


def stop_words(block: Block, stoplist: frozenset[str]) -> tuple[int, int]:
    """The block's words and how many of them are in `stoplist` (the page's, always the same
    for one block), counted once."""
    if block.counts is None:
        words = len(block.text.split())
        stops = sum(map(stoplist.__contains__, block.text.lower().split())) if stoplist else 0
        block.counts = (words, stops)
    return block.counts


def _context_free(
    block: Block,
    stoplist: frozenset[str],
    length_low: int,
    length_high: int,
    stopwords_low: float,
    stopwords_high: float,
    max_link_density: float,
) -> tuple[str, str]:
    text = block.text
    length = len(text)
    if block.link_density > max_link_density:
        return BAD, LINKS
    if "\xa9" in text:
        return BAD, COPYRIGHT
    if length < length_low:
        return (BAD, SHORT_LINK) if block.link_chars else (SHORT, "")
    words, stops = stop_words(block, stoplist)
    if stoplist and words * UNSPACED_CHARS_PER_WORD >= length:
        density = stops / words
    else:  # no stop words to count (or a script written without spaces)
        density = stopwords_high
    if density >= stopwords_high:
        return (GOOD, "") if length > length_high else (NEARGOOD, "")
    if density >= stopwords_low:
        return NEARGOOD, ""
    return BAD, f"stop-word density {density:.2f}"


def _nearest(classes: Sequence[str], wanted: frozenset[str], step: int) -> list[str]:
    """For each block, the class of the nearest block before (step 1) or after (step -1) it
    whose class is in `wanted`; "bad" past the page's edge."""
    found = [BAD] * len(classes)
    last = BAD
    order = range(len(classes)) if step == 1 else range(len(classes) - 1, -1, -1)
    for i in order:
        found[i] = last
        if classes[i] in wanted:
            last = classes[i]
    return found


def _good_within(classes: Sequence[str], blocks: Sequence[Block], distance: int) -> list[bool]:
    """For each block: a good block follows within `distance` characters of text."""
    result = [False] * len(classes)
    next_good, chars_between = None, 0  # scanning backwards
    for i in range(len(classes) - 1, -1, -1):
        result[i] = next_good is not None and chars_between <= distance
        if classes[i] == GOOD:
            next_good, chars_between = i, 0
        else:
            chars_between += len(blocks[i].text)
    return result


def classify(
    blocks: Sequence[Block],
    stoplist: frozenset[str],
    *,
    length_low: int = 70,
    length_high: int = 200,
    stopwords_low: float = 0.30,
    stopwords_high: float = 0.32,
    max_link_density: float = 0.2,
    max_heading_distance: int = 200,
) -> tuple[list[str], list[str]]:
    """jusText's context-free classes, its final classes (good or bad) and, for bad ones,
    why."""
    if not stoplist:  # no stop words to count: judge by length and links only
        stopwords_low = stopwords_high = 0.0
    first = [
        _context_free(
            b, stoplist, length_low, length_high, stopwords_low, stopwords_high, max_link_density
        )
        for b in blocks
    ]
    cf = [c for c, _ in first]
    reasons = [r for _, r in first]
    classes = list(cf)
    # Short headings just before good text are near-good.
    near = _good_within(classes, blocks, max_heading_distance)
    for i, block in enumerate(blocks):
        if block.heading and classes[i] == SHORT and near[i]:
            classes[i] = NEARGOOD
    # Short blocks take their class from their neighbours.
    gb = frozenset((GOOD, BAD))
    prev_gb, next_gb = _nearest(classes, gb, 1), _nearest(classes, gb, -1)
    prev_any = _nearest(classes, gb | {NEARGOOD}, 1)
    next_any = _nearest(classes, gb | {NEARGOOD}, -1)
    revised = list(classes)
    for i, c in enumerate(classes):
        if c != SHORT:
            continue
        if prev_gb[i] == next_gb[i]:
            revised[i] = prev_gb[i]
        elif (prev_gb[i] == BAD and prev_any[i] == NEARGOOD) or (
            next_gb[i] == BAD and next_any[i] == NEARGOOD
        ):
            revised[i] = GOOD
        else:
            revised[i] = BAD
        if revised[i] == BAD:
            reasons[i] = "short, among boilerplate"
    classes = revised
    # Near-good blocks are good unless boilerplate lies on both sides.
    prev_gb, next_gb = _nearest(classes, gb, 1), _nearest(classes, gb, -1)
    for i, c in enumerate(classes):
        if c == NEARGOOD:
            both_bad = prev_gb[i] == BAD and next_gb[i] == BAD
            classes[i] = BAD if both_bad else GOOD
            if both_bad:
                reasons[i] = "between boilerplate"
    # Headings just before good text are good after all.
    near = _good_within(classes, blocks, max_heading_distance)
    for i, block in enumerate(blocks):
        if block.heading and classes[i] == BAD and cf[i] != BAD and near[i]:
            classes[i] = GOOD
    return cf, classes, reasons


def justext_boilerplate(view: View) -> Found:
    """Inside the article's element, copyright lines and blocks mostly of link text (more
    than `max_link_density_inside`); elsewhere, what jusText finds bad, in context."""
    cf, classes, reasons = view.classes()
    region = view.region()
    for i, block in enumerate(view.blocks):
        if region is not None and region[i]:
            links = block.link_density > view.settings["max_link_density_inside"]
            bad = reasons[i] == COPYRIGHT or (cf[i] == BAD and links)
        else:
            bad = classes[i] == BAD
        if bad and not view.in_ld_body(i):
            yield i, reasons[i]


def _weights(page: Page, blocks: Sequence[Block], counted: Sequence[bool]) -> list[int]:
    """Characters of the counted blocks inside each element (its descendants' included)."""
    weight = [0] * len(page.parent)
    for block, count in zip(blocks, counted, strict=True):
        if count:
            weight[block.element] += len(block.text)
    for e in range(len(weight) - 1, 0, -1):  # children come after their parents
        if page.parent[e] >= 0:
            weight[page.parent[e]] += weight[e]
    return weight


def settle_marked(page: Page, stoplist: frozenset[str], settings: dict) -> None:
    """Elements the element rules marked go (their blocks get the rule's verdict) unless
    they hold `SPARE_SHARE` of the text that reads as article text."""
    if not page.marked:
        return
    live = [b for b in page.blocks if b.removed is None]
    justext = {key: settings[key] for key in JUSTEXT if key != "max_heading_distance"}
    counted = [
        _context_free(b, stoplist, **justext)[0] in (GOOD, NEARGOOD)
        or (len(b.text) >= 20 and b.text[:LD_PREFIX] in page.ld_body)
        for b in live
    ]
    weight = _weights(page, live, counted)
    total = weight[0] if weight else 0
    hints = page.hints
    starts, extents = [], []
    for index, verdict in page.marked:  # in preorder: an outer element comes first
        if extents and index <= extents[-1][0]:
            continue  # inside an element that goes
        share = weight[index] / total if total else 0.0
        if share >= SPARE_SHARE:
            continue
        at = bisect_left(hints, index)  # hints are in preorder too
        holds_hint = at < len(hints) and hints[at] <= page.end[index]
        if share >= HINT_SPARE_SHARE and holds_hint and not verdict.hidden:
            continue  # it is or holds the <article>, <main>, articleBody
        starts.append(index)
        extents.append((page.end[index], verdict))
    for block in live:
        at = bisect_right(starts, block.element) - 1
        if at >= 0 and block.element <= extents[at][0]:
            block.removed = extents[at][1]


def main_element(view: View, min_share: float, hint_share: float) -> int | None:
    """The deepest element holding `min_share` of the text that reads as article text, or a
    deeper hint (article, main, articleBody, the site's main selector) holding `hint_share`
    of it."""
    page = view.page
    cf, classes, reasons = view.classes()
    if not page.parent:
        return None
    counted = [
        classes[i] == GOOD or cf[i] in (GOOD, NEARGOOD) or view.in_ld_body(i)
        for i in range(len(view.blocks))
    ]
    weight = _weights(page, view.blocks, counted)
    total = weight[0]
    if not total:  # nothing reads as prose (results tables, unknown language): count text
        counted = [cf[i] != BAD or reasons[i] not in LANGUAGE_FREE for i in range(len(view.blocks))]
        weight = _weights(page, view.blocks, counted)
        total = weight[0]
    if not total:
        return None
    if page.main:  # the site's own selector
        return max(page.main, key=lambda e: weight[e])
    chosen = max(e for e, w in enumerate(weight) if w >= min_share * total)
    for hint in page.hints:
        if weight[hint] >= hint_share * total and page.contains(chosen, hint) and hint > chosen:
            chosen = hint
    return chosen


def article_region(view: View) -> list[bool] | None:
    """For each block: inside the article's element, or good or near-good (jusText's verdict)
    and running on from it (a lead paragraph above the body's element, perhaps after a byline
    or a date, but not the headline; a note below it), or found in the JSON-LD articleBody.
    None when the page has no article element."""
    main = view.main()
    if main is None:
        return None
    inside = [view.page.contains(main, block.element) for block in view.blocks]
    if not any(inside):
        return None
    if view.page.main:  # the site's own selector: no more (but the JSON-LD body)
        return [inside[i] or view.in_ld_body(i) for i in range(len(inside))]
    cf, classes, _ = view.classes()
    near = [c == GOOD or f in (GOOD, NEARGOOD) for f, c in zip(cf, classes, strict=True)]
    region = [inside[i] or view.in_ld_body(i) for i in range(len(inside))]
    first, last = inside.index(True), len(inside) - 1 - inside[::-1].index(True)
    # Above the article's element: good blocks running on from it (a lead, a standfirst),
    # across up to LEAD_GAP blocks between them (a byline, a date, a share bar).
    gap, crossed = 0, False
    for i in range(first - 1, -1, -1):
        if near[i] and not (crossed and view.blocks[i].heading):  # not the headline
            region[i], gap = True, 0
        elif gap == LEAD_GAP:
            break
        else:
            gap, crossed = gap + 1, True
    # Below it: good blocks that follow on directly (a note, a correction).
    while last < len(inside) - 1 and near[last + 1]:
        last += 1
        region[last] = True
    return region


def outside_main_content(view: View) -> Found:
    region = view.region()
    for i in range(len(region or ())):
        if not region[i]:
            yield i, "outside the article's element"


def scored_blocks(view: View) -> Found:
    """The block scorer (cleaner.html.scoring), loaded with numpy and its model on first use."""
    from cleaner.html.scoring import scored_blocks as scored

    return scored(view)


# name → (function, its thresholds with their defaults)
PARAGRAPH_RULES = {
    "justext-boilerplate": (justext_boilerplate, {**JUSTEXT, **INSIDE}),
    "outside-main-content": (outside_main_content, MAIN),
    "scored-blocks": (scored_blocks, SCORED),
}
