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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from digest import search
from digest.build import pool
from digest.build.fingerprint import fingerprint
from digest.build.memo import CACHE
from digest.errors import Diagnostic
from digest.render import output_path
from digest.views import Page

PARALLEL_MIN = 2  # shards: from two on (an edit: its shard in each language), Pagefind processes run side by side


@dataclass(frozen=True)
class Shard:
    """One shard of the search index as a build left it: its key, its pages, its files."""

    key: str
    pages: tuple[str, ...]  # output paths of its pages
    files: tuple[str, ...]  # its index files, relative to the site root


@dataclass(frozen=True)
class Indexing:
    """What a build does to the search index: the shards it keeps, and those it indexes again (key, pages)."""

    keep: dict[str, Shard]
    redo: dict[str, tuple[str, tuple[str, ...]]]

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


def decide(shards: Mapping[str, tuple[str, ...]], keys: Mapping[str, str], site_wide: str,
           last: Mapping[str, Shard], damaged: frozenset[str]) -> Indexing:
    """Which shards keep their files and which are indexed again."""
    keep: dict[str, Shard] = {}
    redo: dict[str, tuple[str, tuple[str, ...]]] = {}
    for name, pages in shards.items():
        key = fingerprint(site_wide, *((path, keys[path]) for path in pages))
        old = last.get(name)
        if old is not None and old.key == key and not damaged.intersection(old.files):
            keep[name] = old
        else:
            redo[name] = (key, pages)
    return Indexing(keep, redo)


def index(redo: Mapping[str, tuple[str, tuple[str, ...]]], pages: Pages, into: Path,
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


def _one(todo: tuple[str, tuple[str, ...]], where: str, pages: Pages, into: Path,
         binary: Path) -> tuple[Shard | None, tuple[Diagnostic, ...]]:
    """Index one shard's pages into ``into/where``: read where they are, or laid out with the rendered ones."""
    key, paths = todo
    scratch = folder(pages.root, str(os.getpid()))
    if any(path in pages.rendered for path in paths):
        problems = search.index_pages(((path, pages.rendered.get(path) or pages.site / path) for path in paths),
                                      into / where, scratch, binary, pool.run_tied)
    else:
        problems = search.index_files(pages.site, paths, into / where, scratch, binary, pool.run_tied)
    if problems:
        return None, problems
    return Shard(key, paths, tuple(sorted(search.files(into, where)))), ()


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
