"""The cache and incremental builds are correct: they change exactly what an edit changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import digest.load
from digest import write
from digest.build import article as processing
from digest.build import memo, pool, state
from digest.build.pipeline import build
from digest.config import Config, load_config
from digest.errors import BuildFailed
from digest.files import read
from digest.load import Group, Reader
from digest.model import Output
from digest.write import journal
from tests.conftest import REPO, Project, article


def _mtimes(project: Project) -> dict[str, int]:
    site = project.site()
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def _changed(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after if before.get(name) != after[name]} | (before.keys() - after.keys())


def _populate(project: Project, count: int = 6) -> None:
    for i in range(count):
        countries = "[KP]" if i % 2 else "[JP]"
        project.write(f"a{i}.md", article(title=f"Judul {i}", date=f"2023-09-{10 + i}T10:00:00+07:00",
                                          summary=f"Ringkasan {i}.", countries=countries, facts="false",
                                          body=f"Jakarta, KabarBerita.id — Isi berita {i}."))
    if count:
        project.write("a0.en.md", "---\ntitle: Title 0\nlang: en\n---\nBody 0.\n")
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n")


def _build(project: Project, parallel: bool = False):  # type: ignore[no-untyped-def]
    return build(load_config(project.root), parallel=parallel)


def test_second_build_writes_nothing(project: Project) -> None:
    """A rebuild with nothing changed writes no file and touches no mtime."""
    _populate(project)
    _build(project)
    before = _mtimes(project)
    report = _build(project)
    assert report.written.changed == 0
    assert _mtimes(project) == before


def test_body_edit_reextracts_one_and_rewrites_only_its_pages(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing one body: one extraction, and only that article's two pages are rewritten."""
    _populate(project)
    _build(project)
    before = _mtimes(project)
    calls: list[str] = []
    real = digest.load.load_group  # what processing an article calls (imported where it runs)

    def counted(group: Group, config: Config, reader: Reader = read) -> object:
        calls.append(os.path.basename(group.original))
        return real(group, config, reader)

    monkeypatch.setattr(digest.load, "load_group", counted)
    path = project.root / "content" / "a3.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat tambahan.\n", encoding="utf-8")
    monkeypatch.setattr("digest.plan.plan", _no_plan)  # its teasers are unchanged: no list is planned again
    report = _build(project)
    assert calls == ["a3.md"]
    assert report.cached == 5
    assert _changed(before, _mtimes(project)) == {"2023/09/13/a3/index.html", "en/2023/09/13/a3/index.html"}
    assert "Kalimat tambahan." in project.site("2023/09/13/a3/index.html").read_text(encoding="utf-8")


_BUILD_AND_SAY_WHAT_LOADED = (
    "import sys\n"
    "from pathlib import Path\n"
    "from digest.build.pipeline import build\n"
    "from digest.config import load_config\n"
    "report = build(load_config(Path(sys.argv[1])))\n"
    "print(report.cached, *(name in sys.modules for name in ('digest.extract', 'digest.localize', 'yaml')))\n")


@pytest.mark.skipif(pool.fork_context() is None, reason="needs fork and two CPUs")
def test_an_edit_is_processed_by_a_helper_and_the_build_process_never_loads_the_stages(project: Project) -> None:
    """An edit's build forks a helper that imports load, extract and localize and processes the
    edited article, while the build process reads the cache and imports the renderer: the
    build process itself never loads those stages (each build in a fresh process, as the
    command runs). The edit shows."""
    _populate(project)

    def built() -> list[str]:
        run = subprocess.run([sys.executable, "-c", _BUILD_AND_SAY_WHAT_LOADED, str(project.root)],
                             capture_output=True, text=True, check=True, cwd=REPO)
        return run.stdout.split()

    assert built() == ["0", "True", "True", "True"]  # a first build: its few articles processed here
    path = project.root / "content" / "a3.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat dari penolong.\n", encoding="utf-8")
    assert built() == ["5", "False", "False", "False"]
    assert "Kalimat dari penolong." in project.site("2023/09/13/a3/index.html").read_text(encoding="utf-8")


