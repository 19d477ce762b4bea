"""The search index, shard by shard: which shards a build indexes again, and indexing them.

Each article page belongs to one shard (``search.shard``). A shard's key is the
fingerprint of its pages' paths and page keys (and of what every page depends on), so
it changes exactly when a page of it shows something new, is added or is removed; a
shard whose key is the one the last build recorded, and whose files are as it left
them, keeps its files. The others are indexed again — in forked workers when there are
several (a clean build; an edit's shard in each language), each Pagefind process holding
one shard, never the site, and reading its pages where they are written.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest import search
from digest.build import pool, tool
from digest.build.fingerprint import fingerprint
from digest.build.memo import CACHE
from digest.errors import Diagnostic
from digest.render import output_path
from digest.views import Page

PARALLEL_MIN = 2  # shards: from two on (an edit: its shard in each language), Pagefind processes run side by side


RECENT_MAX = 64  # pages a language's recent shard holds at most; past that, their shards are indexed again
STALE_SHARE = 4  # a shard with more than 1/4 of its entries outdated is indexed again

Todo = tuple[str, tuple[str, ...], tuple[str, ...]]  # a shard to index: its key, its pages, their page keys


@dataclass(frozen=True)
class Shard:
    """One shard of the search index as a build left it: its key, its pages (and their page keys when
    it was indexed), its files, and the Pagefind id of each page's entry once they were looked up."""

    key: str
    pages: tuple[str, ...]  # output paths of its pages
    files: tuple[str, ...]  # its index files, relative to the site root
    keys: tuple[str, ...] = ()  # the page key of each page, as indexed
    ids: tuple[str, ...] = ()  # the id of each page's entry (its fragment's name), () until needed
    members: tuple[str, ...] | None = None  # its pages now, when they are not those indexed (see decide)


@dataclass(frozen=True)
class Indexing:
    """What a build does to the search index: the shards it keeps, those it indexes again, and the entries
    of kept shards that the search page drops (by language), because a recent shard holds them anew."""

    keep: dict[str, Shard]
    redo: dict[str, Todo]
    drop: dict[str, tuple[str, ...]] = field(default_factory=dict)
    again: dict[str, Todo] = field(default_factory=dict)  # a kept shard as it is now, if its files went missing

    def todo(self, name: str) -> Todo:
        """Kept shard ``name`` to index again (its files went missing): its pages as they are now."""
        shard = self.keep[name]
        return self.again.get(name) or (shard.key, shard.pages, shard.keys)

    def names(self) -> list[str]:
        """Every shard of the site after this build."""
        return sorted({*self.keep, *self.redo})


def members(pages: Iterable[Page]) -> dict[str, tuple[str, ...]]:
    """The pages of each shard (output paths), for every page given: a window's, split when it is too full."""
    windows: dict[str, list[tuple[int, str]]] = {}
    for page in pages:
        if (name := search.shard(page)) is not None:
            windows.setdefault(name, []).append((search.day(page), output_path(page)))
    found = {shard: paths for name, dated in windows.items() for shard, paths in search.split(name, dated).items()}
    return {name: tuple(sorted(paths)) for name, paths in sorted(found.items())}


@dataclass
class _Outdated:
    """A changed shard that may keep its files: its entries that are out of date, and its pages a recent shard
    must hold (new to it, or changed since it was indexed)."""

    shard: Shard
    stale: list[int]
    fresh: list[str]
    todo: Todo  # the shard as it is now, to index should it not keep its files


def decide(shards: Mapping[str, tuple[str, ...]], keys: Mapping[str, str], site_wide: str,
           last: Mapping[str, Shard], damaged: frozenset[str],
           ids: Callable[[Shard], tuple[str, ...] | None] = lambda shard: None) -> Indexing:
    """Which shards keep their files and which are indexed again.

    A shard whose pages changed keeps its files while few of them did: its changed and new
    pages go to its language's recent shard, indexed again on every edit (a few pages, not a
    shard's hundreds), and the search page drops the kept shard's entries for them and for
    its removed pages. ``ids`` looks up a kept shard's entry ids (None: they cannot be
    known, and the shard is indexed again). When a recent shard would pass
    :data:`RECENT_MAX` pages, the shards it shadows are indexed again and it empties.
    """
    keep: dict[str, Shard] = {}
    redo: dict[str, Todo] = {}
    outdated: dict[str, dict[str, _Outdated]] = {}
    for name, pages in shards.items():
        todo = _todo(pages, keys, site_wide)
        old = last.get(name)
        intact = old is not None and not damaged.intersection(old.files)
        if old is not None and intact and old.key == todo[0]:
            keep[name] = old
        elif old is not None and intact and (seen := _outdated(old, todo, keys)) is not None:
            outdated.setdefault(search.language(name), {})[name] = seen
        else:
            redo[name] = todo
    drop: dict[str, tuple[str, ...]] = {}
    again: dict[str, Todo] = {}
    for lang, changed in sorted(outdated.items()):
        known = {name: found for name, seen in changed.items()
                 if (found := seen.shard.ids or ids(seen.shard)) is not None and len(found) == len(seen.shard.pages)}
        fresh = sorted(path for seen in changed.values() for path in seen.fresh)
        if len(fresh) > RECENT_MAX or len(known) < len(changed):
            redo.update({name: seen.todo for name, seen in changed.items()})
            continue
        keep.update({name: replace(seen.shard, ids=known[name], members=shards[name]) for name, seen in changed.items()})
        again.update({name: seen.todo for name, seen in changed.items()})
        drop[lang] = tuple(sorted({known[name][i] for name, seen in changed.items() for i in seen.stale}))
        if fresh:
            _recent(search.recent(lang), tuple(fresh), keys, site_wide, last, damaged, keep, redo)
    return Indexing(keep, redo, drop, again)


