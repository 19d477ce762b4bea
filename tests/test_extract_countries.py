"""Countries: CLDR names, Indonesian short forms and nicknames; names inside other names excluded."""

from datetime import UTC, datetime

import pytest

from digest.extract import extract

PUB = datetime(2017, 9, 18, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Presiden AS bertemu pemimpin Korut di perbatasan.", {"US", "KP"}),
        ("Warga Mesir berunjuk rasa menolak kebijakan itu.", {"EG"}),
        ("Kapal buatan Negeri Sakura itu tiba di Tiongkok.", {"JP", "CN"}),
        ("Timnas Indonesia kalah dari pelatih asal Brasil.", {"ID", "BR"}),
        ("Klub Skotlandia itu merekrut pemain Wales.", {"GB"}),
        ("Kedua Korea sepakat berunding.", {"KR", "KP"}),
        ("Arab Saudilah yang melancarkan serangan itu.", {"SA"}),
        ("Ia belajar bahasa Inggris dan menabung dolar AS.", set()),
        ("Bank Indonesia menahan suku bunga di Laut China Selatan.", set()),
        ("Ganda putra itu juara Malaysia Open tahun lalu.", set()),
        ("Harga naik karena kebutuhan masyarakat tinggi.", set()),  # "as" inside words
        ("Ia tiba di Tokyo lalu terbang ke Beijing.", set()),  # cities alone
    ],
)
def test_countries(text: str, expected: set[str]) -> None:
    """Each sentence yields exactly the expected ISO codes."""
    assert set(extract(text, PUB).countries) == expected


def test_dateline_outlet_is_not_a_country() -> None:
    """"CNN Indonesia" in the dateline names the outlet, not Indonesia."""
    facts = extract("Jakarta, CNN Indonesia -- Harga minyak turun tajam.", PUB)
    assert facts.countries == ()
    assert facts.dateline is not None
    assert facts.dateline.outlet == "CNN Indonesia"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jepang dan Korut bertemu. Korut menolak. Pemimpin Korut pulang.", ("KP", "JP")),  # most mentioned first
        ("Jepang, Korut dan Tiongkok bertemu. Tiongkok dan Korut menolak.", ("KP", "CN", "JP")),  # ties: first mention
        ("Menteri Jepang tiba di Tiongkok.", ("JP", "CN")),  # once each: the order of the text
        ("Warga Mesir dan Mesir dan Mesir.", ("EG",)),  # every form of a country counts for it, once listed
    ],
)
def test_countries_come_most_mentioned_first(text: str, expected: tuple[str, ...]) -> None:
    """A story's countries are ordered by how often the text names them, then by first mention."""
    assert extract(text, PUB).countries == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A country after a post is the country ("Menteri Luar Negeri Kenya").
        ("Menteri Luar Negeri Kenya, Wanjiru Otieno, tiba di Jakarta kemarin.", ("KE",)),
        # A country opening the story after a masked dateline, after a capitalised first word.
        ("BANDUNG (Warta Kita) – Melawan Mongolia pada laga nanti, pelatih menurunkan pemain muda.", ("MN",)),
        # Another spelling of Jordan.
        ("Perdana menteri itu sedang berkunjung ke Jordania pekan ini.", ("JO",)),
        # A country inside the name of a company or a tournament is not counted.
        ("Saham PT Jepang Motor naik tiga persen.", ()),
        ("Pebulu tangkis itu juara Thailand Terbuka dua tahun lalu.", ()),
    ],
)
def test_countries_in_titles_and_names(text: str, expected: tuple[str, ...]) -> None:
    """Each text yields exactly these country codes."""
    assert extract(text, PUB).countries == expected
