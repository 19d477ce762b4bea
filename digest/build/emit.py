"""Render → write for an update, spread over the build process and forked workers.

:func:`swap` fills a staging folder and swaps it in: workers render the pages marked
fresh and write them straight into staging (rendered bytes never travel between
processes; the site is never all in memory), unchanged pages are hard-linked from the
published site, Pagefind indexes the shards of the search index whose pages changed (the
others' files are linked too). :func:`in_place` renders a few pages, indexes their
shards again, and applies the files whose bytes changed as one journaled transaction. Workers are
forked after planning and read the pages they inherit; an article page's body is read
from the store by the process that renders it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from digest import search, urls, write
from digest.build import media, pool, shards
from digest.build.changes import Update
from digest.build.memo import Articles
from digest.build.shards import Indexing, Shard
from digest.build.state import Stats, named_folder
from digest.build.templates import TemplateCache
from digest.config import Config
from digest.errors import Diagnostic, error
from digest.files import Stat
from digest.model import Output
from digest.render import Renderer, output_path
from digest.views import ArticleView, MediaView, Page

PARALLEL_MIN = 200  # pages; below this a pool costs more than it saves


_KEPT = "renderer"  # where digest serve's memory keeps the renderer between builds


def renderers(config: Config, site_wide: str, memory: dict[str, object] | None) -> Callable[[], Renderer]:
    """What gives a build its renderer, made when first asked for.

    Compiled templates are kept between builds (:class:`TemplateCache`). A long-running
    caller (``digest serve``, ``memory``) keeps the last build's renderer,
    its templates compiled (0.24 s of a 0.39 s save), for the next build with the same
    site-wide key — the code, every template and catalog file's bytes, the settings —
    and equal settings; any other build makes a new one. Its teaser memo checks each
    teaser by equality, so a kept one never shows an old title.
    """
    def compiled(lang: str) -> TemplateCache:
        return TemplateCache(config.root, site_wide, lang)

    def made() -> Renderer:
        if memory is None:
            return Renderer(config, compiled)
        kept = memory.get(_KEPT)
        if isinstance(kept, tuple) and kept[0] == (site_wide, config) and isinstance(kept[1], Renderer):
            return kept[1]
        renderer = Renderer(config, compiled)
        memory[_KEPT] = ((site_wide, config), renderer)
        return renderer

    return made


class _Job:
    """What the rendering processes share (forked workers inherit it); each makes its renderer once.

    ``ours`` are the files of the published site that digest wrote (the manifest, or the last build's record).
    """

    def __init__(self, pages: Sequence[Page], config: Config, articles: Articles, ours: Container[str],
                 renderer: Callable[[], Renderer]) -> None:
        self.pages, self.config, self._articles, self.ours, self._make = pages, config, articles, ours, renderer
        self._renderer: tuple[int, Renderer] | None = None

    def render(self, index: int) -> Output | Diagnostic:
        """Render one page (an article page with its story's body, read here from the store)."""
        if self._renderer is None or self._renderer[0] != os.getpid():
            self._renderer = (os.getpid(), self._make())  # templates compiled once per process
        page = self.pages[index]
        if isinstance(page.view, MediaView):  # a photo: published as made, from the media cache
            return Output(output_path(page), media.rendition_bytes(self.config.root, page.view.cache))
        body = self._articles.body(page.view.story) if isinstance(page.view, ArticleView) else None
        return self._renderer[1].try_render(page, body)


@dataclass(frozen=True)
class Wrote:
    """What writing an update did: how many files got new bytes, every file of the site digest
    wrote with its stat (for the next build to check), or the problems that stopped it."""

    changed: int
    tree: Stats
    problems: tuple[Diagnostic, ...] = ()
    warnings: tuple[str, ...] = ()
    indexed: dict[str, Shard] = field(default_factory=dict)  # the search index's shards


def _stopped(problems: Iterable[Diagnostic]) -> Wrote:
    return Wrote(0, Stats(), _unique(problems))


def swap(update: Update, config: Config, parallel: bool, pagefind: Path | None, lap: Callable[[str], None],
         renderer: Callable[[], Renderer]) -> Wrote:
    """Build the complete new site in staging (unchanged pages linked), index it, swap it in.

    Nothing is published when a page fails to render, a file digest did not write is in
    the way, or indexing fails: their diagnostics are returned and staging is removed.
    """
    site = config.output_dir
    staging = write.open_staging(site)
    try:
        job = _Job(update.pages, config, update.articles, write.generated(site), renderer)
        fresh = update.fresh

        def fill(span: pool.Span) -> tuple[int, list[Diagnostic]]:
            return _staged(job, fresh, span, staging, site)

        spans = [*pool.spread(fill, len(fresh), parallel and sum(fresh) >= PARALLEL_MIN, PARALLEL_MIN),
                 _files(job, update.files, staging, site)]
        problems = [p for _, found in spans for p in found]
        lap("render")
        indexed: dict[str, Shard] = {}
        if not problems and update.search is not None and pagefind is not None:
            indexed, problems = _index_staged(update.search, staging, site, config, pagefind, parallel)
        lap("search")
        if problems:
            write.discard(site)
            return _stopped(problems)
        names = {*update.keys, *(output.path for output in update.files), *_index_names(update.search, indexed)}
        warnings = write.publish(staging, site, names)
    except BaseException:
        write.discard(site)
        raise
    return Wrote(sum(n for n, _ in spans), Stats(_recorded(site, names)), warnings=tuple(warnings), indexed=indexed)


def _index_staged(todo: Indexing, staging: Path, site: Path, config: Config, pagefind: Path,
                  parallel: bool) -> tuple[dict[str, Shard], list[Diagnostic]]:
    """The search index in staging: the kept shards' files linked from the site, the others indexed
    from the staged pages, the manifest written; every shard, or the problems."""
    stager = write.Stager(staging, site)
    redo = dict(todo.redo)
    for name, shard in todo.keep.items():
        if not all(stager.link(path) for path in shard.files):
            redo[name] = todo.todo(name)  # a file went missing: index it again
    indexed, problems = shards.index(redo, shards.Pages(staging, config.root), staging, pagefind, parallel)
    stager.put(search.manifest(todo.names(), todo.drop))
    return {**{n: s for n, s in todo.keep.items() if n not in redo}, **indexed}, problems


def _index_names(todo: Indexing | None, indexed: dict[str, Shard]) -> list[str]:
    """The files of the search index after this build (none without search)."""
    return [] if todo is None else [search.MANIFEST, *shards.files(indexed.values())]


def _staged(job: _Job, fresh: Sequence[bool], span: pool.Span, staging: Path, site: Path) -> tuple[int, list[Diagnostic]]:
    """Render (or link, when unchanged) pages[start:stop] into staging: how many changed, and the problems."""
    stager = write.Stager(staging, site)
    changed = 0
    problems: list[Diagnostic] = []
    for index in range(*span):
        page = job.pages[index]
        path = output_path(page)
        if not fresh[index] and stager.link(path):
            continue
        result = job.render(index)
        if not isinstance(result, Output):
            problems.append(result)
        elif stager.previous and write.clash(site, path, result.data, job.ours):
            problems.append(_clash(job.config, path, f"the page /{page.url}" + _of(page)))
        else:
            changed += stager.put(result)
    return changed, problems


def _files(job: _Job, files: Sequence[Output], staging: Path, site: Path) -> tuple[int, list[Diagnostic]]:
    """Write the literal files (the theme's assets, .nojekyll, CNAME) into staging, unless one is in the way."""
    stager = write.Stager(staging, site)
    changed = 0
    problems: list[Diagnostic] = []
    for output in files:
        if stager.previous and write.clash(site, output.path, output.data, job.ours):
            problems.append(_clash(job.config, output.path, f"the file {output.path}"))
        else:
            changed += stager.put(output)
    return changed, problems


def in_place(update: Update, config: Config, parallel: bool, whole: bool, renderer: Callable[[], Renderer],
             pagefind: Path | None = None) -> Wrote:
    """Render the fresh pages and apply those with new bytes to site/ as one journaled transaction.

    ``whole``: the update lists every page of the site, so generated files it no longer
    lists are removed and the manifest is brought up to date. Nothing is written when a
    page fails to render or a file digest did not write is in the way.
    """
    site = config.output_dir
    # Only the edited articles' own pages and no search index: the files the last build wrote, none removed.
    # Its record of them says which are ours; the manifest (25,000 lines at 10,000 articles) is not read.
    same = not whole and update.search is None and not (site / write.LEGACY).exists()
    listed = None if same else write.generated(site)
    ours: Container[str] = update.tree if listed is None else listed
    job = _Job([page for page, fresh in zip(update.pages, update.fresh, strict=True) if fresh], config, update.articles,
               ours, renderer)
    results = [r for chunk in pool.spread(lambda span: [job.render(i) for i in range(*span)], len(job.pages),
                                          parallel, PARALLEL_MIN) for r in chunk]
    problems = [r for r in results if not isinstance(r, Output)]
    outputs = [*(r for r in results if isinstance(r, Output)), *update.files]
    indexed, index_files, problems = _index_in_place(update.search, outputs, config, pagefind, parallel, problems)
    outputs += index_files
    problems += [_clash(config, o.path, f"the file {o.path}") for o in outputs if write.clash(site, o.path, o.data, ours)]
    writes = [o for o in outputs if not write.same_bytes(site / o.path, o.data)]
    names, removals = (None, []) if listed is None else _after(update, listed, whole, indexed, site)
    if (folder := write.unwritable(site, [*(o.path for o in writes), *removals])) is not None:
        problems.append(_locked(config, folder))
    if problems:
        return _stopped(problems)
    if listed is not None and names is not None and names != listed:
        write.record(site, listed | names)  # until the transaction is done, old and new files are ours
    write.apply(site, writes, removals)
    if names is not None and (names != listed or removals):
        write.record(site, names)
    tree = update.tree.patched(removals, _recorded(site, (output.path for output in writes), removals))
    return Wrote(len(writes), tree, indexed=indexed)


def _after(update: Update, ours: set[str], whole: bool, indexed: dict[str, Shard], site: Path) -> tuple[set[str], list[str]]:
    """The files digest generated in site/ after an update (as the manifest will list them), and those to remove."""
    names = ({*update.keys, *(output.path for output in update.files)} if whole else _without_index(ours, update.search)) \
        | set(_index_names(update.search, indexed))
    return names, sorted(ours - names) + ([write.LEGACY] if (site / write.LEGACY).exists() else [])


def _index_in_place(todo: Indexing | None, outputs: list[Output], config: Config, pagefind: Path | None, parallel: bool,
                    problems: list[Diagnostic]) -> tuple[dict[str, Shard], list[Output], list[Diagnostic]]:
    """The shards to index again, indexed from the rendered pages (and the published ones): every shard after
    this build, the index files to write (and the manifest), and the problems so far."""
    if todo is None or pagefind is None or problems:
        return {}, [], problems
    site, rendered = config.output_dir, {o.path: o.data for o in outputs}
    out = shards.folder(config.root, f"out-{os.getpid()}")
    shutil.rmtree(out, ignore_errors=True)
    try:
        indexed, found = shards.index(todo.redo, shards.Pages(site, config.root, rendered), out, pagefind, parallel)
        written = [Output(name, (out / name).read_bytes()) for name in shards.files(indexed.values())]
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return {**todo.keep, **indexed}, [*written, search.manifest(todo.names(), todo.drop)], found


def _without_index(ours: set[str], todo: Indexing | None) -> set[str]:
    """The files of the site but those of the search index (all of it is listed again after an update)."""
    return ours if todo is None else {name for name in ours if not name.startswith(search.FOLDER + "/")}


_NAMED: Stat = (0, 0, 0)  # one shared value for the files named by their content: mode 0 has the check look at their folder


def _recorded(site: Path, names: Iterable[str], removed: Iterable[str] = ()) -> dict[str, Stat]:
    """What the next build checks of the files just written (and ``removed``): the stat of each
    page; for a file named by its content, the stat of its folder (see ``state.named_folder``).

    A site with 10,000 photos has 60,000 renditions: one shared value for them all keeps
    the build state small to read and write, and spares a system call per file.
    """
    pages: list[str] = []
    named: list[str] = []
    for name in names:
        (named if named_folder(name) is not None else pages).append(name)
    # Their folders themselves, as this build leaves them: the next build compares them.
    folders = {urls.MEDIA, *(folder for name in (*named, *removed) if (folder := named_folder(name)) is not None)}
    return {**write.stats(site, pages), **dict.fromkeys(named, _NAMED), **write.stats(site, sorted(folders))}


def _clash(config: Config, path: str, what: str) -> Diagnostic:
    """The error for a file digest did not write, found where it would write ``what``."""
    site = config.output_dir
    shown = (site / path).relative_to(config.root).as_posix()
    return error(shown, 0, f"this file was not written by digest, and the build would put {what} here: move it out "
                           f"of {site.name}/ (or delete it, if it is left from an old build), then build again")


def _locked(config: Config, folder: Path) -> Diagnostic:
    """The error for a folder of the site digest may not change (it belongs to another user, say)."""
    try:
        shown = folder.relative_to(config.root).as_posix() or "."
    except ValueError:
        shown = str(folder)
    return error(shown, 0, f"digest may not change this folder (it belongs to another user, or is read-only): "
                           f"fix its owner or permissions, or delete {config.output_dir.name}/ and build again")


def _of(page: Page) -> str:
    """ " of content/x.md" for an article page; nothing for a page no one file makes."""
    return f" of {page.view.story.source_path}" if isinstance(page.view, ArticleView) else ""


def _unique(problems: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Template errors once each, however many pages hit them."""
    seen: dict[str, Diagnostic] = {}
    for problem in problems:
        seen.setdefault(problem.message.split(" (rendering")[0] + str(problem.location), problem)
    return tuple(seen.values())
