"""Outputs → ``site/``, all or nothing.

The new site is written into a staging folder beside ``site/`` and swapped in with
one atomic ``renameat2(RENAME_EXCHANGE)`` where the kernel offers it (Linux), or two
renames elsewhere, recovered at the next build if interrupted between them. A build
killed at any moment therefore leaves the previous ``site/`` complete. A lock file
keeps two builds of one project from interleaving.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from digest.errors import DigestError
from digest.model import Output


class LockedError(DigestError):
    """Another build of the same project is running."""


@dataclass(frozen=True)
class Written:
    """What a write did: files in the new site, and how many had new bytes."""

    files: int
    changed: int


def _siblings(site: Path) -> tuple[Path, Path]:
    """The staging and backup folders that live next to ``site``."""
    return site.with_name(f".{site.name}.staging"), site.with_name(f".{site.name}.old")


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


def recover(site: Path) -> None:
    """Finish or undo a swap that was interrupted between its two renames."""
    staging, old = _siblings(site)
    if not site.exists() and old.is_dir():
        old.rename(site)  # the old site was moved aside but the new one never arrived
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)


MANIFEST = ".digest-manifest"  # inside site/: the files digest generated last time


@dataclass(frozen=True)
class Staged:
    """A complete new site waiting beside ``site/`` to be published."""

    path: Path
    written: Written
    generated: frozenset[str]  # paths digest wrote (relative to the site root)


def write_site(outputs: Iterable[Output], site: Path) -> Written:
    """Write ``outputs`` as the complete new ``site``, replacing the old one atomically."""
    staged = stage(outputs, site)
    publish(staged, site)
    return staged.written


def stage(outputs: Iterable[Output], site: Path) -> Staged:
    """Write ``outputs`` into a fresh staging folder beside ``site`` (see :func:`open_staging`)."""
    staging = open_staging(site)
    changed = 0
    made: set[Path] = set()
    generated: set[str] = set()
    for output in outputs:
        generated.add(output.path)
        changed += put(output, staging, site, made)
    return close_staging(site, staging, Written(len(generated), changed), frozenset(generated))


def open_staging(site: Path) -> Path:
    """Recover from an interrupted build, then make an empty staging folder beside ``site``."""
    recover(site)
    staging, _ = _siblings(site)
    staging.mkdir(parents=True)
    return staging


def put(output: Output, staging: Path, site: Path, made: set[Path]) -> bool:
    """Write one output into the staging folder; False when its bytes equal the previous site's.

    Unchanged files are hard-linked from the previous site, so they keep their
    modification times (deploys and live reload see only real changes). Safe to call
    from several processes at once on different outputs.
    """
    target = staging / output.path
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    if _reuse(site / output.path, target, output.data):
        return False
    target.write_bytes(output.data)
    return True


def close_staging(site: Path, staging: Path, written: Written, generated: frozenset[str]) -> Staged:
    """Carry over the files in ``site/`` that digest did not generate: only generated files are ever removed."""
    kept = _foreign(site) - generated
    for name in sorted(kept):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        _carry(site / name, staging / name)
    return Staged(staging, written, generated)


def _foreign(site: Path) -> set[str]:
    """Files in ``site`` that the previous build did not generate (say, a hand-placed file)."""
    if not site.is_dir():
        return set()
    try:
        previous = set((site / MANIFEST).read_text(encoding="utf-8").splitlines())
    except OSError:
        previous = set()
    present = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() or p.is_symlink()}
    return present - previous - {MANIFEST}


def _carry(source: Path, target: Path) -> None:
    """Carry a file the user placed in site/ over to the new site, unchanged."""
    if target.exists() or target.is_symlink():
        return  # the new site has its own file of that name: the generated one wins
    if source.is_symlink():
        target.symlink_to(os.readlink(source))
    else:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def publish(staged: Staged, site: Path, generated_dirs: Iterable[str] = ()) -> None:
    """Record what was generated, then swap the staged site in atomically and drop the old one.

    ``generated_dirs`` are folders another tool wrote into the staged site (Pagefind's
    index), whose files count as generated too.
    """
    staging, old = _siblings(site)
    names = set(staged.generated)
    for folder in generated_dirs:
        names.update(p.relative_to(staging).as_posix() for p in (staging / folder).rglob("*") if p.is_file())
    (staging / MANIFEST).write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    _fsync_dir(staging)
    if site.exists():
        _swap(staging, site, old)
        shutil.rmtree(staging)  # now holds the previous site
    else:
        staging.rename(site)


def discard(site: Path) -> None:
    """Remove a staged site that will not be published."""
    staging, _ = _siblings(site)
    if staging.exists():
        shutil.rmtree(staging)


def same_bytes(path: Path, data: bytes) -> bool:
    """True when ``path`` already holds exactly ``data`` (the size is compared first: cheap)."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _reuse(previous: Path, target: Path, data: bytes) -> bool:
    """Hard-link the previous file into the staging tree when its bytes are identical."""
    if not same_bytes(previous, data):
        return False
    try:
        os.link(previous, target)
        return True
    except OSError:
        return False


def _fsync_dir(path: Path) -> None:
    """Flush a folder's entries so the swap cannot publish names before their data."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def _swap(staging: Path, site: Path, old: Path) -> None:
    """Exchange ``staging`` and ``site`` atomically; afterwards ``staging`` holds the old site."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd = -100
        if renameat2(at_fdcwd, os.fsencode(staging), at_fdcwd, os.fsencode(site), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS, errno.EPERM):
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(site))
    # Without an atomic exchange: two renames; recover() repairs an interruption between them.
    site.rename(old)
    staging.rename(site)
    old.rename(staging)
