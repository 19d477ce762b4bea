"""The frozen values passed between pipeline stages.

``load`` makes :class:`Article` values, ``extract`` makes :class:`Facts`,
``localize`` makes :class:`Story` values (one article seen in one language),
``plan`` makes :class:`Page` values and ``render`` makes :class:`Output` values.
Nothing here is ever mutated after construction.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from digest.errors import Diagnostic

# --------------------------------------------------------------------------- load


@dataclass(frozen=True, slots=True)
class Variant:
    """One language version of an article as written: its own title, summary and body."""

    lang: str
    path: str  # as shown in diagnostics, relative to the project
    title: str
    summary: str | None  # None: derive from the lead sentence
    body: str  # Markdown, front matter removed
    body_line: int  # 1-based line of the body's first line in the file


@dataclass(frozen=True, slots=True)
class Overrides:
    """Editors' corrections to extracted facts, from front matter."""

    countries: tuple[str, ...] = ()
    not_countries: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    not_people: tuple[str, ...] = ()
    extract: bool = True  # False: no extraction at all, only what the editor declared


@dataclass(frozen=True, slots=True)
class Article:
    """A validated article: the Indonesian original and its optional translations."""

    slug: str
    published: datetime  # aware, in its declared zone or the site's
    original: Variant
    translations: tuple[Variant, ...] = ()
    tags: tuple[str, ...] = ()
    category: str | None = None
    author: str | None = None
    source: str | None = None
    source_url: str | None = None
    draft: bool = False
    overrides: Overrides = field(default_factory=Overrides)

    def variant(self, lang: str) -> Variant | None:
        """The variant written in ``lang``, if there is one."""
        if self.original.lang == lang:
            return self.original
        for v in self.translations:
            if v.lang == lang:
                return v
        return None


# ------------------------------------------------------------------------ extract


@dataclass(frozen=True, slots=True)
class DateFact:
    """A surface expression that denotes one calendar day; ``date`` None when it contradicts itself."""

    text: str
    date: date | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class RangeFact:
    """A span of days written as one expression ("Selasa (12/9)-Minggu (17/9)")."""

    text: str
    start: date | None
    end: date | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quote as written and the person or body it is attributed to (None: unnamed)."""

    text: str
    speaker: str | None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Dateline:
    """The opening "Jakarta, Outlet —" of an article."""

    place: str
    outlet: str | None


@dataclass(frozen=True, slots=True)
class Facts:
    """Language-free headline facts of one article, extracted from its Indonesian text."""

    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, upper case
    people: tuple[str, ...] = ()
    dates: tuple[DateFact, ...] = ()
    ranges: tuple[RangeFact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sources: tuple[str, ...] = ()
    dateline: Dateline | None = None
    diagnostics: tuple[Diagnostic, ...] = ()  # e.g. a weekday contradicting its date


# ------------------------------------------------------------------- localize/plan


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: its path relative to the site root and its bytes."""

    path: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Page:
    """One page to render: its URL path, template, language and the view it shows."""

    url: str  # site-relative, ends with "/" for directories
    template: str
    lang: str
    view: Any  # a frozen view object built for the template (see views in plan.py)
    translations: tuple[Alternate, ...] = ()  # hreflang: real translations, self included
    switch: tuple[Alternate, ...] = ()  # the same page in the other languages
    canonical: str | None = None  # the page search engines should index; None: this one
    updated: datetime | None = None  # for the sitemap's lastmod
    listed: bool = True  # in the sitemap (not 404, search, feeds)
    key: str = ""  # fingerprint of everything the page shows, besides site-wide settings


# ----------------------------------------------------------------------- localize


@dataclass(frozen=True, slots=True)
class CountryRef:
    """A country as shown in one language: code, CLDR name, flag and the page about it."""

    code: str
    name: str
    flag: str
    url: str

    def __reduce__(self) -> tuple[Any, ...]:
        """Unpickled as one shared object per value: the cache hands the build one per story."""
        return (_shared_country, (self.code, self.name, self.flag, self.url))


