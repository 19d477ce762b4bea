"""The per-article stages, memoized: load → extract → localize for each article whose files changed.

Each article (an original and its translations) is processed by a pure function of its
files and the settings (:func:`digest.build.article.process`), so its result is cached
by content, keyed by the fingerprint of its files, with their stat signature as a
shortcut that avoids reading unchanged files. Articles that changed are processed by a
helper forked ahead of time when they are few, in a pool of forked workers when there
are many (:func:`digest.build.article.run`); the rest stay in the store until asked
for. Bodies go to the store apart from the stories, so lists never load them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from digest.build import pool
from digest.build.article import PARALLEL_MIN as PARALLEL_MIN  # where the pipeline and tests have always found it
from digest.build.article import Done, Job, body_key, digest_of, photos_of, run
from digest.build.article import Processed as Processed
from digest.build.article import examine as examine
from digest.build.article import process as process
from digest.build.article import signature as signature
from digest.build.fingerprint import affects, code_version, fingerprint
from digest.build.sealed import CACHE as CACHE  # where shards and the pipeline have always found it
from digest.build.sealed import CacheDamaged, loads
from digest.build.store import ArticleDB, Row
from digest.config import Config
from digest.files import Stat
from digest.load import Group
from digest.model import Body, Story

BATCH = 500  # articles whose results and bodies are written to the store per transaction during a clean build
COMPARE_MAX = 64  # changed articles: up to this many, their previous results are read to see what lists they touch
FEW_MOVED = 256  # files moved since the last build: up to this many, only their articles' entries are read


class Entry(NamedTuple):
    """One article's cached result with the fingerprints that make it valid (result None: not read yet).

    A named tuple: every rebuild makes one per stored article (100,000 frozen dataclasses took 0.1 s).
    """

    stats: str  # see stat_signature
    digest: str  # fingerprint of its files' names and bytes
    result: Processed | None


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
        return self.before.listings == self.after.listings


class Articles:
    """This build's per-article results: the reprocessed ones, and the cached ones loaded only when asked."""

    def __init__(self, order: list[str], entries: dict[str, Entry], changes: tuple[Change, ...], hits: int,
                 store: ArticleDB, kept: dict[str, bytes], before: str, removed: int, stored: bool = False) -> None:
        self._order, self._entries, self.changes, self.hits, self.removed = order, entries, changes, hits, removed
        self._stored = stored  # the entries not in ``entries`` are the store's, read when first asked for
        self._store, self._kept = store, kept  # kept: body blobs the store could not take
        self.before = before  # generation of the cache this build started from (ArticleDB.generation)
        self.generation = store.generation()  # ... and of the cache it leaves

    def _every(self) -> dict[str, Entry]:
        """Every article's entry (those of the store read now, if they were not)."""
        if self._stored:
            self._entries = {**_entries(self._store), **self._entries}
            self._stored = False
        return self._entries

    def results(self) -> tuple[Processed, ...]:
        """Every article's result in folder order; raises CacheDamaged if a stored one is unreadable."""
        self._every()
        missing = [key for key in self._order if self._entries[key].result is None]
        if missing:
            loaded = self._store.results(None if len(missing) > len(self._order) // 2 else missing)
            for key in missing:
                found = loaded.get(key)
                if not isinstance(found, Processed):
                    raise CacheDamaged(key)
                self._entries[key] = self._entries[key]._replace(result=found)
        return tuple(entry.result for key in self._order if (entry := self._entries[key]).result is not None)

    def body_key(self, story: Story) -> str:
        """The key of ``story``'s body: its article's files and its language."""
        entry = self._entries.get(story.source_path) or self._every()[story.source_path]
        return body_key(entry.digest, story.lang)

    def body(self, story: Story) -> Body:
        """The body of ``story``, from this build or the store; raises CacheDamaged if it is lost."""
        key = self.body_key(story)
        blob = self._kept.get(key) or self._store.body(key)
        try:
            body = loads(blob) if blob is not None else None
        except Exception:  # a damaged row: the build starts over from the sources
            body = None
        if not isinstance(body, Body):
            raise CacheDamaged(f"the body of {story.url}")
        return body

    @property
    def problem(self) -> str | None:
        """Why the cache could not be used, when it could not (this build ran without it)."""
        return self._store.problem

    def close(self) -> None:
        """Let go of the store."""
        self._store.close()


Memory = dict[str, object]  # what a long-running caller (digest serve) keeps between builds


def process_all(groups: tuple[Group, ...], config: Config, parallel: bool = True,
                memory: Memory | None = None, tree: dict[str, Stat] | None = None,
                checked: tuple[Callable[[], set[str] | None], str] | None = None,
                helper: pool.Helper[Job, Done] | None = None, meanwhile: Callable[[], object] = lambda: None,
                recalled: bool = False) -> Articles:
    """Process the articles whose files changed since the cache saw them; the rest stay in the store.

    ``memory`` (kept by ``digest serve`` between rebuilds) holds the entries of the
    previous build and the stats they were checked against, so a rebuild skips reading
    them back from disk, and an article whose files have those stats still is not even
    signed again (10,000 signatures took 0.15 s of a save). ``tree`` holds the sizes and
    mtimes of the files under ``content/`` when the caller has already read them.
    ``checked``: the paths of ``content/`` whose stat is not the one the stored entries were
    checked against (a ``digest build`` recalls the last one's walk), and the generation they
    then had: while the store holds that generation, it stands for ``memory``'s stats. ``helper`` (see :func:`ahead`)
    processes the changed articles when they are few, while this process runs ``meanwhile``.
    ``recalled``: the groups are the last build's; with the store as it left it and few files
    moved since, only the moved articles' entries are read and looked at (:func:`_few_moved`).
    """
    store = ArticleDB(config.root / CACHE, fingerprint(code_version("articles"), *affects(config, "articles")))
    remembered = memory.get(store.path.name) if memory is not None else None
    cached: dict[str, Entry]
    moved: set[str] | None = None  # the files whose stat is not the one the entries were checked against
    before = store.generation()
    looked, stored = groups, False  # the articles looked at; whether the others' entries stay in the store unread
    if isinstance(remembered, tuple):
        cached, seen = remembered
        if tree is not None and seen:
            moved = {path for path, stat in tree.items() if seen.get(path) != stat}
    else:
        if checked is not None and checked[1] == before and tree is not None:
            moved = checked[0]()  # the store is as the build that walked this left it
        if recalled and moved is not None and len(moved) <= FEW_MOVED:
            looked, stored = _few_moved(groups, config, store, moved), True
        cached = _entries(store, _keys(looked, config) if stored else None)
    order, fresh, todo, touched = _sort(looked, config, cached, tree, moved)
    changes = _reprocess(todo, cached, fresh, store, config, run([(group, digest) for _, group, digest, _ in todo],
                                                                config, parallel, helper, meanwhile))
    removed = cached.keys() - fresh.keys()
    stale = {cached[k].digest for k in (*removed, *(key for key, *_ in todo)) if k in cached}
    leftover_rows, leftover_bodies = changes.pop()
    if todo or touched or removed:
        store.update(leftover_rows, touched, removed, leftover_bodies, stale - {entry.digest for entry in fresh.values()})
    if memory is not None:
        for name in [name for name in memory if name.startswith("articles-")]:  # (another store's entries)
            del memory[name]
        memory[store.path.name] = (fresh, tree)
    if stored:
        order = _keys(groups, config)
    return Articles(order, fresh, tuple(changes.done), len(groups) - len(todo), store,
                    {} if store.ok else leftover_bodies, before, len(removed), stored)


def _few_moved(groups: tuple[Group, ...], config: Config, store: ArticleDB, moved: set[str]) -> tuple[Group, ...]:
    """The articles to look at when the groups are the last build's, the store as it left it (an entry for
    each group, none for another) and few files moved since: those with a moved file, or with photos (their
    files are not in the walk). The others are valid as stored, and read only if asked for (:class:`Articles`):
    at 100,000 articles reading every entry and looking at every article took 0.3 s of a one-article edit."""
    prefix, photos = len(str(config.root)) + 1, store.with_photos()
    return tuple(group for group in groups if group.original in moved or group.original[prefix:] in photos
                 or (group.translations and any(path in moved for _, path in group.translations)))


def _keys(groups: tuple[Group, ...], config: Config) -> list[str]:
    """The articles' keys in the store, in order: their originals' paths in the project."""
    prefix = len(str(config.root)) + 1
    return [group.original[prefix:] for group in groups]


def _entries(store: ArticleDB, keys: list[str] | None = None) -> dict[str, Entry]:
    """The stored entries (of ``keys`` only), their results not read."""
    return {key: Entry(stats, digest, None) for key, (stats, digest) in store.index(keys).items()}


Todo = tuple[str, Group, str | None, str]  # key, files, digest (if known), stat signature


def _sort(groups: tuple[Group, ...], config: Config, cached: dict[str, Entry], tree: dict[str, Stat] | None,
          moved: set[str] | None = None) -> tuple[list[str], dict[str, Entry], list[Todo], dict[str, str]]:
    """Every article's key in folder order; the cached entries still valid; the articles to
    process; and the valid entries whose files were touched but not changed.

    ``moved``: the files of ``content/`` whose stat is not the one the cached entries were
    checked against (None: unknown): an entry none of whose files moved is valid as it is.
    """
    fresh: dict[str, Entry] = {}
    order: list[str] = []
    todo: list[Todo] = []
    touched: dict[str, str] = {}  # same bytes, new stat signature
    prefix = len(str(config.root)) + 1
    for group in groups:
        key = group.original[prefix:]
        order.append(key)
        entry = cached.get(key)
        photos = photos_of(entry.stats) if entry is not None else ()
        if moved is not None and entry is not None and not photos and _same(group, entry, moved):
            fresh[key] = entry
            continue
        stats = signature(group, photos, config, tree)
        if entry is not None and entry.stats == stats:
            fresh[key] = entry
            continue
        # A new article's digest is computed by the worker that reads it anyway.
        digest = digest_of(group, photos, config) if entry is not None else None
        if entry is not None and entry.digest == digest:
            fresh[key] = entry._replace(stats=stats)
            touched[key] = stats
            continue
        todo.append((key, group, digest, stats))
    return order, fresh, todo, touched


def _same(group: Group, entry: Entry, moved: set[str]) -> bool:
    """True when an article has the files its entry was signed for (as many: a translation removed
    leaves the others), none of them among the ``moved`` ones (a photo is not in the walk: never asked).
    Its paths come from discovery, so each is in the walk. (Asked of every article of a rebuild: its
    paths are not gathered into a tuple first.)"""
    translations = group.translations
    return (entry.stats.count("\n") == len(translations) and group.original not in moved
            and (not translations or moved.isdisjoint([path for _, path in translations])))


class _Reprocessed:
    """The changes a build's reprocessing made, and the rows not yet written to the store."""

    def __init__(self) -> None:
        self.done: list[Change] = []
        self._rows: dict[str, Row] = {}
        self._bodies: dict[str, bytes] = {}

    def add(self, change: Change, key: str, row: Row, bodies: dict[str, bytes], store: ArticleDB) -> None:
        """Record one reprocessed article; write rows and bodies in batches, so a clean build never holds them all."""
        self.done.append(change)
        self._rows[key] = row
        self._bodies.update(bodies)
        if len(self._rows) >= BATCH and store.ok and store.put(self._rows, self._bodies):
            self._rows.clear()
            self._bodies.clear()

    def pop(self) -> tuple[dict[str, Row], dict[str, bytes]]:
        """The rows and bodies still to write."""
        return self._rows, self._bodies


def _reprocess(todo: list[Todo], cached: dict[str, Entry], fresh: dict[str, Entry], store: ArticleDB,
               config: Config, done: Iterator[Done]) -> _Reprocessed:
    """Enter the articles in ``todo``, processed (``done``, in order), in ``fresh``."""
    before = _previous(cached, store, [key for key, *_ in todo])
    prefix = len(str(config.root)) + 1
    made = _Reprocessed()
    sharing = store.sharing
    for (key, group, _, listed), (digest, signed, blob, bodies) in zip(todo, done, strict=True):
        stats = signed or listed
        result = sharing.loads(blob)  # made by this code in a worker of this build
        assert isinstance(result, Processed)
        fresh[key] = Entry(stats, digest, result)
        change = Change(tuple(path[prefix:] for path in group.paths), before.get(key), result)
        made.add(change, key, (stats, digest, blob), bodies, store)
    return made


def _previous(cached: dict[str, Entry], store: ArticleDB, keys: list[str]) -> dict[str, Processed]:
    """The cached results of a few changed articles (none when many changed: they will not be compared)."""
    known = [key for key in keys if key in cached]
    if not known or len(keys) > COMPARE_MAX:
        return {}
    missing = [key for key in known if cached[key].result is None]
    found = store.results(missing) if missing else {}
    previous: dict[str, Processed] = {}
    for key in known:
        result = cached[key].result or found.get(key)
        if isinstance(result, Processed):
            previous[key] = result
    return previous

