"""The state file: its parts shelved beside it, each a file named by its seal, read only when asked for, as they were
when the state was loaded; an unchanged part is not written again, and a part no state names is removed."""

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


def _preads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every read of a part from now on (parts are read with ``os.pread``)."""
    asked: list[int] = []
    real = os.pread

    def pread(fd: int, size: int, at: int) -> bytes:
        asked.append(size)
        return real(fd, size, at)

    monkeypatch.setattr(os, "pread", pread)
    return asked


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
    """Loading opens each part but reads none; asking for a part reads that part alone."""
    state_file = StateFile(tmp_path / "build.pickle", "code-1")
    state_file.save(_state("a"))
    asked = _preads(monkeypatch)
    loaded = state_file.load()
    assert isinstance(loaded, dict)
    assert asked == []
    loaded["walked"].get()
    assert len(asked) == 1  # the part asked for
    assert asked[0] < 1000  # the small part, not the large one


def test_a_part_not_read_is_saved_again_without_being_written(tmp_path: Path) -> None:
    """A state saved again with a part it never read keeps that part's file as it is; a part no longer
    named is removed; a part missing has the state read as none."""
    path = tmp_path / "build.pickle"
    loaded = _loaded(path)
    shelf = path.with_suffix(".parts")
    before = {part.name: part.stat().st_mtime_ns for part in shelf.iterdir()}
    assert len(before) == 2
    loaded["detail"] = Later({"keys": "c-keys"})
    StateFile(path, "code-1").save(loaded)
    after = {part.name: part.stat().st_mtime_ns for part in shelf.iterdir()}
    assert len(after) == 2
    kept = before.keys() & after.keys()
    assert len(kept) == 1
    assert all(before[name] == after[name] for name in kept)
    again = StateFile(path, "code-1").load()
    assert isinstance(again, dict)
    assert again["detail"].get() == {"keys": "c-keys"}
    assert again["walked"].get() == ["a"] * 100
    again["walked"].get()  # read, then saved again: its file holds those bytes already
    StateFile(path, "code-1").save(again)
    assert {part.name: part.stat().st_mtime_ns for part in shelf.iterdir()} == after
    (shelf / kept.pop()).unlink()
    assert StateFile(path, "code-1").load() is None


def test_a_part_holding_another_parts_bytes_is_distrusted(tmp_path: Path) -> None:
    """Each part is checked against its name: one part's file given another's (sealed, valid) bytes is not read."""
    path = tmp_path / "build.pickle"
    StateFile(path, "code-1").save(_state("a"))
    parts = sorted(path.with_suffix(".parts").iterdir(), key=lambda part: part.stat().st_size)
    parts[0].write_bytes(parts[1].read_bytes())  # the walk's file now holds the detail
    loaded = StateFile(path, "code-1").load()
    assert isinstance(loaded, dict)
    with pytest.raises(CacheDamaged):
        loaded["walked"].get()


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
    """A part cut short in place after the state was loaded (by hand): it cannot be read, and the cache is distrusted."""
    path = tmp_path / "build.pickle"
    loaded = _loaded(path)
    for part in path.with_suffix(".parts").iterdir():
        os.truncate(part, part.stat().st_size - 10)
    with pytest.raises(CacheDamaged):
        loaded["walked"].get()


def test_stats_patched_are_saved_as_a_patch_of_the_part_they_came_from(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Stats loaded, then patched by an edit, are saved as the part they were loaded from and the patch:
    that part is not written again; loaded back, they are the patched stats. Patched beyond PATCH_MAX
    files, they are saved whole."""
    from digest.build import patches as state

    path = tmp_path / "build.pickle"
    tree = {f"p{i}/index.html": (i, 10 * i, 0o100644) for i in range(100)}
    StateFile(path, "code-1").save({"stats": state.Stats(tree)})
    loaded = StateFile(path, "code-1").load()
    assert isinstance(loaded, dict)
    shelf = path.with_suffix(".parts")
    (part,) = shelf.iterdir()
    written = {"p7/index.html": (1, 2, 0o100644), "new/index.html": (3, 4, 0o100644)}
    StateFile(path, "code-1").save({"stats": loaded["stats"].patched([], written)})
    assert [p.name for p in shelf.iterdir()] == [part.name]
    again = StateFile(path, "code-1").load()
    assert isinstance(again, dict)
    assert again["stats"].as_dict() == {**tree, **written}
    many = {f"p{i}/index.html": (0, 0, 0o100644) for i in range(60)}
    patched = again["stats"]
    for name, stat in many.items():  # one by one, as edits come: the patch grows past the bound
        patched = patched.patched([], {name: stat})
    monkeypatch.setattr(state, "PATCH_MAX", 50)
    StateFile(path, "code-1").save({"stats": patched})
    assert part.name not in [p.name for p in shelf.iterdir()]  # saved whole: a part of its own
    whole = StateFile(path, "code-1").load()
    assert isinstance(whole, dict)
    assert whole["stats"].as_dict() == {**tree, **written, **many}


def test_page_keys_patched_are_saved_as_a_patch_without_reading_their_part(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Page keys loaded, then patched by an edit, are saved as their part and the patch, the part neither
    read nor written again; loaded back, they are the patched keys."""
    from digest.build.patches import Keys

    path = tmp_path / "build.pickle"
    keys = {f"p{i}/index.html": f"key{i}" for i in range(200)}
    StateFile(path, "code-1").save({"keys": Keys(keys)})
    (part,) = path.with_suffix(".parts").iterdir()
    loaded = StateFile(path, "code-1").load()
    assert isinstance(loaded, dict)
    asked = _preads(monkeypatch)
    new = {"p3/index.html": "edited", "new/index.html": "added"}
    StateFile(path, "code-1").save({"keys": loaded["keys"].patched(new)})
    assert asked == []
    assert [p.name for p in path.with_suffix(".parts").iterdir()] == [part.name]
    again = StateFile(path, "code-1").load()
    assert isinstance(again, dict)
    assert dict(again["keys"]) == {**keys, **new}
