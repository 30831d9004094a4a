"""Cleaning many documents: files and JSON Lines streams, in worker processes, in order.

The work is a stream of tasks: one per text file, and one per chunk of lines of a JSON Lines
input. Tasks run in worker processes (each builds nothing: it is forked from the parent once
the rules and language data are loaded), files FILES_PER_TASK at a time, and their outcomes
come back in input order, at most `window` groups at a time, so memory stays flat however
long the input. Workers write cleaned text files themselves (atomically);
everything that goes to stdout or into a JSON Lines output is written by the parent, in order.

Nothing is lost: a file that can't be read, a binary file, a record that can't be cleaned,
and a document a rule file would wipe (Cleaner.max_removed) are all reported as messages, and
counted in the summary that decides the exit status.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path

from cleaner import report
from cleaner.engine import Cleaner, Result
from cleaner.files import (
    MAX_UNPACKED,
    SNIFF_BYTES,
    AtomicFile,
    Decoded,
    InputError,
    OutputError,
    decode,
    gunzip,
    is_binary,
    is_html,
    shown,
    write_atomic,
)
from cleaner.html import looks_like_html
from cleaner.records import Fields, RecordError, clean_record, dumps, flagged, parse_line

ON_ERROR = ("pass", "skip", "fail")
# A chunk of JSON Lines sent to a worker: enough lines to make the trip worth it.
CHUNK_BYTES = 1 << 18
CHUNK_LINES = 512


@dataclass(frozen=True)
class Job:
    """What to do with every document of a run (sent once to each worker).

    action: "print" (cleaned text on stdout), "write" (into each source's target file),
    "check" (findings), "diff", "explain".
    """

    action: str
    url: str | None = None
    site: str | None = None
    fields: Fields = Fields()
    on_error: str = "pass"
    headers: bool = False  # explain: a header line before each document
    input_format: str | None = None  # "text" or "html"; None: by file name, then content
    max_unpacked: int = MAX_UNPACKED  # bytes a gzip page may unpack to


@dataclass(frozen=True)
class Source:
    """One input: a file, or stdin (path None, its bytes in `data`)."""

    name: str  # as shown in messages and findings
    path: Path | None = None
    data: bytes | None = None
    jsonl: bool = False
    target: Path | None = None  # where "write" puts the cleaned text (may be `path` itself)

    def read(self) -> bytes:
        return self.data if self.path is None else self.path.read_bytes()


@dataclass(frozen=True)
class Chunk:
    """Consecutive lines of a JSON Lines source; `first` is the number of the first line."""

    source: Source
    first: int
    lines: tuple[bytes, ...]
    last: bool  # the source ends with this chunk
    unreadable: str = ""  # why the source could not be read on (its last chunk, no lines)


@dataclass
class Tally:
    """What a run did, added up over all its outcomes."""

    documents: int = 0
    records: int = 0
    bytes_in: int = 0  # read (the progress bar), failed_bytes included
    bytes_out: int = 0
    failed_bytes: int = 0  # read from files that failed or were skipped: not input cleaned
    found: int = 0  # documents with boilerplate (--check, --diff)
    withheld: int = 0  # documents left unchanged by the max_removed guard
    skipped: int = 0  # binary files, records skipped by --on-error skip
    errors: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Outcome:
    """What one task did: output for stdout or for its JSON Lines sink, messages, counts."""

    task: Source | Chunk
    text: str = ""  # for stdout (print, check, diff, explain)
    lines: list[str] = field(default_factory=list)  # JSON Lines output, without newlines
    messages: list[tuple[str, str]] = field(default_factory=list)  # (level, one line)
    tally: Tally = field(default_factory=Tally)
    stop: bool = False  # --on-error fail met a bad record


# Set in each worker process (and in the parent for a run without workers).
_cleaner: Cleaner | None = None
_job: Job | None = None


def tune_gc() -> None:
    """Collect cycles less often. Cleaning a document makes many small objects and no cycles;
    with the default thresholds, collections on a page of 500,000 lines make time grow
    faster than the input. Objects alive now (rules, models) are never scanned again."""
    gc.freeze()
    gc.set_threshold(20_000, 50, 50)


def _start(cleaner: Cleaner, job: Job, parent: int | None = None) -> None:
    """Set up this process to run tasks; `parent`: it is a worker of that process."""
    global _cleaner, _job
    if parent is not None:
        _die_with(parent)
    _cleaner, _job = cleaner, job
    tune_gc()


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
PARENT_CHECK_SECONDS = 0.5


def _die_with(parent: int) -> None:
    """End this worker when its parent process ends, however it ends (a SIGKILL too): else a
    worker waits for tasks forever. On Linux the kernel kills it (PR_SET_PDEATHSIG); anywhere,
    a thread checks that the parent is still there (and covers a parent gone before)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):  # no libc to call: the thread alone
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL))
    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="watch-parent", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def exit_on_signal(signum: int, _frame) -> None:
    """SIGTERM as an exit (status 128 + 15) that unwinds: files being written are discarded
    (a second SIGTERM, as a pool sends to its workers when it breaks, must not cut that)."""
    signal.signal(signum, signal.SIG_IGN)
    raise SystemExit(128 + signum)


