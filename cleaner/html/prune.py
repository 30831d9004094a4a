"""Element rules: which DOM elements hold no article text, and which rule says so.

An element rule (kind `element` in a rule file) names elements by tag, by ARIA role, by
tokens of their class and id ("site-nav" → site, nav), by CSS selector, or as hidden from
readers. A removed element leaves with all its text, and the text keeps the rule's hit.

Tags, roles and tokens are evidence, not proof: an element they name is only *marked*
(`guarded`); it goes once the page's blocks are classified, unless it holds the article: at
least `SPARE_SHARE` of the text that reads as article text (a layout wrapper called
"content-with-sidebar", a <form> around a whole ASP.NET page), or `HINT_SPARE_SHARE` of it
when it is or holds an <article>, <main> or articleBody element (WordPress writes a post's
categories into its class: <article class="category-no-newsletter">, next to comments that
may hold more prose than the post). Not when it is hidden: a hidden articleBody is a copy
for machines (schema.org markup), not where readers find the article. Elements that never
show text (scripts, styles) and a site's own selectors go at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.document import Hit

_TOKEN = re.compile(r"[a-z0-9]+")
HINTS = "article, main, [role=main], [itemprop=articleBody]"  # structured main-content hints
NAMES_CACHE = 50_000  # class/id strings whose verdict is remembered
SPARE_SHARE = 0.5  # a marked element holding this share of the article-like text stays
HINT_SPARE_SHARE = 0.4  # …or this share, when it is or holds an <article>, <main>, articleBody


@dataclass(frozen=True)
class ElementMatch:
    """What an element rule recognises (its data from the rule file)."""

    tags: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()
    selectors: tuple[str, ...] = ()
    hidden: bool = False
    guarded: bool = True  # spared when it holds the article (see the module's doc)


@dataclass(frozen=True)
class Verdict:
    hit: Hit
    detail: str
    guarded: bool
    hidden: bool = False  # hidden from readers: an <article> inside is metadata, not evidence


def hidden_from_readers(attrs: dict) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style and ("none" in style or "hidden" in style):
        style = "".join(style.lower().split())
        return "display:none" in style or "visibility:hidden" in style
    return False


class Pruner:
    """The element rules in force, arranged for one lookup per element."""

    def __init__(self, rules: Iterable[tuple[Hit, ElementMatch]]):
        self.by_tag: dict[str, Verdict] = {}
        self.by_role: dict[str, tuple[Hit, bool]] = {}
        self.by_token: dict[str, tuple[Hit, bool]] = {}
        self.selectors: list[tuple[Hit, bool, str]] = []
        self.hidden: tuple[Hit, bool] | None = None
        for hit, match in rules:
            entry = (hit, match.guarded)
            for tag in match.tags:
                self.by_tag.setdefault(tag, Verdict(hit, f"<{tag}>", match.guarded))
            for role in match.roles:
                self.by_role.setdefault(role, entry)
            for token in match.tokens:
                self.by_token.setdefault(token, entry)
            self.selectors.extend((hit, match.guarded, s) for s in match.selectors)
            if match.hidden and self.hidden is None:
                self.hidden = entry
        self._by_names: dict[str, Verdict | None] = {}  # class + id → verdict (pages repeat them)

    def marked(self, tree) -> dict[int, Verdict]:
        """Elements the CSS selectors pick, by node id (matched in C, once per page)."""
        found: dict[int, Verdict] = {}
        for hit, guarded, selector in self.selectors:
            for node in tree.css(selector):
                found.setdefault(node.mem_id, Verdict(hit, f"selector {selector}", guarded))
        return found

    def judge(self, node, tag: str) -> Verdict | None:
        """The rule that names this element, with a detail; None: no rule does."""
        verdict = self.by_tag.get(tag)
        if verdict is not None:
            return verdict
        attrs = node.attributes
        if not attrs:
            return None
        if (
            self.hidden is not None
            and ("hidden" in attrs or "aria-hidden" in attrs or "style" in attrs)
            and hidden_from_readers(attrs)
        ):
            return Verdict(self.hidden[0], "hidden", self.hidden[1], hidden=True)
        role = attrs.get("role")
        if role and role in self.by_role:
            hit, guarded = self.by_role[role]
            return Verdict(hit, f"role={role}", guarded)
        names = attrs.get("class") or ""
        if "id" in attrs:
            names = f"{names} {attrs['id']}"
        if not names:
            return None
        try:
            return self._by_names[names]
        except KeyError:
            if len(self._by_names) > NAMES_CACHE:
                self._by_names.clear()
            verdict = self._by_names[names] = self._tokens(names)
            return verdict

    def _tokens(self, names: str) -> Verdict | None:
        for token in _TOKEN.findall(names.lower()):
            entry = self.by_token.get(token)
            if entry is not None:
                return Verdict(entry[0], f"class/id token {token!r}", entry[1])
        return None
