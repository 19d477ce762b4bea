"""Real persons named in the text, by their first full mention, titles stripped.

Rules plus word lists learned by ``train_lexicon.py``: a run of capitalised tokens is a
person's name when, after titles and ordinary words are peeled off its front, it still
holds a token that is neither an ordinary word nor a known place or organisation token.
Later partial mentions ("Putin" after "Vladimir Putin") merge into the full name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from digest.extract.countries import gazetteer
from digest.extract.dates import names as date_names
from digest.extract.lexicon_data import COMMON, NONPER, PERTOK
from digest.extract.people_data import (
    BYLINE,
    NON_PERSON_HEADS,
    NON_PERSON_TAIL,
    PLACE_HEADS,
    SPEECH_BEFORE_NAME,
    TITLES,
)
from digest.extract.text import LOWER, UPPER, Covering, sentence_initial

_TOK = rf"(?:[{UPPER}]\.(?=[ \t]+[{UPPER}])|[{UPPER}][{LOWER}{UPPER}0-9'’]*(?:-[{UPPER}{LOWER}][{LOWER}{UPPER}'’]*)*|al-[{UPPER}][{LOWER}]+)"
_CONNECT = r"(?:[ \t]+(?:bin|binti|van|der|den|de|da|dos|del|von|el|al|la|le|ibn)(?=[ \t]+[A-Z]))?"
_RUN = re.compile(rf"(?<![\w\-]){_TOK}(?:{_CONNECT}[ \t]+{_TOK}){{0,6}}(?![\w])")
_BYLINE = re.compile(BYLINE + r"[^\n]*")
_SPACES = re.compile(r"[ \t]+")
_CODE_LINE = re.compile(r"\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\)")


@dataclass(frozen=True)
class Mention:
    """A person's name as found at one place in the text."""

    name: str
    start: int
    end: int


@lru_cache(maxsize=1)
def _stop_tokens() -> frozenset[str]:
    """Capitalised tokens that are never part of a person's name."""
    words = set(date_names().weekdays) | set(date_names().months)
    return frozenset(w.capitalize() for w in words)


@lru_cache(maxsize=1 << 16)
def _norm(tok: str) -> str:
    return tok.rstrip(".").replace("’", "'")


@lru_cache(maxsize=1 << 16)
def _cuts(tok: str) -> bool:
    """An organisation word, country or acronym: the name (if any) starts after it."""
    n = _norm(tok)
    return n in NON_PERSON_HEADS or n in NON_PERSON_TAIL or n in gazetteer() or (len(n) > 1 and n.isupper())


# Token classifications are pure functions of the token and asked for again and again
# (every capitalised run, in every article), so they are memoised; the bound keeps a
# long-running process (the dev server) from growing without limit.
@lru_cache(maxsize=1 << 16)
def _is_plain(tok: str) -> bool:
    """An ordinary word, title, place or organisation token: not name material by itself."""
    t = _norm(tok)
    if t in TITLES or t in NON_PERSON_HEADS or t in _stop_tokens() or t in gazetteer():
        return True
    if len(t) > 1 and t.isupper():
        return True  # acronyms: KPK, DPR, PBB
    if t in PERTOK:
        return False
    return t.lower() in COMMON or t in NONPER


def _person_tokens(tokens: list[str]) -> list[str] | None:
    """The name inside a capitalised run, or None when the run names no person.

    The name is what follows the last organisation word, country or acronym in the run
    ("Ketua DPD Partai Golkar Jatim Ibnu Munzir" -> "Ibnu Munzir"), minus leading titles
    and ordinary words; a place head right before it ("Stadion ...") means no person.
    """
    if _norm(tokens[-1]) in NON_PERSON_TAIL or any(_stopword_part(t) or "'" in t for t in tokens):
        return None
    cut = 0
    for i, t in enumerate(tokens):
        if _cuts(t):
            cut = i + 1
    if (cut and _norm(tokens[cut - 1]) in PLACE_HEADS) or _norm(tokens[0]) in PLACE_HEADS:
        return None  # "Stadion H. Dimurthala", "Semenanjung Korea": a place named after a head
    tokens = tokens[cut:]
    while tokens and (_is_plain(tokens[0]) and not _initial(tokens[0])):
        tokens = tokens[1:]
    if not tokens:
        return None
    solid = [t for t in tokens if not _is_plain(t) and not _initial(t)]
    if not solid or all(_norm(t) in NONPER for t in solid):
        return None
    return tokens


