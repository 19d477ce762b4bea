"""`digest serve`: one rebuild per burst of saves, live edits, the last good site on errors."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.build.pool import fork_context
from digest.serve import BurstWatcher, _listen
from tests.conftest import Project, article


def test_a_burst_of_saves_gives_one_rebuild(tmp_path: Path) -> None:
    """Several files saved together, in two watched folders, trigger a single rebuild."""
    calls: list[float] = []

    def rebuild(changed: frozenset[str] | None) -> bool:
        calls.append(time.monotonic())
        return True

    watcher = BurstWatcher(rebuild)
    (tmp_path / "content").mkdir()
    (tmp_path / "templates").mkdir()
    for folder in ("content", "templates"):
        watcher.watch(str(tmp_path / folder))
    assert watcher.examine() == (None, None)  # first look records the files
    for i in range(5):
        (tmp_path / "content" / f"a{i}.md").write_text(str(i))
        (tmp_path / "templates" / "base.html").write_text(str(i))
    path, _ = watcher.examine()
    assert len(calls) == 1
    assert path is not None
    assert watcher.examine() == (None, None)
    assert len(calls) == 1


def test_the_os_reports_a_save_once_per_burst_and_hidden_files_not_at_all(tmp_path: Path) -> None:
    """The inotify listener: a burst of saves → its paths queued and one wake-up; dot-files ignored; a burst of
    an editor's backup files only is queued (the build lists them) and wakes no one."""
    content = tmp_path / ".project" / "content"  # a hidden folder above the project must not hide it
    content.mkdir(parents=True)
    heard: queue.SimpleQueue[tuple[frozenset[str], str | None]] = queue.SimpleQueue()
    woken = threading.Event()
    assert _listen([str(content)], heard, woken.set, lambda: None)
    time.sleep(0.5)  # the listener starts in its thread
    (content / ".a.md.swp").write_text("editor state")
    (content / ".hidden").mkdir()
    (content / ".hidden" / "b.md").write_text("x")
    assert not woken.wait(1.0)
    assert heard.empty()
    (content / "a.md~").write_text("a backup")
    assert not woken.wait(1.0)
    assert heard.get(timeout=1) == (frozenset({str(content / "a.md~")}), None)
    for i in range(3):
        (content / "a.md").write_text(str(i))
    assert woken.wait(5.0)
    assert heard.get(timeout=1) == (frozenset({str(content / "a.md")}), str(content / "a.md"))
    assert heard.empty()