_busy = False  # a worker is running a group of tasks


def _worker_exit(signum: int, frame) -> None:
    """SIGTERM in a worker: unwind the task it runs (discarding what it was writing), or, if
    it is waiting for work, just exit: an exception raised in the pool's own queues would
    leave their locks held."""
    if _busy:
        exit_on_signal(signum, frame)
    os._exit(128 + signum)


def _start_worker(cleaner: Cleaner, job: Job, parent: int) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent alone decides, and
    # stops the workers with SIGTERM.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _worker_exit)
    _start(cleaner, job, parent)


def run_task(task: Source | Chunk) -> Outcome:
    """Clean one file or one chunk of records (in a worker)."""
    if isinstance(task, Chunk):
        return _clean_chunk(task)
    outcome = Outcome(task)
    try:
        _clean_file(task, outcome)
        return outcome
    except InputError as error:
        level = "warning" if error.skipped else "error"
        outcome.messages.append((level, f"{task.name}: {error}"))
    except OSError as error:
        where = f" {shown(error.filename)}" if error.filename else ""
        outcome.messages.append(("error", f"{task.name}: cannot write{where}: {_reason(error)}"))
    except Exception as error:  # a bug must not sink the batch: report it, go on
        outcome.messages.append(("error", f"{task.name}: cleaning failed: {error!r}"))
    # Counted as read (for the progress bar), not as a document cleaned.
    read = outcome.tally.bytes_in
    outcome.tally = Tally(bytes_in=read, failed_bytes=read)
    if outcome.messages[-1][0] == "warning":
        outcome.tally.skipped = 1
    else:
        outcome.tally.errors = 1
    return outcome


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _clean_file(source: Source, outcome: Outcome) -> None:
    try:
        data = source.read()
    except OSError as error:
        raise InputError(f"cannot read: {_reason(error)}") from None
    tally = outcome.tally
    tally.bytes_in = len(data)
    html = _is_html(source, data)
    in_place = _job.action == "write" and source.target == source.path
    if html and in_place:
        raise InputError("an HTML page is not rewritten in place with its text; use -o DIR")
    if html:
        if data[:2] == b"\x1f\x8b":
            data = gunzip(data, _job.max_unpacked)
        if is_binary(data):
            raise InputError("binary file (NUL bytes), skipped", skipped=True)
        result = _cleaner.analyse_html(data, url=_job.url, site=_job.site)
        # What --diff compares the cleaned text with: the page's blocks in the same format (not
        # its markup). The cleaned text of a page is written as UTF-8.
        decoded = Decoded(_as_text(result.document.lines))
    else:
        decoded = decode(data)
        result = _cleaner.analyse(decoded.text, url=_job.url, site=_job.site)
    if decoded.invalid:
        _stray_bytes(source.name, decoded, in_place and result.text != decoded.text, outcome)
    tally.documents = 1
    if result.withheld is not None:
        done = "cleaned by the built-in rules alone" if html else "left unchanged"
        outcome.messages.append(("warning", f"{source.name}: {done}: {result.withheld}"))
        tally.withheld = 1
    action = _job.action
    cleaned = decoded.encode(result.text)
    tally.bytes_out = len(cleaned)
    if action == "write":
        # A file in place is rewritten only when its text changes (written back, a mostly-UTF-8
        # file's stray bytes would change: see _stray_bytes).
        changed = result.text != decoded.text if decoded.invalid else cleaned != data
        if not in_place or changed:
            write_atomic(source.target, cleaned, in_place=in_place)
    elif action == "print":
        outcome.text = result.text
    else:
        outcome.text = _report(action, source.name, decoded, result)
        tally.found = int(bool(outcome.text)) if action != "explain" else 0


