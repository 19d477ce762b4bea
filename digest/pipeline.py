"""The build, as a table of contents: load → extract → localize → plan → render → write.

Each stage is a function of frozen values; diagnostics are collected from every
stage and the build fails once, before anything is published, if any is an error.
The per-article stages (load, extract, localize) are memoized in ``.digest-cache/``
and run in a process pool (``articles.py``); rendering and writing run in a pool
straight into the staging folder (``emit.py``). A serial build gives the same site.
"""

from __future__ import annotations

import gc
import shutil
import time
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from digest import journal, search
from digest.articles import Batch, process_all
from digest.cache import CacheDamaged
from digest.config import Config
from digest.emit import emit_staged, render_outputs
from digest.errors import BuildFailed, Diagnostic, note
from digest.incremental import (
    BuildState,
    StateStore,
    input_signature,
    manifest_stat,
    own_pages_only,
    site_wide,
    stat_tree,
    write_plan,
)
from digest.load import discover
from digest.model import Output, Page
from digest.plan import article_pages, plan
from digest.render import output_path, static_files
from digest.write import (
    MANIFEST,
    Written,
    build_lock,
    close_staging,
    discard,
    open_staging,
    publish,
    recover,
    same_bytes,
)

__all__ = ["BuildReport", "build"]


@dataclass(frozen=True)
class BuildReport:
    """What a build made, what it noticed, and how long each stage took."""

    articles: int
    pages: int
    written: Written
    diagnostics: tuple[Diagnostic, ...]
    timings: tuple[tuple[str, float], ...]
    cached: int = 0  # articles whose load/extract/localize came from the cache


def build(config: Config, parallel: bool = True, memory: dict[str, object] | None = None) -> BuildReport:
    """Build the whole site from ``config.content_dir`` into ``config.output_dir``.

    The project's build lock is held throughout, so a second build of the same
    project stops at once with a clear message instead of interleaving. ``memory``
    lets a long-running caller (``digest serve``) keep the article cache in memory.
    """
    with build_lock(config.root):
        # A build makes millions of small acyclic objects (the cached stories); the
        # cyclic collector's full passes over them cost seconds and free nothing.
        collecting = gc.isenabled()
        gc.disable()
        try:
            try:
                return _build(config, parallel, memory)
            except CacheDamaged:  # a stored result or body is unreadable
                shutil.rmtree(config.root / ".digest-cache", ignore_errors=True)  # distrust it all, rebuild
                if memory is not None:
                    memory.clear()
                return _build(config, parallel, memory)
        finally:
            if collecting:
                gc.enable()


def _build(config: Config, parallel: bool, memory: dict[str, object] | None = None) -> BuildReport:
    """The stages in order; nothing is published unless every stage is free of errors."""
    clock = _Clock()
    site = config.output_dir
    recover(site)
    journal.recover(site)
    pagefind = search.executable() if config.search else None
    states = StateStore(config)
    state, wide = states.load(), site_wide(config, pagefind is not None)
    hour = _hour(config)
    tree = stat_tree(config.content_dir)
    signature = input_signature(config, wide, hour, tree)
    if state.inputs == signature and site.is_dir() and manifest_stat(site) == state.manifest:
        clock.lap("check")
        return BuildReport(state.articles, state.pages, Written(state.files, 0), state.diagnostics, clock.laps(), state.articles)
    groups, found = discover(config)
    batch = process_all(groups, config, parallel, memory, tree)
    del groups, tree  # not carried into the render workers (a fifth of the heap at 100,000 articles)
    clock.lap("load+extract+localize")
    notes = _notes(config, pagefind)
    if own_pages_only(state, wide, hour, site, batch, pagefind is not None):
        return _rewrite_own_pages(state, batch, (*found, *notes), config, parallel, signature, clock, states)
    results = batch.results()
    published = [r for r in results if config.drafts or not r.draft]
    planned = plan((r.stories for r in published if r.stories), config, search=pagefind is not None)
    clock.lap("plan")
    article_notes = tuple(d for r in results for d in r.diagnostics)
    diagnostics = tuple(sorted((*found, *article_notes, *planned.diagnostics, *notes)))
    if any(d.is_error for d in diagnostics):
        raise BuildFailed(diagnostics)
    pages, extra = list(planned.pages), [*static_files(config), *planned.files]
    paths = [output_path(page) for page in pages]
    writes = write_plan(state, wide, site, paths, [p.key for p in pages], pagefind is not None)
    if writes.in_place:
        written = _update_in_place(pages, list(writes.fresh), extra, config, diagnostics, batch, parallel)
    else:
        written = _swap_in(pages, list(writes.fresh), extra, config, diagnostics, pagefind, batch, parallel, clock)
    batch.store.close()
    clock.lap("write")
    states.save(BuildState(signature, wide, dict(zip(paths, (p.key for p in pages))), manifest_stat(site),
                           len(published), len(pages), written.files, diagnostics, hour, batch.generation, article_notes))
    return BuildReport(len(published), len(pages), written, diagnostics, clock.laps(), batch.hits)


