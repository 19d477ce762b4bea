"""``digest serve`` tells a rebuild which paths the OS reported changed: what it makes of them equals a walk."""

from __future__ import annotations

import os
import queue
from collections.abc import Callable
from pathlib import Path

import pytest

from digest import serve
from digest.build.fingerprint import UNLISTED, stat_tree, updated_tree
from digest.serve import BurstWatcher, Changed, Heard


def _content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    (root / "2023").mkdir(parents=True)
    for name in ("a.md", "a.en.md", "2023/b.md", "foto.jpg"):
        (root / name).write_text(name, encoding="utf-8")
    return root


def _folder_added(root: Path) -> None:
    (root / "2024").mkdir()
    (root / "2024" / "d.md").write_text("d", encoding="utf-8")


def _folder_removed(root: Path) -> None:
    (root / "2023" / "b.md").unlink()
    (root / "2023").rmdir()


def _moved_into_a_new_folder(root: Path) -> None:
    (root / "2025").mkdir()
    (root / "a.md").rename(root / "2025" / "a.md")


CHANGES: dict[str, Callable[[Path], object]] = {
    "a file saved": lambda root: (root / "a.md").write_text("longer text", encoding="utf-8"),
    "a file added": lambda root: (root / "2023" / "c.md").write_text("c", encoding="utf-8"),
    "a file removed": lambda root: (root / "a.en.md").unlink(),
    "a folder added": _folder_added,
    "a folder removed": _folder_removed,
    "a hidden file": lambda root: (root / ".a.md.swp").write_text("x", encoding="utf-8"),
    "a link to a folder": lambda root: (root / "tautan").symlink_to(root / "2023"),
    "a broken link": lambda root: (root / "rusak.md").symlink_to(root / "nowhere.md"),
    "a file moved into a new folder": _moved_into_a_new_folder,
}


def _entries(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry below ``root`` (folders and links too) by its own stat."""
    found = {}
    for path in root.rglob("*"):
        seen = path.lstat()
        found[str(path)] = (seen.st_size, seen.st_mtime_ns, seen.st_mode)
    return found


def _reported(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> frozenset[str]:
    """What the OS reports: entries created or deleted, and files written (not a folder whose entries changed)."""
    written = {path for path in before.keys() & after.keys() if before[path] != after[path] and not os.path.isdir(path)}
    return frozenset((before.keys() ^ after.keys()) | written)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_the_tree_updated_from_the_changed_paths_is_the_walks(tmp_path: Path, change: str) -> None:
    """Whatever changed, the tree made from the last walk and the changed paths is the one a new walk gives."""
    root = _content(tmp_path)
    before, entries = stat_tree(root), _entries(root)
    CHANGES[change](root)
    reported = _reported(entries, _entries(root))
    assert reported
    assert updated_tree(root, before, reported) == stat_tree(root)


def test_a_folder_moved_away_reported_alone_has_the_folder_walked(tmp_path: Path) -> None:
    """``mv content/2023 elsewhere`` is one event, for the folder: the files it held are gone all the same."""
    root = _content(tmp_path)
    before = stat_tree(root)
    (root / "2023").rename(tmp_path / "2023")
    assert updated_tree(root, before, frozenset({str(root / "2023")})) == stat_tree(root)


def test_paths_outside_the_folder_are_passed_over(tmp_path: Path) -> None:
    """A template saved (outside content/) changes nothing of content/'s tree, and walks nothing."""
    root = _content(tmp_path)
    before = stat_tree(root)
    assert updated_tree(root, before, frozenset({str(tmp_path / "templates" / "base.html")})) == before


def _watcher(heard: list[Heard], polled: bool) -> tuple[BurstWatcher, list[Changed], list[bool]]:
    """A watcher whose OS listener reported ``heard`` (or that polls), recording what each rebuild was told."""
    told: list[Changed] = []
    drift = [False]

    def rebuild(changed: Changed) -> bool:
        told.append(changed)
        return True

    watcher = BurstWatcher(rebuild, lambda: drift[0])
    watcher._polled = None if polled else []
    watcher._snapshot = {}
    watcher._heard = queue.SimpleQueue()
    for item in heard:
        watcher._heard.put(item)
    return watcher, told, drift


def test_a_rebuild_is_told_every_path_the_os_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two bursts, one of an editor's backup file only: the rebuild hears both; a while later the folders are
    walked once, and a change the OS did not report is rebuilt."""
    watcher, told, drift = _watcher([(frozenset({"/p/content/a.md~"}), None),
                                     (frozenset({"/p/content/a.md"}), "/p/content/a.md")], polled=False)
    assert watcher.examine() == ("/p/content/a.md", None)
    assert told == [frozenset({"/p/content/a.md~", "/p/content/a.md"})]
    drift[0] = True  # the walk after it finds what the OS did not report...
    assert watcher.examine() == (None, None)  # ... but not at once: the browser's request for the page comes first
    monkeypatch.setattr(serve, "VERIFY_AFTER", 0.0)
    watcher._heard.put((frozenset({"/p/content/b.md"}), "/p/content/b.md"))
    watcher.examine()
    watcher.examine()
    assert told[-1] is None
    assert watcher.examine() == (None, None)
    assert len(told) == 3


def test_the_first_quiet_look_warms_the_rebuild_once() -> None:
    """What a rebuild imports is imported when the server is first idle, and only then."""
    warmed: list[int] = []
    watcher = BurstWatcher(lambda changed: True, warm=lambda: warmed.append(1))
    watcher._polled, watcher._snapshot = [], {}
    for _ in range(3):
        watcher.examine()
    assert warmed == [1]


def test_a_polling_watcher_tells_nothing() -> None:
    """Where the OS does not report changes, every rebuild looks at every file."""
    watcher, told, _ = _watcher([(frozenset({"/p/content/a.md"}), "/p/content/a.md")], polled=True)
    watcher.examine()
    assert told == [None]


def test_the_walk_records_each_file_by_what_the_build_would_read(tmp_path: Path) -> None:
    """Files at any depth by their own stat, a link by its target's (a link to a folder not followed),
    a broken link as unlisted, and nothing hidden."""
    root = _content(tmp_path)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref", encoding="utf-8")
    (root / ".a.md.swp").write_text("x", encoding="utf-8")
    (root / "2023" / "deep").mkdir()
    (root / "2023" / "deep" / "c.md").write_text("c", encoding="utf-8")
    (root / "tautan.md").symlink_to(root / "a.md")
    (root / "tautan").symlink_to(root / "2023")
    (root / "rusak.md").symlink_to(root / "nowhere.md")
    files = ("a.md", "a.en.md", "2023/b.md", "foto.jpg", "2023/deep/c.md", "tautan.md", "tautan")

    def own(name: str) -> tuple[int, int, int]:
        seen = (root / name).stat()
        return (seen.st_size, seen.st_mtime_ns, seen.st_mode)

    assert stat_tree(root) == {**{str(root / name): own(name) for name in files}, str(root / "rusak.md"): UNLISTED}
    assert stat_tree(str(root) + os.sep) == stat_tree(root)  # a root given with its separator: the same paths
