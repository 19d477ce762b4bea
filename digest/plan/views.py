"""The frozen view objects templates receive: display-ready strings, never the model.

List pages hold small :class:`Teaser` values, so editing an article's body changes
only its own pages; feeds and sitemaps get views of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from digest import urls
from digest.model import Alternate, CountryRef, Page, Story


@dataclass(frozen=True, slots=True)
class Chrome:
    """What every page shows around its content, in the page language."""

    lang: str
    site_title: str
    home: str
    countries: str
    archive: str
    search: str | None  # None when the build has no search index
    feed: str


@dataclass(frozen=True, slots=True)
class Teaser:
    """An article as listed on front, country and archive pages and in feeds."""

    title: str
    title_lang: str
    url: str
    summary: str
    datetime_iso: str
    countries: tuple[CountryRef, ...]
    fallback: bool
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Day:
    """The articles of one publication day, under a localized full-date heading."""

    heading: str
    iso: str
    teasers: tuple[Teaser, ...]


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page sits in a paginated list."""

    number: int
    count: int
    prev: str | None
    next: str | None


@dataclass(frozen=True, slots=True)
class ListView:
    """A front, country or month page: days of teasers, paginated."""

    chrome: Chrome
    stories: tuple[Story, ...]  # newest first
    pager: Pager
    country: CountryRef | None = None
    heading: str | None = None  # a month page's "September 2023"
    feed: str | None = None  # this list's own feed

    @property
    def days(self) -> tuple[Day, ...]:
        """The stories grouped by local publication day (built only when the page is rendered)."""
        return days(self.stories, self.chrome.lang)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article page, with its schema.org NewsArticle data."""

    chrome: Chrome
    story: Story
    base_url: str

    @property
    def jsonld(self) -> dict[str, Any]:
        """schema.org NewsArticle data (built only when the page is rendered)."""
        story, absolute = self.story, self.base_url.__add__
        publisher = {"@type": "Organization", "name": self.chrome.site_title, "url": absolute(self.chrome.home)}
        places = [{"@type": "Country", "name": c.name, "identifier": c.code} for c in story.countries]
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "description": story.summary,
            "datePublished": story.published.isoformat(),
            "inLanguage": story.title_lang,
            "url": absolute(story.canonical),
            "mainEntityOfPage": absolute(story.url),
            "author": {"@type": "Person", "name": story.author} if story.author else publisher,
            "publisher": publisher,
            "about": places,
            "contentLocation": places,
            "mentions": [{"@type": "Person", "name": name} for name in story.people],
        }
        if story.tags:
            data["keywords"] = list(story.tags)
        return data


@dataclass(frozen=True, slots=True)
class CountryEntry:
    """A country in the index, with how many articles mention it."""

    country: CountryRef
    count: int


@dataclass(frozen=True, slots=True)
class CountryIndexView:
    """The list of every country the digest mentions."""

    chrome: Chrome
    entries: tuple[CountryEntry, ...]


@dataclass(frozen=True, slots=True)
class MonthEntry:
    """A month in the archive index."""

    label: str
    url: str
    count: int


@dataclass(frozen=True, slots=True)
class ArchiveIndexView:
    """Every month with articles, newest first."""

    chrome: Chrome
    months: tuple[MonthEntry, ...]


@dataclass(frozen=True, slots=True)
class SearchView:
    """A search page (Pagefind UI) in one language."""

    chrome: Chrome


@dataclass(frozen=True, slots=True)
class NotFoundView:
    """The bilingual 404 page: one chrome per language."""

    chrome: Chrome
    languages: tuple[Chrome, ...]


@dataclass(frozen=True, slots=True)
class FeedView:
    """An Atom feed: the newest entries of a list."""

    title: str
    lang: str
    self_url: str
    page_url: str
    updated_iso: str
    entries: tuple[Teaser, ...]


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """A page in the sitemap with its real translations."""

    url: str
    lastmod_iso: str | None
    alternates: tuple[Alternate, ...]
    x_default: str | None


@dataclass(frozen=True, slots=True)
class SitemapView:
    """/sitemap.xml: every listed page (entries built only when the sitemap is rendered)."""

    pages: tuple[Page, ...]
    default_lang: str

    @property
    def entries(self) -> tuple[SitemapEntry, ...]:
        """One entry per page with its real translations and x-default (the default language)."""
        made = []
        for page in self.pages:
            x_default = next((alt.url for alt in page.translations if alt.lang == self.default_lang), None)
            made.append(SitemapEntry(page.url, page.updated.isoformat() if page.updated else None, page.translations, x_default))
        return tuple(made)


@dataclass(frozen=True, slots=True)
class SitemapPart:
    """One sitemap file as the sitemap index lists it."""

    url: str
    lastmod_iso: str | None


@dataclass(frozen=True, slots=True)
class SitemapIndexView:
    """/sitemap.xml of a site too large for one sitemap: the list of its parts."""

    parts: tuple[SitemapPart, ...]


@dataclass(frozen=True, slots=True)
class NewsEntry:
    """An article of the last two days in the Google News sitemap."""

    url: str
    publication: str
    lang: str
    published_iso: str
    title: str


@dataclass(frozen=True, slots=True)
class NewsSitemapView:
    """/sitemap-news.xml."""

    entries: tuple[NewsEntry, ...]


@dataclass(frozen=True, slots=True)
class RobotsView:
    """/robots.txt: where the sitemaps are."""

    sitemaps: tuple[str, ...]


def teaser(story: Story) -> Teaser:
    """A story as listed."""
    return Teaser(story.title, story.title_lang, story.url, story.summary, story.published.isoformat(),
                  story.countries, story.fallback, story.author)


class Teasers:
    """Teasers made once per story for one plan (a story appears on several lists)."""

    def __init__(self) -> None:
        self._made: dict[str, Teaser] = {}

    def __call__(self, story: Story) -> Teaser:
        """The teaser of ``story``."""
        made = self._made.get(story.url)
        if made is None:
            made = self._made[story.url] = teaser(story)
        return made


def days(stories: tuple[Story, ...] | list[Story], lang: str) -> tuple[Day, ...]:
    """Stories (newest first) grouped by their local publication day."""
    grouped = []
    for day, group in groupby(stories, key=lambda s: s.published.date()):
        grouped.append(Day(urls.full_date(day, lang), day.isoformat(), tuple(teaser(s) for s in group)))
    return tuple(grouped)

