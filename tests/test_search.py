"""digest/search.py: Pagefind over a written folder, with the same bytes for the same site."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from digest import search
from digest.build.pipeline import build
from digest.config import load_config
from digest.errors import Diagnostic
from tests.conftest import Project, article

PAGE = ('<!doctype html><html lang="{lang}"><head><title>{word}</title></head>'
        '<body><h1 data-pagefind-body>{word}</h1></body></html>')


def test_the_index_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    """Pagefind orders the languages of its entry file at random; digest writes them in order of their code."""
    binary = search.executable()
    if binary is None:
        pytest.skip("Pagefind is not installed")
    entries = []
    for run in range(6):  # unordered, six runs would agree by chance once in 32
        site = tmp_path / f"site{run}"
        for lang, word in (("id", "berita"), ("en", "news")):
            (site / lang).mkdir(parents=True)
            (site / lang / "index.html").write_text(PAGE.format(lang=lang, word=word), encoding="utf-8")
        assert search.index(site, binary) == ()
        entries.append((site / "pagefind" / "pagefind-entry.json").read_bytes())
    assert len(set(entries)) == 1
    assert list(json.loads(entries[0])["languages"]) == ["en", "id"]


def _project(project: Project) -> None:
    """Five articles in three shards: a0 and a1 early in September 2023, a2 and a4 late in it, a3 in October."""
    for i, day in enumerate(("2023-09-02", "2023-09-03", "2023-09-25", "2023-10-05", "2023-09-28")):
        project.write(f"a{i}.md", article(title=f"Judul {i}", date=f"{day}T10:00:00+07:00", facts="false",
                                          body=f"Jakarta — Isi berita kata{i} nomor {i}."))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = true\n")


def _indexed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shards Pagefind is run over from now on, by name (the build runs serially: in this process)."""
    names: list[str] = []
    real = search.index

    def counting(site: Path, binary: Path, before: Any = None, out: Path | None = None,
                 pattern: str | None = None) -> tuple[Diagnostic, ...]:
        assert out is not None
        names.append(out.name)
        return real(site, binary, before, out, pattern)

    monkeypatch.setattr(search, "index", counting)
    return names


@pytest.mark.parametrize("edit", ["body", "removal", "new date"])
def test_an_edit_indexes_again_only_the_shards_of_its_pages(project: Project, edit: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A body edit or a deletion re-indexes the article's shard (of each language: of two pages, one is too many
    to leave to the recent shard); a date moved, the old shard, and the recent one for the page the new shard
    gains; Pagefind runs over no other shard."""
    if search.executable() is None:
        pytest.skip("Pagefind is not installed")
    _project(project)
    indexed = _indexed(monkeypatch)
    build(load_config(project.root), parallel=False)
    assert sorted(indexed) == ["en-2023-09-1", "en-2023-09-3", "en-2023-10-1", "id-2023-09-1", "id-2023-09-3",
                               "id-2023-10-1"]
    indexed.clear()
    a2 = project.root / "content" / "a2.md"
    if edit == "body":
        a2.write_text(a2.read_text(encoding="utf-8") + "\nKalimat baru.\n", encoding="utf-8")
    elif edit == "removal":
        a2.unlink()
    else:
        a2.write_text(a2.read_text(encoding="utf-8").replace("2023-09-25", "2023-10-06"), encoding="utf-8")
    build(load_config(project.root), parallel=False)
    expected = {"id-2023-09-3", "en-2023-09-3"} | ({"id-recent", "en-recent"} if edit == "new date" else set())
    assert set(indexed) == expected
    last = ["id-2023-10-1", "id-recent"] if edit == "new date" else ["id-2023-10-1"]
    assert json.loads(project.site("pagefind/shards.json").read_bytes())["id"][-len(last):] == last


def test_a_window_with_too_many_pages_is_split_by_its_days(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A third of a month with more pages than a shard may hold is indexed as shards of consecutive days, each with
    its own pages alone, and named in the manifest; an edit re-indexes only its part."""
    if search.executable() is None:
        pytest.skip("Pagefind is not installed")
    _project(project)
    monkeypatch.setattr(search, "SHARD_MAX", 1)
    indexed = _indexed(monkeypatch)
    build(load_config(project.root), parallel=False)
    # 2 and 3 September fall in the first part of days 1-10 alike; the 25th and 28th in two parts of 21-31
    assert json.loads(project.site("pagefind/shards.json").read_bytes())["id"] == [
        "id-2023-09-01", "id-2023-09-21", "id-2023-09-27", "id-2023-10-1"]
    pages = {day: json.loads(project.site(f"pagefind/id-2023-09-{day}/pagefind-entry.json").read_bytes())
             ["languages"]["id"]["page_count"] for day in ("01", "21", "27")}
    assert pages == {"01": 2, "21": 1, "27": 1}
    indexed.clear()
    a4 = project.root / "content" / "a4.md"
    a4.write_text(a4.read_text(encoding="utf-8") + "\nKalimat baru.\n", encoding="utf-8")
    build(load_config(project.root), parallel=False)
    assert sorted(indexed) == ["en-2023-09-27", "id-2023-09-27"]


