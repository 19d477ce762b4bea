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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Every outlet of a list after one verb of citing.
        ("Banjir itu menelan puluhan korban, dilansir Reuters, Al Jazeera, dan BBC.", ["Reuters", "Al Jazeera", "BBC"]),
        ("Seperti dikutip Xinhua dan Kyodo, kedua menteri bertemu di Hanoi.", ["Xinhua", "Kyodo"]),
        # CNN cited in a CNN Indonesia story is another outlet than the publisher.
        ("Jakarta, CNN Indonesia -- Seorang petugas mengatakan kepada CNN bahwa jalan ditutup.", ["CNN"]),
        ("Jakarta, CNN Indonesia -- Jalan itu ditutup, kata petugas kepada CNN Indonesia.", []),
        # Attributions other than "dilansir".
        ("Dalam wawancara dengan Haber-Turk, menteri itu membantah tuduhan.", ["Haber-Turk"]),
        ("Walikota itu berbicara kepada Channel News Asia di kantornya.", ["Channel News Asia"]),
        ("Kebakaran itu sudah padam, seperti dikutip detikcom, Selasa (5/3).", ["detikcom"]),
        ("Kapal itu tenggelam, seperti diberitakan Kyodo News pekan ini.", ["Kyodo News"]),
    ],
)
def test_more_attributions(text: str, expected: list[str]) -> None:
    """Lists, outlets sharing a word with the publisher, and attributions other than "dilansir"."""
    assert list(extract(text, PUB).sources) == expected
