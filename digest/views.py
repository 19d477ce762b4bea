"""Pages and the frozen view objects templates receive: made by ``plan``, read by ``render``.

A :class:`Page` is one file of the site: its URL, template, language and its view —
one of the closed union :data:`View`, so every page kind is known to the type checker.
Views hold display-ready strings, never the model or the configuration. List pages
hold the :class:`~digest.model.Story` values they show and make small :class:`Teaser`
values when rendered; an article page names its story, and the render stage receives
the story's :class:`~digest.model.Body` beside it (the plan never holds bodies).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from digest import urls
from digest.model import Alternate, Body, CountryRef, DateRef, Picture, Story


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
    summary_lang: str  # an automatic summary is in the page's language, under the original's title
    datetime_iso: str
    countries: tuple[CountryRef, ...]
    fallback: bool  # not translated: "Indonesian only" (a label before the headline)
    author: str | None = None
    updated_iso: str | None = None  # the last update (feeds' <updated>); None: never updated
    time_display: str = ""  # the local time of day with its zone: "09.30 WIB"
    category: str | None = None  # its section, as named in the list's language
    chips: tuple[CountryRef, ...] = ()  # the first CHIPS countries a list shows (a country page leaves its own out)
    more: int = 0  # how many countries the chips leave out ("+2")
    summary_auto: bool = False  # the summary is made from the facts: "Automatic summary"
    partial: bool = False  # a headline-only translation: "Full text in Indonesian"

    @property
    def key(self) -> tuple[str, tuple[CountryRef, ...]]:
        """What tells apart two teasers of one story: on a country page its chips leave that country out."""
        return self.url, self.chips


@dataclass(frozen=True, slots=True)
class Day:
    """The articles of one publication day, under a localized full-date heading."""

    heading: str
    iso: str
    teasers: tuple[Teaser, ...]


@dataclass(frozen=True, slots=True)
class Edition:
    """What the front page's masthead says of the stories it shows: their days, how many, from where."""

    span: str  # "18 Sep–9 Okt 2023", in the page language
    start_iso: str
    end_iso: str
    stories: int
    countries: int  # distinct countries the stories mention
    bilingual: int  # stories written in both languages


@dataclass(frozen=True, slots=True)
class Lead:
    """The front page's first story, shown large, with its photo when it has one."""

    teaser: Teaser
    image: Picture | None


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
        return days(self.stories, self.chrome.lang, self.country.code if self.country else None)

    @property
    def edition(self) -> Edition | None:
        """The masthead's summary of the stories on this page (None: no stories)."""
        if not self.stories:
            return None
        first, last = self.stories[-1].published.date(), self.stories[0].published.date()
        countries = {ref.code for story in self.stories for ref in story.countries}
        return Edition(urls.day_span(first, last, self.chrome.lang), first.isoformat(), last.isoformat(),
                       len(self.stories), len(countries), sum(len(s.translations) > 1 for s in self.stories))

    @property
    def lead(self) -> Lead | None:
        """The front page's lead: the newest day's newest story with a photo, else its newest (None past page 1)."""
        if self.pager.number != 1 or not self.stories:
            return None
        today = [s for s in self.stories if s.published.date() == self.stories[0].published.date()]
        story = next((s for s in today if s.image is not None), today[0])
        return Lead(teaser(story), story.image)

    @property
    def rest(self) -> tuple[Day, ...]:
        """The days of every story but the lead."""
        lead = self.lead
        return days([s for s in self.stories if lead is None or s.url != lead.teaser.url], self.chrome.lang)


