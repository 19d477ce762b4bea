"""Whether a full English translation says what its Indonesian original says: numbers, days, people, countries.

Each fact of the original (a number in its text, a day its facts resolve, a person or
a country its facts name) is looked for in the translation; one missing is a warning at
the original's line naming the translation's line where it should be: the paragraph
that corresponds (the same paragraph, when both have as many) or the body's first line.
Headline-only translations (no body) are not checked. Nothing here is part of a built site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date

from digest.consistency.english import Day, country_pattern, english_days, fold, person_pattern
from digest.consistency.numbers import Number, english_numbers, indonesian_numbers
from digest.errors import Diagnostic, warning
from digest.extract.countries import find_countries
from digest.extract.dates import names as indonesian_calendar
from digest.extract.lexicon_data import NONPER, PERTOK
from digest.extract.text import Doc, strip_markdown
from digest.model import Article, Facts, Variant
from digest.names import country_name

__all__ = ["consistency_warnings"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Indonesian relative days: a translation may name the weekday instead ("kemarin" → "on Tuesday").
_RELATIVE_ID = re.compile(r"\b(?:kemarin|hari\s+ini|besok|lusa)\b", re.I)


@dataclass(frozen=True)
class _Text:
    """One variant's body as plain text, with its paragraphs (offsets) and its file's lines."""

    path: str
    doc: Doc
    paragraphs: tuple[tuple[int, int], ...]

    @staticmethod
    def of(variant: Variant) -> _Text:
        """The plain text of ``variant``'s body (one line per file line)."""
        doc = Doc(strip_markdown(variant.body), variant.body_line)
        cuts = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK.finditer(doc.text)]
        starts = [0, *(b for _, b in cuts)]
        ends = [*(a for a, _ in cuts), len(doc.text)]
        text = doc.text  # a paragraph starts at its first letter, not at the blank line before it (the body's first)
        starts = [min(b, a + len(text[a:b]) - len(text[a:b].lstrip())) for a, b in zip(starts, ends, strict=True)]
        return _Text(variant.path, doc, tuple(zip(starts, ends, strict=True)))

    def paragraph(self, pos: int) -> int:
        """The index of the paragraph holding offset ``pos`` (the one before, between two)."""
        return max(0, sum(1 for a, _ in self.paragraphs if a <= pos) - 1)

    def offset_of_line(self, line: int) -> int:
        """The offset where file line ``line`` starts (0 before the body)."""
        pos = 0
        for _ in range(max(0, line - self.doc.body_line)):
            nxt = self.doc.text.find("\n", pos)
            if nxt < 0:
                break
            pos = nxt + 1
        return pos


@dataclass(frozen=True)
class _Pair:
    """An original and one full translation, paragraph by paragraph."""

    original: _Text
    translation: _Text
    published: date

    def counterpart(self, pos: int) -> tuple[int, int]:
        """The span of the translation where what the original says at ``pos`` should be: its
        paragraph when both have as many paragraphs, else (paragraphs merged or split) all of it."""
        ours, theirs = self.original.paragraphs, self.translation.paragraphs
        if len(ours) == len(theirs):
            return theirs[self.original.paragraph(pos)]
        return 0, len(self.translation.doc.text)

    def where(self, pos: int) -> str:
        """The translation's file and line where what the original says at ``pos`` should be."""
        ours, theirs = self.original.paragraphs, self.translation.paragraphs
        n = self.original.paragraph(pos)
        if len(ours) != len(theirs):
            n = round(n * (len(theirs) - 1) / max(1, len(ours) - 1))
        return f"{self.translation.path}:{self.translation.doc.line_of(theirs[n][0])}"

    def warn(self, pos: int, message: str) -> Diagnostic:
        """A warning at the original's line of offset ``pos``."""
        return warning(self.original.path, self.original.doc.line_of(pos), message)


def consistency_warnings(articles: Sequence[Article], facts: Sequence[Facts]) -> list[Diagnostic]:
    """Warnings for what an original states and its full English translation does not.

    ``facts`` are the articles' facts, in the same order. Each warning is at the original's
    line and names the translation's line where the fact should be.
    """
    found: list[Diagnostic] = []
    for article, known in zip(articles, facts, strict=True):
        for variant in article.translations:
            if variant.partial:
                continue
            pair = _Pair(_Text.of(article.original), _Text.of(variant), article.published.date())
            found += _numbers(pair, known)
            found += _dates(pair, known)
            found += _people(pair, known)
            found += _countries(pair, known)
    return found


def _masked(text: str, spans: Iterator[tuple[int, int]]) -> str:
    """``text`` with the spans blanked (offsets kept)."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _date_spans(text: str, facts: Facts) -> Iterator[tuple[int, int]]:
    """Where the original writes the days its facts hold: their numbers are dates, not numbers."""
    for written in {*(d.text for d in facts.dates), *(r.text for r in facts.ranges)}:
        pos = text.find(written)
        while written and pos >= 0:
            yield pos, pos + len(written)
            pos = text.find(written, pos + 1)


def show(value: Decimal) -> str:
    """A value as a warning shows it: 15,390; 1.5; 2,300,000,000,000."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}"