def test_a_body_edit_does_not_read_the_manifest(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit that changes only its article's own pages writes files the last build recorded: its record
    says they are digest's, so the manifest (25,000 lines at 10,000 articles) is not read."""
    _populate(project)
    _build(project)

    def unread(site: Path) -> set[str]:
        raise AssertionError(f"the manifest of {site} was read")

    monkeypatch.setattr(write, "generated", unread)
    path = project.root / "content" / "a3.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat tanpa manifes.\n", encoding="utf-8")
    assert _build(project).written.changed == 2
    assert "Kalimat tanpa manifes." in project.site("2023/09/13/a3/index.html").read_text(encoding="utf-8")


def test_an_edit_saved_while_its_article_is_processed_is_built_next_time(project: Project,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache signs an article with the bytes it was made from: an edit saved while it is being
    processed (after it was read) is not taken as built, and the next build shows it."""
    _populate(project)
    path = project.root / "content" / "a2.md"
    real = processing.process

    def saved_meanwhile(group: Group, *args: object) -> object:
        made = real(group, *args)  # type: ignore[arg-type]
        if group.original == str(path) and "Kalimat di tengah." not in path.read_text(encoding="utf-8"):
            path.write_text(path.read_text(encoding="utf-8") + "\nKalimat di tengah.\n", encoding="utf-8")
        return made

    with monkeypatch.context() as patched:
        patched.setattr(processing, "process", saved_meanwhile)
        _build(project)
    assert "Kalimat di tengah." not in project.site("2023/09/12/a2/index.html").read_text(encoding="utf-8")
    report = _build(project)
    assert report.cached == 5
    assert "Kalimat di tengah." in project.site("2023/09/12/a2/index.html").read_text(encoding="utf-8")


def _no_plan(*args: object, **kwargs: object) -> None:
    raise AssertionError("the whole site was planned again")


def _rebuilt_from_scratch(project: Project) -> dict[str, bytes]:
    """The site a clean build makes of the same content (in a copy of the project)."""
    copy = Project(project.root.parent / (project.root.name + "-clean"))
    shutil.copytree(project.root / "content", copy.root / "content", dirs_exist_ok=True)
    shutil.copy(project.root / "pyproject.toml", copy.root / "pyproject.toml")
    _build(copy)
    return copy.snapshot()


def test_body_edits_give_the_site_a_clean_build_gives(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several body-only rebuilds in a row (facts changing too): byte for byte the site of a clean build."""
    _populate(project)
    _build(project)
    path = project.root / "content" / "a1.md"
    for sentence in ("Presiden Joko Widodo bertemu Kim Jong Un.", "Menurut Reuters, pertemuan berlangsung Senin (11/9)."):
        path.write_text(path.read_text(encoding="utf-8").replace("facts: false", "facts: true") + f"\n{sentence}\n",
                        encoding="utf-8")
        _build(project)
    translation = project.root / "content" / "a0.en.md"
    translation.write_text(translation.read_text(encoding="utf-8") + "\nMore body.\n", encoding="utf-8")
    with monkeypatch.context() as patched:
        patched.setattr("digest.plan.plan", _no_plan)
        _build(project)
    assert "More body." in project.site("en/2023/09/10/a0/index.html").read_text(encoding="utf-8")
    assert project.snapshot() == _rebuilt_from_scratch(project)


def test_article_warnings_survive_a_body_only_rebuild(project: Project) -> None:
    """A warning in an untouched article is still reported; a fixed one in the edited article is gone."""
    _populate(project)
    wrong = "Jakarta, KabarBerita.id — Rapat digelar Senin (12/9) di Jakarta."  # 12/9/2023 was a Tuesday
    project.write("w1.md", article(title="W1", date="2023-09-20", body=wrong))
    project.write("w2.md", article(title="W2", date="2023-09-21", body=wrong))
    first = [str(d) for d in _build(project).diagnostics if "contradicts" in d.message]
    assert [d.split(":")[0] for d in first] == ["content/w1.md", "content/w2.md"]
    path = project.root / "content" / "w2.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Senin (12/9)", "Selasa (12/9)"), encoding="utf-8")
    second = [str(d) for d in _build(project).diagnostics if "contradicts" in d.message]
    assert second == [first[0]]


