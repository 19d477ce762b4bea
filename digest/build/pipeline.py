"""The build, as a table of contents: load → extract → localize → plan → render → write.

One decision (``changes.decide``) says how much of that must run again, and one match
runs it. Diagnostics from every stage are merged and the build fails once, before
anything is published, if any is an error. The per-article stages are memoized in
``.digest-cache/`` and run in forked workers (``memo``); rendering and writing run in
forked workers straight into the staging folder (``emit``). A serial build gives the
same site.
"""

from __future__ import annotations

import gc
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, assert_never

from digest import write
from digest.build import changes, recall
from digest.build.changes import InPlace, NoOp, OwnPages, Swap
from digest.build.fingerprint import stat_tree
from digest.build.lock import build_lock
from digest.build.sealed import CACHE, CacheDamaged, Later
from digest.build.state import BuildState, Inputs, Stats
from digest.config import Config
from digest.errors import BuildFailed, Diagnostic, note, warning
from digest.files import Stat

if TYPE_CHECKING:
    from digest.build import emit
    from digest.build.memo import Articles, Memory, Processed
    from digest.load import Group
    from digest.model import Article, Facts
    from digest.plan import Plan

# The stages are imported where they run, not here: a no-op build runs none of them, and importing
# Jinja2, Markdown, YAML, Babel's dates and the extractors was half of what it cost (0.3 s of 0.6 s).
__all__ = ["BuildReport", "CheckReport", "Stat", "build", "check", "facts", "ner", "preview", "stat_tree"]


@dataclass(frozen=True)
class Written:
    """What a build wrote: files in the new site, and how many had new bytes."""

    files: int
    changed: int


@dataclass(frozen=True)
class BuildReport:
    """What a build made, what it noticed, and how long each stage took."""

    articles: int
    pages: int
    written: Written
    diagnostics: tuple[Diagnostic, ...]
    timings: tuple[tuple[str, float], ...]
    cached: int = 0  # articles whose load/extract/localize came from the cache


def build(config: Config, parallel: bool = True, memory: Memory | None = None,
          changed: frozenset[str] | None = None) -> BuildReport:
    """Build the whole site from ``config.content_dir`` into ``config.output_dir``.

    The project's build lock is held throughout, so a second build of the same
    project stops at once with a clear message instead of interleaving. ``memory``
    lets a long-running caller (``digest serve``) keep the article cache in memory;
    ``changed``, the paths its file watcher reported since its last build: only those are
    looked at again (None: every file is).
    """
    if not config.content_dir.is_dir():  # not a site (an empty folder, content/ itself): leave no lock or cache in it
        from digest.load import discover

        raise BuildFailed(discover(config)[1], config.output_dir.name)
    with build_lock(config.root), _no_cyclic_gc():
        try:
            return _build(config, parallel, memory, changed)
        except CacheDamaged:  # a stored result or body is unreadable: distrust it all, rebuild
            shutil.rmtree(config.root / CACHE, ignore_errors=True)
            if memory is not None:
                memory.clear()
            return _build(config, parallel, memory)


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector paused for the block.

    A build (or a check) makes millions of small acyclic objects (stories, articles, facts);
    the collector's full passes over them cost seconds and free nothing.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _build(config: Config, parallel: bool, memory: Memory | None, changed: frozenset[str] | None = None) -> BuildReport:
    """Decide what to redo, do it, and publish it only if every stage is free of errors."""
    clock = _Clock()
    leftovers = write.recover(config.output_dir)  # finish or undo what an interrupted build left
    pagefind = _pagefind() if config.search else None
    last = changes.last_state(config)
    now = changes.read_inputs(config, pagefind, last, parallel, _told(memory, changed, config))
    if memory is not None:
        memory[_WALKED] = (config.content_dir, now.tree)
    work = _Work(config, now, parallel, memory, clock, last)
    rebuild = changes.decide(last, now, work, config)  # NoOp | OwnPages | InPlace | Swap
    if isinstance(rebuild, NoOp):
        clock.lap("check")
        report = _report(rebuild.state, 0, clock, cached=rebuild.state.articles)
        return replace(report, diagnostics=(*report.diagnostics, *(warning("", 0, text) for text in leftovers)))
    clock.lap("plan")
    wrote = _write(rebuild, config, parallel, pagefind, clock, (now.site_wide, memory))
    rebuild.articles.close()
    if _failed(diagnostics := (*rebuild.diagnostics, *wrote.problems)):
        raise BuildFailed(diagnostics, config.output_dir.name)  # once, with every problem; site/ as it was
    clock.lap("write")
    state = rebuild.state(now, wrote.tree, wrote.indexed)
    if memory is None:  # what the next digest build recalls (digest serve keeps it in memory instead)
        found = last.found if work.recalled else Later(recall.kept(work.groups, work.found, config))
        state = replace(state, walked=recall.walk_kept(last.content, now.walked, now.tree, work.moved()), found=found)
    unsaved = changes.save_state(config, state)
    clock.lap("record")  # the state the next build reads: 0.7 s of an edit at 100,000 articles, so counted
    report = _report(state, wrote.changed, clock, cached=rebuild.articles.hits)
    said = [warning("", 0, text) for text in (*leftovers, *wrote.warnings, unsaved) if text]
    return replace(report, diagnostics=(*report.diagnostics, *said)) if said else report


