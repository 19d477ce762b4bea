"""Country names that CLDR does not give: Indonesian spellings, short forms, nicknames."""

from __future__ import annotations

# Surface form -> ISO codes. Case-sensitive; forms are matched as whole words.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "China": ("CN",), "Cina": ("CN",), "RRT": ("CN",), "RRC": ("CN",), "Tiongkok": ("CN",),
    "AS": ("US",), "Amerika": ("US",), "Amerika Serikat": ("US",), "USA": ("US",),
    "Korut": ("KP",), "DPRK": ("KP",), "Korsel": ("KR",),
    "Kedua Korea": ("KR", "KP"), "kedua Korea": ("KR", "KP"), "dua Korea": ("KR", "KP"),
    "Inggris": ("GB",), "Britania Raya": ("GB",), "Britania": ("GB",),
    "Skotlandia": ("GB",), "Wales": ("GB",), "England": ("GB",), "Scotland": ("GB",),
    "Irlandia Utara": ("GB",),
    "Prancis": ("FR",), "Perancis": ("FR",),
    "Belanda": ("NL",), "Jepang": ("JP",), "Arab Saudi": ("SA",), "Saudi": ("SA",),
    "RI": ("ID",), "NKRI": ("ID",),
    "UEA": ("AE",), "Emirat Arab": ("AE",),
    "Palestina": ("PS",), "Filipina": ("PH",), "Myanmar": ("MM",), "Burma": ("MM",),
    "Hong Kong": ("HK",), "Makau": ("MO",), "Macau": ("MO",), "Taiwan": ("TW",),
    "Ceko": ("CZ",), "Republik Ceko": ("CZ",), "Rep Ceko": ("CZ",),
    "Vietnam": ("VN",), "Brasil": ("BR",), "Brazil": ("BR",), "Kolombia": ("CO",),
    "Pantai Gading": ("CI",), "Swiss": ("CH",), "Selandia Baru": ("NZ",),
    "Bosnia": ("BA",), "Kongo": ("CD",), "Timor Leste": ("TL",), "Timor-Leste": ("TL",),
    "Azerbaijan": ("AZ",), "Kazakstan": ("KZ",), "Kazakhstan": ("KZ",),
    "Uzbekistan": ("UZ",), "Kirgistan": ("KG",), "Tajikistan": ("TJ",),
    "Turkmenistan": ("TM",), "Rumania": ("RO",), "Romania": ("RO",),
    "Makedonia": ("MK",), "Yordania": ("JO",), "Jordania": ("JO",), "Libanon": ("LB",), "Suriah": ("SY",),
    "Syria": ("SY",), "Irak": ("IQ",), "Iran": ("IR",), "Mesir": ("EG",),
    "Aljazair": ("DZ",), "Maroko": ("MA",), "Tunisia": ("TN",), "Bahrain": ("BH",),
    "Qatar": ("QA",), "Katar": ("QA",), "Kuwait": ("KW",), "Oman": ("OM",), "Yaman": ("YE",),
    "Afganistan": ("AF",), "Afghanistan": ("AF",), "Pakistan": ("PK",),
    "Uni Soviet": (), "Vatikan": ("VA",), "Tahta Suci": ("VA",),
    "Papua Nugini": ("PG",), "PNG": ("PG",), "Kamboja": ("KH",), "Laos": ("LA",),
    "Malaysia": ("MY",), "Singapura": ("SG",), "Thailand": ("TH",), "Brunei": ("BN",),
    "Brunei Darussalam": ("BN",), "Mongolia": ("MN",), "Korea Utara": ("KP",),
    "Korea Selatan": ("KR",), "Korea Selatan U-19": ("KR",),
    # Nicknames ("Negeri ...") common in Indonesian news.
    "Negeri Paman Sam": ("US",), "Negeri Beruang Merah": ("RU",), "Negeri Sakura": ("JP",),
    "Negeri Matahari Terbit": ("JP",), "Negeri Samurai": ("JP",),
    "Negeri Tirai Bambu": ("CN",), "Negeri Gajah Putih": ("TH",), "Negeri Jiran": ("MY",),
    "Negeri Kanguru": ("AU",), "Negeri Kangguru": ("AU",), "Negeri Ginseng": ("KR",),
    "Negeri Samba": ("BR",), "Negeri Tango": ("AR",), "Negeri Matador": ("ES",),
    "Negeri Singa": ("SG",), "Negeri Pizza": ("IT",), "Negeri Panser": ("DE",),
    "Negeri Kincir Angin": ("NL",), "Negeri Oranye": ("NL",), "Negeri Bollywood": ("IN",),
    "Negeri Hindustan": ("IN",), "Negeri Piramida": ("EG",), "Negeri Seribu Pagoda": ("MM",),
    "Negeri Kiwi": ("NZ",), "Negeri Ratu Elizabeth": ("GB",), "Negeri Tiga Singa": ("GB",),
    "Negeri Ayam Jantan": ("FR",), "Negeri Menara Eiffel": ("FR",), "Negeri Pagoda": ("MM",),
    "Negeri Zamrud Khatulistiwa": ("ID",), "Negeri Formosa": ("TW",),
    "Negeri Petrodolar": ("SA",), "Negeri Onta": ("SA",), "Negeri Unta": ("SA",),
    "Negeri Para Mullah": ("IR",), "Negeri Seribu Menara": ("EG",),
}

