"""HTML through the command: told by name or content, gzipped pages, text written beside, and
a fuzz run over HTML that must never crash."""

from __future__ import annotations

import gzip
import subprocess
import sys

import pytest
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


def test_a_gzip_page_is_unpacked_only_up_to_the_cap(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<html><body><p>" + b"a" * 21_000_000 + b"</p></body></html>"))
    fine = tmp_path / "fine.html.gz"
    fine.write_bytes(gzip.compress(PAGE.read_bytes()))
    result = run("--check", bomb, fine)
    assert result.exit_code == 3  # passed over; the other page was still checked
    assert f"clean: warning: {bomb}: unpacks to more than 20 MB (--max-unpacked), skipped" in (
        result.stderr
    )
    assert str(fine) in result.stdout
    small = run("--max-unpacked", "2K", fine)
    assert small.exit_code == 3 and "more than 2 kB" in small.stderr
    assert run("--max-unpacked", "1M", fine).exit_code == 0
    assert run("--max-unpacked", "lots", fine).exit_code == 2  # a usage error


def test_a_gzip_page_past_the_cap_is_not_unpacked_whole():
    done = subprocess.run(
        [sys.executable, "-c", UNPACK_PEAK], capture_output=True, text=True, check=True
    )
    assert int(done.stdout) < 20_000, done.stdout  # KiB: not the 100 MB the page unpacks to


UNPACK_PEAK = """
import resource, zlib
from cleaner.files import InputError, gunzip
packer = zlib.compressobj(9, zlib.DEFLATED, 31)
data = b"".join([packer.compress(b"<p>" * 1_000_000) for _ in range(33)] + [packer.flush()])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    gunzip(data, 1_000_000)
except InputError:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
"""


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (gzip.compress(PAGE.read_bytes())[:-200], "it ends before its end-of-stream marker"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 40, "not a valid gzip file"),
        (gzip.compress(b"<p>one</p>") + b"garbage", "not a valid gzip file"),
    ],
)
def test_a_corrupt_gzip_page_is_a_one_line_error(tmp_path, data, reason):
    path = tmp_path / "page.html.gz"
    path.write_bytes(data)
    result = run(path)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"clean: error: {path}: not a valid gzip file") and reason in line
    assert "Error(" not in line


def test_two_gzip_members_are_one_page(tmp_path, cleaner: Cleaner):
    data = PAGE.read_bytes()
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(data[:5000]) + gzip.compress(data[5000:]))
    assert run(path).stdout == cleaner.clean_html(data)


@pytest.mark.parametrize("name", ["blob.html", "blob.htm", "blob.html.gz"])
def test_a_binary_html_file_is_skipped_never_cleaned(tmp_path, name):
    data = b"<html><body>\x00\x01\x02\x89PNG\r\n\x1a\n\x00\x00</body></html>"
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    for args in ([path], ["-o", tmp_path / "out", path], ["--check", path]):
        result = run(*args)
        assert result.exit_code == 3
        assert f"clean: warning: {path}: binary file (NUL bytes), skipped" in result.stderr
        assert result.stdout == ""
    assert not (tmp_path / "out").exists()
    utf16 = tmp_path / "utf16.html"  # NUL bytes, but after a UTF-16 mark: text
    utf16.write_bytes(b"\xff\xfe" + PAGE.read_text(encoding="utf-8").encode("utf-16-le"))
    assert run(utf16).exit_code == 0


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
