"""The HTML pages of one language: articles, front pages, countries, archives, search, 404."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, datetime
from functools import partial
from itertools import groupby

from babel.dates import format_skeleton

from digest import urls
from digest.config import Config, Language
from digest.model import Alternate, CountryRef, Story
from digest.views import (
    ArchiveIndexView,
    ArticleView,
    Chrome,
    CountryEntry,
    CountryIndexView,
    ListView,
    MonthEntry,
    NotFoundView,
    Page,
    Pager,
    SearchView,
)


def chrome(lang: Language, search: bool) -> Chrome:
    """The site chrome of a language."""
    return Chrome(lang.code, lang.title, urls.home(lang), urls.countries(lang), urls.archive(lang),
                  urls.search(lang) if search else None, urls.feed(urls.home(lang)))


def same_page(config: Config, path_of: Callable[[Language], str],
              current: Language) -> tuple[tuple[Alternate, ...], tuple[Alternate, ...]]:
    """hreflang alternates (every language) and the language switch of a page that exists in all languages."""
    every = tuple(urls.alternate(lang, path_of(lang), current.code) for lang in config.languages)
    return every, tuple(alt for alt in every if alt.lang != current.code)


def listed(story: Story, config: Config) -> bool:
    """Whether lists, feeds and the sitemap show ``story``: all do, unless ``list_untranslated = false`` keeps
    the stories not translated into their language off them. Such a story's page is still made (the original's
    language switch links to it), and so is every list page it links to, empty or not, out of the sitemap."""
    return config.list_untranslated or not story.fallback


def language_pages(lang: Language, stories: list[Story], config: Config, search: bool,
                   now: datetime | None = None) -> Iterator[Page]:
    """Every HTML page of one language; ``stories`` are newest first."""
    look = chrome(lang, search)
    for story in stories:
        yield article_page(look, story, config, scheduled(story, config, now))
    shown = [story for story in stories if listed(story, config)]
    yield from paginated(lang, look, shown, urls.home(lang), "index.html", config, urls.home)
    yield from country_pages(lang, look, stories, config)
    yield from archive_pages(lang, look, shown, config)
    if search:
        alternates, switch = same_page(config, urls.search, lang)
        yield Page(urls.search(lang), "search.html", lang.code, SearchView(look), alternates, switch, listed=False)


def scheduled(story: Story, config: Config, now: datetime | None) -> bool:
    """True when a preview shows ``story`` before it is due: its page is labelled as scheduled."""
    return config.previewing and now is not None and story.published > now


def article_page(look: Chrome, story: Story, config: Config, scheduled: bool = False) -> Page:
    """An article's page in one language: it shows that story alone (with the site chrome)."""
    view = ArticleView(look, story, config.base_url, scheduled)
    return Page(story.url, "article.html", story.lang, view, story.translations,
                story.switch, story.canonical, story.updated or story.published)


def country_pages(lang: Language, look: Chrome, stories: list[Story], config: Config) -> Iterator[Page]:
    """The country index and one paginated page per country mentioned (listing the stories lists show)."""
    mentions: dict[str, list[Story]] = defaultdict(list)
    refs: dict[str, CountryRef] = {}
    for story in stories:
        for ref in story.countries:
            refs[ref.code] = ref
            if listed(story, config):
                mentions[ref.code].append(story)
    entries = tuple(sorted((CountryEntry(refs[c], len(s)) for c, s in mentions.items()), key=lambda e: e.country.name.casefold()))
    alternates, switch = same_page(config, urls.countries, lang)
    yield Page(urls.countries(lang), "countries.html", lang.code, CountryIndexView(look, entries), alternates, switch,
               updated=stories[0].published if stories else None)
    for code, ref in refs.items():
        yield from paginated(lang, look, mentions[code], urls.country(lang, code), "country.html", config,
                             partial(_country_in, code), country=ref, linked_only=True)


def archive_pages(lang: Language, look: Chrome, stories: list[Story], config: Config) -> Iterator[Page]:
    """The archive index and one page per month, with Babel month names."""
    loc = urls.locale(lang.code)
    months = []
    for (year, number), group in groupby(stories, key=lambda s: (s.published.year, s.published.month)):
        chunk = list(group)
        label = format_skeleton("yMMMM", date(year, number, 1), locale=loc)
        months.append(MonthEntry(label, urls.month(lang, year, number), len(chunk)))
        yield from paginated(lang, look, chunk, urls.month(lang, year, number), "month.html", config,
                             partial(_month_in, year, number), heading=label, feed=False)
    alternates, switch = same_page(config, urls.archive, lang)
    yield Page(urls.archive(lang), "archive.html", lang.code, ArchiveIndexView(look, tuple(months)), alternates, switch,
               updated=stories[0].published if stories else None)


def _country_in(code: str, lang: Language) -> str:
    """A country's page in ``lang``."""
    return urls.country(lang, code)


def _month_in(year: int, month: int, lang: Language) -> str:
    """A month's archive page in ``lang``."""
    return urls.month(lang, year, month)


def _paged_in(path_in: Callable[[Language], str], number: int, lang: Language) -> str:
    """Page ``number`` of a paginated list in ``lang``."""
    return urls.paged(path_in(lang), number)


def paginated(lang: Language, look: Chrome, stories: list[Story], first: str, template: str, config: Config,
              path_in: Callable[[Language], str], country: CountryRef | None = None,
              heading: str | None = None, feed: bool = True, linked_only: bool = False) -> Iterator[Page]:
    """A list of stories split into pages of ``page_size``, grouped by day within each page.

    ``linked_only``: a country, section or byline page, which is out of the sitemap when it lists nothing
    (it is there for the links of stories lists leave out, see :func:`listed`).
    """
    size = config.page_size
    count = max(1, -(-len(stories) // size))
    for number in range(1, count + 1):
        chunk = stories[(number - 1) * size : number * size]
        pager = Pager(number, count, urls.paged(first, number - 1) if number > 1 else None,
                      urls.paged(first, number + 1) if number < count else None)
        alternates, switch = same_page(config, partial(_paged_in, path_in, number), lang)
        view = ListView(look, tuple(chunk), pager, country, heading, urls.feed(first) if feed else None)
        yield Page(urls.paged(first, number), template, lang.code, view, alternates, switch,
                   updated=chunk[0].published if chunk else None, listed=bool(chunk) or not linked_only)


def not_found(config: Config, search: bool) -> Page:
    """The bilingual 404 page at the site root."""
    looks = tuple(chrome(lang, search) for lang in config.languages)
    return Page("404.html", "404.html", config.default_language.code, NotFoundView(looks[0], looks), listed=False)