def test_body_edit_after_a_failed_build_plans_everything(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed build left the cache ahead of the site: the next build may not take the short way."""
    _populate(project)
    _build(project)
    (project.root / "content" / "a2.md").write_text(article(title="Judul baru", date="2023-09-12").replace("date:", "date: [\n"))
    with pytest.raises(BuildFailed):
        _build(project)
    path = project.root / "content" / "a4.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat tambahan.\n", encoding="utf-8")
    monkeypatch.setattr("digest.plan.plan", _no_plan)
    with pytest.raises(AssertionError, match="planned again"):
        _build(project)


def test_title_edit_rewrites_the_lists_that_show_it(project: Project) -> None:
    """A new title changes its pages and every list and feed showing its teaser, nothing else."""
    _populate(project)
    _build(project)
    before = _mtimes(project)
    path = project.root / "content" / "a3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Judul 3", "Judul baru"), encoding="utf-8")
    _build(project)
    changed = _changed(before, _mtimes(project)) - {".digest-manifest"}
    assert {"2023/09/13/a3/index.html", "index.html", "negara/korea-utara/index.html", "feed.xml",
            "negara/korea-utara/feed.xml", "arsip/2023/09/index.html", "sitemap-news.xml"} - changed <= {"sitemap-news.xml"}
    assert "negara/jepang/index.html" not in changed
    assert "2023/09/12/a2/index.html" not in changed
    assert "Judul baru" in project.site("negara/korea-utara/index.html").read_text(encoding="utf-8")


def test_template_change_rerenders_the_pages_using_it(project: Project) -> None:
    """A site's own country template: country pages change, article pages keep their bytes and mtimes."""
    _populate(project)
    _build(project)
    before = _mtimes(project)
    own = project.root / "templates"
    own.mkdir()
    default = (REPO / "templates" / "country.html").read_text(encoding="utf-8")
    (own / "country.html").write_text(default.replace("<h1>", '<h1 class="mine">'), encoding="utf-8")
    _build(project)
    changed = _changed(before, _mtimes(project))
    assert "negara/jepang/index.html" in changed
    assert "en/countries/japan/index.html" in changed
    assert not any(name.startswith(("2023/", "en/2023/")) for name in changed)
    assert 'class="mine"' in project.site("negara/jepang/index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(pool.fork_context() is None, reason="needs fork and two CPUs")
def test_serial_and_parallel_builds_are_identical(tmp_path: Path, forks: list[str]) -> None:
    """Enough articles to use the process pools: the same bytes either way, and the parallel build did fork."""
    serial, parallel = Project(tmp_path / "serial"), Project(tmp_path / "parallel")
    for project in (serial, parallel):
        _populate(project, 0)
        for i in range(90):
            body = f"Jakarta, KabarBerita.id — Presiden Jepang bertemu warga Mesir pada Senin. Nomor {i}."
            project.write(f"b{i:03d}.md", article(title=f"Berita {i}", date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}", body=body))
    _build(serial, parallel=False)
    assert forks == []
    _build(parallel, parallel=True)
    assert len(forks) == 2  # one pool for the articles, one for rendering
    assert len(serial.snapshot()) > 200
    assert serial.snapshot() == parallel.snapshot()


def test_corrupt_cache_is_ignored(project: Project) -> None:
    """Garbage in every cache file: the build notices, rebuilds from sources, same site."""
    _populate(project)
    _build(project)
    expected = project.snapshot()
    damaged = [path for path in (project.root / ".digest-cache").rglob("*") if path.is_file()]
    assert any(path.suffix == ".code" for path in damaged)  # the compiled templates among them
    for path in damaged:
        path.write_bytes(b"\x00garbage" * 100)
    shutil.rmtree(project.site())
    report = _build(project)
    assert report.cached == 0
    assert project.snapshot() == expected


def test_stale_cache_from_other_code_is_not_used(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A new code version never reuses results made by the old one."""
    _populate(project)
    _build(project)
    for module in (memo, state):
        monkeypatch.setattr(module, "code_version", lambda stage: "another version")
    assert _build(project).cached == 0


def test_interrupted_in_place_update_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash halfway through applying a journaled update: recovery restores the old files."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_bytes(b"old a")
    (site / "b.html").write_bytes(b"old b")
    real_replace, moves = os.replace, list[object]()

    def crash_after_one(src: object, dst: object) -> None:
        if moves:
            raise KeyboardInterrupt("killed")
        moves.append(dst)
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", crash_after_one)
    with pytest.raises(KeyboardInterrupt):
        journal.apply(site, [Output("a.html", b"new a"), Output("b.html", b"new b"), Output("c.html", b"new c")], [])
    monkeypatch.setattr(os, "replace", real_replace)
    assert (site / "a.html").read_bytes() == b"new a"  # half applied...
    journal.recover(site)
    assert (site / "a.html").read_bytes() == b"old a"
    assert (site / "b.html").read_bytes() == b"old b"
    assert not (site / "c.html").exists()
    assert not (tmp_path / ".site.txn").exists()


def _cache_db(project: Project):  # type: ignore[no-untyped-def]
    import sqlite3

    (path,) = (project.root / ".digest-cache").glob("articles-*.sqlite")
    return sqlite3.connect(path)


def test_lost_bodies_mean_a_rebuild_from_sources(project: Project) -> None:
    """Bodies gone from the store when article pages must be rendered again: the build starts over, same site."""
    _populate(project)
    _build(project)
    expected = project.snapshot()
    with _cache_db(project) as db:
        db.execute("DELETE FROM bodies")
    own = project.root / "templates"
    own.mkdir()
    (own / "article.html").write_text((REPO / "templates" / "article.html").read_text(encoding="utf-8"), encoding="utf-8")
    report = _build(project)  # every article page's template changed: all are rendered, from bodies
    assert report.cached == 0
    assert project.snapshot() == expected


def test_a_damaged_cached_result_means_a_rebuild_from_sources(project: Project) -> None:
    """A stored result whose checksum fails, read when the whole site is planned: rebuilt from the sources."""
    _populate(project)
    _build(project)
    with _cache_db(project) as db:
        db.execute("UPDATE entries SET result = X'00' WHERE key = 'content/a2.md'")
    path = project.root / "content" / "a4.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Judul 4", "Judul baru"), encoding="utf-8")
    report = _build(project)
    assert report.cached == 0
    assert project.snapshot() == _rebuilt_from_scratch(project)
    assert "Judul 2" in project.site("2023/09/12/a2/index.html").read_text(encoding="utf-8")


def test_category_edits_rebuild_the_sections_that_show_them(project: Project) -> None:
    """Moving an article to another section (and another author) rewrites both sections' pages and feeds, the
    bylines and the sitemap, removes the emptied section, and leaves the site a clean build makes."""
    _populate(project)
    path = project.root / "content" / "a3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("facts: false", "facts: false\ncategory: Olahraga\n"
                                                             "author: Rina"), encoding="utf-8")
    _build(project)
    assert "Judul 3" in project.site("rubrik/olahraga/index.html").read_text(encoding="utf-8")
    before = _mtimes(project)
    path.write_text(path.read_text(encoding="utf-8").replace("Olahraga", "Ekonomi").replace("Rina", "Budi"),
                    encoding="utf-8")
    _build(project)
    changed = _changed(before, _mtimes(project))
    assert {"2023/09/13/a3/index.html", "rubrik/olahraga/index.html", "rubrik/ekonomi/index.html",
            "rubrik/ekonomi/feed.xml", "en/sections/business/index.html", "penulis/budi/index.html",
            "penulis/rina/index.html", "sitemap.xml"} <= changed
    assert not project.site("rubrik/olahraga").exists()
    assert "Judul 3" in project.site("rubrik/ekonomi/feed.xml").read_text(encoding="utf-8")
    assert "negara/jepang/index.html" not in changed
    assert project.snapshot() == _rebuilt_from_scratch(project)


def test_the_summary_counts_recording_the_state(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The time a build reports includes writing the state the next build reads (0.7 s of an edit at
    100,000 articles), as its own stage."""
    _populate(project)
    real = state.save_state

    def slow(*args: object) -> object:
        time.sleep(0.3)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr("digest.build.changes.save_state", slow)
    timings = dict(_build(project).timings)
    assert timings["record"] >= 0.3
    assert timings["total"] >= 0.3
