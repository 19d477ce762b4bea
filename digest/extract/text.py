"""Shared text handling: Markdown stripping, positions to file lines, small regex helpers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

# Markdown constructs that only wrap text; removed per line so line numbers stay true.
_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\n]{0,500}\)")
_EMPH = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
# A block marker at a line start: "^" with re.M means offset 0 or right after "\n", so the
# marker is removed at offset 0 by _LEAD and after each newline by _LEAD_NL (which opens
# with the "\n" it keeps). Neither consumes a "\n" after the newline it starts at, so their
# matches are exactly those of the multiline pattern. Opening with a literal, _LEAD_NL is
# tried at newlines only, where "^" made the engine try every offset.
_LEAD_AT = r"[ \t]{0,3}(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+(?=\S))"
_LEAD = re.compile(_LEAD_AT)
_LEAD_NL = re.compile("\n" + _LEAD_AT)
_CR = re.compile(r"\r+$", re.M)
_TAGS = re.compile(r"<[^<>\n]{0,200}>")

# Upper-case letters for "capitalised word" tests (Latin incl. accented forms).
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"


def strip_markdown(body: str) -> str:
    """The body as plain text with one output line per input line."""
    # Each pattern stays inside one line, so one pass over the whole text equals a pass per line.
    text = _LEAD_NL.sub("\n", body)
    # The first line is left as it was by _LEAD_NL, and its marker ends before its newline.
    first = _LEAD.match(text)
    if first:
        text = text[first.end():]
    # Links and emphasis are tried only where they can start, found by str.find: their
    # patterns open with an optional "!" or a look-behind, which made the engine try every
    # offset (emphasis alone was a tenth of extraction).
    if "](" in text:
        text = _sub_at(_LINK, text, sorted(find_all(text, "[") + find_all(text, "![")), lambda m: m.group(1))
    if "<" in text:
        text = _TAGS.sub("", text)
    if "*" in text or "_" in text:
        text = _sub_at(_EMPH, text, sorted(find_all(text, "*") + find_all(text, "_")), lambda m: "")
    return _CR.sub("", text) if "\r" in text else text


def _sub_at(rx: re.Pattern[str], text: str, starts: list[int], repl: Callable[[re.Match[str]], str]) -> str:
    """``rx.sub(repl, text)`` when ``starts`` holds every offset where ``rx`` can match."""
    parts: list[str] = []
    last = 0
    for m in matches_at(rx, text, starts):
        parts += (text[last:m.start()], repl(m))
        last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


@dataclass(frozen=True)
class Doc:
    """A plain-text body with helpers to map offsets to file lines and paragraphs."""

    text: str
    body_line: int = 1

    @cached_property
    def _newlines(self) -> list[int]:
        return find_all(self.text, "\n")

    def line_of(self, pos: int) -> int:
        """The 1-based file line of character offset ``pos``."""
        return self.body_line + bisect.bisect_left(self._newlines, pos)


def alternation(words: Iterable[str], after_first: str = "") -> str:
    """A regex matching any of the literal ``words``, longer matches tried first.

    Built as a character trie ("Korea(?: (?:Selatan|Utara))?") rather than a flat list:
    Python's engine tries a flat alternation's branches one by one at every position, which
    made the 400-name country pattern the slowest step of extraction. At one position all
    words that match are prefixes of each other, and the trie tries them longest first, so
    the matches equal those of the longest-first flat alternation.

    ``after_first`` goes right after each word's first character: a look-behind there
    ("(?<!\\w.)" for a word boundary before the word) keeps the pattern opening with literal
    characters, which the engine skips ahead to, where a leading look-behind makes it try
    every offset.
    """
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for w in set(words):
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}
    if after_first:
        assert "" not in trie, "the empty word has no first character"
        branches = [re.escape(ch) + after_first + _trie_regex(sub) for ch, sub in sorted(trie.items())]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:  # type: ignore[type-arg]
    """The regex of one trie node: its children as a group, optional when a word ends here."""
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    single = len(branches) == 1
    body = branches[0] if single else "(?:" + "|".join(branches) + ")"
    if ends:
        # An optional tail: wrap multi-character single branches so "?" applies to all of them.
        return (body if not single or len(branches[0]) == 1 else "(?:" + body + ")") + "?"
    return body


def lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset and decides case-insensitive matching.

    Then a word that a ``(?i:...)`` pattern matches at some offset of ``text`` is found at
    the same offset of the lowered text, so ``str.find``/literal scans there give every
    place such a pattern can match. None when that fails: "İ" lowers to two characters,
    and the regex engine also folds "ı" to "i" and "ſ" to "s" (found by testing every code
    point against ``(?i)[a-z]``).
    """
    low = text.lower()
    return low if len(low) == len(text) and "ı" not in text and "ſ" not in text else None


def find_all(text: str, sub: str) -> list[int]:
    """The offsets of every occurrence of ``sub`` in ``text``, overlapping ones included.

    ``str.find`` runs much faster than a regex scan, which tests every character in turn.
    """
    out: list[int] = []
    find = text.find
    i = find(sub)
    while i >= 0:
        out.append(i)
        i = find(sub, i + 1)
    return out


def matches_at(rx: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches of ``rx.finditer(text)``, trying ``rx`` only at the offsets ``starts``.

    ``starts`` (ascending, duplicates allowed) must hold every offset where a match can
    begin, and ``rx`` must never match the empty string. The result equals ``finditer``'s:
    a search tries offsets in order, and ``match(text, pos)`` still sees the text before
    ``pos`` (look-behinds, ``\\b``). Scanning the whole text with a pattern that opens
    with ``\\b``, a look-behind or an optional group tries every offset in turn; finding
    its few possible starts with a literal scan first is much cheaper.
    """
    pos = 0
    match = rx.match
    for s in starts:
        if s >= pos:
            m = match(text, s)
            if m:
                yield m
                pos = m.end()


_SENT_START = re.compile(r"(?:^|[.!?:;]['\"”’)]?\s+|[\"“‘(\[]\s*|\n\s*|\s[-–—]{1,2}\s+)$")


def sentence_initial(text: str, pos: int) -> bool:
    """True when ``pos`` starts a sentence, a paragraph or a quotation."""
    return bool(_SENT_START.search(text[max(0, pos - 6):pos]))


# Interval look-ups by bisection. The finders ask "is this inside a quote / a skipped span /
# an expression already taken?" once per match; a linear scan per question made long or
# pathological texts quadratic.


class Disjoint:
    """A growing set of non-overlapping (start, end) spans."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for a, b in sorted(spans or []):
            self.add(a, b)

    def free(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps none of the spans."""
        i = bisect.bisect_right(self.starts, start)
        if i and self.ends[i - 1] > start:
            return False
        return i == len(self.starts) or self.starts[i] >= end

    def add(self, start: int, end: int) -> None:
        """Add a span (the caller has made sure it overlaps none)."""
        i = bisect.bisect_right(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def index_at(self, pos: int) -> int:
        """Index (in start order) of the span with start <= pos < end, or -1."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i if i >= 0 and pos < self.ends[i] else -1


class Covering:
    """Any spans (overlapping allowed): is a span inside one of them?"""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        # reach[i]: the furthest end among the first i+1 spans; a span inside any of them
        # is inside the one reaching furthest.
        self.reach: list[int] = []
        best = -1
        for _, b in ordered:
            best = max(best, b)
            self.reach.append(best)

    def covers(self, start: int, end: int) -> bool:
        """True when some span has span.start <= start and end <= span.end."""
        i = bisect.bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end
