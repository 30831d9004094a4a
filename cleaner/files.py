"""Reading and writing corpus files without losing anything.

Reading: bytes are decoded by their byte-order mark, else as UTF-8, else as UTF-8 with a few
stray bytes (cleaner.utf8: each one U+FFFD, their offsets kept to be reported), else by
detection (charset-normalizer): Latin-1, cp1252, Shift-JIS and the like are read, not rejected.
A file with NUL bytes (and no UTF-16/32 mark) is binary: it is reported and skipped, never
cleaned. A gzip file is unpacked as a stream that stops at a cap (`gunzip`).

Writing: through a temporary file in the target's directory and an atomic rename, keeping the
target's permissions, so that a process killed at any moment leaves the old file or the new
one, never a truncated one. A file rewritten in place keeps its encoding, byte-order mark and
line endings; through a symbolic link, its target is rewritten and the link kept; a file with
hard links keeps its inode (see AtomicFile). Every write is checked, short ones included.
"""

from __future__ import annotations

import errno
import os
import select
import signal
import threading
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cleaner.utf8 import BOMS, mostly_utf8

# Detection looks at this much of a file: enough to tell, and quick on a 50 MB file.
SNIFF_BYTES = 1 << 16


class InputError(Exception):
    """A file that can't be read as text. `skipped`: binary, passed over on purpose."""

    def __init__(self, message: str, *, skipped: bool = False):
        super().__init__(message)
        self.skipped = skipped


@dataclass(frozen=True)
class Decoded:
    """A file's text, and how to write text back the way the file was written."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""
    newline: str = "\n"
    invalid: tuple[int, ...] = ()  # byte offsets of what isn't UTF-8 in mostly-UTF-8 bytes

    def encode(self, text: str) -> bytes:
        """`text` (with "\\n" line ends) in this file's encoding, mark and line endings."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return self.bom + text.encode(self.encoding)


