"""The state file: its parts kept in frames of their own, read only when asked for, from the file as it was opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from digest.build.sealed import CacheDamaged, Later, StateFile


def _state(tag: str) -> dict[str, object]:
    return {"main": f"{tag}-main", "detail": Later({"keys": f"{tag}-keys" * 1000}), "walked": Later([tag] * 100)}


def _loaded(path: Path) -> dict[str, Later[object]]:
    """The state of :func:`_state` saved at ``path``, loaded back."""
    StateFile(path, "code-1").save(_state("a"))
    loaded = StateFile(path, "code-1").load()
    assert isinstance(loaded, dict)
    return loaded


def test_a_state_saved_is_loaded_with_its_parts(tmp_path: Path) -> None:
    """What is saved comes back, parts and all."""
    state_file = StateFile(tmp_path / "build.pickle", "code-1")
    assert state_file.save(_state("a")) is None
    loaded = state_file.load()
    assert isinstance(loaded, dict)
    assert loaded["main"] == "a-main"
    assert loaded["detail"].get() == {"keys": "a-keys" * 1000}
    assert loaded["walked"].get() == ["a"] * 100


def test_loading_reads_no_part_until_it_is_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading reads each later frame's length only; asking for a part reads that part alone."""
    state_file = StateFile(tmp_path / "build.pickle", "code-1")
    state_file.save(_state("a"))
    asked: list[int] = []
    real = os.pread

    def pread(fd: int, size: int, at: int) -> bytes:
        asked.append(size)
        return real(fd, size, at)

    monkeypatch.setattr(os, "pread", pread)
    loaded = state_file.load()
    assert isinstance(loaded, dict)
    assert asked == [8, 8]  # the two parts' lengths
    loaded["walked"].get()
    assert len(asked) == 3  # one read more: the part asked for
    assert asked[2] < 1000  # the small part, not the large one


def test_a_part_is_read_from_the_file_as_it_was_when_loaded(tmp_path: Path) -> None:
    """A later build saving its state over the file changes nothing an earlier load reads, nor what it saves again."""
    path = tmp_path / "build.pickle"
    loaded = _loaded(path)
    StateFile(path, "code-1").save(_state("b"))
    assert loaded["detail"].get() == {"keys": "a-keys" * 1000}
    again = StateFile(tmp_path / "again.pickle", "code-1")
    again.save(loaded)  # "walked" was never read: its bytes are copied from the file as it was
    copied = again.load()
    assert isinstance(copied, dict)
    assert copied["walked"].get() == ["a"] * 100


def test_a_state_file_cut_short_is_not_loaded(tmp_path: Path) -> None:
    """Cut anywhere — in its head, its first frame or a part — the file reads as no state."""
    path = tmp_path / "build.pickle"
    state_file = StateFile(path, "code-1")
    state_file.save(_state("a"))
    whole = path.read_bytes()
    for size in (10, len(whole) // 4, len(whole) - 1):
        path.write_bytes(whole[:size])
        assert state_file.load() is None, size


def test_a_part_cut_short_after_loading_is_distrusted(tmp_path: Path) -> None:
    """The file cut short in place after it was loaded (by hand): the part cannot be read, and the cache is distrusted."""
    path = tmp_path / "build.pickle"
    loaded = _loaded(path)
    os.truncate(path, path.stat().st_size - 10)
    with pytest.raises(CacheDamaged):
        loaded["walked"].get()
