"""Word lists for the people finder: titles, roles and words that head non-person names."""

from __future__ import annotations

# Titles and roles dropped from the front of a name ("Presiden Rusia Vladimir Putin").
TITLES: frozenset[str] = frozenset("""
Presiden Wakil Wapres Menteri Menko Perdana PM Ketua Kepala Direktur Dirut Dirjen Jenderal Gubernur
Bupati Wali Walikota Wagub Pangeran Mahkota Raja Ratu Sheikh Syekh Syeikh Pak Bu Bapak Ibu Dr
Prof Ir Drs H Hj KH Habib Kapten Captain Pelatih Kombes Pol Inspektur Brigadir Komisaris Ajun Bripka Briptu
Bripda Brigpol Aiptu Aipda Iptu Ipda Serka Serma Sertu Serda Kopda Koptu Praka Pratu Prada Letda Lettu Peltu Pelda Kapolri Kapolda Kapolres Irjen Brigjen Mayjen Letjen
Jenderal Marsekal Laksamana Kolonel Letkol Mayor AKBP AKP Kompol Sekjen Menlu Mendag Menkeu Menag
Menpora Mendagri Menkumham Mensesneg Jubir Juru Bicara Duta Besar Dubes Senator Anggota Mr Mrs Ms
Sir Paus Kaisar Emir Sultan Imam Ustaz Ustadz Kiai Kyai Tuan Nyonya Bos CEO Bek Striker Gelandang
Kiper Penyerang Pemain Pebalap Pebulu Pebulutangkis Tunggal Ganda Pemimpin Diktator Kanselir Sekretaris
Deputi Asisten Staf Khusus Panglima Komandan Kapuspen Kabid Humas Kasubdit Kabag Kadiv Kadis Plt Pj
Jaksa Hakim Ketum Sekjend Komisioner Pengamat Analis Ekonom Peneliti Dosen Rektor Dekan Petinju
Pegolf Pembalap Atlet Penyanyi Aktor Aktris Artis Politikus Politisi Legislator Pendiri Founder
Chairman Presdir Wakapolri Kabareskrim Kapolsek Danramil Pangdam Kasad Kasal Kasau Menhan Menkes
Mendikbud Menristekdikti Menperin Mentan Menhub Menpar Menaker Menkominfo Mensos Menteri BUMN
Dirjen Kasubag Sekda Camat Lurah Kades Ustad Syaikh Baginda Almarhum Mendiang Saudara Sdr
Manajer Direktris Kepala Gelandang Winger Bintang Legenda Eks Mantan Calon Capres Cawapres
Cagub Cawagub Bacagub Petahana Tersangka Terdakwa Saksi Korban Pengacara Kuasa Advokat
Profesor Coach Pak Sang Si Kak Mbak Mas Bang Om Tante Uda Teungku Tengku Datuk Dato Haji Hajjah
Letnan Koordinator Bidang Urusan Kapuskom Karo Kabiro Kasubbag Kasi Kanit Kasat
""".split())

# Titles of two words whose second word is also a given name ("Sri Mulyani", "Agung Sampurno"):
# that word is a title only right after the first.
TITLE_PAIRS: frozenset[tuple[str, str]] = frozenset(
    [("Tan", "Sri"), ("Jaksa", "Agung"), ("Putra", "Mahkota"), ("Putri", "Mahkota")])

# Words that mean the capitalised run is a place, building, body or event, not a person.
NON_PERSON_HEADS: frozenset[str] = frozenset("""
Stadion Bandara Lapangan Jalan Jl Gedung Masjid Universitas Rumah RS RSUD Taman Museum Gelora Wisma
Hotel Kampus Kapal Bandar Pelabuhan Institut Yayasan Pondok Pesantren Sekolah SD SMP SMA SMK Tol Gang
Kompleks Istana Monumen Tugu Patung Klub Piala Trofi Penghargaan Award Awards Festival Hari Partai
Kementerian Komisi Badan Dewan Majelis Mahkamah Pengadilan Kejaksaan Kepolisian Polda Polres Polsek
Kantor Bank PT CV Tbk Grup Group Pemerintah Pemprov Pemkab Pemkot Provinsi Kabupaten Kota Desa
Kecamatan Kelurahan Pulau Gunung Sungai Danau Selat Laut Teluk Liga League Cup Championship Open
Universitas Akademi Asosiasi Federasi Persatuan Ikatan Gerakan Front Forum Koalisi Aliansi Lembaga
Organisasi Perhimpunan Himpunan Serikat Sekretariat Direktorat Inspektorat Balai Dinas Biro Pusat
Kedutaan Konsulat Bursa Indeks Operasi Program Proyek Undang Peraturan Perpres Keppres Kapal Jembatan
Terminal Stasiun Pasar Mal Mall Plaza Tower Menara Apartemen Perumahan Kawasan Wilayah Distrik Negara
Republik Kerajaan Kesultanan Kekaisaran Timnas Tim Skuat Club United City FC Real Sporting Athletic
Televisi TV Radio Harian Koran Majalah News Times Post Agency Kantor Berita Airlines Airways Motor
Hukum Ekonomi Politik Agama Islam Kristen Katolik Hindu Buddha Natal Lebaran Ramadan Idul Fitri Adha
Tahun Baru Imlek Nyepi Waisak Tuhan Allah Nabi Rasul Injil Alquran Quran Ordo Gereja Pura Vihara Klenteng
Kejuaraan Turnamen Olimpiade Asian Games SEA Sea Grand Prix Formula Seri Series Super Final Semifinal
Kremlin Pentagon Downing Elysee Capitol Senayan Cosmodrome
Undang-Undang UU Perppu Permen Konvensi Convention Konferensi Conference Traktat Perjanjian Deklarasi
Resolusi Piagam Protokol Nobel Hadiah Prize Pulitzer Medali Pangkalan Lanud Lanal Lantamal Brigade Batalyon
Resimen Divisi Korps Komando Kodam Kodim Korem Koramil Densus Mabes Polri Ditjen Kemenlu Kemenkeu Kemendagri
Kemenkumham Kemensos Kemendag Kemenhub Kemenkes Kemenag Bareskrim Arena Palace Resort Beach Reef Island
Survey Consultancy Ministry Department Council Committee Commission Association Foundation University
College Hospital Airport Kamar GOR Sirkuit Circuit Galeri Perusahaan Koperasi Maskapai
Kuartal Semester Tahap Babak Fase Musim Edisi Jilid Volume Bab Pasal Ayat Nomor No Rp USD
""".split())