def listed(last: Mapping[str, Shard]) -> dict[str, tuple[str, ...]]:
    """The pages of each shard (not the recent ones) as the last build left them: an edit that moves no
    page between shards has these."""
    return {name: shard.pages if shard.members is None else shard.members for name, shard in last.items()
            if not search.is_recent(name)}


def _todo(pages: tuple[str, ...], keys: Mapping[str, str], site_wide: str, *salt: str) -> Todo:
    """A shard to index: its key (what its pages show), its pages and their keys."""
    return fingerprint(site_wide, *salt, *((path, keys[path]) for path in pages)), pages, tuple(keys[p] for p in pages)


def _outdated(old: Shard, todo: Todo, keys: Mapping[str, str]) -> _Outdated | None:
    """What of a changed shard (``todo``: as it is now) is out of date, or None when it must be indexed
    again: indexed before page keys were kept, or more than 1/:data:`STALE_SHARE` of its entries out of date."""
    if len(old.keys) != len(old.pages):
        return None
    pages, now = todo[1], set(todo[1])
    indexed = dict(zip(old.pages, old.keys, strict=True))
    stale = [i for i, (path, key) in enumerate(indexed.items()) if path not in now or keys[path] != key]
    fresh = [path for path in pages if indexed.get(path) != keys[path]]
    return None if len(stale) * STALE_SHARE > len(old.pages) else _Outdated(old, stale, fresh, todo)


def _recent(name: str, pages: tuple[str, ...], keys: Mapping[str, str], site_wide: str, last: Mapping[str, Shard],
            damaged: frozenset[str], keep: dict[str, Shard], redo: dict[str, Todo]) -> None:
    """A language's recent shard: kept while it holds the same pages as they were, else indexed again."""
    todo = _todo(pages, keys, site_wide, search.RECENT)
    old = last.get(name)
    if old is not None and old.key == todo[0] and not damaged.intersection(old.files):
        keep[name] = old
    else:
        redo[name] = todo


def index(redo: Mapping[str, Todo], pages: Pages, into: Path,
          binary: Path, parallel: bool) -> tuple[dict[str, Shard], list[Diagnostic]]:
    """Index every shard of ``redo`` into ``into/pagefind/<shard>/``: the shards made, and any problems."""
    names = sorted(redo)

    def run(span: pool.Span) -> list[tuple[Shard | None, tuple[Diagnostic, ...]]]:
        return [_one(redo[name], search.folder(name), pages, into, binary) for name in names[span[0]:span[1]]]

    done = [one for part in pool.spread(run, len(names), parallel, PARALLEL_MIN) for one in part]
    made = {name: shard for name, (shard, _) in zip(names, done, strict=True) if shard is not None}
    return made, [problem for _, found in done for problem in found]


@dataclass(frozen=True)
class Pages:
    """Where the pages to index are: written under ``site`` (staging, or the published site), but for those
    ``rendered`` by an in-place update, whose bytes are not written yet. ``root`` is the project's."""

    site: Path
    root: Path
    rendered: Mapping[str, bytes] = field(default_factory=dict)


def _one(todo: Todo, where: str, pages: Pages, into: Path,
         binary: Path) -> tuple[Shard | None, tuple[Diagnostic, ...]]:
    """Index one shard's pages into ``into/where``: read where they are, or laid out with the rendered ones."""
    key, paths, keys = todo
    scratch = folder(pages.root, str(os.getpid()))
    if any(path in pages.rendered for path in paths):
        problems = search.index_pages(((path, pages.rendered.get(path) or pages.site / path) for path in paths),
                                      into / where, scratch, binary, tool.run_tied)
    else:
        problems = search.index_files(pages.site, paths, into / where, scratch, binary, tool.run_tied)
    if problems:
        return None, problems
    return Shard(key, paths, tuple(sorted(search.files(into, where))), keys), ()


def folder(root: Path, name: str) -> Path:
    """A scratch folder of the build's own, ``name`` in the cache's ``search/`` (on the site's file system, so pages
    are hard-linked, not copied); in the system's temporary folder when the cache cannot hold one (it is a file)."""
    place = root / CACHE / "search"
    try:
        place.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir()) / f"digest-search-{os.getpid()}-{name}"
    return place / name


def files(shards: Iterable[Shard]) -> list[str]:
    """Every index file of these shards."""
    return [name for shard in shards for name in shard.files]