_WALKED = "walked"  # where digest serve's memory keeps the last build's stats of content/


def _told(memory: Memory | None, changed: frozenset[str] | None,
          config: Config) -> tuple[dict[str, Stat], frozenset[str]] | None:
    """The last build's walk of ``content/`` and the paths changed since, when ``digest serve``'s watcher said."""
    walked = memory.get(_WALKED) if memory is not None else None
    if changed is None or not isinstance(walked, tuple) or walked[0] != config.content_dir:
        return None
    return walked[1], changed


def drifted(memory: Memory) -> bool:
    """True when ``content/`` is not as the last build in ``memory`` saw it (the file watcher missed a change)."""
    walked = memory.get(_WALKED)
    return not isinstance(walked, tuple) or stat_tree(walked[0]) != walked[1]


def warm() -> None:
    """Import what rebuilding an edited article runs, and read the tagger's weights: ``digest serve`` calls
    it once it is idle, so the first save does not wait for them (0.4 s at first use)."""
    from digest.build import emit, shards  # noqa: F401  (imported for their side effect: loaded)
    from digest.build.article import stages
    from digest.extract.tagger import model

    stages()
    model()


def _ready_to_render(config: Config) -> None:
    """Import what plans, renders and writes pages, and read CLDR's data for the site's languages (dates):
    an edit's build does it while its helper processes the edited articles (see ``article.ahead``)."""
    from babel import localedata

    from digest import urls
    from digest.build import emit, keys, shards  # noqa: F401  (imported for their side effect: loaded)
    from digest.plan import plan  # noqa: F401

    for language in config.languages:
        localedata.load(str(urls.locale(language.code)))  # kept by Babel for the pages' dates


def _pagefind() -> Path | None:
    """The Pagefind binary, if installed."""
    from digest.search_binary import executable  # (not digest.search: it imports the page views, and Babel)

    return executable()


def _write(rebuild: OwnPages | InPlace | Swap, config: Config, parallel: bool, pagefind: Path | None,
           clock: _Clock, kept: tuple[str, Memory | None]) -> emit.Wrote:
    """Render and write what the decision names: what it wrote, or the problems that stopped it.

    ``kept``: the site-wide key, and what ``digest serve`` keeps between builds (the renderer among it).
    """
    from digest.build import emit

    if _failed(rebuild.diagnostics):
        return emit.Wrote(0, Stats())
    renderer = emit.renderers(config, *kept)
    match rebuild:
        case OwnPages():
            return emit.in_place(rebuild, config, parallel, whole=False, renderer=renderer, pagefind=pagefind)
        case InPlace():
            return emit.in_place(rebuild, config, parallel, whole=True, renderer=renderer, pagefind=pagefind)
        case Swap():
            return emit.swap(rebuild, config, parallel, pagefind, clock.lap, renderer)
        case _:
            assert_never(rebuild)


