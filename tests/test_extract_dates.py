"""Dates: weekday+numeric dates, month names, relative days, ranges, contradictions."""

from datetime import UTC, date, datetime

import pytest

from digest.errors import Level
from digest.extract import extract


def _pub(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "pub", "expected"),
    [
        ("Ia tiba pada Rabu (9/8).", _pub(2017, 8, 13), date(2017, 8, 9)),
        ("Rapat digelar Rabu (27/12) di Jakarta.", _pub(2018, 1, 2), date(2017, 12, 27)),
        ("Sidang dibuka 27 Juli 2017 lalu.", _pub(2017, 9, 1), date(2017, 7, 27)),
        ("Ia pulang kemarin.", _pub(2017, 9, 1), date(2017, 8, 31)),
        ("Hasilnya diumumkan besok.", _pub(2017, 9, 1), date(2017, 9, 2)),
        ("Ia bertemu Rabu lalu.", _pub(2017, 7, 28), date(2017, 7, 26)),
        ("Ia bertemu Rabu pekan lalu.", _pub(2017, 7, 28), date(2017, 7, 19)),
        ("Ia akan kembali ke Pyongyang pada Jumat.", _pub(2017, 9, 18), date(2017, 9, 22)),
        ("Amnesty mengatakan pada Senin bahwa penahanan itu keliru.", _pub(2018, 1, 18), date(2018, 1, 15)),
    ],
)
def test_single_days(text: str, pub: datetime, expected: date) -> None:
    """Each expression resolves to its calendar day against the publication date."""
    assert [d.date for d in extract(text, pub).dates] == [expected]


def test_weekday_contradiction_gives_none_and_warning() -> None:
    """"Rabu (5/1)" in 2018 (a Friday) keeps date None and warns at the right line."""
    facts = extract("Baris pertama.\n\nKapal berangkat Rabu (5/1).", _pub(2018, 1, 2), path="a.md", body_line=10)
    assert [(d.text, d.date) for d in facts.dates] == [("Rabu (5/1)", None)]
    assert len(facts.diagnostics) == 1
    diag = facts.diagnostics[0]
    assert diag.level is Level.WARNING
    assert diag.location.path == "a.md"
    assert diag.location.line == 12


def test_ranges_are_not_days() -> None:
    """A span of days goes to ranges with both ends resolved."""
    facts = extract("Kunjungan Selasa (12/9)-Minggu (17/9) berjalan lancar.", _pub(2023, 9, 20))
    assert facts.dates == ()
    assert [(r.start, r.end) for r in facts.ranges] == [(date(2023, 9, 12), date(2023, 9, 17))]


def test_recurring_weekday_is_not_a_day() -> None:
    """"setiap Sabtu" is a schedule, not a date."""
    assert extract("Posko dibuka setiap Sabtu pagi.", _pub(2017, 11, 18)).dates == ()


def test_quote_relative_day_uses_the_day_it_was_said() -> None:
    """"besok" in a quote given on Saturday night is Sunday, even if published Monday."""
    text = 'Tim kalah pada Sabtu (14/10) malam. "Besok pagi kami kembali berlatih ringan," ujar pelatih itu.'
    days = {d.text: d.date for d in extract(text, _pub(2017, 10, 16)).dates}
    assert days["Besok pagi"] == date(2017, 10, 15)


WED = datetime(2019, 3, 6, 10, tzinfo=UTC)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A week, month or year "kemarin" is that period, no day.
        ("Harga cabai naik tajam pekan kemarin.", []),
        ("Rapat itu digelar minggu kemarin di Bogor.", []),
        ("Tahun kemarin panen padi gagal total.", []),
        ("Rapat itu digelar kemarin di Bogor.", [date(2019, 3, 5)]),
        # "besok" or "tunggu" before a weekday looks forward: the next one.
        ('Ia berkata, "Tunggu besok Jumat saja di balai desa."', [date(2019, 3, 7), date(2019, 3, 8)]),
        ('"Kami menunggu hasil sidang menjelang Sabtu," kata Rudi.', [date(2019, 3, 9)]),
    ],
)
def test_periods_and_forward_weekdays(text: str, expected: list[date]) -> None:
    """The days of each text, in order."""
    assert [d.date for d in extract(text, WED).dates] == expected
