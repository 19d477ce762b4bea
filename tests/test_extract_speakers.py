"""Speakers of quotes in sentences written for these tests (not taken from the dev set)."""

from datetime import UTC, datetime

import pytest

from digest.extract import extract

PUB = datetime(2019, 3, 8, 10, tzinfo=UTC)

CASES = [
    # A pronoun attribution refers to the sentence's subject, not to a name met in passing.
    ("Pelatih Hendra Kusuma memuji lini belakang timnya yang disebutnya sekuat Paolo Maldini.\n\n"
     '"Kami bermain sangat disiplin sepanjang laga," katanya.', "Hendra Kusuma"),
    ("Gubernur Ratna Sari Dewi meninjau lokasi banjir di dekat Stadion Gelora Bung Tomo.\n\n"
     '"Warga harus segera mengungsi ke tempat aman," ujarnya.', "Ratna Sari Dewi"),
    # An apposition after a post with a comma: the name after it speaks.
    ("Menteri Perhubungan Malaysia, Datuk Ahmad Faizal, meninjau pelabuhan itu dan bertemu nelayan di sana, "
     "termasuk Bambang Irawan.\n\n"
     '"Kami akan memperbaiki dermaga ini tahun depan," katanya.', "Ahmad Faizal"),
    # A post before the name is not part of the speaker's name.
    ('"Jalur itu kami tutup sejak pagi," kata Letnan Kolonel Gunawan Prasetyo.', "Gunawan Prasetyo"),
    ('"Pasokan air sudah kembali normal," kata Juru Bicara Provinsi Kandahar Rahimullah Wardak.',
     "Kandahar Rahimullah Wardak"),
    # A weekday or a date in the subject is not the speaker.
    ('Menteri Hendra Kusuma pada Jumat (1/3) menyatakan bahwa "kami tidak akan mundur sedikit pun".',
     "Hendra Kusuma"),
    # Verbs of saying besides "kata" and "ujar".
    ('"Kami belum menerima surat itu," jawab Rudi Hartono.', "Rudi Hartono"),
    ('"Pertandingan ini belum selesai," sahut Dewi Anggraini.', "Dewi Anggraini"),
    # A role and whose it is, then the speaker's name in apposition.
    ('"Klien kami tidak pernah menerima uang itu," kata kuasa hukum Bambang, Rina Marlina.', "Rina Marlina"),
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_speaker(text: str, speaker: str | None) -> None:
    """The only quote of each text is attributed to this speaker."""
    quotes = extract(text, PUB).quotes
    assert [q.speaker for q in quotes] == [speaker]
