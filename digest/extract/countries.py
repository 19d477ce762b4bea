"""Countries named in the text, as ISO 3166-1 alpha-2 codes (CLDR names plus Indonesian usage)."""

from __future__ import annotations

import re
from functools import lru_cache

from digest.extract.country_data import (
    ALLOW_BEFORE,
    AMBIGUOUS,
    BLOCK_AFTER,
    BLOCK_BEFORE,
    EXTRA_NAMES,
)
from digest.extract.text import alternation, sentence_initial

# Pseudo-territories CLDR lists with two-letter codes that are not countries.
_NOT_COUNTRIES = frozenset({"ZZ", "EU", "UN", "EZ", "QO", "XA", "XB", "XK"})
_AFTER_AS = frozenset({"Roma", "Monaco", "Nancy", "Saint", "Livorno", "Cannes"})


def _variants(name: str) -> set[str]:
    """A CLDR name and its shorter spellings ("Myanmar (Burma)" -> Myanmar, Burma)."""
    out = {name}
    m = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if m:
        out |= {m.group(1), m.group(2)}
    for suffix in (" DAK Tiongkok", " SAR China"):
        if name.endswith(suffix):
            out.add(name[: -len(suffix)])
    for prefix in ("Wilayah ", "Republik "):
        if name.startswith(prefix):
            out.add(name[len(prefix):])
    if name == "Palestinian Territories":
        out.add("Palestine")
    return {v.replace("’", "'") for v in out} | out


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, ...]]:
    """Surface form -> codes, from Babel's Indonesian and English territory names plus extras."""
    from babel import Locale

    names: dict[str, tuple[str, ...]] = {}
    for lang in ("en", "id"):
        for code, name in Locale(lang).territories.items():
            if not re.fullmatch(r"[A-Z]{2}", code) or code in _NOT_COUNTRIES:
                continue
            for v in _variants(name):
                if v not in AMBIGUOUS:
                    names.setdefault(v, (code,))
    for form, codes in EXTRA_NAMES.items():
        names[form] = codes
    return names


def _compile(names: list[str]) -> re.Pattern[str]:
    # Word boundaries that treat hyphens as separators ("DPRK-China", "Rusia-Korut"). The
    # check for no word character before the name is made after its first character
    # ("(?<!\w.)", the same test): the pattern then opens with the names' first letters,
    # which the engine skips ahead to instead of trying a look-behind at every offset.
    alt = alternation(names, after_first=r"(?<![\w].)")
    return re.compile(r"(" + alt + r")(?:lah|nya|pun|kah)?(?![\w])")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    """The pattern of all names."""
    return _compile(list(gazetteer()))


@lru_cache(maxsize=1)
def _capital_pattern() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """(the pattern of the names opening with a capital, strings one of which a text holds
    when it holds one of the other names).

    The few names opening in lower case ("dua Korea", "eSwatini") make the full pattern
    try a match at every "d", "e" and "k"; a text holding none of them nowhere matches
    them, so the pattern without them finds the same matches there, trying capitals only.
    """
    names = list(gazetteer())
    lower = [n for n in names if not n[0].isupper()]
    # A name holding another ("kedua Korea", "dua Korea") needs no test of its own.
    tests = tuple(n for n in lower if not any(o != n and o in n for o in lower))
    return _compile([n for n in names if n[0].isupper()]), tests


# The word right before a mention, read in the reversed window before it: what
# "([\w.]+)[ \t]+$" finds searching the window itself, where "$" may also match before a
# final "\n" (hence the optional "\n"). An anchored match replaces a search trying
# every offset of the window.
_WORD_BEFORE_REV = re.compile(r"\n?[ \t]+([\w.]+)")
# The word right after a mention, matched at its end (so without "^").
_WORD_AFTER = re.compile(r"[ \t]+([\w]+)")


def find_countries(text: str) -> list[tuple[str, int, int]]:
    """(code, start, end) for every country mention that refers to the country itself."""
    names = gazetteer()
    capital, others = _capital_pattern()
    found: list[tuple[str, int, int]] = []
    for m in (_pattern() if any(n in text for n in others) else capital).finditer(text):
        name, start = m.group(1), m.start()
        if not _blocked(text, start, m.end(1), name):
            end = m.end()
            found += ((code, start, end) for code in names[name])
    return found


def _blocked(text: str, start: int, end: int, name: str) -> bool:
    """True when the mention is part of another name (outlet, company, sea, currency...)."""
    after = _WORD_AFTER.match(text, end, end + 30)  # as in text[end:end + 30]
    nxt = after.group(1) if after else ""
    # "Malaysia Open", "Laut China Selatan"; "Korea Selatan" itself is a full name.
    if (nxt in BLOCK_AFTER and not name.endswith(("Utara", "Selatan"))
            and not (nxt in ("Utara", "Selatan", "Timur", "Barat", "Tengah") and name in ("AS", "RI"))):
        return True
    if name == "AS" and nxt in _AFTER_AS:
        return True
    before = _WORD_BEFORE_REV.match(text[max(0, start - 40):start][::-1])
    prev = before.group(1)[::-1].rstrip(".") if before else ""
    if prev in BLOCK_BEFORE:
        two = text[max(0, start - 20):start]
        return not re.search(r"Angkatan (?:Laut|Udara)\s+$", two)
    if not prev or not prev[0].isupper() or prev in ALLOW_BEFORE:
        return False
    if sentence_initial(text, start - len(prev) - 1) or _opens_story(text, start - len(prev) - 1):
        return False
    if prev in gazetteer():
        return False  # "Rusia-Korut", "China Jepang": two countries side by side
    if prev.isupper() and len(prev) >= 2:
        return True  # an acronym owns the name: "CNN Indonesia"
    return prev[0].isupper() and prev.lower() not in _LOWERABLE


def _opens_story(text: str, pos: int) -> bool:
    """True when only blanks (a masked dateline) stand between ``pos`` and the line's start."""
    line = text.rfind("\n", 0, pos) + 1
    return not text[line:pos].strip(" \t")


# Capitalised words that are ordinary words when written mid-sentence in titles.
_LOWERABLE = frozenset({"timnas", "presiden", "pemerintah", "warga", "rakyat", "bangsa"})
