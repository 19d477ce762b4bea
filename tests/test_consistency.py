"""Consistency of a translation with its original: numbers read by value in both languages, and one
warning, naming both files, for each number, day, person or country the translation leaves out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from digest.config import load_config
from digest.consistency import consistency_warnings
from digest.consistency.numbers import english_numbers, indonesian_numbers
from digest.errors import Diagnostic, Level
from digest.extract import facts_of
from digest.load import discover, load_group
from digest.model import Article
from tests.conftest import REPO, Project, article

INDONESIAN = {
    "15.390": "15390", "Rp15.390": "15390", "1,5": "1.5", "2,3 triliun": "2.3e12", "Rp 2,3 triliun": "2.3e12",
    "1,5 juta": "1.5e6", "Rp180 miliar": "1.8e11", "20.000": "20000", "5 persen": "5", "5%": "5", "0,3": "0.3",
    "enam": "6", "sepuluh": "10", "sebelas": "11", "dua belas": "12", "dua puluh": "20", "dua puluh lima": "25",
    "seratus": "100", "dua ratus lima puluh": "250", "seribu": "1000", "dua juta": "2e6", "seratus ribu": "1e5",
    "ke-38": "38", "U-23": "23",
}
ENGLISH = {
    "15,390": "15390", "Rp15,390": "15390", "1.5": "1.5", "2.3 trillion": "2.3e12", "1.5 million": "1.5e6",
    "Rp180 billion": "1.8e11", "20,000": "20000", "5 percent": "5", "5%": "5", "six": "6", "ten": "10",
    "twelve": "12", "twenty": "20", "twenty-five": "25", "one hundred and five": "105", "a 22-year high": "22",
    "two-day": "2", "81st": "81", "five thousand": "5000",
}


@pytest.mark.parametrize(("text", "value"), sorted(INDONESIAN.items()))
def test_indonesian_numbers_are_read_by_value(text: str, value: str) -> None:
    """Each Indonesian way of writing a number gives one number of that value."""
    assert [n.value for n in indonesian_numbers(text)] == [Decimal(value)]


@pytest.mark.parametrize(("text", "value"), sorted(ENGLISH.items()))
def test_english_numbers_are_read_by_value(text: str, value: str) -> None:
    """Each English way of writing a number gives one number of that value."""
    assert [n.value for n in english_numbers(text)] == [Decimal(value)]


@pytest.mark.parametrize("text", ["pada 2023", "satu sama lain", "ribuan orang", "kedua rudal"])
def test_years_idioms_and_other_words_are_not_numbers(text: str) -> None:
    """A year standing alone is a date; "satu sama lain" (each other) and derived words are no quantity."""
    assert indonesian_numbers(text) == []


ORIGINAL = """\
Jakarta, KabarBerita.id — Menteri Luar Negeri Retno Marsudi bertemu Menlu Jepang Yoko Kamikawa di Tokyo, Selasa (19/9).

Kedua negara sepakat menambah kuota visa menjadi 15.390 orang, naik 5 persen, dengan dana Rp 2,3 triliun.

Pertemuan berikutnya dijadwalkan di Jakarta pada 12 Desember dengan enam menteri.
"""
TRANSLATION = """\
Jakarta, KabarBerita.id — Foreign Minister Retno Marsudi met Japanese Foreign Minister Yoko Kamikawa in Tokyo on Tuesday (19/9).

The two countries agreed to raise the visa quota to 15,390 people, up 5%, with funding of Rp 2.3 trillion.

The next meeting is scheduled in Jakarta on December 12 with six ministers.
"""


def _loaded(root: Path) -> list[Article]:
    """A project's articles, loaded as a build loads them (drafts left out)."""
    config = load_config(root)
    groups, _ = discover(config)
    return [a for a in (load_group(g, config)[0] for g in groups) if a is not None and not a.draft]


def _warnings(articles: list[Article]) -> list[Diagnostic]:
    """What the check says of some articles, with their facts as a build extracts them."""
    return consistency_warnings(articles, [facts_of(a) for a in articles])


def _check(project: Project, translation: str) -> list[Diagnostic]:
    """The warnings for one scratch article and its translation."""
    project.write("x.md", article(body=ORIGINAL))
    project.write("x.en.md", article(title="Title", date="", body=translation, lang="en"))
    return _warnings(_loaded(project.root))


