"""The write stage: atomic swap, unchanged files keep their mtimes, only generated files removed."""

from __future__ import annotations

import os
from pathlib import Path

from digest.model import Output
from digest.write import Stager, generated, manifest_path, open_staging, publish, recover


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