def _rewrite_own_pages(state: BuildState, batch: Batch, site_notes: tuple[Diagnostic, ...], config: Config,
                       parallel: bool, signature: str, clock: _Clock, states: StateStore) -> BuildReport:
    """Render the changed articles' own pages and update them in place: nothing else on the site shows the change."""
    changed = {path for change in batch.changes for path in change.paths}
    article_notes = (*(d for d in state.article_notes if d.location.path not in changed),
                     *(d for change in batch.changes for d in change.after.diagnostics))
    diagnostics = tuple(sorted((*site_notes, *article_notes)))
    if any(d.is_error for d in diagnostics):
        raise BuildFailed(diagnostics)
    stories = [s for change in batch.changes if config.drafts or not change.after.draft for s in change.after.stories]
    pages = article_pages(stories, config)
    clock.lap("plan")
    site = config.output_dir
    writes = _new_bytes(pages, [], config, diagnostics, batch, parallel)
    journal.apply(site, writes, [])
    batch.store.close()
    clock.lap("write")
    keys = {**state.keys, **{output_path(page): page.key for page in pages}}
    states.save(replace(state, inputs=signature, keys=keys, manifest=manifest_stat(site), diagnostics=diagnostics,
                        generation=batch.generation, article_notes=article_notes))
    return BuildReport(state.articles, state.pages, Written(state.files, len(writes)), diagnostics, clock.laps(), batch.hits)


def _swap_in(pages: list[Page], fresh: list[bool], extra: list[Output], config: Config, diagnostics: tuple[Diagnostic, ...],
             pagefind: Path | None, batch: Batch, parallel: bool, clock: _Clock) -> Written:
    """Build a complete new site in staging (unchanged pages linked), index it, swap it in."""
    site = config.output_dir
    staging = open_staging(site)
    try:
        emitted = emit_staged(pages, fresh, extra, config, staging, site, batch.full, parallel)
    except CacheDamaged:
        discard(site)  # the staging folder; build() starts over without the cache
        raise
    clock.lap("render")
    if emitted.diagnostics:
        discard(site)
        raise BuildFailed((*diagnostics, *emitted.diagnostics))
    indexed = search.index(staging, pagefind) if pagefind else ()
    if indexed:
        discard(site)
        raise BuildFailed((*diagnostics, *indexed))
    clock.lap("search")
    staged = close_staging(site, staging, Written(len(emitted.paths), emitted.changed), emitted.paths)
    publish(staged, site, generated_dirs=("pagefind",) if pagefind else ())
    return staged.written


def _update_in_place(pages: list[Page], fresh: list[bool], extra: list[Output], config: Config,
                     diagnostics: tuple[Diagnostic, ...], batch: Batch, parallel: bool) -> Written:
    """Render only the pages whose inputs changed and apply them to site/ as one journaled transaction."""
    site = config.output_dir
    writes = _new_bytes([p for p, f in zip(pages, fresh) if f], extra, config, diagnostics, batch, parallel)
    paths = {output_path(p) for p in pages} | {o.path for o in extra}
    previous = set((site / MANIFEST).read_text(encoding="utf-8").splitlines())
    manifest = Output(MANIFEST, ("\n".join(sorted(paths)) + "\n").encode("utf-8"))
    journal.apply(site, [*writes, manifest], sorted(previous - paths - {""}))
    return Written(len(paths), len(writes))


def _new_bytes(pages: list[Page], extra: list[Output], config: Config, diagnostics: tuple[Diagnostic, ...],
               batch: Batch, parallel: bool) -> list[Output]:
    """Render ``pages`` and keep, with ``extra``, the outputs whose bytes differ from the published files."""
    outputs, problems = render_outputs(pages, config, batch.full, parallel)
    if problems:
        raise BuildFailed((*diagnostics, *problems))
    return [o for o in (*outputs, *extra) if not same_bytes(config.output_dir / o.path, o.data)]


def _hour(config: Config) -> str:
    """The build hour: the news sitemap's two-day window moves with it."""
    return (config.build_time or datetime.now(config.tz)).strftime("%Y-%m-%dT%H")


def _notes(config: Config, pagefind: Path | None) -> tuple[Diagnostic, ...]:
    """What the user should know about this build's settings."""
    notes = []
    if pagefind is None:
        why = "disabled in [tool.digest]" if not config.search else "Pagefind is not installed (pip install 'pagefind[extended]')"
        notes.append(note("pyproject.toml", 0, f"search skipped: {why}"))
    if not config.absolute:
        notes.append(note("pyproject.toml", 0, "base_url has no host: feeds, sitemap and canonical links are root-relative; "
                                               "set base_url or pass --base-url https://…/ when publishing"))
    return tuple(notes)


class _Clock:
    """Wall-clock time per stage, for the build summary and the benchmark."""

    def __init__(self) -> None:
        self._start = self._last = time.perf_counter()
        self._laps: list[tuple[str, float]] = []

    def lap(self, stage: str) -> None:
        """Record the time since the previous lap under ``stage``."""
        now = time.perf_counter()
        self._laps.append((stage, now - self._last))
        self._last = now

    def laps(self) -> tuple[tuple[str, float], ...]:
        """Every stage's time, then the total."""
        return (*self._laps, ("total", self._last - self._start))
