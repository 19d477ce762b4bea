"""Render → write for many pages, spread over a process pool.

Two ways to use it. :func:`emit_staged` fills a staging folder for an atomic swap:
workers render the pages whose inputs changed and write them straight into staging
(rendered bytes never travel between processes; the site is never all in memory),
and unchanged pages are hard-linked from the previous site. :func:`render_outputs`
renders a few pages and returns their bytes, for an in-place journaled update.
Workers are forked after planning and read the page list they inherit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from digest.articles import die_with_parent, pool_context, workers
from digest.cache import CacheDamaged
from digest.config import Config
from digest.errors import Diagnostic
from digest.model import Output, Page, Story
from digest.plan import ArticleView
from digest.render import Renderer, output_path
from digest.write import put

PARALLEL_MIN = 200  # pages; below this a pool costs more than it saves


@dataclass(frozen=True)
class Emitted:
    """What rendering and writing the pages did."""

    paths: frozenset[str]
    changed: int
    rendered: int
    diagnostics: tuple[Diagnostic, ...]


_job: dict[str, Any] = {}  # set before forking; workers read it (and cache their renderer in their own copy)


class LostBody(CacheDamaged):
    """A cached story's body could not be found: the cache cannot be trusted."""


def _hydrated(page: Page) -> Page:
    """An article page with its story's body and facts (cached stories come light), fetched here in the worker."""
    view = page.view
    if not isinstance(view, ArticleView) or view.story.body_html:
        return page
    story = _job["full"](view.story)
    if story is None:
        raise LostBody(page.url)
    return replace(page, view=replace(view, story=story))


