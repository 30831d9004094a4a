"""Bytes → text for HTML: byte-order mark, then the page's own declaration, then detection.

A wrong declaration never raises: bytes that don't decode in the declared encoding go on to
detection, and a page whose bytes are valid UTF-8 with non-ASCII characters is read as the
UTF-8 it is, whatever it declares (ISO-8859-1, windows-1252, but also Shift_JIS, GBK, EUC-KR…:
the commonest mislabelling on the web; valid UTF-8 is very unlikely to be anything else). So is
a page that is UTF-8 but for a few stray bytes (cleaner.utf8), each of them U+FFFD.
"""

from __future__ import annotations

import codecs
import re

from cleaner.utf8 import BOMS, mostly_utf8

# Byte-order marks, longest first (UTF-32-LE's begins with UTF-16-LE's).
PRESCAN_BYTES = 4096  # where a declaration must be, as browsers look for it
DETECT_BYTES = 65_536  # bytes given to charset detection
# <meta charset="…"> and <meta http-equiv="Content-Type" content="text/html; charset=…">
_DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([a-zA-Z0-9._:-]{1,40})", re.I)
# What browsers read these labels as (WHATWG Encoding Standard).
_BROWSER_NAMES = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-16": "utf-8",
}
_LOOKS_HTML = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|div"
    rb"|p|section|article|main|header|table|span|h[1-6]|ul|a)[\s>/]"
    rb"|<(?:html|head|body)[\s>]|<!doctype\s+html",
    re.I | re.S,
)


def looks_like_html(data: bytes) -> bool:
    """Whether bytes read as an HTML document: a doctype, or a document that starts with a
    common tag, or an <html> / <head> / <body> tag in its first bytes."""
    head = data[:PRESCAN_BYTES]
    for bom, encoding in BOMS:
        if head.startswith(bom):
            if encoding.startswith("utf-8"):
                head = head[len(bom) :]
            else:  # a UTF-16/32 page: look at its ASCII characters
                head = head[len(bom) :].decode(encoding, "ignore").encode("ascii", "ignore")
            break
    return _LOOKS_HTML.search(head) is not None


def declared_encoding(data: bytes) -> str | None:
    """The Python codec the page declares in a <meta> in its first bytes, or None."""
    found = _DECLARED.search(data[:PRESCAN_BYTES])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None
    return _BROWSER_NAMES.get(name, name)


def decode_html(data: bytes | str) -> str:
    """The page's text: by byte-order mark, then its <meta> declaration, then detection
    (charset-normalizer). Never raises: undecodable bytes become U+FFFD at worst."""
    if isinstance(data, str):
        return data
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")
    ascii = data.isascii()
    if not ascii:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            mostly = mostly_utf8(data)
            if mostly is not None:
                return mostly[0]
    declared = declared_encoding(data)
    if declared:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass  # a wrong declaration: tell the encoding from the bytes
    if ascii:
        return data.decode("ascii")
    return data.decode(_detect(data), "replace")


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:DETECT_BYTES]).best()
    return best.encoding if best is not None else "utf-8"