def test_a_faithful_translation_gets_no_warning(project: Project) -> None:
    """Every number, day, person and country of the original is in the translation, in its English form."""
    assert _check(project, TRANSLATION) == []


def test_a_headline_only_translation_is_not_checked(project: Project) -> None:
    """A translation with a title and a summary and no body says nothing of the text."""
    project.write("x.md", article(body=ORIGINAL))
    project.write("x.en.md", "---\ntitle: Title\nsummary: A summary.\nlang: en\n---\n")
    articles = _loaded(project.root)
    assert articles[0].translations[0].partial
    assert _warnings(articles) == []


MISMATCHES = {
    "number": ("15,390 people", "15,930 people", 8, "says 15.390 (15,390); content/x.en.md:8 has no such number"),
    "scaled number": ("Rp 2.3 trillion", "Rp 3.2 trillion", 8,
                      "says 2,3 triliun (2,300,000,000,000); content/x.en.md:8 has no such number"),
    "number word": ("six ministers", "seven ministers", 10, "says enam (6); content/x.en.md:10 has no such number"),
    "date": ("December 12", "December 13", 10,
             "says 12 December (12 Desember); content/x.en.md:10 says 13 December"),
    "weekday date": ("on Tuesday (19/9)", "", 6, "says 19 September (Selasa (19/9)); content/x.en.md:6 has no such date"),
    "person": ("Yoko Kamikawa", "his counterpart", 6, "names Yoko Kamikawa; content/x.en.md:6 does not"),
    "country": ("Japanese Foreign Minister", "the Foreign Minister", 6, "names Japan; content/x.en.md:6 does not"),
}


@pytest.mark.parametrize("kind", sorted(MISMATCHES))
def test_each_mismatch_is_one_warning_naming_both_files(project: Project, kind: str) -> None:
    """One fact changed or left out of the translation: one warning at the original's line, naming the
    translation's line where it should be (and what it says instead, for a day)."""
    was, now, line, message = MISMATCHES[kind]
    assert was in TRANSLATION
    (warning,) = _check(project, TRANSLATION.replace(was, now))
    assert warning.level is Level.WARNING
    assert (warning.location.path, warning.location.line) == ("content/x.md", line)
    assert warning.message == message


def test_the_bundled_translations_are_consistent() -> None:
    """The bundled content's full translations (seven of them at least) say what their originals say."""
    articles = _loaded(REPO)
    assert sum(1 for a in articles for v in a.translations if not v.partial) >= 7
    assert [str(w) for w in _warnings(articles)] == []


def test_altered_translations_are_found() -> None:
    """Of the altered copies tools/consistency_rate.py makes (a number, a day, a person, a country
    changed or dropped), at least nine in ten get a warning."""
    from tools.consistency_rate import measure

    result = measure(_loaded(REPO))
    assert all(result.tried[kind] for kind in result.tried)
    assert result.rate >= 0.9, result.missed


PAIRS = {
    "a score, faithful": ("Mereka menang 21-17, 19-21, 21-15.", "They won 21-17, 19-21, 21-15.", 0),
    "a score, one 21 changed": ("Mereka menang 21-17, 19-21, 21-15.", "They won 21-17, 19-21, 22-15.", 1),
    "yesterday": ("Hasil itu diumumkan kemarin.", "The result was announced yesterday.", 0),
    "a weekday for a numbered day": ("Laga digelar Minggu (17/9).", "The match was played on Sunday.", 0),
    "a day said twice, once in English": ("Laga Minggu (17/9) selesai Minggu malam.",
                                          "The match on Sunday (17/9) ended late.", 1),
}


@pytest.mark.parametrize("case", sorted(PAIRS))
def test_repeated_numbers_and_days_each_need_their_own(project: Project, case: str) -> None:
    """A number or a day the original gives twice must be in the translation twice; an English relative
    day or weekday stands for the day the original resolves."""
    original, translation, warnings = PAIRS[case]
    project.write("x.md", article(date="2023-09-18T10:00:00+07:00", body=f"Jakarta, KabarBerita.id — {original}"))
    project.write("x.en.md", article(title="Title", date="", body=f"Jakarta, KabarBerita.id — {translation}", lang="en"))
    assert len(_warnings(_loaded(project.root))) == warnings
