"""The rebuild decision: the least work that gives the site a clean build would give.

After each successful build, ``.digest-cache/build.pickle`` records what it saw and
wrote (:class:`BuildState`). :func:`decide` compares this build's inputs with it and
returns one frozen plan of work — read it to answer "what does an edit rebuild?":

* :class:`NoOp` — every input file has its size and mtime, the settings, code,
  templates and hour are the same, and ``site/`` is the one recorded: nothing to do.
* :class:`OwnPages` — only articles' bodies or facts changed (every list, feed and
  sitemap shows them as before): render their own pages, apply them in place; the rest
  of the site is not even planned.
* :class:`InPlace` — few pages show something new (≤ 500, or 5 %): render those, apply
  them in place as one journaled transaction.
* :class:`Swap` — many changed (or the site-wide inputs did): build a complete new
  tree, unchanged pages linked from the published one, and swap it in.

With search on, each of them but :class:`NoOp` also says which shards of the search
index to index again (``shards.decide``): those whose pages changed.

A page's key is the fingerprint of everything it shows (:func:`page_keys`); a page
whose key and site-wide inputs are unchanged is not rendered again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from digest import urls
from digest.build import pool, shards
from digest.build.fingerprint import Encoder, affects, code_version, fingerprint, folder_contents, stat_tree, tree_text
from digest.build.memo import CACHE, Articles, Processed
from digest.build.shards import Indexing, Shard
from digest.build.store import StateFile
from digest.config import Config
from digest.errors import Diagnostic, note
from digest.files import Stat, stat_of
from digest.model import Alternate, CountryRef, Output
from digest.plan import Plan, article_pages
from digest.render import output_path
from digest.views import ArticleView, Chrome, Page, Teaser
from digest.write import changed

CHECK_MIN = 5_000  # published files: below this a forked helper costs more than it saves
IN_PLACE_MAX = 500  # pages: up to this many changes (or 5% of the site) are applied in place, journaled


@dataclass(frozen=True)
class BuildState:
    """What the last successful build saw and wrote."""

    inputs: str = ""  # signature of every input file and setting
    site_wide: str = ""  # signature of what every page depends on (code, templates, catalogs, settings)
    keys: dict[str, str] = field(default_factory=dict)  # output path -> page key
    tree: dict[str, Stat] = field(default_factory=dict)  # every file the build wrote -> its stat, once written
    articles: int = 0
    pages: int = 0
    files: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()  # warnings and notes, shown again by a no-op build
    hour: str = ""  # the build hour (the news sitemap's window)
    generation: str = ""  # which article contents the cache held after this build (memo.generation)
    article_notes: tuple[Diagnostic, ...] = ()  # the diagnostics found in the articles themselves
    drafts: int = 0  # articles left out as drafts
    scheduled: int = 0  # articles left out as scheduled (dated after the build's "now")
    due: datetime | None = None  # when the next scheduled article falls due: a build from then on plans again
    shards: dict[str, Shard] = field(default_factory=dict)  # the search index's shards, by name


def _state_file(config: Config) -> StateFile:
    """Where the state of builds into ``config.output_dir`` is kept (the site and the preview have one each)."""
    name = "build" if config.output_dir.name == "site" else f"build-{fingerprint(str(config.output_dir))[:12]}"
    return StateFile(config.root / CACHE / f"{name}.pickle", code_version("pages"))


def last_state(config: Config) -> BuildState:
    """The last successful build's state, or an empty one."""
    state = _state_file(config).load()
    return state if isinstance(state, BuildState) else BuildState()


def save_state(config: Config, state: BuildState) -> str | None:
    """Record this build's state for the next one; why it could not be, if it could not (the build stands)."""
    return _state_file(config).save(state)