def person_name(run: str) -> str | None:
    """The person's name inside a capitalised run, titles and organisations removed."""
    toks = _person_tokens(_SPACES.split(run.strip()))
    return " ".join(toks).rstrip(".") if toks else None


def _stopword_part(tok: str) -> bool:
    """A token made of weekday or month names ("Senin-Selasa")."""
    if "-" not in tok:
        return False
    parts = _norm(tok).split("-")
    return len(parts) > 1 and any(p in _stop_tokens() for p in parts)


def _initial(tok: str) -> bool:
    return 0 < len(tok) <= 2 and "A" <= tok[0] <= "Z" and tok[1:] in ("", ".")


def find_people(text: str, skip: list[tuple[int, int]]) -> list[Mention]:
    """Every person mention (full or partial) in text order, outside the ``skip`` spans."""
    skip = skip + [(m.start(), m.end()) for m in _BYLINE.finditer(text)]
    skip += [(m.start(), m.end()) for m in _CODE_LINE.finditer(text)]
    inside = Covering(skip).covers
    out: list[Mention] = []
    for m in _RUN.finditer(text):
        if inside(m.start(), m.end()):
            continue
        raw = m.group(0)
        tokens = _SPACES.split(raw)
        if _preceded_by_head(text, m.start()) or _names_outlet(tokens):
            continue
        offset = 0
        if sentence_initial(text, m.start()) and len(tokens) > 1 and _norm(tokens[0]).lower() in COMMON:
            offset = len(tokens[0]) + 1
            tokens = tokens[1:]
        name_toks = _person_tokens(tokens)
        if not name_toks:
            continue
        if len(name_toks) == 1 and not _single_ok(text, m, name_toks[0], tokens):
            continue
        name = " ".join(name_toks).rstrip(".")
        start = m.start() + raw.find(name_toks[0], offset)
        out.append(Mention(name, start, start + len(name)))
    return out


# Lower-case words after which a capitalised run names a place, vessel or team
# ("kapal induk Ronald Reagan", "Stadion ...").
_HEAD_WORDS = frozenset(
    "induk stadion bandara jalan gedung klub tim kapal lapangan desa kota kampung situs provinsi "
    "kawasan daerah wilayah pulau distrik".split())
# Media words right before a run (no comma between) make it an outlet: "surat kabar resmi
# Korut Rodong Sinmun", "harian Kompas". Bare "kabar"/"berita"/"televisi" also mean "news" or
# "TV" ("kabar penyanyi Raisa Andriana", "bintang televisi Ashley Iaconetti"), so they need
# their first word.
_MEDIA_BEFORE = re.compile(
    r"(?:\b(?:surat\s+kabar|kantor\s+berita|stasiun\s+(?:televisi|TV|radio)|harian|koran|majalah|tabloid)"
    r"(?:\s+(?:resmi|milik\s+\w+|pemerintah|negara|online|daring))?(?:\s+[A-Z][\w\-]*)?)\s+$")


def _preceded_by_head(text: str, start: int) -> bool:
    """True after "kapal induk", "Stadion", "surat kabar" and the like written in lower case."""
    window = text[max(0, start - 60):start]
    before = window[-30:].split()[-2:]
    if any(w in _HEAD_WORDS for w in before):
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


def _names_outlet(tokens: list[str]) -> bool:
    """True when the run ends with a well-known outlet's name ("Philippine Daily Inquirer")."""
    last, seqs = _outlets()
    if _norm(tokens[-1]) not in last:
        return False
    words = tuple(_norm(t) for t in tokens)
    # A one-word outlet only when it is the whole run: "Putu Gede Juni Antara" is a person.
    return any(words[i:] in seqs and (i == 0 or len(words) - i > 1) for i in range(len(words)))


