"""The rebuild decision: what each kind of edit makes the build do, and what it never reads."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence

import pytest

from digest import urls
from digest.build import changes, pool, state
from digest.build.changes import InPlace, NoOp, OwnPages, Rebuild, Swap
from digest.build.memo import Articles, Processed
from digest.build.pipeline import build
from digest.config import load_config
from digest.errors import Diagnostic
from digest.plan import Plan
from tests.conftest import REPO, Project, article, small_site


def _populate(project: Project) -> None:
    small_site(project, articles=6, translated=1)


def _edit(project: Project, name: str, old: str, new: str) -> None:
    path = project.root / "content" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def _own_template(project: Project) -> None:
    (project.root / "templates").mkdir()
    shutil.copy(REPO / "templates" / "country.html", project.root / "templates" / "country.html")


EDITS: dict[str, tuple[Callable[[Project], object], type]] = {
    "nothing": (lambda p: None, NoOp),
    # (after the lead sentence, which is the summary lists show)
    "a body": (lambda p: _edit(p, "a3.md", "Isi berita 3.", "Isi berita 3. Kalimat baru."), OwnPages),
    "a translation's body": (lambda p: _edit(p, "a0.en.md", "Body 0.", "Body 0. A new sentence."), OwnPages),
    "a lead sentence": (lambda p: _edit(p, "a3.md", "Isi berita 3.", "Isi berita 3, diperbarui."), InPlace),
    "a title": (lambda p: _edit(p, "a3.md", "Judul 3", "Judul baru"), InPlace),
    "a date": (lambda p: _edit(p, "a3.md", "2023-09-13", "2023-09-16"), InPlace),
    "a new article": (lambda p: p.write("b.md", article(title="Baru", date="2023-09-17", facts="false")), InPlace),
    "an article removed": (lambda p: (p.root / "content" / "a2.md").unlink(), InPlace),
    "a category": (lambda p: _edit(p, "a3.md", "facts: false", "facts: false\ncategory: Olahraga"), InPlace),
    "an author": (lambda p: _edit(p, "a3.md", "facts: false", "facts: false\nauthor: Rina Wulandari"), InPlace),
    "an update": (lambda p: _edit(p, "a3.md", "facts: false", "facts: false\nupdated: 2023-09-14T08:00:00+07:00"), InPlace),
    "a template": (_own_template, Swap),
    "a setting": (lambda p: (p.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\npage_size = 2\n"), Swap),
}


def _recording(monkeypatch: pytest.MonkeyPatch) -> list[Rebuild]:
    """The decisions the builds from now on make."""
    decided: list[Rebuild] = []
    real = changes.decide

    def recorded(*args: object) -> Rebuild:
        decision = real(*args)  # type: ignore[arg-type]
        decided.append(decision)
        return decision

    monkeypatch.setattr(changes, "decide", recorded)
    return decided


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_what_each_edit_rebuilds(project: Project, edit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each kind of edit gets its decision, and the site it leaves equals a clean build's."""
    _populate(project)
    build(load_config(project.root), parallel=False)
    change, expected = EDITS[edit]
    change(project)
    decided = _recording(monkeypatch)
    build(load_config(project.root), parallel=False)
    assert [type(d) for d in decided] == [expected]
    clean = Project(project.root.parent / "clean")
    shutil.copytree(project.root / "content", clean.root / "content", dirs_exist_ok=True)
    for name in ("pyproject.toml", "templates"):
        if (project.root / name).is_file():
            shutil.copy(project.root / name, clean.root / name)
        elif (project.root / name).is_dir():
            shutil.copytree(project.root / name, clean.root / name)
    build(load_config(clean.root), parallel=False)
    assert project.snapshot() == clean.snapshot()


class _Refusing:
    """A Work that fails the test when asked for anything."""

    def articles(self) -> Articles:
        raise AssertionError("decide() read the articles")

    def notes(self) -> tuple[Diagnostic, ...]:
        raise AssertionError("decide() asked for notes")

    def plan(self, results: Sequence[Processed]) -> Plan:
        raise AssertionError("decide() planned the site")


def test_nothing_changed_reads_no_article(project: Project) -> None:
    """With every input as the last build saw it, the decision is made from the stat walk alone."""
    _populate(project)
    config = load_config(project.root)
    build(config, parallel=False)
    last = changes.last_state(config)
    decision = changes.decide(last, changes.read_inputs(config, None, last, False), _Refusing(), config)
    assert isinstance(decision, NoOp)


@pytest.mark.skipif(pool.fork_context() is None, reason="needs fork and two CPUs")
def test_the_check_of_the_site_finds_the_same_damage_with_a_helper(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                                   forks: list[str]) -> None:
    """Edited, deleted and chmod-ed files are found whether one process stats the site or two do (and two did)."""
    _populate(project)
    config = load_config(project.root)
    build(config, parallel=False)
    project.site("negara/jepang/index.html").write_text("rusak", encoding="utf-8")
    project.site("en/index.html").unlink()
    project.site("feed.xml").chmod(0o600)
    last = changes.last_state(config)
    alone = changes.read_inputs(config, None, last, False).damaged
    monkeypatch.setattr(state, "CHECK_MIN", 1)
    shared = changes.read_inputs(config, None, last, True).damaged
    assert forks == ["fork"]
    assert alone is not None
    assert set(alone) == {"negara/jepang/index.html", "en/index.html", "feed.xml"}
    assert shared == alone


