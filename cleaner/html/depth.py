"""Nesting capped before parsing, so that a page's parse time grows linearly with its size.

An HTML parser checks the stack of open elements at each tag, so a page nested n levels deep
costs about n² steps: 180,000 nested <div>s (2 MB) took lexbor three minutes. Browsers cap
the tree's depth for the same reason (Chromium at 512). Here, the start and end tags of
elements that would sit deeper than MAX_DEPTH are taken out of the markup; their text stays,
in the element at the limit. Pages that are not that deep are not touched, and are told
cheaply: pages of fewer than SCAN_ABOVE tags (most pages; at worst 7 ms to parse) are not
looked at, others by one regex pass in C and a running sum.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import accumulate

MAX_DEPTH = 512
SCAN_ABOVE = 2048  # tags

# Elements that never hold others open: void elements, and those whose next sibling closes
# them (an unclosed <p> or <li> doesn't make the page deeper).
FLAT = frozenset(
    ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param")
    + ("source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td")
    + ("th", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rp")
)
RAW = frozenset(["script", "style", "textarea", "title", "xmp", "noscript", "template"])
RAW_END = {name: re.compile(f"</{name}", re.IGNORECASE) for name in RAW}
# The slash of each tag that may nest ("" for a start tag, "/" for an end tag).
_FLAT_NAMES = "|".join(sorted(FLAT, key=len, reverse=True))
NESTING = re.compile(rf"<(/?)(?!(?:{_FLAT_NAMES})[\s/>])[A-Za-z]", re.IGNORECASE)
STEP = {"": 1, "/": -1}
# A tag: its name, then (after a space or a slash) anything up to ">". Name and rest can't
# overlap, and no search runs past the page's last ">" (see _flatten): linear time on
# "<a<a<a…", where a tag that never closes was tried again from each "<" (113 s for 8 KB).
TAG = re.compile(r"<!--|<(/?)([A-Za-z][^\s/>]*)(?:[\s/][^>]*)?>")


def cap_depth(html: str) -> str:
    """`html` with the tags of elements deeper than MAX_DEPTH taken out (text kept)."""
    if html.count("<") <= SCAN_ABOVE or _naive_depth(html) <= MAX_DEPTH:
        return html
    return _flatten(html)


def _naive_depth(html: str) -> int:
    """Start tags minus end tags at their highest: never below the depth _flatten counts."""
    return max(accumulate(map(STEP.__getitem__, NESTING.findall(html)), initial=0))


def _flatten(html: str) -> str:
    pieces: list[str] = []
    open_: list[str] = []  # names of the open elements, innermost last, at most MAX_DEPTH
    counts: Counter[str] = Counter()
    dropped: Counter[str] = Counter()  # start tags taken out and not yet closed, by name
    done = pos = 0
    stop = html.rfind(">") + 1  # past it no tag can end (a comment start would end the walk)
    while (found := TAG.search(html, pos, stop)) is not None:
        pos = found.end()
        if found.group(0) == "<!--":
            end = html.find("-->", pos)
            pos = len(html) if end < 0 else end + 3
            continue
        name = found.group(2).lower()
        if name in FLAT or found.group(0).endswith("/>"):
            continue
        if found.group(1):  # an end tag: it closes the innermost open element of its name
            if dropped[name]:
                dropped[name] -= 1
                pieces.append(html[done : found.start()])
                done = pos
            elif counts[name]:
                while open_:
                    inner = open_.pop()
                    counts[inner] -= 1
                    if inner == name:
                        break
        elif len(open_) >= MAX_DEPTH:
            dropped[name] += 1
            pieces.append(html[done : found.start()])
            done = pos
        else:
            open_.append(name)
            counts[name] += 1
        if name in RAW and not found.group(1):  # its text is not markup
            end = RAW_END[name].search(html, pos)
            pos = len(html) if end is None else end.start()
    pieces.append(html[done:])
    return "".join(pieces)
