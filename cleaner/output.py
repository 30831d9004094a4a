"""Where the command's output goes, checked before and while it is written: -o targets
that would collide are found before anything is written; stdout is written whole or fails
with one OutputError (PipeClosed when its reader is gone), what click prints there too; a
message that stderr can't take is dropped, never the run."""

from __future__ import annotations

import io
import os
import sys
import unicodedata
from collections.abc import Callable
from contextlib import suppress

from cleaner import files
from cleaner.batch import Source
from cleaner.files import OutputError


def target_collisions(sources: list[Source], *, in_place: bool) -> tuple[list[Source], list[str]]:
    """The sources to run, and what is wrong with their targets, found before anything is
    written: -o onto an input (itself or another one) or two inputs onto one output. Names
    are compared as macOS and Windows compare them (ignoring case, and on macOS Unicode
    normalisation), so that a run refused there is refused everywhere. A file named twice
    --in-place (or under two names of one inode) is cleaned once."""
    if in_place:
        seen, kept = set(), []
        for source in sources:
            key = files.identity(source.path) if source.path is not None else id(source)
            if key not in seen:
                seen.add(key)
                kept.append(source)
        return kept, []
    inputs: dict[str, list[tuple[str, Source]]] = {}  # folded name: (name, input)
    for source in sources:
        if source.path is not None:
            for name in (files.place(source.path), os.path.realpath(source.path)):
                inputs.setdefault(_folded(name), []).append((name, source))
    written: dict[str, tuple[str, Source]] = {}
    problems = []
    for source in sources:
        if source.target is None:
            continue
        name = files.place(source.target)
        key = _folded(name)
        if key in inputs:
            problems.append(_onto_input(source, name, _closest(inputs[key], name, source)))
        elif key in written:
            problems.append(_onto_output(source, name, *written[key]))
        else:
            written[key] = (name, source)
    return sources, problems


def _closest(inputs: list[tuple[str, Source]], name: str, source: Source) -> tuple[str, Source]:
    """Of the inputs whose names fold like `name`, the one named so exactly, else `source`
    itself (folding alike, inputs `A.txt` and `a.txt` are one file on macOS too)."""
    exact = [found for found in inputs if found[0] == name]
    itself = [found for found in inputs if found[1] is source]
    return (exact or itself or inputs)[0]


def _onto_input(source: Source, name: str, found: tuple[str, Source]) -> str:
    input_name, owner = found
    itself = owner is source
    if name == input_name:
        if itself:
            return f"{source.name}: -o would overwrite the input itself; use --in-place"
        return f"{source.name}: -o would write over the input {owner.name}"
    target = files.shown(source.target)
    which = "itself" if itself else owner.name
    advice = "; use --in-place" if itself else ""
    return (
        f"{source.name}: -o would write {target}, the input {which} on "
        f"{_one_file(name, input_name)}{advice}"
    )


def _onto_output(source: Source, name: str, first_name: str, first: Source) -> str:
    target = files.shown(source.target)
    if name == first_name:
        return f"{first.name} and {source.name} would both be written to {target}"
    return (
        f"{first.name} and {source.name} would be written to {files.shown(first.target)} "
        f"and {target}: one file on {_one_file(name, first_name)}"
    )


def _folded(name: str) -> str:
    """A name as a file system that ignores case and Unicode normalisation (macOS) sees it:
    names that fold alike are one file there."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def _one_file(name: str, other: str) -> str:
    if name.casefold() == other.casefold():
        return "macOS and Windows, whose names ignore case"
    return "macOS, whose names ignore case and Unicode normalisation"


class PipeClosed(OutputError):
    """stdout is a pipe whose reader is gone (`clean big.txt | head -1`): the run ends
    quietly, as grep's does."""

    STATUS = 128 + 13  # 128 + SIGPIPE: what a shell shows for a command that SIGPIPE ended


def stdout_writer(stream=None) -> Callable[[bytes], None]:
    """What writes to stdout (or `stream`): all of the bytes given, straight to the file
    descriptor (a buffered stream would take a full disk's short write for a whole one), or
    a fatal OutputError (PipeClosed when the reader is gone)."""
    stream = sys.stdout if stream is None else stream
    try:
        stream.flush()
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        fd = None

    def write(data: bytes) -> None:
        try:
            if fd is None:
                stream.buffer.write(data)
                stream.buffer.flush()
            else:
                files.write_all(fd, data)
        except BrokenPipeError:
            raise PipeClosed("stdout: the reader is gone", fatal=True) from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise OutputError(f"cannot write to stdout: {reason}", fatal=True) from None

    return write


class _Direct(io.TextIOBase):
    """A text stream over `stream` whose writes go whole, straight to its file descriptor,
    as the command's own output does (stdout_writer): nothing is held, nothing to flush."""

    def __init__(self, stream):
        self._stream = stream
        self._write = stdout_writer(stream)

    @property
    def encoding(self) -> str:
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str:
        return "backslashreplace"

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()


class Stdout(_Direct):
    """stdout for what click prints itself (--help, --version): a write that fails raises
    the OutputError that the command's own output would."""

    def write(self, text: str) -> int:
        self._write(text.encode(self.encoding, self.errors))
        return len(text)


class Stderr(_Direct):
    """stderr for the command's messages (its own, click's, tqdm's, a traceback's): a write
    that fails (2>/dev/full, a pipe whose reader is gone) is dropped, since there is nowhere
    left to report it. The run goes on, and its exit status still says what it did (2 for an
    error, 3 for a warning, even where the message could not be shown)."""

    def write(self, text: str) -> int:
        with suppress(OutputError):
            self._write(text.encode(self.encoding, self.errors))
        return len(text)
