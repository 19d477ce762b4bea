"""The HTML pages of one language: articles, front pages, countries, archives, search, 404."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import groupby
from typing import Any, Callable, Iterator

from babel.dates import format_date, format_skeleton

from digest import urls
from digest.config import Config, Language
from digest.model import Alternate, CountryRef, Page, Story
from digest.plan.views import (
    ArchiveIndexView, ArticleView, Chrome, CountryEntry, CountryIndexView, Day, ListView, MonthEntry,
    NotFoundView, Pager, SearchView, Teaser,
)


def chrome(lang: Language, search: bool) -> Chrome:
    """The site chrome of a language."""
    return Chrome(lang.code, lang.title, urls.home(lang), urls.countries(lang), urls.archive(lang),
                  urls.search(lang) if search else None, urls.feed(urls.home(lang)))


def teaser(story: Story) -> Teaser:
    """A story as listed."""
    return Teaser(story.title, story.title_lang, story.url, story.summary, story.published.isoformat(),
                  story.countries, story.fallback, story.author)


def same_page(config: Config, path_of: Callable[[Language], str], current: Language) -> tuple[tuple[Alternate, ...], tuple[Alternate, ...]]:
    """hreflang alternates (every language) and the language switch of a page that exists in all languages."""
    every = tuple(urls.alternate(lang, path_of(lang), current.code) for lang in config.languages)
    return every, tuple(alt for alt in every if alt.lang != current.code)


def language_pages(lang: Language, stories: list[Story], config: Config, search: bool) -> Iterator[Page]:
    """Every HTML page of one language; ``stories`` are newest first."""
    look = chrome(lang, search)
    for story in stories:
        view = ArticleView(look, story, news_article(story, lang, config))
        yield Page(story.url, "article.html", lang.code, view, story.translations, story.switch,
                   story.canonical, story.published)
    yield from paginated(lang, look, stories, urls.home(lang), "index.html", config, urls.home)
    yield from country_pages(lang, look, stories, config)
    yield from archive_pages(lang, look, stories, config)
    if search:
        alternates, switch = same_page(config, urls.search, lang)
        yield Page(urls.search(lang), "search.html", lang.code, SearchView(look), alternates, switch, listed=False)


def country_pages(lang: Language, look: Chrome, stories: list[Story], config: Config) -> Iterator[Page]:
    """The country index and one paginated page per country mentioned."""
    mentions: dict[str, list[Story]] = defaultdict(list)
    refs: dict[str, CountryRef] = {}
    for story in stories:
        for ref in story.countries:
            mentions[ref.code].append(story)
            refs[ref.code] = ref
    entries = tuple(sorted((CountryEntry(refs[c], len(s)) for c, s in mentions.items()), key=lambda e: e.country.name.casefold()))
    alternates, switch = same_page(config, urls.countries, lang)
    yield Page(urls.countries(lang), "countries.html", lang.code, CountryIndexView(look, entries), alternates, switch,
               updated=stories[0].published if stories else None)
    for code, mentioned in mentions.items():
        yield from paginated(lang, look, mentioned, urls.country(lang, code), "country.html", config,
                             lambda other, code=code: urls.country(other, code), country=refs[code])


def archive_pages(lang: Language, look: Chrome, stories: list[Story], config: Config) -> Iterator[Page]:
    """The archive index and one page per month, with Babel month names."""
    loc = urls.locale(lang.code)
    months = []
    for (year, number), group in groupby(stories, key=lambda s: (s.published.year, s.published.month)):
        chunk = list(group)
        label = format_skeleton("yMMMM", date(year, number, 1), locale=loc)
        months.append(MonthEntry(label, urls.month(lang, year, number), len(chunk)))
        yield from paginated(lang, look, chunk, urls.month(lang, year, number), "month.html", config,
                             lambda other, y=year, m=number: urls.month(other, y, m), heading=label, feed=False)
    alternates, switch = same_page(config, urls.archive, lang)
    yield Page(urls.archive(lang), "archive.html", lang.code, ArchiveIndexView(look, tuple(months)), alternates, switch,
               updated=stories[0].published if stories else None)


def paginated(lang: Language, look: Chrome, stories: list[Story], first: str, template: str, config: Config,
              path_in: Callable[[Language], str], country: CountryRef | None = None,
              heading: str | None = None, feed: bool = True) -> Iterator[Page]:
    """A list of stories split into pages of ``page_size``, grouped by day within each page."""
    size = config.page_size
    count = max(1, -(-len(stories) // size))
    for number in range(1, count + 1):
        chunk = stories[(number - 1) * size : number * size]
        pager = Pager(number, count, urls.paged(first, number - 1) if number > 1 else None,
                      urls.paged(first, number + 1) if number < count else None)
        alternates, switch = same_page(config, lambda other: urls.paged(path_in(other), number), lang)
        view = ListView(look, days(chunk, lang.code), pager, country, heading, urls.feed(first) if feed else None)
        yield Page(urls.paged(first, number), template, lang.code, view, alternates, switch,
                   updated=chunk[0].published if chunk else None)


def days(stories: list[Story], lang: str) -> tuple[Day, ...]:
    """Stories (newest first) grouped by their local publication day."""
    loc = urls.locale(lang)
    grouped = []
    for day, group in groupby(stories, key=lambda s: s.published.date()):
        grouped.append(Day(format_date(day, "full", locale=loc), day.isoformat(), tuple(teaser(s) for s in group)))
    return tuple(grouped)


def not_found(config: Config, search: bool) -> Page:
    """The bilingual 404 page at the site root."""
    looks = tuple(chrome(lang, search) for lang in config.languages)
    return Page("404.html", "404.html", config.default_language.code, NotFoundView(looks[0], looks), listed=False)


def news_article(story: Story, lang: Language, config: Config) -> dict[str, Any]:
    """schema.org NewsArticle data for an article page (serialized safely by the template)."""
    def absolute(path: str) -> str:
        return config.base_url + path

    publisher = {"@type": "Organization", "name": lang.title, "url": absolute(urls.home(lang))}
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
