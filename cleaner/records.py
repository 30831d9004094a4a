"""JSON Lines records: clean one field of each record and say what was done.

A record is a JSON object. Its text field is replaced by the cleaned text, its URL field (if
there is one) picks the site rules, every other field is kept as it was, and a metadata object
is added under `meta` (default "cleaner"):

    {"language": "English", "site": "gvwire.com", "lines_removed": 12, "chars_removed": 1830,
     "codes": ["CAP001", "NAV001"]}

plus "withheld" (why the text was left unchanged, see Cleaner.max_removed) when that happens.
A text field that holds an HTML page (starting with markup, or said with `input_format`) is
cleaned as HTML, and replaced by the page's cleaned text.

A record that can't be cleaned is never dropped silently. `parse_line` and `clean_record`
raise RecordError; the caller chooses to pass the record through with an error flag
(`flagged`), skip it, or stop. A flagged record is {**record, meta: {"error": ...}}, or, when
the record can't carry its fields and the flag together, the line kept whole:
{meta: {"error": ..., "raw": line}} ("raw_base64" instead for a line that is not UTF-8);
`original_line` gives its bytes back. That is done for a line that is not a JSON object, one
with numbers JSON can't hold (NaN, Infinity, 1e400: written back they would not be JSON), one
nested too deeply for Python's JSON parser (about 1,000 levels), one that can't be written
back as it was read (a key twice in one object, of which a dict keeps the last value; a number
a double can't hold exactly, as 1e-400 or 0.10000000000000000001), and a record with a field
of its own under the metadata's name (never overwritten). A record kept whole by an earlier
pass is passed through as it is, so that a second pass keeps what the first one kept; a record
an earlier pass wrote (cleaned or flagged) that this pass can't clean (another --text-field)
raises a RecordError marked `kept`, which the caller passes through even where it would skip a
record. The metadata of an earlier
successful pass is replaced by this pass's.
"""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from decimal import Decimal

from cleaner.engine import Cleaner, Result
from cleaner.html import looks_like_html

SNIFF_CHARS = 1024  # characters of a text field looked at to tell an HTML page


class RecordError(ValueError):
    """A record that can't be cleaned: malformed JSON, no text field, text not a string.
    `kept`: an earlier pass wrote the record (cleaned or flagged), so it is passed through
    whatever the caller does with the records it can't clean (skipped, it would be lost)."""

    def __init__(self, message: str, *, kept: bool = False):
        super().__init__(message)
        self.kept = kept


@dataclass(frozen=True)
class Fields:
    """Where the record keeps its text and URL, and where the metadata goes."""

    text: str = "text"
    url: str = "url"
    meta: str = "cleaner"


def metadata(result: Result) -> dict:
    """What cleaning did to one document, in a form that fits in a JSON record."""
    kept_lines = {s.line for s in result.kept}
    removed = result.removed
    meta = {
        "language": result.language,
        "site": result.site,
        "lines_removed": len({s.line for s in removed} - kept_lines),
        "chars_removed": sum(len(s.text) for s in removed),
        "codes": sorted({hit.code for s in removed for hit in s.hits}),
    }
    if result.withheld is not None:
        meta.update(lines_removed=0, chars_removed=0, codes=[], withheld=result.withheld)
    return meta


def parse_line(line: bytes | str) -> dict:
    """One JSON Lines line as a record: a JSON object that can be written back without loss
    (no key twice in one object, every number one a double holds exactly)."""
    try:
        record = json.loads(
            line, object_pairs_hook=_object, parse_constant=_not_a_number, parse_float=_exact
        )
    except UnicodeDecodeError as error:
        raise RecordError(
            f"not UTF-8: byte 0x{error.object[error.start]:02x} at offset {error.start}"
        ) from None
    except RecordError:  # from the hooks
        raise
    except RecursionError:  # what is read can be written: json.dumps goes as deep
        raise RecordError("nested too deeply for Python's JSON parser to read") from None
    except ValueError as error:  # JSONDecodeError
        raise RecordError(f"not valid JSON: {error}") from None
    if not isinstance(record, dict):
        raise RecordError(f"a record must be a JSON object, not {type(record).__name__}")
    return record


def _not_a_number(name: str):
    raise RecordError(f"not valid JSON: {name} (JSON numbers are finite)")


