"""``digest serve``: build, serve ``site/`` on localhost, rebuild and reload on edits.

Edits to ``content/``, ``templates/`` or ``pyproject.toml`` trigger one rebuild per
burst of saves: after the first change is seen, the watcher waits until the files
have been quiet for a moment, then builds once. A failed build is printed, and shown
as a banner on every page while the last good site stays up (the write stage only
ever swaps in complete sites). Only files really inside ``site/`` are served:
encoded ``..``, absolute paths and symlinks that lead out of it get 404.
"""

from __future__ import annotations

import html
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Awaitable, Callable

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado import web

from digest.errors import DigestError
from digest.incremental import stat_tree


@dataclass
class BuildStatus:
    """What the browser should know about the latest build: its error text, if it failed."""

    errors: str = ""


class SiteFileHandler(web.StaticFileHandler):  # type: ignore[misc]  # tornado's handler is untyped here
    """Serves ``site/`` only, and overlays the latest build's errors on HTML pages."""

    status = BuildStatus()
    overlaid = False  # this response carries the error banner: no ETag from the file

    def compute_etag(self) -> str | None:
        """The file's ETag, except for pages overlaid with build errors (never cached)."""
        return None if self.overlaid else super().compute_etag()  # type: ignore[no-any-return]

    @classmethod
    def get_absolute_path(cls, root: str, path: str) -> str:
        """The file a URL path names; 404 (not tornado's 403) when it lies outside the site."""
        absolute = os.path.abspath(os.path.join(root, path))
        if absolute != os.path.abspath(root) and not absolute.startswith(os.path.abspath(root) + os.sep):
            raise web.HTTPError(404)
        return absolute

    def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
        """Refuse (404) anything whose real path is outside the site, symlinks included."""
        real_root = os.path.realpath(root)
        real = os.path.realpath(absolute_path)
        if real != real_root and not real.startswith(real_root + os.sep):
            raise web.HTTPError(404)
        result: str | None = super().validate_absolute_path(root, absolute_path)
        return result

    def get(self, path: str, include_body: bool = True) -> Awaitable[None] | None:
        """Serve a file; while the last build failed, HTML pages carry the diagnostics."""
        if not self.status.errors:
            return super().get(path, include_body)  # type: ignore[no-any-return]
        self.path = self.parse_url_path(path)  # tornado's own checks read it
        absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
        if absolute is None or not absolute.endswith(".html") or not os.path.isfile(absolute):
            return super().get(path, include_body)  # type: ignore[no-any-return]
        with open(absolute, encoding="utf-8") as handle:
            page = handle.read()
        banner = (
            '<pre id="digest-build-errors" role="alert" style="position:sticky;top:0;z-index:9;margin:0;'
            'padding:1rem;background:#fff0f0;color:#7a0000;border-bottom:3px solid #b3261e;white-space:pre-wrap;'
            f'font:14px/1.4 ui-monospace,monospace">{html.escape(self.status.errors)}</pre>'
        )
        at = page.find(">", page.find("<body")) + 1 if "<body" in page else 0
        self.overlaid = True
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(page[:at] + banner + page[at:])
        return None

QUIET = 0.05  # seconds without further changes that end a burst of saves
MAX_BURST = 3.0  # never wait longer than this before building
MIN_INTERVAL = 0.05  # seconds between scans; grows with the cost of a scan


class BurstWatcher(Watcher):  # type: ignore[misc]  # livereload ships no type hints
    """Watches the project's inputs and runs one rebuild for all files changed in one burst.

    It replaces livereload's 800 ms poll with its own: a scandir snapshot of sizes and
    mtimes, repeated at an interval three times as long as a scan takes (50 ms at a
    thousand articles), so a save is seen quickly without keeping a core busy.
    """

    def __init__(self, rebuild: Callable[[], bool]) -> None:
        super().__init__()
        self._rebuild = rebuild
        self._snapshot: dict[str, tuple[int, int]] | None = None
        self.filepath: str | None = None
        self.interval = MIN_INTERVAL

    def _scan(self) -> dict[str, tuple[int, int]]:
        """Size and mtime of every watched file."""
        return stat_tree(*self._tasks)

    def _any_changed(self) -> bool:
        """True if a watched file was added, changed or removed since the last look."""
        started = time.monotonic()
        snapshot = self._scan()
        self.interval = max(MIN_INTERVAL, 3 * (time.monotonic() - started))
        previous, self._snapshot = self._snapshot, snapshot
        if previous is None or previous == snapshot:
            return False
        self.filepath = next((p for p in snapshot if previous.get(p) != snapshot[p]), None) or next(iter(previous.keys() - snapshot.keys()), None)
        return True

    def examine(self) -> tuple[str | None, float | None]:
        """Rebuild once per burst of saves; report a path so livereload tells the browsers."""
        if not self._any_changed():
            return None, None
        started = time.monotonic()
        while time.monotonic() - started < MAX_BURST:
            time.sleep(QUIET)
            if not self._any_changed():
                break
        path = self.filepath
        return (path, None) if self._rebuild() else (None, None)

    def start(self, callback: Callable[[], None]) -> bool:
        """Poll with our own adaptive interval instead of livereload's fixed 800 ms."""
        from tornado import ioloop

        self._any_changed()  # the first snapshot

        def tick() -> None:
            callback()
            ioloop.IOLoop.current().call_later(self.interval, tick)

        ioloop.IOLoop.current().call_later(self.interval, tick)
        return True


def serve(root: Path, port: int, host: str, build: Callable[[], object], site: Path | None = None) -> None:
    """Build once, then serve the site and rebuild on edits until interrupted."""
    status = BuildStatus()

    def rebuild() -> bool:
        try:
            report = build()
        except DigestError as exc:
            status.errors = exc.format()
            print(status.errors, file=sys.stderr)
            print("serving the last good site", file=sys.stderr, flush=True)
            return True  # reload the browsers so they show the errors
        status.errors = ""
        print(report, flush=True)
        return True

    rebuild()
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # our watcher already debounces; tell browsers every rebuild
    watcher = BurstWatcher(rebuild)
    server = Server(watcher=watcher)
    server.SFH = type("ProjectSiteHandler", (SiteFileHandler,), {"status": status})
    for path in (root / "content", root / "templates", root / "pyproject.toml"):
        if path.exists():
            server.watch(str(path))
    logging.getLogger("livereload").setLevel(logging.WARNING)
    print(f"serving http://{host}:{port}/ (Ctrl+C to stop)", flush=True)
    server.serve(port=port, host=host, root=str(site or root / "site"), open_url_delay=None, restart_delay=0)
