"""Running real ``digest`` processes in scratch projects, as a user or an attacker would."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Project

NOBODY = 65534


@dataclass(frozen=True)
class Ran:
    """What a digest process did: its exit status and what it printed."""

    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        """Everything it printed."""
        return self.out + self.err


def digest(root: Path, *args: str, user: int | None = None, timeout: float = 300) -> Ran:
    """``digest -C root args…`` in a new process (as ``user`` when given and this process is root)."""
    command = [sys.executable, "-m", "digest.cli", "-C", str(root), *args]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if user is not None and os.geteuid() == 0:
        command = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *command]
        env["XDG_CACHE_HOME"] = _cache_home(user)
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    return Ran(done.returncode, done.stdout, done.stderr)


@functools.cache
def _cache_home(user: int) -> str:
    """A folder of ``user``'s own for digest's cache key, as their home would give them."""
    folder = tempfile.mkdtemp(prefix=f"digest-home-{user}-", dir="/tmp")
    os.chown(folder, user, user)
    return folder


@contextmanager
def shared_project() -> Iterator[Project]:
    """A scratch project another user can read and write (pytest's own folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="digest-test-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield Project(folder / "proj")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def give_away(root: Path, user: int = NOBODY) -> None:
    """Make ``root`` and everything in it belong to ``user`` (when this process may)."""
    if os.geteuid() != 0:
        return
    for folder, dirs, files in os.walk(root):
        for name in (*dirs, *files):
            os.lchown(os.path.join(folder, name), user, user)
    os.lchown(root, user, user)



REPOSITORY = Path(__file__).resolve().parents[1]
SCORER = REPOSITORY.parent / "shared" / "facts-dev" / "score.py"


def scorer_report(scratch: Path, *args: str) -> dict[str, Any]:
    """The dev scorer's JSON report for ``args`` (``--facts-cmd …``, ``--ner-cmd …``), run from the repository.

    The calling test skips when ``../shared/facts-dev`` is absent.
    """
    if not SCORER.exists():
        pytest.skip("../shared/facts-dev is absent")
    out = scratch / "report.json"
    done = subprocess.run([sys.executable, str(SCORER), *args, "--json", str(out)],
                          cwd=REPOSITORY, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data
