"""Where the command's output goes, checked before and while it is written: -o targets
that would collide are found before anything is written, and stdout is written whole or fails
with one OutputError."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from cleaner import files
from cleaner.batch import Source
from cleaner.files import OutputError


def target_collisions(sources: list[Source], *, in_place: bool) -> tuple[list[Source], list[str]]:
    """The sources to run, and what is wrong with their targets, found before anything is
    written: -o onto an input (itself or another one) or two inputs onto one output. A file
    named twice --in-place (or under two names of one inode) is cleaned once."""
    if in_place:
        seen, kept = set(), []
        for source in sources:
            key = files.identity(source.path) if source.path is not None else id(source)
            if key not in seen:
                seen.add(key)
                kept.append(source)
        return kept, []
    inputs: dict[str, Source] = {}
    for source in sources:
        if source.path is not None:
            for key in (files.place(source.path), os.path.realpath(source.path)):
                inputs.setdefault(key, source)
    written: dict[str, Source] = {}
    problems = []
    for source in sources:
        if source.target is None:
            continue
        key = files.place(source.target)
        owner = inputs.get(key)
        if owner is source:
            problems.append(f"{source.name}: -o would overwrite the input itself; use --in-place")
        elif owner is not None:
            problems.append(f"{source.name}: -o would write over the input {owner.name}")
        elif key in written:
            first = written[key].name
            where = files.shown(source.target)
            problems.append(f"{first} and {source.name} would both be written to {where}")
        else:
            written[key] = source
    return sources, problems


def stdout_writer() -> Callable[[bytes], None]:
    """What writes to stdout: all of the bytes given, straight to the file descriptor (a
    buffered stream would take a full disk's short write for a whole one), or a fatal
    OutputError."""
    stream = sys.stdout
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
        except OSError as error:
            reason = error.strerror or str(error)
            raise OutputError(f"cannot write to stdout: {reason}", fatal=True) from None

    return write
