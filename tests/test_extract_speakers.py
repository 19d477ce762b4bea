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
    ('"Kami tidak akan menyerah begitu saja," cuit Rina Marlina lewat akun Twitter miliknya.', "Rina Marlina"),
    # A role and whose it is, then the speaker's name in apposition.
    ('"Klien kami tidak pernah menerima uang itu," kata kuasa hukum Bambang, Rina Marlina.', "Rina Marlina"),
    # "ujarnya" after an unnamed speaker was brought in: nobody, not the last person named.
    ("Hendra Kusuma mencetak dua gol dalam laga itu.\n\nKapten tim tamu mengakui timnya bermain buruk. "
     '"Kami tidak siap menghadapi tekanan mereka," ujarnya.', None),
    ("Striker Budi Santoso mencetak gol pembuka.\n\nSementara itu, seorang suporter tim tamu mengatakan "
     'kekalahan itu pantas. "Kami kalah dalam segala hal," katanya.', None),
    # "Pelatih itu", "Ia": pointing back to the one named, who speaks.
    ("Pelatih Hendra Kusuma tampak kecewa.\n\nPelatih itu mengatakan timnya tampil buruk. "
     '"Kami harus belajar dari laga ini," ujarnya.', "Hendra Kusuma"),
    # A later mention by one part of the name is the person: "kata Oesman", "Menurut Boy".
    ("Ketua Umum Partai Hanura Oesman Hadi Wijaya datang ke gedung itu.\n\n"
     '"Kami menghormati putusan itu," kata Oesman.\n\nIa bertemu Darmawan Lubis di sana.\n\n'
     '"Saya siap mundur kapan saja," imbuhnya.', "Oesman Hadi Wijaya"),
    ("Juru bicara Polri Boy Rahmat Amar menjelaskan penangkapan itu.\n\nRudi Hartono dideportasi dari Turki "
     'pekan lalu.\n\nMenurut Boy, keduanya diperiksa di Surabaya.\n\n"Ini adalah prosedur biasa bagi kami," '
     "katanya.", "Boy Rahmat Amar"),
    # "Menurut X, Y ...": X speaks, Y is what X said.
    ("Menurut Faizal Rahman, Rizal Ramli adalah warga yang berhak dilindungi.\n\n"
     '"Pemerintah harus bertindak cepat meredakan situasi," kata dia.', "Faizal Rahman"),
    # An aside after the subject ("melalui akun Twitternya") is not the speaker.
    ('"Dunia menyaksikan pernyataan yang tak bisa diterima," kata Dewi Lestari pekan lalu.\n\n'
     "Sementara itu, mantan perdana menteri Haiti Laurent Lamothe, melalui akun Twitternya mengatakan, "
     '"Kami menuntut permintaan maaf segera."', "Laurent Lamothe"),
    # A body's name holding "dan", then the person who speaks for it.
    ('"Proyek itu harus jelas dan berjangka panjang," kata Asisten Sekretaris Kamar Dagang dan Industri Qatar '
     "Hamad Al Thani di Jakarta.", "Hamad Al Thani"),
    # A name after "sambil" is not the speaker.
    ('"Tato ini untuk kamu semua," tulis Coombe sambil meminta respons dari Conor McGregor.', "Coombe"),
    # A weak first word ("Aji") keeps the coach's name whole; the other Santoso does not speak.
    ('"Tim kami dalam kondisi bagus menjelang laga," kata pelatih Arema Aji Santoso di Malang.\n\n'
     "Gelandang Dendy Santoso juga siap tampil.", "Aji Santoso"),
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_speaker(text: str, speaker: str | None) -> None:
    """The last quote of each text is attributed to this speaker."""
    quotes = extract(text, PUB).quotes
    assert quotes, "no quote found"
    assert quotes[-1].speaker == speaker
