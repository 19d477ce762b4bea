"""What the words around a capitalised run say before its own words are read: a place's or a
vessel's head word before it ("Stadion", "kapal induk"), a medium's ("surat kabar"), or a
well-known outlet's name at its end ("Philippine Daily Inquirer")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache


def _bare(tok: str) -> str:
    """A token without a trailing full stop, with a typographic apostrophe made plain."""
    return tok.rstrip(".").replace("’", "'")


# Lower-case words after which a capitalised run names a place, vessel or team
# ("kapal induk Ronald Reagan", "Stadion ...").
_HEAD_WORDS = frozenset(
    ["induk", "stadion", "bandara", "jalan", "gedung", "klub", "tim", "kapal", "lapangan", "desa", "kota", "kampung",
     "situs", "provinsi", "kawasan", "daerah", "wilayah", "pulau", "distrik"])
# Media words right before a run (no comma between) make it an outlet: "surat kabar resmi
# Korut Rodong Sinmun", "harian Kompas". Bare "kabar"/"berita"/"televisi" also mean "news" or
# "TV" ("kabar penyanyi Raisa Andriana", "bintang televisi Ashley Iaconetti"), so they need
# their first word.
_MEDIA_BEFORE = re.compile(
    r"(?:\b(?:surat\s+kabar|kantor\s+berita|stasiun\s+(?:televisi|TV|radio)|harian|koran|majalah|tabloid)"
    r"(?:\s+(?:resmi|milik\s+\w+|pemerintah|negara|online|daring))?(?:\s+[A-Z][\w\-]*)?)\s+$")


def preceded_by_head(text: str, start: int) -> bool:
    """True after "kapal induk", "Stadion", "surat kabar" and the like written in lower case,
    and right after the locative "di" ("di Santa Cruz"): a place, never a person."""
    window = text[max(0, start - 60):start]
    if window.endswith((" di ", "\tdi ", "\ndi ")):
        return True
    # The last two words of its last 30 characters (rsplit: the same words as split()[-2:]).
    if not _HEAD_WORDS.isdisjoint(window[-30:].rsplit(None, 2)[-2:]):
        return True
    # _MEDIA_BEFORE cannot match without one of its first words: most runs skip the search.
    return any(w in window for w in _MEDIA_FIRST) and bool(_MEDIA_BEFORE.search(window))


_MEDIA_FIRST = ("surat", "kantor", "stasiun", "harian", "koran", "majalah", "tabloid")


@lru_cache(maxsize=1)
def _outlets() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """(last words, word sequences) of the well-known outlets the source finder knows."""
    from digest.extract.sources import KNOWN

    seqs = frozenset(tuple(name.split()) for name in KNOWN)
    return frozenset(seq[-1] for seq in seqs), seqs


def names_outlet(tokens: Sequence[str]) -> bool:
    """True when the run ends with a well-known outlet's name ("Philippine Daily Inquirer")."""
    last, seqs = _outlets()
    if _bare(tokens[-1]) not in last:
        return False
    words = tuple(_bare(t) for t in tokens)
    # A one-word outlet only when it is the whole run: "Putu Gede Juni Antara" is a person.
    return any(words[i:] in seqs and (i == 0 or len(words) - i > 1) for i in range(len(words)))