def _single_ok(text: str, m: re.Match[str], tok: str, tokens: list[str]) -> bool:
    """A lone capitalised token counts as a name only with a title or a speech verb next to it."""
    if _is_plain(tok) or len(_norm(tok)) < 3 or _initial(tok):
        return False
    if len(tokens) > 1:
        return _norm(tokens[-2]) in TITLES  # "Pangeran Salman", "Mensesneg Pratikno"
    before = text[max(0, m.start() - 30):m.start()].split()
    after = text[m.end():m.end() + 30].split()
    prev = before[-1].lower() if before else ""
    if prev in SPEECH_BEFORE_NAME or prev.capitalize() in TITLES:
        return True
    if after and re.match(r"(?:mengatakan|menyatakan|menjelaskan|menegaskan|menambahkan|"
                          r"mengungkapkan|menuturkan|memaparkan|berkata|menilai|mengaku)\b", after[0]):
        return True
    # Appositive after a role: "Direktur Jenderal Minerba, Sujatmiko, ..."
    return bool(before) and before[-1].endswith(",") and text[m.end():m.end() + 1] == ","


class Roster:
    """The distinct people found so far, indexed by name token for fast look-ups.

    Matching a mention against every known person was quadratic in the number of people;
    the index narrows each look-up to the people who share a token with the mention.
    """

    def __init__(self, people: list[str] | None = None) -> None:
        self.people: list[str] = []
        # Indices (sorted) of the people whose name has a given token / adjacent token pair
        # anywhere, and of those whose name starts with a given token / pair.
        self._having: dict[tuple[str, ...], list[int]] = {}
        self._starting: dict[tuple[str, ...], list[int]] = {}
        for p in people or []:
            self.add(p)

    def _index(self, i: int) -> None:
        key = _key(self.people[i])
        grams = {key[j:j + 1] for j in range(len(key))} | {key[j:j + 2] for j in range(len(key) - 1)}
        for g in grams:
            _insert(self._having.setdefault(g, []), i)
        if key:
            _insert(self._starting.setdefault(key[:2], []), i)

    def add(self, name: str) -> None:
        """Append a new person."""
        self.people.append(name)
        self._index(len(self.people) - 1)

    def replace(self, i: int, name: str) -> None:
        """Person ``i`` is known by a fuller name from now on."""
        self.people[i] = name
        self._index(i)  # old entries stay; every look-up re-checks the current name

    def resolve(self, fragment: str) -> str | None:
        """The latest person whose name is ``fragment`` or contains it, or None."""
        key = _key(fragment)
        if not key:
            return None
        for i in reversed(self._having.get(key[:2], ())):
            if _contains(_key(self.people[i]), key):
                return self.people[i]
        return None

    def first_inside(self, key: tuple[str, ...]) -> int:
        """Index of the earliest person whose whole name occurs in ``key``, or -1."""
        # Such a name starts at some position j of the key with its first one or two tokens.
        starts = {key[j:j + 1] for j in range(len(key))} | {key[j:j + 2] for j in range(len(key) - 1)}
        cands = sorted({i for g in starts for i in self._starting.get(g, ())})
        return next((i for i in cands if _contains(key, _key(self.people[i]))), -1)


def _insert(indices: list[int], i: int) -> None:
    """Insert ``i`` into a sorted list unless it is there already."""
    k = bisect.bisect_left(indices, i)
    if k == len(indices) or indices[k] != i:
        indices.insert(k, i)


def merge(mentions: list[Mention]) -> tuple[list[str], dict[str, str]]:
    """(distinct people by first full mention, mention text -> full name)."""
    roster = Roster()
    link: dict[str, str] = {}
    for mt in mentions:
        target = roster.resolve(mt.name)
        if target is not None:
            link[mt.name] = target
            continue
        # A longer name that contains an earlier short one replaces it ("Trump" then "Donald Trump").
        i = roster.first_inside(_key(mt.name))
        if i >= 0:
            link[roster.people[i]] = mt.name
            roster.replace(i, mt.name)
        else:
            roster.add(mt.name)
        link[mt.name] = mt.name
    for k, v in list(link.items()):
        # Links always point to a name containing the source; the bound guards against a
        # cycle between two spellings with the same key all the same.
        for _ in range(len(link)):
            if v not in link or link[v] == v:
                break
            v = link[v]
        link[k] = v
    return roster.people, link


@lru_cache(maxsize=1 << 14)
def _key(name: str) -> tuple[str, ...]:
    return tuple(_NONWORD.sub(" ", name.replace("-", " ").lower()).split())


_NONWORD = re.compile(r"[^\w\s]")


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return 0 < n <= len(big) and any(big[i:i + n] == small for i in range(len(big) - n + 1))


def resolve(fragment: str, people: list[str]) -> str | None:
    """The known person whose name is ``fragment`` or contains it (the latest such), or None."""
    return Roster(people).resolve(fragment)
