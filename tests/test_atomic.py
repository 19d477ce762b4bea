"""A build killed at any moment (kill -9 included) leaves the previous site complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

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
