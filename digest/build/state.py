"""What the last build saw and wrote, and what this one sees: the evidence the rebuild decision weighs.

This module is all a no-op build runs (besides ``changes.decide``'s first line), so it
imports no stage: a build that finds nothing changed never loads Jinja2, Markdown,
YAML or the extractors (0.3 s of a 0.6 s no-op at 10,000 articles). For the same
reason the parts of :class:`BuildState` only a real rebuild reads — every page's key,
the search shards, the articles' diagnostics — are pickled apart inside the state file
(``sealed.Later``), read and unpickled only when asked for, and the stat of every
published file is kept as one text and one array (:class:`Stats`) instead of a dict of
tuples.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from digest.build import pool
from digest.build.fingerprint import affects, code_version, fingerprint, folder_contents, stat_tree, updated_tree
from digest.build.patches import Keys
from digest.build.patches import Stats as Stats  # where the build has always found it
from digest.build.sealed import CACHE, Later, StateFile
from digest.config import Config
from digest.errors import Diagnostic
from digest.files import Stat
from digest.write import changed

if TYPE_CHECKING:
    from digest.build.shards import Shard

CHECK_MIN = 5_000  # published files: below this a forked helper costs more than it saves
MEDIA = "media/"  # the photos' renditions (urls.MEDIA, held equal by a test: importing urls imports Babel)
SEARCH = "pagefind/"  # the search index (search.FOLDER, held equal by a test: importing search imports Babel)
HASHED = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")  # Pagefind's files named by their content

Walked = tuple[dict[str, Stat], Stats]  # the stat of content/, as a dict and as Stats


@dataclass(frozen=True)
class Detail:
    """What only a real rebuild reads of the last build's state."""

    article_notes: tuple[Diagnostic, ...] = ()  # the diagnostics found in the articles themselves
    shards: dict[str, Shard] = field(default_factory=dict)  # the search index's shards, by name


@dataclass(frozen=True)
class Found:
    """Discovery's answer as the build state keeps it (see :mod:`digest.build.recall`): each group as plain
    text (unpickling 10,000 slotted dataclasses costs ten times as much), what discovery noticed, and the
    languages it looked for."""

    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildState:
    """What the last successful build saw and wrote."""

    inputs: str = ""  # signature of every input file and setting
    site_wide: str = ""  # signature of what every page depends on (code, templates, catalogs, settings)
    stats: Stats = field(default_factory=Stats)  # every file the build wrote and its stat, once written
    articles: int = 0
    pages: int = 0
    files: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()  # warnings and notes, shown again by a no-op build
    hour: str = ""  # the build hour (the news sitemap's window)
    generation: str = ""  # which article contents the cache held after this build (memo.generation)
    drafts: int = 0  # articles left out as drafts
    scheduled: int = 0  # articles left out as scheduled (dated after the build's "now")
    due: datetime | None = None  # when the next scheduled article falls due: a build from then on plans again
    detail: Later[Detail] = field(default_factory=lambda: Later(Detail()))
    page_keys: Keys = field(default_factory=Keys)  # output path -> page key (a stored part, read when asked for)
    # What the next digest build recalls (build/recall.py): the walk of content/ the cached entries were
    # checked against, and discovery's answer (digest serve keeps both in memory instead).
    walked: Stats = field(default_factory=Stats)
    found: Later[Found] = field(default_factory=lambda: Later(Found()))

    def __getstate__(self) -> dict[str, object]:
        return {name: value for name, value in self.__dict__.items() if name != "tree"}  # not the cached dict

    @cached_property
    def tree(self) -> dict[str, Stat]:
        """Every file the build wrote -> its stat."""
        return self.stats.as_dict()

    @property
    def content(self) -> Stats:
        """The walk of ``content/`` the cached entries were checked against."""
        return self.walked

    @property
    def keys(self) -> Keys:
        """Output path -> page key, for every page the build left."""
        return self.page_keys

    @property
    def article_notes(self) -> tuple[Diagnostic, ...]:
        """The diagnostics found in the articles themselves."""
        return self.detail.get().article_notes

    @property
    def shards(self) -> dict[str, Shard]:
        """The search index's shards, by name."""
        return self.detail.get().shards


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
    walked: Stats = field(default_factory=Stats)  # ``tree`` as Stats: what the next build recalls of it


