"""One article through the per-article stages, as the cache keeps it, and where that runs.

:func:`process` loads, extracts and localizes one article (a pure function of its files
and the settings); :func:`cacheable` gives its result as the store keeps it, signed with
the bytes it was made from. :func:`run` processes many in order: in the build process,
in a helper forked ahead of time (an edit: :func:`ahead`), or in a pool of forked
workers (many). The stages themselves are imported only where they run (:func:`stages`),
so a build whose helper processes its edited articles never loads them itself.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from digest.build import media, pool
from digest.build.fingerprint import KeptReads, file_digest, fingerprint, stat_signature
from digest.build.store import dumps
from digest.config import Config
from digest.errors import Diagnostic
from digest.files import Stat, read
from digest.load import Group, Reader
from digest.model import Article, Body, Facts, Story

if TYPE_CHECKING:
    from digest.localize import BodyRenderer

PARALLEL_MIN = 64  # below this many misses a pool costs more than it saves


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


def body_key(digest: str, lang: str) -> str:
    """Where the body of an article's story in ``lang`` is stored."""
    return f"{digest}:{lang}"


@dataclass(frozen=True, slots=True)
class Examined:
    """One article loaded and its facts extracted, its photos read: what ``digest check`` needs, and localize."""

    article: Article | None  # None: it could not be loaded (the diagnostics say why)
    facts: Facts | None
    photos: media.Photos | None
    diagnostics: tuple[Diagnostic, ...]  # every problem found in its files, its facts and its photos


def examine(group: Group, config: Config, reader: Reader = read) -> Examined:
    """Load one article, extract its facts and read its photos: the per-article stages before localize."""
    from digest.extract import facts_of  # (see stages)
    from digest.load import load_group

    article, problems = load_group(group, config, reader)
    if article is None:
        return Examined(None, None, None, problems)
    facts = facts_of(article)
    found = media.photos(article, config)
    return Examined(article, facts, found, (*problems, *facts.diagnostics, *found.diagnostics))


def process(group: Group, config: Config, render: BodyRenderer,
            reader: Reader = read) -> tuple[Processed, tuple[Body, ...]]:
    """Load, extract and localize one article: its cached result and its stories' bodies."""
    from digest.localize import localize  # (see stages)

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


Job = tuple[Group, str | None]  # an article's files, and their digest when known
Done = tuple[str, str | None, bytes, dict[str, bytes]]  # see cacheable


def cacheable(group: Group, digest: str | None, config: Config, render: BodyRenderer) -> Done:
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


def stages() -> None:
    """Import the per-article stages — load (YAML), extract, localize — which this module imports only
    when it runs them: a build whose helper processes the edited articles never loads them itself."""
    from digest import extract, localize  # noqa: F401  (imported for their side effect: loaded)
    from digest.load import frontmatter  # noqa: F401


def ahead(config: Config, parallel: bool) -> pool.Helper[Job, Done] | None:
    """A helper forked now to process the articles a rebuild finds changed, once it has found them
    (None where it would save nothing: this process has the stages loaded already, as
    ``digest serve`` after its first build).

    While the helper imports the stages (0.1 s), this process reads the cache and sorts
    the articles; while the helper processes the changed ones, this process imports the
    renderer (``process_all``'s ``meanwhile``): an edit's two longest waits side by side.
    """
    if not parallel or "digest.extract" in sys.modules:
        return None
    return pool.Helper(stages, lambda job: _job(job, config))


@cache
def _renderer(allow_embeds: bool, markdown: str) -> BodyRenderer:
    """The body renderer of these settings (one per process: a forked worker makes its own)."""
    from digest.localize import BodyRenderer

    return BodyRenderer(allow_embeds, markdown)


def _job(job: Job, config: Config) -> Done:
    """One article processed as the store keeps it."""
    return cacheable(*job, config, _renderer(config.allow_embeds, config.markdown))


def run(jobs: Sequence[Job], config: Config, parallel: bool, helper: pool.Helper[Job, Done] | None,
        meanwhile: Callable[[], object]) -> Iterator[Done]:
    """Process articles in order: by the helper forked ahead when there are few, in a pool when many pay for one."""
    if helper is not None and 0 < len(jobs) < PARALLEL_MIN:
        return iter(helper.run(jobs, meanwhile))
    if helper is not None:
        helper.close()  # nothing for it to do, or more than one process should
    return pool.ordered_map(lambda job: _job(job, config), jobs, parallel, PARALLEL_MIN)
