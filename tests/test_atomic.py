"""A build killed at any moment (kill -9 included) leaves the previous site complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from digest.cli import main
from tests.conftest import Project, article


def _populate(project: Project, count: int, title: str) -> None:
    for i in range(count):
        body = f"Jakarta, KabarBerita.id — Presiden Joko Santoso bertemu warga Jepang pada Senin (18/9). Berita {i}.\n\n" * 5
        project.write(f"a{i:04d}.md", article(title=f"{title} {i}", body=body))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_kill_9_during_write_leaves_previous_site_intact(project: Project) -> None:
    """Kill the build as soon as it starts writing, then at later moments: site/ never changes."""
    _populate(project, 300, "Lama")
    assert main(["-C", str(project.root), "build"]) == 0
    before = project.snapshot()
    _populate(project, 300, "Baru")
    staging = project.root / ".site.staging"
    killed_while_writing = 0
    for extra_delay in (0.0, 0.02, 0.05, 0.1, 0.2):
        proc = subprocess.Popen([sys.executable, "-m", "digest.cli", "-C", str(project.root), "build"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not staging.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        time.sleep(extra_delay)
        if proc.poll() is None:
            killed_while_writing += staging.exists()
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        if proc.returncode == 0:
            break  # the build won the race and published a complete new site
        assert project.snapshot() == before, f"site/ changed after kill -9 (delay {extra_delay}s)"
    assert killed_while_writing, "never managed to kill the build while it was writing"
    assert main(["-C", str(project.root), "build"]) == 0  # the next build recovers and completes
    assert "Baru 0" in project.site("2023/09/20/a0000/index.html").read_text(encoding="utf-8")
    assert not staging.exists()
    assert not (project.root / ".site.old").exists()


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in os.scandir("/proc"):
        if stat.name.isdigit():
            try:
                fields = Path(f"/proc/{stat.name}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(stat.name))
    return found


def _pagefind_running(root: str) -> bool:
    """True while a Pagefind process works on a folder of this project."""
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                command = Path(f"/proc/{entry.name}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if "pagefind" in command and root in command:
                return True
    return False


STAGES: dict[str, Callable[[Project], bool]] = {
    "load": lambda project: not (project.root / ".site.staging").exists() and _children_of_build(project),
    "render": lambda project: (project.root / ".site.staging" / "index.html").exists()
    and not (project.root / ".site.staging" / "pagefind").exists(),
    "search": lambda project: _pagefind_running(str(project.root)),
}
_build_pid: dict[str, int] = {}


def _children_of_build(project: Project) -> bool:
    return bool(_children(_build_pid["pid"]))  # the per-article workers are running


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux /proc")
@pytest.mark.parametrize("stage", sorted(STAGES))
def test_kill_9_at_each_stage_leaves_the_site_and_nothing_running(project: Project, stage: str) -> None:
    """kill -9 during load, render or the search index: site/ as it was, no orphan left, the next build fine."""
    _populate(project, 300, "Lama")
    assert main(["-C", str(project.root), "build"]) == 0
    assert project.site("pagefind").is_dir(), "these tests need Pagefind"
    before = project.snapshot()
    _populate(project, 300, "Baru")
    proc = subprocess.Popen([sys.executable, "-m", "digest.cli", "-C", str(project.root), "build"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _build_pid["pid"] = proc.pid
    deadline = time.monotonic() + 120
    while not STAGES[stage](project) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, f"the build ended before reaching the {stage} stage"
    helpers = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    time.sleep(0.1)  # the helpers' death signal is delivered as the build dies; Pagefind alone would run on ~0.4 s
    assert [pid for pid in helpers if _alive(pid)] == []
    assert not _pagefind_running(str(project.root))
    assert project.snapshot() == before
    next_build = subprocess.run([sys.executable, "-m", "digest.cli", "-C", str(project.root), "build"],
                                capture_output=True, text=True, timeout=300)
    assert next_build.returncode == 0, next_build.stderr
    assert "Traceback" not in next_build.stderr
    assert "Baru 0" in project.site("2023/09/20/a0000/index.html").read_text(encoding="utf-8")


def _alive(pid: int) -> bool:
    """False for a process that is gone or a zombie (dead, not yet reaped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _as_from_a_terminal() -> None:
    """Ctrl-C at its default, as a shell starts a command in the foreground: tests started in the
    background (``pytest &``) inherit it ignored, and a build started so rightly ignores it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux /proc")
def test_ctrl_c_is_one_line_and_leaves_nothing_running(project: Project) -> None:
    """Ctrl-C (SIGINT to the whole process group) while the workers run: exit 130, one line, no traceback."""
    _populate(project, 300, "Lama")
    proc = subprocess.Popen([sys.executable, "-m", "digest.cli", "-C", str(project.root), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_as_from_a_terminal)
    deadline = time.monotonic() + 120
    while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    helpers = _children(proc.pid)
    assert helpers, "the build ended before its workers started"
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err  # the build's own words say where the Ctrl-C went
    assert "Traceback" not in err
    assert err.strip().splitlines() == ["digest: interrupted; the published site is the last complete build"]
    time.sleep(0.5)
    assert [pid for pid in helpers if _alive(pid)] == []
