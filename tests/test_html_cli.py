"""HTML through the command: told by name or content, gzipped pages, text written beside, and
a fuzz run over HTML that must never crash."""

from __future__ import annotations

import gzip

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.cli import main

from .conftest import ROOT

PAGE = ROOT / "tests" / "fixtures" / "html" / "trtworld_article.html"
KEPT = "US Secretary of State Antony Blinken"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def test_html_by_name_gzipped_and_by_content(tmp_path, cleaner: Cleaner):
    expected = cleaner.clean_html(PAGE.read_bytes())
    assert KEPT in expected and "<" not in expected
    assert run(PAGE).stdout == expected
    packed = tmp_path / "page.html.gz"
    packed.write_bytes(gzip.compress(PAGE.read_bytes()))
    assert run(packed).stdout == expected
    assert run("-", input=PAGE.read_bytes()).stdout == expected  # sniffed from the content
    as_text = run("--input-format", "text", PAGE).stdout
    assert "<" in as_text  # read as a text dump: the markup stays


def test_html_pages_are_written_as_text_files(tmp_path, cleaner: Cleaner):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "story.html").write_bytes(PAGE.read_bytes())
    result = run(tmp_path / "in", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    written = (tmp_path / "out" / "story.txt").read_text(encoding="utf-8")
    assert written == cleaner.clean_html(PAGE.read_bytes())
    refused = run("--in-place", tmp_path / "in" / "story.html")
    assert refused.exit_code == 2 and "not rewritten in place" in refused.stderr
    assert (tmp_path / "in" / "story.html").read_bytes() == PAGE.read_bytes()


TAGS = ["div", "p", "span", "a", "li", "ul", "nav", "article", "main", "script", "br", "h1"]
pieces = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(
        [
            '<a href="x">',
            '<div class="menu nav">',
            '<meta charset="latin-1">',
            "<!--",
            "-->",
            "<![CDATA[",
            "&amp;",
            "&#0;",
            "<",
            ">",
            "\0",
        ]
    ),
    st.text(max_size=30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pieces, max_size=60).map("".join))
def test_html_fuzz_never_crashes(cleaner: Cleaner, scored: Cleaner, markup):
    for data in (markup, markup.encode("utf-8", "surrogatepass")):
        text = cleaner.clean_html(data)
        assert isinstance(text, str)
        assert cleaner.clean(text) is not None
        assert isinstance(scored.clean_html(data), str)  # the block scorer too


def test_diff_of_a_page_compares_its_blocks_not_its_markup():
    result = run("--diff", PAGE)
    assert result.exit_code == 1
    removed = [line[1:] for line in result.stdout.splitlines() if line.startswith("-")][1:]
    assert "Skip to content" in removed  # a menu block, as text
    assert not any("<" in line for line in removed)  # no markup
    assert not any("is heading to the Middle East to press" in line for line in removed)
