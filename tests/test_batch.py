"""Batch runs as pipelines use them: JSON Lines streams, directory trees, worker processes,
progress, summary and exit status."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import Cleaner, batch
from cleaner.cli import main
from cleaner.records import clean_record, dumps, original_line

from .conftest import CORPUS

PAGES = sorted(CORPUS.glob("*.txt"))
DIRTY = "Share\n\nThe council approved the budget on Tuesday night.\n\nREAD MORE: Other story\n"
CLEAN = "The council approved the budget on Tuesday night.\n"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def clean_process(*args, cwd=None, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *map(str, args)],
        capture_output=True,
        input=stdin,
        cwd=cwd,
        check=False,
    )


def records() -> list[dict]:
    return [
        {"id": n, "text": page.read_text(encoding="utf-8"), "lang": "en"}
        for n, page in enumerate(PAGES)
    ]


def jsonl(rows) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


def test_jsonl_records_cleaned_fields_kept_metadata_added(tmp_path, cleaner: Cleaner):
    source = tmp_path / "pages.jsonl"
    source.write_text(jsonl(records()), encoding="utf-8")
    result = run(source)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == [dumps(clean_record(cleaner, row)) for row in records()]
    first = json.loads(lines[0])
    assert first["id"] == 0 and first["lang"] == "en"
    assert first["cleaner"]["language"] == "English" and first["cleaner"]["codes"]
    assert "READ MORE" not in json.loads(lines[2])["text"]  # 002 has READ MORE teasers
    assert "Blinken" in json.loads(lines[2])["text"]
    assert "5 documents (5 JSON records)" in result.stderr


def test_jsonl_from_stdin_with_other_field_names():
    line = json.dumps({"body": DIRTY, "link": "https://example.org/x"})
    result = run(
        "--jsonl",
        "--text-field",
        "body",
        "--url-field",
        "link",
        "--meta-field",
        "m",
        input=line + "\n",
    )
    out = json.loads(result.stdout)
    assert out["body"] == CLEAN and out["link"] == "https://example.org/x"
    assert out["m"]["codes"] == ["SHR001", "TSR002"]


def test_jsonl_records_holding_html_pages():
    page = f"<!doctype html><html><body><nav><a href='/'>Home</a></nav><p>{CLEAN}</p></body></html>"
    lines = [json.dumps({"text": page}), json.dumps({"text": DIRTY})]
    out = [json.loads(line) for line in run("--jsonl", input="\n".join(lines)).stdout.splitlines()]
    assert [record["text"] for record in out] == [CLEAN, CLEAN]
    assert "HTM003" in out[0]["cleaner"]["codes"]
    entity = json.dumps({"text": CLEAN.replace("budget", "budget &amp; rates")})
    assert "&amp;" in json.loads(run("--jsonl", input=entity).stdout)["text"]
    forced = run("--jsonl", "--input-format", "html", input=entity)
    assert json.loads(forced.stdout)["text"] == CLEAN.replace("budget", "budget & rates")


BAD = [
    json.dumps({"text": DIRTY, "n": 1}),
    "{not json",
    json.dumps({"body": "no text field", "n": 3}),
    json.dumps({"text": ["not", "a", "string"], "n": 4}),
    "",
    json.dumps({"text": DIRTY, "n": 6}),
]


def test_bad_records_pass_through_flagged_by_default():
    result = run("--jsonl", input="\n".join(BAD) + "\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:3] == [
        "clean: error: <stdin>:2: not valid JSON: Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1)",
        "clean: error: <stdin>:3: no 'text' field",
        "clean: error: <stdin>:4: 'text' is an array, not a string",
    ]
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out if "n" in o and o["n"] in (1, 6)] == [CLEAN, CLEAN]
    assert out[1] == {"cleaner": {"error": out[1]["cleaner"]["error"], "raw": "{not json"}}
    assert out[1]["cleaner"]["error"].startswith("line 2: not valid JSON")
    assert out[2] == {
        "body": "no text field",
        "n": 3,
        "cleaner": {"error": "line 3: no 'text' field"},
    }
    assert out[3]["text"] == ["not", "a", "string"]
    assert len(out) == 5  # the blank line is not a record


def test_bad_records_skipped_or_stopping_the_run(tmp_path):
    skipped = run("--jsonl", "--on-error", "skip", input="\n".join(BAD) + "\n")
    assert skipped.exit_code == 2
    assert [json.loads(line)["n"] for line in skipped.stdout.splitlines()] == [1, 6]
    assert "3 skipped" in skipped.stderr
    target = tmp_path / "out.jsonl"
    target.write_text("previous run\n", encoding="utf-8")
    failed = run("--jsonl", "--on-error", "fail", "-o", target, input="\n".join(BAD) + "\n")
    assert failed.exit_code == 2
    assert "stopped at the first bad record" in failed.stderr
    assert target.read_text(encoding="utf-8") == "previous run\n"  # not half-written
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]  # no temporary left


def test_jsonl_to_an_output_file_and_in_place(tmp_path, cleaner: Cleaner):
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(records()), encoding="utf-8")
    target = tmp_path / "out.jsonl"
    assert run(source, "-o", target).exit_code == 0
    expected = "".join(dumps(clean_record(cleaner, row)) + "\n" for row in records())
    assert target.read_text(encoding="utf-8") == expected
    assert run("--in-place", source).exit_code == 0
    assert source.read_text(encoding="utf-8") == expected


def make_tree(root: Path) -> None:
    (root / "news" / "2021").mkdir(parents=True)
    (root / "news" / "2021" / "a.txt").write_text(DIRTY, encoding="utf-8")
    (root / "news" / "b.text").write_text(DIRTY, encoding="utf-8")
    (root / "feed.jsonl").write_text(jsonl([{"text": DIRTY}]), encoding="utf-8")
    (root / "notes.md").write_text(DIRTY, encoding="utf-8")
    (root / "drafts").mkdir()
    (root / "drafts" / "c.txt").write_text(DIRTY, encoding="utf-8")
    (root / ".cache").mkdir()
    (root / ".cache" / "d.txt").write_text(DIRTY, encoding="utf-8")


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_directory_to_output_directory_keeps_relative_paths(tmp_path):
    make_tree(tmp_path / "in")
    result = run(tmp_path / "in", "-o", tmp_path / "out", "--exclude", "drafts/*")
    assert result.exit_code == 0, result.stderr
    out = tree(tmp_path / "out")
    assert sorted(out) == ["feed.jsonl", "news/2021/a.txt", "news/b.text"]
    assert out["news/2021/a.txt"] == CLEAN
    assert json.loads(out["feed.jsonl"])["text"] == CLEAN
    assert "3 documents (1 JSON record)" in result.stderr
    only_md = run(tmp_path / "in", "-o", tmp_path / "md", "--include", "*.md")
    assert tree(tmp_path / "md") == {"notes.md": CLEAN}, only_md.stderr


def test_output_directory_inside_the_input_is_not_cleaned_again(tmp_path):
    make_tree(tmp_path)
    assert run(tmp_path, "-o", tmp_path / "cleaned").exit_code == 0
    assert run(tmp_path, "-o", tmp_path / "cleaned").exit_code == 0
    assert not (tmp_path / "cleaned" / "cleaned").exists()


def test_directory_check_and_in_place(tmp_path):
    make_tree(tmp_path)
    check = run("--check", tmp_path)
    assert check.exit_code == 1
    assert f"{tmp_path / 'news' / 'b.text'}:1: SHR001 share-buttons: Share" in check.stdout
    assert run("--in-place", tmp_path).exit_code == 0
    assert (tmp_path / "drafts" / "c.txt").read_text(encoding="utf-8") == CLEAN
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == DIRTY  # not included
    assert (tmp_path / ".cache" / "d.txt").read_text(encoding="utf-8") == DIRTY  # hidden
    assert run("--check", tmp_path).exit_code == 0


def test_two_workers_write_what_one_writes(tmp_path):
    make_tree(tmp_path / "in")
    big = tmp_path / "in" / "big.jsonl"
    big.write_text(jsonl(records() * 40), encoding="utf-8")  # several chunks
    for jobs in ("1", "2"):
        done = clean_process(tmp_path / "in", "-o", tmp_path / f"out{jobs}", "-j", jobs)
        assert done.returncode == 0, done.stderr
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")
    streamed = clean_process(big, "-j", "2")
    assert streamed.stdout.decode() == tree(tmp_path / "out1")["big.jsonl"]


def test_summary_quiet_and_verbose(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(DIRTY, encoding="utf-8")
    result = run("-o", tmp_path / "out", page)
    assert result.stderr.startswith("clean: 1 document, 0.0 MB in, 0.0 MB out (")
    assert "0 errors" in result.stderr
    assert run("-q", "-o", tmp_path / "out", page).stderr == ""
    assert run(page).stderr == ""  # to stdout: no summary
    assert "clean: 1 document," in run("-v", page).stderr


def test_summary_counts_only_what_was_cleaned_and_never_a_negative_share(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(DIRTY, encoding="utf-8")
    (tmp_path / "blob.txt").write_bytes(b"\0" * 2_000_000)  # skipped
    (tmp_path / "bad.txt").write_bytes(b"\xef\xbb\xbf" + b"\xff" * 3_000_000)  # an error
    result = run("-o", tmp_path / "out", page, tmp_path / "blob.txt", tmp_path / "bad.txt")
    assert result.exit_code == 2
    assert "clean: 1 document, 0.0 MB in, 0.0 MB out (" in result.stderr, result.stderr
    assert "(0% removed)" not in result.stderr  # the share of the page, not of all input
    short = tmp_path / "short.jsonl"  # the metadata outweighs what goes
    short.write_text(jsonl([{"text": "Share"}, {"text": "A sentence of news."}] * 3))
    summary = run(short).stderr
    assert "% larger)" in summary and "-" not in summary.split("MB out")[1], summary


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(tmp_path, sig):
    (tmp_path / "in").mkdir()
    for n in range(3_000):
        (tmp_path / "in" / f"{n:04}.txt").write_bytes(PAGES[n % len(PAGES)].read_bytes())
    command = [sys.executable, "-m", "cleaner", tmp_path / "in", "-o", tmp_path / "out", "-j", "2"]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == 2 and process.poll() is None
        os.kill(process.pid, sig)  # the parent only
        process.wait()
        deadline = time.monotonic() + 10
        while any(map(alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(map(alive, workers))
    finally:
        with contextlib.suppress(ProcessLookupError):  # the workers too, if still there
            os.killpg(process.pid, signal.SIGKILL)


def test_progress_bar_only_on_a_terminal(tmp_path):
    make_tree(tmp_path / "in")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", tmp_path / "in", "-o", tmp_path / "out"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=follower,
        check=False,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:
            break
        if not data:
            break
        shown += data
    os.close(leader)
    assert done.returncode == 0
    assert b"clean: " in shown and b"B/s" in shown and b"documents]" in shown  # the bar
    quiet = clean_process(tmp_path / "in", "-o", tmp_path / "out2")
    assert b"B/s" not in quiet.stderr  # not a terminal: summary only


GREEDY = """\
site: greedy.example
match: {fingerprints: ['Tuesday night'], min_fingerprints: 1}
rules:
  - name: anything
    kind: drop
    description: A mistaken pattern that matches every line.
    patterns: ['.+']