# English CLDR names that are far more often a person, word or US state in this text.
AMBIGUOUS: frozenset[str] = frozenset({
    "Jordan", "Chad", "Georgia", "Jersey", "Guernsey", "Man", "Turkey", "Guinea", "Mali",
    "Niger", "Dominica", "Cuba", "Samoa", "Amerika Utara", "Amerika Selatan", "Chili",
    "Natal", "Pulau Natal", "Norfolk", "Cook", "Congo",
})

# Words before a name that make it part of another proper name or a non-country thing.
BLOCK_BEFORE: frozenset[str] = frozenset({
    "bahasa", "Bahasa", "dolar", "Dolar", "dollar", "Dollar", "Laut", "laut", "Selat", "Teluk",
    "Samudra", "Samudera", "Bank", "PT", "Tbk", "Universitas", "Grup", "Maskapai", "Semenanjung",
    "Lembaga", "Yayasan", "Telkom", "Garuda", "Badminton", "Federasi", "Asosiasi", "Liga",
    "Perusahaan", "Kota", "Partai", "Kepulauan", "Pulau", "Gurun", "Sungai", "Pegunungan",
    "Festival", "Hotel", "Institut", "Sekolah", "Wilayah", "bagian", "Jalan", "Jl", "Museum",
    "Taman", "Radio", "Televisi", "Stasiun", "Harian", "Majalah", "Koran", "Kantor", "Gedung",
    "Benua", "Bursa", "Yen", "Euro", "Poundsterling", "pound", "Pound", "Won", "Yuan", "Ringgit",
    "won", "yuan", "yen", "ringgit", "rupee", "Rupee", "peso", "Peso", "Semen", "Pupuk",
    "Pertamina", "Pelni", "Pos", "Uber", "Gojek", "Grab", "Kereta", "Pelabuhan", "Bandara",
    "Komunitas", "Ikatan", "Persatuan", "Gerakan", "Forum", "Dewan", "Indeks", "indeks",
})

# Capitalised words that may precede a country name without making it part of a proper name.
ALLOW_BEFORE: frozenset[str] = frozenset({
    "Timnas", "Presiden", "Pemerintah", "Kedutaan", "Kedubes", "Kedutaan Besar", "Besar",
    "Menteri", "Menlu", "Duta", "Dubes", "Militer", "Tentara", "Angkatan", "Pasukan", "Rakyat",
    "Warga", "Bangsa", "Negara", "Negeri", "Republik", "Kerajaan", "Federasi", "Raja", "Ratu",
    "Pangeran", "Perdana", "Wakil", "Pelatih", "Tim", "Skuat", "Kapten", "Parlemen", "Kongres",
    "Senat", "Polisi", "Kepolisian", "Kementerian", "Kemlu", "Otoritas", "Pejabat", "Juara",
    "Piala", "Kapal", "Konsulat", "KBRI", "KJRI", "Ibu", "Utara", "Selatan", "Timur", "Barat",
    "Kedua", "Seluruh", "Di", "Ke", "Dari", "Dan", "Bagi", "Untuk", "Dengan", "Oleh", "Antara",
    "Saat", "Namun", "Sementara", "Selain", "Bahkan", "Sedangkan", "Sebab", "Karena", "Jika",
    "Pemimpin", "Diktator", "Penguasa", "Kanselir", "Gubernur", "Ketua", "Kepala", "Presidennya",
    "Amerika", "Arab", "Korea", "Uni", "Sri", "Hong", "Papua", "Emirat", "Kabinet",
})

# Words after a name that make it part of an event, outlet or company name.
BLOCK_AFTER: frozenset[str] = frozenset({
    "Open", "Masters", "Airlines", "Airways", "Air", "Post", "Times", "Today", "Herald",
    "Daily", "Super", "Grand", "Premier", "Telecom", "Tbk", "Corporation", "Corp", "Inc",
    "Limited", "Ltd", "Motor", "Motors", "Railway", "Railways", "Network", "Review", "News",
    "Raya", "Latin", "Tengah", "Selatan", "Utara", "Timur", "Barat", "Fashion", "Week",
    "Terbuka",
})
