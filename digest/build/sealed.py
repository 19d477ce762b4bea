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
from typing import Any, Generic, TypeVar, cast

from digest.build.secret import secret

CACHE = ".digest-cache"  # in the project: safe to delete at any time
MAGIC = b"digest-cache-7\n"
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
    """A value pickled and sealed apart from the state file: checked and unpickled on first use,
    so a no-op build neither reads nor hashes it.

    The state file keeps these sealed bytes as parts of their own (:class:`StateFile`): its
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

    def kept(self, shelf: Path) -> str | None:
        """The name of the part in ``shelf`` this value was loaded from and still is, when it has one:
        saved again without being read (or written)."""
        part = self._blob
        if isinstance(part, Part) and part.shelf == shelf and (shelf / part.name).is_file():
            return part.name
        return None

    def __reduce__(self) -> tuple[object, tuple[None, bytes]]:
        return (Later, (None, bytes(self.blob())))  # pickled elsewhere than in a state file: its bytes inline


class StateFile:
    """One value in one sealed pickle file, valid only for ``key``, its parts shelved beside it.

    The file holds the value's pickle with its seal. Each :class:`Later` in it is a file
    of its own in the folder ``<name>.parts/``, named by its seal, so by its bytes (the
    pickle names it: ``persistent_id``): saving writes only the parts no file holds yet,
    then removes those the new state no longer names. An edit's build at 100,000 articles
    keeps discovery's answer (19 MB) where it is, and the walk of ``content/`` and the
    published files' stats as a patch of the parts they came from (:class:`~digest.build.patches.Stats`),
    where rewriting all of it was 94 MB and 0.4 s. Loading reads and checks the file alone:
    a no-op build never reads nor hashes the parts it does not need. Each is opened as the
    state is loaded (so a later save removing it changes nothing this state reads), and is
    read and checked only when its owner asks (:class:`Part`).
    """

    def __init__(self, path: Path, key: str) -> None:
        self.path, self.key = path, key
        self.shelf = path.with_suffix(".parts")

    def load(self) -> object | None:
        """The stored value, or None if the file is missing, stale or damaged, or a part of it is missing."""
        try:
            data = self.path.read_bytes()  # (read, not mapped: a file cut short under a map kills the process)
        except OSError:
            return None
        try:
            head = self._head()
            if not data.startswith(head):
                raise ValueError("not a state file of this code")
            opened(memoryview(data)[len(head) :])  # sealed by this user's digest, or ValueError
            file = io.BytesIO(data)  # (shares the bytes: a memoryview would be copied)
            file.seek(len(head) + SEAL)
            value: object = _Loader(file, self.shelf).load()
            return value
        except Exception:  # a damaged pickle raises many kinds of errors; none may stop a build
            return None

    def _head(self) -> bytes:
        return MAGIC.rstrip(b"\n") + b" " + self.key.encode() + b"\n\n"

    def save(self, value: object) -> str | None:
        """Write the value atomically (its new parts, then a temporary file renamed over the state, then
        the parts it no longer names removed); why it could not be, if it could not."""
        buffer = io.BytesIO()
        temporary = self.path.with_suffix(f".tmp{os.getpid()}")
        try:
            self.shelf.mkdir(parents=True, exist_ok=True)
            saver = _Saver(buffer, self.shelf)
            saver.dump(value)  # (a part not read yet is read now if it must be: CacheDamaged if it cannot be)
            with temporary.open("wb") as handle:
                handle.write(self._head())
                handle.write(sealed(buffer.getvalue()))
            os.replace(temporary, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
            folder = self.path.parent
            return f"could not record this build in {folder.name}/ ({why(folder, exc)}): the next one starts over"
        _sweep(self.shelf, saver.named)
        return None


def _sweep(shelf: Path, named: set[str]) -> None:
    """Remove the parts (and the half-written ones an interrupted save left) that the state no longer names."""
    with contextlib.suppress(OSError):
        for name in os.listdir(shelf):
            if name not in named:
                with contextlib.suppress(OSError):
                    os.unlink(shelf / name)


def _shelve(later: Later[Any], shelf: Path) -> str:
    """The name of ``later``'s part in ``shelf``, written there first unless a file holds it already."""
    kept = later.kept(shelf)
    if kept is not None:
        return kept
    blob = later.blob()
    name = bytes(blob[:SEAL]).hex()
    target = shelf / name
    if not target.exists():
        temporary = shelf / f".{name}.tmp{os.getpid()}"
        temporary.write_bytes(blob)
        os.replace(temporary, target)
    return name


class _Saver(pickle.Pickler):
    """Pickles a state, each :class:`Later` in it as the name of its part on the shelf."""

    def __init__(self, file: io.BytesIO, shelf: Path) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._shelf = shelf
        self.named: set[str] = set()

    def persistent_id(self, obj: object) -> str | None:
        """Pickle's hook: a :class:`Later`'s part name (the part shelved now if it is not yet), else None."""
        if type(obj) is not Later:
            return None
        name = _shelve(obj, self._shelf)
        self.named.add(name)
        return name


class _Loader(pickle.Unpickler):
    """Unpickles a state, each :class:`Later` in it with its part opened, not read yet."""

    def __init__(self, file: io.BytesIO, shelf: Path) -> None:
        super().__init__(file)
        self._shelf = shelf

    def persistent_load(self, pid: object) -> Later[object]:
        """Pickle's hook: the :class:`Later` of part ``pid``, opened (an error if it is not there)."""
        if not isinstance(pid, str) or len(pid) != 2 * SEAL or not all(c in "0123456789abcdef" for c in pid):
            raise pickle.UnpicklingError(f"no part {pid!r} in the state")
        return Later(None, Part(self._shelf, pid))


class Part:
    """A shelved part of a state, opened when the state is loaded and read on first use (:meth:`data`):
    a later build's save removing it in the meantime does not change what it reads."""

    def __init__(self, shelf: Path, name: str) -> None:
        self.shelf, self.name = shelf, name
        self._handle = (shelf / name).open("rb", buffering=0)

    def data(self) -> bytes:
        """The part's bytes; ValueError if they are not the ones its name was made from (cut short, replaced)."""
        fd = self._handle.fileno()
        data = os.pread(fd, os.fstat(fd).st_size, 0)
        if bytes(data[:SEAL]).hex() != self.name:
            raise ValueError("a part of the state is not what its name says")
        return data
