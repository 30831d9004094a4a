"""cleaner: strip boilerplate from scraped web pages, keep every sentence of the article.

    >>> from cleaner import clean
    >>> clean(page_text)                       # cleaned text
    >>> analyse(page_text).removed[0].hits     # what went, and which rule removed it

HTML pages (str, or bytes in any encoding) go through `analyse_html` / `clean_html`, which
use the DOM first (see cleaner.html). `Cleaner` builds the rules once (extra rule
directories, select / ignore) for many documents.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleaner.document import Hit, Segment
    from cleaner.engine import Cleaner, Result
    from cleaner.loader import RuleError

# The classes above are imported when first used (PEP 562), not with the package: the
# `clean` command handles Ctrl-C before it loads them (see cleaner.__main__).
_LAZY = {
    "Cleaner": "cleaner.engine",
    "Hit": "cleaner.document",
    "Result": "cleaner.engine",
    "RuleError": "cleaner.loader",
    "Segment": "cleaner.document",
}


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


__all__ = [
    "Cleaner",
    "Hit",
    "Result",
    "RuleError",
    "Segment",
    "analyse",
    "analyse_html",
    "clean",
    "clean_html",
]
__version__ = "0.1.0"


@lru_cache(maxsize=1)
def _default() -> Cleaner:
    from cleaner.engine import Cleaner

    return Cleaner()


def analyse(text: str, *, url: str | None = None, site: str | None = None) -> Result:
    """Clean `text` and report every segment: kept, or removed with the rules that hit it."""
    return _default().analyse(text, url=url, site=site)


def clean(text: str, *, url: str | None = None, site: str | None = None) -> str:
    """The cleaned text. `url` or `site` pick site rules; otherwise the page's content does."""
    return _default().clean(text, url=url, site=site)


def analyse_html(html: str | bytes, *, url: str | None = None, site: str | None = None) -> Result:
    """Clean an HTML page and report every block: kept, or removed with the rules that hit it."""
    return _default().analyse_html(html, url=url, site=site)


def clean_html(html: str | bytes, *, url: str | None = None, site: str | None = None) -> str:
    """The cleaned text of an HTML page, in the same format as `clean`'s."""
    return _default().clean_html(html, url=url, site=site)
