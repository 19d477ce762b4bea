"""``digest serve``: build a preview, serve it on localhost, rebuild and reload on edits.

The preview is built into a folder of its own (``.digest-cache/preview``), so ``site/``
is always the full published site, search index and all. It is served under the
``base_url`` path, as the published site is, so its links and styles work.

Edits to ``content/``, ``templates/`` or ``pyproject.toml`` trigger one rebuild per
burst of saves: after the first change is seen, the watcher waits until the files
have been quiet for a moment, then builds once. A failed build is printed, and shown
as a banner on every page while the last good preview stays up (the write stage only
ever swaps in complete sites). Only files really inside the preview are served:
encoded ``..``, absolute paths and symlinks that lead out of it get 404, a malformed
URL 400; unless ``--host`` says otherwise, only requests for localhost are answered
(a page elsewhere cannot reach the preview by pointing its own name at 127.0.0.1).
"""

from __future__ import annotations

import html
import logging
import os
import queue
import re
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher
from tornado import escape, web
from tornado.routing import AnyMatches, HostMatches, Rule

from digest.build.pipeline import Stat, stat_tree
from digest.errors import DigestError, unexpected

REVIEW = "_digest/review/"  # the review page's address under the base path (no site page has it: "_" folders)


@dataclass
class BuildStatus:
    """What the browser should know about the latest build: its error text, if it failed."""

    errors: str = ""


class SiteFileHandler(web.StaticFileHandler):
    """Serves ``site/`` only, and overlays the latest build's errors on HTML pages."""

    status = BuildStatus()
    overlaid = False  # this response carries the error banner: no ETag from the file

    def compute_etag(self) -> str | None:
        """The file's ETag, except for pages overlaid with build errors (never cached)."""
        return None if self.overlaid else super().compute_etag()

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

    async def get(self, path: str, include_body: bool = True) -> None:
        """Serve a file; while the last build failed, HTML pages carry the diagnostics."""
        if "\x00" in path:
            raise web.HTTPError(400)  # not a path anyone's file can have
        if not self.status.errors:
            return await super().get(path, include_body)
        self.path = self.parse_url_path(path)  # tornado's own checks read it
        absolute = self.validate_absolute_path(self.root, self.get_absolute_path(self.root, self.path))
        if absolute is None or not absolute.endswith(".html") or not os.path.isfile(absolute):
            return await super().get(path, include_body)
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
VERIFY_AFTER = 5.0  # seconds of quiet after a rebuild told what changed before the folders are walked to be sure
Changed = frozenset[str] | None  # the paths a rebuild is told changed (None: it must look at every file)
Heard = tuple[frozenset[str], str | None]  # what the OS reported in one burst, and the path saved (None: none)