@dataclass(frozen=True)
class Inputs:
    """What this build reads, summarised: the evidence the decision weighs."""

    signature: str  # every input by size and mtime, with the site-wide key and the hour
    site_wide: str  # what every page depends on: code, templates, catalogs, settings, search or not
    hour: str  # the news sitemap's window moves with it
    tree: dict[str, Stat]  # size, mtime and mode of every file under content/
    search: Path | None  # Pagefind, when this build indexes the site
    damaged: frozenset[str] | None  # the files of site/ not as the last build left them (None: no site on record)
    moment: datetime  # this build's "now": what is dated after it is scheduled


def _damaged(site: Path, tree: dict[str, Stat], previewing: bool, parallel: bool) -> frozenset[str]:
    """The published files changed by hand; none looked for in a preview.

    One ``lstat`` per file is a system call this machine takes 4 µs over, in any thread;
    a forked helper takes half of them (0.10 → 0.06 s for 25,000 files).
    """
    if previewing:
        return frozenset()
    recorded: list[tuple[str, Stat]] = []
    named: list[str] = []
    for name, seen in tree.items():
        if not name.startswith(urls.MEDIA):
            recorded.append((name, seen))
        elif name != urls.MEDIA:
            named.append(name)
    parts = pool.spread(lambda span: changed(site, recorded[span[0] : span[1]]), len(recorded), parallel, CHECK_MIN)
    return frozenset().union(*parts, _renditions(site, named, tree.get(urls.MEDIA)))


def _renditions(site: Path, named: list[str], folder: Stat | None) -> frozenset[str]:
    """The photo renditions to write again: none while their folder is as the last build left it, else all.

    They are named by their content, so an edit is a new name, never a change in place:
    only adding, removing or renaming files can damage them, and each of those changes
    the folder's own stat — one system call instead of one per file (a site with 10,000
    photos has 60,000 renditions). Once the folder was touched by hand every rendition is
    written again, and so checked against a file digest did not write.
    """
    if not named:
        return frozenset()
    try:
        now = stat_of(os.lstat(site / urls.MEDIA))
    except OSError:
        now = None
    return frozenset() if now is not None and now == folder else frozenset(named)


def read_inputs(config: Config, pagefind: Path | None, last: BuildState, parallel: bool) -> Inputs:
    """Stat every input and summarise it (the content files are read only by size and mtime), and
    stat every file the last build wrote: a file deleted or changed by hand is rebuilt.

    A preview (``digest serve``) skips that check: its folder is in the cache, where no
    one edits, and the tenth of a second it costs at 10,000 articles is a tenth of a save.
    """
    wide = fingerprint(code_version("pages"), *(folder_contents(folder) for folder in (*config.template_dirs, config.locale_dir)),
                       *affects(config, "articles", "pages"), pagefind is not None)
    moment = config.build_time or datetime.now(config.tz)
    hour = moment.strftime("%Y-%m-%dT%H")
    tree = stat_tree(config.content_dir)
    site = config.output_dir
    damaged = _damaged(site, last.tree, config.previewing, parallel) if last.tree and site.is_dir() else None
    return Inputs(fingerprint(wide, hour, tree_text(tree)), wide, hour, tree, pagefind, damaged, moment)


class Work(Protocol):
    """The expensive steps :func:`decide` asks for, each at most once and only when it must."""

    def articles(self) -> Articles:
        """Every article loaded, extracted and localized (from the cache where its files are unchanged)."""

    def notes(self) -> tuple[Diagnostic, ...]:
        """Diagnostics outside any article: stray files, orphan translations, the settings."""

    def plan(self, results: Sequence[Processed]) -> Plan:
        """Every page of the site for these articles' stories."""


@dataclass(frozen=True)
class NoOp:
    """Nothing changed: the published site is the one a build would make."""

    state: BuildState


