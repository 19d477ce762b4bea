"""Names as pages show them: countries (CLDR, the newsroom's, the site's own) and categories (newsroom rubrics).

Pure functions of a name, a language code and the site's own names (passed in, from
:class:`~digest.config.Config`): several stages name the same country or section, and
a page's address is made from its name, so they must all name it alike. Nothing here
imports the rest of digest, so that ``config`` can check the site's own names with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

# Pseudo-territories CLDR lists with two-letter codes that are not countries.
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"})


@cache
def country_codes() -> frozenset[str]:
    """Every country's ISO code that CLDR names (read when first asked: a no-op build never needs Babel)."""
    from babel import Locale

    return frozenset(code for code in map(str, Locale("en").territories)
                     if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES)

Own = tuple[tuple[str, str], ...]  # the site's own names: (code or original name, name shown), as configured


def slugify(text: str) -> str:
    """An ASCII URL segment for a display name: "Côte d’Ivoire" → "cote-d-ivoire"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


# Newsroom style where CLDR's name is a disambiguation, not what a reporter writes:
# "Myanmar (Burma)", "Congo - Kinshasa", "Hong Kong SAR China" in a headline's chip.
NEWSROOM_NAMES: dict[str, dict[str, str]] = {
    "id": {"MM": "Myanmar", "CD": "RD Kongo", "CG": "Republik Kongo", "HK": "Hong Kong", "MO": "Makau",
           "PS": "Palestina"},
    "en": {"MM": "Myanmar", "CD": "DR Congo", "CG": "Republic of the Congo", "HK": "Hong Kong", "MO": "Macau",
           "PS": "Palestine"},
}


@cache
def _territories(lang: str) -> dict[str, str]:
    """CLDR's country names in a language."""
    from babel import Locale  # (see country_codes)

    return {str(code): str(name) for code, name in Locale.parse(lang).territories.items()}


def country_name(code: str, lang: str, own: Own = ()) -> str:
    """A country's name in a language: the site's own, else newsroom style, else CLDR's ("KP", "id" → "Korea Utara")."""
    for known, name in own:
        if known == code:
            return name
    return NEWSROOM_NAMES.get(lang, {}).get(code) or _territories(lang).get(code, code)


def misnamed(lang: str, table: dict[str, object], own: Own) -> list[tuple[str, tuple[str]]]:
    """What is wrong with a site's own country names in one language (``table`` as written, ``own`` as read):
    unknown codes, names that are not one line of text, a name that would give two countries one page.
    Each problem with the entry of ``table`` it is about."""
    problems = []
    for code, name in table.items():
        if code.strip().upper() not in country_codes():
            problems.append((f"country_names.{lang}: '{code}' is not an ISO 3166-1 alpha-2 country code (like KP, CN, GB)",
                             (code,)))
        elif not isinstance(name, str) or not name.strip() or len(name) > 100 or re.search(r"[\x00-\x1f\x7f]", name):
            problems.append((f'country_names.{lang}: {code} must be the country\'s name on one line, like "Korea Utara" '
                             "(at most 100 characters)", (code,)))
    if problems:
        return problems
    named = {code: country_name(code, lang, own) for code in sorted(country_codes())}
    pages: dict[str, list[str]] = {}
    for code, name in named.items():
        pages.setdefault(slugify(name) or code.lower(), []).append(code)
    for (code, name), entry in zip(own, table, strict=True):
        others = [other for other in pages[slugify(name) or code.lower()] if other != code]
        if others:
            problems.append((f"country_names.{lang}: {code} = {name!r} would give {others[0]} ({named[others[0]]!r}) "
                             f"and {code} one page; name one of them otherwise", (entry,)))
    return problems


# The rubrics of Indonesian newsrooms in other languages. One English name per rubric and
# no two rubrics with one name: a section's page in one language has one counterpart in
# each other (tests/test_names.py holds that).
RUBRICS: dict[str, dict[str, str]] = {
    "en": {
        "nasional": "National", "internasional": "World", "ekonomi": "Business", "olahraga": "Sport",
        "politik": "Politics", "hukum": "Law", "kriminal": "Crime", "teknologi": "Technology", "tekno": "Tech",
        "sains": "Science", "kesehatan": "Health", "pendidikan": "Education", "hiburan": "Entertainment",
        "gaya hidup": "Lifestyle", "otomotif": "Motoring", "wisata": "Travel", "pariwisata": "Tourism",
        "opini": "Opinion", "editorial": "Editorial", "budaya": "Culture", "seni": "Arts", "metropolitan": "Metro",
        "daerah": "Regional", "lingkungan": "Environment", "keuangan": "Finance", "properti": "Property",
        "sepak bola": "Football", "agama": "Religion", "kuliner": "Food", "humaniora": "Humanities",
        "pemilu": "Elections", "cek fakta": "Fact Check", "foto": "Photos", "video": "Video",
    },
}

# Words an Indonesian title keeps in lower case inside a name ("Hukum dan Kriminal").
_SMALL_WORDS = frozenset({"dan", "atau", "di", "ke", "dari", "untuk", "yang", "serta", "&"})


def rubric_key(name: str) -> str:
    """A category name as it is matched: case, hyphens and spacing aside ("Gaya-Hidup" → "gaya hidup")."""
    return " ".join(re.sub(r"[-_]", " ", name).casefold().split())


def capitalised(name: str) -> str:
    """A category name as a heading: written all in lower case, each word capitalised but the small ones
    ("gaya hidup" → "Gaya Hidup"); with any capital in it, as the editor wrote it ("DKI Jakarta", "iPhone")."""
    if name != name.lower():
        return name
    words = name.split(" ")
    return " ".join(w if n and w in _SMALL_WORDS else w[:1].upper() + w[1:] for n, w in enumerate(words))


def rubric(name: str, lang: str) -> str | None:
    """The built-in name of a category in a language, when it is a common newsroom rubric (None: it is not)."""
    return RUBRICS.get(lang, {}).get(rubric_key(name))


def category_name(name: str, lang: str, own: Own = ()) -> str:
    """A category's name in a language: the site's own name for it (``own``, matched case-insensitively),
    else the built-in rubric's, else the name as written, capitalised. The original language passes no
    ``own`` and has no rubric table: its names are the editors' own, capitalised."""
    key = rubric_key(name)
    for original, shown in own:
        if rubric_key(original) == key:
            return shown
    return rubric(name, lang) or capitalised(name)


def same_keys(names: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of names that are matched as one (``Olahraga`` and ``olahraga``): the second of each pair."""
    seen: dict[str, str] = {}
    pairs = []
    for name in names:
        first = seen.setdefault(rubric_key(name), name)
        if first != name:
            pairs.append((first, name))
    return pairs
