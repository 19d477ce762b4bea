"""Stories → Pages: every page and file of the site, its URL, template, view and alternates.

Two articles that would write the same URL are reported here, with both files named.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from digest.config import Config
from digest.errors import Diagnostic, error
from digest.model import Output, Story
from digest.plan.feeds import Teasers, feeds, news_sitemap, robots, sitemaps
from digest.plan.pages import article_page, chrome, language_pages, not_found, scheduled
from digest.plan.sections import section_feeds, section_pages
from digest.views import ArticleView, MediaView, Page

__all__ = ["Plan", "article_pages", "plan"]


@dataclass(frozen=True)
class Plan:
    """The pages to render, literal files to write, and any collisions found."""

    pages: tuple[Page, ...]
    files: tuple[Output, ...]
    diagnostics: tuple[Diagnostic, ...]


def plan(stories: Iterable[tuple[Story, ...]], config: Config, search: bool = False, now: datetime | None = None) -> Plan:
    """Every page of the site for every language, newest articles first (a preview marks those after ``now``)."""
    by_lang: dict[str, list[Story]] = defaultdict(list)
    for group in stories:
        for story in group:
            by_lang[story.lang].append(story)
    pages: list[Page] = []
    teasers = Teasers()
    for lang in config.languages:
        ordered = sorted(by_lang[lang.code], key=lambda s: (s.published, s.slug), reverse=True)
        pages.extend(language_pages(lang, ordered, config, search, now))
        pages.extend(feeds(lang, ordered, config, teasers))
        pages.extend(section_pages(lang, ordered, config, search))
        pages.extend(section_feeds(lang, ordered, config, teasers))
    pages.append(not_found(config, search))
    pages.extend(sitemaps(pages, config))
    pages.append(news_sitemap((s for group in by_lang.values() for s in group), config))
    pages.append(robots(config))
    pages.extend(media_pages(s for group in by_lang.values() for s in group))
    files = [Output(".nojekyll", b"")]  # GitHub Pages: serve folders as they are, no Jekyll
    if config.cname:
        files.append(Output("CNAME", config.cname.encode("ascii") + b"\n"))
    return Plan(tuple(pages), tuple(files), _collisions(pages))


def article_pages(stories: Iterable[Story], config: Config, search: bool = False, now: datetime | None = None) -> list[Page]:
    """The article pages of some stories, exactly as :func:`plan` makes them (for a rebuild of a few articles)."""
    looks = {lang.code: chrome(lang, search) for lang in config.languages}
    return [article_page(looks[story.lang], story, config, scheduled(story, config, now)) for story in stories]


def media_pages(stories: Iterable[Story]) -> list[Page]:
    """One file per rendition of every photo the stories show, once however many articles share it."""
    files = {r.name: r for story in stories for r in story.media}
    return [Page(name, "", "", MediaView(files[name].cache), listed=False) for name in sorted(files)]


def _collisions(pages: list[Page]) -> tuple[Diagnostic, ...]:
    """An error at each of two sources that would write one page — or two pages whose URLs differ
    only in case, which are one folder on macOS and Windows. Once per pair, whatever the language."""
    seen: dict[str, Page] = {}
    pairs: dict[tuple[str, str], str] = {}
    for page in pages:
        first = seen.setdefault(page.url.casefold(), page)
        if first is not page:
            pair = (_source(first), _source(page))
            pairs.setdefault(pair, page.url if page.url == first.url else f"{first.url} and /{page.url}")
    problems = []
    for (there, here), url in pairs.items():
        same = "the same page" if " and " not in url else "pages whose addresses differ only in case,"
        for one, other in ((here, there), (there, here)):
            problems.append(error(one, 1, f"writes {same} /{url}, as {other} does; change the slug or the date of one"))
    return tuple(problems)


def _source(page: Page) -> str:
    """The file a page comes from (its URL for a page that no one file makes)."""
    return page.view.story.source_path if isinstance(page.view, ArticleView) else page.url
