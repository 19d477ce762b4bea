"""digest never unpickles a cache someone else wrote: a committed or poisoned ``.digest-cache/`` runs no code."""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.build import secret, store
from digest.build.pipeline import build
from digest.config import load_config
from tests.conftest import REPO, Project, article


class _Payload:
    """What an attacker's pickle does when unpickled: here, make a folder that proves it ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def _forged(marker: Path) -> bytes:
    """A blob as the attacker can make it: the right layout, the pickle sealed without the user's key."""
    payload = pickle.dumps(_Payload(marker))
    return hashlib.blake2b(payload, digest_size=16).digest() + payload


def _populate(project: Project) -> None:
    for i in range(3):
        project.write(f"a{i}.md", article(title=f"Judul {i}", date=f"2023-09-1{i}T10:00:00+07:00",
                                          body=f"Jakarta, KabarBerita.id — Isi berita {i} dari Jepang."))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n")


def _build(project: Project):  # type: ignore[no-untyped-def]
    return build(load_config(project.root))


def _database(project: Project) -> sqlite3.Connection:
    (path,) = (project.root / ".digest-cache").glob("articles-*.sqlite")
    return sqlite3.connect(path)


def _retheme(project: Project) -> None:
    """A template edit: every article page is rendered again, from the stored bodies."""
    own = project.root / "templates"
    own.mkdir()
    text = (REPO / "templates" / "article.html").read_text(encoding="utf-8")
    (own / "article.html").write_text(text.replace("</article>", "</article>\n<!-- edited -->"), encoding="utf-8")


@pytest.fixture
def marker(tmp_path: Path) -> Iterator[Path]:
    """Where a forged pickle would leave its mark; the test fails if it is there."""
    path = tmp_path / "pwned"
    yield path
    assert not path.exists(), "a forged cache entry was unpickled: its code ran"


def test_forged_rows_and_build_record_run_no_code(project: Project, marker: Path) -> None:
    """Every stored result and the last build's record replaced by an attacker's pickles: none is run,
    the site is built again from the sources."""
    _populate(project)
    _build(project)
    expected = project.snapshot()
    with _database(project) as db:
        db.execute("UPDATE entries SET result = ?", (_forged(marker),))
    record = _record(project)
    head, _, _ = record.read_bytes().partition(b"\n\n")
    record.write_bytes(head + b"\n\n" + _forged(marker))
    report = _build(project)
    assert report.cached == 0
    assert project.snapshot() == expected


def _record(project: Project) -> Path:
    (record,) = (project.root / ".digest-cache").glob("build*.pickle")
    return record


def _parts(project: Project) -> list[Path]:
    """The parts of the build record kept apart, each a file named by its seal."""
    return sorted(_record(project).with_suffix(".parts").iterdir())


def _read_at_a_no_op(project: Project) -> set[str]:
    """The names of the parts a no-op build reads: the published files' stats."""
    from digest.build.state import last_state

    state = last_state(load_config(project.root))
    origin = state.stats._origin
    assert origin is not None
    return {origin.kept(_record(project).with_suffix(".parts")) or ""}


def test_the_parts_of_the_build_record_are_checked_only_when_read(project: Project, marker: Path) -> None:
    """The record's parts a no-op build does not read (page keys, the walk, discovery) are forged: a no-op
    build is still a no-op; an edit, which reads them, runs none of their code and builds the site again
    from the sources. Forged, the part it reads (the published files' stats) has it start over too."""
    _populate(project)
    _build(project)
    parts, needed = _parts(project), _read_at_a_no_op(project)
    assert len(parts) == 5  # the published files' stats, the detail, the page keys, the walk of content/, discovery's answer
    for part in parts:
        if part.name not in needed:
            part.write_bytes(_forged(marker))
    assert _build(project).timings[0][0] == "check"  # nothing changed: nothing else read
    project.write("a1.md", article(title="Judul 1", date="2023-09-11T10:00:00+07:00",
                                   body="Jakarta, KabarBerita.id — Isi berita yang baru dari Jepang."))
    report = _build(project)
    assert report.cached == 0  # the forged parts were found: the build started over without the cache
    assert "yang baru" in project.site("2023/09/11/a1/index.html").read_text(encoding="utf-8")
    for part in _parts(project):
        part.write_bytes(_forged(marker))
    report = _build(project)
    assert report.timings[0][0] != "check"
    assert report.cached == 0


def test_forged_bodies_run_no_code(project: Project, marker: Path) -> None:
    """Stored article bodies replaced by an attacker's pickles, read to render pages again: none is run."""
    _populate(project)
    _build(project)
    with _database(project) as db:
        changed = db.execute("UPDATE bodies SET detail = ?", (_forged(marker),)).rowcount
    assert changed == 6  # three articles, two languages each
    _retheme(project)
    report = _build(project)
    assert report.cached == 0  # the forgery was found: the build started over from the sources
    assert "<!-- edited -->" in project.site("2023/09/10/a0/index.html").read_text(encoding="utf-8")


def test_the_key_lives_outside_the_project_readable_by_its_user_alone(project: Project) -> None:
    """The key is in the user's cache folder (never in the project, so no commit carries it), mode 0600."""
    _populate(project)
    _build(project)
    key = secret.location()
    assert project.root not in key.parents
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert len(key.read_bytes()) == 32


@pytest.fixture
def no_key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A user whose cache folder is a file: no key can be kept."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    secret.secret.cache_clear()
    yield
    monkeypatch.undo()
    secret.secret.cache_clear()


@pytest.mark.usefixtures("no_key_home")
def test_without_a_key_every_build_starts_over_and_says_so(project: Project) -> None:
    """No key can be kept: each build is safe, built from the sources, and warns why it keeps no cache."""
    _populate(project)
    first = _build(project)
    secret.secret.cache_clear()  # the next build is a new process: a new key of its own
    again = _build(project)
    assert again.cached == 0
    for report in (first, again):
        (said,) = [d.message for d in report.diagnostics if "cannot be kept between builds" in d.message]
        assert "not-a-folder" in said
    assert project.site("2023/09/10/a0/index.html").is_file()


def test_the_fingerprints_every_rebuild_reads_come_from_an_index_not_the_rows(project: Project) -> None:
    """Every rebuild reads each article's fingerprints; a covering index holds them apart from the
    pickled results, so the read does not scan the whole store (127 MB at 10,000 articles)."""
    _populate(project)
    build(load_config(project.root), parallel=False)
    plan = " ".join(str(row) for row in _database(project).execute(f"EXPLAIN QUERY PLAN {store.FINGERPRINTS}"))
    assert "COVERING INDEX" in plan