def test_each_shard_entry_is_the_same_bytes_every_time(project: Project) -> None:
    """Two clean builds of one project give the same search index, byte for byte (each shard's entry in order)."""
    if search.executable() is None:
        pytest.skip("Pagefind is not installed")
    _project(project)
    snapshots = []
    for _ in range(2):
        shutil.rmtree(project.site(), ignore_errors=True)
        shutil.rmtree(project.root / ".digest-cache", ignore_errors=True)
        build(load_config(project.root), parallel=False)
        snapshots.append({name: data for name, data in project.snapshot().items() if name.startswith("pagefind/")})
    assert snapshots[0] == snapshots[1]


def _indexed_urls(out: Path) -> set[str]:
    """The addresses of the pages in the index folder ``out`` (each fragment names its page)."""
    return {json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])["url"]
            for fragment in (out / "fragment").iterdir()}


def test_a_shard_indexes_its_pages_and_no_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind over the site itself reads the pages named and no other page of the same folders, whatever
    characters their paths hold; with a glob too long for one argument they are laid out instead, to the same bytes."""
    binary = search.executable()
    if binary is None:
        pytest.skip("Pagefind is not installed")
    site = tmp_path / "site"
    names = ["2023/09/05/a/index.html", "2023/09/05/b,{c}[d]*/index.html", "2023/09/06/e/index.html",
             "2023/09/05/other/index.html", "2023/09/07/other/index.html", "index.html", "2023/09/05/a/more.html"]
    for i, name in enumerate(names):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(PAGE.format(lang="id", word=f"kata{i}"), encoding="utf-8")
    made = []
    for way in ("globbed", "laid out"):
        if way == "laid out":
            monkeypatch.setattr(search, "ARGUMENT_MAX", 10)
        assert search.index_files(site, names[:3], tmp_path / way, tmp_path / "scratch", binary) == ()
        assert _indexed_urls(tmp_path / way) == {"/2023/09/05/a/", "/2023/09/05/b,{c}[d]*/", "/2023/09/06/e/"}, way
        assert not (tmp_path / "scratch").exists()
        made.append({path.relative_to(tmp_path / way): path.read_bytes() for path in (tmp_path / way).rglob("*")
                     if path.is_file()})
    assert made[0] == made[1]


@pytest.mark.parametrize("removed", [".pf_fragment", ".pf_index", ".pf_meta"])
def test_a_hashed_index_file_removed_by_hand_is_written_again(project: Project, removed: str,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's files named by their content are checked by their folder's stat, not one by one: one removed
    by hand changes that stat, the next build indexes its shard again and restores the site, and the build
    after that is a no-op (the folder as that build left it was recorded)."""
    if search.executable() is None:
        pytest.skip("Pagefind is not installed")
    _project(project)
    build(load_config(project.root), parallel=False)
    before = project.snapshot()
    (victim,) = sorted((project.root / "site" / "pagefind" / "id-2023-09-1").rglob(f"*{removed}"))[:1]
    victim.unlink()
    indexed = _indexed(monkeypatch)
    build(load_config(project.root), parallel=False)
    assert indexed == ["id-2023-09-1"]
    assert project.snapshot() == before
    indexed.clear()
    assert build(load_config(project.root), parallel=False).timings[0][0] == "check"
    assert indexed == []


def test_after_an_article_is_removed_the_next_build_is_a_no_op(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """Removing an article removes its hashed index files and writes none in their folder: that folder's
    new stat is recorded all the same, or every later build would find it touched and index it again."""
    if search.executable() is None:
        pytest.skip("Pagefind is not installed")
    _project(project)
    build(load_config(project.root), parallel=False)
    (project.root / "content" / "a1.md").unlink()
    build(load_config(project.root), parallel=False)
    indexed = _indexed(monkeypatch)
    assert build(load_config(project.root), parallel=False).timings[0][0] == "check"
    assert indexed == []
