"""Calendar days and spans of days in Indonesian text, resolved against a reference day.

Day and month names come from Babel's CLDR data, never from hand-typed lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from digest.extract.date_starts import month_day_starts, relative_starts, weekday_starts
from digest.extract.text import Disjoint, alternation, matches_at


@dataclass(frozen=True)
class Names:
    """CLDR Indonesian weekday and month names, with lookup tables."""

    weekdays: dict[str, int]  # lower-case name -> Monday=0
    months: dict[str, int]  # lower-case name -> 1..12


@lru_cache(maxsize=1)
def names() -> Names:
    """Weekday and month names from Babel (wide, plus abbreviated months such as "Agu")."""
    from babel.dates import get_day_names, get_month_names

    wd = {str(v).lower(): int(k) for k, v in get_day_names("wide", locale="id").items()}
    mo = {str(v).lower(): int(k) for k, v in get_month_names("wide", locale="id").items()}
    for k, v in get_month_names("abbreviated", locale="id").items():
        mo.setdefault(str(v).lower().rstrip("."), int(k))
    return Names(wd, mo)


@dataclass(frozen=True)
class Found:
    """One day or span expression found in the text."""

    text: str
    start: int
    end: int
    day: date | None
    end_day: date | None = None  # set for spans
    is_range: bool = False
    contradiction: bool = False


_PART = r"(?:pagi|siang|sore|malam|dini\s+hari)"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    n = names()
    # date_starts relies on names made of letters only (no match starts inside one).
    assert all(w.isalpha() for w in [*n.weekdays, *n.months])
    wd = alternation([w.capitalize() for w in n.weekdays])
    mo = alternation([m.capitalize() for m in n.months])
    num = r"\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)"
    wdnum = r"(?:hari\s+)?(" + wd + r")(?:,?\s+waktu\s+setempat)?,?\s*" + num
    dm = r"(\d{1,2})\s+(" + mo + r")(?:\s+(\d{4}))?(?!\d)"
    return {
        # Cheap tests (a literal alternation is scanned fast; a leading \b is not): a text
        # without any weekday, month or relative-day word skips the patterns needing one.
        "any_wd": re.compile(wd),
        "any_mo": re.compile(mo),
        # Spelt as branches that each open with a literal: the engine then skips ahead to
        # their first letters instead of trying every offset (so do "num" below, opening with
        # its bracket, and the weekday and month alternations).
        "any_rel": re.compile(r"Kemarin|kemarin|Hari\s+ini|hari\s+ini|Besok|besok|Lusa|lusa"),
        "range_num": re.compile(
            r"\b(?:" + wd + r")\s*\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)\s*(?:-|–|—|hingga|sampai)\s*"
            r"(?:" + wd + r")\s*\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)"),
        "range_dm": re.compile(
            r"\b(\d{1,2})(?:\s+(" + mo + r"))?\s*(?:-|–|—|hingga|sampai(?:\s+dengan)?)\s*(\d{1,2})\s+("
            + mo + r")(?:\s+(\d{4}))?(?!\d)"),
        "range_wd": re.compile(
            r"\b(" + wd + r")\s*(?:-|–|—|hingga|sampai)\s*(" + wd + r")(?:\s+(pekan|minggu)\s+(lalu|depan))?\b"),
        "wdnum": re.compile(r"\b" + wdnum + r"(?:\s+" + _PART + r")?(?:\s+(?:lalu|kemarin))?"),
        # (?<![\w/]) checked after the opening bracket: the same test, but the pattern
        # now starts with a literal.
        "num": re.compile(r"\((?<![\w/]\()" + num[2:]),
        "dm": re.compile(
            r"\b(?:(?:hari\s+)?(" + wd + r"),?\s+)?(?:tanggal\s+)?" + dm + r"(?:\s+(?:lalu|mendatang|nanti))?"),
        "wd": re.compile(
            r"\b(?:(hari|pada|setiap|tiap|saban|sejak|Hari|Pada|Sejak|Setiap)\s+)?(" + wd + r")"
            r"(?:\s+(" + _PART + r"))?"
            r"(?:\s+(lalu|kemarin|nanti|mendatang|ini|(?:pekan|minggu)\s+(?:lalu|depan|ini)))?(?![\w-])"),
        "rel": re.compile(
            r"(?<![\w-])(?:(?:[Ss]iang|[Pp]agi|[Ss]ore|[Mm]alam)\s+)?"
            r"([Kk]emarin\s+lusa|[Kk]emarin|[Hh]ari\s+ini|[Bb]esok|[Ll]usa)(?![\w-])"
            r"(?:\s+(" + _PART + r"))?"),
    }


# What each pattern cannot match without.
_NEEDS = {"range_num": "wd", "range_dm": "mo", "range_wd": "wd", "wdnum": "wd", "num": "paren",
          "dm": "mo", "wd": "wd", "rel": "rel"}
_RECURRING = re.compile(r"\b(?:setiap|tiap|saban)\s+(?:hari\s+)?[A-Z][a-z]+")
_REL = {"kemarin lusa": -2, "kemarin": -1, "hari ini": 0, "besok": 1, "lusa": 2}
_FUTURE = re.compile(
    r"\b(?:akan|bakal|dijadwalkan|berencana|rencananya|direncanakan|hendak|nanti|mendatang|"
    r"segera|dijadwal|rencana|siap|besok|lusa|jelang|menjelang|tunggu)\b", re.I)
# A week, month or year before "kemarin" ("pekan kemarin" is last week, not yesterday).
_PERIOD_BEFORE = re.compile(r"(?:[Pp]ekan|minggu|[Bb]ulan|[Tt]ahun)\s+$")


def _year(y: str | None) -> int | None:
    if not y:
        return None
    v = int(y)
    return v + 2000 if v < 100 else v


def nearest(month: int, day: int, ref: date) -> date | None:
    """The date with this day and month nearest to ``ref``; far-future dates count double."""
    best: tuple[int, date] | None = None
    for y in (ref.year - 1, ref.year, ref.year + 1):
        try:
            d = date(y, month, day)
        except ValueError:
            continue
        dist = (d - ref).days
        cost = dist * 2 if dist > 0 else -dist
        if best is None or cost < best[0]:
            best = (cost, d)
    return best[1] if best else None


def _make(day: int, month: int, year: str | None, ref: date) -> date | None:
    y = _year(year)
    if y is None:
        return nearest(month, day, ref)
    try:
        return date(y, month, day)
    except ValueError:
        return None


def weekday_date(wd: int, ref: date, mode: str) -> date:
    """A weekday resolved against ``ref``: 'past' (<= ref), 'last' (< ref), 'next' (> ref),
    'prevweek' / 'nextweek' / 'thisweek' (that day of the previous/next/this Monday-Sunday week)."""
    monday = ref - timedelta(days=ref.weekday())
    if mode == "prevweek":
        return monday - timedelta(days=7) + timedelta(days=wd)
    if mode == "nextweek":
        return monday + timedelta(days=7 + wd)
    if mode == "thisweek":
        return monday + timedelta(days=wd)
    back = (ref.weekday() - wd) % 7
    if mode == "past":
        return ref - timedelta(days=back)
    if mode == "last":
        return ref - timedelta(days=back or 7)
    fwd = (wd - ref.weekday()) % 7
    return ref + timedelta(days=fwd or 7)


def find_dates(text: str, ref_at: Callable[[int], date]) -> list[Found]:
    """Every day or span expression in ``text``; ``ref_at(pos)`` gives the reference day there.

    The patterns are tried in the order of :data:`_READERS`, longest forms first; a
    match overlapping an expression already found is skipped.
    """
    scan = _Scan(text)
    taken = Disjoint()
    out: list[Found] = []
    for name, read in _READERS:
        for m in scan.matches(name):
            if not taken.free(m.start(), m.end()):
                continue
            found = read(m, ref_at, text)
            if found is not None:
                taken.add(found.start, found.end)
                out.append(found)
    out.sort(key=lambda f: f.start)
    return out


class _Scan:
    """Where each pattern can match in one text.

    Every pattern but "num" (which opens with a literal) is tried only at the offsets
    where it can start (see date_starts): a weekday name or a lead word that whitespace
    separates from one, a number before a month, a relative-day word.
    """

    def __init__(self, text: str) -> None:
        p = _patterns()
        self._text, self._patterns = text, p
        self._weekdays = weekday_starts(text, p["any_wd"])
        months = [m.start() for m in p["any_mo"].finditer(text)]
        dm_starts, range_dm_starts = month_day_starts(text, months)
        rel_words = [m.start() for m in p["any_rel"].finditer(text)]
        self._starts = {"range_dm": range_dm_starts, "dm": sorted(dm_starts + self._weekdays),
                        "rel": relative_starts(text, rel_words) if rel_words else []}
        self._present = {"mo": bool(months), "rel": bool(rel_words), "paren": "(" in text, "wd": bool(self._weekdays)}

    def matches(self, name: str) -> Iterator[re.Match[str]]:
        """The matches of pattern ``name``, in order (none when the text lacks what it needs)."""
        if not self._present[_NEEDS[name]]:
            return iter(())
        if name == "num":
            return self._patterns[name].finditer(self._text)
        return matches_at(self._patterns[name], self._text, self._starts.get(name, self._weekdays))


Reader = Callable[[re.Match[str], Callable[[int], date], str], Found | None]


def _range_num(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A span of numbered weekdays: "Selasa (12/9)-Minggu (17/9)"."""
    ref = ref_at(m.start())
    a = _make(int(m.group(1)), int(m.group(2)), m.group(3), ref) if _ok(m.group(1), m.group(2)) else None
    b = _make(int(m.group(4)), int(m.group(5)), m.group(6), ref) if _ok(m.group(4), m.group(5)) else None
    return Found(m.group(0), m.start(), m.end(), a, b, is_range=True)


