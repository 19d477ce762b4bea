"""Machine-read pages: Atom feeds, the sitemap with hreflang, the news sitemap, robots.txt."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Iterable, Iterator

from digest import urls
from digest.config import Config, Language
from digest.model import Page, Story
from digest.plan.pages import teaser
from digest.plan.views import FeedView, NewsEntry, NewsSitemapView, RobotsView, SitemapEntry, SitemapView

NEWS_WINDOW = timedelta(days=2)  # Google News sitemaps list the last two days only


def feeds(lang: Language, stories: list[Story], config: Config) -> Iterator[Page]:
    """The language's feed and one per country, each with the newest ``feed_size`` entries."""
    yield _feed(lang, stories, urls.home(lang), lang.title, config)
    by_country: dict[str, list[Story]] = defaultdict(list)
    names: dict[str, str] = {}
    for story in stories:
        for ref in story.countries:
            by_country[ref.code].append(story)
            names[ref.code] = ref.name
    for code, mentioned in by_country.items():
        yield _feed(lang, mentioned, urls.country(lang, code), f"{names[code]} · {lang.title}", config)


def _feed(lang: Language, stories: list[Story], page: str, title: str, config: Config) -> Page:
    """One Atom feed for the list page at ``page``."""
    newest = stories[: config.feed_size]
    updated = max((s.published for s in newest), default=datetime(2000, 1, 1, tzinfo=config.tz))
    view = FeedView(title, lang.code, urls.feed(page), page, updated.isoformat(), tuple(teaser(s) for s in newest))
    return Page(urls.feed(page), "feed.xml", lang.code, view, listed=False)


def sitemap(pages: Iterable[Page], config: Config) -> Page:
    """/sitemap.xml: every listed page, with its real translations and x-default."""
    default = config.default_language.code
    entries = []
    for page in pages:
        if not page.listed or (page.canonical and page.canonical != page.url):
            continue  # an untranslated English page defers to its original
        x_default = next((alt.url for alt in page.translations if alt.lang == default), None)
        entries.append(SitemapEntry(page.url, page.updated.isoformat() if page.updated else None, page.translations, x_default))
    return Page("sitemap.xml", "sitemap.xml", default, SitemapView(tuple(entries)), listed=False)


def news_sitemap(stories: Iterable[Story], config: Config) -> Page:
    """/sitemap-news.xml: articles published in the two days before the build."""
    now = config.build_time or datetime.now(config.tz)
    titles = {lang.code: lang.title for lang in config.languages}
    entries = tuple(
        NewsEntry(s.url, titles[s.lang], s.lang, s.published.isoformat(), s.title)
        for s in stories if not s.fallback and now - NEWS_WINDOW <= s.published <= now
    )
    return Page("sitemap-news.xml", "sitemap-news.xml", config.default_language.code, NewsSitemapView(entries), listed=False)


def robots(config: Config) -> Page:
    """/robots.txt naming both sitemaps."""
    view = RobotsView((config.base_url + "sitemap.xml", config.base_url + "sitemap-news.xml"))
    return Page("robots.txt", "robots.txt", config.default_language.code, view, listed=False)
