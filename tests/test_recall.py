"""What ``digest build`` recalls of the last build: discovery's answer and the stats its entries were checked
against, used only while they still hold."""

from __future__ import annotations

import pytest

from digest.build import changes, memo
from digest.build.pipeline import build, preview
from digest.config import load_config
from tests.conftest import Project, article, small_site


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often discovery runs and how many articles' files are signed, from now on."""
    counts = {"discover": 0, "signed": 0}
    import digest.load

    real_discover, real_signature = digest.load.discover, memo.signature

    def discover(*args: object, **kwargs: object) -> object:
        counts["discover"] += 1
        return real_discover(*args, **kwargs)  # type: ignore[arg-type]

    def signature(*args: object, **kwargs: object) -> str:
        counts["signed"] += 1
        return real_signature(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(digest.load, "discover", discover)
    monkeypatch.setattr(memo, "signature", signature)
    return counts


def _edit(project: Project, name: str, old: str, new: str) -> None:
    path = project.root / "content" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_an_edit_rebuild_lists_nothing_and_signs_only_the_edited_article(project: Project,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A body edited: the last discovery is recalled, and only its article's files are signed again."""
    small_site(project, 5, 1)
    build(load_config(project.root), parallel=False)
    counts = _counting(monkeypatch)
    _edit(project, "a2.md", "Isi berita 2.", "Isi berita 2. Kalimat baru.")
    build(load_config(project.root), parallel=False)
    assert counts == {"discover": 0, "signed": 1}
    assert "Kalimat baru." in project.site("2023/09/12/a2/index.html").read_text(encoding="utf-8")


def test_a_new_file_has_discovery_look_again(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A path more in content/: discovery runs, and the new article is published."""
    small_site(project, 3, 0)
    build(load_config(project.root), parallel=False)
    counts = _counting(monkeypatch)
    project.write("baru.md", article(title="Berita Baru", date="2023-09-15T10:00:00+07:00", facts="false"))
    build(load_config(project.root), parallel=False)
    assert counts["discover"] == 1
    assert project.site("2023/09/15/baru/index.html").is_file()


def test_a_store_changed_by_another_build_has_every_article_signed(project: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """digest serve rebuilt the shared article store since: the recalled stats no longer stand for it."""
    small_site(project, 4, 0)
    build(load_config(project.root), parallel=False)
    _edit(project, "a1.md", "Isi berita 1.", "Isi berita 1. Dari pratinjau.")
    build(preview(load_config(project.root)), parallel=False, memory={})  # the preview's build updates the store
    counts = _counting(monkeypatch)
    _edit(project, "a3.md", "Isi berita 3.", "Isi berita 3. Dari terminal.")
    build(load_config(project.root), parallel=False)
    assert counts["signed"] == 4
    assert "Dari pratinjau." in project.site("2023/09/11/a1/index.html").read_text(encoding="utf-8")
    assert "Dari terminal." in project.site("2023/09/13/a3/index.html").read_text(encoding="utf-8")


def test_the_recall_is_kept_by_digest_build_only(project: Project) -> None:
    """A preview build keeps what it found in its memory; its build state recalls nothing."""
    small_site(project, 2, 0)
    config = preview(load_config(project.root))
    build(config, parallel=False, memory={})
    state = changes.last_state(config)
    assert len(state.content) == 0
    assert state.found.get().groups == ()


def _walk(count: int, changed: dict[int, tuple[int, int, int]] | None = None) -> dict[str, tuple[int, int, int]]:
    """A walk of ``count`` files, ``changed`` giving some of them other stats."""
    return {f"/c/{i:05}.md": (changed or {}).get(i, (100 + i, 10**18 + i, 0o100644)) for i in range(count)}


def test_the_files_moved_since_the_last_walk_are_found_block_by_block() -> None:
    """Moved files anywhere (the first, one in the middle, the last of a short last block) are found,
    and nothing else; a walk of other paths, or of the same in another order, leaves it to the caller."""
    from digest.build.patches import Stats

    last = Stats(_walk(2_500))
    assert last.moved(Stats(_walk(2_500))) == set()
    now = _walk(2_500, {0: (1, 2, 0o100644), 1_500: (1_500, 1, 0o100644), 2_499: (7, 7, 0o100600)})
    assert last.moved(Stats(now)) == {"/c/00000.md", "/c/01500.md", "/c/02499.md"}
    assert last.moved(Stats(_walk(2_501))) is None
    assert last.moved(Stats(dict(reversed(_walk(2_500).items())))) is None


def test_too_many_moved_files_are_left_to_the_dict_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    """More blocks changed than are worth looking into one by one: None from the blocks, and
    ``recall.moved`` still names every moved file (by comparing the walks as dicts)."""
    from digest.build import patches as state
    from digest.build import recall

    monkeypatch.setattr(state, "_BLOCK", 2)
    monkeypatch.setattr(state, "_BLOCKS_MAX", 1)
    last = state.Stats(_walk(10))
    tree = _walk(10, {1: (0, 0, 0o100644), 8: (0, 0, 0o100644)})
    now = state.Stats(tree)
    assert last.moved(now) is None
    assert recall.moved(last, now, tree) == {"/c/00001.md", "/c/00008.md"}


def test_the_same_paths_of_another_kind_are_not_the_same_kinds() -> None:
    """With the same paths in the same order, a file now a link's target of another mode, or one that
    cannot be read, is not the walk discovery answered for."""
    from digest.build import recall
    from digest.build.patches import Stats

    last = Stats(_walk(5))
    same = _walk(5, {2: (1, 1, 0o100644)})  # a file edited: still the same kinds
    assert recall._same_kinds(last, same, Stats(same))
    for stat in ((1, 1, 0o40755), (-1, -1, 0o100644)):  # a folder now; unreadable now
        tree = _walk(5, {3: stat})
        assert not recall._same_kinds(last, tree, Stats(tree)), stat
        assert not recall._same_kinds(last, tree), stat


def test_content_listed_in_another_order_is_compared_path_by_path(project: Project,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The same files listed in another order, one of them edited: the walks are compared path by path, so
    the edit is published and nothing else is written; listed so again with no edit, nothing is written."""
    import os

    small_site(project, 4, 2)
    build(load_config(project.root), parallel=False)
    real = os.listdir
    monkeypatch.setattr(os, "listdir", lambda path: sorted(real(path), reverse=True))
    _edit(project, "a2.md", "Isi berita 2.", "Isi berita 2. Kalimat baru.")
    report = build(load_config(project.root), parallel=False)
    assert "Kalimat baru." in project.site("2023/09/12/a2/index.html").read_text(encoding="utf-8")
    assert report.written.changed == 2, report.written  # its own page in each language
    monkeypatch.setattr(os, "listdir", real)
    expected = project.snapshot()
    assert build(load_config(project.root), parallel=False).written.changed == 0
    assert project.snapshot() == expected


def test_the_store_knows_how_a_signature_of_photos_starts() -> None:
    """The store finds the articles with photos by how their stat signature starts: the article stage's way."""
    from digest.build import article, store

    assert store.PHOTOS == article._PHOTOS