@pytest.mark.parametrize("damage", ["edited", "deleted"])
def test_a_file_of_the_site_touched_by_hand_is_rebuilt(project: Project, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    """A published file changed or deleted by hand is noticed by its stat, rendered again (only it) and restored."""
    _populate(project)
    build(load_config(project.root), parallel=False)
    before = project.snapshot()
    page = project.site("negara/jepang/index.html")
    if damage == "edited":
        page.write_text("rusak", encoding="utf-8")
    else:
        page.unlink()
    decided = _recording(monkeypatch)
    report = build(load_config(project.root), parallel=False)
    (decision,) = decided
    assert isinstance(decision, InPlace)
    assert [p.url for p, fresh in zip(decision.pages, decision.fresh, strict=True) if fresh] == ["negara/jepang/"]
    assert report.written.changed == 1
    assert project.snapshot() == before


_STAGES = ("jinja2", "yaml", "cmarkgfm", "digest.load", "digest.extract", "digest.localize",
           "digest.plan", "digest.render", "digest.views", "digest.search", "digest.build.memo", "digest.build.emit",
           "importlib.metadata",  # (the code version reads libraries' versions from their folders' names)
           "babel", "digest.model", "digest.build.store", "sqlite3",  # (the settings, the values, the article store)
           "json")  # (what the report of digest check and --report-json write; feeds and JSON-LD)


def test_a_no_op_build_imports_no_stage(project: Project) -> None:
    """A fresh `digest build` that finds nothing changed never imports the stages or their libraries;
    one that has work does (so the list above names modules the build really uses)."""
    _populate(project)
    show = ("import sys; from digest.cli import main; code = main(['-C', sys.argv[1], 'build']); "
            f"print('IMPORTED', *[m for m in {_STAGES!r} if m in sys.modules])")
    loaded = [subprocess.run([sys.executable, "-c", show, str(project.root)], capture_output=True, text=True, check=True)
              .stdout.split("IMPORTED")[-1].split() for _ in range(2)]
    assert set(loaded[0]) >= set(_STAGES) - {"importlib.metadata"}  # the first build had work
    assert loaded[1] == []


def test_the_state_names_the_renditions_folder_as_urls_does() -> None:
    """state.MEDIA is urls.MEDIA, written twice so that a no-op build does not import Babel's dates."""
    assert state.MEDIA == urls.MEDIA


def test_the_state_names_the_search_folder_as_search_does() -> None:
    """state.SEARCH is search.FOLDER, written twice for the same reason."""
    from digest import search

    assert f"{search.FOLDER}/" == state.SEARCH


def test_the_state_file_keeps_every_field(project: Project) -> None:
    """What a build records reads back whole: the compact stats, and the page keys pickled apart."""
    _populate(project)
    config = load_config(project.root)
    build(config, parallel=False)
    last = changes.last_state(config)
    pages = {p.relative_to(project.site()).as_posix(): p.stat() for p in project.site().rglob("*") if p.is_file()}
    assert last.tree == {name: (found.st_size, found.st_mtime_ns, found.st_mode) for name, found in pages.items()}
    assert set(last.keys) == {name for name in pages if name.endswith((".html", ".xml", ".txt"))}
    assert last.article_notes == ()
    assert last.articles == 6
    assert "tree" not in pickle.loads(pickle.dumps(last)).__dict__  # (the dict is made again when read)


@pytest.mark.parametrize("written", [0, 2, 100])
@pytest.mark.parametrize("removed", [0, 1])
def test_the_stats_patched_are_those_of_the_dict(written: int, removed: int) -> None:
    """A few files written over the recorded stats (an edit) give what the dict of them gives, new files last."""
    tree = {f"p{i}/index.html": (i, 10 * i, 0o100644) for i in range(300)}
    new = {f"p{i}/index.html": (i + 1, 7, 0o100600) for i in range(0, 3 * written, 3)} | {"baru.html": (1, 2, 3)}
    gone = [f"p{i}/index.html" for i in range(1, 1 + removed)]
    patched = state.Stats(tree).patched(gone, new)
    expected = {name: stat for name, stat in tree.items() if name not in gone} | new
    assert list(patched.as_dict().items()) == list(expected.items())
    assert state.Stats().patched([], new).as_dict() == new
    recorded = state.Stats(tree)
    assert "p10/index.html" in recorded
    assert "p0/index.html" in recorded  # the first
    assert "p299/index.html" in recorded  # the last
    assert "p1/index.htm" not in recorded  # a whole name, not a part of one
    assert "10/index.html" not in recorded
    assert "p1/index.html\0p2/index.html" not in recorded
    assert "" not in recorded
    assert "p1/index.html" not in state.Stats()
