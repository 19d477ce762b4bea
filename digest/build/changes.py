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

A page's key is the fingerprint of everything it shows (``keys.page_keys``); a page
whose key and site-wide inputs are unchanged is not rendered again.

The evidence (:mod:`digest.build.state`) is all a no-op build reads, so the stages a
rebuild runs are imported by the functions past that first test, never at the top:
importing Jinja2, Markdown, YAML and the extractors cost a no-op build half its time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from digest.build.patches import Keys
from digest.build.sealed import Later
from digest.build.state import CHECK_MIN, BuildState, Detail, Inputs, Stats, last_state, read_inputs, save_state, unchanged
from digest.config import Config
from digest.errors import Diagnostic, note

if TYPE_CHECKING:
    from digest.build.memo import Articles, Processed
    from digest.build.shards import Indexing, Shard
    from digest.model import Output
    from digest.plan import Plan
    from digest.views import Page

__all__ = ["CHECK_MIN", "BuildState", "Inputs", "last_state", "read_inputs", "save_state"]

IN_PLACE_MAX = 500  # pages: up to this many changes (or 5% of the site) are applied in place, journaled


class Work(Protocol):
    """The expensive steps :func:`decide` asks for, each at most once and only when it must."""

    def articles(self) -> Articles:
        """Every article loaded, extracted and localized (from the cache where its files are unchanged);
        while it waits for them, it may import what plans and renders pages."""

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
    keys: Mapping[str, str]  # output path -> page key, for every page of the site after this build
    files: tuple[Output, ...]  # literal files: the theme's assets, .nojekyll, CNAME
    diagnostics: tuple[Diagnostic, ...]  # every diagnostic of the content, sorted; errors fail the build
    article_notes: tuple[Diagnostic, ...]  # those found in the articles themselves
    counts: tuple[int, int, int, int]  # articles, pages and files on the site after this build; drafts left out
    articles: Articles
    tree: Stats  # the files of the published site and their stats, before this build
    schedule: tuple[int, datetime | None] = (0, None)  # articles left out as scheduled; when the next falls due
    search: Indexing | None = None  # the search index's shards to keep and to index again; None: no search

    def state(self, now: Inputs, tree: Stats, indexed: dict[str, Shard]) -> BuildState:
        """What this build saw and wrote, once written (``tree``: every file it wrote, with its stat;
        ``indexed``: the search index's shards)."""
        articles, pages, files, drafts = self.counts
        return BuildState(now.signature, now.site_wide, tree, articles, pages, files, self.diagnostics, now.hour,
                          self.articles.generation, drafts, *self.schedule,
                          detail=Later(Detail(self.article_notes, indexed)),
                          page_keys=self.keys if isinstance(self.keys, Keys) else Keys(self.keys))


class OwnPages(Update):
    """Only the changed articles' own pages change: render them and apply them in place."""


class InPlace(Update):
    """A few pages changed: render them and apply them in place, removing pages that are gone."""


class Swap(Update):
    """Build a complete new site beside the published one, then swap it in."""


Rebuild = NoOp | OwnPages | InPlace | Swap


def decide(last: BuildState, now: Inputs, work: Work, config: Config) -> Rebuild:
    """What this build must do, given what the last one saw and wrote."""
    if unchanged(last, now):
        return NoOp(last)
    intact = now.damaged is not None and not now.damaged  # site/ is as the last build left it
    fell_due = last.due is not None and now.moment >= last.due  # a scheduled article is due: lists change
    articles = work.articles()
    # Past "nothing changed" every stage may be needed; importing them costs a no-op build more than all else
    # (and an edit's build imports them while its articles are processed: see Work.articles).
    from digest.build import shards
    from digest.build.keys import page_keys
    from digest.render import output_path

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
    search = _indexing(now, shards.members(pages), keys, config, last if reusable else None, damaged)
    update = (pages, fresh, keys, planned.files, diagnostics, article_notes, counts, articles, last.stats, schedule, search)
    if reusable and sum(fresh) <= max(IN_PLACE_MAX, len(paths) // 20):
        return InPlace(*update)
    return Swap(*update)


def _indexing(now: Inputs, members: dict[str, tuple[str, ...]], keys: Mapping[str, str], config: Config,
              last: BuildState | None = None, damaged: frozenset[str] = frozenset()) -> Indexing | None:
    """The shards of the search index to keep and to index again (``last``: the build whose shards may be kept;
    a kept shard's entries are looked up in the published site)."""
    if now.search is None:
        return None
    from digest import search  # (see decide)
    from digest.build import shards

    def ids(shard: Shard) -> tuple[str, ...] | None:
        return search.entry_ids(config.output_dir, shard.files, shard.pages)

    return shards.decide(members, keys, now.site_wide, last.shards if last else {}, damaged, ids)


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
    from digest import urls  # (see decide)

    local = due.astimezone(config.tz)
    when = f"{local:%Y-%m-%d %H:%M} {urls.zone_name(local)}"
    return (note("", 0, f"{what} left out; the next is due {when} (digest build --future includes them)"),)


def _own_pages(last: BuildState, articles: Articles, work: Work, config: Config, now: Inputs) -> OwnPages:
    """The changed articles' own pages, the diagnostics of the others kept from the last build."""
    from digest.build import shards  # (see decide)
    from digest.build.keys import page_keys
    from digest.plan import article_pages
    from digest.render import output_path

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
    keys = last.keys.patched(dict(zip(map(output_path, pages), page_keys(pages, shown, articles), strict=True)))
    counts = (last.articles, last.pages, last.files, last.drafts)  # the same pages and files, some with new bytes
    members = shards.listed(last.shards)  # the same listings: the same shards
    return OwnPages(pages, (True,) * len(pages), keys, (), diagnostics, article_notes, counts, articles, last.stats,
                    schedule, _indexing(now, members, keys, config, last))