# Heads that make the name right after them a place, unit, treaty, prize or event ("Stadion
# H. Dimurthala", "Brigade Izzuddin al-Qassam", "Hadiah Pulitzer"), not a person.
PLACE_HEADS: frozenset[str] = frozenset("""
Stadion Bandara Lapangan Jalan Jl Gedung Masjid Universitas Rumah RS RSUD Taman Museum Gelora Wisma
Hotel Kampus Kapal Bandar Pelabuhan Institut Yayasan Pondok Pesantren Sekolah Tol Gang Kompleks Istana
Monumen Tugu Patung Klub Piala Trofi Hari Kota Desa Pulau Gunung Sungai Danau Selat Laut Teluk
Semenanjung Samudera Samudra Tanjung Kitab Kapal Kabupaten Provinsi Kecamatan Kelurahan Perum
Brigade Batalyon Resimen Konvensi Convention Traktat Perjanjian Deklarasi Piagam Protokol Hadiah Nobel Prize
Penghargaan Award Piala Liga Pangkalan Lanud Lanal Undang-Undang Operasi Festival Kejuaraan Turnamen
Olimpiade Arena GOR Sirkuit Galeri Resort Palace
""".split())

# Words that end a name when they come after it: places and bodies written in English or by region.
NON_PERSON_TAIL: frozenset[str] = frozenset("""
Timur Barat Utara Selatan Tengah Raya International Internasional Natural Gas Street Stadium
Racing Team Institute Authority Center Centre Securities Sekuritas Persero Capital Fund Daily
Guardian Development Monetary Corporation Corp Group Holdings Airlines Times Post News Review
Syariah Sejahtera Korupsi Madrid Hotspur Rohingya Arena Palace Resort Beach Reef Island Survey Consultancy
Conference Convention Organization Organizations Organisation Association Council Committee Commission
Foundation University College Hospital Airport Party Front Brigade Brigades
Sdn Bhd Ltd Inc LLC PLC GmbH Insider Magazine Journal Herald Tribune Studios Pictures Records Entertainment
Media Network Channel System Systems Control Assist Management Mobile Technologies Technology Software Services
Solutions Projects Project Distribution Recognition Administration Bureau Medicine Society Academy Library
Rovers Glove Trophy Summit Show Expo
""".split())

# Verbs and words of speech that introduce a single-name speaker ("kata Sujatmiko").
SPEECH_BEFORE_NAME: frozenset[str] = frozenset(
    "kata ujar ucap tutur jelas ungkap tegas imbuh tambah papar terang sebut lanjut cetus kilah "
    "tukas pungkas seru timpal menurut oleh dikatakan diungkapkan disampaikan dijelaskan".split()
)

# Bylines and credits: names after these are reporters or editors, not people in the story.
BYLINE = (r"(?:Reporter|Editor|Penulis|Pewarta|Oleh|Laporan|Redaktur|Fotografer|Foto|Sumber|Penyunting|"
          r"Penerjemah|Kontributor|Ilustrasi|Grafis|Video|Desain|Teks|Narasi)\s*:")
# Credit lines without a colon, at the start of a line: "Diadaptasi oleh ...", "Alih bahasa ...".
CREDIT_LINE = (r"(?m)^[ \t]*(?:(?:Diadaptasi|Disadur|Diterjemahkan|Ditulis|Disunting|Dilaporkan|Disusun)[ \t]+oleh"
               r"|Alih[ \t]+bahasa|Teks[ \t]+dan[ \t]+foto)\b[^\n]*")