@dataclass(frozen=True, slots=True)
class DateRef:
    """A date fact as shown: the words of the text, and the day in the page language."""

    text: str
    iso: str | None
    display: str | None


@dataclass(frozen=True, slots=True)
class Alternate:
    """The same page in another language: hreflang code, the language's own name, URL."""

    lang: str
    name: str  # in that language: "Indonesia", "English"
    url: str
    label: str = ""  # in the page's language: "Indonesian", "Inggris"
    og_locale: str = ""  # Open Graph locale of that language: "id_ID"

    def __reduce__(self) -> tuple[Any, ...]:
        """Unpickled with its few distinct words shared (only the URL is the page's own)."""
        return (_alternate, (self.lang, self.name, self.url, self.label, self.og_locale))


@dataclass(frozen=True, slots=True)
class Story:
    """One article as seen in one language, with display-ready strings."""

    slug: str
    source_path: str  # the original's file, for diagnostics
    lang: str
    url: str
    title: str
    title_lang: str  # the language the title and body are written in
    summary: str
    body_html: str
    fallback: bool  # True: no translation in ``lang``; the body is the original
    canonical: str  # this page, or the original's page when this is a fallback
    published: datetime
    date_display: str
    countries: tuple[CountryRef, ...]
    people: tuple[str, ...]
    dates: tuple[DateRef, ...]
    ranges: tuple[DateRef, ...]
    quotes: tuple[Quote, ...]
    quote_lang: str  # quotes stay in the original language
    sources: tuple[str, ...]
    translations: tuple[Alternate, ...]  # real translations (hreflang), self included
    switch: tuple[Alternate, ...]  # this article's page in every other language
    tags: tuple[str, ...] = ()
    category: str | None = None
    author: str | None = None
    source: str | None = None
    source_url: str | None = None
    key: str = ""  # fingerprint of the article's files and the language: same key, same story
    listing: str = ""  # fingerprint of what lists, feeds and sitemaps show of it: same listing, same teasers

    def __reduce__(self) -> tuple[Any, ...]:
        """Unpickled with its repeated words (languages, the day, tags…) shared between stories."""
        return (_story, tuple(getattr(self, name) for name in _STORY_FIELDS))


# A build holds two stories per article, each unpickled from its own cache entry: unpickled
# apart, equal values would be separate objects (a 100,000-article build held 200,000 copies
# of "id", of each country's name, of each day). These constructors share them instead.
_COUNTRY_REFS: dict[tuple[str, str, str, str], CountryRef] = {}  # bounded: countries × languages
_STORY_FIELDS = tuple(Story.__dataclass_fields__)
_SHARED_STR = frozenset({"lang", "title_lang", "date_display", "quote_lang", "category", "author", "source"})
_SHARED = tuple(name in _SHARED_STR for name in _STORY_FIELDS)
_TAGS = _STORY_FIELDS.index("tags")


def _shared_country(code: str, name: str, flag: str, url: str) -> CountryRef:
    """The one CountryRef with these values."""
    key = (code, name, flag, url)
    ref = _COUNTRY_REFS.get(key)
    if ref is None:
        ref = _COUNTRY_REFS[key] = CountryRef(*key)
    return ref


def _alternate(lang: str, name: str, url: str, label: str, og_locale: str) -> Alternate:
    """An Alternate whose language words are shared."""
    return Alternate(sys.intern(lang), sys.intern(name), url, sys.intern(label), sys.intern(og_locale))


def _story(*values: Any) -> Story:
    """A Story whose repeated words are shared."""
    shared = [sys.intern(v) if share and isinstance(v, str) else v for v, share in zip(values, _SHARED)]
    shared[_TAGS] = tuple(sys.intern(tag) for tag in shared[_TAGS])
    return Story(*shared)
