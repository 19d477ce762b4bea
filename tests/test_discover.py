"""Discovery from the build's own walk of content/ finds what a walk of its own finds."""

from __future__ import annotations

import os

import pytest

from digest.build.fingerprint import UNLISTED, stat_tree
from digest.config import load_config
from digest.load import discover
from tests.conftest import Project, article


def _tricky(project: Project) -> None:
    """Nested folders, translations, strays, hidden files, a README, a photo, an orphan, a foreign suffix."""
    project.write("a.md", article(title="A"))
    project.write("a.en.md", "---\ntitle: A\nlang: en\n---\nA.\n")
    project.write("rubrik/b.md", article(title="B"))
    project.write("rubrik/dalam/c.md", article(title="C"))
    project.write("rubrik/dalam/c.en.md", "---\ntitle: C\nlang: en\n---\nC.\n")
    project.write("rubrik-lain/d.md", article(title="D"))
    project.write("zz/e.md", article(title="E"))
    project.write("yatim.en.md", "---\ntitle: Orphan\nlang: en\n---\nO.\n")
    project.write("asing.fr.md", article(title="F"))
    project.write("catatan.txt", "not an article")
    project.write("README.md", "for people")
    project.write(".tersembunyi.md", article(title="Hidden"))
    project.write(".rahasia/f.md", article(title="Hidden too"))
    project.write("foto.jpg", b"\xff\xd8")
    (project.root / "di-luar").mkdir()
    os.symlink(project.root / "di-luar", project.root / "content" / "tautan")


@pytest.mark.parametrize("broken", [False, True])
def test_discovery_from_the_walk_is_discovery(project: Project, broken: bool) -> None:
    """The same groups in the same order, the same diagnostics; a broken link has it walk again."""
    _tricky(project)
    if broken:
        os.symlink(project.root / "nowhere.md", project.root / "content" / "putus.md")
    config = load_config(project.root)
    listed = stat_tree(config.content_dir)
    assert (UNLISTED in listed.values()) == broken
    assert discover(config, listed) == discover(config)
    groups, diagnostics = discover(config, listed)
    # (rubrik/dalam before rubrik-lain, as os.walk goes, though "-" sorts before "/")
    assert [os.path.relpath(g.original, config.content_dir) for g in groups] == [
        "a.md", *(["putus.md"] if broken else []), "rubrik/b.md", "rubrik/dalam/c.md", "rubrik-lain/d.md", "zz/e.md"]
    assert any("a link to a folder" in d.message for d in diagnostics)