def decode(data: bytes) -> Decoded:
    """The text of a file's bytes; raises InputError for binary or undecodable data."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return _decoded(data[len(bom) :].decode(encoding), encoding, bom)
            except UnicodeDecodeError as error:
                mostly = mostly_utf8(data[len(bom) :]) if encoding == "utf-8" else None
                if mostly is None:
                    raise InputError(f"not valid {encoding} after its mark: {error}") from None
            invalid = tuple(offset + len(bom) for offset in mostly[1])
            return _decoded(mostly[0], encoding, bom, invalid)
    if is_binary(data):
        raise InputError("binary file (NUL bytes), skipped", skipped=True)
    try:
        return _decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    mostly = mostly_utf8(data)
    if mostly is not None:
        return _decoded(mostly[0], "utf-8", invalid=mostly[1])
    encoding = _detect(data)
    if encoding is None:
        raise InputError("cannot tell the text encoding (not UTF-8, and detection failed)")
    return _decoded(data.decode(encoding), encoding)


def is_binary(data: bytes) -> bool:
    """NUL bytes, and no UTF-16/32 byte-order mark that would account for them."""
    return b"\0" in data and not any(data.startswith(bom) for bom, _ in BOMS)


def _detect(data: bytes) -> str | None:
    """The likeliest encoding of bytes that aren't UTF-8.

    charset-normalizer ranks the candidates; among those that read equally well it often
    puts a rare code page first ("Café" as cp1006), so Windows-1252, the commonest legacy
    encoding of web text, wins a tie, then the other common ones. A sample of the file
    decides; the choice must then decode the whole file, or the whole file decides."""
    for chunk in (data[:SNIFF_BYTES], data) if len(data) > SNIFF_BYTES else (data,):
        encoding = _best_encoding(chunk)
        if encoding is not None and _decodes(data, encoding):
            return encoding
    return None


_PREFERRED = ("cp1252", "cp1250", "cp1251", "cp932", "euc_jp", "gb18030", "big5", "euc_kr")


def _best_encoding(data: bytes) -> str | None:
    import charset_normalizer  # imported with the first file that isn't UTF-8

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches) + 0.01
    western = list(charset_normalizer.from_bytes(data, cp_isolation=["cp1252"]))
    if western and western[0].chaos <= least:
        return "cp1252"
    tied = [m.encoding for m in matches if m.chaos <= least]
    return next((e for e in _PREFERRED if e in tied), tied[0])


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _decoded(text: str, encoding: str, bom: bytes = b"", invalid: tuple[int, ...] = ()) -> Decoded:
    head = text[: text.find("\n") + 1] if "\n" in text else ""
    newline = "\r\n" if head.endswith("\r\n") else "\n"
    return Decoded(text, encoding, bom, newline, invalid)


# What a gzip page may unpack to (--max-unpacked): the largest pages on the web are a few MB,
# and a page takes about 11 times its size in memory to clean (a 100 KB file that unpacks to
# 100 MB took 1.15 GB).
MAX_UNPACKED = 20_000_000


def gunzip(data: bytes, limit: int = MAX_UNPACKED) -> bytes:
    """What gzip bytes unpack to (every member), unpacked as a stream that stops once past
    `limit` bytes: then InputError (skipped). Bytes that are not valid gzip: InputError."""
    pieces, size, rest = [], 0, data
    try:
        while rest:
            unpacker = zlib.decompressobj(16 + zlib.MAX_WBITS)  # a gzip header and trailer
            while not unpacker.eof:
                piece = unpacker.decompress(rest, limit + 1 - size)
                rest = unpacker.unconsumed_tail
                if not piece and not rest:
                    raise InputError(
                        "not a valid gzip file: it ends before its end-of-stream marker"
                    )
                pieces.append(piece)
                size += len(piece)
                if size > limit:
                    raise InputError(
                        f"unpacks to more than {_size(limit)} (--max-unpacked), skipped",
                        skipped=True,
                    )
            rest = unpacker.unused_data.lstrip(b"\0")  # another member, or padding
    except zlib.error as error:
        raise InputError(f"not a valid gzip file: {error}") from None
    return b"".join(pieces)


def _size(count: int) -> str:
    for unit, name in ((1_000_000_000, "GB"), (1_000_000, "MB"), (1000, "kB")):
        if count >= unit:
            return f"{count / unit:g} {name}"
    return f"{count} bytes"


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


class OutputError(Exception):
    """A write that failed (a full disk, a closed pipe), in one line naming where it went.
    `fatal`: stdout, after which nothing more can be written."""

    def __init__(self, message: str, *, fatal: bool = False):
        super().__init__(message)
        self.fatal = fatal


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data` to `fd`, or raise OSError. A write may take less than it is
    given: a disk filling up takes what fits, and only the next write says it is full (a
    buffered file object's `write` then returns the short count without a word)."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:  # stdout may be a non-blocking pipe: wait until it drains
            select.select([], [fd], [])
            continue
        if written == 0:
            raise OSError(errno.EIO, "nothing written")
        view = view[written:]


@contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a few steps run that must not be cut in two (a
    temporary file made and named, a file renamed or rewritten); they take effect after.
    Only the main thread has signal handlers: elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _: held.append(signum)) for s in _HELD}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)


_HELD = (signal.SIGINT, signal.SIGTERM)


class AtomicFile:
    """A file that replaces `path` only when committed: written to a hidden temporary file
    beside it, then renamed over it (keeping its permissions; a new file gets the usual
    ones). Discarded, after an error (a full disk), a Ctrl-C or a SIGTERM, `path` is
    untouched and the temporary file gone; after a SIGKILL, a hidden `.NAME.*.tmp` may
    remain beside it.

    A file that replaces another is flushed to disk (fsync) before the rename, so that even
    a power cut leaves the old or the new contents. A new file is not: fsync costs about a
    millisecond a file and doesn't overlap between workers, and its input is still there.

    `in_place`: `path` is an input rewritten. A symbolic link is followed: its target is
    rewritten and the link kept. A file with hard links keeps its inode, so that every name
    of it gets the new contents: they are written to the temporary file and flushed to
    disk, then copied into the file, and the temporary file removed. That copy can't be
    atomic: a SIGKILL or a power cut during it can leave the file half-written, with its
    new contents whole in the temporary file (kept too if the copy fails).

        with AtomicFile(path) as out:   # committed when the block ends without an error
            out.write(data)
    """

    def __init__(self, path: Path, *, in_place: bool = False):
        if in_place:
            path = Path(os.path.realpath(path))
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        info = path.stat() if path.exists() else None
        self._replaces = info is not None
        self._mode = info.st_mode if info is not None else DEFAULT_MODE
        self._linked = in_place and info is not None and info.st_nlink > 1
        self._fd, self._temporary = -1, ""
        import tempfile  # with the first file written: printing needs none

        try:
            with uninterrupted():  # a signal held back is raised at the end of the block
                self._fd, self._temporary = tempfile.mkstemp(
                    dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
                )
        except BaseException:
            self.discard()
            raise

    def write(self, data: bytes) -> None:
        try:
            write_all(self._fd, data)
        except BaseException as error:
            self.discard()
            raise self._named(error) from None

    def commit(self) -> None:
        try:
            with uninterrupted():
                if self._replaces:
                    os.fsync(self._fd)
                if self._linked:
                    self._copy_into_file()
                    return
                os.close(self._fd)
                self._fd = -1
                os.chmod(self._temporary, self._mode)
                os.replace(self._temporary, self.path)
        except BaseException as error:
            self.discard()
            raise self._named(error) from None

    def _copy_into_file(self) -> None:
        size, offset = os.lseek(self._fd, 0, os.SEEK_CUR), 0
        target = os.open(self.path, os.O_WRONLY)
        try:
            while offset < size:
                chunk = os.pread(self._fd, min(1 << 20, size - offset), offset)
                if not chunk:
                    raise OSError(errno.EIO, "the temporary file came out short")
                write_all(target, chunk)
                offset += len(chunk)
            os.ftruncate(target, size)
            os.fsync(target)
        except OSError as error:  # the file may be half-written: its new contents stay
            kept, self._temporary = self._temporary, ""
            reason = f"{error.strerror}; its cleaned text is in {shown(kept)}"
            raise OSError(error.errno, reason) from None
        finally:
            os.close(target)
        self.discard()

    def discard(self) -> None:
        with uninterrupted():
            if self._fd >= 0:
                fd, self._fd = self._fd, -1
                os.close(fd)
            if self._temporary:
                Path(self._temporary).unlink(missing_ok=True)

    def _named(self, error: BaseException) -> BaseException:
        """An OSError names the file being written, not its temporary one."""
        if isinstance(error, OSError) and error.errno is not None:
            return OSError(error.errno, error.strerror, str(self.path))
        return error

    def __enter__(self) -> AtomicFile:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()


DEFAULT_MODE = _default_mode()


def write_atomic(path: Path, data: bytes, *, in_place: bool = False) -> None:
    with AtomicFile(path, in_place=in_place) as out:
        out.write(data)


def shown(name: str | Path) -> str:
    """A file name as printed: bytes that aren't UTF-8 (which Python keeps as lone
    surrogates) as backslash escapes, "caf\\xe9.txt", so that printing it never fails."""
    name = str(name)
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file name's bytes give
        return name.encode("utf-8", "backslashreplace").decode("utf-8")


def place(path: Path) -> str:
    """Where writing `path` lands: a write renames over the name, so a link there is
    replaced, not followed; the folders on the way are followed."""
    return os.path.join(os.path.realpath(path.parent), path.name)


def identity(path: Path) -> tuple[int, int] | str:
    """The file a name stands for, the same under every name (links, hard links)."""
    try:
        info = path.stat()
    except OSError:
        return os.path.realpath(path)
    return info.st_dev, info.st_ino


# What a directory walk picks up when no --include is given, and how each kind is read.
TEXT_SUFFIXES = (".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
DEFAULT_INCLUDE = tuple(
    f"*{suffix}" for suffix in (*TEXT_SUFFIXES, *JSONL_SUFFIXES, *HTML_SUFFIXES)
)


def is_jsonl(path: str | Path) -> bool:
    return str(path).lower().endswith(JSONL_SUFFIXES)


def is_html(path: str | Path) -> bool:
    return str(path).lower().endswith(HTML_SUFFIXES)


def text_name(path: Path) -> Path:
    """Where the cleaned text of an HTML page goes: page.html → page.txt."""
    name = path.name
    for suffix in HTML_SUFFIXES:
        if name.lower().endswith(suffix):
            return path.with_name(name[: -len(suffix)] + ".txt")
    return path


def walk(
    root: Path,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    skip: Path | None = None,
) -> Iterator[Path]:
    """Files under `root` whose path relative to it matches an `include` glob and no `exclude`
    glob (matched from the right: "*.txt", "drafts/*"), in a stable order. Hidden files and
    directories are passed over, and so is `skip` (an output directory inside `root`)."""
    skip = skip.resolve() if skip is not None else None
    for directory, subdirectories, names in os.walk(root):
        here = Path(directory)
        subdirectories[:] = sorted(
            d for d in subdirectories if not d.startswith(".") and (here / d).resolve() != skip
        )
        for name in sorted(names):
            if name.startswith("."):
                continue
            relative = PurePosixPath((here / name).relative_to(root).as_posix())
            if any(relative.match(g) for g in include) and not any(
                relative.match(g) for g in exclude
            ):
                yield here / name
