"""Shared fixtures: scratch projects, the shared folder, and a build helper."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def shared(*parts: str) -> Path:
    """A path under ../shared, skipping the test when the folder is absent (a user's clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only in the development workspace)")
    return path


def article(title: str = "Judul", date: str = "2023-09-20T10:00:00+07:00",
            body: str = "Jakarta, KabarBerita.id — Isi berita.", **meta: object) -> str:
    """The text of an article file with the given front matter."""
    lines = [f"title: {title!r}" if title else "", f"date: {date}" if date else ""]
    for key, value in meta.items():
        lines.append(f"{key}: {value}")
    front = "\n".join(line for line in lines if line)
    return f"---\n{front}\n---\n\n{textwrap.dedent(body).strip()}\n"


@pytest.fixture(autouse=True, scope="session")
def _cache_home(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds keep their cache key (build/secret.py) in a folder of the test run, not the user's home."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))


class Project:
    """A scratch digest project in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "content").mkdir(parents=True)

    def write(self, name: str, text: str | bytes) -> Path:
        """Write a file under content/ (or elsewhere if ``name`` starts with '../')."""
        path = (self.root / "content" / name).resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def site(self, path: str = "") -> Path:
        """A path inside the built site."""
        return self.root / "site" / path

    def snapshot(self) -> dict[str, bytes]:
        """Every file of the built site with its bytes."""
        site = self.site()
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def small_site(project: Project, articles: int, translated: int) -> None:
    """A site of ``articles`` plain articles (dated a day apart, alternately on KP and JP, no facts box),
    the first ``translated`` of them with an English translation, and search off: what the rebuild
    tests edit."""
    for i in range(articles):
        project.write(f"a{i}.md", article(title=f"Judul {i}", date=f"2023-09-{10 + i}T10:00:00+07:00",
                                          countries="[KP]" if i % 2 else "[JP]", facts="false",
                                          body=f"Jakarta, KabarBerita.id — Isi berita {i}."))
    for i in range(translated):
        project.write(f"a{i}.en.md", f"---\ntitle: Title {i}\nlang: en\n---\nBody {i}.\n")
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty scratch project."""
    return Project(tmp_path / "proj")


@pytest.fixture
def bundled(tmp_path: Path) -> Callable[..., Project]:
    """A copy of the repository's bundled content, optionally with extra files from ../shared."""

    def make(*extra: Path) -> Project:
        proj = Project(tmp_path / "bundled")
        shutil.rmtree(proj.root / "content")
        shutil.copytree(REPO / "content", proj.root / "content")
        for path in extra:
            shutil.copy(path, proj.root / "content" / path.name)
        return proj

    return make


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry each time digest asks for the fork context: the work about to be shared with forked workers."""
    from digest.build import pool

    asked: list[str] = []
    real = pool.fork_context

    def counted() -> object:
        asked.append("fork")
        return real()

    monkeypatch.setattr(pool, "fork_context", counted)
    return asked