def _stray_bytes(name: str, decoded: Decoded, refuse: bool, outcome: Outcome) -> None:
    """Say where a mostly-UTF-8 file is not UTF-8; `refuse`: it would be rewritten in place,
    which it never is, since its stray bytes (U+FFFD in its text) would not be written back as
    they were."""
    more = len(decoded.invalid) - 1
    where = f"{decoded.invalid[0]}" + (f" (and {more:,} more places)" if more else "")
    if refuse:
        raise InputError(
            f"not rewritten in place: not valid UTF-8 at byte {where}, and the bytes there "
            "would change; fix them, or write the cleaned text elsewhere with -o"
        )
    message = f"{name}: not valid UTF-8 at byte {where}: read as UTF-8, each bad byte as U+FFFD"
    outcome.messages.append(("warning", message))


def _as_text(blocks: list[str]) -> str:
    blocks = [block for block in blocks if block]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def _is_html(source: Source, data: bytes) -> bool:
    if _job.input_format is not None:
        return _job.input_format == "html"
    if source.path is not None and is_html(source.path):
        return True
    return looks_like_html(data[:SNIFF_BYTES])


def _report(action: str, name: str, decoded: Decoded, result: Result) -> str:
    if action == "check":
        if result.withheld is not None:
            return ""
        return "".join(f"{line}\n" for line in report.findings(result, name))
    if action == "diff":
        return report.diff(decoded.text, result.text, name)
    header = f"==> {name} <== site: {result.site or 'none'}\n" if _job.headers else ""
    return header + "\n".join(report.explain(result)) + "\n"


def _clean_chunk(chunk: Chunk) -> Outcome:
    outcome = Outcome(chunk)
    tally, fields, on_error = outcome.tally, _job.fields, _job.on_error
    if chunk.unreadable:
        outcome.messages.append(("error", f"{chunk.source.name}: {chunk.unreadable}"))
        tally.errors = 1
        return outcome
    for number, line in enumerate(chunk.lines, chunk.first):
        tally.bytes_in += len(line)
        if not line.strip():
            continue
        tally.records += 1
        try:
            record = clean_record(_cleaner, parse_line(line), fields, _job.input_format)
            cleaned = dumps(record)
        except RecordError as error:
            problem, kept = str(error), error.kept
        except Exception as error:  # a bug must not sink the batch: flag the record, go on
            problem, kept = f"cleaning failed: {error!r}", False
        else:
            if "withheld" in record[fields.meta]:
                message = f"{chunk.source.name}:{number}: left unchanged: "
                outcome.messages.append(("warning", message + record[fields.meta]["withheld"]))
                tally.withheld += 1
            outcome.lines.append(cleaned)
            continue
        outcome.messages.append(("error", f"{chunk.source.name}:{number}: {problem}"))
        tally.errors += 1
        # What an earlier pass kept is never dropped: --on-error skip passes it through too.
        if on_error == "pass" or on_error == "skip" and kept:
            outcome.lines.append(dumps(flagged(line, f"line {number}: {problem}", fields)))
        elif on_error == "skip":
            tally.skipped += 1
        else:
            outcome.stop = True
            break
    tally.bytes_out = sum(len(line.encode("utf-8")) + 1 for line in outcome.lines)
    return outcome


def chunks(source: Source) -> Iterator[Chunk]:
    """A JSON Lines source in chunks, the last one marked (an empty source: one empty chunk).
    A source that can't be read (to its end) ends with a chunk that says why: what came
    before it is then not committed to a file."""
    previous = None  # sent once it is known whether another chunk follows
    try:
        if source.path is not None:
            opened = source.path.open("rb")
        else:
            opened = nullcontext(sys.stdin.buffer)
        with opened as handle:
            for chunk in _read_chunks(source, handle):
                if previous is not None:
                    yield previous
                previous = chunk
    except OSError as error:
        if previous is not None:
            yield previous
        first = previous.first + len(previous.lines) if previous else 1
        yield Chunk(source, first, (), last=True, unreadable=f"cannot read: {_reason(error)}")
        return
    yield replace(previous, last=True) if previous else Chunk(source, 1, (), last=True)