@dataclass(frozen=True, slots=True)
class Quoted:
    """Someone the story quotes, once however often, with where the first quote is (anchor None: not found)."""

    name: str | None  # None: an unnamed speaker
    page: str | None  # the page the quote is on; None: this one
    anchor: str | None


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article page: its story (its body comes to the template beside the view)."""

    chrome: Chrome
    story: Story
    base_url: str
    scheduled: bool = False  # a preview of an article not yet due: the page says so

    @property
    def published_display(self) -> str:
        """The publication time as readers expect it: "Selasa, 12 September 2023, 10.00 WIB" (the day alone if no time)."""
        if self.story.date_only:
            return urls.full_date(self.story.published.date(), self.chrome.lang)
        return urls.moment_display(self.story.published, self.chrome.lang)

    @property
    def updated_display(self) -> str | None:
        """The last update's time, shown the same way (None: never updated)."""
        return urls.moment_display(self.story.updated, self.chrome.lang) if self.story.updated else None

    @staticmethod
    def quoted(body: Body) -> tuple[Quoted, ...]:
        """Who the story quotes, in order of first quote: the facts box names them and links to the words."""
        anchors = body.quote_anchors or (None,) * len(body.quotes)
        seen: dict[str | None, Quoted] = {}
        for quote, anchor in zip(body.quotes, anchors, strict=True):
            if quote.speaker not in seen or seen[quote.speaker].anchor is None:
                seen[quote.speaker] = Quoted(quote.speaker, body.quote_page, anchor)
        return tuple(seen.values())

    @staticmethod
    def days(body: Body) -> tuple[DateRef, ...]:
        """The days and spans the story mentions, each once ("Senin pagi", "Senin siang": one), by date; unclear ones left out."""
        unique = {ref.iso: ref for ref in (*body.dates, *body.ranges) if ref.iso}
        return tuple(unique[iso] for iso in sorted(unique))

    @staticmethod
    def text(body: Body) -> tuple[str, str]:
        """The body's first paragraph (the lead) and the rest: the facts box sits between them on a phone."""
        head, end, rest = body.html.partition("</p>")
        return (head + end, rest) if end else ("", body.html)

    def jsonld(self, body: Body) -> dict[str, Any]:
        """schema.org NewsArticle data (built only when the page is rendered)."""
        story, absolute = self.story, self.base_url.__add__
        publisher = {"@type": "Organization", "name": self.chrome.site_title, "url": absolute(self.chrome.home)}
        places = [{"@type": "Country", "name": c.name, "identifier": c.code} for c in story.countries]
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.title,
            "description": story.summary,
            "datePublished": urls.rfc3339(story.published),
            "inLanguage": story.title_lang,
            "url": absolute(story.canonical),
            "mainEntityOfPage": absolute(story.url),
            "author": {"@type": "Person", "name": story.author} if story.author else publisher,
            "publisher": publisher,
            "about": places,
            "contentLocation": places,
            "mentions": [{"@type": "Person", "name": name} for name in body.people],
        }
        if story.tags:
            data["keywords"] = list(story.tags)
        if story.updated:
            data["dateModified"] = urls.rfc3339(story.updated)
        if story.category:
            data["articleSection"] = story.category
        if story.image is not None:
            share = story.image.share
            data["image"] = {"@type": "ImageObject", "url": absolute(share.name), "width": share.width,
                             "height": share.height}
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
    """A search page (our form on Pagefind's JavaScript API, templates/static/search.js) in one language."""

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
    updated: datetime | None
    alternates: tuple[Alternate, ...]
    default_lang: str  # the language x-default points to

    @property
    def lastmod_iso(self) -> str | None:
        """The page's last modification, as the sitemap writes it."""
        return urls.rfc3339(self.updated) if self.updated else None

    @property
    def x_default(self) -> str | None:
        """The default language's version of the page, when it is a real translation."""
        return next((alt.url for alt in self.alternates if alt.lang == self.default_lang), None)


@dataclass(frozen=True, slots=True)
class SitemapView:
    """/sitemap.xml (or one part of it): every listed page."""

    entries: tuple[SitemapEntry, ...]


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


@dataclass(frozen=True, slots=True)
class MediaView:
    """One rendition of a photo, published as it was made (its bytes come from the build's media cache)."""

    cache: str  # its file in the media cache


View = (MediaView | ArticleView | ListView | CountryIndexView | ArchiveIndexView | SearchView | NotFoundView | FeedView
        | SitemapView | SitemapIndexView | NewsSitemapView | RobotsView)


@dataclass(frozen=True, slots=True)
class Page:
    """One page to render: its URL path, template, language and the view it shows."""

    url: str  # site-relative, ends with "/" for directories
    template: str
    lang: str
    view: View
    translations: tuple[Alternate, ...] = ()  # hreflang: real translations, self included
    switch: tuple[Alternate, ...] = ()  # the same page in the other languages
    canonical: str | None = None  # the page search engines should index; None: this one
    updated: datetime | None = None  # for the sitemap's lastmod
    listed: bool = True  # in the sitemap (not 404, search, feeds)


CHIPS = 3  # countries a teaser shows: the story's main ones; the others are counted


def teaser(story: Story, page_country: str | None = None) -> Teaser:
    """A story as listed; on the page of ``page_country``, its chips leave that country out (the page says it)."""
    chips = tuple(ref for ref in story.countries if ref.code != page_country)
    return Teaser(story.title, story.title_lang, story.url, story.summary, story.summary_lang,
                  urls.rfc3339(story.published), story.countries, story.fallback, story.author,
                  urls.rfc3339(story.updated) if story.updated else None,
                  "" if story.date_only else urls.time_display(story.published, story.lang), story.category,
                  chips[:CHIPS], max(0, len(chips) - CHIPS), story.summary_auto, story.partial)


def days(stories: tuple[Story, ...] | list[Story], lang: str, page_country: str | None = None) -> tuple[Day, ...]:
    """Stories (newest first) grouped by their local publication day (teasers for the page of ``page_country``)."""
    grouped = []
    for day, group in groupby(stories, key=lambda s: s.published.date()):
        grouped.append(Day(urls.full_date(day, lang), day.isoformat(), tuple(teaser(s, page_country) for s in group)))
    return tuple(grouped)
