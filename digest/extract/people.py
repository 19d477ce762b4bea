"""Real persons named in the text, by their first full mention, titles stripped.

Rules plus word lists learned by ``train_lexicon.py``: a run of capitalised tokens is a
person's name when, after titles and ordinary words are peeled off its front, it still
holds a token that is neither an ordinary word nor a known place or organisation token.
Later partial mentions ("Putin" after "Vladimir Putin") merge into the full name (``roster``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from digest.extract.alias_data import NICKNAMES, SURNAMES
from digest.extract.context_tags import person_word_at
from digest.extract.countries import gazetteer
from digest.extract.dates import names as date_names
from digest.extract.lexicon_data import COMMON, NONPER, OPENERS, PERTOK
from digest.extract.people_data import (
    BYLINE,
    CREDIT_LINE,
    NON_PERSON_HEADS,
    NON_PERSON_TAIL,
    PLACE_HEADS,
    SPEECH_BEFORE_NAME,
    TITLE_PAIRS,
    TITLES,
)
from digest.extract.run_heads import names_outlet, preceded_by_head
from digest.extract.text import (
    LOWER,
    UPPER,
    Covering,
    find_all,
    matches_at,
    sentence_initial,
)

_TOK = (rf"(?:[{UPPER}]\.(?=[ \t]+[{UPPER}])|[{UPPER}][{LOWER}{UPPER}0-9'’]*(?:-[{UPPER}{LOWER}][{LOWER}{UPPER}'’]*)*"
        rf"|al-[{UPPER}][{LOWER}]+)")
_CONNECT = r"(?:[ \t]+(?:bin|binti|van|der|den|de|da|dos|del|von|el|al|la|le|ibn)(?=[ \t]+[A-Z]))?"
_RUN = re.compile(rf"(?<![\w\-]){_TOK}(?:{_CONNECT}[ \t]+{_TOK}){{0,9}}(?![\w])")
# _RUN for texts holding no "al-" before a capital (nearly all): its first token can then
# only open with a capital, so the pattern opens with one and checks the look-behind after
# it ("(?<![\w\-].)", the same test). The engine skips ahead to capitals instead of trying
# every offset.
_FIRST_CAP = (rf"[{UPPER}](?<![\w\-].)(?:\.(?=[ \t]+[{UPPER}])|[{LOWER}{UPPER}0-9'’]*"
              rf"(?:-[{UPPER}{LOWER}][{LOWER}{UPPER}'’]*)*)")
_RUN_CAP = re.compile(rf"{_FIRST_CAP}(?:{_CONNECT}[ \t]+{_TOK}){{0,9}}(?![\w])")
# What the first token's "al-" alternative needs (a fast literal search).
_AL_CAP = re.compile(rf"al-[{UPPER}]")
_BYLINE = re.compile(BYLINE + r"[^\n]*")
# The words BYLINE opens with ("Reporter", "Foto"): a match starts where one ends before
# whitespace and a colon, the only offsets _BYLINE is tried at (``_bylines``).
_BYLINE_WORDS = tuple(re.fullmatch(r"\(\?:([\w|]+)\)\\s\*:", BYLINE).group(1).split("|"))  # type: ignore[union-attr]
_SPACES = re.compile(r"[ \t]+")
_CREDIT_LINE = re.compile(CREDIT_LINE)
# Abstract nouns of the ke-/pe-/per- ... -an shape name a field or a body's remit
# ("Kemaritiman", "Perekonomian", "Permusyawaratan"), never a person.
_DOMAIN_NOUN = re.compile(r"(?:Ke|Pe|Per|Pem|Pen|Peng|Peny)[a-z]{3,}an")
# Short forms of well-known people: names even alone and even when written like an acronym.
_SHORT_FORMS = frozenset(NICKNAMES) | frozenset(SURNAMES)
_CODE_LINE = re.compile(r"\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\)")


def _bylines(text: str) -> list[tuple[int, int]]:
    """The spans of ``_BYLINE.finditer(text)``, tried only before colons (a fast str.find)."""
    starts: list[int] = []
    for colon in find_all(text, ":"):
        k = colon
        while k > 0 and text[k - 1].isspace():  # str.isspace is exactly the engine's \s
            k -= 1
        starts += (k - len(w) for w in _BYLINE_WORDS if text.endswith(w, 0, k))
    starts.sort()
    return [m.span() for m in matches_at(_BYLINE, text, starts)]


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
    if n in _SHORT_FORMS:
        return False
    if "-" in n and all(p in NONPER for p in n.split("-")):
        return True  # a route or a pairing of places and bodies: "Bandung-Surabaya", "PDI-Perjuangan"
    return n in NON_PERSON_HEADS or n in NON_PERSON_TAIL or n in gazetteer() or (len(n) > 1 and n.isupper())


# Token classifications are pure functions of the token and asked for again and again
# (every capitalised run, in every article), so they are memoised; the bound keeps a
# long-running process (the dev server) from growing without limit.
@lru_cache(maxsize=1 << 16)
def _is_plain(tok: str) -> bool:
    """An ordinary word, title, place or organisation token: not name material by itself."""
    t = _norm(tok)
    if t in _SHORT_FORMS:
        return False
    if _listed_plain(t):
        return True
    if t in PERTOK:
        return False
    return _ordinary(t) or t in NONPER


def _listed_plain(t: str) -> bool:
    """A title, organisation head, weekday or month, country, or acronym (KPK, DPR, PBB)."""
    return (t in TITLES or t in NON_PERSON_HEADS or t in _stop_tokens() or t in gazetteer()
            or (len(t) > 1 and t.isupper()))


def _ordinary(t: str) -> bool:
    """An ordinary word, or an abstract noun naming a field ("Kemaritiman")."""
    return t.lower() in COMMON or bool(_DOMAIN_NOUN.fullmatch(t))


def _person_tokens(tokens: Sequence[str]) -> Sequence[str] | None:
    """The name inside a capitalised run, or None when the run names no person.

    The name is what follows the last organisation word, country or acronym in the run
    ("Ketua DPD Partai Golkar Jatim Ibnu Munzir" -> "Ibnu Munzir"), minus leading titles
    and ordinary words; a place head right before it ("Stadion ...") means no person.
    """
    while len(tokens) > 1 and _norm(tokens[-1]) in _PRONOUNS:
        tokens = tokens[:-1]  # "Macron Anda kacau": the pronoun is not part of the name
    if _norm(tokens[-1]) in NON_PERSON_TAIL or any(_stopword_part(t) or "'" in t or _clitic(t) for t in tokens):
        return None
    cut = 0
    for i, t in enumerate(tokens):
        if _cuts(t):
            cut = i + 1
    if (cut and _norm(tokens[cut - 1]) in PLACE_HEADS) or _norm(tokens[0]) in PLACE_HEADS:
        return None  # "Stadion H. Dimurthala", "Semenanjung Korea": a place named after a head
    tokens = tokens[cut:]
    while tokens:
        if len(tokens) > 1 and (_norm(tokens[0]), _norm(tokens[1])) in TITLE_PAIRS:
            tokens = tokens[2:]  # "Tan Sri", "Jaksa Agung"
        elif _is_plain(tokens[0]) and not _initial(tokens[0]):
            tokens = tokens[1:]
        else:
            break
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


def _clitic(tok: str) -> bool:
    """A word with the possessive clitic "-nya" ("Twitternya"): short names like "Sonya" are spared."""
    n = _norm(tok)
    return len(n) > 6 and n.endswith("nya")


def _initial(tok: str) -> bool:
    return 0 < len(tok) <= 2 and "A" <= tok[0] <= "Z" and tok[1:] in ("", ".")


def find_people(text: str, skip: list[tuple[int, int]]) -> list[Mention]:
    """Every person mention (full or partial) in text order, outside the ``skip`` spans."""
    if "JUGA" in text:
        text = _lower_link_lines(text)
    skip = skip + _bylines(text)
    skip += [(m.start(), m.end()) for m in _CODE_LINE.finditer(text)]
    if "oleh" in text or "bahasa" in text or "foto" in text:
        skip += [m.span() for m in _CREDIT_LINE.finditer(text)]
    inside = Covering(skip).covers
    out: list[Mention] = []
    for m in (_RUN if _AL_CAP.search(text) else _RUN_CAP).finditer(text):
        # Every test below only drops the run, so the cheapest come first: most runs hold
        # no name by their own text (a cached answer) and never reach the others.
        outlet, droppable, whole, dropped = _analyse(m.group(0))
        if outlet or (whole is None and dropped is None):
            continue
        start, end = m.span()
        if inside(start, end):
            continue
        # Only a run opening with an ordinary word asks whether a sentence starts there.
        cand = dropped if droppable and sentence_initial(text, start) else whole
        if cand is None:
            continue
        if cand[3] >= 0:
            cand = _with_weak_word(text, start, cand)
        name, offset, verdict, _ = cand
        if verdict is False or preceded_by_head(text, start):
            continue
        if verdict is None and not _single_in_context(text, m):
            continue
        out.append(Mention(name, start + offset, start + offset + len(name)))
    return out


_LINK_LINE = re.compile(r"(?:SIMAK|BACA|LIHAT)[ \t]+(?:JUGA|PULA)[ \t]*:[^\n]*")
_BLANKS = re.compile(r"(\s+)")
_VERB_SHAPE = re.compile(r"(?:Me|Di|Ber|Ter|Per)[a-z]+(?:kan|i)")


def _lower_link_lines(text: str) -> str:
    """``text`` with the ordinary words of "SIMAK JUGA: ..." headline links in lower case.

    A linked headline is in title case ("Sundulan Vujovic Menangkan Persib"); its ordinary
    words and verbs would otherwise join the name beside them into one capitalised run.
    """
    def lower_line(line: re.Match[str]) -> str:
        out: list[str] = []
        prev = ""
        for word in _BLANKS.split(line.group(0)):
            # A common word right after a known given name is a surname ("Bambang Pamungkas").
            ordinary = word.lower() in COMMON and word not in PERTOK and prev not in PERTOK
            out.append(word.lower() if ordinary or _VERB_SHAPE.fullmatch(word) else word)
            prev = word if word.strip() else prev
        return "".join(out)
    return _LINK_LINE.sub(lower_line, text)


_PRONOUNS = frozenset(["Anda", "Engkau", "Kau", "Beliau", "Kami", "Kita", "Saya", "Aku", "Dia", "Ia", "Mereka"])


# What a capitalised run's text alone says about a person in it, cached per run as plain
# tuples (the garbage collector stops tracking those, where a cache full of objects made
# its full collections slow):
# _Candidate: (name, offset of its first token in the run, verdict, offset of a weak word
#   just before it or -1); the verdict is True or False when the run decides whether it is a
#   name (a one-token name needs a title in the run, or a speech verb or title next to it),
#   None when the text around it does. A weak word (``_weak_word``) may open the name:
#   the tagger decides in context (``_with_weak_word``).
# _Run: (names a well-known outlet, opens with an ordinary word dropped when a sentence
#   starts there, the name with all tokens considered, the name without the first token).
_Candidate = tuple[str, int, bool | None, int]
_Run = tuple[bool, bool, _Candidate | None, _Candidate | None]


def _candidate(raw: str, tokens: tuple[str, ...], offset: int) -> _Candidate | None:
    """The name in ``tokens`` (the run ``raw`` from its character ``offset`` on), or None."""
    name_toks = _person_tokens(tokens)
    if not name_toks:
        return None
    name = " ".join(name_toks).rstrip(".")
    verdict = _single_verdict(name_toks[0], tokens) if len(name_toks) == 1 else True
    at = raw.find(name_toks[0], offset)
    first = next(i for i in range(len(tokens)) if tokens[i:i + len(name_toks)] == tuple(name_toks))
    # A weak word may open the name when a post came before it or two name words follow it:
    # alone with one more word it is most often a body's name ("West Ham", "Dow Jones").
    # Right after a post it is the post's place or body ("Gubernur Kaltim ...", "Wali Kota Paris ...").
    open_to = (first > 1 and _norm(tokens[first - 2]) not in TITLES) or (first == 1 and len(name_toks) > 1)
    weak = raw.rfind(tokens[first - 1], offset, at) if open_to and _weak_word(tokens[first - 1]) else -1
    return name, at, verdict, weak


@lru_cache(maxsize=1 << 16)
def _weak_word(tok: str) -> bool:
    """A token that is plain only because the NER train splits tagged it in a place's or body's
    name, and that running text mostly writes before another name word (``OPENERS``).

    Those lists are learnt from a few thousand sentences: "Aji", "Oesman" or "Ibnu" are
    there from one university or street, so such a token is weak evidence against a name.
    """
    t = _norm(tok)
    return t in OPENERS and t not in NON_PERSON_TAIL and not _ordinary(t) and not _listed_plain(t)


def _with_weak_word(text: str, start: int, cand: _Candidate) -> _Candidate:
    """The candidate with the weak word before it when the tagger reads that word as part of a
    person's name here ("Ketua DPD Oesman Sapta Odang", "pelatih Arema Aji Santoso"), else as it is
    ("pelatih Chelsea Frank Lampard", "Pasar Induk Kramat Jati")."""
    name, offset, _verdict, weak = cand
    # Asked without the run's words before it: the tagger reads a capitalised run as one name, so
    # "Arema Aji Santoso" after "pelatih" is one body to it; "pelatih Aji Santoso" is a person.
    if not person_word_at(text[:start] + text[start + weak:], start):
        return cand
    return text[start + weak:start + offset] + name, weak, True, -1



# Runs recur (the same names in article after article, the same run many times in one), and
# all of this depends on the run's text only; the bound keeps a long-running process (the
# dev server) from growing without limit.
@lru_cache(maxsize=1 << 16)
def _analyse(raw: str) -> _Run:
    """The context-free part of deciding whether the capitalised run ``raw`` names a person."""
    tokens = tuple(_SPACES.split(raw))
    # A title is no ordinary word to drop: "Jaksa Agung ..." opening a sentence keeps its pair.
    droppable = len(tokens) > 1 and _norm(tokens[0]).lower() in COMMON and _norm(tokens[0]) not in TITLES
    dropped = _candidate(raw, tokens[1:], len(tokens[0]) + 1) if droppable else None
    return names_outlet(tokens), droppable, _candidate(raw, tokens, 0), dropped


def _single_verdict(tok: str, tokens: Sequence[str]) -> bool | None:
    """Whether the lone name token ``tok`` of a run of ``tokens`` is a name, as far as the run
    decides it: None when the text around the run must (``_single_in_context``)."""
    if _norm(tok) in _SHORT_FORMS:
        return True  # "Erdogan", "Jokowi", "SBY"
    if _is_plain(tok) or len(_norm(tok)) < 3 or _initial(tok):
        return False
    if len(tokens) > 1:
        return _norm(tokens[-2]) in TITLES  # "Pangeran Salman", "Mensesneg Pratikno"
    return None


_SPEECH_AFTER = re.compile(r"(?:mengatakan|menyatakan|menjelaskan|menegaskan|menambahkan|"
                           r"mengungkapkan|menuturkan|memaparkan|berkata|menilai|mengaku)\b")


def _single_in_context(text: str, m: re.Match[str]) -> bool:
    """A lone capitalised token counts as a name only with a title or a speech verb next to it."""
    start, end = m.span()
    # The last word before and the first word after, within 30 characters (rsplit and split
    # with a bound: the same words as split()[-1] and split()[0]).
    before = text[max(0, start - 30):start].rsplit(None, 1)
    word = before[-1] if before else ""
    prev = word.lower()
    after = text[end:end + 30].split(None, 1)
    if after and after[0].rstrip(",.") in ("itu", "tersebut"):
        return False  # "mantan penyerang Everton itu": the role's club or body, the man unnamed
    if prev in SPEECH_BEFORE_NAME or prev.capitalize() in TITLES:
        return True
    if after and _SPEECH_AFTER.match(after[0]):
        return True
    # Appositive after a role: "Direktur Jenderal Minerba, Sujatmiko, ...", not an item of
    # a list of places ("di Bowen, Airlie, dan ...", "Rumah Sakit Fatmawati, Cilandak, ...").
    if not (word.endswith(",") and text[end:end + 1] == ","):
        return False
    words = text[max(0, start - 60):start].split()
    nxt = text[end + 1:end + 30].split(None, 1)
    if not nxt or nxt[0] in ("dan", "serta", "atau") or nxt[0][:1].isupper():
        # An item of a list: of people when the item before it is a full name ("Hanif Sjahbandi, Nasir, ...").
        item = words[-1:] + list(itertools.takewhile(lambda w: w[:1].isupper() and not w.endswith(","),
                                                     reversed(words[:-1])))
        return len(item) > 1 and " " in (person_name(" ".join(reversed(item)).rstrip(",")) or "")
    return any(w.strip(",.").capitalize() in TITLES for w in words)
