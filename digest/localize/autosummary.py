"""An automatic summary of a story in a language it is not written in, made from its headline facts.

An English reader of an untranslated Indonesian article gets, instead of its Indonesian
lead sentence, what the facts say of it: "Indonesian-language business report on North
Korea and Russia, quoting Kim Jong Un; sources: Reuters, KCNA." The words of each
language are data (:data:`PHRASES`); a language without them keeps the original's summary.
Pages label the sentence as automatic (``Story.summary_auto``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

NAMED = 3  # countries, people or sources named; the rest are counted


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
    more: tuple[str, str]  # "{n} other", "{n} others": what is not named, counted
    end: str  # "."


PHRASES: dict[str, Phrases] = {
    "en": Phrases(
        report="{language}-language {kind}", kind="report",
        kinds={"Opinion": "opinion piece", "Editorial": "editorial", "Photos": "photo story", "Fact Check": "fact check",
               "Video": "video report"},
        rubric_kind="{rubric} report", on=" on {countries}", quoting=" quoting {people}", naming=" naming {people}",
        after_countries=",", source=("; source: {sources}", "; sources: {sources}"), joined="{first} and {last}",
        more=("{n} other", "{n} others"), end=".",
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
        text += words.on.format(countries=_listed(countries, words))
    who = speakers or people
    if who:
        text += (words.after_countries if countries else "") + \
            (words.quoting if speakers else words.naming).format(people=_listed(who, words))
    if sources:
        text += words.source[len(set(sources)) > 1].format(sources=_listed(sources, words, conjunction=False))
    return text[:1].upper() + text[1:] + words.end


def _named(items: Sequence[str], words: Phrases) -> list[str]:
    """The first :data:`NAMED` items, each once, and what is left counted ("2 others")."""
    unique = list(dict.fromkeys(items))
    rest = len(unique) - NAMED
    return unique[:NAMED] + ([words.more[rest > 1].format(n=rest)] if rest > 0 else [])


def _listed(items: Sequence[str], words: Phrases, conjunction: bool = True) -> str:
    """Items as a sentence lists them: "A", "A and B", "A, B and C", "A, B, C and 2 others"; without
    ``conjunction`` (a list of sources after a colon) "A, B, C" and "A, B, C and 2 others"."""
    named = _named(items, words)
    if len(named) == 1 or (not conjunction and len(named) <= NAMED):
        return ", ".join(named)
    return words.joined.format(first=", ".join(named[:-1]), last=named[-1])
