"""Offsets where the date patterns of ``dates`` can start, found from cheap literal anchors.

Patterns opening with ``\\b``, a look-behind or an optional group make the regex engine try
every offset of the text, which was most of the cost of finding dates. Every match of
those patterns contains an anchor found by a scan the engine runs fast (a weekday, month
or relative-day word, which open with a few letters it skips ahead to); the offsets where
a match can start are read backwards from each anchor, and ``text.matches_at`` tries the
pattern there only. The offsets given may include some where nothing matches (a failed
match each), never miss one where something does.

``str.isspace`` and ``str.isdecimal`` are exactly the engine's ``\\s`` and ``\\d`` (checked
for every code point), so walking back over them agrees with the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# The words the weekday patterns accept before a weekday name, whitespace between.
LEADS = ("hari", "pada", "setiap", "tiap", "saban", "sejak", "Hari", "Pada", "Sejak", "Setiap")
# Range separators of "range_dm", as the text ends with them before the second day number
# ("sampai\s+dengan" ends with "dengan").
_SEPARATORS = ("-", "–", "—", "hingga", "sampai", "dengan")
# Times of day "rel" accepts before a relative-day word.
_PARTS = ("siang", "Siang", "pagi", "Pagi", "sore", "Sore", "malam", "Malam")


def _run_start(text: str, end: int, test: Callable[[str], bool]) -> int:
    """The start of the longest run of characters passing ``test`` that ends at ``end``."""
    i = end
    while i > 0 and test(text[i - 1]):
        i -= 1
    return i


def weekday_starts(text: str, any_wd: re.Pattern[str]) -> list[int]:
    """Offsets of the weekday names in ``text`` and of the lead words before them.

    The weekday patterns open with \\b and a name made of letters, so a name starting inside
    a name already found (the scan does not overlap) can never start a match; a lead word
    precedes its name with whitespace between, so that name is never inside another.
    """
    out: list[int] = []
    for m in any_wd.finditer(text):
        w = m.start()
        j = _run_start(text, w, str.isspace)
        # One test for all leads first: most weekdays follow none.
        if j < w and text.endswith(LEADS, 0, j):
            out.extend(j - len(lead) for lead in LEADS if text.endswith(lead, 0, j))
        out.append(w)
    out.sort()
    return out


def _number_before(text: str, pos: int) -> int:
    """The start of a one- or two-digit number that whitespace separates from ``pos``, or -1.

    That is "(\\d{1,2})\\s+" ending at ``pos`` as the date patterns match it: the number
    follows \\b or whitespace, so no digit is right before it.
    """
    k = _run_start(text, pos, str.isspace)
    if k == pos:
        return -1
    p = _run_start(text, k, str.isdecimal)
    return p if 1 <= k - p <= 2 else -1


def month_day_starts(text: str, months: list[int]) -> tuple[list[int], list[int]]:
    """Offsets where "dm" and where "range_dm" can match, given the ``months`` offsets.

    ``months`` holds where a scan for month names (without overlaps) found one; both patterns
    hold "(\\d{1,2})\\s+" before a month name, which whitespace keeps out of any earlier
    name found, so its offset is among them. A "dm" match starts at that number, or at
    "tanggal" and whitespace before it, or at a weekday part (the caller adds those offsets).
    A "range_dm" match starts at its first number: the number before a month, or the number
    before a separator before the number before a month.
    """
    dm: list[int] = []
    span: list[int] = []
    for q in months:
        p = _number_before(text, q)
        if p < 0:
            continue
        dm.append(p)
        span.append(p)
        k = _run_start(text, p, str.isspace)
        if k < p and text.endswith("tanggal", 0, k):
            dm.append(k - len("tanggal"))
        for sep in _SEPARATORS:
            if not text.endswith(sep, 0, k):
                continue
            j = k - len(sep)
            if sep == "dengan":  # only as "sampai\s+dengan"
                i = _run_start(text, j, str.isspace)
                if i == j or not text.endswith("sampai", 0, i):
                    continue
                j = i - len("sampai")
            i = _run_start(text, j, str.isspace)
            first = _run_start(text, i, str.isdecimal)
            if 1 <= i - first <= 2:
                span.append(first)
    dm.sort()
    span.sort()
    return dm, span


def relative_starts(text: str, words: list[int]) -> list[int]:
    """Offsets where "rel" can match, given the offsets of the relative-day words found.

    The word "rel" holds follows no word character or hyphen, or a time of day and
    whitespace, so it is never inside an earlier word found; the match starts at the word
    or at that time of day.
    """
    out: list[int] = []
    for r in words:
        k = _run_start(text, r, str.isspace)
        if k < r:
            out.extend(k - len(part) for part in _PARTS if text.endswith(part, 0, k))
        out.append(r)
    out.sort()
    return out
