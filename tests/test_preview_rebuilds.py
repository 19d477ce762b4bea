"""``digest serve``'s rebuilds keep articles, their stats and the renderer in memory: never a stale page."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.build.fingerprint import UNLISTED, stat_tree
from digest.build.pipeline import build, preview
from digest.config import load_config
from digest.errors import BuildFailed
from tests.conftest import REPO, Project, article, small_site


def _populate(project: Project) -> None:
    small_site(project, articles=4, translated=2)
    (project.root / "templates").mkdir()  # (so that overriding a template changes no setting, only the theme's files)


def _edit(project: Project, name: str, old: str, new: str) -> None:
    path = project.root / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _override(project: Project) -> None:
    shutil.copy(REPO / "templates" / "article.html", project.root / "templates" / "article.html")
    _edit(project, "templates/article.html", "</article>", "<p>diganti</p></article>")


EDITS: dict[str, Callable[[Project], object]] = {
    "a body": lambda p: _edit(p, "content/a2.md", "Isi berita 2.", "Isi berita 2. Kalimat baru."),
    "a title": lambda p: _edit(p, "content/a3.md", "Judul 3", "Judul baru"),
    "a translation removed": lambda p: (p.root / "content" / "a1.en.md").unlink(),
    "a translation added": lambda p: p.write("a2.en.md", "---\ntitle: Title 2\nlang: en\n---\nBody 2.\n"),
    "an article removed": lambda p: (p.root / "content" / "a3.md").unlink(),
    "an article added": lambda p: p.write("b.md", article(title="Baru", date="2023-09-17", facts="false")),
    "a template overridden": _override,
    "an overriding template edited": lambda p: _edit(p, "templates/article.html", "diganti", "lagi"),
    "a setting": lambda p: (p.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\npage_size = 2\n"),
}


def _preview(root: Path, memory: dict[str, object] | None, changed: frozenset[str] | None = None) -> dict[str, bytes]:
    config = preview(load_config(root))
    build(config, parallel=False, memory=memory, changed=changed)
    site = config.output_dir
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _clean(project: Project, tmp_path: Path) -> dict[str, bytes]:
    """The preview a fresh process would build of the project as it is now."""
    copy = tmp_path / "clean"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(".digest-cache", "site"))
    return _preview(copy, None)


def _files(project: Project) -> dict[str, tuple[int, int, int]]:
    return stat_tree(project.root / "content", project.root / "templates", project.root / "pyproject.toml")


def _reported(before: dict[str, tuple[int, int, int]], project: Project) -> frozenset[str]:
    """The paths a file watcher reports after an edit: those added, removed or written since ``before``."""
    after = _files(project)
    return frozenset(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


@pytest.mark.parametrize("told", [False, True], ids=["walked", "told what changed"])
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_preview_rebuild_in_memory_shows_every_edit(project: Project, tmp_path: Path, edit: str, told: bool) -> None:
    """After each kind of edit, the preview rebuilt with the last builds' memory is a clean build's, byte for byte:
    whether it walks content/ or is told by the file watcher which paths changed."""
    _populate(project)
    memory: dict[str, object] = {}
    _preview(project.root, memory)

    def rebuilt_after(change: Callable[[Project], object]) -> dict[str, bytes]:
        before = _files(project)
        change(project)
        return _preview(project.root, memory, _reported(before, project) if told else None)

    rebuilt_after(lambda p: _edit(p, "content/a0.md", "Isi berita 0.", "Isi berita 0. Sekali."))  # memory first
    if edit == "an overriding template edited":
        rebuilt_after(_override)
    assert rebuilt_after(EDITS[edit]) == _clean(project, tmp_path)


def test_a_preview_rebuild_keeps_the_compiled_templates(project: Project) -> None:
    """The renderer a preview build made is the next one's while templates and settings are the same."""
    _populate(project)
    memory: dict[str, object] = {}
    _preview(project.root, memory)
    first = memory["renderer"]
    _edit(project, "content/a2.md", "Isi berita 2.", "Isi berita 2. Kalimat baru.")
    _preview(project.root, memory)
    assert memory["renderer"] is first
    _override(project)
    _preview(project.root, memory)
    assert memory["renderer"] is not first


def test_a_preview_rebuild_sees_a_file_become_a_link_to_a_folder(project: Project) -> None:
    """Same paths, another kind: discovery runs again and reports the link (as a fresh build would)."""
    _populate(project)
    memory: dict[str, object] = {}
    _preview(project.root, memory)
    (project.root / "elsewhere").mkdir()
    (project.root / "content" / "a2.md").unlink()
    (project.root / "content" / "a2.md").symlink_to(project.root / "elsewhere")
    with pytest.raises(BuildFailed, match="a link to a folder"):
        _preview(project.root, memory)


def test_the_walk_names_a_folder_it_cannot_list(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder the walk cannot list is in its answer: discovery would report it, so it is a change."""
    _populate(project)
    (project.root / "content" / "rubrik").mkdir()
    listed = stat_tree(project.root / "content")
    real = os.listdir

    def refusing(path: str) -> object:
        if str(path).endswith("rubrik"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", refusing)
    unlisted = stat_tree(project.root / "content")
    assert unlisted == {**listed, str(project.root / "content" / "rubrik"): UNLISTED}