def _range_dm(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A span of days of months: "12-17 September 2023", "30 Agustus hingga 2 September"."""
    ref, n = ref_at(m.start()), names()
    m2 = n.months[m.group(4).lower()]
    m1 = n.months[m.group(2).lower()] if m.group(2) else m2
    b = _make(int(m.group(3)), m2, m.group(5), ref)
    a = _make(int(m.group(1)), m1, str(b.year if b and m1 <= m2 else (b.year - 1 if b else "")) or None, ref) \
        if b else None
    return Found(m.group(0), m.start(), m.end(), a, b, is_range=True)


def _range_wd(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A span of weekdays: "Senin-Rabu pekan lalu" (without a week it is left unresolved)."""
    ref, n = ref_at(m.start()), names()
    w1, w2 = n.weekdays[m.group(1).lower()], n.weekdays[m.group(2).lower()]
    mode = {"lalu": "prevweek", "depan": "nextweek"}.get(m.group(4) or "", "")
    a, b = (weekday_date(w1, ref, mode), weekday_date(w2, ref, mode)) if mode else (None, None)
    return Found(m.group(0), m.start(), m.end(), a, b, is_range=True)


def _weekday_number(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A numbered weekday, "Selasa (12/9)"; one that contradicts its date gives no day."""
    if not _ok(m.group(2), m.group(3)):
        return None
    d = _make(int(m.group(2)), int(m.group(3)), m.group(4), ref_at(m.start()))
    bad = d is not None and d.weekday() != names().weekdays[m.group(1).lower()]
    return Found(m.group(0), m.start(), m.end(), None if bad else d, contradiction=bad)


def _day_month(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A day of a month: "Rabu, 20 September 2023", "tanggal 5 Mei"."""
    n = names()
    d = _make(int(m.group(2)), n.months[m.group(3).lower()], m.group(4), ref_at(m.start()))
    bad = bool(m.group(1)) and d is not None and d.weekday() != n.weekdays[m.group(1).lower()]
    return Found(m.group(0), m.start(), m.end(), None if bad else d, contradiction=bad)


def _number(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A bracketed date with its year: "(12/9/2023)"."""
    if not _ok(m.group(1), m.group(2)) or _year(m.group(3)) is None:
        return None
    return Found(m.group(0), m.start(), m.end(), _make(int(m.group(1)), int(m.group(2)), m.group(3), ref_at(m.start())))


def _weekday(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A weekday without a date: "pada Selasa", "Jumat pekan lalu"."""
    return _bare_weekday(text, m, ref_at(m.start()))


def _relative(m: re.Match[str], ref_at: Callable[[int], date], text: str) -> Found | None:
    """A day named relative to the reference: "kemarin", "besok pagi"."""
    if _PERIOD_BEFORE.search(text, max(0, m.start(1) - 12), m.start(1)):
        return None
    day = ref_at(m.start()) + timedelta(days=_REL[re.sub(r"\s+", " ", m.group(1).lower())])
    return Found(m.group(0), m.start(), m.end(), day)


# In the order they are tried: a longer expression claims its text before a shorter one inside it.
_READERS: tuple[tuple[str, Reader], ...] = (
    ("range_num", _range_num), ("range_dm", _range_dm), ("range_wd", _range_wd), ("wdnum", _weekday_number),
    ("dm", _day_month), ("num", _number), ("wd", _weekday), ("rel", _relative),
)


def _ok(day: str, month: str) -> bool:
    return 1 <= int(day) <= 31 and 1 <= int(month) <= 12


def _bare_weekday(text: str, m: re.Match[str], ref: date) -> Found | None:
    """A weekday without a numeric date, resolved by its modifier or the sentence's tense."""
    lead, name, _part, mod = m.group(1), m.group(2), m.group(3), m.group(4)
    if lead and lead.lower() in ("setiap", "tiap", "saban"):
        return None
    window = text[max(0, m.start() - 300):m.start()]
    if ("tiap" in window or "saban" in window) and _RECURRING.search(window):
        return None  # the weekdays of a weekly schedule ("dibuka setiap Sabtu ... pada hari Minggu")
    if name == "Minggu" and not lead and not _part and not mod and _week_sense(text, m.end()):
        return None
    wd = names().weekdays[name.lower()]
    mod = re.sub(r"\s+", " ", mod or "").replace("minggu", "pekan")
    if mod in ("lalu", "kemarin"):
        d = weekday_date(wd, ref, "last")
    elif mod == "pekan lalu":
        d = weekday_date(wd, ref, "prevweek")
    elif mod == "pekan depan":
        d = weekday_date(wd, ref, "nextweek")
    elif mod in ("pekan ini", "ini"):
        d = weekday_date(wd, ref, "thisweek")
    elif mod in ("nanti", "mendatang"):
        d = weekday_date(wd, ref, "next")
    else:
        # Tense from the writer's own words around it, not from a quote before it.
        # Searches bounded to the window used, so a text without full stops stays linear.
        lo, hi = max(m.start() - 200, 0), m.end() + 60
        start = max([lo] + [text.rfind(mark, lo, m.start()) for mark in (".", "\n", "”", '"')])
        stop = min([hi] + [i for i in (text.find(mark, m.end(), hi) for mark in (".", "\n", "“")) if i >= 0])
        sentence = text[start:m.start()] + " " + text[m.end():stop]
        d = weekday_date(wd, ref, "next" if _FUTURE.search(sentence) else "past")
    s = m.start() if (m.group(1) or "").lower() == "hari" else m.start(2)
    return Found(text[s:m.end()], s, m.end(), d)


def _week_sense(text: str, end: int) -> bool:
    """True when a capitalised "Minggu" is the week, not Sunday ("Minggu lalu" at a sentence start
    is ambiguous; a following number or "ke-" means a week)."""
    return bool(re.match(r"\s*(?:ke-?\d|\d|depan)", text[end:end + 6]))




