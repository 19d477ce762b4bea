"""Compiled templates kept between builds: reused when sealed and current, never when foreign or stale."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from digest.build.pipeline import build
from digest.build.sealed import CACHE
from digest.build.templates import CATALOG, FOLDER, TemplateCache
from digest.config import load_config
from tests.conftest import Project, small_site


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja2 compiles from source from now on."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None, *args: Any, **kw: Any) -> Any:
        compiled.append(str(name))
        return original(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return compiled


def _edit_first_article(project: Project, words: str) -> None:
    path = project.root / "content" / "a0.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Isi berita 0.", words), encoding="utf-8")


def test_a_rebuild_renders_with_the_templates_compiled_before(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit's rebuild compiles no template: the first build's compiled code is loaded, and the page is new."""
    small_site(project, 3, 1)
    build(load_config(project.root), parallel=False)
    assert list((project.root / CACHE / FOLDER).glob("*/id/*.code")), "the first build kept no compiled template"
    compiled = _compiles(monkeypatch)
    _edit_first_article(project, "Kalimat yang baru saja ditulis.")
    build(load_config(project.root), parallel=False)
    assert compiled == []
    assert "Kalimat yang baru saja ditulis." in project.site("2023/09/10/a0/index.html").read_text(encoding="utf-8")


def test_compiled_templates_not_sealed_by_this_user_are_not_loaded(project: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled template whose seal is not this user's (written by someone else) is compiled again."""
    small_site(project, 3, 0)
    build(load_config(project.root), parallel=False)
    files = sorted((project.root / CACHE / FOLDER).glob("*/*/*.code"))
    assert len(files) >= 2
    for path in files:
        blob = path.read_bytes()
        path.write_bytes(bytes([blob[0] ^ 1]) + blob[1:])  # the code as it was, under a seal that does not match
    compiled = _compiles(monkeypatch)
    _edit_first_article(project, "Kalimat lain.")
    build(load_config(project.root), parallel=False)
    assert compiled, "a damaged compiled template was loaded"


def test_a_template_edit_is_compiled_and_old_code_removed(project: Project) -> None:
    """Editing a template gives the pages its new text, and the compiled code of the old theme is gone."""
    small_site(project, 2, 0)
    build(load_config(project.root), parallel=False)
    before = {path.name for path in (project.root / CACHE / FOLDER).iterdir()}
    templates = project.root / "templates"
    templates.mkdir()
    (templates / "_teaser.html").write_text("<li>{{ t.title }} TEASER-BARU</li>\n", encoding="utf-8")
    build(load_config(project.root), parallel=False)
    after = {path.name for path in (project.root / CACHE / FOLDER).iterdir()}
    assert "TEASER-BARU" in (project.site("index.html")).read_text(encoding="utf-8")
    assert len(after) == 1
    assert after.isdisjoint(before)


def test_an_unwritable_cache_still_builds(project: Project, tmp_path: Path) -> None:
    """A file where the compiled templates' folder would be: the build compiles in memory and succeeds."""
    small_site(project, 2, 0)
    (project.root / CACHE).mkdir()
    (project.root / CACHE / FOLDER).write_text("in the way", encoding="utf-8")
    build(load_config(project.root), parallel=False)
    assert (project.site("index.html")).is_file()


def test_a_rebuild_reads_the_compiled_catalog_kept_not_the_po_file(project: Project,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild that renders a page parses no .po file: each language's compiled catalog is kept with its templates."""
    from babel.messages import pofile

    small_site(project, 3, 1)
    build(load_config(project.root), parallel=False)
    assert sorted(p.parent.name for p in (project.root / CACHE / FOLDER).glob(f"*/*/{CATALOG}")) == ["en", "id"]

    def parsed(*args: object, **kwargs: object) -> None:
        raise AssertionError("a .po file was parsed again")

    monkeypatch.setattr(pofile, "read_po", parsed)
    _edit_first_article(project, "Kalimat ketiga.")
    build(load_config(project.root), parallel=False)
    page = project.site("2023/09/10/a0/index.html").read_text(encoding="utf-8")
    assert "Kalimat ketiga." in page
    assert 'lang="id"' in page


def test_a_kept_catalog_not_sealed_by_this_user_is_compiled_again(project: Project) -> None:
    """The compiled catalog is kept sealed: one that is damaged or forged is compiled again, never read."""
    cache = TemplateCache(project.root, "k" * 16, "id")
    assert cache.catalog(lambda: b"first") == b"first"
    assert cache.catalog(_never) == b"first"  # kept
    target = next((project.root / CACHE / FOLDER).glob(f"*/id/{CATALOG}"))
    blob = target.read_bytes()
    target.write_bytes(bytes([blob[0] ^ 1]) + blob[1:-5] + b"forged")
    assert cache.catalog(lambda: b"again") == b"again"
    assert cache.catalog(_never) == b"again"


def _never() -> bytes:
    raise AssertionError("compiled again although kept")


def test_a_changed_catalog_is_compiled_again_and_shown(project: Project, tmp_path: Path) -> None:
    """The kept catalog (and the templates it was compiled into) belong to the catalog files' bytes:
    a translation changed in a .po file shows on the next build."""
    import dataclasses
    import shutil

    small_site(project, 3, 0)
    config = load_config(project.root)
    locale = tmp_path / "locale"
    shutil.copytree(config.locale_dir, locale)
    config = dataclasses.replace(config, locale_dir=locale)
    build(config, parallel=False)
    page = project.site("2023/09/10/a0/index.html")
    assert ">Negara<" in page.read_text(encoding="utf-8")
    po = locale / "id" / "LC_MESSAGES" / "messages.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Negara"', 'msgstr "Negeri"'), encoding="utf-8")
    build(config, parallel=False)
    assert ">Negeri<" in page.read_text(encoding="utf-8")
    assert len(list((project.root / CACHE / FOLDER).glob(f"*/id/{CATALOG}"))) == 1  # the old key's folder is gone
