"""Render → write for an update, spread over the build process and forked workers.

:func:`swap` fills a staging folder and swaps it in: workers render the pages marked
fresh and write them straight into staging (rendered bytes never travel between
processes; the site is never all in memory), unchanged pages are hard-linked from the
published site, Pagefind indexes the result. :func:`in_place` renders a few pages
and applies the ones whose bytes changed as one journaled transaction. Workers are
forked after planning and read the pages they inherit; an article page's body is read
from the store by the process that renders it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from digest import search, write
from digest.build import pool
from digest.build.changes import Update
from digest.build.memo import Articles
from digest.config import Config
from digest.errors import Diagnostic
from digest.model import Output
from digest.render import Renderer, output_path
from digest.views import ArticleView, Page

PARALLEL_MIN = 200  # pages; below this a pool costs more than it saves


class _Job:
    """What the rendering processes share (forked workers inherit it); each makes its renderer once."""

    def __init__(self, pages: Sequence[Page], config: Config, articles: Articles) -> None:
        self.pages, self.config, self._articles = pages, config, articles
        self._renderer: tuple[int, Renderer] | None = None

    def render(self, index: int) -> Output | Diagnostic:
        """Render one page (an article page with its story's body, read here from the store)."""
        if self._renderer is None or self._renderer[0] != os.getpid():
            self._renderer = (os.getpid(), Renderer(self.config))  # templates compiled once per process
        page = self.pages[index]
        body = self._articles.body(page.view.story) if isinstance(page.view, ArticleView) else None
        return self._renderer[1].try_render(page, body)


def swap(update: Update, config: Config, parallel: bool, pagefind: Path | None,
         lap: Callable[[str], None]) -> tuple[int, tuple[Diagnostic, ...]]:
    """Build the complete new site in staging (unchanged pages linked), index it, swap it in.

    Returns how many files have new bytes. Nothing is published when a page fails to
    render or indexing fails: their diagnostics are returned and staging is removed.
    """
    site = config.output_dir
    staging = write.open_staging(site)
    try:
        job = _Job(update.pages, config, update.articles)
        fresh, made = update.fresh, set[Path]()

        def fill(span: pool.Span) -> tuple[int, list[Diagnostic]]:
            return _staged(job, fresh, span, staging, site)

        spans = pool.spread(fill, len(fresh), parallel and sum(fresh) >= PARALLEL_MIN, PARALLEL_MIN)
        changed = sum(write.put(output, staging, site, made) for output in update.files) + sum(n for n, _ in spans)
        problems = _unique(p for _, found in spans for p in found)
        lap("render")
        problems = problems or (search.index(staging, pagefind) if pagefind else ())
        lap("search")
        if problems:
            write.discard(site)
            return 0, problems
        names = {*update.keys, *(output.path for output in update.files)}
        write.publish(staging, site, names | (search.files(staging) if pagefind else set()))
    except BaseException:
        write.discard(site)
        raise
    return changed, ()


def _staged(job: _Job, fresh: Sequence[bool], span: pool.Span, staging: Path, site: Path) -> tuple[int, list[Diagnostic]]:
    """Render (or link, when unchanged) pages[start:stop] into staging: how many changed, and the problems."""
    made: set[Path] = set()
    changed = 0
    problems: list[Diagnostic] = []
    for index in range(*span):
        path = output_path(job.pages[index])
        if not fresh[index] and write.link(site / path, staging / path, made):
            continue
        result = job.render(index)
        if isinstance(result, Output):
            changed += write.put(result, staging, site, made)
        else:
            problems.append(result)
    return changed, problems


def in_place(update: Update, config: Config, parallel: bool, whole: bool) -> tuple[int, tuple[Diagnostic, ...]]:
    """Render the fresh pages and apply those with new bytes to site/ as one journaled transaction.

    ``whole``: the update lists every page of the site, so generated files it no longer
    lists are removed and the manifest is brought up to date. Returns how many files
    were written, and the problems that stopped it (nothing is written then).
    """
    job = _Job([page for page, fresh in zip(update.pages, update.fresh, strict=True) if fresh], config, update.articles)
    results = [r for chunk in pool.spread(lambda span: [job.render(i) for i in range(*span)], len(job.pages),
                                          parallel, PARALLEL_MIN) for r in chunk]
    problems = _unique(r for r in results if not isinstance(r, Output))
    if problems:
        return 0, problems
    site = config.output_dir
    outputs = [*(r for r in results if isinstance(r, Output)), *update.files]
    writes = [o for o in outputs if not write.same_bytes(site / o.path, o.data)]
    changed, removals = len(writes), []
    if whole:
        names = {*update.keys, *(output.path for output in update.files)}
        removals = sorted(write.generated(site) - names)
        record = write.manifest(names)
        writes += [] if write.same_bytes(site / record.path, record.data) else [record]
    write.apply(site, writes, removals)
    return changed, ()


def _unique(problems: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Template errors once each, however many pages hit them."""
    seen: dict[str, Diagnostic] = {}
    for problem in problems:
        seen.setdefault(problem.message.split(" (rendering")[0] + str(problem.location), problem)
    return tuple(seen.values())
