"""The automatic summary of an untranslated story: a sentence made from its facts, in the reader's language."""

from __future__ import annotations

import pytest

from digest.localize.autosummary import summary

KIM = "Indonesian-language report on North Korea and Russia, quoting Kim Jong Un; sources: Reuters, KCNA."


@pytest.mark.parametrize(
    ("rubric", "countries", "speakers", "people", "sources", "expected"),
    [
        (None, ["North Korea", "Russia"], ["Kim Jong Un"], ["Kim Jong Un", "Vladimir Putin"], ["Reuters", "KCNA"], KIM),
        ("Business", ["Japan"], [], [], ["Reuters"], "Indonesian-language business report on Japan; source: Reuters."),
        ("World", [], [], [], [], "Indonesian-language world report."),
        (None, [], [], [], [], "Indonesian-language report."),  # no facts at all
        ("Opinion", ["Indonesia"], [], [], [], "Indonesian-language opinion piece on Indonesia."),
        (None, [], ["Sri Mulyani"], [], [], "Indonesian-language report quoting Sri Mulyani."),
        (None, ["Japan"], [], ["Budi Hartono", "Sari Wulandari"], [],  # no quote: the people it names
         "Indonesian-language report on Japan, naming Budi Hartono and Sari Wulandari."),
        ("Sport", ["Japan", "South Korea", "China", "Thailand", "Indonesia"], ["A", "B", "C", "D"], [],
         ["Antara", "Reuters", "AFP", "Kyodo"],  # at most three countries, two people, three sources named
         "Indonesian-language sport report on Japan, South Korea, China and 2 other countries, quoting A, B and "
         "2 others; sources: Antara, Reuters, AFP, Kyodo."),  # one more is named, not counted
        ("Business", ["United Kingdom", "Philippines", "Solomon Islands", "Czechia", "Japan"], ["A", "B", "C"], [], [],
         "Indonesian-language business report on the United Kingdom, the Philippines, the Solomon Islands and "
         "2 other countries, quoting A, B and C."),  # "the" where English says it
        (None, ["United States"], ["A", "B"], [], ["Reuters", "AFP", "AP"],
         "Indonesian-language report on the United States, quoting A and B; sources: Reuters, AFP, AP."),
        (None, [], ["Kim", "Kim"], [], ["Reuters", "Reuters"], "Indonesian-language report quoting Kim; source: Reuters."),
    ],
)
def test_english_summaries(rubric: str | None, countries: list[str], speakers: list[str], people: list[str],
                           sources: list[str], expected: str) -> None:
    """What the facts say, in one sentence, whatever facts are missing."""
    assert summary("en", "Indonesian", rubric, countries, speakers, people, sources) == expected


def test_a_language_without_phrases_gets_none() -> None:
    """No words for a language: no automatic summary (the page keeps the original's)."""
    assert summary("fr", "indonésien", None, ["Japon"], [], [], []) is None
