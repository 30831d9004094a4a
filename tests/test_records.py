"""Records of JSON Lines: the text field cleaned, everything else kept, metadata added, and
records that can't be cleaned flagged rather than lost."""

from __future__ import annotations

import base64
import json

import pytest

from cleaner import Cleaner
from cleaner.records import (
    Fields,
    RecordError,
    clean_record,
    dumps,
    flagged,
    original_line,
    parse_line,
)

from .conftest import CORPUS

PAGE = (CORPUS / "002_b738ddf7ea14594f.txt").read_text(encoding="utf-8")


def test_text_field_cleaned_other_fields_kept_metadata_added(cleaner: Cleaner):
    record = {"id": 7, "text": PAGE, "url": "https://www.trtworld.com/mea/x", "tags": ["a"]}
    out = clean_record(cleaner, record)
    assert out["text"] == cleaner.clean(PAGE, url=record["url"])
    assert {k: out[k] for k in ("id", "url", "tags")} == {
        k: record[k] for k in ("id", "url", "tags")
    }
    meta = out["cleaner"]
    assert meta["site"] == "trtworld.com"
    assert meta["language"] == "English"
    assert meta["lines_removed"] > 0 and meta["chars_removed"] > 0
    assert "TSR002" in meta["codes"] and meta["codes"] == sorted(meta["codes"])
    assert "withheld" not in meta
    assert record["text"] == PAGE  # the input record is not modified


HTML_PAGE = (CORPUS.parent / "tests" / "fixtures" / "html" / "trtworld_article.html").read_text(
    encoding="utf-8"
)


def test_html_records_are_cleaned_as_html(cleaner: Cleaner):
    record = {"url": "https://www.trtworld.com/mea/x", "text": HTML_PAGE}
    out = clean_record(cleaner, record)
    assert out["text"] == cleaner.clean_html(HTML_PAGE, url=record["url"])
    assert "Antony Blinken" in out["text"] and "<" not in out["text"]
    assert any(code.startswith("HTM") for code in out["cleaner"]["codes"])
    # Said outright, the format wins over what the field looks like.
    as_text = clean_record(cleaner, record, input_format="text")
    assert as_text["text"] == cleaner.clean(HTML_PAGE, url=record["url"])
    assert clean_record(cleaner, {"text": "<p>A short page.</p>"}, input_format="html")[
        "text"
    ] == cleaner.clean_html("<p>A short page.</p>")
    # Prose that mentions a tag further on is still text.
    prose = "Writers of pages put the title in a <title> element, inside <head>.\n"
    assert clean_record(cleaner, {"text": prose})["text"] == cleaner.clean(prose)


def test_other_field_names(cleaner: Cleaner):
    fields = Fields(text="body", url="link", meta="_clean")
    out = clean_record(cleaner, {"body": "Share\n\nThe council met on Tuesday night.\n"}, fields)
    assert out["body"] == "The council met on Tuesday night.\n"
    assert out["_clean"]["codes"] == ["SHR001"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"url": "x"}, "no 'text' field"),
        ({"text": None}, "'text' is null, not a string"),
        ({"text": ["a"]}, "'text' is an array, not a string"),
        ({"text": 3}, "'text' is a number, not a string"),
    ],
)
def test_records_that_cant_be_cleaned(cleaner: Cleaner, record, message):
    with pytest.raises(RecordError, match=message):
        clean_record(cleaner, record)


@pytest.mark.parametrize(("line", "message"), [(b"{bad", "not valid JSON"), (b"[1]", "not list")])
def test_lines_that_are_not_records(line, message):
    with pytest.raises(RecordError, match=message.replace("not list", "JSON object, not list")):
        parse_line(line)


def test_flagged_records_keep_everything():
    assert flagged(b'{"text": 3, "id": 1}\n', "boom") == {
        "text": 3,
        "id": 1,
        "cleaner": {"error": "boom"},
    }
    assert flagged(b"{bad\n", "boom") == {"cleaner": {"error": "boom", "raw": "{bad"}}


def test_dumps_keeps_unicode_and_survives_lone_surrogates():
    assert dumps({"t": "Zürich"}) == '{"t":"Zürich"}'
    line = dumps(json.loads('{"t": "\\ud800 x"}'))
    assert json.loads(line) == {"t": "\ud800 x"}
    line.encode("utf-8")  # writable


DIRTY = "Share\n\nThe council met on Tuesday night.\n"


@pytest.mark.parametrize("value", ["mine", {"reviewer": "ann"}, {"error": 3}, None, [1], {}])
def test_a_records_own_field_named_like_the_metadata_is_never_overwritten(cleaner, value):
    record = {"text": DIRTY, "cleaner": value}
    with pytest.raises(RecordError, match="a 'cleaner' field of its own.*--meta-field"):
        clean_record(cleaner, record)
    line = json.dumps(record)
    # Flagged, the record is kept whole: its own field can't also hold the error.
    assert flagged(line.encode() + b"\n", "boom") == {"cleaner": {"error": "boom", "raw": line}}
    assert clean_record(cleaner, record, Fields(meta="m"))["cleaner"] == value