def _read_chunks(source: Source, handle) -> Iterator[Chunk]:
    first, lines, size = 1, [], 0
    for number, line in enumerate(handle, 1):
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 mark isn't part of JSON
        lines.append(line)
        size += len(line)
        if size >= CHUNK_BYTES or len(lines) >= CHUNK_LINES:
            yield Chunk(source, first, tuple(lines), last=False)
            first, lines, size = number + 1, [], 0
    if lines:
        yield Chunk(source, first, tuple(lines), last=False)


def tasks(sources: Iterable[Source]) -> Iterator[Source | Chunk]:
    for source in sources:
        if source.jsonl:
            yield from chunks(source)
        else:
            yield source


FILES_PER_TASK = 16  # files sent to a worker at once: one round trip instead of sixteen


def _grouped(work: Iterable[Source | Chunk]) -> Iterator[list[Source | Chunk]]:
    """Tasks in order, consecutive files grouped (a chunk of records goes alone)."""
    group: list[Source | Chunk] = []
    for task in work:
        if isinstance(task, Chunk):
            if group:
                yield group
                group = []
            yield [task]
            continue
        group.append(task)
        if len(group) == FILES_PER_TASK:
            yield group
            group = []
    if group:
        yield group


def run_group(group: list[Source | Chunk]) -> list[Outcome]:
    """Run a group of tasks in a worker; stopped by SIGTERM, the worker exits once the task
    it was running has unwound."""
    global _busy
    _busy = True
    try:
        return [run_task(task) for task in group]
    except SystemExit as stop:
        os._exit(stop.code)
    finally:
        _busy = False


def run(
    cleaner: Cleaner,
    job: Job,
    work: Iterable[Source | Chunk],
    workers: int,
    window: int | None = None,
) -> Iterator[Outcome]:
    """Outcomes of `work`, in order, from `workers` processes (1: in this process)."""
    if workers <= 1:
        _start(cleaner, job)
        yield from map(run_task, work)
        return
    import multiprocessing  # only for workers: one document runs here
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    if context.get_start_method() == "fork":
        # Workers forked from here share the rules and language data instead of each
        # loading its own (frozen, so that garbage collections don't copy their pages).
        cleaner.preload()
        gc.freeze()
    window = window or 4 * workers
    with ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(cleaner, job, os.getpid()),
    ) as pool:
        pending = deque()
        try:
            for group in _grouped(work):
                pending.append(pool.submit(run_group, group))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        except GeneratorExit:  # the caller stopped early: the groups under way finish
            for future in pending:
                future.cancel()
            raise
        except BaseException:  # interrupted (Ctrl-C, SIGTERM): stop the workers now
            # Not cancelling the futures: the broken pool fails them (Python 3.11 raises in
            # its own thread if it finds one cancelled).
            for process in multiprocessing.active_children():
                process.terminate()
            raise


class Sinks:
    """Where JSON Lines outcomes go: stdout, or each source's target file, committed when
    its last chunk is written (discarded if the run stops before, if the source could not be
    read to its end, or if a write fails: the rest of that source is then dropped, with one
    OutputError naming the file)."""

    def __init__(self, stdout: Callable[[bytes], object]):
        self._stdout = stdout
        self._open: dict[str, AtomicFile] = {}
        self._failed: set[str] = set()

    def write(self, outcome: Outcome) -> None:
        chunk = outcome.task
        data = "".join(f"{line}\n" for line in outcome.lines).encode("utf-8")
        target = chunk.source.target
        if target is None:
            self._stdout(data)
            return
        key = str(target)
        if key in self._failed:
            return
        if chunk.unreadable:  # the source could not be read to its end: nothing committed
            sink = self._open.pop(key, None)
            if sink is not None:
                sink.discard()
            return
        try:
            if key not in self._open:
                in_place = target == chunk.source.path
                self._open[key] = AtomicFile(target, in_place=in_place)
            self._open[key].write(data)
            if chunk.last and not outcome.stop:
                self._open.pop(key).commit()
        except OSError as error:
            self._open.pop(key, None)  # the file discarded itself
            self._failed.add(key)
            where = shown(error.filename or target)
            message = f"{chunk.source.name}: cannot write {where}: {_reason(error)}"
            raise OutputError(message) from None

    def discard(self) -> None:
        for sink in self._open.values():
            sink.discard()
        self._open.clear()
