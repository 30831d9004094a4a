"""Where cleaned text goes, and that nothing is lost on the way: -o collisions, full disks,
links rewritten --in-place, interrupted runs, file names that are not UTF-8."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import files
from cleaner.cli import main

DIRTY = "Share\n\nThe council approved the budget on Tuesday night.\n\nREAD MORE: Other story\n"
CLEAN = "The council approved the budget on Tuesday night.\n"
PAGE = "<html><body><p>The mayor opened the new bridge over the river on Monday.</p></body></html>"


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_output_onto_its_own_tree_never_writes_one_input_over_another(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "a.html").write_text(PAGE, encoding="utf-8")
    before = tree(tmp_path)
    result = run("-o", tmp_path, tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.html'}: -o would write over the input {tmp_path / 'a.txt'}" in (
        result.stderr
    )
    assert tree(tmp_path) == before  # nothing written, not even the files that don't collide


def test_two_inputs_mapping_to_one_output_are_refused_naming_both(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(DIRTY, encoding="utf-8")
    (source / "a.html").write_text(PAGE, encoding="utf-8")
    (source / "b.txt").write_text(DIRTY, encoding="utf-8")
    result = run("-o", tmp_path / "out", source)
    assert result.exit_code == 2
    message = f"{source / 'a.html'} and {source / 'a.txt'} would both be written to "
    assert message + f"{tmp_path / 'out' / 'a.txt'}" in result.stderr
    assert not (tmp_path / "out").exists()  # detected before anything is written


IGNORING_CASE = "macOS and Windows, whose names ignore case"
IGNORING_CASE_AND_FORM = "macOS, whose names ignore case and Unicode normalisation"


def test_outputs_that_differ_only_by_case_are_refused_naming_both(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in"
    (source / "X").mkdir(parents=True)
    (source / "x").mkdir()
    for name in ("A.txt", "a.txt", "b.txt", "X/p.txt", "x/p.txt"):
        (source / name).write_text(DIRTY, encoding="utf-8")
    (source / "Caf\u00e9.txt").write_text(DIRTY, encoding="utf-8")  # é as one character
    (source / "cafe\u0301.txt").write_text(DIRTY, encoding="utf-8")  # e and an accent
    out = tmp_path / "out"
    result = run("-o", out, source)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"clean: error: {source / first} and {source / second} would be written to "
        f"{out / first} and {out / second}: one file on {where}"
        for first, second, where in [
            ("A.txt", "a.txt", IGNORING_CASE),
            ("Caf\u00e9.txt", "cafe\u0301.txt", IGNORING_CASE_AND_FORM),
            ("X/p.txt", "x/p.txt", IGNORING_CASE),
        ]
    ] + ["clean: error: nothing written: 3 output collisions"]
    assert not out.exists()  # refused before anything is written
    result = run("-o", "out", "in/X/p.txt", "in/x/p.txt")  # relative names, kept under -o
    assert result.exit_code == 2
    assert f"be written to out/in/X/p.txt and out/in/x/p.txt: one file on {IGNORING_CASE}" in (
        result.stderr
    )
    assert not out.exists()


def test_output_onto_an_input_that_differs_only_by_case_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "A.html").write_text(PAGE, encoding="utf-8")
    before = tree(tmp_path)
    result = run("-o", tmp_path / "A.TXT", tmp_path / "a.txt")
    assert result.exit_code == 2
    assert f"{tmp_path / 'a.txt'}: -o would write {tmp_path / 'A.TXT'}, the input itself on " in (
        result.stderr
    )
    result = run("-o", tmp_path, tmp_path)  # A.html's text would go to A.txt: a.txt there
    assert result.exit_code == 2
    assert (
        f"{tmp_path / 'A.html'}: -o would write {tmp_path / 'A.txt'}, the input "
        f"{tmp_path / 'a.txt'} on {IGNORING_CASE}"
    ) in result.stderr
    assert tree(tmp_path) == before


def test_output_through_a_linked_folder_onto_an_input_is_refused(tmp_path):
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "out").symlink_to(source)  # -o out is the input folder under another name
    result = run("-o", tmp_path / "out", source)
    assert result.exit_code == 2 and "would overwrite the input itself" in result.stderr
    assert (source / "a.txt").read_text(encoding="utf-8") == DIRTY


def test_in_place_cleans_a_file_named_twice_once(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(DIRTY, encoding="utf-8")
    result = run("--in-place", "-j", "2", page, tmp_path / "." / "a.txt")
    assert result.exit_code == 0, result.stderr
    assert page.read_text(encoding="utf-8") == CLEAN
    assert "1 document," in result.stderr


def lines(count: int) -> str:
    return "".join(
        f"Budget number {n} was approved by the council on Tuesday.\n\n" for n in range(count)
    )


FULL = Path("/dev/full")
needs_dev_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")


@needs_dev_full
@pytest.mark.parametrize(
    ("args", "name"),
    [
        ([], "page.txt"),
        (["--check"], "page.txt"),
        (["--explain"], "page.txt"),
        ([], "pages.jsonl"),
        (["--list-rules"], None),
        (["--version"], None),  # what click prints itself
        (["--help"], None),
    ],
)
def test_stdout_on_a_full_disk_is_a_one_line_error(tmp_path, args, name):
    (tmp_path / "page.txt").write_text(DIRTY + lines(2000), encoding="utf-8")
    record = json.dumps({"text": DIRTY + lines(20)})
    (tmp_path / "pages.jsonl").write_text(f"{record}\n" * 200, encoding="utf-8")
    command = [sys.executable, "-m", "cleaner", *args] + ([tmp_path / name] if name else [])
    with FULL.open("wb") as full:
        done = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2
    assert done.stderr == "clean: error: cannot write to stdout: No space left on device\n"


def filling_disk(room: int):
    """os.write as on a disk with `room` bytes left: it takes what fits (a short write) and
    only the next write fails, as Linux does when a disk fills up."""
    real = os.write

    def write(fd, data):
        nonlocal room
        if fd <= 2 and fd != 1:
            return real(fd, data)
        if room == 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        taken = real(fd, bytes(data[:room]))
        room -= taken
        return taken

    return write


SHORT_WRITES = """
import os, sys
sys.path.insert(0, sys.argv.pop(1))
from tests.test_outputs import filling_disk
os.write = filling_disk(1 << 16)
from cleaner.cli import main
main()
"""


def test_stdout_filling_up_is_never_taken_for_a_whole_write(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(lines(20_000), encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    with (tmp_path / "out.txt").open("wb") as out:
        done = subprocess.run(
            [sys.executable, "-c", SHORT_WRITES, root, page],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        2,
        "clean: error: cannot write to stdout: No space left on device\n",
    )
    assert (tmp_path / "out.txt").stat().st_size == 1 << 16


def test_a_file_written_onto_a_full_disk_is_never_committed_short(tmp_path, monkeypatch):
    (tmp_path / "page.txt").write_text(lines(5000), encoding="utf-8")
    record = json.dumps({"text": DIRTY + lines(20)})
    (tmp_path / "pages.jsonl").write_text(f"{record}\n" * 3000, encoding="utf-8")
    (tmp_path / "other.txt").write_text(DIRTY, encoding="utf-8")
    before = tree(tmp_path)
    monkeypatch.setattr(os, "write", filling_disk(1 << 16))
    for name in ("page.txt", "pages.jsonl"):
        out = tmp_path / "out" / name
        result = run("-o", out, tmp_path / name)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[0] == (
            f"clean: error: {tmp_path / name}: cannot write {out}: No space left on device"
        )
        assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    result = run("--in-place", tmp_path / "page.txt", tmp_path / "pages.jsonl")
    assert result.exit_code == 2 and result.stderr.count("No space left on device") == 2
    assert tree(tmp_path) == before  # inputs untouched, no temporary file left


def test_a_failed_commit_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    page = tmp_path / "page.txt"
    page.write_text(DIRTY, encoding="utf-8")

    def fsync(fd):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", fsync)
    result = run("--in-place", page)
    assert result.exit_code == 2 and "Input/output error" in result.stderr
    assert tree(tmp_path) == {"page.txt": DIRTY.encode()}


def test_write_all_retries_short_writes_until_the_disk_says_it_is_full(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "write", filling_disk(10))
    with (tmp_path / "out").open("wb") as out:
        files.write_all(out.fileno(), b"0123456")
        with pytest.raises(OSError, match="No space left"):
            files.write_all(out.fileno(), b"789abc")
    assert (tmp_path / "out").read_bytes() == b"0123456789"


def test_file_names_that_are_not_utf8_are_shown_escaped_and_later_files_go_on(tmp_path):
    root = os.fsencode(tmp_path)
    odd, tidy, missing = root + b"/caf\xe9.txt", root + b"/z.txt", root + b"/gone\xff.txt"
    for name in (odd, tidy):
        Path(os.fsdecode(name)).write_text(DIRTY, encoding="utf-8")
    shown = f"{tmp_path}/caf\\xe9.txt"

    def clean(*args):
        command = [sys.executable, "-m", "cleaner", *args]
        return subprocess.run(command, capture_output=True, check=False)

    done = clean("--check", odd, tidy)
    assert done.returncode == 1, done.stderr
    assert done.stdout.decode().splitlines()[0] == f"{shown}:1: SHR001 share-buttons: Share"
    assert f"{tmp_path}/z.txt:1: SHR001".encode() in done.stdout  # the next file was checked
    done = clean("--diff", odd, tidy)
    assert done.returncode == 1 and f"--- a/{shown}\n".encode() in done.stdout
    assert f"--- a/{tmp_path}/z.txt".encode() in done.stdout
    done = clean("--explain", odd, tidy)
    assert done.returncode == 0 and f"==> {shown} <== site: none\n".encode() in done.stdout
    done = clean("--check", missing, tidy)
    assert done.returncode == 2
    assert f"clean: error: {tmp_path}/gone\\xff.txt: cannot read:".encode() in done.stderr
    done = clean("--check", tmp_path)  # names found by walking a folder
    assert done.returncode == 1 and f"{shown}:1: SHR001".encode() in done.stdout
    done = clean("-o", tmp_path, odd)  # messages naming files
    assert done.returncode == 2 and f"{shown}: -o would overwrite".encode() in done.stderr
    done = clean("-o", tmp_path / "out", odd, tidy)
    assert done.returncode == 0, done.stderr
    assert Path(os.fsdecode(os.fsencode(tmp_path / "out") + b"/caf\xe9.txt")).exists()


def test_rule_files_whose_names_are_not_utf8_are_listed_escaped(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    site = "site: example.org\ndescription: Example.\nmatch:\n  domains: [example.org]\n"
    rule = "  - name: subscribe\n    kind: drop\n    description: A line.\n    phrases: [Subscribe now]\n"
    Path(os.fsdecode(os.fsencode(rules) + b"/s\xe9te.yaml")).write_text(f"{site}rules:\n{rule}")
    command = [sys.executable, "-m", "cleaner", "--rules", rules]
    done = subprocess.run([*command, "--list-rules"], capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert f"site example.org ({rules}/s\\xe9te.yaml)".encode() in done.stdout
    rule_page = [*command, "--show-rule", "SITE:example.org/subscribe"]
    done = subprocess.run(rule_page, capture_output=True, check=False)
    assert done.returncode == 0 and f"({rules}/s\\xe9te.yaml:".encode() in done.stdout


def test_in_place_through_a_symlink_rewrites_its_target_and_keeps_the_link(tmp_path):
    (tmp_path / "real").mkdir()
    for name, data in (("a.txt", DIRTY), ("r.jsonl", json.dumps({"text": DIRTY}) + "\n")):
        (tmp_path / "real" / name).write_text(data, encoding="utf-8")
        (tmp_path / f"link-{name}").symlink_to(Path("real") / name)
    result = run("--in-place", tmp_path / "link-a.txt", tmp_path / "link-r.jsonl")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "link-a.txt").is_symlink() and (tmp_path / "link-r.jsonl").is_symlink()
    assert (tmp_path / "real" / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert json.loads((tmp_path / "real" / "r.jsonl").read_text())["text"] == CLEAN
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["a.txt", "r.jsonl"]


def test_in_place_on_a_hard_link_keeps_the_inode_so_every_name_gets_the_text(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text(DIRTY, encoding="utf-8")
    page.chmod(0o640)
    os.link(page, tmp_path / "b.txt")
    inode = page.stat().st_ino
    result = run("--in-place", page)
    assert result.exit_code == 0, result.stderr
    assert page.stat().st_ino == inode and page.stat().st_nlink == 2
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == CLEAN
    assert page.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def interrupted_run(tmp_path, args, signum):
    """A run over 1,200 files started, then sent `signum` once some files are cleaned."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(1200):
        (pages / f"{n:03}.txt").write_text(DIRTY + lines(300 + n), encoding="utf-8")
    records = "".join(json.dumps({"text": DIRTY + lines(30)}) + "\n" for _ in range(3000))
    (pages / "pages.jsonl").write_text(records, encoding="utf-8")
    before = tree(pages)
    process = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "-q", *args, pages],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    # Files are cleaned in order: watching the first few is enough, and cheap (reading all
    # 400 at each look took long enough on a loaded machine for the run to finish first).
    first = sorted(before)[:8]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if sum((pages / name).read_bytes() != before[name] for name in first) > 3:
            break
        time.sleep(0.005)
    if signum == signal.SIGINT:  # Ctrl-C: the terminal signals every process of the group
        os.killpg(process.pid, signum)
    else:  # kill PID: the parent alone
        process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr, before


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_interrupted_run_exits_128_plus_the_signal_and_leaves_no_temporary_file(
    tmp_path, signum, jobs
):
    code, stderr, before = interrupted_run(tmp_path, ["--in-place", "-j", jobs], signum)
    assert code == 128 + signum, stderr
    assert "Traceback" not in stderr
    left = [p for p in tmp_path.rglob("*") if p.name.startswith(".")]
    assert left == []
    after = tree(tmp_path / "pages")
    assert after.keys() == before.keys()
    changed = [name for name in before if after[name] != before[name]]
    assert changed and len(changed) < len(before)  # interrupted mid-run
    assert after["pages.jsonl"] == before["pages.jsonl"] or "pages.jsonl" in changed


