"""HTML input: decoding, element pruning, jusText blocks; then the same text rules.

    >>> from cleaner.html import looks_like_html, decode_html
    >>> from cleaner import clean_html
    >>> clean_html(page_bytes, url="https://example.com/a")

`Cleaner.analyse_html` / `Cleaner.clean_html` run the pipeline (cleaner.html.pipeline).
"""

from __future__ import annotations

from cleaner.html.decode import decode_html, looks_like_html

__all__ = ["decode_html", "looks_like_html"]
