"""What start-up would otherwise make again every time, kept on disk: what is made from files.

Two things are kept: the built-in rules, compiled (reading and validating their YAML takes a
tenth of a second and imports PyYAML and pydantic; loading them compiled, a few
milliseconds), and the table of jusText's stop words that tells a page's language (a few
tenths of a second to build from its hundred lists). An entry serves only the very files it
was made from: its key is made of the files' names and contents, the package's version, the
size and modification time of each of the package's own modules and of its compiled core (an
edited checkout makes a new key), and the Python version. An entry that is missing, stale or
unreadable is made again; a cache that can't be written is passed over. Either way the result
is what making it from the files gives.

The cache lives in $CLEANER_CACHE_DIR, else $XDG_CACHE_HOME/cleaner, else ~/.cache/cleaner;
CLEANER_CACHE_DIR set to nothing (CLEANER_CACHE_DIR=) switches it off. One file per kind and
folder of source files (per installation), replaced when they change. The entries are
pickles, so a folder that others may write to is not used.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent
_CODE_SUFFIXES = (".py", ".so", ".pyd")
_KEY_BYTES = 32  # a sha256 digest, at the start of the entry


def location() -> Path | None:
    """Where the cache lives, or None when it is switched off (or there is no home to put
    it in)."""
    chosen = os.environ.get("CLEANER_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, or relative: the XDG spec says to ignore it
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "cleaner") if os.path.isabs(base) else None


def _private(folder: Path) -> bool:
    """Whether `folder` is one only this user can write to (or is yet to be made so): its
    entries are pickles, which run code when loaded, so no one else may put one there."""
    try:
        status = folder.stat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if not hasattr(os, "getuid"):  # Windows: the user's own profile folder
        return True
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def cached(kind: str, source: Path, paths: Sequence[Path], make: Callable[[], T]) -> T:
    """`make()`, or what it returned before for the same files `paths` with the same contents
    (and the same code, see the module's docstring); `make` must depend on nothing else.
    `kind` and `source` (the directory the files come from) name the entry."""
    folder = location()
    if folder is None or not paths or not _private(folder):
        return make()
    try:
        key = _key(paths)
    except OSError:  # a file that can't be read: `make` says what is wrong with it
        return make()
    where = str(source).encode("utf-8", "surrogateescape")
    entry = folder / f"{kind}-{hashlib.sha256(where).hexdigest()[:16]}.pickle"
    found = _read(entry, key)
    if found is not None:
        return found[0]
    value = make()
    _write(folder, entry, key + pickle.dumps((value,), protocol=pickle.HIGHEST_PROTOCOL))
    return value


def _key(paths: Sequence[Path]) -> bytes:
    import cleaner  # here: this module is imported while the package's __init__ runs

    digest = hashlib.sha256()
    for part in (cleaner.__version__, sys.version, *_code_stamps()):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for path in paths:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        data = path.read_bytes()
        digest.update(b"%d\0" % len(data) + data)
    return digest.digest()


def _code_stamps() -> list[str]:
    """Name, size and modification time of each module of the package and of its core."""
    stamps = []
    for folder, subfolders, names in os.walk(PACKAGE):
        subfolders[:] = sorted(d for d in subfolders if d not in ("__pycache__", "_rules"))
        for name in sorted(names):
            if name.endswith(_CODE_SUFFIXES):
                status = os.stat(os.path.join(folder, name))
                relative = os.path.relpath(os.path.join(folder, name), PACKAGE)
                stamps.append(f"{relative} {status.st_size} {status.st_mtime_ns}")
    return stamps


def _read(entry: Path, key: bytes) -> tuple | None:
    """The value kept in `entry` under `key`, as a 1-tuple; None if there is none."""
    try:
        with entry.open("rb") as file:
            if file.read(_KEY_BYTES) != key:
                return None
            return pickle.load(file)
    except Exception:  # missing, cut short, from an older version: made again
        return None


def _write(folder: Path, entry: Path, data: bytes) -> None:
    """Replace `entry` at once (a reader sees the old entry or the new one, whole); nothing
    if the folder can't be written."""
    import tempfile  # only when writing

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{entry.name}.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, entry)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
