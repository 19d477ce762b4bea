"""People: one hand-written sentence per kind of mistake the finder used to make.

Every sentence is written for this file (none is taken from the dev set); each table
names the kind of mistake, the rule that mends it lives in ``people`` / ``people_data`` /
``alias_data``.
"""

from datetime import UTC, datetime

import pytest

from digest.extract import extract
from digest.extract.roster import canonical

PUB = datetime(2019, 3, 4, 9, tzinfo=UTC)


def _people(text: str) -> list[str]:
    return list(extract(text, PUB).people)


# Organisations, laws, treaties, prizes, units, venues and places: a capitalised run with
# such a head (or after a locative preposition) names nobody.
NON_PERSONS = [
    "Pemerintah menyiapkan aturan turunan Undang-Undang Cipta Kerja bulan depan.",
    "Kedua negara terikat Konvensi Jenewa tentang tawanan perang.",
    "Penyidik Mabes Polri memeriksa dua saksi pada hari yang sama.",
    "Serangan itu diklaim kelompok Brigade Martir Al-Aqsa.",
    "Novelis itu dua kali dinominasikan untuk Nobel Sastra.",
    "Rombongan itu menginap di Santa Cruz sebelum bertolak ke Lima.",
    "Maskapai itu membuka lagi rute Bandung-Surabaya-Kuala Lumpur bulan depan.",
    "Konser itu digelar promotor Fear Sdn Bhd di Kuala Lumpur.",
    "Mobil itu kini dilengkapi Collision Mitigation Braking System dan Adaptive Cruise Control.",
    "Film itu diproduksi Marvel Studios dan dirilis Walt Disney Pictures.",
    "Laporan itu dimuat Business Insider pekan lalu.",
    "Mogok kerja menyebar ke Plumpang, Banyuwangi, Padalarang, dan Makassar.",
    "Ia dirawat di Rumah Sakit Fatmawati, Cilandak, sejak Senin.",
    "Final dimainkan di Indomilk Arena yang penuh penonton.",
    "Laporan Kementerian Koordinator bidang Perekonomian menyebut inflasi terkendali.",
    "Ia menjabat wakil ketua Majelis Permusyawaratan Rakyat sejak 2014.",
    "Data itu dirilis Badan Pusat Statistik pada awal bulan.",
    "Ia berpidato di Los Pinos Selasa malam.",
    "Misa digelar di San Isidro Labrador yang dipadati umat.",
    "Ia dipanggil lagi meski mantan gelandang Valencia itu jarang bermain.",
    "Penyanyi itu melalui akun Instagramnya mengatakan bahwa tur batal.",
]


@pytest.mark.parametrize("text", NON_PERSONS)
def test_non_persons(text: str) -> None:
    """No person is read out of a body, law, prize, unit, venue or place."""
    assert _people(text) == []


def test_list_of_people_keeps_its_one_word_names() -> None:
    """A one-word item is a person in a list of people (and a place in a list of places, above)."""
    text = "Pelatih membawa Rizky Ramadhan, Yusuf, Bagas Prasetyo, dan Teddy Kurnia ke Bandung."
    assert _people(text) == ["Rizky Ramadhan", "Yusuf", "Bagas Prasetyo", "Teddy Kurnia"]


def test_pronoun_after_a_name() -> None:
    """A capitalised pronoun after a name ("Anda") is not part of it."""
    assert _people("Pengunjuk rasa berseru \"Dimitri Sokolov Anda gagal, pulanglah!\"") == ["Dimitri Sokolov"]


def test_headline_link_line() -> None:
    """A linked headline in title case is no name; the person in it is found as usual."""
    text = "Tim menang.\n\nBACA JUGA: Sepakan Bambang Pamungkas Menangkan Persija\n\nTim berlatih lagi."
    assert _people(text) == ["Bambang Pamungkas"]


# Titles and the names of bodies left in front of the name after stripping.
TITLE_LEFTOVERS = [
    ("Kakorlantas Polri Inspektur Jenderal Royke Lumowa meninjau jalur mudik.", ["Royke Lumowa"]),
    ("Kapolsek Aiptu Bambang Sugiarto memimpin patroli malam itu.", ["Bambang Sugiarto"]),
    ("Menteri Koordinator Bidang Kemaritiman Luhut Binsar Pandjaitan meninjau pelabuhan.",
     ["Luhut Binsar Pandjaitan"]),
    ("Kepala Bagian Humas Ditjen Pajak Hestu Yoga Saksama menjelaskan aturan itu.",
     ["Hestu Yoga Saksama"]),
    ("Juru bicara militer Letnan Kolonel Andi Pratama menyatakan pasukan ditarik.",
     ["Andi Pratama"]),
]


@pytest.mark.parametrize(("text", "expected"), TITLE_LEFTOVERS)
def test_title_leftovers(text: str, expected: list[str]) -> None:
    """Only the name is left after the titles and the body's name are taken off."""
    assert _people(text) == expected


