"""News agencies and outlets the article attributes information to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from digest.extract.countries import gazetteer
from digest.extract.text import alternation, lowered, matches_at

# Well-known agencies and outlets, recognised wherever the text attributes something to them.
KNOWN: tuple[str, ...] = (
    "Reuters", "AFP", "Agence France-Presse", "AP", "Associated Press", "Antara", "ANTARA",
    "Antaranews", "LKBN Antara", "KCNA", "Xinhua", "Yonhap", "TASS", "ITAR-TASS", "RIA Novosti",
    "Sputnik", "Kyodo", "NHK", "BBC", "BBC News", "CNN", "Al Jazeera", "Al-Jazeera", "Al Arabiya",
    "Al-Mayadeen", "The Guardian", "Guardian", "The Independent", "New York Times",
    "The New York Times", "Washington Post", "The Washington Post", "Wall Street Journal",
    "The Wall Street Journal", "Bloomberg", "Financial Times", "The Telegraph", "Daily Mail",
    "The Sun", "The Times", "Straits Times", "The Straits Times", "South China Morning Post",
    "Channel NewsAsia", "The Star", "Haaretz", "Times of Israel", "Jerusalem Post", "Kompas",
    "Tempo", "Detik", "detikcom", "Detikcom", "Rodong Sinmun", "Global Times", "Nikkei",
    "Nikkei Asian Review", "Asahi Shimbun", "Yomiuri Shimbun", "Japan Times", "Korea Herald",
    "Korea Times", "Bernama", "ABS-CBN", "Philippine Daily Inquirer", "Rappler", "ESPN",
    "Sky Sports", "Marca", "Goal", "Football Espana", "Politico", "Axios", "Fox News", "NBC",
    "CBS", "ABC", "Le Monde", "Der Spiegel", "Bild", "Interfax", "Anadolu", "IRNA", "Fars",
    "Tasnim", "WAFA", "SANA", "Press TV", "Dawn", "Gazzetta dello Sport", "Mundo Deportivo",
    "Channel News Asia", "CNA", "Channel Nine", "Nine News", "Sky News", "ABC News", "CBS News",
    "NBC News", "Haber-Turk", "Haberturk", "Hurriyet", "Kyodo News", "Xinhua News Agency", "Euronews",
    "Deutsche Welle", "DW", "RT", "VOA", "Voice of America", "Radio Free Asia", "Mainichi",
)
# Words that say a name after them is an outlet ("kantor berita Yonhap", "harian Kompas").
_MEDIA_HEAD = (r"(?:kantor\s+berita|stasiun\s+(?:TV|televisi|radio)(?:\s+[\w\-]+){0,2}|televisi|"
               r"harian|surat\s+kabar|koran|majalah|situs(?:\s+resmi)?|laman(?:\s+resmi)?|media|tabloid|"
               r"portal(?:\s+berita)?|jaringan\s+berita|radio)")
_TRIGGER = (r"(?:(?:seperti\s+)?(?:yang\s+)?(?:dikutip|dilansir|diberitakan|dilaporkan|disiarkan|"
            r"diwartakan)(?:\s+(?:dari|oleh))?|[Mm]engutip(?:\s+dari)?|[Mm]elansir(?:\s+dari)?|"
            r"[Dd]ikutip(?:\s+dari)?|[Dd]ilansir(?:\s+dari)?|[Dd]iberitakan|[Ll]aporan(?:\s+dari)?|"
            r"[Mm]enurut(?:\s+laporan)?(?:\s+dari)?|kepada|dari|sumber|lewat|melalui|[Ww]awancara\s+dengan)")
_CAP = r"(?:[A-Z][\w.\-]*|[a-z]+\.(?:com|co\.id|go\.id|id|net|org))"
_NAME = rf"({_CAP}(?:[ \t]+(?:{_CAP}|of|dello|dan)){{0,4}})"
_SLASH = re.compile(r"\s*/\s*")
_SOCIAL = frozenset({"twitter", "facebook", "instagram", "whatsapp", "youtube", "tiktok", "telegram",
                     "line", "weibo", "wechat"})


# Substrings every _MEDIA_HEAD alternative contains (lower case): a text with none of them
# cannot match the patterns built on it, which are then skipped (half the articles). Only
# for texts that cannot be lowered in place; the others use the media words found.
_MEDIA_KEYS = ("berita", "stasiun", "televisi", "harian", "kabar", "koran", "majalah", "situs",
               "laman", "media", "tabloid", "portal", "radio")


@lru_cache(maxsize=1)
def _any_known() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """(any well-known outlet name opening with a capital, the other names), to test cheaply
    for any name before the patterns that need one.

    Split as the lower-case first letter of "detikcom" made the engine try the whole
    alternation at every "d"; the other names are looked for with ``in``.
    """
    return (re.compile(alternation([k for k in KNOWN if k[0].isupper()])),
            tuple(k for k in KNOWN if not k[0].isupper()))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    known = alternation(KNOWN)
    # A well-known outlet a few words after a media word is being cited even without a verb of
    # citing: "komentator di surat kabar sayap kiri Israel Haaretz mengatakan".
    near = re.compile(rf"\b(?i:{_MEDIA_HEAD})(?:\s+[\w\-]+){{0,4}}?\s+({known})(?![\w\-])")
    head = re.compile(rf"\b(?i:{_TRIGGER})\s+(?i:{_MEDIA_HEAD})(?:\s+[a-z][\w\-]*)?,?\s+{_NAME}")
    trig = re.compile(rf"\b(?:{_TRIGGER})\s+(?:{_MEDIA_HEAD}\s+)?({known})(?![\w\-])")
    web = re.compile(r"\b(?:dikutip|dilansir|mengutip|melansir)(?:\s+dari)?\s+([a-z][\w\-]*\.(?:com|co\.id|go\.id|id|net|org))")
    brackets = re.compile(rf"[(\[]\s*((?:{known})(?:\s*/\s*(?:{known}))*)\s*[)\]]")
    return head, trig, web, brackets, near


# "dikutip Badminton Indonesia", "surat kabar resmi Korut Rodong Sinmun melaporkan"
_CITED = re.compile(rf"\b(?:[Dd]ikutip|[Dd]ilansir|[Mm]engutip|[Mm]elansir|[Dd]iberitakan)(?:\s+dari)?\s+{_NAME}")
# Lazy modifiers: "surat kabar resmi Korut Rodong Sinmun melaporkan" keeps the whole
# "Korut Rodong Sinmun" as the name (a leading country is dropped later), not just "Sinmun".
_REPORTS = re.compile(rf"\b(?i:{_MEDIA_HEAD})(?:\s+(?:resmi|milik\s+\w+|pemerintah|[A-Z]\w+)){{0,3}}?\s+{_NAME}\s+"
                      r"(?:melaporkan|memberitakan|menyebutkan|mengabarkan|menulis|melansir|menyiarkan)\b")
# An outlet named in apposition after a country's media: "media resmi Korut, KCNA, memperlihatkan"
# (group 1 must be a country: checked in find_sources).
_APPOSED = re.compile(rf"\b(?i:{_MEDIA_HEAD})(?:\s+(?:resmi|milik|pemerintah|negara)){{0,2}}\s+([A-Z]\w+),"
                      rf"\s+{_NAME},")
_CHAIN = re.compile(rf"\b(?:yang\s+)?(?:melansir|mengutip|mengutip\s+dari|melansir\s+dari)\s+(?:{_MEDIA_HEAD}\s+)?"
                    rf"(?:\w+\s+)?(?:[A-Z]\w+,\s+)?([A-Z][\w\-]*)")


# The words each pattern's matches start with, lower case: _MEDIA_WORDS for the patterns
# opening with _MEDIA_HEAD, _TRIGGER_WORDS for those opening with _TRIGGER, _CITE_WORDS for
# _CITED and web, _CHAIN_WORDS for _CHAIN. Found in the lowered text, they give every offset
# where those patterns can match (see ``matches_at`` and ``_word_starts``).
_MEDIA_WORDS = ("kantor", "stasiun", "televisi", "harian", "surat", "koran", "majalah", "situs", "laman",
                "media", "tabloid", "portal", "jaringan", "radio")
_TRIGGER_WORDS = ("seperti", "yang", "dikutip", "dilansir", "diberitakan", "dilaporkan", "disiarkan",
                  "diwartakan", "mengutip", "melansir", "laporan", "menurut", "kepada", "dari", "sumber",
                  "lewat", "melalui", "wawancara")
_CITE_WORDS = ("dikutip", "dilansir", "mengutip", "melansir", "diberitakan")
_CHAIN_WORDS = ("yang", "melansir", "mengutip")
_WORD_SETS = {"media": _MEDIA_WORDS, "trigger": _TRIGGER_WORDS, "cite": _CITE_WORDS, "chain": _CHAIN_WORDS}


@lru_cache(maxsize=1)
def _word_scan() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, tuple[str, ...]]]:
    """(any word at offset 0, a non-word character then any word, word -> names of its sets)."""
    member: dict[str, tuple[str, ...]] = {}
    for key, words in _WORD_SETS.items():
        for w in words:
            member[w] = member.get(w, ()) + (key,)
    # One word found at an offset must be the only one there (see _word_starts).
    assert not any(a != b and b.startswith(a) for a in member for b in member)
    union = alternation(list(member))
    # Any character but the lower-case ASCII and Latin-1 word characters: every non-word
    # character (and a few word characters, whose extra offsets only cost a failed match).
    # Spelt with literal ranges, tested by a table look-up, where "[^\w]" asks the Unicode
    # database at every character (a third slower).
    assert all(chr(c).isalnum() or c == ord("_") for a, b in _LOW_WORD for c in range(ord(a), ord(b) + 1))
    not_word = "[^" + "".join(a if a == b else f"{a}-{b}" for a, b in _LOW_WORD) + "]"
    return re.compile(union), re.compile(rf"{not_word}({union})"), member


# Ranges of lower-case word characters (Latin-1 without "÷", which is no word character).
_LOW_WORD = (("a", "z"), ("0", "9"), ("_", "_"), ("ß", "ö"), ("ø", "ÿ"))


def _word_starts(low: str) -> dict[str, list[int]]:
    """For each of _WORD_SETS, ascending offsets in ``low`` including all where one of its
    words starts after a non-word character (or at offset 0).

    Every pattern scanned at these offsets opens with \\b before a word of its set, so it can
    only match where the character before is no word character (lowering keeps a character's
    being one, checked for every code point). One scan for the words of all sets, opening
    with that character (which the engine skips ahead to), replaces a scan per set trying a
    word at every letter. It misses no such offset: a match it found ends at a letter, so it
    never covers the non-word character before a later word, and no word is a prefix of
    another, so the word found at an offset is the one the pattern there needs. (A few more
    offsets, after other word characters, cost a failed match each.)
    """
    at_start, after, member = _word_scan()
    out: dict[str, list[int]] = {key: [] for key in _WORD_SETS}
    first = at_start.match(low)
    found = [(0, first.group())] if first else []
    found += [(m.start(1), m.group(1)) for m in after.finditer(low)]
    for pos, word in found:
        for key in member[word]:
            out[key].append(pos)
    return out


def find_sources(text: str, publisher: str | None) -> list[str]:
    """Outlet names the text cites, in order of first mention, minus the publisher and social media."""
    head, trig, web, brackets, near = _patterns()
    capital, others = _any_known()
    known = capital.search(text) is not None or any(k in text for k in others)
    low = lowered(text)
    if low is None:
        media = any(k in text.lower() for k in _MEDIA_KEYS)
        starts: dict[str, list[int]] = {}
    else:
        starts = _word_starts(low)
        # Every pattern that needs a media word needs it where _word_starts finds it.
        media = bool(starts["media"])

    def scan(rx: re.Pattern[str], words: str) -> Iterator[re.Match[str]]:
        """``rx.finditer(text)``, tried only where one of the ``words`` set starts."""
        if low is None:
            return rx.finditer(text)
        return matches_at(rx, text, starts[words])

    hits: list[tuple[int, str]] = []
    for m in scan(head, "trigger") if media else ():
        hits.append((m.start(1), _trim(m.group(1))))
    for m in scan(trig, "trigger") if known else ():
        hits.append((m.start(1), m.group(1)))
        hits += _listed(m.end(1), text)
    if "." in text:
        for m in scan(web, "cite"):
            hits.append((m.start(1), m.group(1)))
    for m in brackets.finditer(text) if known else ():
        for part in _SLASH.split(m.group(1)):
            hits.append((m.start(1), part))
    for m in scan(_CITED, "cite"):
        hits.append((m.start(1), _trim(m.group(1))))
        hits += _listed(m.end(1), text)
    for m in scan(_REPORTS, "media") if media else ():
        hits.append((m.start(1), _trim(m.group(1))))
    for m in scan(_APPOSED, "media") if media else ():
        if m.group(1) in gazetteer():
            hits.append((m.start(2), _trim(m.group(2))))
    for m in scan(near, "media") if media and known else ():
        hits.append((m.start(1), m.group(1)))
    for m in scan(_CHAIN, "chain"):
        hits.append((m.start(1), m.group(1)))
    hits.sort()
    out: list[str] = []
    keys: list[str] = []
    pub = _key(publisher or "")
    for pos, name in hits:
        k = _key(name)
        if len(k) < 2 or k in _SOCIAL or not _looks_outlet(name) or name in gazetteer() or _not_outlet(name):
            continue
        if pub and (k.startswith(pub[:6]) or pub.startswith(k)) and not (name in KNOWN and k != pub
                                                                 and not text.startswith(publisher or "", pos)):
            continue  # the publisher, but "kepada CNN" is not CNN Indonesia
        if any(k == o or (min(len(k), len(o)) >= 3 and (k.startswith(o) or o.startswith(k))) for o in keys):
            continue
        keys.append(k)
        out.append(name)
    return out


def _trim(name: str) -> str:
    """Drop words that are sentence material or a country, not part of the outlet's name."""
    words = name.split()
    while len(words) > 1 and (words[-1] in ("dan", "of", "dello") or words[-1].lower() in ("pada", "bahwa")):
        words.pop()
    # "Korut Rodong Sinmun": a leading country says whose outlet it is. Kept when only one
    # word would remain ("China Daily").
    while len(words) > 2 and words[0] in gazetteer():
        words.pop(0)
    return " ".join(words).rstrip(".,")


