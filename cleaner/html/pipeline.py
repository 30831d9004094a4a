"""HTML → a Document the text rules can judge: elements pruned, blocks made and classified.

    html ─ decode ─ parse ─ prune elements & make blocks ─ paragraph rules ─ segments

Each block of the page is one line of the document (`Segment.line` is the block's 1-based
position among the page's blocks, counting the elements removed whole, which are one block
each). Blocks that survive the element rules are segmented like text lines, so the text rules
(teaser markers, duplicated captions, context) run on them just as on plain text; removed
elements come back as removed segments once the text rules are done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner import _core, language
from cleaner.document import Document, Hit, Segment
from cleaner.html.classify import INSIDE, JUSTEXT, MAIN, SCORED, View, settle_marked
from cleaner.html.dom import Page, parse
from cleaner.html.prune import ElementMatch, Pruner

LANGUAGE_SAMPLE = 10_000  # characters of kept text the language is told from


@dataclass(frozen=True)
class Prepared:
    """A page ready for the text rules: the document of kept blocks, and what went before."""

    document: Document
    pruned: list[Segment]  # elements removed whole, in document order

    def merged(self) -> list[Segment]:
        return sorted([*self.document.segments, *self.pruned], key=lambda s: (s.line, s.start))


class HtmlRules:
    """The element and paragraph rules in force for one site, built once."""

    def __init__(self, rules: Sequence, main_selector: str | None = None):
        self.pruner = Pruner(
            (Hit(r.code, r.name), r.html) for r in rules if isinstance(r.html, ElementMatch)
        )
        self.paragraph = [
            r for r in rules if r.html is not None and not isinstance(r.html, ElementMatch)
        ]
        self.main_selector = main_selector

    def prepare(self, tree, program: _core.Program) -> Prepared:
        """`program`: the plan's, whose strip rules segment the blocks."""
        page = parse(tree, self.pruner, self.main_selector)
        return prepare_page(page, self.paragraph, program)

    def view(self, tree) -> View:
        """What the paragraph rules would judge on this page (for training the block scorer)."""
        return view_of(parse(tree, self.pruner, self.main_selector), self.paragraph)


def prepare_page(page: Page, paragraph_rules: Sequence, program: _core.Program) -> Prepared:
    view = view_of(page, paragraph_rules)
    hits: dict[int, list[Hit]] = {}
    for rule in paragraph_rules:
        for index, detail in dict(rule.html.function(view)).items():
            hits.setdefault(index, []).append(Hit(rule.code, rule.name, detail))
    # Blocks a paragraph rule took leave now, like removed elements: the text rules judge
    # the blocks that are left (their context rules see removed blocks as gaps).
    lines, judged, pruned = [], [], []
    index = 0
    for number, block in enumerate(page.blocks, start=1):
        lines.append(block.text)
        found = None
        if block.removed is not None:
            hit = block.removed.hit
            found = [Hit(hit.code, hit.name, block.removed.detail)]
        else:
            found = hits.get(index)
            index += 1
        judged.append("" if found else block.text)
        if found:
            pruned.append(Segment(block.text, number, hits=found))
    # The language is told from the kept blocks, not the removed ones.
    doc = Document(program.segment(judged), lines=lines, language=view.language)
    return Prepared(doc, pruned)


def view_of(page: Page, paragraph_rules: Sequence) -> View:
    """What the paragraph rules judge: the page's language told from its kept blocks, the
    marked elements settled, and the blocks left, with the thresholds of the rules in force."""
    sample, size = [], 0
    for block in page.blocks:
        if block.removed is not None:
            continue
        if size > LANGUAGE_SAMPLE:
            break
        sample.append(block.text)
        size += len(block.text)
    name = language.detect("\n".join(sample))
    stoplist = language.stoplist(name)
    settings = {**JUSTEXT, **INSIDE, **MAIN, **SCORED}
    for rule in paragraph_rules:
        settings.update(rule.html.params)
    settle_marked(page, stoplist, settings)
    kept = [b for b in page.blocks if b.removed is None]
    return View(page, kept, stoplist, settings, language=name)
