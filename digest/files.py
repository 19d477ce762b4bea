"""Reading the project's files safely: only regular files inside the project, never more than a limit.

Content comes from pull requests: a file in ``content/`` may be a link to ``/dev/zero``
or to a file outside the project, a named pipe, a folder. :func:`read` opens nothing
but a regular file whose real path lies inside the folder it is allowed to read
from, and reads at most the limit, whatever the file claims its size is.
"""

from __future__ import annotations

import ctypes
import os
import stat
from pathlib import Path

CHUNK = 1 << 16
THEME_LIMIT = 50_000_000  # bytes: a template, catalog or static asset (a font, an image) larger than this is a mistake


Stat = tuple[int, int, int]  # size, modification time (ns) and mode: a chmod changes the mode only


def stat_of(found: os.stat_result) -> Stat:
    """What a file's stat says about whether it changed."""
    return (found.st_size, found.st_mtime_ns, found.st_mode)


class Unreadable(Exception):
    """A file digest will not or cannot read; the message says why and what to do."""


def inside(folder: Path | str, path: Path | str) -> bool:
    """True when the real path of ``path`` lies inside the real path of ``folder``."""
    base, real = realpath(folder), realpath(path)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


_libc_realpath = getattr(ctypes.CDLL(None, use_errno=True), "realpath", None)  # looked up before any fork
if _libc_realpath is not None:
    _libc_realpath.argtypes, _libc_realpath.restype = [ctypes.c_char_p, ctypes.c_char_p], ctypes.c_char_p
_PATH_MAX = 4096  # Linux's; macOS's is 1024


def realpath(path: Path | str) -> str:
    """``os.path.realpath(path)``, from the C library's when it can resolve the whole path.

    Python's own walks the path in Python, one ``lstat`` per part: two thirds of the cost
    of reading a content file, and every content file is read twice in a clean build.
    Where the C library gives up (a part is missing, a link dangles or loops), Python's
    answers, as before.
    """
    if _libc_realpath is not None:
        found = _libc_realpath(os.fsencode(path), ctypes.create_string_buffer(_PATH_MAX))
        if found is not None:
            return os.fsdecode(found)
    return os.path.realpath(path)


def read(path: Path, within: Path | None, limit: int) -> bytes:
    """The bytes of the regular file at ``path`` (inside ``within`` unless None), at most ``limit``."""
    if within is not None and not inside(within, path):
        raise Unreadable("a link to a file outside the project: digest reads only files inside it; copy the file in instead")
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))  # a pipe must not block
    except IsADirectoryError:
        raise Unreadable("a folder, not a file") from None
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror}") from None
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise Unreadable("not a regular file (a pipe, a device or a folder): digest reads only plain files")
        if found.st_size > limit:
            raise Unreadable(f"file is {found.st_size:,} bytes, over the limit of {limit:,} (max_file_size)")
        return _bounded(handle, limit)
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror}") from None
    finally:
        os.close(handle)


def _bounded(handle: int, limit: int) -> bytes:
    """Everything left in an open file, or Unreadable as soon as it passes ``limit`` bytes."""
    chunks, size = [], 0
    while chunk := os.read(handle, CHUNK):
        size += len(chunk)
        if size > limit:
            raise Unreadable(f"file grew past the limit of {limit:,} bytes (max_file_size) while being read")
        chunks.append(chunk)
    return b"".join(chunks)
