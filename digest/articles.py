"""Per-article work — load → extract → localize for one article — memoized and parallel.

Each article (an original and its translations) is processed by a pure function of
its files and the settings, so results are cached by content in ``.digest-cache/``
and the misses are spread over a process pool. A serial run gives the same results.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import pickle
import signal
from dataclasses import dataclass, replace
from typing import Iterator

from digest.cache import ArticleDB, Entry, file_digest, stat_signature
from digest.config import Config
from digest.errors import Diagnostic
from digest.extract import apply_overrides, extract
from digest.load import Group, load_group
from digest.localize import BodyRenderer, localize
from digest.model import Article, Facts, Story

PARALLEL_MIN = 64  # below this many misses a pool costs more than it saves
BODY_BATCH = 1000  # bodies written to the store per transaction during a clean build


@dataclass(frozen=True)
class Processed:
    """One article's stories in every language, its draft flag and its diagnostics."""

    draft: bool
    stories: tuple[Story, ...]
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Batch:
    """All articles' results and how many came from the cache.

    Stories from the cache come light: without their body HTML and the facts only
    their own page shows (``body_html == ""``); :meth:`full` restores them when that
    page must be rendered.
    """

    results: tuple[Processed, ...]
    hits: int
    full_stories: dict[str, Story]  # story key -> full story, only where the store could not keep it
    store: ArticleDB

    def full(self, story: Story) -> Story | None:
        """The full story (body and facts) of a light one, from this build or the store (None if lost)."""
        if story.key in self.full_stories:
            return self.full_stories[story.key]
        blob = self.store.body(story.key)
        if blob is None:
            return None
        try:
            body_html, people, dates, ranges, quotes, sources = pickle.loads(blob)
        except Exception:  # a damaged row: the caller rebuilds from sources
            return None
        return replace(story, body_html=body_html, people=people, dates=dates, ranges=ranges, quotes=quotes, sources=sources)


def _detail(story: Story) -> bytes:
    """What a light story leaves out, pickled for the body store."""
    return pickle.dumps((story.body_html, story.people, story.dates, story.ranges, story.quotes, story.sources),
                        protocol=pickle.HIGHEST_PROTOCOL)


def _light(result: Processed) -> Processed:
    """The result as cached: stories without what only their own page shows (kept in the body store)."""
    return replace(result, stories=tuple(
        replace(s, body_html="", people=(), dates=(), ranges=(), quotes=(), sources=()) for s in result.stories))


def facts_of(article: Article) -> Facts:
    """The headline facts of an article: extracted from its original, then corrected by its editor."""
    original = article.original
    found = extract(original.body, article.published, path=original.path, body_line=original.body_line) \
        if article.overrides.extract else Facts()
    return apply_overrides(found, article.overrides)


def process(group: Group, config: Config, body: BodyRenderer) -> Processed:
    """Load, extract and localize one article."""
    article, problems = load_group(group, config)
    if article is None:
        return Processed(False, (), problems)
    facts = facts_of(article)
    return Processed(article.draft, localize(article, facts, config, body), (*problems, *facts.diagnostics))


_worker: tuple[Config, BodyRenderer] | None = None


def die_with_parent(parent: int) -> None:
    """Pool initializer: end this worker when the build process ends, even by ``kill -9``.

    A forked worker shares the build's lock file; an orphan would keep the project
    locked and go on writing into a staging folder that will never be published.
    """
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)  # Linux only
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build already ended before the signal was armed
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _start_worker(config: Config, parent: int) -> None:
    """Set up a pool worker once: tied to its build, with the config and a Markdown renderer."""
    global _worker
    die_with_parent(parent)
    _worker = (config, BodyRenderer(config.allow_embeds, config.markdown))


def _work(group: Group) -> Processed:
    """Process one article in a pool worker."""
    assert _worker is not None
    return process(group, *_worker)


def workers() -> int:
    """How many processes to use: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def pool_context() -> multiprocessing.context.BaseContext | None:
    """A fork-based context where the OS has one (cheap start, inherited imports), else None."""
    if workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def _run(groups: list[Group], config: Config, parallel: bool) -> Iterator[Processed]:
    """Process groups in order, in a pool when it pays."""
    context = pool_context() if parallel and len(groups) >= PARALLEL_MIN else None
    if context is None:
        body = BodyRenderer(config.allow_embeds, config.markdown)
        yield from (process(group, config, body) for group in groups)
        return
    count = workers()
    with context.Pool(count, initializer=_start_worker, initargs=(config, os.getpid())) as pool:
        yield from pool.imap(_work, groups, chunksize=max(1, len(groups) // (count * 8)))


def process_all(groups: tuple[Group, ...], config: Config, parallel: bool = True,
                memory: dict[str, object] | None = None) -> Batch:
    """Every article's result, from the cache when its files are unchanged.

    ``memory`` (kept by ``digest serve`` between rebuilds) holds the entries of the
    previous build, so a rebuild skips reading them back from disk.
    """
    store = ArticleDB(config.root, config)
    remembered = memory.get(store.path.name) if memory is not None else None
    cached: dict[str, Entry] = remembered if isinstance(remembered, dict) else store.entries()
    fresh: dict[str, Entry] = {}
    results: list[Processed | None] = [None] * len(groups)
    todo: list[int] = []
    changed: dict[str, Entry] = {}
    prefix = len(str(config.root)) + 1
    for index, group in enumerate(groups):
        key = str(group.original)[prefix:]
        stats = stat_signature(group.paths)
        entry = cached.get(key)
        if entry is not None and entry.stats == stats:
            fresh[key], results[index] = entry, entry.result
            continue
        digest = file_digest(group.paths)
        if entry is not None and entry.digest == digest:
            fresh[key] = changed[key] = replace(entry, stats=stats)
            results[index] = entry.result
            continue
        fresh[key] = Entry(stats, digest, None)
        todo.append(index)
    # Bodies go to the store as results arrive, so a clean build never holds them all;
    # results keep light stories, and render workers fetch the bodies they need.
    bodies: dict[str, bytes] = {}
    full_stories: dict[str, Story] = {}
    for index, result in zip(todo, _run([groups[i] for i in todo], config, parallel)):
        key = str(groups[index].original)[prefix:]
        stories = tuple(replace(story, key=f"{fresh[key].digest[:32]}:{story.lang}") for story in result.stories)
        result = replace(result, stories=stories)
        bodies.update((story.key, _detail(story)) for story in stories)
        full_stories.update((story.key, story) for story in stories)
        fresh[key] = changed[key] = replace(fresh[key], result=_light(result))
        results[index] = fresh[key].result
        if len(bodies) >= BODY_BATCH and store.put_bodies(bodies):
            bodies.clear()
            full_stories.clear()
    removed = cached.keys() - fresh.keys()
    old_bodies = {s.key for k in (*removed, *changed) if k in cached and cached[k].result for s in cached[k].result.stories}
    if changed or removed:
        store.update(changed, removed, bodies, old_bodies - {s.key for k in changed for s in changed[k].result.stories})
    if store.ok:
        full_stories.clear()
    if memory is not None:
        memory.clear()
        memory[store.path.name] = fresh
    return Batch(tuple(r for r in results if r is not None), len(groups) - len(todo), full_stories, store)
