"""Well-known short forms of people's names, hand-written: nicknames and surnames -> full names.

* ``NICKNAMES``: Indonesian (and a few foreign) public figures known by a nickname or an
  acronym that shares no leading or trailing part with the full name, so the roster's
  part-of-name merge cannot link them ("Jokowi" / "Joko Widodo", "SBY").
* ``SURNAMES``: world leaders and other figures the press names by surname alone
  ("Erdogan mengatakan ..."), so a lone surname is a person even without a title or a
  speech verb beside it.

A short form is listed as written when the article never gives the full name (the digest
lists people as the text names them); when it does, the person is listed once, under the
full name. Only unambiguous, widely used forms belong here; a name shared by several
well-known people ("Kim", "Lee", "Mega") does not.
"""

from __future__ import annotations

NICKNAMES: dict[str, str] = {
    "Jokowi": "Joko Widodo",
    "Ahok": "Basuki Tjahaja Purnama",
    "BTP": "Basuki Tjahaja Purnama",
    "SBY": "Susilo Bambang Yudhoyono",
    "AHY": "Agus Harimurti Yudhoyono",
    "Ibas": "Edhie Baskoro Yudhoyono",
    "JK": "Jusuf Kalla",
    "Gus Dur": "Abdurrahman Wahid",
    "Gus Ipul": "Saifullah Yusuf",
    "Cak Imin": "Muhaimin Iskandar",
    "Zulhas": "Zulkifli Hasan",
    "Bamsoet": "Bambang Soesatyo",
    "Buwas": "Budi Waseso",
    "Aher": "Ahmad Heryawan",
    "Foke": "Fauzi Bowo",
    "Kang Emil": "Ridwan Kamil",
    "Emil": "Ridwan Kamil",
    "Aa Gym": "Abdullah Gymnastiar",
    "Habib Rizieq": "Rizieq Shihab",
    "Dahnil": "Dahnil Anzar Simanjuntak",
    "Bang Yos": "Sutiyoso",
    "Mbak Tutut": "Siti Hardiyanti Rukmana",
    "Tutut": "Siti Hardiyanti Rukmana",
    "Tommy Soeharto": "Hutomo Mandala Putra",
    "Gatot": "Gatot Nurmantyo",
    "Luhut": "Luhut Binsar Pandjaitan",
    "MBS": "Mohammed bin Salman",
    "MBZ": "Mohammed bin Zayed",
    "AMLO": "Andres Manuel Lopez Obrador",
    "Lula": "Luiz Inacio Lula da Silva",
    "Duterte": "Rodrigo Duterte",
    "Mahathir": "Mahathir Mohamad",
}

SURNAMES: dict[str, str] = {
    "Trump": "Donald Trump",
    "Obama": "Barack Obama",
    "Biden": "Joe Biden",
    "Clinton": "Hillary Clinton",
    "Putin": "Vladimir Putin",
    "Medvedev": "Dmitry Medvedev",
    "Lavrov": "Sergei Lavrov",
    "Erdogan": "Recep Tayyip Erdogan",
    "Merkel": "Angela Merkel",
    "Macron": "Emmanuel Macron",
    "Netanyahu": "Benjamin Netanyahu",
    "Abbas": "Mahmoud Abbas",
    "Assad": "Bashar al-Assad",
    "Rouhani": "Hassan Rouhani",
    "Khamenei": "Ali Khamenei",
    "Modi": "Narendra Modi",
    "Abe": "Shinzo Abe",
    "Jinping": "Xi Jinping",
    "Kishida": "Fumio Kishida",
    "Trudeau": "Justin Trudeau",
    "Turnbull": "Malcolm Turnbull",
    "Morrison": "Scott Morrison",
    "Zelensky": "Volodymyr Zelensky",
    "Zelenskyy": "Volodymyr Zelenskyy",
    "Guterres": "Antonio Guterres",
    "Lagarde": "Christine Lagarde",
    "Tillerson": "Rex Tillerson",
    "Pompeo": "Mike Pompeo",
    "Mattis": "Jim Mattis",
    "Pence": "Mike Pence",
    "Najib": "Najib Razak",
    "Lee Hsien Loong": "Lee Hsien Loong",
    "Prayuth": "Prayuth Chan-o-cha",
    "Suu Kyi": "Aung San Suu Kyi",
    "Maduro": "Nicolas Maduro",
    "Bolsonaro": "Jair Bolsonaro",
    "Salman": "Salman bin Abdulaziz",
    "Widodo": "Joko Widodo",
    "Yudhoyono": "Susilo Bambang Yudhoyono",
    "Prabowo": "Prabowo Subianto",
    "Megawati": "Megawati Soekarnoputri",
    "Habibie": "Bacharuddin Jusuf Habibie",
    "Soeharto": "Soeharto",
    "Soekarno": "Soekarno",
}