def failing_stderr(kind: str):
    """A stderr that takes nothing: a full disk, or a pipe whose reader is gone."""
    if kind == "full":
        return FULL.open("wb")
    read, write = os.pipe()
    os.close(read)
    return os.fdopen(write, "wb")


@pytest.mark.parametrize("kind", ["full", "closed pipe"])
@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["-o", "out", "page.txt"], 0),  # the summary
        (["-o", "out", "page.txt", "gone.txt"], 2),  # an error
        (["binary.txt"], 3),  # a warning
        (["--jsonl", "pages.jsonl"], 0),  # JSON Lines on stdout, the summary on stderr
        (["--check", "--diff", "page.txt"], 2),  # a usage error
    ],
)
def test_a_failing_stderr_never_changes_what_the_run_does(tmp_path, kind, args, code):
    if kind == "full" and not FULL.exists():
        pytest.skip("no /dev/full")
    (tmp_path / "page.txt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\0\1\2")
    (tmp_path / "pages.jsonl").write_text(json.dumps({"text": DIRTY}) + "\n", encoding="utf-8")
    with failing_stderr(kind) as stderr:
        done = subprocess.run(
            [sys.executable, "-m", "cleaner", *args],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=stderr,
            check=False,
        )
    assert done.returncode == code  # not 1 or 120, as a traceback or a failed flush gives
    if "-o" in args:
        assert (tmp_path / "out" / "page.txt").read_text(encoding="utf-8") == CLEAN
    if "--jsonl" in args:
        assert json.loads(done.stdout)["text"] == CLEAN


