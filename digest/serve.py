"""``digest serve``: build, serve ``site/`` on localhost, rebuild and reload on edits.

Edits to ``content/``, ``templates/`` or ``pyproject.toml`` trigger one rebuild per
burst of saves: after the first change is seen, the watcher waits until the files
have been quiet for a moment, then builds once. A failed build is printed and the
last good site stays up, because the write stage only ever swaps in complete sites.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Callable

from livereload import Server
from livereload.watcher import Watcher

from digest.errors import DigestError

QUIET = 0.15  # seconds without further changes that end a burst of saves
MAX_BURST = 3.0  # never wait longer than this before building


class BurstWatcher(Watcher):  # type: ignore[misc]  # livereload ships no type hints
    """A livereload watcher that runs one rebuild for all paths changed in one burst."""

    def __init__(self, rebuild: Callable[[], bool]) -> None:
        super().__init__()
        self._rebuild = rebuild

    def _any_changed(self) -> bool:
        """True if a file under any watched path changed since the last look."""
        changed = False
        for path, task in self._tasks.items():
            self._task_mtimes = task["mtimes"]
            changed = bool(self.is_changed(path, task["ignore"])) or changed
        return changed

    def examine(self) -> tuple[str | None, float | None]:
        """Called by livereload's poll: rebuild once per burst, then tell browsers to reload."""
        if not self._any_changed():
            return None, None
        started = time.monotonic()
        while time.monotonic() - started < MAX_BURST:
            time.sleep(QUIET)
            if not self._any_changed():
                break
        path = self.filepath
        return (path, None) if self._rebuild() else (None, None)


def serve(root: Path, port: int, host: str, build: Callable[[], object]) -> None:
    """Build once, then serve the site and rebuild on edits until interrupted."""

    def rebuild() -> bool:
        try:
            report = build()
        except DigestError as exc:
            print(exc.format(), file=sys.stderr)
            print("serving the last good site", file=sys.stderr)
            return False
        print(report, flush=True)
        return True

    rebuild()
    watcher = BurstWatcher(rebuild)
    server = Server(watcher=watcher)
    for path in (root / "content", root / "templates", root / "pyproject.toml"):
        if path.exists():
            server.watch(str(path))
    logging.getLogger("livereload").setLevel(logging.WARNING)
    print(f"serving http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(port=port, host=host, root=str(root / "site"), open_url_delay=None, restart_delay=0)