@dataclass(frozen=True)
class Update:
    """Pages to render and publish, and what the site holds afterwards."""

    pages: tuple[Page, ...]
    fresh: tuple[bool, ...]  # per page: render it (else its published file is still right)
    keys: dict[str, str]  # output path -> page key, for every page of the site after this build
    files: tuple[Output, ...]  # literal files: the theme's assets, .nojekyll, CNAME
    diagnostics: tuple[Diagnostic, ...]  # every diagnostic of the content, sorted; errors fail the build
    article_notes: tuple[Diagnostic, ...]  # those found in the articles themselves
    counts: tuple[int, int, int, int]  # articles, pages and files on the site after this build; drafts left out
    articles: Articles
    tree: dict[str, Stat]  # the files of the published site and their stats, before this build
    schedule: tuple[int, datetime | None] = (0, None)  # articles left out as scheduled; when the next falls due
    search: Indexing | None = None  # the search index's shards to keep and to index again; None: no search

    def state(self, now: Inputs, tree: dict[str, Stat], indexed: dict[str, Shard]) -> BuildState:
        """What this build saw and wrote, once written (``tree``: every file it wrote, with its stat;
        ``indexed``: the search index's shards)."""
        articles, pages, files, drafts = self.counts
        return BuildState(now.signature, now.site_wide, self.keys, tree, articles, pages, files, self.diagnostics,
                          now.hour, self.articles.generation, self.article_notes, drafts, *self.schedule, indexed)


class OwnPages(Update):
    """Only the changed articles' own pages change: render them and apply them in place."""


class InPlace(Update):
    """A few pages changed: render them and apply them in place, removing pages that are gone."""


class Swap(Update):
    """Build a complete new site beside the published one, then swap it in."""


Rebuild = NoOp | OwnPages | InPlace | Swap


