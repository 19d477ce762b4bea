"""Headline facts from an article's Indonesian text: countries, people, dates, quotes, sources.

``extract`` is a pure function of the body text and the publication time; every fact
carries the file line where it was found. Gazetteers and regexes are built once, lazily.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from digest.errors import Diagnostic, warning
from digest.extract.countries import find_countries
from digest.extract.dateline import find_dateline
from digest.extract.dates import Found, find_dates
from digest.extract.people import find_people
from digest.extract.quotes import clean, find_quotes
from digest.extract.roster import merge
from digest.extract.short_names import short_mentions
from digest.extract.sources import find_sources
from digest.extract.speakers import Context, speakers
from digest.extract.text import Disjoint, Doc, strip_markdown
from digest.model import Article, DateFact, Facts, Overrides, Quote, RangeFact

__all__ = ["apply_overrides", "by_mentions", "extract", "facts_of", "facts_to_json"]


def extract(body: str, published: datetime, *, path: str = "", body_line: int = 1) -> Facts:
    """The headline facts of one Indonesian article body published at ``published``."""
    doc = Doc(strip_markdown(body), body_line)
    text = doc.text
    dateline, story = find_dateline(text)
    # The dateline is blanked (offsets kept) so its outlet is never a country, person or source.
    masked = " " * story + text[story:]
    spans = find_quotes(masked)
    found_countries = find_countries(masked)
    country_spans = [(s, e) for _, s, e in found_countries]
    mentions = find_people(masked, country_spans)
    people, link = merge(m.name for m in mentions)
    ctx = Context(masked, people, link, short_mentions(masked, people, link, mentions), spans)
    who = speakers(ctx)
    quotes = tuple(Quote(clean(q.text), w, doc.line_of(q.start)) for q, w in zip(spans, who, strict=True))
    dates, ranges, diags = _dates(masked, published.date(), spans, doc, path)
    return Facts(
        countries=by_mentions(code for code, _, _ in found_countries),
        people=tuple(people),
        dates=dates,
        ranges=ranges,
        quotes=quotes,
        sources=tuple(find_sources(masked, dateline.outlet if dateline else None)),
        dateline=dateline,
        diagnostics=diags,
    )


def by_mentions(codes: Iterable[str]) -> tuple[str, ...]:
    """Country codes in the order of a text's mentions, each once: the most mentioned first, ties by first mention.

    A story's chips show the countries it is about before those it names in passing.
    """
    counts = Counter(codes)  # a Counter keeps first-seen order, and sorted() is stable
    return tuple(sorted(counts, key=lambda code: -counts[code]))


def _dates(text: str, pub: date, spans: list[Any], doc: Doc, path: str
           ) -> tuple[tuple[DateFact, ...], tuple[RangeFact, ...], tuple[Diagnostic, ...]]:
    """Days and spans, with words inside a quote resolved against the day they were said."""
    first = find_dates(text, lambda _pos: pub)
    inside = Disjoint([(s.start, s.end) for s in spans])  # quotes never overlap
    # A quote was said on the last explicit day (not after publication) reported before it.
    anchors = [(f.start, f.day) for f in first
               if f.day and not f.is_range and "(" in f.text and 0 <= (pub - f.day).days <= 7
               and inside.index_at(f.start) < 0]
    anchor_starts = [p for p, _ in anchors]

    def ref_at(pos: int) -> date:
        q = inside.index_at(pos)
        if q < 0:
            return pub
        n = bisect.bisect_left(anchor_starts, inside.starts[q])
        return anchors[n - 1][1] if n else pub

    # Re-resolve only when a quote holds a date and some earlier day could be when it was said.
    quoted = any(inside.index_at(f.start) >= 0 for f in first)
    found: list[Found] = find_dates(text, ref_at) if quoted and anchors else first
    dates: list[DateFact] = []
    ranges: list[RangeFact] = []
    diags: list[Diagnostic] = []
    seen: set[tuple[str, date | None]] = set()
    for f in found:
        line = doc.line_of(f.start)
        if f.is_range:
            ranges.append(RangeFact(f.text, f.day, f.end_day, line))
            continue
        if f.contradiction:
            diags.append(warning(path, line, f"weekday in {f.text!r} contradicts its date"))
        if (f.text, f.day) in seen:
            continue
        seen.add((f.text, f.day))
        dates.append(DateFact(f.text, f.day, line))
    return tuple(dates), tuple(ranges), tuple(diags)


def facts_of(article: Article) -> Facts:
    """The headline facts of an article: extracted from its original, then corrected by its editor."""
    original = article.original
    found = extract(original.body, article.published, path=original.path, body_line=original.body_line) \
        if article.overrides.extract else Facts()
    return apply_overrides(found, article.overrides)


def apply_overrides(facts: Facts, overrides: Overrides) -> Facts:
    """``facts`` corrected by the editor: declared countries/people added, rejected ones removed."""
    not_c = {c.upper() for c in overrides.not_countries}
    codes = [c for c in facts.countries if c.upper() not in not_c]
    codes += [c.upper() for c in overrides.countries if c.upper() not in codes and c.upper() not in not_c]
    not_p = {p.casefold() for p in overrides.not_people}
    people = [p for p in facts.people if p.casefold() not in not_p]
    people += [p for p in overrides.people if p not in people and p.casefold() not in not_p]
    return replace(facts, countries=tuple(codes), people=tuple(people))


_QWORD = re.compile(r"\w+(?:-\w+)*")


def truncate(text: str, words: int = 15) -> str:
    """``text`` cut after its first ``words`` words (hyphenated words count once), as gold stores it."""
    for n, m in enumerate(_QWORD.finditer(text), 1):
        if n == words:
            return text[: m.end()]
    return text


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def facts_to_json(facts: Facts) -> dict[str, Any]:
    """The facts in the scorer's JSON schema (ISO dates, null where unresolved)."""
    return {
        "countries": list(facts.countries),
        "people": list(facts.people),
        "dates": [{"text": d.text, "date": _iso(d.date)} for d in facts.dates],
        "ranges": [{"text": r.text, "start": _iso(r.start), "end": _iso(r.end)} for r in facts.ranges],
        "quotes": [{"text": truncate(q.text), "speaker": q.speaker} for q in facts.quotes],
        "sources": list(facts.sources),
        "dateline": ({"place": facts.dateline.place, "outlet": facts.dateline.outlet}
                     if facts.dateline else None),
    }