def _object(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict, unless a key repeats: a dict keeps only its last value."""
    record = dict(pairs)
    if len(record) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise RecordError(
                    f"the key {key!r} twice in one object: rewritten, the record would keep "
                    "only the last value"
                )
            seen.add(key)
    return record


def _exact(text: str) -> float:
    """A JSON number with a fraction or an exponent as a float, if it is written back as the
    same number: not one too large (Infinity), too small (0.0) or too precise for a double."""
    value = float(text)
    if math.isinf(value):
        raise RecordError(f"the number {text} is too large: written back as Infinity, not JSON")
    written = repr(value)
    if written != text and Decimal(written) != Decimal(text):
        raise RecordError(f"the number {text} would be written back as {written}")
    return value


def clean_record(
    cleaner: Cleaner, record: dict, fields: Fields = Fields(), input_format: str | None = None
) -> dict:
    """The record with its text field cleaned and the metadata added. `input_format`: "text"
    or "html"; None: HTML if the field starts like an HTML document."""
    previous = record.get(fields.meta)
    if fields.meta in record and not _is_metadata(previous):
        raise RecordError(
            f"a {fields.meta!r} field of its own: kept, never overwritten; "
            "name the metadata field otherwise (--meta-field)"
        )
    kept = previous is not None  # written by an earlier pass, cleaned or flagged
    if kept and _kept_whole(previous):
        raise RecordError(f"kept whole by an earlier pass: {previous['error']}", kept=True)
    if fields.text not in record:
        raise RecordError(f"no {fields.text!r} field", kept=kept)
    text = record[fields.text]
    if not isinstance(text, str):
        raise RecordError(f"{fields.text!r} is {_json_type(text)}, not a string", kept=kept)
    url = record.get(fields.url)
    url = url if isinstance(url, str) else None
    if input_format == "html" or input_format is None and _looks_like_html(text):
        result = cleaner.analyse_html(text, url=url)
    else:
        result = cleaner.analyse(text, url=url)
    return {**record, fields.text: result.text, fields.meta: metadata(result)}


def flagged(line: bytes | str, error: str, fields: Fields = Fields()) -> dict:
    """The record of `line` passed through unchanged, with the error in its metadata; or the
    line kept whole, when the record can't carry its fields and the error together (see the
    module's documentation). A record kept whole by an earlier pass comes back as it is."""
    try:
        record = parse_line(line)
    except RecordError:
        return {fields.meta: _whole(line, error)}
    if fields.meta in record:
        previous = record[fields.meta]
        if not _is_metadata(previous):
            return {fields.meta: _whole(line, error)}
        if _kept_whole(previous):
            return record
    return {**record, fields.meta: {"error": error}}


def original_line(meta: dict) -> bytes | None:
    """The line (without its line ending) that a flagged record's metadata `meta` keeps whole,
    byte for byte; None if the record kept its fields."""
    if "raw_base64" in meta:
        return base64.b64decode(meta["raw_base64"])
    if "raw" in meta:
        return meta["raw"].encode("utf-8", "surrogatepass")
    return None


def _whole(line: bytes | str, error: str) -> dict:
    if isinstance(line, str):
        return {"error": error, "raw": line.removesuffix("\n").removesuffix("\r")}
    line = line.removesuffix(b"\n").removesuffix(b"\r")
    try:
        return {"error": error, "raw": line.decode("utf-8")}
    except UnicodeDecodeError:
        return {"error": error, "raw_base64": base64.b64encode(line).decode("ascii")}


# Every key this module's metadata may have (see `metadata`, `flagged`).
META_KEYS = frozenset(
    ("language", "site", "lines_removed", "chars_removed", "codes", "withheld")
    + ("error", "raw", "raw_base64")
)
_CLEANED_KEYS = frozenset(("language", "site", "lines_removed", "chars_removed", "codes"))


def _is_metadata(value) -> bool:
    """Whether `value` is the metadata of an earlier pass (else it is the record's own)."""
    if not isinstance(value, dict) or not value or not value.keys() <= META_KEYS:
        return False
    if "error" in value:
        return all(isinstance(value.get(k, ""), str) for k in ("error", "raw", "raw_base64"))
    return value.keys() >= _CLEANED_KEYS


def _kept_whole(meta: dict) -> bool:
    return "raw" in meta or "raw_base64" in meta


def dumps(record: dict) -> str:
    """One output line (without the newline): compact, non-ASCII kept as it is, unless the
    record holds lone surrogates ("\\ud800" in the input), which only escapes can carry.
    ValueError for a number JSON can't hold (NaN, infinities): never written."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, separators=(",", ":"), allow_nan=False)
    return line


def _looks_like_html(text: str) -> bool:
    # Stricter than for files: the field must start with markup, since prose in a text
    # field may well mention <head> or <body>.
    start = text[:SNIFF_CHARS].lstrip()
    return start.startswith("<") and looks_like_html(start.encode("utf-8", "replace"))


def _json_type(value) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "an array"}
    names.update({dict: "an object", type(None): "null"})
    return names.get(type(value), type(value).__name__)
