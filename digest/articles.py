"""Per-article work — load → extract → localize for one article — memoized and parallel.

Each article (an original and its translations) is processed by a pure function of
its files and the settings, so results are cached by content in ``.digest-cache/``
and the misses are spread over a process pool. A serial run gives the same results.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import pickle
import signal
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace

from digest.cache import ArticleDB, CacheDamaged, Entry, file_digest, stat_signature
from digest.config import Config
from digest.errors import Diagnostic
from digest.extract import apply_overrides, extract
from digest.load import Group, load_group
from digest.localize import BodyRenderer, localize
from digest.model import Article, Facts, Story

PARALLEL_MIN = 64  # below this many misses a pool costs more than it saves
BATCH = 500  # articles whose results and bodies are written to the store per transaction during a clean build


@dataclass(frozen=True, slots=True)
class Processed:
    """One article's stories in every language, its draft flag and its diagnostics."""

    draft: bool
    stories: tuple[Story, ...]
    diagnostics: tuple[Diagnostic, ...]


class Batch:
    """This build's article results: the reprocessed ones, and the cached ones loaded only when asked.

    Stories from the cache come light: without their body HTML and the facts only
    their own page shows (``body_html == ""``); :meth:`full` restores them when that
    page must be rendered. A build that only needs the changed articles (see
    :attr:`changes`) never reads the others' results from the store.
    """

    def __init__(self, order: list[str], entries: dict[str, Entry], changes: tuple[Change, ...], hits: int,
                 store: ArticleDB, kept: dict[str, bytes], before: str, removed: int) -> None:
        self._order, self._entries, self.changes, self.hits, self.removed = order, entries, changes, hits, removed
        self.store, self._kept = store, kept  # kept: detail blobs the store could not take
        self.before = before  # generation of the cache this build started from
        self.generation = generation(entries)  # ... and of the cache it leaves

    def results(self) -> tuple[Processed, ...]:
        """Every article's result in folder order; raises CacheDamaged if a stored one is unreadable."""
        missing = [key for key in self._order if self._entries[key].result is None]
        if missing:
            loaded = self.store.results(None if len(missing) > len(self._order) // 2 else missing)
            for key in missing:
                if key not in loaded:
                    raise CacheDamaged(key)
                self._entries[key] = replace(self._entries[key], result=loaded[key])
        return tuple(self._entries[key].result for key in self._order)

    def full(self, story: Story) -> Story | None:
        """The full story (body and facts) of a light one, from this build or the store (None if lost)."""
        blob = self._kept.get(story.key) or self.store.body(story.key)
        if blob is None:
            return None
        try:
            body_html, people, dates, ranges, quotes, sources = pickle.loads(blob)
        except Exception:  # a damaged row: the caller rebuilds from sources
            return None
        return replace(story, body_html=body_html, people=people, dates=dates, ranges=ranges, quotes=quotes, sources=sources)


@dataclass(frozen=True, slots=True)
class Change:
    """An article processed again in this build: its result before (None if new or unknown) and now."""

    paths: tuple[str, ...]  # its files, as shown in diagnostics
    before: Processed | None
    after: Processed

    @property
    def listed_same(self) -> bool:
        """True when every list, feed and sitemap shows it as before (only its own pages change)."""
        if self.before is None or self.before.draft != self.after.draft:
            return False
        return [(s.lang, s.url, s.listing) for s in self.before.stories] == [(s.lang, s.url, s.listing) for s in self.after.stories]


def generation(entries: dict[str, Entry]) -> str:
    """A fingerprint of which article contents the cache holds (a build records the one it saw)."""
    return hashlib.sha256("\n".join(f"{k}\0{entries[k].digest}" for k in sorted(entries)).encode()).hexdigest()


_DETAIL = ("body_html", "people", "dates", "ranges", "quotes", "sources")  # only the story's own page shows these
_LISTED = tuple(f.name for f in fields(Story) if f.name not in (*_DETAIL, "key", "listing"))


def _detail(story: Story) -> bytes:
    """What a light story leaves out, pickled for the body store."""
    return pickle.dumps(tuple(getattr(story, name) for name in _DETAIL), protocol=pickle.HIGHEST_PROTOCOL)


def _light(story: Story, digest: str) -> Story:
    """A story as cached: keyed by its files' digest, without what only its own page shows (kept in the body store).

    ``listing`` fingerprints everything else: what lists, feeds and sitemaps show.
    """
    shown = repr(tuple(getattr(story, name) for name in _LISTED))
    listing = hashlib.blake2b(shown.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return replace(story, body_html="", people=(), dates=(), ranges=(), quotes=(), sources=(),
                   key=f"{digest[:32]}:{story.lang}", listing=listing)


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
    """In a forked worker: end it when the build process ends, even by ``kill -9``.

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


def _work(job: tuple[Group, str | None]) -> tuple[str, bytes, dict[str, bytes]]:
    """Process one article in a pool worker."""
    assert _worker is not None
    return _cacheable(*job, *_worker)


def _cacheable(group: Group, digest: str | None, config: Config, body: BodyRenderer) -> tuple[str, bytes, dict[str, bytes]]:
    """One article's result as the store keeps it: its files' digest (computed here when not
    given), the pickled light result, and each story's detail blob.

    Done in the worker, so the build process neither reads the files nor pickles anything,
    and only unpickles the light result once.
    """
    digest = digest or file_digest(group.paths)
    result = process(group, config, body)
    light = tuple(_light(story, digest) for story in result.stories)
    details = {short.key: _detail(story) for story, short in zip(result.stories, light)}
    return digest, pickle.dumps(replace(result, stories=light), protocol=pickle.HIGHEST_PROTOCOL), details


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


def _run(jobs: list[tuple[Group, str | None]], config: Config, parallel: bool) -> Iterator[tuple[str, bytes, dict[str, bytes]]]:
    """Process articles in order, in a pool when it pays."""
    context = pool_context() if parallel and len(jobs) >= PARALLEL_MIN else None
    if context is None:
        body = BodyRenderer(config.allow_embeds, config.markdown)
        yield from (_cacheable(group, digest, config, body) for group, digest in jobs)
        return
    count = workers()
    with context.Pool(count, initializer=_start_worker, initargs=(config, os.getpid())) as pool:
        # Chunks of about 1/32 of a worker's share: few round trips, and an even finish.
        yield from pool.imap(_work, jobs, chunksize=max(1, len(jobs) // (count * 32)))


COMPARE_MAX = 64  # changed articles: up to this many, their previous results are read to see what lists they touch


def process_all(groups: tuple[Group, ...], config: Config, parallel: bool = True,
                memory: dict[str, object] | None = None, tree: dict[str, tuple[int, int]] | None = None) -> Batch:
    """Process the articles whose files changed since the cache saw them; the rest stay in the store.

    ``memory`` (kept by ``digest serve`` between rebuilds) holds the entries of the
    previous build, so a rebuild skips reading them back from disk. ``tree`` holds the
    sizes and mtimes of the files under ``content/`` when the caller has already read them.
    """
    store = ArticleDB(config.root, config)
    remembered = memory.get(store.path.name) if memory is not None else None
    cached: dict[str, Entry] = remembered if isinstance(remembered, dict) else store.index()
    fresh: dict[str, Entry] = {}
    order: list[str] = []
    todo: list[tuple[str, Group, str | None, str]] = []  # key, files, digest (if known), stat signature
    touched: dict[str, str] = {}  # same bytes, new stat signature
    prefix = len(str(config.root)) + 1
    for group in groups:
        key = str(group.original)[prefix:]
        order.append(key)
        stats = stat_signature(group.paths, tree)
        entry = cached.get(key)
        if entry is not None and entry.stats == stats:
            fresh[key] = entry
            continue
        # A new article's digest is computed by the worker that reads it anyway.
        digest = file_digest(group.paths) if entry is not None else None
        if entry is not None and entry.digest == digest:
            fresh[key] = replace(entry, stats=stats)
            touched[key] = stats
            continue
        todo.append((key, group, digest, stats))
    before = _previous(cached, store, [key for key, *_ in todo])
    # Results and bodies go to the store as they arrive, so a clean build never holds them all.
    rows: dict[str, tuple[str, str, bytes]] = {}
    bodies: dict[str, bytes] = {}
    changes = []
    jobs = [(group, digest) for _, group, digest, _ in todo]
    for (key, group, _, stats), (digest, blob, details) in zip(todo, _run(jobs, config, parallel)):
        result = pickle.loads(blob)  # made by this code in a worker of this build
        fresh[key] = Entry(stats, digest, result)
        rows[key] = (stats, digest, blob)
        bodies.update(details)
        changes.append(Change(tuple(str(path)[prefix:] for path in group.paths), before.get(key), result))
        if len(rows) >= BATCH and store.ok and store.put(rows, bodies):
            rows.clear()
            bodies.clear()
    removed = cached.keys() - fresh.keys()
    stale = {cached[k].digest for k in (*removed, *(key for key, *_ in todo)) if k in cached}
    if todo or touched or removed:
        store.update(rows, touched, removed, bodies, stale - {entry.digest for entry in fresh.values()})
    if memory is not None:
        memory.clear()
        memory[store.path.name] = fresh
    return Batch(order, fresh, tuple(changes), len(groups) - len(todo), store, {} if store.ok else bodies,
                 generation(cached), len(removed))


def _previous(cached: dict[str, Entry], store: ArticleDB, keys: list[str]) -> dict[str, Processed]:
    """The cached results of a few changed articles (none when many changed: they will not be compared)."""
    known = [key for key in keys if key in cached]
    if not known or len(keys) > COMPARE_MAX:
        return {}
    missing = [key for key in known if cached[key].result is None]
    found = store.results(missing) if missing else {}
    return {key: cached[key].result or found[key] for key in known if cached[key].result or key in found}