def _failed(diagnostics: tuple[Diagnostic, ...]) -> bool:
    """True when one of the diagnostics is an error."""
    return any(d.is_error for d in diagnostics)


def _report(state: BuildState, changed: int, clock: _Clock, cached: int) -> BuildReport:
    """The report of a build that leaves the site as ``state`` says, ``changed`` files written."""
    return BuildReport(state.articles, state.pages, Written(state.files, changed), state.diagnostics, clock.laps(), cached)


class _Work:
    """The stages :func:`changes.decide` asks for: load → extract → localize of every article, then the plan."""

    def __init__(self, config: Config, now: Inputs, parallel: bool, memory: Memory | None, clock: _Clock,
                 last: BuildState) -> None:
        self._config, self._now, self._parallel, self._memory, self._clock = config, now, parallel, memory, clock
        self._last = last
        self.found: tuple[Diagnostic, ...] = ()
        self.groups: tuple[Group, ...] = ()
        self.recalled = False  # the groups are the last build's (BuildState.found): it is kept as it was
        self._articles: Articles | None = None
        self._moved: tuple[set[str] | None] | None = None  # see moved()

    def articles(self) -> Articles:
        """Every article, processed again only where its files changed (``digest build`` recalling what the
        last one found, ``digest serve`` what its memory holds)."""
        from digest.build.article import ahead
        from digest.build.memo import process_all

        config, tree, last = self._config, self._now.tree, self._last
        helper = ahead(config, self._parallel) if last.generation else None  # (a first build processes all in a pool)
        try:
            walked = self._now.walked
            recalled = recall.discovered(last, tree, config, walked) if self._memory is None else None
            self.groups, self.found = recalled or _discover(config, tree, self._memory)
            checked = (self.moved, last.generation) if self._memory is None else None
            self.recalled = recalled is not None
            self._articles = process_all(self.groups, config, self._parallel, self._memory, tree, checked,
                                         helper, partial(_ready_to_render, config), self.recalled)
        finally:
            if helper is not None:
                helper.close()
        self._clock.lap("load+extract+localize")
        return self._articles

    def moved(self) -> set[str] | None:
        """The paths of ``content/`` whose stat is not the last walk's (see ``recall.moved``), found once:
        the article cache asks, and so does the state this build keeps."""
        if self._moved is None:
            self._moved = (recall.moved(self._last.content, self._now.walked, self._now.tree),)
        return self._moved[0]

    def notes(self) -> tuple[Diagnostic, ...]:
        """What discovery found outside the articles, and what the user should know about the settings."""
        config, notes = self._config, list(self.found)
        if self._articles is not None and self._articles.problem:
            notes.append(warning("", 0, self._articles.problem))
        where = "pyproject.toml" if (config.root / "pyproject.toml").is_file() else ""  # no file to blame without one
        if self._now.search is None and not config.previewing:  # a preview leaves search out on purpose
            why = ("disabled in [tool.digest]" if not config.search
                   else "Pagefind is not installed (pip install 'pagefind[extended]')")
            notes.append(note(where, 0, f"search skipped: {why}"))
        if not config.absolute:
            notes.append(note(where, 0, "base_url has no host: feeds, sitemap and canonical links are root-relative; "
                                                   "set base_url or pass --base-url https://…/ when publishing"))
        return tuple(notes)

    def plan(self, results: Sequence[Processed]) -> Plan:
        """Every page of the site, and its literal files (the theme's assets first)."""
        from digest.plan import plan
        from digest.render import static_files

        planned = plan((r.stories for r in results if r.stories), self._config, search=self._now.search is not None,
                       now=self._now.moment)
        assets, problems = static_files(self._config)
        return replace(planned, files=(*assets, *planned.files), diagnostics=(*planned.diagnostics, *problems))


