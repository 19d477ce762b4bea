"""Where each kind of page lives: pure functions from (language, key) to a site path.

Paths are relative to the site root, without a leading slash, and end with "/"
for pages (``2023/09/20/kim-surati-xi/``). Templates turn them into links under the
configured base path; the write stage turns them into ``…/index.html`` files.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton

from digest import names
from digest.config import Language
from digest.model import Alternate
from digest.names import slugify


def rfc3339(moment: datetime) -> str:
    """A time as Atom, sitemaps and schema.org want it (RFC 3339): the zone's offset, or UTC
    where the offset has seconds (local mean time: Asia/Jakarta's +07:07:12 before 1924)."""
    offset = moment.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        moment = moment.astimezone(UTC)
    return moment.isoformat()


@cache
def locale(code: str) -> Locale:
    """The Babel locale for a language code, parsed once."""
    return Locale.parse(code)


# Days repeat across articles (every article of a day, every date a story mentions), and
# Babel's formatting walks CLDR patterns on each call: formatted once per day and language.
# Bounded, for a long-running dev server.
@lru_cache(maxsize=65536)
def full_date(day: date, lang: str) -> str:
    """A full localized date: "Rabu, 20 September 2023", "Wednesday, September 20, 2023"."""
    return _full(day, locale(lang))


def _full(day: date, loc: Locale) -> str:
    """CLDR's full date pattern without its zero-padded day: Indonesian newsrooms write "Senin, 9 Oktober
    2023", where CLDR says "09"."""
    return format_date(day, loc.date_formats["full"].pattern.replace("dd", "d"), locale=loc)


@lru_cache(maxsize=65536)
def date_span(start: date, end: date, lang: str) -> str:
    """A localized span of days: "Sen, 11 Sep – Rab, 13 Sep 2023"."""
    return format_interval(start, end, "yMMMEd", locale=locale(lang))


@lru_cache(maxsize=4096)
def day_span(start: date, end: date, lang: str) -> str:
    """A localized span of days without weekdays: "18 Sep–9 Okt 2023", "Sep 18 – Oct 9, 2023"."""
    return format_interval(start, end, "yMMMMd", locale=locale(lang))


def country_name(code: str, lang: Language) -> str:
    """A country's name in a language: the site's own (``[tool.digest.country_names]``), else newsroom style,
    else CLDR's ("KP" → "Korea Utara")."""
    return names.country_name(code, lang.code, lang.country_names)


def flag(code: str) -> str:
    """The flag emoji of an ISO 3166-1 alpha-2 code, from regional indicator symbols."""
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in code.upper())


def home(lang: Language) -> str:
    """The front page of a language."""
    return lang.prefix


def paged(path: str, number: int) -> str:
    """Page ``number`` (1-based) of a paginated list whose first page is ``path``."""
    return path if number == 1 else f"{path}page/{number}/"


def article(lang: Language, published: datetime, slug: str) -> str:
    """An article's page: its local publication date, then its slug."""
    return f"{lang.prefix}{published.year:04d}/{published.month:02d}/{published.day:02d}/{slug}/"


def countries(lang: Language) -> str:
    """The country index of a language."""
    return f"{lang.prefix}{lang.countries_dir}/"


@cache
def country(lang: Language, code: str) -> str:
    """One country's page, named by its name in the language (see country_name): "negara/korea-utara/"."""
    return f"{countries(lang)}{slugify(country_name(code, lang)) or code.lower()}/"


def static(name: str) -> str:
    """A theme asset."""
    return f"static/{name}"


def alternate(lang: Language, url: str, page_lang: str) -> Alternate:
    """A link to ``url`` in language ``lang`` as shown on a page in ``page_lang``."""
    name, label = _language_names(lang.code, page_lang)
    return Alternate(lang.code, name, url, label, lang.og_locale)


# A language's name for itself where CLDR's reads as something else: its "Indonesia" is
# also the country, and Indonesians name the language "Bahasa Indonesia".
_OWN_NAMES = {"id": "Bahasa Indonesia"}


def language_name(code: str, page_lang: str) -> str:
    """A language's name in the page language: "Indonesian" on an English page."""
    return _language_names(code, page_lang)[1]


@cache
def _language_names(code: str, page_lang: str) -> tuple[str, str]:
    """A language's own name and its name in the page language ("Bahasa Indonesia", "Indonesian")."""
    own = _OWN_NAMES.get(code) or locale(code).display_name or code
    return own, locale(page_lang).languages.get(code, code)


def archive(lang: Language) -> str:
    """The archive index of a language."""
    return f"{lang.prefix}{lang.archive_dir}/"


def month(lang: Language, year: int, number: int) -> str:
    """One month's archive page."""
    return f"{archive(lang)}{year:04d}/{number:02d}/"


def search(lang: Language) -> str:
    """The search page of a language."""
    return f"{lang.prefix}{lang.search_dir}/"


def feed(path: str) -> str:
    """The Atom feed of a list page (front page or country page)."""
    return f"{path}feed.xml"


# Indonesia's three zones by their offset, as Indonesian readers name them.
MEDIA = "media/"  # the photos' renditions, named by their content: site-wide, in no language

_ZONES = {timedelta(hours=7): "WIB", timedelta(hours=8): "WITA", timedelta(hours=9): "WIT"}


def zone_name(moment: datetime) -> str:
    """The zone of a time as readers know it: WIB, WITA or WIT for UTC+7/+8/+9, else "UTC+05:30"."""
    offset = moment.utcoffset() or timedelta(0)
    if offset in _ZONES:
        return _ZONES[offset]
    if not offset:
        return "UTC"
    sign, minutes = ("+" if offset > timedelta(0) else "-"), abs(int(offset.total_seconds())) // 60
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def moment_display(moment: datetime, lang: str) -> str:
    """A publication time as a page shows it: "Selasa, 12 September 2023, 10.00 WIB" (CLDR's full
    date and 24-hour time of the language, then the zone's name)."""
    # The day and the time of day memoized apart: a Babel skeleton costs 0.3 ms a call, and
    # almost every article's moment is its own, while its day and minute repeat.
    local = moment.replace(tzinfo=None)
    minute = local.time().replace(second=0, microsecond=0)
    return f"{full_date(local.date(), lang)}, {_time_display(minute, zone_name(moment), lang)}"


def time_display(moment: datetime, lang: str) -> str:
    """A time of day as a list shows it beside the headline: "09.30 WIB", "09:30 WIB" (24-hour, as
    :func:`moment_display`)."""
    return _time_display(moment.time().replace(tzinfo=None), zone_name(moment), lang)


@lru_cache(maxsize=4096)
def _time_display(local: time, zone: str, lang: str) -> str:
    """:func:`time_display` of a local time of day in the zone named ``zone``."""
    return f"{format_skeleton('Hm', local, locale=locale(lang))} {zone}"


def _segment(name: str) -> str:
    """A URL segment for a name: its slug, or (a name without Latin letters or digits) a short hash of it."""
    return slugify(name) or hashlib.blake2b(name.encode("utf-8", "replace"), digest_size=6).hexdigest()


def section(lang: Language, name: str) -> str:
    """A section (category) page, named by the category as shown in the language ("rubrik/olahraga/")."""
    return f"{lang.prefix}{lang.sections_dir}/{_segment(name)}/"


def byline(lang: Language, name: str) -> str:
    """An author's byline page ("penulis/rina-wulandari/")."""
    return f"{lang.prefix}{lang.authors_dir}/{_segment(name)}/"
