"""The per-article stages, memoized: load → extract → localize for each article whose files changed.

Each article (an original and its translations) is processed by a pure function of its
files and the settings (:func:`process`), so its result is cached by content, keyed by
the fingerprint of its files, with their stat signature as a shortcut that avoids
reading unchanged files. Articles that changed are processed in a pool of forked
workers when there are many; the rest stay in the store until asked for. Bodies go to
the store apart from the stories, so lists never load them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from digest.build import media, pool
from digest.build.fingerprint import KeptReads, affects, code_version, file_digest, fingerprint, stat_signature
from digest.build.sealed import CACHE as CACHE  # where shards and the pipeline have always found it
from digest.build.sealed import CacheDamaged, loads
from digest.build.store import ArticleDB, Row, dumps
from digest.config import Config
from digest.errors import Diagnostic
from digest.extract import facts_of
from digest.files import Stat, read
from digest.load import Group, Reader, load_group
from digest.localize import BodyRenderer, localize
from digest.model import Article, Body, Facts, Story

PARALLEL_MIN = 64  # below this many misses a pool costs more than it saves
BATCH = 500  # articles whose results and bodies are written to the store per transaction during a clean build
COMPARE_MAX = 64  # changed articles: up to this many, their previous results are read to see what lists they touch


@dataclass(frozen=True, slots=True)
class Processed:
    """One article's result as cached: its stories in every language (without bodies), and what it found.

    ``listings`` holds each story's fingerprint: what lists, feeds and sitemaps show of it.
    """

    draft: bool
    stories: tuple[Story, ...]
    listings: tuple[str, ...]
    diagnostics: tuple[Diagnostic, ...]
    photos: tuple[str, ...] = ()  # project-relative paths of the photo files it names: its result depends on them


@dataclass(frozen=True, slots=True)
class Entry:
    """One article's cached result with the fingerprints that make it valid (result None: not read yet)."""

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


def body_key(digest: str, lang: str) -> str:
    """Where the body of an article's story in ``lang`` is stored."""
    return f"{digest}:{lang}"