def test_the_watcher_polls_when_the_os_cannot_watch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """watchfiles failing (say, out of inotify watches): the fallback is called, so the folder is polled."""
    import watchfiles

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError("no space left on device")

    monkeypatch.setattr(watchfiles, "watch", broken)
    failed = threading.Event()
    assert _listen([str(tmp_path)], queue.SimpleQueue(), lambda: None, failed.set)
    assert failed.wait(5.0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _wait_for(predicate, seconds: float = 15.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_serve_rebuilds_on_edit_and_keeps_last_good_site(project: Project) -> None:
    """Edit → the page changes; a broken edit → error printed, the last good page still served."""
    page = project.write("a.md", article(title="Pertama"))
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "digest.cli", "-C", str(project.root), "serve", "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    url = f"http://127.0.0.1:{port}/2023/09/20/a/"
    try:
        assert _wait_for(lambda: "Pertama" in _get(url)[1]), "the first build was not served"
        assert "livereload" in _get(url)[1]
        page.write_text(article(title="Kedua"), encoding="utf-8")
        assert _wait_for(lambda: "Kedua" in _get(url)[1]), "the edit was not rebuilt"
        page.write_text("---\ntitle: [rusak\n---\n", encoding="utf-8")
        assert _wait_for(lambda: "digest-build-errors" in _get(url)[1]), "the failed build was not shown in the page"
        status, html = _get(url)
        assert status == 200
        assert "Kedua" in html
        assert "content/a.md:3:1: error: YAML" in html
        outside = project.root / "secret.txt"
        outside.write_text("root:secret")
        preview = project.root / ".digest-cache" / "preview"
        (preview / "leak.txt").symlink_to(outside)  # a symlink planted in the preview must not lead out
        for bad in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "//etc/passwd", "/leak.txt"):
            status, body = _get(f"http://127.0.0.1:{port}{bad}")
            assert status == 404, bad
            assert "root:" not in body, bad
        page.write_text(article(title="Ketiga"), encoding="utf-8")
        assert _wait_for(lambda: "Ketiga" in _get(url)[1] and "digest-build-errors" not in _get(url)[1])
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "content/a.md:3:1: error: YAML" in output
    assert "serving the last good preview" in output


def test_a_templates_folder_made_while_serving_is_watched(project: Project) -> None:
    """No templates/ at start; making one with an override rebuilds with it."""
    project.write("a.md", article(title="Pertama"))
    assert not (project.root / "templates").exists()
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "digest.cli", "-C", str(project.root), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/2023/09/20/a/"
    try:
        assert _wait_for(lambda: "Pertama" in _get(url)[1]), "the first build was not served"
        (project.root / "templates").mkdir()
        (project.root / "templates" / "_facts.html").write_text('<aside class="facts">TEMPLAT-SENDIRI</aside>\n')
        assert _wait_for(lambda: "TEMPLAT-SENDIRI" in _get(url)[1]), "the new template folder was not watched"
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_serving_beyond_localhost_warns(project: Project, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """--host other than loopback is allowed, with a warning; the default is 127.0.0.1."""
    import digest.serve
    from digest.cli import main

    seen: list[str] = []
    monkeypatch.setattr(digest.serve, "serve", lambda root, port, host, *args, **kwargs: seen.append(host))
    assert main(["-C", str(project.root), "serve", "--host", "0.0.0.0"]) == 0
    assert "warning: serving on 0.0.0.0" in capsys.readouterr().err
    assert main(["-C", str(project.root), "serve"]) == 0
    assert seen == ["0.0.0.0", "127.0.0.1"]
    assert "warning" not in capsys.readouterr().err


def _status(url: str, host: str | None = None) -> int:
    """The HTTP status of a GET (with another Host header when given), redirects not followed."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=5)
    connection.request("GET", parts.path or "/", headers={"Host": host} if host else {})
    return connection.getresponse().status


@contextlib.contextmanager
def _serving(project: Project) -> Iterator[tuple[str, int]]:
    """``digest serve`` of ``project`` in a process of its own on a free port: its root URL and port."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "digest.cli", "-C", str(project.root), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"http://127.0.0.1:{port}", port
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_the_preview_is_served_under_the_base_path_and_only_to_localhost(project: Project) -> None:
    """With base_url under /repo/: the preview is there (styles and links work), / redirects to it, another
    Host name is refused, a NUL in the path is a 400, and site/ is not touched."""
    project.write("a.md", article(title="Pertama"))
    (project.root / "pyproject.toml").write_text('[tool.digest]\nbase_url = "https://u.github.io/repo/"\n')
    with _serving(project) as (base, port):
        assert _wait_for(lambda: "Pertama" in _get(f"{base}/repo/2023/09/20/a/")[1]), "the preview was not served"
        assert _get(f"{base}/repo/static/style.css")[0] == 200
        assert 'href="/repo/static/style.css"' in _get(f"{base}/repo/")[1]
        assert _status(f"{base}/") == 301
        assert _status(f"{base}/repo/", host=f"localhost:{port}") == 200
        assert _status(f"{base}/repo/", host=f"evil.example:{port}") == 403
        assert _status(f"{base}/repo/%00.html") == 400
    assert not project.site().exists()


def test_serve_on_a_busy_port_says_so_before_building(project: Project) -> None:
    """A port in use: one line saying so, exit 1, and no build was spent on it."""
    project.write("a.md", article(title="Pertama"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "digest.cli", "-C", str(project.root), "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"cannot serve on 127.0.0.1:{port} (Address already in use)")
    assert "Traceback" not in done.stderr
    assert not (project.root / ".digest-cache" / "preview").exists()


def test_the_review_page_is_served_to_editors_and_never_published(project: Project) -> None:
    """``/_digest/review/`` under the base path: each article with its facts marked in its text, the line that
    corrects a wrong one with a copy button, its translation status and what is inconsistent in the translation;
    it answers after an edit without a restart, and neither the preview nor site/ holds it."""
    project.write("a.md", article(title="Pertama", body="Jakarta, KabarBerita.id — Presiden Joko Widodo bertemu "
                                  "Perdana Menteri Jepang di Tokyo pada Selasa (19/9). Jepang menyumbang 12 kapal."))
    project.write("a.en.md", "---\ntitle: First\n---\n\nPresident Joko Widodo met the Prime Minister in Tokyo.\n")
    (project.root / "pyproject.toml").write_text('[tool.digest]\nbase_url = "https://u.github.io/repo/"\nsearch = false\n')
    with _serving(project) as (base, _):
        review = f"{base}/repo/_digest/review/"
        assert _wait_for(lambda: _status(review) == 200), "no review page"
        page = _get(review)[1]
        assert '<mark class="person">Joko Widodo</mark>' in page
        assert 'data-copy="not_people: [Joko Widodo]"' in page
        assert 'data-copy="not_countries: [JP]"' in page
        warned = re.findall(r'<li class="warn">(.*?)</li>', page)
        assert any(w.startswith("content/a.md:") and "12" in w and "content/a.en.md" in w for w in warned), warned
        assert ">unknown<" in page  # a full translation without translated_from
        project.write("b.md", article(title="Kedua", date="2023-09-21T10:00:00+07:00"))
        assert "Kedua" in _get(review)[1]  # made from the files as they are, on each request
    preview = project.root / ".digest-cache" / "preview"
    assert not list(preview.rglob("_digest"))
    assert not project.site().exists()


@pytest.mark.skipif(fork_context() is None, reason="needs fork and two CPUs")
def test_the_first_serve_build_shares_the_pools_and_the_cache_of_digest_build(
        project: Project, forks: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A cold ``digest serve`` forks as ``digest build`` does, and each reuses the other's article cache."""
    import digest.serve
    from digest.cli import main

    for i in range(90):  # enough for both pools (articles from 64, pages from 200)
        project.write(f"b{i:03d}.md", article(title=f"Berita {i}", date=f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"))
    first_builds: list[str] = []
    monkeypatch.setattr(digest.serve, "serve", lambda root, port, host, build, *args, **kwargs: first_builds.append(
        str(build())))  # the server's first build, then no server
    assert main(["-C", str(project.root), "serve"]) == 0
    assert forks == ["fork", "fork"], "the cold serve build did not use the article and render pools"
    assert "0 articles from cache" in first_builds[0]
    forks.clear()
    assert main(["-C", str(project.root), "build"]) == 0
    assert "90 articles from cache" in capsys.readouterr().out  # digest build after serve: its cache reused
    shutil.rmtree(project.root / ".digest-cache" / "preview")
    forks.clear()
    assert main(["-C", str(project.root), "serve"]) == 0  # a new serve after that build: the same cache again
    assert "90 articles from cache" in first_builds[1]
    assert forks == ["fork"]  # the pages rendered in the pool, the articles read from the cache
