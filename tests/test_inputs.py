"""Bad and strange input: every row of the README's "What happens when…" table has a test here
(or, for JSON Lines and rule files, in test_batch.py and test_rule_files.py)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.files import decode
from cleaner.records import clean_record
from cleaner.utf8 import mostly_utf8

from .conftest import CORPUS, best_seconds

DIRTY = "Share\n\nThe council approved the budget on Tuesday night.\n\nREAD MORE: Other story\n"
WORD = re.compile(r"\w+")


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def page_in(language: str) -> str:
    sentences = {
        "german": "Die Straße in München wurde am Dienstag für den Verkehr geöffnet, sagte er.",
        "french": "La rue à Zürich a été rouverte mardi, a déclaré le maire à la presse.",
        "japanese": "東京都の道路は火曜日に再開されたと市長は記者団に語った。",
    }
    return f"Share\n\n{sentences[language]}\n\nREAD MORE: Other story\n"


@pytest.mark.parametrize(
    ("language", "encoding", "bom"),
    [
        ("german", "latin-1", b""),
        ("french", "cp1252", b""),
        ("german", "utf-16-le", b"\xff\xfe"),
        ("japanese", "utf-16-be", b"\xfe\xff"),
        ("japanese", "shift_jis", b""),
        ("french", "utf-8", b"\xef\xbb\xbf"),
    ],
)
def test_encodings_are_read_and_kept_in_place(tmp_path, cleaner: Cleaner, language, encoding, bom):
    text = page_in(language)
    path = tmp_path / "page.txt"
    path.write_bytes(bom + text.encode(encoding))
    expected = cleaner.clean(text)
    assert "Share" not in expected and len(expected) > 20
    shown = run(path)
    assert shown.exit_code == 0 and shown.stdout_bytes == expected.encode("utf-8")
    assert run("--in-place", path).exit_code == 0
    assert path.read_bytes() == bom + expected.encode(encoding)


def test_line_endings_kept_in_place_and_normalised_on_stdout(tmp_path, cleaner: Cleaner):
    path = tmp_path / "page.txt"
    path.write_bytes(DIRTY.replace("\n", "\r\n").encode("utf-8"))
    expected = cleaner.clean(DIRTY)
    assert run(path).stdout == expected
    assert run("--in-place", path).exit_code == 0
    assert path.read_bytes() == expected.replace("\n", "\r\n").encode("utf-8")
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes(b"Share\r\n\nThe council approved the budget on Tuesday night.\r\r\n")
    assert run(mixed).stdout == "The council approved the budget on Tuesday night.\n"


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", b"PK\x03\x04\x14\x00\x00\x00", b"a\0b"])
def test_binary_files_are_skipped_never_cleaned(tmp_path, data):
    path = tmp_path / "blob.txt"
    path.write_bytes(data)
    for args in ([path], ["--in-place", path], ["--check", path]):
        result = run(*args)
        assert result.exit_code == 3
        assert f"clean: warning: {path}: binary file (NUL bytes), skipped" in result.stderr
        assert result.stdout == ""
    assert path.read_bytes() == data


@pytest.mark.parametrize("data", [b"", b"   \n\t\n\r\n  ", "\u00a0\u2028\n".encode()])
def test_empty_and_blank_files(tmp_path, data):
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    result = run(path)
    assert (result.exit_code, result.stdout) == (0, "")
    assert run("--check", path).exit_code == 0


def test_undecodable_bytes_after_a_mark_are_an_error(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(b"\xef\xbb\xbfok \xff\xfe then junk")
    result = run(path)
    assert result.exit_code == 2
    assert f"clean: error: {path}: not valid utf-8 after its mark" in result.stderr


ARTICLE = "It’s the council’s budget, they said on Tuesday night: “we’re done” — it’s over.\n\n"


def utf8_with_a_stray_byte(paragraphs: int, at: int) -> tuple[str, bytes]:
    """A page in UTF-8, with one cp1252 "é" (0xE9) put in at byte `at`; and its text as
    it should be read (that byte as U+FFFD)."""
    good = ("Share\n\n" + ARTICLE * paragraphs + "READ MORE: Other story\n").encode("utf-8")
    data = good[:at] + b"\xe9" + good[at:]
    return (good[:at] + "\ufffd".encode() + good[at:]).decode("utf-8"), data


@pytest.mark.parametrize(("paragraphs", "at"), [(1, 20), (3, 150), (600, 30_000), (2_000, 150_000)])
def test_utf8_with_a_stray_byte_is_read_as_utf8_with_a_warning(
    tmp_path, cleaner: Cleaner, paragraphs, at
):
    text, data = utf8_with_a_stray_byte(paragraphs, at)
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    result = run(path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == cleaner.clean(text)
    assert "’" in result.stdout and "‚Äô" not in result.stdout and "\ufffd" in result.stdout
    assert f"clean: warning: {path}: not valid UTF-8 at byte {at}" in result.stderr
    decoded = decode(data)
    assert (decoded.encoding, decoded.text, decoded.invalid) == ("utf-8", text, (at,))
    marked = decode(b"\xef\xbb\xbf" + data)  # after a UTF-8 mark too (offsets count it)
    assert (marked.text, marked.bom, marked.invalid) == (text, b"\xef\xbb\xbf", (at + 3,))


def test_utf8_with_a_stray_byte_is_never_rewritten_in_place(tmp_path):
    _, data = utf8_with_a_stray_byte(3, 150)
    path = tmp_path / "page.txt"
    path.write_bytes(data)
    result = run("--in-place", path)
    assert result.exit_code == 2
    assert f"clean: error: {path}: not rewritten in place" in result.stderr
    assert path.read_bytes() == data
    assert run("-o", tmp_path / "out", path).exit_code == 0  # a copy is written
    assert "\ufffd" in (tmp_path / "out" / "page.txt").read_text(encoding="utf-8")
    clean_already = ARTICLE[:-1].encode("utf-8").replace(b"budget", b"budg\xe9t")
    path.write_bytes(clean_already)  # nothing to clean: left as it is, with the warning only
    result = run("--in-place", path)
    assert result.exit_code == 0 and "not valid UTF-8 at byte" in result.stderr
    assert path.read_bytes() == clean_already


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Â© 2024 Café résumé, naïve".encode("cp1252"), "cp1252"),  # one valid pair by chance
        ("Grüße aus Köln, schöne Straße".encode("latin-1"), "cp1252"),
    ],
)
def test_legacy_text_with_few_utf8_look_alikes_is_still_detected(data, encoding):
    assert decode(data).encoding == encoding


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.text(max_size=8), st.binary(max_size=3))).map(
        lambda parts: b"".join(p.encode("utf-8") if isinstance(p, str) else p for p in parts)
    )
)
def test_mostly_utf8_places_are_the_replacement_characters(data):
    found = mostly_utf8(data)
    if found is not None:
        text, places = found
        assert text == data.decode("utf-8", "replace")
        assert len(places) == text.count("\ufffd") - data.count("\ufffd".encode())
        for place in places:
            with pytest.raises(UnicodeDecodeError):
                data[place:].decode("utf-8")
            data[:place].decode("utf-8", "strict" if place == places[0] else "replace")


def test_a_50_mb_file_of_one_line(tmp_path):
    sentence = "The council approved the budget on Tuesday night after a long debate. "
    text = sentence * (50_000_000 // len(sentence))
    path = tmp_path / "one-line.txt"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", path], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == text.strip() + "\n"


def test_one_line_glued_from_a_million_menu_items(cleaner: Cleaner):
    menu = "NewsSportWeatherTravel " * 250_000
    text = f"{menu}\n\nThe council approved the budget on Tuesday night after a long debate.\n"
    out = cleaner.clean(text)
    assert out.endswith("The council approved the budget on Tuesday night after a long debate.\n")
    assert len(out) < 0.01 * len(menu)  # the menu went, in runs of pieces
    assert len(cleaner.analyse(text).segments) <= 5_002


@pytest.mark.parametrize("unit", ["Ab", "NewsSportWeatherTravel"], ids=["AbAb", "glued menu"])
@pytest.mark.parametrize("shape", ["text", "html", "jsonl"])
def test_a_64_kb_run_of_letters_is_cleaned_in_linear_time(cleaner: Cleaner, shape, unit):
    # It took 68 s (a menu glued without spaces 35 s), in a text, an HTML block or a record.
    def clean(size: int):
        run = (unit * (size // len(unit) + 1))[:size]
        if shape == "text":
            cleaner.clean(run)
        elif shape == "html":
            cleaner.clean_html(f"<html><body><p>{run}</p></body></html>")
        else:
            clean_record(cleaner, {"text": run})

    small = best_seconds(lambda: clean(8_192), runs=3)
    large = best_seconds(lambda: clean(65_536))
    assert large < 24 * small + 0.5, f"{small:.3f} s, then {large:.3f} s for 8 times as much"


def test_500_000_one_character_lines(cleaner: Cleaner):
    text = "a\n" * 500_000 + "\nThe council approved the budget on Tuesday night after a debate.\n"
    out = cleaner.clean(text)
    assert out == "The council approved the budget on Tuesday night after a debate.\n"


def test_output_never_overwrites_its_input(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("page.txt").write_text(DIRTY, encoding="utf-8")
    result = run("-o", ".", "page.txt")
    assert result.exit_code == 2 and "would overwrite the input itself" in result.stderr
    assert Path("page.txt").read_text(encoding="utf-8") == DIRTY


def test_a_killed_run_leaves_every_file_old_or_new(tmp_path, cleaner: Cleaner):
    pages = sorted(CORPUS.glob("*.txt"))
    originals = {}
    for n in range(300):
        path = tmp_path / f"{n:03}.txt"
        path.write_bytes(pages[n % len(pages)].read_bytes())
        originals[path] = path.read_bytes()
    cleaned = {p: cleaner.clean(data.decode()).encode() for p, data in originals.items()}
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "--in-place", "-j", "2", "-q", tmp_path],
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # kill it once it is under way
        if sum(p.read_bytes() == cleaned[p] for p in list(originals)[:50]) >= 5:
            break
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    states = [
        "new" if p.read_bytes() == cleaned[p] else "old" if p.read_bytes() == originals[p] else "?"
        for p in originals
    ]
    assert "?" not in states
    assert "new" in states and "old" in states  # it really was killed mid-run
    # Only hidden temporary files can be left over, and the next run finishes the job.
    assert all(p.name.startswith(".") for p in tmp_path.iterdir() if p not in originals)
    assert run("--in-place", tmp_path).exit_code == 0
    assert all(p.read_bytes() == cleaned[p] for p in originals)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_arbitrary_bytes_through_the_command(data):
    result = CliRunner().invoke(main, ["-"], input=data, catch_exceptions=False)
    assert result.exit_code in (0, 2, 3), result.stderr
    if result.exit_code == 0:
        source = decode(data).text
        assert set(WORD.findall(result.stdout)) <= set(WORD.findall(source))
        again = CliRunner().invoke(main, ["-"], input=result.stdout_bytes)
        assert again.stdout == result.stdout  # idempotent
    else:
        assert result.stdout == "" and result.stderr.startswith("clean: ")
        assert len(result.stderr.splitlines()) == 1  # one clear line
