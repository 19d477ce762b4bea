"""An automatic summary of a story in a language it is not written in, made from its headline facts.

An English reader of an untranslated Indonesian article gets, instead of its Indonesian
lead sentence, what the facts say of it: "Indonesian-language business report on North
Korea and Russia, quoting Kim Jong Un; sources: Reuters, KCNA." The words of each
language are data (:data:`PHRASES`); a language without them keeps the original's summary.
Pages label the sentence as automatic (``Story.summary_auto``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# How many countries, people and sources a summary names; the rest are counted ("and 2 others").
COUNTRIES, PEOPLE, SOURCES = 3, 2, 3


@dataclass(frozen=True, slots=True)
class Phrases:
    """How one language words an automatic summary."""

    report: str  # the opening: "{language}-language {kind}"
    kind: str  # the kind of a story without a known rubric: "report"
    kinds: dict[str, str]  # a rubric's name → its kind, where it is not "<name in lower case> report"
    rubric_kind: str  # the kind of a story in a rubric: "{rubric} report"
    on: str  # " on {countries}"
    quoting: str  # " quoting {people}" (the speakers of its quotes)
    naming: str  # " naming {people}" (no quote: the people it names)
    after_countries: str  # what comes between the countries and the people: ","
    source: tuple[str, str]  # "; source: {sources}", "; sources: {sources}"
    joined: str  # "{first} and {last}"
    more: tuple[str, str]  # "{n} other", "{n} others": people or sources not named, counted
    more_countries: tuple[str, str]  # "{n} other country", "{n} other countries"
    definite: re.Pattern[str]  # the country names a sentence gives an article: "the United States"
    article: str  # "the {name}"
    end: str  # "."


PHRASES: dict[str, Phrases] = {
    "en": Phrases(
        report="{language}-language {kind}", kind="report",
        kinds={"Opinion": "opinion piece", "Editorial": "editorial", "Photos": "photo story", "Fact Check": "fact check",
               "Video": "video report"},
        rubric_kind="{rubric} report", on=" on {countries}", quoting=" quoting {people}", naming=" naming {people}",
        after_countries=",", source=("; source: {sources}", "; sources: {sources}"), joined="{first} and {last}",
        more=("{n} other", "{n} others"), more_countries=("{n} other country", "{n} other countries"),
        definite=re.compile(r"(United|Republic of) .*|.* (Islands|Republic|Territories)|Netherlands|Philippines|Bahamas"
                            r"|Gambia|Maldives|Comoros|Seychelles"),
        article="the {name}", end=".",
    ),
}


def summary(lang: str, language: str, rubric: str | None, countries: Sequence[str], speakers: Sequence[str],
            people: Sequence[str], sources: Sequence[str]) -> str | None:
    """A summary in ``lang`` of a story written in ``language`` (its name in ``lang``: "Indonesian"), in the
    rubric named ``rubric`` (the built-in rubric's name in ``lang``, None: none known), about ``countries``
    (named in ``lang``, the main ones first), quoting ``speakers`` (else naming ``people``), citing
    ``sources``. None when ``lang`` has no :data:`PHRASES`."""
    words = PHRASES.get(lang)
    if words is None:
        return None
    kind = words.kind if rubric is None else words.kinds.get(rubric) or words.rubric_kind.format(rubric=rubric.lower())
    text = words.report.format(language=language, kind=kind)
    if countries:
        named = [words.article.format(name=name) if words.definite.fullmatch(name) else name for name in countries]
        text += words.on.format(countries=_listed(named, COUNTRIES, words.more_countries, words))
    who = speakers or people
    if who:
        text += (words.after_countries if countries else "") + \
            (words.quoting if speakers else words.naming).format(people=_listed(who, PEOPLE, words.more, words))
    if sources:
        listed = _listed(sources, SOURCES, words.more, words, conjunction=False)
        text += words.source[len(set(sources)) > 1].format(sources=listed)
    return text[:1].upper() + text[1:] + words.end


def _listed(items: Sequence[str], most: int, more: tuple[str, str], words: Phrases, conjunction: bool = True) -> str:
    """The first ``most`` items (each once) as a sentence lists them, the rest counted in ``more`` (unless
    only one is left): "A", "A and B", "A, B and C", "A, B and 2 others"; without ``conjunction`` (a list after
    a colon) "A, B, C"."""
    unique = list(dict.fromkeys(items))
    shown = most if len(unique) > most + 1 else len(unique)  # one more is named: "1 other" would say no less
    rest = len(unique) - shown
    named = unique[:shown] + ([more[rest > 1].format(n=rest)] if rest else [])
    if len(named) == 1 or (not conjunction and rest <= 0):
        return ", ".join(named)
    return words.joined.format(first=", ".join(named[:-1]), last=named[-1])
