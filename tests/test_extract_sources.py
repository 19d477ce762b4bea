"""Sources: agencies and outlets the article cites, not the publisher nor social media."""

from datetime import UTC, datetime

import pytest

from digest.extract import extract

PUB = datetime(2017, 9, 18, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mengutip dari Reuters yang melansir kantor berita Korut, KCNA, rudal itu jatuh.", ["Reuters", "KCNA"]),
        ("Hal itu dikatakan Budi kepada AFP.", ["AFP"]),
        ("Menurut laporan The Independent, jumlah korban bertambah.", ["The Independent"]),
        ("Harga beras naik. (Antara/Reuters)", ["Antara", "Reuters"]),
        ("Jakarta, CNN Indonesia -- Video itu beredar di Twitter.", []),
        ("Seperti dikutip kantor berita Yonhap, pelatih memuji lawan.", ["Yonhap"]),
    ],
)
def test_sources(text: str, expected: list[str]) -> None:
    """Each text yields exactly these sources, in order."""
    assert list(extract(text, PUB).sources) == expected