def test_the_metadata_of_an_earlier_pass_is_replaced(cleaner):
    once = clean_record(cleaner, {"text": DIRTY, "id": 1})
    twice = clean_record(cleaner, once)
    assert twice["text"] == once["text"] and twice["id"] == 1
    assert twice["cleaner"]["codes"] == []  # what this pass removed
    # A record flagged before (without "raw") and since mended is cleaned.
    mended = {"text": DIRTY, "cleaner": {"error": "line 3: no 'text' field"}}
    assert clean_record(cleaner, mended)["cleaner"]["codes"] == ["SHR001"]


NOT_RECORDS = [
    b"{bad",
    b'{"text": "caf\xe9 \xff"}',  # not UTF-8
    b'{"t": "Z\xc3\xbcrich", "n": NaN}',
    b'{"text": "x", "cleaner": "mine"}',
    b"\xef\xbb\xbf{bad \\ud800 \r x",
]


@pytest.mark.parametrize("line", NOT_RECORDS)
def test_a_second_pass_keeps_what_the_first_pass_kept(cleaner, line):
    first = dumps(flagged(line + b"\n", "line 1: boom"))
    with pytest.raises(RecordError, match="kept whole by an earlier pass: line 1: boom"):
        clean_record(cleaner, parse_line(first))
    assert dumps(flagged(first.encode() + b"\n", "line 1: again")) == first
    assert dumps(flagged(first + "\r\n", "line 1: again")) == first


@pytest.mark.parametrize("line", NOT_RECORDS)
def test_the_line_of_a_flagged_record_is_recoverable_byte_for_byte(line):
    for ending in (b"\n", b"\r\n", b""):
        meta = json.loads(dumps(flagged(line + ending, "boom")))["cleaner"]
        assert original_line(meta) == line
        if "raw_base64" in meta:  # not UTF-8: the bytes, in base64
            assert "raw" not in meta and base64.b64decode(meta["raw_base64"]) == line
        else:
            assert meta["raw"].encode("utf-8") == line
    assert original_line({"error": "boom"}) is None  # the record itself is there


def _not_json(name):
    raise AssertionError(f"{name} written out")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400", "-1E999"])
def test_numbers_that_json_cannot_hold_flag_the_record(number):
    line = f'{{"text": "x", "n": [1, {number}]}}'.encode()
    with pytest.raises(
        RecordError, match=f"{number} (is too large.*Infinity, not JSON|\\(JSON numbers are finite)"
    ):
        parse_line(line)
    out = dumps(flagged(line, "boom"))
    assert json.loads(out, parse_constant=_not_json) == {
        "cleaner": {"error": "boom", "raw": line.decode()}
    }
    with pytest.raises(ValueError, match="not JSON compliant"):
        dumps({"n": float("nan")})  # never written


@pytest.mark.parametrize(
    ("line", "key"),
    [
        (b'{"text": "a", "text": "b"}', "text"),
        (b'{"text": "a", "source": {"id": 1, "id": 2}}', "id"),
        (b'[{"text": "a", "url": "x", "url": "y"}]', "url"),
    ],
)
def test_a_record_whose_keys_repeat_is_kept_whole(line, key):
    with pytest.raises(RecordError, match=f"the key {key!r} twice in one object"):
        parse_line(line)
    meta = json.loads(dumps(flagged(line + b"\n", "boom")))["cleaner"]
    assert original_line(meta) == line  # not rewritten with the last value alone


@pytest.mark.parametrize(
    ("number", "held"),
    [("3.14159265358979323846", "3.141592653589793"), ("1e-400", "0.0")],
)
def test_numbers_a_double_cannot_hold_exactly_keep_the_line_whole(number, held):
    line = f'{{"text": "x", "n": {number}}}'.encode()
    with pytest.raises(RecordError, match=f"the number {number} would be written back as {held}"):
        parse_line(line)
    assert original_line(json.loads(dumps(flagged(line, "boom")))["cleaner"]) == line
    for same in ("0.1", "1e2", "1.50", "-0.0", "5e-324", "123456789012345678901234567890"):
        assert parse_line(f'{{"text": "x", "n": {same}}}')["n"] == json.loads(same)


def test_a_record_with_surrogates_in_its_text_is_cleaned_in_both_modes(cleaner, scored):
    record = parse_line(
        b'{"text": "The council met \\ud800 on Tuesday night.\\n", "id": "\\udcff"}'
    )
    for built in (cleaner, scored):
        out = json.loads(dumps(clean_record(built, record)))
        assert out["text"] == "The council met \ufffd on Tuesday night.\n"
        assert out["id"] == "\udcff"  # the other fields as they were