def _numbers(pair: _Pair, facts: Facts) -> list[Diagnostic]:
    """Every number of the original (days and years aside) that the translation does not give by value."""
    source = _masked(pair.original.doc.text, _date_spans(pair.original.doc.text, facts))
    target = pair.translation.doc.text
    days = english_days(target, pair.published)
    theirs: list[Number] = english_numbers(_masked(target, ((d.start, d.end) for d in days if d.month_day)))
    out = []
    used: set[int] = set()  # each number of the translation stands for one of the original's ("21-17, 19-21")
    for n in indonesian_numbers(source):
        lo, hi = pair.counterpart(n.start)
        match = next((i for i, e in enumerate(theirs) if i not in used and e.value == n.value and lo <= e.start < hi), None)
        if match is None:
            out.append(pair.warn(n.start, f"says {n.text} ({show(n.value)}); {pair.where(n.start)} has no such number"))
        else:
            used.add(match)
    return out


def _days_of(facts: Facts) -> Iterator[tuple[str, date, int]]:
    """Every resolved day of the facts, with the words that say it and their line: dates, and both ends of spans."""
    for d in facts.dates:
        if d.date:
            yield d.text, d.date, d.line
    for r in facts.ranges:
        for day in (r.start, r.end):
            if day:
                yield r.text, day, r.line


def _english_day(month_day: tuple[int, int]) -> str:
    """A (month, day) as the warning names it: "12 September"."""
    return format_date(date(2000, *month_day), "d MMMM", locale="en")


def _dates(pair: _Pair, facts: Facts) -> list[Diagnostic]:
    """Every day the original's facts resolve that the translation names neither as that day nor by its weekday."""
    source, target = pair.original.doc.text, pair.translation.doc.text
    days = english_days(target, pair.published)
    weekdays = indonesian_calendar().weekdays
    out = []
    used: set[int] = set()  # each day the translation names stands for one of the original's
    for text, day, line in _days_of(facts):
        pos = source.find(text, pair.original.offset_of_line(line))
        pos = pos if pos >= 0 else pair.original.offset_of_line(line)
        lo, hi = pair.counterpart(pos)
        near = [i for i, d in enumerate(days) if lo <= d.start < hi]
        by_weekday = bool(_RELATIVE_ID.search(text)) or any(w in text.lower().split() for w in weekdays)
        # The same calendar day first, a weekday only when none is left: "(24/9)" and "Sunday night" both count.
        match = next((i for i in near if i not in used and _same(days[i], day, False)), None)
        if match is None:
            match = next((i for i in near if i not in used and _same(days[i], day, by_weekday)), None)
        if match is not None:
            used.add(match)
            continue
        other = next((days[i] for i in near if days[i].month_day), None)
        said = (f"{pair.translation.path}:{pair.translation.doc.line_of(other.start)} says "
                f"{_english_day(other.month_day[0])}" if other else f"{pair.where(pos)} has no such date")
        out.append(pair.warn(pos, f"says {_english_day((day.month, day.day))} ({text}); {said}"))
    return out


def _same(said: Day, day: date, by_weekday: bool) -> bool:
    """Whether an English day is ``day``: the same calendar day, or its weekday when the original named one."""
    return (day.month, day.day) in said.month_day or (by_weekday and said.weekday == day.weekday())


def not_a_person(name: str) -> bool:
    """A name the extractor took for a person's whose words include one the NER corpora know only as a
    place's or an organisation's ("Ditjen Imigrasi"): its translation may well not keep it."""
    return any(w in NONPER and w not in PERTOK for w in name.split()[1:])


def _people(pair: _Pair, facts: Facts) -> list[Diagnostic]:
    """Every person of the facts whom the translation names neither in full nor by the last name."""
    source, target = fold(pair.original.doc.text), fold(pair.translation.doc.text)
    out = []
    for name in facts.people:
        pattern = person_pattern(name)
        if not_a_person(name) or pattern.search(target):
            continue
        m = pattern.search(source)
        pos = m.start() if m else 0
        out.append(pair.warn(pos, f"names {name}; {pair.where(pos)} does not"))
    return out


def _countries(pair: _Pair, facts: Facts) -> list[Diagnostic]:
    """Every country of the facts that the translation names by none of its English names or demonyms."""
    target = fold(pair.translation.doc.text)
    first: dict[str, int] = {}
    for code, start, _ in find_countries(pair.original.doc.text):
        first.setdefault(code, start)
    out = []
    for code in facts.countries:
        if country_pattern(code).search(target):
            continue
        pos = first.get(code, 0)
        out.append(pair.warn(pos, f"names {country_name(code, 'en')}; {pair.where(pos)} does not"))
    return out
