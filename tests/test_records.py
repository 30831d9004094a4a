"""Records of JSON Lines: the text field cleaned, everything else kept, metadata added, and
records that can't be cleaned flagged rather than lost."""

from __future__ import annotations

import json

import pytest

from cleaner import Cleaner
from cleaner.records import Fields, RecordError, clean_record, dumps, flagged, parse_line

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