"""


def test_a_rule_file_that_would_wipe_a_document_leaves_it_unchanged(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "greedy.yaml").write_text(GREEDY, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(DIRTY, encoding="utf-8")
    result = run("--rules", rules, "--in-place", page)
    assert result.exit_code == 3
    assert f"clean: warning: {page}: left unchanged: {rules / 'greedy.yaml'} would remove" in (
        result.stderr
    )
    assert page.read_text(encoding="utf-8") == DIRTY
    assert "1 left unchanged" in result.stderr
    assert run("--rules", rules, "--max-removed", "1", page).stdout == ""
    (tmp_path / "pyproject.toml").write_text("[tool.cleaner]\nmax_removed = 2\n", encoding="utf-8")
    assert run_in(tmp_path, page).exit_code == 2


def test_rule_files_that_together_would_wipe_a_file_leave_it_in_place(tmp_path):
    from .test_api import HALF_USER, HALVES

    rules = tmp_path / "rules"
    rules.mkdir()
    half_site = GREEDY.replace("'.+'", "'Alpha .+'").replace("Tuesday night", "Alpha council")
    (rules / "halves.yaml").write_text(half_site, encoding="utf-8")
    (rules / "user.yaml").write_text(HALF_USER, encoding="utf-8")
    page = tmp_path / "page.txt"
    page.write_text(HALVES, encoding="utf-8")
    result = run("--rules", rules, "--in-place", page)
    assert result.exit_code == 3
    assert page.read_text(encoding="utf-8") == HALVES
    # The greediest file first: the Beta lines have a few more words.
    assert f"{rules / 'user.yaml'} and {rules / 'halves.yaml'} together would remove 100%" in (
        result.stderr
    )


def run_in(directory: Path, *args):
    cwd = Path.cwd()
    os.chdir(directory)
    try:
        return run(*args)
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("args", [["--jsonl", "--diff"], ["-q", "-v"], ["--in-place", "-"]])
def test_usage_errors(args):
    assert run(*args, input="").exit_code == 2


def test_a_greedy_rule_file_on_an_html_page_exits_3(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "greedy.yaml").write_text(GREEDY, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(f"<html><body><p>{DIRTY.replace(chr(10), '</p><p>')}</p></body></html>")
    result = run("--rules", rules, page)
    assert result.exit_code == 3
    assert f"{page}: cleaned by the built-in rules alone: {rules / 'greedy.yaml'}" in result.stderr
    assert result.stdout == CLEAN


def _not_json(name):
    raise AssertionError(f"{name} written out")


def test_jsonl_in_place_twice_keeps_what_the_first_pass_kept(tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"text": DIRTY, "n": 1}).encode(),
        b"{not json",
        b'{"text": "caf\xe9", "n": 3}',  # Latin-1: not UTF-8
        b'{"text": "x", "n": [1e400, NaN]}',
        json.dumps({"text": DIRTY, "cleaner": "mine"}).encode(),
        json.dumps({"text": "The council met \ud800 on Tuesday night.", "id": "\udcff"}).encode(),
    ]
    source.write_bytes(b"\n".join(lines) + b"\n")
    first = run("--in-place", source)
    assert first.exit_code == 2
    assert first.stderr.splitlines()[:4] == [
        f"clean: error: {source}:2: not valid JSON: Expecting property name enclosed in double "
        "quotes: line 1 column 2 (char 1)",
        f"clean: error: {source}:3: not UTF-8: byte 0xe9 at offset 13",
        f"clean: error: {source}:4: the number 1e400 is too large: written back as Infinity, "
        "not JSON",
        f"clean: error: {source}:5: a 'cleaner' field of its own: kept, never overwritten; "
        "name the metadata field otherwise (--meta-field)",
    ]
    once = source.read_bytes()
    out = [json.loads(line, parse_constant=_not_json) for line in once.splitlines()]
    assert out[0]["text"] == CLEAN
    assert [original_line(record["cleaner"]) for record in out[1:5]] == lines[1:5]
    assert out[5]["text"] == "The council met \ufffd on Tuesday night.\n"
    assert out[5]["id"] == "\udcff"
    second = run("--in-place", source)
    assert second.exit_code == 2
    twice = source.read_bytes().splitlines()
    assert twice[1:5] == once.splitlines()[1:5]  # the flagged records, byte for byte
    assert [json.loads(twice[n])["text"] for n in (0, 5)] == [out[0]["text"], out[5]["text"]]
    assert second.stderr.splitlines()[0] == (
        f"clean: error: {source}:2: kept whole by an earlier pass: line 2: not valid JSON: "
        "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"
    )
    for field in ("text", "url"):
        same = run("--jsonl", "--meta-field", field, input=json.dumps({"text": DIRTY}))
        assert same.exit_code == 2 and not same.stdout
        assert f"--meta-field {field!r} is also the --{field}-field" in same.stderr


@pytest.mark.parametrize("on_error", ["pass", "skip", "fail"])
def test_a_later_pass_never_drops_what_an_earlier_pass_kept(tmp_path, on_error):
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"\n".join(
            [
                json.dumps({"text": DIRTY, "n": 1}).encode(),
                b"{not json",
                b'{"text": "x", "n": [NaN]}',
                json.dumps({"text": DIRTY, "cleaner": "mine"}).encode(),
                json.dumps({"body": "no text field", "n": 5}).encode(),
                json.dumps({"text": DIRTY, "n": 6}).encode(),
            ]
        )
        + b"\n"
    )
    first = tmp_path / "first.jsonl"
    assert run(source, "-o", first).exit_code == 2
    once = first.read_bytes()
    second = tmp_path / "second.jsonl"
    result = run(first, "-o", second, "--on-error", on_error)
    assert result.exit_code == 2
    assert first.read_bytes() == once
    if on_error == "fail":  # stopped at the first record kept whole: nothing written
        assert "stopped at the first bad record" in result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["first.jsonl", "in.jsonl"]
        return
    assert "skipped" not in result.stderr
    twice = second.read_bytes().splitlines()
    assert twice[1:4] == once.splitlines()[1:4]  # the lines kept whole, byte for byte
    assert json.loads(twice[4]) == {
        "body": "no text field",
        "n": 5,
        "cleaner": {"error": "line 5: no 'text' field"},
    }
    assert [json.loads(twice[n])["text"] for n in (0, 5)] == [CLEAN, CLEAN]
    assert len(twice) == 6


def test_a_record_that_cannot_be_rewritten_whole_is_flagged_and_kept_byte_for_byte():
    lines = [b'{"text": "a", "text": "b", "n": 1}', b'{"text": "x", "n": 1.0000000000000001}']
    result = run("--jsonl", input=b"\n".join(lines) + b"\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        "clean: error: <stdin>:1: the key 'text' twice in one object: rewritten, the record "
        "would keep only the last value",
        "clean: error: <stdin>:2: the number 1.0000000000000001 would be written back as 1.0",
    ]
    out = [json.loads(line)["cleaner"] for line in result.stdout.splitlines()]
    assert [original_line(meta) for meta in out] == lines


def test_a_record_nested_too_deeply_to_be_read_is_kept_whole_and_the_run_goes_on(tmp_path):
    deep = b'{"text": "x", "n": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join([json.dumps({"text": DIRTY}).encode(), deep] * 2) + b"\n")
    target = tmp_path / "out.jsonl"
    result = run(source, "-o", target, "-j", "2")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"clean: error: {source}:2: nested too deeply for Python's JSON parser to read"
    )
    out = [json.loads(line) for line in target.read_bytes().splitlines()]
    assert [out[n]["text"] for n in (0, 2)] == [CLEAN, CLEAN]
    assert [original_line(out[n]["cleaner"]) for n in (1, 3)] == [deep, deep]


class FailingAfter:
    """A file whose reads fail (an I/O error: a disk going bad, a network file system gone)
    after `count` lines."""

    def __init__(self, handle, count: int):
        self._handle, self._count = handle, count

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()

    def __iter__(self):
        for number, line in enumerate(self._handle):
            if number == self._count:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
            yield line


def test_a_json_lines_file_that_cannot_be_read_is_one_error_and_the_rest_goes_on(
    tmp_path, monkeypatch
):
    good = tmp_path / "good.jsonl"
    good.write_text(jsonl([{"text": DIRTY}]), encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(jsonl([{"text": DIRTY}] * (batch.CHUNK_LINES + 10)), encoding="utf-8")
    missing, out = tmp_path / "missing.jsonl", tmp_path / "out"
    real_open = Path.open

    def open_failing(path, *args, **kwargs):
        handle = real_open(path, *args, **kwargs)
        return FailingAfter(handle, batch.CHUNK_LINES + 5) if path == bad else handle

    monkeypatch.setattr(Path, "open", open_failing)
    for jobs in ("1", "2"):
        result = run("-o", out, "-j", jobs, missing, bad, good)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[:2] == [
            f"clean: error: {missing}: cannot read: No such file or directory",
            f"clean: error: {bad}: cannot read: Input/output error",
        ]
        assert json.loads((out / "good.jsonl").read_text(encoding="utf-8"))["text"] == CLEAN
        assert sorted(p.name for p in out.iterdir()) == ["good.jsonl"]  # bad.jsonl discarded


@pytest.mark.parametrize("args", [[], ["--jsonl"]])
def test_a_stdin_that_cannot_be_read_is_one_error(tmp_path, args):
    with (tmp_path / "write-only").open("wb") as stdin:  # reading it fails: EBADF
        done = subprocess.run(
            [sys.executable, "-m", "cleaner", *args],
            stdin=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "clean: error: <stdin>: cannot read: Bad file descriptor"


def test_a_later_pass_with_other_fields_never_drops_a_record_an_earlier_pass_cleaned():
    first = run("--jsonl", input=jsonl([{"text": DIRTY, "n": 1}]))
    assert first.exit_code == 0
    second = run("--jsonl", "--text-field", "body", "--on-error", "skip", input=first.stdout)
    assert second.exit_code == 2 and "skipped" not in second.stderr
    assert json.loads(second.stdout) == {
        "text": CLEAN,
        "n": 1,
        "cleaner": {"error": "line 1: no 'body' field"},
    }
    fresh = run("--jsonl", "--text-field", "body", "--on-error", "skip", input=jsonl([{"n": 2}]))
    assert fresh.exit_code == 2 and not fresh.stdout  # a record of no earlier pass: skipped
