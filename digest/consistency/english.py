"""What an English translation says in its own words: the days it names and the names it gives countries.

Month and weekday names come from Babel's CLDR data; the short forms and demonyms a
reporter writes for a country ("US", "British") are data here, because CLDR has none.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from babel.dates import get_day_names, get_month_names

from digest.names import country_name


@dataclass(frozen=True, slots=True)
class Day:
    """A day an English text names: a calendar day (month, day) or a bare weekday (Monday=0)."""

    start: int
    end: int
    month_day: tuple[tuple[int, int], ...] = ()  # each reading of it ("2/10": 2 October, or 10 February)
    weekday: int | None = None  # a weekday named without a date ("on Sunday night")


# Beyond CLDR's name (names.country_name): what English news copy also calls a country or its people.
COUNTRY_FORMS: dict[str, tuple[str, ...]] = {
    "US": ("US", "U.S.", "USA", "America", "American", "Americans"),
    "GB": ("UK", "U.K.", "Britain", "British", "Great Britain", "England", "English"),
    "KR": ("South Korean", "South Koreans", "Republic of Korea"),
    "KP": ("North Korean", "North Koreans", "DPRK"),
    "CN": ("Chinese",), "JP": ("Japanese",), "ID": ("Indonesian", "Indonesians"),
    "PH": ("Philippine", "Filipino", "Filipinos"), "AU": ("Australian", "Australians"), "TH": ("Thai",),
    "BR": ("Brazilian", "Brazilians"), "MY": ("Malaysian", "Malaysians"), "NL": ("Dutch", "Holland"),
    "RU": ("Russian", "Russians"), "UA": ("Ukrainian", "Ukrainians"), "IN": ("Indian",),
    "SG": ("Singaporean",), "VN": ("Vietnamese", "Viet Nam"), "FR": ("French",), "DE": ("German", "Germans"),
    "IT": ("Italian",), "ES": ("Spanish",), "SA": ("Saudi", "Saudis"), "EG": ("Egyptian", "Egyptians"),
    "TR": ("Turkey", "Turkish"), "IR": ("Iranian",), "IQ": ("Iraqi",), "IL": ("Israeli", "Israelis"),
    "PS": ("Palestinian", "Palestinians"), "TW": ("Taiwanese",), "CA": ("Canadian",), "MX": ("Mexican",),
    "AR": ("Argentine", "Argentinian"), "CO": ("Colombian",), "ET": ("Ethiopian",), "BE": ("Belgian",),
    "CH": ("Swiss",), "PK": ("Pakistani",), "BD": ("Bangladeshi",), "MM": ("Burmese", "Burma"),
    "KH": ("Cambodian",), "LA": ("Lao", "Laotian"), "TL": ("East Timor", "Timorese"), "NZ": ("New Zealander",),
    "CD": ("Congolese", "Congo"), "CG": ("Congolese", "Congo"), "QA": ("Qatari",),
    "AE": ("UAE", "Emirati"), "SE": ("Swedish",), "NO": ("Norwegian",), "PL": ("Polish",), "GR": ("Greek",),
    "PT": ("Portuguese",), "IE": ("Irish",), "AF": ("Afghan",), "SY": ("Syrian",), "LB": ("Lebanese",),
    "JO": ("Jordanian",), "YE": ("Yemeni",), "NG": ("Nigerian",), "ZA": ("South African",), "KE": ("Kenyan",),
    "BN": ("Bruneian",), "HK": ("Hong Konger",), "NP": ("Nepali", "Nepalese"), "LK": ("Sri Lankan",),
}

# Relative days as a translation writes them, counted from the publication day.
RELATIVE: dict[str, int] = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def fold(text: str) -> str:
    """``text`` without accents, each character kept in its place ("Côte" → "Cote"): offsets stay true."""
    return "".join(_fold_char(c) for c in text) if not text.isascii() else text


@cache
def _fold_char(c: str) -> str:
    """One character without its accents, when that leaves one character (else as it is)."""
    base = "".join(b for b in unicodedata.normalize("NFD", c) if not unicodedata.combining(b))
    return base if len(base) == 1 else c


@cache
def country_pattern(code: str) -> re.Pattern[str]:
    """Every English way of naming one country, as whole words, case kept ("US" is not "us")."""
    forms = {country_name(code, "en"), *COUNTRY_FORMS.get(code, ())}
    forms |= {fold(f) for f in forms}
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(r"(?<![\w.])(?:" + alternatives + r")(?![\w])")


def person_pattern(name: str) -> re.Pattern[str]:
    """A person's full name or last word, as whole words, accents and case aside (match it in folded text)."""
    words = fold(name).split()
    forms = sorted({" ".join(words), words[-1]}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)", re.I)


@cache
def _calendar() -> tuple[dict[str, int], dict[str, int], re.Pattern[str]]:
    """English month names (wide, abbreviated, "Sept") and weekday names, and the pattern of a day."""
    months = {str(v).lower(): int(k) for width in ("wide", "abbreviated")
              for k, v in get_month_names(width, locale="en").items()}
    months["sept"] = 9
    weekdays = {str(v).lower(): int(k) for k, v in get_day_names("wide", locale="en").items()}
    mo = "|".join(sorted(months, key=len, reverse=True))
    wd = "|".join(weekdays)
    rel = "|".join(RELATIVE)
    pattern = re.compile(
        r"(?P<num>(?<![\d/.,])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?:/\d{2,4})?(?![\d/]))"
        r"|\b(?P<dm>(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + mo + r"))\b"
        r"|\b(?P<md>(?P<m3>" + mo + r")\.?\s+(?P<d3>\d{1,2})(?:st|nd|rd|th)?)\b"
        r"|\b(?P<wd>" + wd + r")\b(?!,?\s*\(?\d|,?\s+(?:" + mo + r")\b)"
        r"|\b(?P<rel>" + rel + r")\b", re.I)
    return months, weekdays, pattern


def english_days(text: str, published: date) -> list[Day]:
    """Every day an English text names, in text order; relative days resolved against ``published``."""
    months, weekdays, pattern = _calendar()
    days: list[Day] = []
    for m in pattern.finditer(text):
        if m.group("num"):
            d, mo = int(m.group("d")), int(m.group("m"))
            # The outlet writes day/month ("21/9"); a month/day reading is kept too, to miss no match.
            readings = tuple(dict.fromkeys((a, b) for a, b in ((mo, d), (d, mo)) if 1 <= a <= 12 and 1 <= b <= 31))
            if readings:
                days.append(Day(m.start(), m.end(), readings))
        elif m.group("dm") or m.group("md"):
            month = months[(m.group("m2") or m.group("m3")).lower()]
            days.append(Day(m.start(), m.end(), ((month, int(m.group("d2") or m.group("d3"))),)))
        elif m.group("wd"):
            days.append(Day(m.start(), m.end(), weekday=weekdays[m.group("wd").lower()]))
        else:
            day = published + timedelta(days=RELATIVE[m.group("rel").lower()])
            days.append(Day(m.start(), m.end(), ((day.month, day.day),)))
    return days