class Articles:
    """This build's per-article results: the reprocessed ones, and the cached ones loaded only when asked."""

    def __init__(self, order: list[str], entries: dict[str, Entry], changes: tuple[Change, ...], hits: int,
                 store: ArticleDB, kept: dict[str, bytes], before: str, removed: int) -> None:
        self._order, self._entries, self.changes, self.hits, self.removed = order, entries, changes, hits, removed
        self._store, self._kept = store, kept  # kept: body blobs the store could not take
        self.before = before  # generation of the cache this build started from
        self.generation = generation(entries)  # ... and of the cache it leaves

    def results(self) -> tuple[Processed, ...]:
        """Every article's result in folder order; raises CacheDamaged if a stored one is unreadable."""
        missing = [key for key in self._order if self._entries[key].result is None]
        if missing:
            loaded = self._store.results(None if len(missing) > len(self._order) // 2 else missing)
            for key in missing:
                found = loaded.get(key)
                if not isinstance(found, Processed):
                    raise CacheDamaged(key)
                self._entries[key] = replace(self._entries[key], result=found)
        return tuple(entry.result for key in self._order if (entry := self._entries[key]).result is not None)

    def body_key(self, story: Story) -> str:
        """The key of ``story``'s body: its article's files and its language."""
        return body_key(self._entries[story.source_path].digest, story.lang)

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


def generation(entries: dict[str, Entry]) -> str:
    """A fingerprint of which article contents the cache holds (a build records the one it saw)."""
    return fingerprint("".join(f"{key}\0{entries[key].digest}\0" for key in sorted(entries)))


@dataclass(frozen=True, slots=True)
class Examined:
    """One article loaded and its facts extracted, its photos read: what ``digest check`` needs, and localize."""

    article: Article | None  # None: it could not be loaded (the diagnostics say why)
    facts: Facts | None
    photos: media.Photos | None
    diagnostics: tuple[Diagnostic, ...]  # every problem found in its files, its facts and its photos


def examine(group: Group, config: Config, reader: Reader = read) -> Examined:
    """Load one article, extract its facts and read its photos: the per-article stages before localize."""
    article, problems = load_group(group, config, reader)
    if article is None:
        return Examined(None, None, None, problems)
    facts = facts_of(article)
    found = media.photos(article, config)
    return Examined(article, facts, found, (*problems, *facts.diagnostics, *found.diagnostics))


def process(group: Group, config: Config, render: BodyRenderer,
            reader: Reader = read) -> tuple[Processed, tuple[Body, ...]]:
    """Load, extract and localize one article: its cached result and its stories' bodies."""
    seen = examine(group, config, reader)
    if seen.article is None or seen.facts is None or seen.photos is None:
        return Processed(False, (), (), seen.diagnostics), ()
    found = seen.photos
    told = localize(seen.article, seen.facts, config, render, found.pictures)
    listings = tuple(fingerprint(story) for story in told.stories)
    return Processed(seen.article.draft, told.stories, listings, seen.diagnostics, found.files), told.bodies


_PHOTOS = "\x01photos\0"  # starts a stat signature that covers photo files too (no file name starts with \x01)


def signature(group: Group, photos: tuple[str, ...], config: Config, tree: dict[str, Stat] | None = None) -> str:
    """The stat signature of an article's files and of the photos it names (their paths written first)."""
    # Joined as text, as the walk of content/ names them: a Path per photo costs 0.1 s at 10,000.
    root = str(config.root) + os.sep
    paths = (*group.paths, *(root + photo.replace("/", os.sep) for photo in photos))
    found = stat_signature(paths, tree)
    return _PHOTOS + "\0".join(photos) + "\n" + found if photos else found


def photos_of(stats: str) -> tuple[str, ...]:
    """The photos a stat signature covers (see :func:`signature`)."""
    if not stats.startswith(_PHOTOS):
        return ()
    return tuple(stats[len(_PHOTOS) : stats.find("\n")].split("\0"))


def digest_of(group: Group, photos: tuple[str, ...], config: Config, known: dict[str, bytes | None] | None = None) -> str:
    """The fingerprint of an article's files (``known``: those already read) and of the photos it
    names (read with the photos' own size limit)."""
    found = file_digest(group.paths, config.root, config.max_file_size, known)
    if not photos:
        return found
    return fingerprint(found, file_digest((str(config.root / p) for p in photos), config.root, media.SOURCE_MAX))


def _cacheable(group: Group, digest: str | None, config: Config,
               render: BodyRenderer) -> tuple[str, str | None, bytes, dict[str, bytes]]:
    """One article as the store keeps it: its files' digest (computed here when not given),
    the pickled result, and each story's pickled body by its key.

    Done in the worker, so the build process neither reads the files nor pickles anything,
    and only unpickles the result once.
    """
    kept = KeptReads()
    result, bodies = process(group, config, render, kept)
    stats = None
    if result.photos:  # the photos it names now: its cache entry covers them (read after processing, as they are)
        digest, stats = digest_of(group, result.photos, config, kept.read), signature(group, result.photos, config)
    digest = digest or file_digest(group.paths, config.root, config.max_file_size, kept.read)
    stored = {body_key(digest, story.lang): dumps(body) for story, body in zip(result.stories, bodies, strict=True)}
    return digest, stats, dumps(result), stored


def _run(jobs: Sequence[tuple[Group, str | None]], config: Config,
         parallel: bool) -> Iterator[tuple[str, str | None, bytes, dict[str, bytes]]]:
    """Process articles in order, in a pool when it pays."""
    render = BodyRenderer(config.allow_embeds, config.markdown)
    return pool.ordered_map(lambda job: _cacheable(*job, config, render), jobs, parallel, PARALLEL_MIN)


Memory = dict[str, object]  # what a long-running caller (digest serve) keeps between builds


def process_all(groups: tuple[Group, ...], config: Config, parallel: bool = True,
                memory: Memory | None = None, tree: dict[str, Stat] | None = None,
                checked: tuple[Callable[[], dict[str, Stat]], str] | None = None) -> Articles:
    """Process the articles whose files changed since the cache saw them; the rest stay in the store.

    ``memory`` (kept by ``digest serve`` between rebuilds) holds the entries of the
    previous build and the stats they were checked against, so a rebuild skips reading
    them back from disk, and an article whose files have those stats still is not even
    signed again (10,000 signatures took 0.15 s of a save). ``tree`` holds the sizes and
    mtimes of the files under ``content/`` when the caller has already read them.
    ``checked``: the walk of ``content/`` the stored entries were checked against, and the
    generation they then had (a ``digest build`` recalls the last one's): while the store
    holds that generation, it stands for ``memory``'s stats.
    """
    store = ArticleDB(config.root / CACHE, fingerprint(code_version("articles"), *affects(config, "articles")))
    remembered = memory.get(store.path.name) if memory is not None else None
    cached: dict[str, Entry]
    seen: dict[str, Stat] | None = None
    if isinstance(remembered, tuple):
        cached, seen = remembered
    else:
        cached = {key: Entry(stats, digest, None) for key, (stats, digest) in store.index().items()}
    before = generation(cached)
    if seen is None and checked is not None and checked[1] == before:
        seen = checked[0]() or None  # the store is as the build that walked this left it
    order, fresh, todo, touched = _sort(groups, config, cached, tree, seen if tree is not None else None)
    changes = _reprocess(todo, cached, fresh, store, config, parallel)
    removed = cached.keys() - fresh.keys()
    stale = {cached[k].digest for k in (*removed, *(key for key, *_ in todo)) if k in cached}
    leftover_rows, leftover_bodies = changes.pop()
    if todo or touched or removed:
        store.update(leftover_rows, touched, removed, leftover_bodies, stale - {entry.digest for entry in fresh.values()})
    if memory is not None:
        for name in [name for name in memory if name.startswith("articles-")]:  # (another store's entries)
            del memory[name]
        memory[store.path.name] = (fresh, tree)
    return Articles(order, fresh, tuple(changes.done), len(groups) - len(todo), store,
                    {} if store.ok else leftover_bodies, before, len(removed))


Todo = tuple[str, Group, str | None, str]  # key, files, digest (if known), stat signature


def _sort(groups: tuple[Group, ...], config: Config, cached: dict[str, Entry], tree: dict[str, Stat] | None,
          seen: dict[str, Stat] | None = None) -> tuple[list[str], dict[str, Entry], list[Todo], dict[str, str]]:
    """Every article's key in folder order; the cached entries still valid; the articles to
    process; and the valid entries whose files were touched but not changed.

    ``seen``: the stats of ``content/`` that the cached entries were checked against (by
    ``digest serve``'s last build): an entry whose files still have them is valid as it is.
    """
    fresh: dict[str, Entry] = {}
    order: list[str] = []
    todo: list[Todo] = []
    touched: dict[str, str] = {}  # same bytes, new stat signature
    prefix = len(str(config.root)) + 1
    # The files whose stat is not the one the entries were checked against: one pass over the walk, not one per article.
    moved = None if seen is None else {path for path, stat in (tree or {}).items() if seen.get(path) != stat}
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
            fresh[key] = replace(entry, stats=stats)
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
               config: Config, parallel: bool) -> _Reprocessed:
    """Process the articles in ``todo`` and enter them in ``fresh``."""
    before = _previous(cached, store, [key for key, *_ in todo])
    prefix = len(str(config.root)) + 1
    made = _Reprocessed()
    jobs = [(group, digest) for _, group, digest, _ in todo]
    sharing = store.sharing
    for (key, group, _, listed), (digest, signed, blob, bodies) in zip(todo, _run(jobs, config, parallel), strict=True):
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

