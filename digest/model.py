"""The frozen values passed between the pipeline stages.

``load`` makes :class:`Article` values, ``extract`` makes :class:`Facts`, ``localize``
makes one :class:`Story` and one :class:`Body` per article and language (together a
:class:`Localized`). ``plan`` turns stories into pages (``views.py``) and ``render``
turns pages into :class:`Output` values. Nothing here is mutated after construction,
and nothing here knows how values are cached, fingerprinted or pickled (``build/``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from digest.errors import Diagnostic

# --------------------------------------------------------------------------- load


@dataclass(frozen=True, slots=True)
class ImageSource:
    """A photo an article names: its lead ``image`` in front matter, or an image in its body."""

    src: str  # as written, relative to the article's file
    path: str  # the file, relative to the project (as shown in diagnostics)
    line: int  # where it is named
    alt: str
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Variant:
    """One language version of an article as written: its own title, summary and body."""

    lang: str
    path: str  # as shown in diagnostics, relative to the project
    title: str
    summary: str | None  # None: derive from the lead sentence
    body: str  # Markdown, front matter removed
    body_line: int  # 1-based line of the body's first line in the file
    correction: str | None = None  # Markdown: a correction note in this language (a translation may give its own)
    image_alt: str | None = None  # a translation's own image.alt (None: the original's)
    image_caption: str | None = None  # a translation's own image.caption (None: the original's)
    figures: tuple[ImageSource, ...] = ()  # the images its Markdown body shows, with their lines
    # a translation's ``translated_from``: the fingerprint of the original's text it was made from
    # (editorial metadata for ``digest translations``; no page shows it)
    translated_from: str | None = None

    @property
    def partial(self) -> bool:
        """A headline-only translation: a title and a summary, no body (pages show the original's text)."""
        return not self.body.strip()


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
    updated: datetime | None = None  # when the article was last updated (never before ``published``)
    image: ImageSource | None = None  # the lead photo (front matter ``image``)
    date_only: bool = False  # ``date`` gives a day and no time of day: pages show no time

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

    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, upper case; the most mentioned first (ties: first mentioned)
    people: tuple[str, ...] = ()
    dates: tuple[DateFact, ...] = ()
    ranges: tuple[RangeFact, ...] = ()
    quotes: tuple[Quote, ...] = ()
    sources: tuple[str, ...] = ()
    dateline: Dateline | None = None
    diagnostics: tuple[Diagnostic, ...] = ()  # e.g. a weekday contradicting its date


# ----------------------------------------------------------------------- localize


@dataclass(frozen=True, slots=True)
class Rendition:
    """One published file of a photo: its site path (named by the photo's content hash), size and type."""

    name: str  # "media/<hash16>-800.webp", site-relative
    width: int
    height: int
    mime: str  # image/webp, image/jpeg or image/png
    cache: str = ""  # its file in the build's media cache, "<hash>-800.webp"


@dataclass(frozen=True, slots=True)
class Picture:
    """A photo as a page shows it: its renditions (narrowest first, WebP and a fallback each) and its words."""

    key: str  # the content hash its renditions are named and cached by
    width: int  # of the largest rendition
    height: int
    renditions: tuple[Rendition, ...]
    alt: str
    caption: str | None = None
    credit: str | None = None

    def sources(self, mime: str) -> tuple[Rendition, ...]:
        """The renditions of one type, narrowest first."""
        return tuple(r for r in self.renditions if r.mime == mime)

    @property
    def fallback(self) -> tuple[Rendition, ...]:
        """The JPEG or PNG renditions every browser shows."""
        return tuple(r for r in self.renditions if r.mime != "image/webp")

    @property
    def share(self) -> Rendition:
        """The rendition for og:image and JSON-LD: the first fallback at least 1200 px wide, else the largest."""
        wide = [r for r in self.fallback if r.width >= 1200]
        return wide[0] if wide else self.fallback[-1]


@dataclass(frozen=True, slots=True)
class CountryRef:
    """A country as shown in one language: code, CLDR name, flag and the page about it."""

    code: str
    name: str
    flag: str
    url: str


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


@dataclass(frozen=True, slots=True)
class Story:
    """One article as seen in one language: everything a list, feed or sitemap can show of it.

    What only the article's own page shows is its :class:`Body`, kept apart so that
    lists never hold (or depend on) bodies.
    """

    slug: str
    source_path: str  # the original's file, for diagnostics
    lang: str
    url: str
    title: str
    title_lang: str  # the language the title is written in
    summary: str
    summary_lang: str  # the language the summary is written in (an automatic one is in ``lang``)
    fallback: bool  # True: no translation in ``lang``; the title and body are the original's
    canonical: str  # this page, or the original's page when this is a fallback
    published: datetime
    date_display: str
    countries: tuple[CountryRef, ...]
    translations: tuple[Alternate, ...]  # real translations (hreflang), self included
    switch: tuple[Alternate, ...]  # this article's page in every other language
    tags: tuple[str, ...] = ()
    category: str | None = None
    author: str | None = None
    source: str | None = None
    source_url: str | None = None
    updated: datetime | None = None  # the last update, in the site's zone
    category_url: str | None = None  # the section page of ``category`` (the name as shown in ``lang``)
    category_key: str | None = None  # the category as the original names it: its section in every language
    author_url: str | None = None  # the byline page of ``author``
    image: Picture | None = None  # the lead photo, with its words in this story's language
    media: tuple[Rendition, ...] = ()  # every file of every photo the article shows (its lead and body images)
    date_only: bool = False  # published on a day, at no stated time: no time of day shown
    standfirst: str | None = None  # the summary the editor wrote, shown under the headline (None: none written)
    partial: bool = False  # a headline-only translation: its title and summary over the original's body
    summary_auto: bool = False  # the summary is made from the facts (a story not written in ``lang``): say so


@dataclass(frozen=True, slots=True)
class Body:
    """What only a story's own page shows: the rendered text and the headline facts."""

    html: str  # sanitized
    lang: str  # the language the text is written in (the original's, under a fallback or a headline-only translation)
    people: tuple[str, ...]
    dates: tuple[DateRef, ...]
    ranges: tuple[DateRef, ...]
    quotes: tuple[Quote, ...]
    quote_lang: str  # quotes stay in the original language
    sources: tuple[str, ...]
    correction: str | None = None  # sanitized HTML of the correction note
    correction_lang: str = ""  # the language the correction is written in
    quote_anchors: tuple[str | None, ...] = ()  # each quote's paragraph id in the original's text (None: not found)
    quote_page: str | None = None  # the page those ids are on; None: this one (it shows the original's text)


@dataclass(frozen=True, slots=True)
class Localized:
    """One article in every language: a story and a body per language, the original's first."""

    stories: tuple[Story, ...]
    bodies: tuple[Body, ...]


# ------------------------------------------------------------------------- render


@dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: its path relative to the site root and its bytes."""

    path: str
    data: bytes
