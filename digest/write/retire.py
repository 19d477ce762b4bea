"""The previous site, deleted after a swap without the build waiting for it.

A full rebuild at 10,000 articles swaps in a new tree of 51,000 folders and files, and
deleting the old one took 5 to 17 s on the benchmark machine: as long as rendering, and
all of it after the new site was already published. A large previous site is therefore
renamed aside (``.site.retired-…``, beside ``site/``) and deleted by a detached process
at low priority. That process holds a lock on the folder while it works; the next
build's recovery deletes, as before, any retired folder nobody holds (its deleter was
killed, or could not remove everything), and sets it aside with a warning when it
cannot.
"""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Callable
from pathlib import Path

RETIRE_MIN = 2_000  # files in the previous site from which a process deletes it (fewer: at once, cheaper)

# Run as ``python -c``: it imports nothing of digest, and holds the lock until it exits.
_DELETER = """
import fcntl, os, shutil, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
try:
    os.nice(10)
except OSError:
    pass
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


def retire(folder: Path, site: Path, files: int, remove: Callable[[Path], str | None]) -> str | None:
    """Delete ``folder`` (the site before the swap, of ``files`` files): with ``remove``, at once, when small
    or when no process can be started; else in the background. A warning from ``remove``, or None."""
    if files < RETIRE_MIN:
        return remove(folder)
    import subprocess  # (a no-op build never starts one: 4 ms of imports it skips)

    try:
        target = _free_name(site)
        folder.rename(target)
    except OSError:
        return remove(folder)
    try:
        subprocess.Popen([sys.executable, "-c", _DELETER, str(target)], stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:  # no process to be had (a limit on them): delete it here
        return remove(target)
    return None


def leftovers(site: Path) -> list[Path]:
    """Retired folders beside ``site`` that no process is deleting."""
    return [folder for folder in sorted(site.parent.glob(f".{site.name}.retired-*")) if not _held(folder)]


def _held(folder: Path) -> bool:
    """True while a deleter holds ``folder``'s lock."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return False  # gone already, or not a folder: nothing to wait for
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # closing releases a lock just taken
    return False


def _free_name(site: Path) -> Path:
    """A retired folder's name that no other has."""
    for number in range(1, 10_000):
        target = site.with_name(f".{site.name}.retired-{os.getpid()}-{number}")
        if not os.path.lexists(target):
            return target
    raise OSError(f"too many retired sites beside {site}")