# Given names that are also (parts of) titles: "Sri" of "Tan Sri", "Agung" of "Jaksa Agung".
GIVEN_NAMES = [
    ("Menteri Keuangan Sri Mulyani Indrawati membuka rapat.", ["Sri Mulyani Indrawati"]),
    ("Kepala Humas Agung Sampurno menjelaskan jadwalnya.", ["Agung Sampurno"]),
    ("Jaksa Agung Muhammad Prasetyo menolak berkomentar.", ["Muhammad Prasetyo"]),
    ("Tan Sri Muhyiddin Yassin tiba di Putrajaya.", ["Muhyiddin Yassin"]),
]


@pytest.mark.parametrize(("text", "expected"), GIVEN_NAMES)
def test_given_names(text: str, expected: list[str]) -> None:
    """A given name that doubles as a title word is kept unless its title partner precedes it."""
    assert _people(text) == expected


# Given names the NER train splits saw only inside a body's or a street's name ("Oesman",
# "Aji"): they open a person's name where the tagger reads one, and a club or a city before a
# name is still left out.
WEAK_WORDS = [
    ("Ketua DPD Oesman Hadi Wijaya membuka sidang paripurna itu.", ["Oesman Hadi Wijaya"]),
    ("Pelatih Persema Aji Nugroho menurunkan tim terbaiknya.", ["Aji Nugroho"]),
    ("Pelatih Chelsea Frank Lampard memuji para pemainnya.", ["Frank Lampard"]),
    ("Kader muda PDI-Perjuangan Rina Wulandari Sari hadir di sana.", ["Rina Wulandari Sari"]),
    ("Gubernur Kaltim Awang Faroek Ishak meninjau lokasi banjir.", ["Awang Faroek Ishak"]),
    ("Mereka kalah dari West Ham pekan lalu.", []),
    ("Indeks Dow Jones turun dua persen semalam.", []),
    ("Pedagang di Pasar Induk Kramat Jati mengeluhkan harga cabai.", []),
]


@pytest.mark.parametrize(("text", "expected"), WEAK_WORDS)
def test_weak_words(text: str, expected: list[str]) -> None:
    """A weak first word joins the name only when the tagger reads it as part of one."""
    assert _people(text) == expected


# Bylines and credits name the staff, not people in the story.
CREDITS = [
    "Harga cabai turun tajam.\n\nDiadaptasi oleh Rudi Hartono dari Reuters.",
    "Harga cabai turun tajam.\n\nPenyunting: Wulan Sari",
    "Harga cabai turun tajam.\n\nAlih bahasa: Teguh Wibowo",
    "Harga cabai turun tajam. (ant/rzk)",
]


@pytest.mark.parametrize("text", CREDITS)
def test_credits(text: str) -> None:
    """Names in a byline or credit line are not people of the story."""
    assert _people(text) == []


# Well-known people named by surname or nickname only, and a nickname next to the full name.
SHORT_FORMS = [
    ("Kebijakan Trump memicu gejolak pasar saham.", ["Trump"]),
    ("Pasar menanti keputusan Erdogan soal suku bunga.", ["Erdogan"]),
    ("Presiden Joko Widodo meresmikan jalan tol. \"Ini untuk rakyat,\" kata Jokowi.", ["Joko Widodo"]),
    ("\"Kita lanjutkan,\" kata Jokowi. Presiden Joko Widodo lalu meninggalkan lokasi.", ["Joko Widodo"]),
    ("Mantan gubernur Basuki Tjahaja Purnama bebas. \"Saya lega,\" ujar Ahok.", ["Basuki Tjahaja Purnama"]),
    ("Susilo Bambang Yudhoyono berpidato. \"Demokrasi harus dijaga,\" kata SBY.", ["Susilo Bambang Yudhoyono"]),
    ("\"Kita lanjutkan,\" kata Jokowi di Bogor.", ["Jokowi"]),
]


@pytest.mark.parametrize(("text", "expected"), SHORT_FORMS)
def test_short_forms(text: str, expected: list[str]) -> None:
    """A well-known short form is a person, listed once under the full name when the text gives it."""
    assert _people(text) == expected


def test_nickname_speaker_is_the_full_name() -> None:
    """A quote attributed by nickname is spoken by the person listed under the full name."""
    text = "Presiden Joko Widodo meresmikan jalan tol. \"Ini untuk rakyat banyak,\" kata Jokowi."
    assert [q.speaker for q in extract(text, PUB).quotes] == ["Joko Widodo"]


@pytest.mark.parametrize(("name", "full"), [
    ("Jokowi", "Joko Widodo"), ("Ahok", "Basuki Tjahaja Purnama"), ("SBY", "Susilo Bambang Yudhoyono"),
    ("Erdogan", "Recep Tayyip Erdogan"), ("Joko Widodo", "Joko Widodo"), ("Budi Santoso", "Budi Santoso"),
])
def test_canonical(name: str, full: str) -> None:
    """The alias table maps a well-known short form to the full name and leaves other names alone."""
    assert canonical(name) == full
