"""Sealed blobs, and the state file: what a no-op build reads of the cache.

Every pickle digest keeps in ``.digest-cache/`` carries a keyed hash in front of it
(see :mod:`digest.build.secret`), because unpickling runs code: a blob this user's
digest did not write reads as missing and is never unpickled. This module knows no
stage's values (the article store, :mod:`digest.build.store`, does), so the rebuild
decision can read the last build's state without importing them.
"""

from __future__ import annotations

import contextlib
import hmac
import io
import os
import pickle
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar, cast

from digest.build.secret import secret

CACHE = ".digest-cache"  # in the project: safe to delete at any time
MAGIC = b"digest-cache-6\n"
SEAL = 16  # bytes of keyed hash in front of every pickle

Value = TypeVar("Value")


class CacheDamaged(Exception):
    """A stored result or body the build needs cannot be read: the cache cannot be trusted."""


def seal(payload: bytes | memoryview) -> bytes:
    """The keyed hash that proves this user's digest wrote ``payload``.

    HMAC-SHA-256 from OpenSSL: with the CPU's SHA instructions it hashed 4.25 MB (a
    no-op build's state at 10,000 articles) in 2.4 ms, where keyed BLAKE2b took 5.5 ms.
    """
    return hmac.digest(secret().key, payload, "sha256")[:SEAL]


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


class Later(Generic[Value]):
    """A value pickled and sealed apart within the state file: checked and unpickled on first use,
    so a no-op build neither reads nor hashes it.

    The state file keeps these sealed bytes in frames of their own (:class:`StateFile`): its
    own seal covers the rest, and this one is checked by :meth:`get` before anything is
    unpickled — a damaged or forged part raises :class:`CacheDamaged`, and the build
    starts over without the cache. Bytes read back are saved as they are, not sealed again.
    """

    def __init__(self, value: Value | None = None, blob: bytes | memoryview | Part | None = None) -> None:
        self._value, self._blob = value, blob

    def get(self) -> Value:
        """The value (checked and unpickled now if it was not yet)."""
        if self._value is None:
            try:
                self._value = cast("Value", loads(self.blob()))  # checked before it is unpickled
            except Exception as exc:  # damaged or forged: none may stop a build, the cache is distrusted
                raise CacheDamaged(f"a part of the build state cannot be read ({exc})") from None
        return self._value

    def blob(self) -> bytes | memoryview:
        """The value pickled and sealed, as the state file keeps it (read from it now if not yet)."""
        if self._blob is None:
            self._blob = sealed(pickle.dumps(self._value, protocol=pickle.HIGHEST_PROTOCOL))
        elif isinstance(self._blob, Part):
            try:
                self._blob = self._blob.data()
            except (OSError, ValueError) as exc:
                raise CacheDamaged(f"a part of the build state cannot be read ({exc})") from None
        return self._blob

    def __reduce__(self) -> tuple[object, tuple[None, bytes]]:
        return (Later, (None, bytes(self.blob())))  # pickled elsewhere than in a state file: its bytes inline


class StateFile:
    """One value in one sealed pickle file, valid only for ``key``.

    The file is a sequence of frames (a length, then bytes): the value's pickle with its
    seal, then the blob of each :class:`Later` in it, sealed by its owner (the pickle names
    them by frame: ``persistent_id``). Loading reads and checks the first frame only: the
    parts a no-op build never needs are neither read nor hashed (9.4 of the 13.6 MB at
    10,000 articles, search on). Each is a :class:`Part`, read when its owner asks.
    """

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key

    def load(self) -> object | None:
        """The stored value, or None if the file is missing, stale or damaged."""
        try:
            handle = self.path.open("rb", buffering=0)  # (read, not mapped: a file cut short under a map kills the process)
        except OSError:
            return None
        try:
            head, size = self._head(), os.fstat(handle.fileno()).st_size
            start = handle.read(len(head) + 8)
            if start[: len(head)] != head or len(start) != len(head) + 8:
                raise ValueError("not a state file of this code")
            length = int.from_bytes(start[len(head) :], "little")
            main = handle.read(length)
            if len(main) != length:
                raise ValueError("the state file is cut short")
            parts = _parts(handle, len(start) + length, size)
            opened(main)  # sealed by this user's digest, or ValueError
            file = io.BytesIO(main)  # (shares the bytes: a memoryview would be copied)
            file.seek(SEAL)
            value: object = _Loader(file, parts).load()
            return value
        except Exception:  # a damaged pickle raises many kinds of errors; none may stop a build
            handle.close()
            return None

    def _head(self) -> bytes:
        return MAGIC.rstrip(b"\n") + b" " + self.key.encode() + b"\n\n"

    def save(self, value: object) -> str | None:
        """Write the value atomically (temporary file, then rename); why it could not be, if it could not."""
        buffer, parts = io.BytesIO(), list[bytes | memoryview]()
        _Saver(buffer, parts).dump(value)  # (a part not read yet is read now: CacheDamaged if it cannot be)
        main = sealed(buffer.getvalue())
        temporary = self.path.with_suffix(f".tmp{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as handle:
                handle.write(self._head())
                for frame in (main, *parts):
                    handle.write(len(frame).to_bytes(8, "little"))
                    handle.write(frame)
            os.replace(temporary, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            folder = self.path.parent
            return f"could not record this build in {folder.name}/ ({why(folder, exc)}): the next one starts over"
        return None


class _Saver(pickle.Pickler):
    """Pickles a state, each :class:`Later` in it as the number of the frame its blob goes in."""

    def __init__(self, file: io.BytesIO, parts: list[bytes | memoryview]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._parts = parts

    def persistent_id(self, obj: object) -> int | None:
        """Pickle's hook: a :class:`Later`'s frame number (its blob put in that frame), else None."""
        if type(obj) is not Later:
            return None
        self._parts.append(obj.blob())
        return len(self._parts)


class _Loader(pickle.Unpickler):
    """Unpickles a state, each :class:`Later` in it with its frame as a :class:`Part`, not read yet."""

    def __init__(self, file: io.BytesIO, parts: list[Part]) -> None:
        super().__init__(file)
        self._parts = parts

    def persistent_load(self, pid: object) -> Later[object]:
        """Pickle's hook: the :class:`Later` of frame ``pid``, its part not read yet."""
        if not isinstance(pid, int) or not 0 < pid <= len(self._parts):
            raise pickle.UnpicklingError(f"no part {pid!r} in the state file")
        return Later(None, self._parts[pid - 1])


class Part:
    """A frame of a state file past its first, read on first use (:meth:`data`) from the file as it
    was opened: a later build's state saved over it in the meantime does not change what it reads."""

    def __init__(self, handle: BinaryIO, at: int, size: int) -> None:
        self._handle, self._at, self._size = handle, at, size

    def data(self) -> bytes:
        """The frame's bytes; ValueError if the file was cut short."""
        data = os.pread(self._handle.fileno(), self._size, self._at)
        if len(data) != self._size:
            raise ValueError("the state file is cut short")
        return data


def _parts(handle: BinaryIO, at: int, size: int) -> list[Part]:
    """The frames of a state file from ``at`` on, each by where it is (its length read, its bytes not);
    ValueError if one runs past the end."""
    parts = []
    while at < size:
        length = int.from_bytes(os.pread(handle.fileno(), 8, at), "little")
        if at + 8 + length > size:
            raise ValueError("the state file is cut short")
        parts.append(Part(handle, at + 8, length))
        at += 8 + length
    return parts
