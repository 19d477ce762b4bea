"""Numbers in running text, read to their values: Indonesian ("15.390", "1,5 juta", "dua puluh lima")
and English ("15,390", "1.5 million", "twenty-five"), so that a translation can be checked by value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Number:
    """One number as written: its value, where it is in the text and the words that say it."""

    value: Decimal
    start: int
    end: int
    text: str


# Scale words after a number ("2,3 triliun", "1.5 million"), per language.
ID_SCALES: dict[str, int] = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "milyar": 10**9, "triliun": 10**12}
EN_SCALES: dict[str, int] = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
                             "bn": 10**9, "tn": 10**12}

ID_UNITS: dict[str, int] = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                            "delapan": 8, "sembilan": 9}
# Words that are a whole value with the prefix "se-" (one): "sepuluh" 10, "seratus" 100.
ID_WHOLE: dict[str, int] = {"sepuluh": 10, "sebelas": 11}
ID_GROUPS: dict[str, int] = {"seratus": 100}
ID_TIMES: dict[str, int] = {"puluh": 10, "ratus": 100}  # multiply the unit before them
ID_SCALE_WORDS: dict[str, int] = {**ID_SCALES, "seribu": 10**3, "sejuta": 10**6}
# Idioms where a number word is not a quantity: "satu sama lain" (each other).
ID_IDIOMS = re.compile(r"\bsatu\s+sama\s+lain\b", re.I)

_EN_UNIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                  "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
EN_UNITS: dict[str, int] = {w: n for n, w in enumerate(_EN_UNIT_WORDS)}
_EN_TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
EN_TENS: dict[str, int] = {w: 10 * n for n, w in enumerate(_EN_TEN_WORDS, 2)}

_ID_DIGITS = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?(?!\d)(?:\s*(" + "|".join(ID_SCALES) + r")\b)?", re.I)
_EN_DIGITS = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?!\d)(?:st|nd|rd|th)?(?:[\s-]*(" + "|".join(EN_SCALES) + r")\b)?",
    re.I)
_ID_WORD = ("belas|sebelas|sepuluh|seratus|seribu|sejuta|puluh|ratus|" + "|".join([*ID_UNITS, *ID_SCALES]))
_ID_WORDS = re.compile(r"(?<![\w-])(?:" + _ID_WORD + r")(?:\s+(?:" + _ID_WORD + r"))*(?![\w-])", re.I)
_EN_WORD = "|".join([*EN_UNITS, *EN_TENS, "hundred", *list(EN_SCALES)[:4]])
_EN_WORDS = re.compile(r"\b(?:" + _EN_WORD + r")(?:(?:\s+and\s+|[\s-]+)(?:" + _EN_WORD + r"))*\b", re.I)


def _years(value: Decimal, text: str) -> bool:
    """A four-digit whole number 1900–2100 standing alone: a year, counted as a date, not a number."""
    return text.isdigit() and len(text) == 4 and 1900 <= value <= 2100


def indonesian_numbers(text: str) -> list[Number]:
    """Every number of an Indonesian text, digits and words, in text order; standalone years left out."""
    found = [n for n in _digits(text, _ID_DIGITS, ".", ID_SCALES) if not _years(n.value, n.text)]
    idioms = [(m.start(), m.end()) for m in ID_IDIOMS.finditer(text)]
    for m in _ID_WORDS.finditer(text):
        if any(a <= m.start() < b for a, b in idioms):
            continue
        found.extend(_spoken(m, id_step))
    return sorted(found, key=lambda n: n.start)


def english_numbers(text: str) -> list[Number]:
    """Every number of an English text, digits and words, in text order; standalone years left out."""
    found = [n for n in _digits(text, _EN_DIGITS, ",", EN_SCALES) if not _years(n.value, n.text)]
    for m in _EN_WORDS.finditer(text):
        found.extend(_spoken(m, en_step))
    return sorted(found, key=lambda n: n.start)


def _digits(text: str, rx: re.Pattern[str], thousands: str, scales: dict[str, int]) -> Iterator[Number]:
    """Numbers written in digits: thousands separated by ``thousands``, the other mark the decimal one."""
    for m in rx.finditer(text):
        whole, frac, scale = m.group(1).replace(thousands, ""), m.group(2), m.group(3)
        value = Decimal(f"{whole}.{frac}" if frac else whole)
        if scale:
            value *= scales[scale.lower()]
        yield Number(value, m.start(), m.end(), m.group(0))


def _spoken(m: re.Match[str], step: Callable[[str, list[int]], bool]) -> Iterator[Number]:
    """The numbers a run of number words says (a run may hold more than one: "dua tiga")."""
    for value, a, b in read_words(m.group(0), step):
        yield Number(Decimal(value), m.start() + a, m.start() + b, m.group(0)[a:b])


def read_words(words: str, step: Callable[[str, list[int]], bool]) -> list[tuple[int, int, int]]:
    """The numbers a run of number words says, as (value, start, end) within the run.

    ``step(word, state)`` adds one word to ``state`` ([total, group, unit]: the finished scales,
    the hundreds under the next scale, the last unit or tens) or answers False when the word
    cannot continue the number, which then ends and the word starts the next one.
    """
    out: list[tuple[int, int, int]] = []
    state = [0, 0, 0]
    span = [-1, 0]
    for m in re.finditer(r"[A-Za-z]+", words):
        word = m.group(0).lower()
        if word == "and":
            continue
        if not step(word, state):
            if span[0] >= 0:
                out.append((sum(state), span[0], span[1]))
            state[:], span[:] = [0, 0, 0], [-1, 0]
            if not step(word, state):
                continue  # a scale word with no number before it ("juta" alone)
        span[:] = [m.start() if span[0] < 0 else span[0], m.end()]
    if span[0] >= 0:
        out.append((sum(state), span[0], span[1]))
    return [(v, a, b) for v, a, b in out if v or words[a:b].lower() == "zero"]


def _scale(state: list[int], factor: int) -> bool:
    """A scale word after a number: "dua juta", "five thousand"."""
    if not state[1] + state[2]:
        return False
    state[:] = [state[0] + (state[1] + state[2]) * factor, 0, 0]
    return True


def id_step(word: str, state: list[int]) -> bool:
    """One Indonesian number word added to a number being read (see :func:`read_words`)."""
    if word in ID_UNITS:
        if state[2]:
            return False
        state[2] = ID_UNITS[word]
    elif word in ID_WHOLE or word in ID_GROUPS:
        if state[2]:
            return False
        state[1] += ID_WHOLE.get(word) or ID_GROUPS[word]
    elif word == "belas" or word in ID_TIMES:
        if not state[2]:
            return False
        state[1] += state[2] + 10 if word == "belas" else state[2] * ID_TIMES[word]
        state[2] = 0
    elif word in ("seribu", "sejuta"):
        if state[1] + state[2]:
            return False
        state[0] += ID_SCALE_WORDS[word]
    else:
        return _scale(state, ID_SCALE_WORDS[word])
    return True


def en_step(word: str, state: list[int]) -> bool:
    """One English number word added to a number being read (see :func:`read_words`)."""
    if word in EN_UNITS or word in EN_TENS:
        value = EN_UNITS.get(word, EN_TENS.get(word, 0))
        tens = state[2] >= 20 and state[2] % 10 == 0 and value < 10
        if state[2] and not tens:
            return False
        state[2] += value
    elif word == "hundred":
        if not state[2]:
            return False
        state[1] += state[2] * 100
        state[2] = 0
    else:
        return _scale(state, EN_SCALES[word])
    return True
