"""Machine-read pages: Atom feeds, the sitemap with hreflang, the news sitemap, robots.txt."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta

from digest import urls
from digest.config import Config, Language
from digest.model import Story
from digest.plan.pages import listed
from digest.views import (
    FeedView,
    NewsEntry,
    NewsSitemapView,
    Page,
    RobotsView,
    SitemapEntry,
    SitemapIndexView,
    SitemapPart,
    SitemapView,
    Teaser,
    teaser,
)

NEWS_WINDOW = timedelta(days=2)  # Google News sitemaps list the last two days only
SITEMAP_URLS = 50_000  # the sitemap protocol's limit per file


class Teasers:
    """Teasers made once per story for one plan (a story appears in several feeds)."""

    def __init__(self) -> None:
        self._made: dict[str, Teaser] = {}

    def __call__(self, story: Story) -> Teaser:
        """The teaser of ``story``."""
        made = self._made.get(story.url)
        if made is None:
            made = self._made[story.url] = teaser(story)
        return made


def feeds(lang: Language, stories: list[Story], config: Config, teasers: Callable[[Story], Teaser] = teaser) -> Iterator[Page]:
    """The language's feed and one per country page, each with the newest ``feed_size`` entries lists show."""
    yield _feed(lang, [story for story in stories if listed(story, config)], urls.home(lang), lang.title, config, teasers)
    by_country: dict[str, list[Story]] = defaultdict(list)
    names: dict[str, str] = {}
    for story in stories:
        for ref in story.countries:
            names[ref.code] = ref.name
            if listed(story, config):
                by_country[ref.code].append(story)
    for code, name in names.items():
        yield _feed(lang, by_country[code], urls.country(lang, code), f"{name} · {lang.title}", config, teasers)


def _feed(lang: Language, stories: list[Story], page: str, title: str, config: Config,
          teasers: Callable[[Story], Teaser]) -> Page:
    """One Atom feed for the list page at ``page``."""
    newest = stories[: config.feed_size]
    updated = max((s.updated or s.published for s in newest), default=datetime(2000, 1, 1, tzinfo=config.tz))
    view = FeedView(title, lang.code, urls.feed(page), page, urls.rfc3339(updated), tuple(teasers(s) for s in newest))
    return Page(urls.feed(page), "feed.xml", lang.code, view, listed=False)


def sitemaps(pages: Iterable[Page], config: Config) -> list[Page]:
    """/sitemap.xml: every listed page, with its real translations and x-default.

    The sitemap protocol allows 50,000 URLs per file: a larger site gets parts
    (``sitemap-1.xml``…) and /sitemap.xml becomes their index. Each part is its own
    page, rendered apart.
    """
    default = config.default_language.code
    # An untranslated English page defers to its original (canonical), so it is left out.
    listed = tuple(SitemapEntry(p.url, p.updated, p.translations, default)
                   for p in pages if p.listed and not (p.canonical and p.canonical != p.url))
    if len(listed) <= SITEMAP_URLS:
        return [_sitemap("sitemap.xml", listed, default)]
    parts = [_sitemap(f"sitemap-{n}.xml", listed[start : start + SITEMAP_URLS], default)
             for n, start in enumerate(range(0, len(listed), SITEMAP_URLS), start=1)]
    index = SitemapIndexView(tuple(SitemapPart(part.url, urls.rfc3339(part.updated) if part.updated else None) for part in parts))
    return [*parts, Page("sitemap.xml", "sitemap-index.xml", default, index, listed=False)]


def _sitemap(url: str, listed: tuple[SitemapEntry, ...], default: str) -> Page:
    """One sitemap file listing ``listed``; its ``updated`` is the newest of theirs."""
    updated = max((e.updated for e in listed if e.updated), default=None)
    return Page(url, "sitemap.xml", default, SitemapView(listed), listed=False, updated=updated)


def news_sitemap(stories: Iterable[Story], config: Config) -> Page:
    """/sitemap-news.xml: articles published in the two days before the build."""
    now = config.build_time or datetime.now(config.tz)
    titles = {lang.code: lang.title for lang in config.languages}
    entries = tuple(
        NewsEntry(s.url, titles[s.lang], s.lang, urls.rfc3339(s.published), s.title)
        for s in stories if not s.fallback and now - NEWS_WINDOW <= s.published <= now
    )
    return Page("sitemap-news.xml", "sitemap-news.xml", config.default_language.code, NewsSitemapView(entries), listed=False)


def robots(config: Config) -> Page:
    """/robots.txt naming both sitemaps."""
    view = RobotsView((config.base_url + "sitemap.xml", config.base_url + "sitemap-news.xml"))
    return Page("robots.txt", "robots.txt", config.default_language.code, view, listed=False)