class BurstWatcher(Watcher):  # type: ignore[misc]  # livereload ships no type hints
    """Watches the project's inputs and runs one rebuild for all files changed in one burst.

    Folders are watched by the OS (inotify, through watchfiles) once :meth:`start`
    runs: a save wakes the server at once, with no folder walk at all. Where that is
    not available, and for single files (``pyproject.toml``), it polls instead: a
    scandir snapshot of sizes and mtimes, repeated at an interval three times as long
    as a scan takes, so a save is seen quickly without keeping a core busy.
    """

    def __init__(self, rebuild: Callable[[Changed], bool], drifted: Callable[[], bool] = lambda: False,
                 warm: Callable[[], object] = lambda: None) -> None:
        super().__init__()
        self._rebuild, self._drifted, self._warm = rebuild, drifted, warm
        self._snapshot: dict[str, Stat] | None = None
        self._polled: list[str] | None = None  # None: every watched path
        self._heard: queue.SimpleQueue[Heard] = queue.SimpleQueue()  # what the OS reported changed
        self._pending: set[str] = set()  # every path the OS reported since the last rebuild
        self._verify: float | None = None  # when to walk the folders once, to be sure, after a rebuild told what changed
        self._warmed = False
        self.filepath: str | None = None
        self.interval = MIN_INTERVAL

    def _scan(self) -> dict[str, Stat]:
        """Size and mtime of every polled file."""
        return stat_tree(*(self._tasks if self._polled is None else self._polled))

    def _any_changed(self) -> bool:
        """True if a polled file was added, changed or removed since the last look."""
        started = time.monotonic()
        snapshot = self._scan()
        self.interval = max(MIN_INTERVAL, 3 * (time.monotonic() - started))
        previous, self._snapshot = self._snapshot, snapshot
        if previous is None or previous == snapshot:
            return False
        changed = next((p for p in snapshot if previous.get(p) != snapshot[p]), None)
        self.filepath = changed or next(iter(previous.keys() - snapshot.keys()), None)
        return True

    def _burst_polled(self) -> str | None:
        """A changed polled path, once its burst of saves is over (None: nothing changed)."""
        if not self._any_changed():
            return None
        started = time.monotonic()
        while time.monotonic() - started < MAX_BURST:
            time.sleep(QUIET)
            if not self._any_changed():
                break
        return self.filepath

    def _heard_path(self) -> str | None:
        """A saved path the OS reported since the last look (the listener already waited out the burst);
        every path it reported, saved or not (an editor's backup file), is kept for the rebuild."""
        path = None
        while not self._heard.empty():
            paths, saved = self._heard.get_nowait()
            self._pending.update(paths)
            path = saved or path
        return path

    def examine(self) -> tuple[str | None, float | None]:
        """Rebuild once per burst of saves; report a path so livereload tells the browsers.

        A rebuild after the OS's report is told which paths changed, so it stats only those
        (a walk of 15,000 files was a third of a save's rebuild); once it is done, the next
        look walks the folders anyway and rebuilds if they differ from what the build saw
        (an event the OS dropped), so the preview is never left stale. That walk waits
        :data:`VERIFY_AFTER` of quiet (each told rebuild starts it again), so neither
        the browser's request for the new page nor the next save waits behind it.
        The first quiet look imports what a rebuild runs (``warm``): the first save does
        not wait for it.
        """
        heard = self._heard_path()
        path = heard or self._burst_polled()
        if path is None:
            if not self._warmed:
                self._warmed = True
                self._warm()
            if self._verify is None or time.monotonic() < self._verify:
                return None, None
            self._verify = None
            return (self.filepath or "", None) if self._drifted() and self._rebuild(None) else (None, None)
        trusted = heard is not None and self._polled is not None  # heard from the OS, which still reports
        changed = frozenset(self._pending) if trusted else None
        self._pending.clear()
        rebuilt = self._rebuild(changed)
        self._verify = time.monotonic() + VERIFY_AFTER if changed is not None else None
        return (path, None) if rebuilt else (None, None)

    def _poll_everything(self) -> None:
        """Fall back to polling every watched path (the OS stopped reporting changes)."""
        self._polled, self._snapshot = None, None

    def start(self, callback: Callable[[], None]) -> bool:
        """Listen to the OS for folders, poll the rest with our own adaptive interval (not livereload's 800 ms)."""
        from tornado import ioloop

        loop = ioloop.IOLoop.current()
        folders = [path for path in self._tasks if os.path.isdir(path)]
        if folders and _listen(folders, self._heard, lambda: loop.add_callback(callback), self._poll_everything):
            self._polled = [path for path in self._tasks if path not in folders]
        self._any_changed()  # the first snapshot

        def tick() -> None:
            callback()
            loop.call_later(self.interval, tick)

        loop.call_later(self.interval, tick)
        return True


def _listen(folders: list[str], heard: queue.SimpleQueue[Heard], wake: Callable[[], None], failed: Callable[[], None]) -> bool:
    """Have the OS report changes under ``folders`` in a background thread (False: not available here).

    watchfiles groups a burst of saves (until QUIET passes without one), then this
    queues every changed path the build would see (not hidden ones) with the one that
    was saved, and wakes the server's loop, which rebuilds on its own thread. A burst of
    only editors' swap and backup files queues its paths (the build lists them too) but
    wakes no one.
    """
    try:
        import watchfiles
    except ImportError:
        return False
    folders = [os.path.abspath(folder) for folder in folders]  # the OS reports absolute paths
    unseen = watchfiles.DefaultFilter()  # editors' swap and backup files

    def built(change: watchfiles.Change, path: str) -> bool:
        inside = next((os.path.relpath(path, folder) for folder in folders if path.startswith(folder + os.sep)), path)
        return not any(part.startswith(".") for part in Path(inside).parts)  # as the build: hidden paths are not read

    def run() -> None:
        try:
            for changes in watchfiles.watch(*folders, watch_filter=built, debounce=int(MAX_BURST * 1000),
                                            step=int(QUIET * 1000), raise_interrupt=False):
                saved = [path for change, path in changes if unseen(change, path)]
                heard.put((frozenset(path for _, path in changes), min(saved) if saved else None))
                if saved:
                    wake()
        except Exception as exc:  # e.g. out of inotify watches: poll instead
            print(f"digest serve: the OS cannot watch {', '.join(folders)} ({exc}); polling instead",
                  file=sys.stderr, flush=True)
            failed()

    threading.Thread(target=run, name="digest-watch", daemon=True).start()
    return True


LOOPBACK = r"(localhost|127\.0\.0\.1|::1|\[::1\])$"
_LIVE_SCRIPT = (  # as livereload writes it: the page asks the server it came from for the reload script
    '<script type="text/javascript">(function(){var s=document.createElement("script");'
    "var port=(window.location.port || (window.location.protocol == 'https:' ? 443: 80));"
    's.src="//"+window.location.hostname+":"+port+ "/livereload.js?port=" + port;'
    "document.head.appendChild(s);})();</script>"
)


