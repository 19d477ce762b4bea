"""The write stage: atomic swap, unchanged files keep their mtimes, only generated files removed."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from digest.model import Output
from digest.write import Stager, generated, manifest_path, open_staging, publish, recover, retire


def write_site(outputs: list[Output], site: Path) -> tuple[int, int]:
    """Publish ``outputs`` as the whole new site the way a build swaps one in: (files, changed)."""
    staging = open_staging(site)
    stager = Stager(staging, site)
    changed = sum(stager.put(output) for output in outputs)
    publish(staging, site, [output.path for output in outputs])
    return len(outputs), changed


def test_write_replaces_whole_site_and_prunes_stale_files(tmp_path: Path) -> None:
    """A second write leaves exactly the new outputs; stale files are gone."""
    site = tmp_path / "site"
    write_site([Output("a/index.html", b"A"), Output("old.html", b"O")], site)
    written = write_site([Output("a/index.html", b"A"), Output("b/index.html", b"B")], site)
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == ["a/index.html", "b/index.html"]
    assert generated(site) == {"a/index.html", "b/index.html"}
    assert manifest_path(site).parent == site.parent
    assert written == (2, 1)
    assert not any(p.name.startswith(".site.") and p.name != ".site.manifest" for p in tmp_path.iterdir())


def test_unchanged_bytes_keep_their_mtime(tmp_path: Path) -> None:
    """Identical output is not rewritten, so deploys and live reload see only real changes."""
    site = tmp_path / "site"
    write_site([Output("a.html", b"same"), Output("b.html", b"old")], site)
    os.utime(site / "a.html", (1_000_000, 1_000_000))
    write_site([Output("a.html", b"same"), Output("b.html", b"new")], site)
    assert (site / "a.html").stat().st_mtime == 1_000_000
    assert (site / "b.html").read_bytes() == b"new"


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    """If a crash left only the moved-aside old site, the next build restores it first."""
    old = tmp_path / ".site.old"
    old.mkdir()
    (old / "index.html").write_bytes(b"previous")
    (tmp_path / ".site.staging").mkdir()
    recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_bytes() == b"previous"
    assert not old.exists()
    assert not (tmp_path / ".site.staging").exists()


def test_files_digest_did_not_generate_are_kept(tmp_path: Path) -> None:
    """A file placed in site/ by hand survives rebuilds; generated files that vanish are pruned."""
    site = tmp_path / "site"
    write_site([Output("a.html", b"A"), Output("gone.html", b"G")], site)
    (site / "keep").mkdir()
    (site / "keep" / "google123.html").write_bytes(b"verification")
    write_site([Output("a.html", b"A2")], site)
    write_site([Output("a.html", b"A3")], site)
    assert (site / "keep" / "google123.html").read_bytes() == b"verification"
    assert not (site / "gone.html").exists()
    assert (site / "a.html").read_bytes() == b"A3"


def test_a_large_previous_site_is_deleted_by_another_process_after_the_swap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The swap publishes the new site; the old one goes in a process of its own, the build not waiting."""
    monkeypatch.setattr(retire, "RETIRE_MIN", 2)  # this site's two files count as large
    deleted_here: list[str] = []
    real_rmtree = shutil.rmtree

    def rmtree(path: str | Path, *args: Any, **kwargs: Any) -> None:
        deleted_here.append(str(path))
        real_rmtree(path, *args, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    site = tmp_path / "site"
    write_site([Output("a/index.html", b"old A"), Output("b.html", b"old B")], site)
    write_site([Output("a/index.html", b"new A"), Output("c.html", b"C")], site)
    assert (site / "a" / "index.html").read_bytes() == b"new A"
    assert sorted(p.name for p in site.iterdir()) == ["a", "c.html"]
    assert deleted_here == []  # neither the staging folder (the old site after the swap) nor a retired one
    deadline = time.monotonic() + 30
    while list(tmp_path.glob(".site.retired-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(tmp_path.glob(".site.retired-*"))
    assert not (tmp_path / ".site.staging").exists()


def test_a_retired_site_no_process_deletes_goes_at_the_next_build(tmp_path: Path) -> None:
    """A retired folder whose deleter died is removed by the next build's recovery; one still held is left to it."""
    site = tmp_path / "site"
    abandoned, busy = tmp_path / ".site.retired-1-1", tmp_path / ".site.retired-2-1"
    for folder in (abandoned, busy):
        (folder / "x").mkdir(parents=True)
        (folder / "x" / "index.html").write_bytes(b"old")
    held = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # as its deleter holds it
        assert recover(site) == []
        assert not abandoned.exists()
        assert (busy / "x" / "index.html").exists()
    finally:
        os.close(held)
    recover(site)
    assert not busy.exists()


def test_links_placed_in_the_site_are_carried_over_as_links(tmp_path: Path) -> None:
    """Hand-placed files and links (to files, to folders, dangling) survive a rebuild as they were; a linked
    folder is not walked into, so what it holds is never copied."""
    site = tmp_path / "site"
    write_site([Output("a.html", b"A")], site)
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "big.bin").write_bytes(b"data")
    (site / "kept").mkdir()
    (site / "kept" / "note.txt").write_bytes(b"note")
    os.symlink(outside, site / "linked")
    os.symlink("nowhere", site / "kept" / "dangling")
    write_site([Output("a.html", b"A2")], site)
    assert (site / "kept" / "note.txt").read_bytes() == b"note"
    assert os.readlink(site / "linked") == str(outside)
    assert os.readlink(site / "kept" / "dangling") == "nowhere"
    assert (outside / "deep" / "big.bin").read_bytes() == b"data"