def _spans(count: int) -> list[tuple[int, int]]:
    """Index ranges that split ``count`` pages over the workers, last pages first.

    Small ranges (about 32 per worker) keep the workers busy to the end; the plan
    puts the heaviest pages (lists, feeds, the sitemap) last, so they are handed
    out first and no worker is left with a long page while the other idles.
    """
    step = max(1, -(-count // (workers() * 32)))
    return [(start, min(start + step, count)) for start in reversed(range(0, count, step))]


def _in_pool(task: Callable[[tuple[int, int]], Any], count: int, parallel: bool) -> list[Any]:
    """Run ``task`` over index ranges of the job: in this process and forked workers when it pays."""
    context = pool_context() if parallel and count >= PARALLEL_MIN else None
    if context is None:
        return [task((0, count))]
    return _together(context, task, _spans(count))[::-1]  # back in page order


def _together(context: Any, task: Callable[[tuple[int, int]], Any], spans: list[tuple[int, int]]) -> list[Any]:
    """``task`` over every span, in span order, run by this process and ``workers() - 1`` forked ones.

    Each process takes the next span as it finishes one. The build process works
    too, instead of waiting on a pool: a forked worker copies most of the pages it
    inherits as it reads them (reference counts are writes), so one worker fewer is
    one copy of the plan fewer. At 100,000 articles that copy is over 1 GiB.
    """
    taken = context.Value("i", 0)

    def drain() -> list[tuple[int, Any]]:
        done = []
        while True:
            with taken.get_lock():
                index = taken.value
                taken.value += 1
            if index >= len(spans):
                return done
            done.append((index, task(spans[index])))

    children = []
    try:
        for _ in range(workers() - 1):
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(drain, writer, os.getpid()), daemon=True)
            child.start()
            writer.close()
            children.append((child, reader))
        done = drain()
        for child, reader in children:
            try:
                failed, theirs = reader.recv()
            except EOFError:
                child.join()
                raise RuntimeError(f"a render worker ended unexpectedly (exit code {child.exitcode})") from None
            if failed:
                raise theirs
            done += theirs
    except BaseException:
        for child, _ in children:
            child.terminate()  # still rendering for a build that has failed
        raise
    finally:
        for child, _ in children:
            child.join()
    return [result for _, result in sorted(done, key=lambda pair: pair[0])]


def _child(drain: Callable[[], list[tuple[int, Any]]], writer: Any, parent: int) -> None:
    """A forked worker's life: take spans until none are left, send back what they gave (or the error)."""
    die_with_parent(parent)
    try:
        outcome: tuple[bool, Any] = (False, drain())
    except Exception as exc:  # noqa: BLE001  # any error: raised again in the build process
        outcome = (True, exc)
    writer.send(outcome)
    writer.close()


def _renderer() -> Renderer:
    """This process's renderer for the current job: templates compiled once per worker, not per chunk."""
    made = _job.get("renderer")
    if made is None or made[0] != os.getpid():
        made = _job["renderer"] = (os.getpid(), Renderer(_job["config"]))
    return made[1]


def _staged_range(span: tuple[int, int]) -> tuple[int, int, list[Diagnostic]]:
    """Render (or link, when unchanged) pages[start:stop] into staging."""
    pages, fresh, config, staging, site = (_job[k] for k in ("pages", "fresh", "config", "staging", "site"))
    renderer: Renderer | None = None
    made: set[Path] = set()
    changed = rendered = 0
    problems: list[Diagnostic] = []
    for index in range(*span):
        page = pages[index]
        path = output_path(page)
        if not fresh[index] and _link(site / path, staging / path, made):
            continue
        renderer = renderer or _renderer()
        result = renderer.try_render(_hydrated(page))
        rendered += 1
        if isinstance(result, Output):
            changed += put(result, staging, site, made)
        else:
            problems.append(result)
    return changed, rendered, problems


def _link(previous: Path, target: Path, made: set[Path]) -> bool:
    """Hard-link an unchanged page from the previous site into staging (False if it is missing)."""
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    try:
        os.link(previous, target)
        return True
    except OSError:
        return False


def emit_staged(pages: list[Page], fresh: list[bool], extra: list[Output], config: Config, staging: Path,
                site: Path, full: Callable[[Story], Story | None], parallel: bool = True) -> Emitted:
    """Fill ``staging``: render pages marked fresh (or missing before), link the rest, write ``extra``.

    ``full`` restores a light story's body and facts; raises LostBody if one is gone.
    """
    _job.update(pages=pages, fresh=fresh, config=config, staging=staging, site=site, full=full)
    try:
        results = _in_pool(_staged_range, len(pages), parallel and sum(fresh) >= PARALLEL_MIN)
    finally:
        _job.clear()
    made: set[Path] = set()
    changed = sum(put(output, staging, site, made) for output in extra)
    paths = frozenset({output_path(page) for page in pages} | {output.path for output in extra})
    return Emitted(paths, changed + sum(r[0] for r in results), sum(r[1] for r in results),
                   _unique(p for r in results for p in r[2]))


def _render_range(span: tuple[int, int]) -> list[Output | Diagnostic]:
    """Render pages[start:stop] and return the results."""
    renderer = _renderer()
    return [renderer.try_render(_hydrated(page)) for page in _job["pages"][span[0] : span[1]]]


def render_outputs(pages: list[Page], config: Config, full: Callable[[Story], Story | None],
                   parallel: bool = True) -> tuple[list[Output], tuple[Diagnostic, ...]]:
    """Render a few pages to bytes (for an in-place update); raises LostBody like :func:`emit_staged`."""
    _job.update(pages=pages, config=config, full=full)
    try:
        results = [r for chunk in _in_pool(_render_range, len(pages), parallel) for r in chunk]
    finally:
        _job.clear()
    return [r for r in results if isinstance(r, Output)], _unique(r for r in results if not isinstance(r, Output))


def _unique(problems: Any) -> tuple[Diagnostic, ...]:
    """Template errors once each, however many pages hit them."""
    seen: dict[str, Diagnostic] = {}
    for problem in problems:
        seen.setdefault(problem.message.split(" (rendering")[0] + str(problem.location), problem)
    return tuple(seen.values())
