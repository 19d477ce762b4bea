"""The key that seals this user's cache, so digest never unpickles what someone else wrote.

Unpickling runs code. ``.digest-cache/`` sits in the project, so anyone who can put
files there — a pull request that commits one, a poisoned CI cache — could run code on
the machine that builds. Each blob the cache holds is therefore sealed with a keyed
hash whose key lives outside the project, in the user's own cache folder
(``$XDG_CACHE_HOME/digest/secret``, else ``~/.cache/digest/secret``, readable by the
user alone). A project's cache without that key is worthless to an attacker: it reads
as missing and is rebuilt.

Where no key can be kept (no home folder, a read-only one), each build makes a key of
its own: it is safe, but no cache survives from one build to the next, and the build
says so.
"""

from __future__ import annotations

import contextlib
import functools
import os
from dataclasses import dataclass
from pathlib import Path

_SIZE = 32  # bytes: as long as the SHA-256 it keys (and blake2b's longest key, for the renditions' index)


@dataclass(frozen=True)
class Secret:
    """The sealing key, and why it lasts only this build when it does."""

    key: bytes
    problem: str | None = None


def location() -> Path:
    """Where the key is kept: the user's cache folder, never the project."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"  # the XDG rule: relative is ignored
    return root / "digest" / "secret"


@functools.cache
def secret() -> Secret:
    """This user's key, made on first use; an ephemeral one (and why) if none can be kept.

    Cached per process, so forked workers seal with their parent's key.
    """
    try:
        path = location()
        return Secret(_read(path) or _create(path))
    except (OSError, RuntimeError) as exc:  # RuntimeError: no home folder to be found
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Secret(os.urandom(_SIZE),
                      f"the cache cannot be kept between builds: no key at {_shown()} ({why}); "
                      "set XDG_CACHE_HOME to a folder you can write")


def _shown() -> str:
    with contextlib.suppress(RuntimeError):
        return str(location())
    return "~/.cache/digest/secret"


def _read(path: Path) -> bytes | None:
    """The key kept at ``path``, or None if there is none yet (or it is not a whole key)."""
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        return None
    return key if len(key) == _SIZE else None


def _create(path: Path) -> bytes:
    """A new key at ``path``, readable by this user alone; another build's, if it won the race."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".secret.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(os.urandom(_SIZE))  # what secrets.token_bytes is, without its 1.5 ms of imports
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)  # atomic and never replaces: two builds end with one key
    finally:
        temporary.unlink(missing_ok=True)
    key = _read(path)
    if key is None:
        raise OSError(0, f"{path} is not a digest key: delete it")
    return key