def _discover(config: Config, tree: dict[str, Stat], memory: Memory | None) -> tuple[tuple[Group, ...], tuple[Diagnostic, ...]]:
    """The articles' files and what discovery noticed: ``digest serve`` keeps the last answer for as long as
    ``content/`` holds the same paths, each of the same kind (0.2 s of a save at 10,000 articles).

    Discovery reads nothing but names, kinds and which folders can be listed, and the walk
    of ``content/`` records each of those (a folder it cannot list as a path of its own).
    """
    from digest.load import discover

    if memory is None:
        return discover(config, tree)
    kinds = (config.content_dir, config.languages, {path: mode for path, (_, _, mode) in tree.items()})
    kept = memory.get("discovered")
    if isinstance(kept, tuple) and kept[0] == kinds:
        return kept[1]  # type: ignore[no-any-return]
    found = discover(config, tree)
    memory["discovered"] = (kinds, found)
    return found


@dataclass(frozen=True)
class CheckReport:
    """What ``digest check`` found: every diagnostic, sorted; how many articles it read, in how many seconds."""

    articles: int
    diagnostics: tuple[Diagnostic, ...]
    seconds: float
    examined: tuple[tuple[Article, Facts], ...] = ()  # each valid article with its facts (the review page shows them)


def check(config: Config, parallel: bool = True) -> CheckReport:
    """``digest check``: the build's stages up to extraction, then the consistency checks; no site, no cache state.

    Every article (drafts and scheduled ones too) is loaded, its facts extracted and its
    photos read exactly as a build does it (``memo.examine``), in forked workers when there
    are many; the theme's files are read. Nothing is written but photo renditions into
    the media cache, which a build would make anyway.
    """
    from digest import consistency
    from digest.build import memo, pool
    from digest.load import discover
    from digest.render import static_files

    start = time.perf_counter()
    groups, found = discover(config)
    with _no_cyclic_gc():
        seen = list(pool.ordered_map(lambda group: memo.examine(group, config), groups, parallel, memo.PARALLEL_MIN))
        loaded = [(one.article, one.facts) for one in seen if one.article is not None and one.facts is not None]
        # called through the module, so the consistency checks (and a test's stand-in) are whatever it holds now
        warned = consistency.consistency_warnings([a for a, _ in loaded], [f for _, f in loaded])
    _, problems = static_files(config)
    diagnostics = sorted((*found, *(d for one in seen for d in one.diagnostics), *warned, *problems))
    return CheckReport(len(groups), tuple(diagnostics), time.perf_counter() - start, tuple(loaded))


def preview(config: Config) -> Config:
    """The settings of a ``digest serve`` build: into a folder of its own in the cache, so ``site/``
    stays the published site; without search, since a Pagefind run per save would dominate the loop."""
    return replace(config, output_dir=config.root / CACHE / "preview", search=False, previewing=True)


def facts(shown: str, data: bytes, config: Config) -> tuple[Facts, dict[str, Any]]:
    """``digest facts``: load one article, extract and correct its facts; raise BuildFailed on bad input."""
    from digest.extract import facts_of, facts_to_json
    from digest.load import load_article

    article, diagnostics = load_article(shown, data, config)
    if article is None or any(d.is_error for d in diagnostics):
        raise BuildFailed(diagnostics, None)
    found = facts_of(article)
    return found, facts_to_json(found)


def ner(sentences: Sequence[Sequence[str]]) -> list[list[str]]:
    """``digest ner``: the named-entity tags (BIO: PER, LOC, ORG) of each sentence's tokens."""
    from digest.extract.tagger import tag

    return [tag(tokens) for tokens in sentences]


def articles(config: Config) -> tuple[tuple[Article, ...], tuple[Diagnostic, ...]]:
    """Every article of ``content/`` as loaded and validated (drafts too), for ``digest translations``; and what
    loading found (the caller decides what an error means): nothing is extracted, cached or written."""
    from digest.load import discover, load_group

    groups, diagnostics = discover(config)
    found: list[Article] = []
    problems = list(diagnostics)
    for group in groups:
        article, noticed = load_group(group, config)
        problems += noticed
        if article is not None:
            found.append(article)
    return tuple(found), tuple(problems)


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

