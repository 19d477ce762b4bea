"""The project lock: two builds of one project (``digest build``, ``digest serve``) never interleave."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from digest.errors import DigestError


class LockedError(DigestError):
    """Another build of the same project is running."""


@contextmanager
def build_lock(root: Path, wait: bool = False) -> Iterator[None]:
    """Hold the project's build lock; raise LockedError if taken (unless ``wait``)."""
    path = root / ".digest.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise LockedError(f"another digest build is running in {root} (lock: {path}); try again when it ends") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