class ReviewHandler(web.RequestHandler):
    """The editors' review page (``review.py``), made on each request and never written into the site."""

    page: Callable[[], str] = staticmethod(lambda: "")  # set per server: the project's review page

    def get(self) -> None:
        """The page, or what stops it (content that cannot be read) as text."""
        try:
            html_text = type(self).page()
        except DigestError as exc:
            html_text = f"<!doctype html><title>Review</title><pre>{html.escape(exc.format())}</pre>"
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(html_text)


class _WrongHost(web.RequestHandler):
    """The answer to a request for another name than localhost."""

    def prepare(self) -> None:
        """Refuse it, saying how to serve other names."""
        self.set_status(403)
        self.finish("digest serve answers requests for localhost only; give --host to serve other names\n")


class _Server(Server):  # type: ignore[misc]  # livereload ships no type hints
    """livereload's server, serving the site under its base path, answering only the names allowed."""

    def __init__(self, watcher: Watcher, base: str, hosts: str | None, review: Callable[[], str] | None = None) -> None:
        super().__init__(watcher=watcher)
        self._base, self._hosts, self._review = base, hosts, review

    def application(self, port: int, host: str, liveport: int | None = None, debug: bool | None = None,
                    live_css: bool = True) -> None:
        """Listen on ``host:port`` with the reload handlers, the site's files and the host check."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css

        class Injector(LiveScriptInjector):  # type: ignore[misc]
            script = escape.utf8(_LIVE_SCRIPT)

        handlers: list[Any] = [(r"/livereload", LiveReloadHandler), (r"/livereload.js", LiveReloadJSHandler),
                               *self.get_web_handlers(Injector.script)]
        if self._hosts:
            handlers = [Rule(HostMatches(self._hosts), handlers), Rule(AnyMatches(), [(r".*", _WrongHost)])]
        web.Application(handlers, transforms=[Injector]).listen(port, address=host)

    def get_web_handlers(self, script: bytes) -> list[tuple[str, type, dict[str, str]]]:
        """The site's files under the base path, and the root sending browsers there."""
        handlers: list[Any] = [(re.escape(self._base) + "(.*)", self.SFH,
                                {"path": self.root, "default_filename": "index.html"})]
        if self._review is not None:  # first, so the site's handler never sees its address
            page = type("ProjectReview", (ReviewHandler,), {"page": staticmethod(self._review)})
            handlers.insert(0, (re.escape(self._base + REVIEW), page))
        if self._base != "/":
            handlers.insert(0, (r"/", web.RedirectHandler, {"url": self._base}))
        return handlers


def free(host: str, port: int) -> None:
    """Raise DigestError unless ``host:port`` can be listened on (before a first build is spent on it)."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself will
            probe.bind((host, port))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise DigestError(f"cannot serve on {host}:{port} ({reason}): stop what uses it, or pick another port "
                          f"with --port {port + 1}") from None


def serve(root: Path, port: int, host: str, build: Callable[[Changed], object], site: Path, base: str = "/",
          any_host: bool = False, review: Callable[[], str] | None = None,
          drifted: Callable[[], bool] = lambda: False, warm: Callable[[], object] = lambda: None) -> None:
    """Build once, then serve the site at ``base`` and rebuild on edits until interrupted.

    ``build`` is told the paths that changed when the OS reported them (None: look at
    every file); ``drifted`` says whether the files differ from what the last build saw;
    ``warm`` imports what a rebuild runs, once the server is idle.
    """
    free(host, port)
    status = BuildStatus()

    def rebuild(changed: Changed = None) -> bool:
        try:
            report = build(changed)
        except Exception as exc:  # whatever it is, the preview stays up and shows it
            status.errors = exc.format() if isinstance(exc, DigestError) else unexpected(exc)
            print(status.errors, file=sys.stderr)
            print("serving the last good preview", file=sys.stderr, flush=True)
            return True  # reload the browsers so they show the errors
        status.errors = ""
        print(report, flush=True)
        return True

    rebuild()
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # our watcher already debounces; tell browsers every rebuild
    watcher = BurstWatcher(rebuild, drifted, warm)
    server = _Server(watcher, base, None if any_host else LOOPBACK, review)
    server.SFH = type("ProjectSiteHandler", (SiteFileHandler,), {"status": status})
    # Watched even when missing: a path that does not exist yet is polled, so a templates/
    # folder made while serving (to override a template) is seen.
    for path in (root / "content", root / "templates", root / "pyproject.toml"):
        server.watch(str(path))
    logging.getLogger("livereload").setLevel(logging.WARNING)
    shown = f"[{host}]" if ":" in host else host
    print(f"serving http://{shown}:{port}{base} (Ctrl+C to stop)", flush=True)
    if review is not None:
        print(f"review page for editors: http://{shown}:{port}{base}{REVIEW}", flush=True)
    server.serve(port=port, host=host, root=str(site), open_url_delay=None, restart_delay=0)