def _not_outlet(name: str) -> bool:
    """Weekdays, months and titles caught after a trigger word ("kepada ANTARA, Rabu")."""
    from digest.extract.dates import names
    from digest.extract.people_data import TITLES

    first = name.split()[0]
    n = names()
    return first.lower() in n.weekdays or first.lower() in n.months or first in TITLES


def _looks_outlet(name: str) -> bool:
    return name in KNOWN or bool(re.match(r"[A-Z]|[a-z]+\.[a-z]", name))


@lru_cache(maxsize=1)
def _list_item() -> re.Pattern[str]:
    """A further well-known outlet in a list: ", BBC", " dan CNN", ", serta Reuters"."""
    return re.compile(rf"(?:\s*,\s*(?:dan\s+|serta\s+)?|\s+(?:dan|serta)\s+)({alternation(KNOWN)})(?![\w\-])")


def _listed(pos: int, text: str) -> list[tuple[int, str]]:
    """The other outlets of a list whose first item ends at ``pos`` ("dilansir AFP, BBC, dan CNN")."""
    out: list[tuple[int, str]] = []
    rx = _list_item()
    while (m := rx.match(text, pos)) is not None:
        out.append((m.start(1), m.group(1)))
        pos = m.end()
    return out


def _key(name: str) -> str:
    k = name.lower()
    for lead in ("kantor berita ", "situs ", "laman ", "harian ", "surat kabar ", "koran ", "majalah ",
                 "media ", "the "):
        if k.startswith(lead):
            k = k[len(lead):]
    return re.sub(r"[^0-9a-z]", "", k)