def big_output(tmp_path: Path) -> Path:
    page = tmp_path / "big.txt"
    page.write_text(lines(200_000), encoding="utf-8")
    return page


@pytest.mark.parametrize("args", [[], ["--explain"], ["--jsonl"]])
def test_a_closed_stdout_pipe_ends_the_run_quietly_as_head_expects(tmp_path, args):
    page = big_output(tmp_path)
    if "--jsonl" in args:
        record = json.dumps({"text": lines(20)})
        page.write_text(f"{record}\n" * 20_000, encoding="utf-8")
    command = [sys.executable, "-m", "cleaner", *args, page]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()  # clean big.txt | head -1
    process.stdout.close()
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert (process.returncode, stderr) == (128 + signal.SIGPIPE, b"")  # grep's, no message


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["--list-rules"]])
def test_short_output_onto_a_closed_pipe_ends_quietly(tmp_path, args):
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    with os.fdopen(write, "wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "cleaner", *args],
            stdout=stdout,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert (done.returncode, done.stderr) == (128 + signal.SIGPIPE, b"")


INTERRUPTED_WHILE_LOADING = """
import builtins, importlib.metadata, os, signal, sys
sys.path.insert(0, sys.argv.pop(1))
real = builtins.__import__


def interrupting(name, *args, **kwargs):
    if name == "cleaner.engine":  # Ctrl-C while the rules and models load
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, *args, **kwargs)


builtins.__import__ = interrupting
(entry,) = importlib.metadata.entry_points(group="console_scripts", name="clean")
sys.exit(entry.load()())
"""


def test_ctrl_c_while_the_command_loads_exits_130_without_a_traceback(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(DIRTY, encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED_WHILE_LOADING, root, page],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, "clean: interrupted\n", "")
