"""The frozen view objects templates receive: display-ready strings, never the model.

List pages hold small :class:`Teaser` values, so editing an article's body changes
only its own pages; feeds and sitemaps get views of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from digest.model import Alternate, CountryRef, Story


@dataclass(frozen=True)
class Chrome:
    """What every page shows around its content, in the page language."""

    lang: str
    site_title: str
    home: str
    countries: str
    archive: str
    search: str | None  # None when the build has no search index
    feed: str


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Day:
    """The articles of one publication day, under a localized full-date heading."""

    heading: str
    iso: str
    teasers: tuple[Teaser, ...]


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a paginated list."""

    number: int
    count: int
    prev: str | None
    next: str | None


@dataclass(frozen=True)
class ListView:
    """A front, country or month page: days of teasers, paginated."""

    chrome: Chrome
    days: tuple[Day, ...]
    pager: Pager
    country: CountryRef | None = None
    heading: str | None = None  # a month page's "September 2023"
    feed: str | None = None  # this list's own feed


@dataclass(frozen=True)
class ArticleView:
    """An article page, with its schema.org NewsArticle data."""

    chrome: Chrome
    story: Story
    jsonld: dict[str, Any]


@dataclass(frozen=True)
class CountryEntry:
    """A country in the index, with how many articles mention it."""

    country: CountryRef
    count: int


@dataclass(frozen=True)
class CountryIndexView:
    """The list of every country the digest mentions."""

    chrome: Chrome
    entries: tuple[CountryEntry, ...]


@dataclass(frozen=True)
class MonthEntry:
    """A month in the archive index."""

    label: str
    url: str
    count: int


@dataclass(frozen=True)
class ArchiveIndexView:
    """Every month with articles, newest first."""

    chrome: Chrome
    months: tuple[MonthEntry, ...]


@dataclass(frozen=True)
class SearchView:
    """A search page (Pagefind UI) in one language."""

    chrome: Chrome


@dataclass(frozen=True)
class NotFoundView:
    """The bilingual 404 page: one chrome per language."""

    chrome: Chrome
    languages: tuple[Chrome, ...]


@dataclass(frozen=True)
class FeedView:
    """An Atom feed: the newest entries of a list."""

    title: str
    lang: str
    self_url: str
    page_url: str
    updated_iso: str
    entries: tuple[Teaser, ...]


@dataclass(frozen=True)
class SitemapEntry:
    """A page in the sitemap with its real translations."""

    url: str
    lastmod_iso: str | None
    alternates: tuple[Alternate, ...]
    x_default: str | None


@dataclass(frozen=True)
class SitemapView:
    """/sitemap.xml."""

    entries: tuple[SitemapEntry, ...]


@dataclass(frozen=True)
class NewsEntry:
    """An article of the last two days in the Google News sitemap."""

    url: str
    publication: str
    lang: str
    published_iso: str
    title: str


@dataclass(frozen=True)
class NewsSitemapView:
    """/sitemap-news.xml."""

    entries: tuple[NewsEntry, ...]


@dataclass(frozen=True)
class RobotsView:
    """/robots.txt: where the sitemaps are."""

    sitemaps: tuple[str, ...]
