"""Quotes: spans of three or more words in quotation marks, and their speakers."""

from datetime import UTC, datetime

import pytest

from digest.extract import extract

PUB = datetime(2017, 9, 18, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Menteri Luar Negeri Budi Santoso hadir. “Kami siap berunding kapan saja,” kata Budi.",
         [("Kami siap berunding kapan saja", "Budi Santoso")]),
        ('Gubernur Ratna Dewi Lestari mengatakan, "Banjir ini harus segera ditangani."',
         [("Banjir ini harus segera ditangani.", "Ratna Dewi Lestari")]),
        ("Harga itu disebut 'paling parah' oleh warga.", []),
        ("“Mereka memohon agar tidak dipulangkan,” kata seorang polisi yang namanya tak disebutkan.",
         [("Mereka memohon agar tidak dipulangkan", None)]),
        ("Ia memberi hadiah senapan “dengan kualitas terbaik”.", [("dengan kualitas terbaik", None)]),
    ],
)
def test_quotes(text: str, expected: list[tuple[str, str | None]]) -> None:
    """Each text yields exactly these (quote, speaker) pairs."""
    assert [(q.text, q.speaker) for q in extract(text, PUB).quotes] == expected


def test_interrupted_quote_is_two_quotes() -> None:
    """An attribution inside a quote splits it in two, both by the same speaker."""
    text = "Pelatih Andi Wijaya puas. “Kami bermain sangat baik,” kata Andi, “dan kami akan menang lagi.”"
    quotes = extract(text, PUB).quotes
    assert [q.speaker for q in quotes] == ["Andi Wijaya", "Andi Wijaya"]
    assert len(quotes) == 2


def test_quote_over_paragraphs_is_one() -> None:
    """A quote reopened at the next paragraph without closing is one quote."""
    text = "“Kami menolak rencana itu sejak awal.\n\n“Kami akan terus melawan di pengadilan,” ujar Sari Rahmawati."
    quotes = extract(text, PUB).quotes
    assert len(quotes) == 1
    assert quotes[0].text.startswith("Kami menolak")


def test_speaker_two_sentences_later() -> None:
    """The speaker may be named in a sentence after the quote."""
    text = ("Juru bicara Dewi Anggraini memberi keterangan. “Kami tidak akan mundur dari tuntutan ini.” "
            "Situasi makin panas. Hal itu disampaikan Dewi di Jakarta.")
    assert [q.speaker for q in extract(text, PUB).quotes] == ["Dewi Anggraini"]
