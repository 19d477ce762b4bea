"""Small updates to ``site/`` in place, as a transaction that a crash rolls back.

Swapping in a whole new tree costs seconds at ten thousand articles, whatever
changed; an edit touches a few dozen files. For those, the new files are written
into ``.site.txn/new/``, the files they replace are hard-linked into
``.site.txn/old/``, and only then is a ``COMMIT`` list written and each file moved
into place with an atomic rename. If the process dies at any point, :func:`recover`
(run before every build) puts the old files back, so the site ends as it was before
the interrupted build; after ``DONE`` the journal is simply removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digest.model import Output  # (only named: importing the values costs a no-op build 20 ms)



def _txn(site: Path) -> Path:
    """The journal folder beside ``site``."""
    return site.with_name(f".{site.name}.txn")


def recover(site: Path) -> None:
    """Undo an interrupted transaction (or finish cleaning up a completed one)."""
    txn = _txn(site)
    if not txn.exists():
        return
    commit = txn / "COMMIT"
    if commit.is_file() and not (txn / "DONE").exists():
        for line in commit.read_text(encoding="utf-8").splitlines():
            kind, _, name = line.partition(" ")
            backup, target = txn / "old" / name, site / name
            if backup.exists() or backup.is_symlink():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(backup, target)  # the old file returns
            elif kind == "add" and target.exists():
                target.unlink()  # a file the interrupted build added
    shutil.rmtree(txn)


def apply(site: Path, writes: list[Output], removals: list[str]) -> None:
    """Write and remove files in ``site`` as one transaction; on any failure, put every file back."""
    recover(site)
    if not writes and not removals:  # e.g. an edit to a scheduled article: nothing of the site changes
        return
    try:
        _apply(site, writes, removals)
    except BaseException:
        recover(site)  # a full disk, a file we may not replace, Ctrl-C: the site as it was
        raise


def _apply(site: Path, writes: list[Output], removals: list[str]) -> None:
    """The transaction itself: stage, back up, commit, move into place, done."""
    txn = _txn(site)
    new, old = txn / "new", txn / "old"
    operations = []
    for output in writes:
        staged = new / output.path
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(output.data)
        target = site / output.path
        if target.exists():
            (old / output.path).parent.mkdir(parents=True, exist_ok=True)
            os.link(target, old / output.path)
            operations.append(f"replace {output.path}")
        else:
            operations.append(f"add {output.path}")
    for name in removals:
        target = site / name
        if target.exists():
            (old / name).parent.mkdir(parents=True, exist_ok=True)
            os.link(target, old / name)
            operations.append(f"remove {name}")
    _write_synced(txn / "COMMIT", "\n".join(operations) + "\n")
    for line in operations:
        kind, _, name = line.partition(" ")
        if kind == "remove":
            (site / name).unlink()
        else:
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(new / name, site / name)
    _write_synced(txn / "DONE", "")
    shutil.rmtree(txn)
    _prune_empty(site, {str(Path(name).parent) for name in removals})


def _write_synced(path: Path, text: str) -> None:
    """Write a journal marker and flush it to disk before acting on it."""
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _prune_empty(site: Path, folders: set[str]) -> None:
    """Remove folders that removals left empty (deepest first), never the site root."""
    for folder in sorted(folders, key=len, reverse=True):
        path = site / folder
        while path != site and path.is_dir() and not any(path.iterdir()):
            path.rmdir()
            path = path.parent
