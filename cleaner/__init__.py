"""cleaner: strip boilerplate from scraped web pages, keep every sentence of the article.

    >>> from cleaner import clean
    >>> clean(page_text)                       # cleaned text
    >>> analyse(page_text).removed[0].hits     # what went, and which rule removed it

HTML pages (str, or bytes in any encoding) go through `analyse_html` / `clean_html`, which
use the DOM first (see cleaner.html). `Cleaner` builds the rules once (extra rule
directories, select / ignore) for many documents.
"""

from __future__ import annotations

from functools import lru_cache

from cleaner.document import Hit, Segment
from cleaner.engine import Cleaner, Result
from cleaner.loader import RuleError

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