def unchanged(last: BuildState, now: Inputs) -> bool:
    """True when nothing a build reads changed and ``site/`` is as the last build left it: a no-op."""
    intact = now.damaged is not None and not now.damaged
    fell_due = last.due is not None and now.moment >= last.due  # a scheduled article is due: lists change
    return intact and now.signature == last.inputs and not fell_due


def named_folder(name: str) -> str | None:
    """The folder whose own stat stands for a published file named by its content — a photo's
    rendition, a search index's hashed file — or None for a file checked by its own stat.

    Such a file is never changed in place (an edit is a new name): only adding, removing
    or renaming files can damage it, and each of those changes its folder's stat — one
    system call instead of one per file. A site with 10,000 photos has 60,000 renditions;
    a 10,000-article search index has 21,000 hashed files in 372 folders.
    """
    if name.endswith("/"):
        return None  # a folder's own record
    if name.startswith(MEDIA):
        return MEDIA
    if name.startswith(SEARCH) and name.endswith(HASHED):
        return name.rpartition("/")[0] + "/"
    return None


def _damaged(site: Path, stats: Stats, parallel: bool, walk: Callable[[], Walked]) -> tuple[Walked, frozenset[str]]:
    """``walk()`` (the stat of ``content/``), and the published files changed by hand.

    One ``lstat`` per file is a system call this machine takes 3 µs over, in any thread;
    a forked helper checks them while this process walks ``content/``, then the two
    share what is left (0.28 s one after the other → 0.17 s, measured here for 15,000 content
    files and 25,000 published ones). A file named by its content is recorded with mode 0
    and checked by its folder's record (:func:`named_folder`): when that folder was
    touched, every such file in it counts as changed.
    """
    names, values = stats.split(), stats.values

    def check(span: pool.Span) -> frozenset[str]:
        return changed(site, ((names[i], (values[3 * i], values[3 * i + 1], values[3 * i + 2]))
                              for i in range(*span) if values[3 * i + 2]))

    walked, parts = pool.beside(walk, check, len(names), parallel, CHECK_MIN)
    found = frozenset().union(*parts)
    touched = {name for name in found if name.endswith("/")}
    if not touched:
        return walked, found
    return walked, (found - touched) | {name for name in names if named_folder(name) in touched}


def read_inputs(config: Config, pagefind: Path | None, last: BuildState, parallel: bool,
                known: tuple[dict[str, Stat], frozenset[str]] | None = None) -> Inputs:
    """Stat every input and summarise it (the content files are read only by size and mtime), and
    stat every file the last build wrote: a file deleted or changed by hand is rebuilt.

    A preview (``digest serve``) skips that check: its folder is in the cache, where no
    one edits, and the tenth of a second it costs at 10,000 articles is a tenth of a save.
    ``known``: the last build's stats of ``content/`` and the paths changed since (the
    file watcher's report), so only those are stat-ed again (:func:`updated_tree`).
    """
    wide = fingerprint(code_version("pages"), *(folder_contents(folder) for folder in (*config.template_dirs, config.locale_dir)),
                       *affects(config, "articles", "pages"), pagefind is not None)
    moment = config.build_time or datetime.now(config.tz)
    hour = moment.strftime("%Y-%m-%dT%H")

    def walk() -> Walked:
        tree = stat_tree(config.content_dir) if known is None else updated_tree(config.content_dir, *known)
        return tree, Stats(tree)

    site = config.output_dir
    damaged: frozenset[str] | None
    if not len(last.stats) or not site.is_dir():  # no site on record
        (tree, walked), damaged = walk(), None
    elif config.previewing:
        (tree, walked), damaged = walk(), frozenset()
    else:
        (tree, walked), damaged = _damaged(site, last.stats, parallel, walk)
    return Inputs(fingerprint(wide, hour, walked.digest()), wide, hour, tree, pagefind, damaged, moment, walked)
