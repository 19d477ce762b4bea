"""People: full names without titles, later surname mentions merged, non-persons excluded."""

from datetime import UTC, datetime

import pytest

from digest.extract import apply_overrides, extract
from digest.model import Facts, Overrides

PUB = datetime(2017, 9, 18, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Presiden Rusia Vladimir Putin menerima tamu. Putin tersenyum.", ["Vladimir Putin"]),
        ("Menteri Perdagangan Enggartiasto Lukita meresmikan pasar itu.", ["Enggartiasto Lukita"]),
        ("Pertandingan digelar di Stadion Gelora Bung Karno, Jakarta.", []),
        ("Komisi Pemberantasan Korupsi memeriksa saksi kemarin.", []),
        ("Setelah itu Kim Jong Un kembali ke Pyongyang.", ["Kim Jong Un"]),
    ],
)
def test_people(text: str, expected: list[str]) -> None:
    """Each sentence yields exactly the expected people."""
    assert list(extract(text, PUB).people) == expected


def test_overrides_add_and_remove() -> None:
    """Editors' overrides add declared people/countries and remove rejected ones."""
    facts = Facts(countries=("ID", "US"), people=("Joko Widodo", "Setya Novanto"))
    out = apply_overrides(facts, Overrides(countries=("jp",), not_countries=("US",),
                                           people=("Sri Mulyani",), not_people=("Setya Novanto",)))
    assert out.countries == ("ID", "JP")
    assert out.people == ("Joko Widodo", "Sri Mulyani")
