"""Sealed blobs, and the state file: what a no-op build reads of the cache.

Every pickle digest keeps in ``.digest-cache/`` carries a keyed hash in front of it
(see :mod:`digest.build.secret`), because unpickling runs code: a blob this user's
digest did not write reads as missing and is never unpickled. This module knows no
stage's values (the article store, :mod:`digest.build.store`, does), so the rebuild
decision can read the last build's state without importing them.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
from pathlib import Path

from digest.build.secret import secret

CACHE = ".digest-cache"  # in the project: safe to delete at any time
MAGIC = b"digest-cache-6\n"
SEAL = 16  # bytes of keyed hash in front of every pickle


class CacheDamaged(Exception):
    """A stored result or body the build needs cannot be read: the cache cannot be trusted."""


def seal(payload: bytes | memoryview) -> bytes:
    """The keyed hash that proves this user's digest wrote ``payload``."""
    return hashlib.blake2b(payload, digest_size=SEAL, key=secret().key).digest()


def sealed(payload: bytes) -> bytes:
    """``payload`` with its seal before it (see :func:`opened`)."""
    return seal(payload) + payload


def opened(blob: bytes | memoryview) -> memoryview:
    """The payload of a sealed blob; ValueError if this user's digest did not write it."""
    view = memoryview(blob)
    if not hmac.compare_digest(seal(view[SEAL:]), view[:SEAL]):
        raise ValueError("not sealed by this user's digest")
    return view[SEAL:]


def loads(blob: bytes | memoryview) -> object:
    """A sealed pickle's value, unpickled at C speed (nothing in it to share: a body, a part of the
    build state); ValueError when the seal does not match (damaged or forged), before unpickling anything."""
    value: object = pickle.loads(opened(blob))  # sealed: this user's digest wrote it
    return value


def why(folder: Path, exc: Exception) -> str:
    """Why the cache folder cannot be used, in words a user can act on."""
    if folder.exists() and not folder.is_dir():
        return "it is a file, not a folder: delete it"
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


class StateFile:
    """One value in one sealed pickle file, valid only for ``key``.

    The file is a sequence of frames (a length, then bytes): the value's pickle with its
    seal, then the buffers that pickle keeps out of band (protocol 5), each sealed by its
    owner (``state.Later``). Loading checks the seal of the first frame only, so the parts
    a no-op build never reads are never hashed: 5.9 of the 8.4 MB at 10,000 articles.
    """

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key

    def load(self) -> object | None:
        """The stored value, or None if the file is missing, stale or damaged."""
        try:
            data = memoryview(self.path.read_bytes())  # (read, not mapped: a file cut short under a map kills the process)
        except OSError:
            return None
        head = self._head()
        if data[: len(head)] != head:
            return None
        try:
            main, *parts = _frames(data[len(head) :])
            value: object = pickle.loads(opened(main), buffers=parts)  # sealed: this user's digest wrote it
        except Exception:  # a damaged pickle raises many kinds of errors; none may stop a build
            return None
        return value

    def _head(self) -> bytes:
        return MAGIC.rstrip(b"\n") + b" " + self.key.encode() + b"\n\n"

    def save(self, value: object) -> str | None:
        """Write the value atomically (temporary file, then rename); why it could not be, if it could not."""
        parts: list[pickle.PickleBuffer] = []
        main = sealed(pickle.dumps(value, protocol=5, buffer_callback=parts.append))
        temporary = self.path.with_suffix(f".tmp{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            frames: list[bytes | memoryview] = [main, *(part.raw() for part in parts)]
            with temporary.open("wb") as handle:
                handle.write(self._head())
                for frame in frames:
                    handle.write(len(frame).to_bytes(8, "little"))
                    handle.write(frame)
            os.replace(temporary, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            folder = self.path.parent
            return f"could not record this build in {folder.name}/ ({why(folder, exc)}): the next one starts over"
        return None


def _frames(data: memoryview) -> list[memoryview]:
    """The frames of a state file past its head (see :class:`StateFile`); ValueError if it is cut short."""
    frames, at = [], 0
    while at < len(data):
        size, at = int.from_bytes(data[at : at + 8], "little"), at + 8
        if at + size > len(data):
            raise ValueError("the state file is cut short")
        frames.append(data[at : at + size])
        at += size
    if not frames:
        raise ValueError("the state file is empty")
    return frames
