"""How well ``digest.consistency`` tells a faithful translation from an altered one, on the bundled content.

An offline script (outside the ``digest`` package)::

    python tools/consistency_rate.py [PROJECT]

It loads the project's articles (default: this repository) and runs the checks on every
full English translation as written (which should give no warning: the false alarms),
then on altered copies made in memory, one alteration per copy: each number of the
translation that the original also gives, changed; each day it names, moved by one; each
person dropped (every mention of the name or surname); each country dropped (every
English name and demonym of it). An alteration is detected when its copy gets a warning
the translation as written did not. Prints warnings per article and the fraction detected.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from digest.config import load_config
from digest.consistency import consistency_warnings, not_a_person
from digest.consistency.english import country_pattern, english_days, fold, person_pattern
from digest.consistency.numbers import english_numbers, indonesian_numbers
from digest.extract import facts_of
from digest.load import discover, load_group
from digest.model import Article, Facts, Variant

KINDS = ("number", "date", "person", "country")
_NEXT_WEEKDAY = {"Monday": "Tuesday", "Tuesday": "Wednesday", "Wednesday": "Thursday", "Thursday": "Friday",
                 "Friday": "Saturday", "Saturday": "Sunday", "Sunday": "Monday"}


@dataclass(frozen=True)
class Result:
    """What the checks gave on one project: warnings per article as written, alterations tried and detected."""

    false_alarms: dict[str, list[str]]  # slug → warnings on the translation as written
    tried: dict[str, int]  # kind → alterations made
    detected: dict[str, int]  # kind → alterations warned about
    missed: list[str]  # one line per alteration not detected

    @property
    def rate(self) -> float:
        """The fraction of all alterations detected."""
        return sum(self.detected.values()) / max(1, sum(self.tried.values()))


def articles(root: Path) -> list[Article]:
    """The project's articles, loaded as a build loads them (drafts left out)."""
    config = load_config(root)
    groups, _ = discover(config)
    loaded = [load_group(group, config)[0] for group in groups]
    return [a for a in loaded if a is not None and not a.draft]


def _plus_one(value: Decimal) -> str:
    """Another value, in English digits: 1,200 → 1,201; 0.3 → 1.3."""
    return f"{value + 1:,f}".rstrip("0").rstrip(".") if "." in f"{value + 1:f}" else f"{value + 1:,f}"


def _numbers(body: str, article: Article) -> Iterator[tuple[str, str]]:
    """Copies of ``body`` with one number changed to another value: a number the original gives in the
    corresponding paragraph (the same one, when both have as many), so that the change contradicts it."""
    ours, theirs = _paragraphs(article.original.body), _paragraphs(body)
    values = [{n.value for n in indonesian_numbers(article.original.body[a:b])} for a, b in ours]
    days = [(d.start, d.end) for d in english_days(body, article.published.date()) if d.month_day]
    for n in english_numbers(body):
        k = sum(1 for a, _ in theirs if a <= n.start) - 1
        wanted = values[k] if len(ours) == len(theirs) else set().union(*values)
        if n.value in wanted and not any(a <= n.start < b for a, b in days):
            yield n.text, body[:n.start] + _plus_one(n.value) + body[n.end:]


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """The (start, end) of each paragraph of a body."""
    cuts = [(m.start(), m.end()) for m in re.finditer(r"\n[ \t]*\n\s*", body)]
    return list(zip([0, *(b for _, b in cuts)], [*(a for a, _ in cuts), len(body)], strict=True))


def _dates(body: str, article: Article) -> Iterator[tuple[str, str]]:
    """Copies of ``body`` with one day it names moved by one: its day of the month, or its weekday."""
    for d in english_days(body, article.published.date()):
        said = body[d.start:d.end]
        digits = re.search(r"\d{1,2}", said)
        if d.month_day and digits:
            moved = str(int(digits.group(0)) % 28 + 1)
            yield said, body[:d.start + digits.start()] + moved + body[d.start + digits.end():]
        elif d.weekday is not None and said.capitalize() in _NEXT_WEEKDAY:
            yield said, body[:d.start] + _NEXT_WEEKDAY[said.capitalize()] + body[d.end:]


def _dropped(body: str, pattern: re.Pattern[str], stand_in: str) -> str | None:
    """``body`` with every match of ``pattern`` (in its folded form) replaced; None when nothing matched."""
    folded = fold(body)
    spans = [(m.start(), m.end()) for m in pattern.finditer(folded)]
    for a, b in reversed(spans):
        body = body[:a] + stand_in + body[b:]
    return body if spans else None


def alterations(article: Article, facts: Facts, body: str) -> Iterator[tuple[str, str, str]]:
    """Every altered copy of one translation's body: (kind, what was altered, the new body)."""
    for said, copy in _numbers(body, article):
        yield "number", repr(said), copy
    for said, copy in _dates(body, article):
        yield "date", repr(said), copy
    for name in facts.people:
        dropped = _dropped(body, person_pattern(name), "the official")
        if dropped is not None and not not_a_person(name):
            yield "person", name, dropped
    for code in facts.countries:
        dropped = _dropped(body, country_pattern(code), "the country")
        if dropped is not None:
            yield "country", code, dropped


def measure(found: list[Article]) -> Result:
    """Run the checks on every full translation of ``found`` as written and altered."""
    result = Result({}, dict.fromkeys(KINDS, 0), dict.fromkeys(KINDS, 0), [])
    for article in found:
        facts = facts_of(article)
        for variant in article.translations:
            if variant.partial:
                continue
            written = {str(w) for w in consistency_warnings([article], [facts])}
            result.false_alarms[article.slug] = sorted(written)
            for kind, what, body in alterations(article, facts, variant.body):
                altered = _with_body(article, variant, body)
                result.tried[kind] += 1
                if {str(w) for w in consistency_warnings([altered], [facts])} - written:
                    result.detected[kind] += 1
                else:
                    result.missed.append(f"{article.slug}: {kind} {what}")
    return result


def _with_body(article: Article, variant: Variant, body: str) -> Article:
    """``article`` with one translation's body replaced."""
    translations = tuple(replace(v, body=body) if v is variant else v for v in article.translations)
    return replace(article, translations=translations)


def main(argv: list[str]) -> int:
    """Print the figures for the project at ``argv[0]`` (default: this repository)."""
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    result = measure(articles(root))
    print("warnings on the translations as written:")
    for slug, warnings in sorted(result.false_alarms.items()):
        print(f"  {len(warnings)}  {slug}")
        for w in warnings:
            print(f"       {w}")
    alarms = sum(len(w) for w in result.false_alarms.values())
    print(f"  total: {alarms} warnings on {len(result.false_alarms)} full translations")
    print("alterations detected:")
    for kind in KINDS:
        print(f"  {kind:8} {result.detected[kind]}/{result.tried[kind]}")
    print(f"  all      {sum(result.detected.values())}/{sum(result.tried.values())} = {result.rate:.3f}")
    for line in result.missed:
        print(f"  missed: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
