"""Telling UTF-8 with a few bad bytes from text in another encoding.

UTF-8 is so structured that bytes from a legacy encoding almost never form a valid multi-byte
sequence by chance: in cp1252, Latin-1 or Shift-JIS text nearly every non-ASCII byte is an
error when read as UTF-8. So bytes whose valid multi-byte characters outnumber their invalid
places at least two to one are UTF-8 with a few stray bytes (a cp1252 "é" pasted into a UTF-8
page), not a legacy encoding: they are read as UTF-8, each invalid place as U+FFFD. Read by
detection, such a file would come out with every "’" as "‚Äô" (mac_roman, iso-8859-10…).
"""

from __future__ import annotations

import codecs
import threading

# The byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Deleted from bytes, these leave the bytes that can start a multi-byte character (0xC0-0xFF):
# every valid one starts with one, and an invalid place holds at most one, at its start.
_BELOW_LEADS = bytes(range(0xC0))
_HANDLER = "cleaner.utf8-invalid"
_seen = threading.local()


class _TooMany(Exception):
    """More invalid places than the text can be UTF-8 with: stop counting."""


def _note(error: UnicodeDecodeError) -> tuple[str, int]:
    places = _seen.places
    places.append(error.start)
    if len(places) > _seen.limit:
        raise _TooMany
    return "\ufffd", error.end


codecs.register_error(_HANDLER, _note)


def mostly_utf8(data: bytes) -> tuple[str, tuple[int, ...]] | None:
    """The text of bytes that are UTF-8 but for a few invalid places, and the byte offsets of
    those places; None for bytes that are not mostly UTF-8. Bytes in a legacy encoding are
    told at C speed (their invalid places are too many); only the others are looked at
    place by place."""
    leads = len(data.translate(None, _BELOW_LEADS))
    text = data.decode("utf-8", "replace")  # one U+FFFD for each invalid place
    if text.count("\ufffd") - data.count("\ufffd".encode()) > leads // 2:  # valid ≤ leads
        return None
    _seen.places, _seen.limit = [], leads // 2
    try:
        data.decode("utf-8", _HANDLER)
    except _TooMany:
        return None
    finally:
        places, _seen.places = tuple(_seen.places), []
    valid = leads - sum(data[place] >= 0xC0 for place in places)
    if valid < 2 * len(places):
        return None
    return text, places
