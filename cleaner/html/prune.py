"""Element rules: which DOM elements hold no article text, and which rule says so.

An element rule (kind `element` in a rule file) names elements by tag, by ARIA role, by
tokens of their class and id ("site-nav" → site, nav), by CSS selector, or as hidden from
readers. A removed element leaves with all its text, and the text keeps the rule's hit.

Tokens are evidence, not proof: a container whose class says "sidebar" but that holds the
page's <article>, <main> or articleBody, or most of the page's text, is not removed by its
tokens (its tag, role or a selector still count).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cleaner.document import Hit

_TOKEN = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s+")
HINTS = "article, main, [role=main], [itemprop=articleBody]"  # structured main-content hints
MAX_TOKEN_SHARE = 0.5  # tokens never remove an element holding this share of the page's text


@dataclass(frozen=True)
class ElementMatch:
    """What an element rule recognises (its data from the rule file)."""

    tags: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    tokens: frozenset[str] = frozenset()
    selectors: tuple[str, ...] = ()
    hidden: bool = False


def _hidden(attrs: dict) -> bool:
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style:
        style = _SPACES.sub("", style.lower())
        return "display:none" in style or "visibility:hidden" in style
    return False


class Pruner:
    """The element rules in force, arranged for one lookup per element."""

    def __init__(self, rules: Iterable[tuple[Hit, ElementMatch]]):
        self.by_tag: dict[str, Hit] = {}
        self.by_role: dict[str, Hit] = {}
        self.by_token: dict[str, Hit] = {}
        self.selectors: list[tuple[Hit, str]] = []
        self.hidden: Hit | None = None
        for hit, match in rules:
            for tag in match.tags:
                self.by_tag.setdefault(tag, hit)
            for role in match.roles:
                self.by_role.setdefault(role, hit)
            for token in match.tokens:
                self.by_token.setdefault(token, hit)
            self.selectors.extend((hit, selector) for selector in match.selectors)
            if match.hidden and self.hidden is None:
                self.hidden = hit

    def marked(self, tree) -> dict[int, Hit]:
        """Elements the CSS selectors pick, by node id (matched in C, once per page)."""
        found: dict[int, Hit] = {}
        for hit, selector in self.selectors:
            for node in tree.css(selector):
                found.setdefault(node.mem_id, hit)
        return found

    def judge(self, node, tag: str, page_chars: int) -> tuple[Hit, str] | None:
        """The hit that removes this element, with a detail; None: it stays."""
        hit = self.by_tag.get(tag)
        if hit is not None:
            return hit, f"<{tag}>"
        attrs = node.attributes
        if not attrs:
            return None
        if self.hidden is not None and _hidden(attrs):
            return self.hidden, "hidden"
        role = attrs.get("role")
        if role and role in self.by_role:
            return self.by_role[role], f"role={role}"
        names = " ".join(v for k in ("class", "id") if (v := attrs.get(k))).lower()
        if not names:
            return None
        for token in _TOKEN.findall(names):
            hit = self.by_token.get(token)
            if hit is not None:
                if _holds_main_text(node, page_chars):
                    return None
                return hit, f"class/id token {token!r}"
        return None


def _holds_main_text(node, page_chars: int) -> bool:
    attrs = node.attributes
    if node.tag in ("article", "main") or attrs.get("itemprop") == "articleBody":
        return True
    if node.css_first(HINTS) is not None:
        return True
    return len(node.text(deep=True)) >= MAX_TOKEN_SHARE * page_chars