def decide(last: BuildState, now: Inputs, work: Work, config: Config) -> Rebuild:
    """What this build must do, given what the last one saw and wrote."""
    intact = now.damaged is not None and not now.damaged  # site/ is as the last build left it
    fell_due = last.due is not None and now.moment >= last.due  # a scheduled article is due: lists change
    if intact and now.signature == last.inputs and not fell_due:
        return NoOp(last)
    articles = work.articles()
    if (intact and last.generation == articles.before and not articles.removed
            and last.site_wide == now.site_wide and last.hour == now.hour and not fell_due
            and all(change.listed_same for change in articles.changes)):
        return _own_pages(last, articles, work, config, now)
    results = articles.results()
    unscheduled = [r for r in results if config.drafts or not r.draft]
    shown = [r for r in unscheduled if _includes_future(config) or not _after(r, now.moment)]
    schedule = (len(unscheduled) - len(shown), min((_published(r) for r in unscheduled if _after(r, now.moment)),
                                                   default=None))
    planned = work.plan(shown)
    pages = planned.pages
    paths, page_key = [output_path(page) for page in pages], page_keys(pages, shown, articles)
    keys = dict(zip(paths, page_key, strict=True))  # (two pages of one path are an error in the diagnostics)
    article_notes = tuple(d for r in results for d in r.diagnostics)
    drafts = len(results) - len(shown)
    diagnostics = tuple(sorted((*work.notes(), *article_notes, *planned.diagnostics, *_left_out(drafts),
                                *_scheduled(*schedule, config))))
    damaged = now.damaged or frozenset()
    reusable = now.damaged is not None and last.site_wide == now.site_wide  # the published files are what the keys say
    fresh = tuple(not reusable or last.keys.get(path) != key or path in damaged
                  for path, key in zip(paths, page_key, strict=True))
    counts = (len(shown), len(pages), len(keys) + len(planned.files), drafts)
    search = _indexing(now, shards.members(pages), keys, last if reusable else None, damaged)
    update = (pages, fresh, keys, planned.files, diagnostics, article_notes, counts, articles, last.tree, schedule, search)
    if reusable and sum(fresh) <= max(IN_PLACE_MAX, len(paths) // 20):
        return InPlace(*update)
    return Swap(*update)


def _indexing(now: Inputs, members: dict[str, tuple[str, ...]], keys: dict[str, str], last: BuildState | None = None,
              damaged: frozenset[str] = frozenset()) -> Indexing | None:
    """The shards of the search index to keep and to index again (``last``: the build whose shards may be kept)."""
    if now.search is None:
        return None
    return shards.decide(members, keys, now.site_wide, last.shards if last else {}, damaged)


def _left_out(drafts: int) -> tuple[Diagnostic, ...]:
    """A note of the drafts the site leaves out (none when there are none)."""
    if not drafts:
        return ()
    what = "1 draft is" if drafts == 1 else f"{drafts:,} drafts are"
    return (note("", 0, f"{what} left out (draft: true); digest build --drafts includes them"),)


def _includes_future(config: Config) -> bool:
    """True when this build shows scheduled articles: asked to (``--future``), or a preview."""
    return config.future or config.previewing


def _published(result: Processed) -> datetime:
    """When an article is published (an article with stories: every valid one has them)."""
    return result.stories[0].published


def _after(result: Processed, moment: datetime) -> bool:
    """True when an article is dated after ``moment``: scheduled."""
    return bool(result.stories) and _published(result) > moment


def _scheduled(count: int, due: datetime | None, config: Config) -> tuple[Diagnostic, ...]:
    """A note of the scheduled articles a build leaves out, and when the next is due (none when none is)."""
    if not count or due is None or _includes_future(config):
        return ()
    what = "1 scheduled article" if count == 1 else f"{count:,} scheduled articles"
    local = due.astimezone(config.tz)
    when = f"{local:%Y-%m-%d %H:%M} {urls.zone_name(local)}"
    return (note("", 0, f"{what} left out; the next is due {when} (digest build --future includes them)"),)


def _own_pages(last: BuildState, articles: Articles, work: Work, config: Config, now: Inputs) -> OwnPages:
    """The changed articles' own pages, the diagnostics of the others kept from the last build."""
    moment = now.moment
    changed = {path for change in articles.changes for path in change.paths}
    article_notes = (*(d for d in last.article_notes if d.location.path not in changed),
                     *(d for change in articles.changes for d in change.after.diagnostics))
    schedule = (last.scheduled, last.due)
    diagnostics = tuple(sorted((*work.notes(), *article_notes, *_left_out(last.drafts), *_scheduled(*schedule, config))))
    shown = [change.after for change in articles.changes if (config.drafts or not change.after.draft)
             and (_includes_future(config) or not _after(change.after, moment))]
    pages = tuple(article_pages((story for result in shown for story in result.stories), config,
                                search=now.search is not None, now=moment))
    keys = {**last.keys, **dict(zip(map(output_path, pages), page_keys(pages, shown, articles), strict=True))}
    counts = (last.articles, last.pages, last.files, last.drafts)  # the same pages and files, some with new bytes
    members = {name: shard.pages for name, shard in last.shards.items()}  # the same listings: the same shards
    return OwnPages(pages, (True,) * len(pages), keys, (), diagnostics, article_notes, counts, articles, last.tree,
                    schedule, _indexing(now, members, keys, last))


_SHARED = (Chrome, CountryRef, Alternate, Teaser, datetime)  # parts many pages show: encoded once per build
_OWNED = ("translations", "switch", "published")  # a story's parts that its pages show again


def _known(results: Iterable[Processed]) -> dict[int, str]:
    """Fingerprints of the stories, and of the parts of them pages repeat, by object identity.

    A story's listing covers every field of it, so it changes whenever one of these
    parts does; a part shared by an article's two stories (one publication time) is
    covered by either's. The empty tuple is one object for all: it is left out.
    """
    known = {}
    for result in results:
        for story, listing in zip(result.stories, result.listings, strict=True):
            known[id(story)] = listing
            for name in _OWNED:
                part = getattr(story, name)
                if part != ():
                    known[id(part)] = f"{listing}.{name}"
    return known


def page_keys(pages: Sequence[Page], results: Iterable[Processed], articles: Articles) -> list[str]:
    """The fingerprint of everything each page shows, besides the site-wide inputs.

    A story stands in by its listing fingerprint (made when it was localized); an
    article page adds the key of its body, which the plan does not hold.
    """
    encoder = Encoder(_known(results), _SHARED)
    return [encoder.digest(page, articles.body_key(page.view.story) if isinstance(page.view, ArticleView) else None)
            for page in pages]
