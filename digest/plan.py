"""Stories → Pages: every page of the site, its URL, template, view and alternates.

Views are frozen objects built for the templates, with display-ready strings; the
templates never see the internal model or the config. Two articles that would write
the same URL are reported here, with both files named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import Callable, Iterable, Iterator

from babel.dates import format_date

from digest import urls
from digest.config import Config, Language
from digest.errors import Diagnostic, error
from digest.model import Alternate, CountryRef, Page, Story


@dataclass(frozen=True)
class Chrome:
    """What every page shows around its content, in the page language."""

    lang: str
    site_title: str
    home: str
    countries: str


@dataclass(frozen=True)
class Teaser:
    """An article as listed on front and country pages."""

    title: str
    title_lang: str
    url: str
    summary: str
    datetime_iso: str
    countries: tuple[CountryRef, ...]
    fallback: bool


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
    """A front page or a country page: days of teasers, paginated."""

    chrome: Chrome
    days: tuple[Day, ...]
    pager: Pager
    country: CountryRef | None = None


@dataclass(frozen=True)
class ArticleView:
    """An article page."""

    chrome: Chrome
    story: Story


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
class Plan:
    """The pages to render and any collisions found while planning them."""

    pages: tuple[Page, ...]
    diagnostics: tuple[Diagnostic, ...]


def plan(stories: Iterable[tuple[Story, ...]], config: Config) -> Plan:
    """Every page of the site for every language, newest articles first."""
    by_lang: dict[str, list[Story]] = defaultdict(list)
    for group in stories:
        for story in group:
            by_lang[story.lang].append(story)
    pages: list[Page] = []
    for lang in config.languages:
        ordered = sorted(by_lang[lang.code], key=lambda s: (s.published, s.slug), reverse=True)
        pages.extend(_language_pages(lang, ordered, config))
    return Plan(tuple(pages), _collisions(pages))


def _same_page(config: Config, path_of: Callable[[Language], str], current: Language) -> tuple[tuple[Alternate, ...], tuple[Alternate, ...]]:
    """hreflang alternates (all languages) and the language switch for a page that exists in every language."""
    every = tuple(urls.alternate(lang.code, path_of(lang), current.code) for lang in config.languages)
    return every, tuple(alt for alt in every if alt.lang != current.code)


def _language_pages(lang: Language, stories: list[Story], config: Config) -> Iterator[Page]:
    """The pages of one language: front pages, articles, country index and country pages."""
    chrome = Chrome(lang.code, lang.title, urls.home(lang), urls.countries(lang))
    for story in stories:
        yield Page(story.url, "article.html", lang.code, ArticleView(chrome, story), story.translations, story.switch)
    yield from _paginated(lang, chrome, stories, urls.home(lang), "index.html", config,
                          lambda other: urls.home(other), None)
    mentions: dict[str, list[Story]] = defaultdict(list)
    refs: dict[str, CountryRef] = {}
    for story in stories:
        for ref in story.countries:
            mentions[ref.code].append(story)
            refs[ref.code] = ref
    entries = tuple(sorted((CountryEntry(refs[c], len(s)) for c, s in mentions.items()), key=lambda e: e.country.name.casefold()))
    alternates, switch = _same_page(config, urls.countries, lang)
    yield Page(urls.countries(lang), "countries.html", lang.code, CountryIndexView(chrome, entries), alternates, switch)
    for code, mentioned in mentions.items():
        yield from _paginated(lang, chrome, mentioned, urls.country(lang, code), "country.html", config,
                              lambda other, code=code: urls.country(other, code), refs[code])


def _paginated(lang: Language, chrome: Chrome, stories: list[Story], first: str, template: str,
               config: Config, path_in: Callable[[Language], str], country: CountryRef | None) -> Iterator[Page]:
    """A list of stories split into pages of ``page_size``, grouped by day within each page."""
    size = config.page_size
    count = max(1, -(-len(stories) // size))
    for number in range(1, count + 1):
        chunk = stories[(number - 1) * size : number * size]
        pager = Pager(
            number, count,
            urls.paged(first, number - 1) if number > 1 else None,
            urls.paged(first, number + 1) if number < count else None,
        )
        alternates, switch = _same_page(config, lambda other: urls.paged(path_in(other), number), lang)
        view = ListView(chrome, _days(chunk, lang.code), pager, country)
        yield Page(urls.paged(first, number), template, lang.code, view, alternates, switch)


def _days(stories: list[Story], lang: str) -> tuple[Day, ...]:
    """Stories (newest first) grouped by their local publication day."""
    loc = urls.locale(lang)
    days = []
    for day, group in groupby(stories, key=lambda s: s.published.date()):
        teasers = tuple(
            Teaser(s.title, s.title_lang, s.url, s.summary, s.published.isoformat(), s.countries, s.fallback)
            for s in group
        )
        days.append(Day(format_date(day, "full", locale=loc), day.isoformat(), teasers))
    return tuple(days)


def _collisions(pages: list[Page]) -> tuple[Diagnostic, ...]:
    """An error for every URL that two articles would both write."""
    seen: dict[str, Page] = {}
    problems = []
    for page in pages:
        first = seen.setdefault(page.url, page)
        if first is not page:
            here = page.view.story.source_path if isinstance(page.view, ArticleView) else page.url
            there = first.view.story.source_path if isinstance(first.view, ArticleView) else first.url
            problems.append(error(here, 1, f"writes the same page /{page.url} as {there}; change the slug or the date"))
    return tuple(problems)
