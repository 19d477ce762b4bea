"""Outputs → ``site/``, all or nothing, never touching a file digest did not write.

Two ways to publish, both atomic. A whole new site is written into a staging folder
beside ``site/`` (:func:`open_staging`, :class:`Stager`) and swapped in with
one ``renameat2(RENAME_EXCHANGE)`` where the kernel offers it, or two renames
elsewhere, recovered at the next build if interrupted between them (:func:`publish`).
A few changed files are applied in place as a journaled transaction
(:func:`~digest.write.journal.apply`). Either way a build killed at any moment leaves
the previous ``site/`` complete.

The manifest (``.site.manifest`` beside ``site/``, never published) lists the files
digest generated: only those are ever replaced or removed. A file digest did not write
at a path it would write is not touched: :func:`clash` says so, and the build stops.
While a new site goes in, the manifest lists the old files and the new, so an
interruption at any moment leaves every file digest wrote on its list.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Container, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from digest.files import Stat, stat_of
from digest.write import journal, retire
from digest.write.journal import apply

if TYPE_CHECKING:
    from digest.model import Output  # (only named: importing the values costs a no-op build 20 ms)

__all__ = ["apply", "changed", "clash", "discard", "generated", "manifest_path", "open_staging", "publish",
           "record", "recover", "same_bytes", "Stager", "stats", "unwritable"]

LEGACY = ".digest-manifest"  # where digest kept the manifest before: inside site/ (read once, then removed)


def _siblings(site: Path) -> tuple[Path, Path]:
    """The staging and backup folders that live next to ``site``."""
    return site.with_name(f".{site.name}.staging"), site.with_name(f".{site.name}.old")


def recover(site: Path) -> list[str]:
    """Finish or undo whatever an interrupted build left: a half-done swap or in-place transaction.

    Returns warnings about leftovers that could not be removed (set aside instead).
    """
    staging, old = _siblings(site)
    if not site.exists() and old.is_dir():
        old.rename(site)  # the old site was moved aside but the new one never arrived
    warnings = [w for leftover in (staging, old, *retire.leftovers(site)) if (w := _remove(leftover))]
    for trash in site.parent.glob(f".{site.name}.trash-*"):
        shutil.rmtree(trash, ignore_errors=True)  # set aside by an earlier build; gone once it may be
    journal.recover(site)
    return warnings


def _remove(folder: Path) -> str | None:
    """Remove a folder a build left (a file vanishing while it goes, the last write of a tool killed
    with the build, is no error); one digest may not remove (another user's files in it) is set
    aside, and a warning says so."""
    for _ in range(5):
        if not folder.exists():
            return None
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if exc.errno != errno.ENOTEMPTY:
                return _set_aside(folder, exc)
    shutil.rmtree(folder, ignore_errors=True)
    return None


def _set_aside(folder: Path, problem: OSError) -> str:
    """Move a folder that cannot be removed out of the way (renaming it needs only its parent)."""
    for number in range(1, 1000):
        trash = folder.with_name(f"{folder.name.rsplit('.', 1)[0]}.trash-{number}")  # .site.staging -> .site.trash-1
        if not os.path.lexists(trash):
            folder.rename(trash)
            return (f"could not remove the previous site ({problem.strerror}: {problem.filename}); it is in {trash.name} "
                    "beside it: delete it yourself (it holds files another user owns)")
    raise problem


def manifest_path(site: Path) -> Path:
    """Where the list of the files digest generated in ``site`` is kept: beside it, unpublished."""
    return site.with_name(f".{site.name}.manifest")


def generated(site: Path) -> set[str]:
    """The files digest generated in ``site``, as the manifest says (none without one)."""
    for path in (manifest_path(site), site / LEGACY):
        try:
            return set(path.read_text(encoding="utf-8").splitlines()) - {""}
        except OSError:
            continue
    return set()


def record(site: Path, names: Iterable[str]) -> None:
    """Write the manifest: ``names`` are the files digest generated in ``site``. Atomic, flushed."""
    path = manifest_path(site)
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write("\n".join(sorted(set(names))) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def stats(site: Path, names: Iterable[str]) -> dict[str, Stat]:
    """The stat of each named file of ``site`` (a missing one is left out): what the next build checks."""
    found: dict[str, Stat] = {}
    base = str(site) + os.sep
    for name in names:
        try:
            found[name] = stat_of(os.lstat(base + name))
        except OSError:
            continue
    return found


def unwritable(site: Path, names: Iterable[str] | None = None) -> Path | None:
    """The first folder that a write into ``site`` would need to change and may not (None: all may be).

    ``names`` are the files to write or remove (None: the whole tree, which a swap replaces):
    a folder another user owns would stop the build halfway, so it is found first.
    """
    if not site.exists():
        return site.parent if not os.access(site.parent, os.W_OK | os.X_OK) else None
    folders: Iterable[Path]
    if names is None:
        folders = (Path(folder) for folder, _, _ in os.walk(site))
    else:
        folders = sorted({site, *((site / name).parent for name in names)})
    for folder in folders:
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            return folder
    return None


def changed(site: Path, recorded: Iterable[tuple[str, Stat]]) -> frozenset[str]:
    """The files of ``site`` that no longer have the stat ``recorded`` (deleted, edited, chmod-ed).

    Every build asks, so it is one tight loop: about 4 µs a file.
    """
    base, found, lstat = str(site) + os.sep, [], os.lstat
    for name, (size, mtime, mode) in recorded:
        try:
            seen = lstat(base + name)
        except OSError:
            found.append(name)
            continue
        if seen.st_mtime_ns != mtime or seen.st_size != size or seen.st_mode != mode:
            found.append(name)
    return frozenset(found)


def clash(site: Path, path: str, data: bytes, ours: Container[str]) -> bool:
    """True when ``site/path`` holds a file digest did not write and ``data`` is not what it holds.

    Such a file is never replaced. One that holds exactly these bytes is taken as ours
    (a site whose manifest was lost, say): replacing it loses nothing.
    """
    if path in ours:
        return False
    target = os.path.join(site, path)
    return os.path.lexists(target) and not same_bytes(target, data)


def open_staging(site: Path) -> Path:
    """Recover from an interrupted build, then make an empty staging folder beside ``site``."""
    recover(site)
    staging, _ = _siblings(site)
    staging.mkdir(parents=True)
    return staging


class Stager:
    """One writer's view of a staging folder and of the published site beside it.

    :meth:`put` writes an output into staging, :meth:`link` hard-links an unchanged file from
    the site, so it keeps its modification time (deploys and live reload see only real
    changes). Several processes may stage different files at once, each with its own
    Stager. Paths are joined as text: a clean build at 10,000 articles stages 25,000 files,
    and the ``Path`` joins around each write cost more than its system calls. Without a
    published site (a first or clean build) nothing is compared or linked.
    """

    def __init__(self, staging: Path, site: Path) -> None:
        self._staging, self._site = str(staging) + os.sep, str(site) + os.sep
        self.previous = site.is_dir()  # False: every file is new
        self._made: set[str] = set()  # the folders this writer has made (or found)

    def put(self, output: Output) -> bool:
        """Write one output; False when the site already holds its bytes (then it is linked instead)."""
        target = self._staging + output.path
        self._folder(target)
        if self.previous:
            old = self._site + output.path
            if same_bytes(old, output.data) and _hard_link(old, target):
                return False
        _write_new(target, output.data)
        return True

    def link(self, path: str) -> bool:
        """Hard-link the site's file at ``path`` into staging (False if the site has none)."""
        if not self.previous:
            return False
        target = self._staging + path
        self._folder(target)
        return _hard_link(self._site + path, target)

    def _folder(self, target: str) -> None:
        """Make the folder of ``target`` once per writer."""
        parent = os.path.dirname(target)
        if parent not in self._made:
            try:  # its own parent is nearly always there already: one system call, not makedirs' two or more
                os.mkdir(parent)
            except OSError:  # there already (another writer's), or its parent is not
                os.makedirs(parent, exist_ok=True)
            self._made.add(parent)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC  # os.open makes its descriptors non-inheritable itself (PEP 446)


def _write_new(path: str, data: bytes) -> None:
    """Write ``data`` as the file ``path``: three system calls, where ``open()`` adds a stat, a
    terminal check and a seek to each of a clean build's 25,000 pages."""
    fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _hard_link(previous: Path | str, target: Path | str) -> bool:
    """Link ``previous`` as ``target``; False when that is not possible."""
    try:
        os.link(previous, target)
        return True
    except OSError:
        return False


def publish(staging: Path, site: Path, names: Iterable[str]) -> list[str]:
    """Carry over the files digest did not generate, swap the staged site in, record ``names`` as generated.

    ``names`` are the paths digest wrote into ``staging`` (relative to its root). Returns
    warnings about the previous site, if it could not be removed.
    """
    names = set(names)
    before = generated(site)
    for name in sorted(_foreign(site, before) - names):
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        _carry(site / name, staging / name)
    _fsync_dir(staging)
    record(site, before | names)  # until the swap is done, either tree may be the published one
    warnings = []
    if site.exists():
        _, old = _siblings(site)
        _swap(staging, site, old)
        # staging now holds the previous site: the new one is published, so the build need not wait for it to go
        warnings = [w for w in (retire.retire(staging, site, len(before), _remove),) if w]
    else:
        staging.rename(site)
    record(site, names)
    return warnings


def _foreign(site: Path, ours: set[str]) -> set[str]:
    """Files in ``site`` that digest did not generate (say, a hand-placed file)."""
    if not site.is_dir():
        return set()
    return _files_in(str(site)) - ours - {LEGACY}


def _files_in(root: str) -> set[str]:
    """Every file and link under ``root`` (relative, with "/"), links to folders not followed: what
    ``Path.rglob`` finds, from the kinds ``scandir`` already knows (rglob took 2-3 s at 10,000 articles)."""
    found: set[str] = set()
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            entries = list(os.scandir(os.path.join(root, folder)))
        except PermissionError:  # a folder digest may not read holds nothing of its own
            continue
        for entry in entries:
            name = folder + entry.name
            if entry.is_symlink() or entry.is_file(follow_symlinks=False):
                found.add(name)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(name + "/")
    return found


def _carry(source: Path, target: Path) -> None:
    """Carry a file the user placed in site/ over to the new site, unchanged."""
    if target.exists() or target.is_symlink():
        return  # the new site has its own file of that name: the generated one wins
    if source.is_symlink():
        target.symlink_to(os.readlink(source))
    elif not _hard_link(source, target):
        shutil.copy2(source, target)


def discard(site: Path) -> None:
    """Remove a staged site that will not be published."""
    staging, _ = _siblings(site)
    if staging.exists():
        shutil.rmtree(staging)


def same_bytes(path: Path | str, data: bytes) -> bool:
    """True when ``path`` already holds exactly ``data`` (the size is compared first: cheap)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
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
# The running program's own symbols hold libc's: no find_library, which runs ldconfig on every start.
_libc = ctypes.CDLL(None, use_errno=True)


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
