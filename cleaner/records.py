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
(`flagged`), skip it, or stop.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from cleaner.engine import Cleaner, Result
from cleaner.html import looks_like_html

SNIFF_CHARS = 1024  # characters of a text field looked at to tell an HTML page


class RecordError(ValueError):
    """A record that can't be cleaned: malformed JSON, no text field, text not a string."""


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
    """One JSON Lines line as a record (a JSON object)."""
    try:
        record = json.loads(line)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        raise RecordError(f"not valid JSON: {error}") from None
    if not isinstance(record, dict):
        raise RecordError(f"a record must be a JSON object, not {type(record).__name__}")
    return record


def clean_record(
    cleaner: Cleaner, record: dict, fields: Fields = Fields(), input_format: str | None = None
) -> dict:
    """The record with its text field cleaned and the metadata added. `input_format`: "text"
    or "html"; None: HTML if the field starts like an HTML document."""
    if fields.text not in record:
        raise RecordError(f"no {fields.text!r} field")
    text = record[fields.text]
    if not isinstance(text, str):
        raise RecordError(f"{fields.text!r} is {_json_type(text)}, not a string")
    url = record.get(fields.url)
    url = url if isinstance(url, str) else None
    if input_format == "html" or input_format is None and _looks_like_html(text):
        result = cleaner.analyse_html(text, url=url)
    else:
        result = cleaner.analyse(text, url=url)
    return {**record, fields.text: result.text, fields.meta: metadata(result)}


def flagged(line: bytes | str, error: str, fields: Fields = Fields()) -> dict:
    """The record of `line` passed through unchanged, with the error in its metadata. A line
    that isn't a JSON object is kept whole as a string under "raw"."""
    try:
        record = parse_line(line)
    except RecordError:
        raw = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        return {fields.meta: {"error": error, "raw": raw.rstrip("\r\n")}}
    return {**record, fields.meta: {"error": error}}


def dumps(record: dict) -> str:
    """One output line (without the newline): compact, non-ASCII kept as it is, unless the
    record holds lone surrogates ("\\ud800" in the input), which only escapes can carry."""
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(record, separators=(",", ":"))
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
