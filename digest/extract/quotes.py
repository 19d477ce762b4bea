"""Direct quotes: spans in quotation marks of at least three words, and who said them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from digest.extract.text import find_all

_DOUBLE_OPEN, _DOUBLE_CLOSE = "“\"", "”\""
_SINGLE_OPEN, _SINGLE_CLOSE = "‘'", "’'"
_MARKS = "“”\"‘’'"  # every quotation mark, found one kind at a time
_WORD = re.compile(r"\w+")
_PAR_GAP = re.compile(r"\n\s*")


@dataclass(frozen=True)
class Span:
    """A quotation: its text, where its marks are, and where its paragraph(s) end."""

    text: str
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end when unclosed)
    closed: bool


def _opener(text: str, i: int) -> str | None:
    """'d' or 's' when the mark at ``i`` can open a quotation."""
    ch = text[i]
    prev = text[i - 1] if i else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "“":
        return "d"
    if ch == "‘":
        return "s"
    if nxt.isspace():
        return None
    if ch == '"' and (prev.isspace() or prev in "([—–-:/“‘"):
        return "d"
    if ch == "'" and (prev.isspace() or prev in "([—–-:/“\""):
        return "s"
    return None


def _closer(text: str, i: int, fam: str) -> bool:
    """True when the mark at ``i`` can close a quotation of family ``fam``."""
    ch = text[i]
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if fam == "d":
        return ch in _DOUBLE_CLOSE and (ch == "”" or not nxt.isalnum())
    if ch not in _SINGLE_CLOSE:
        return False
    prev = text[i - 1] if i else " "
    return not nxt.isalnum() and not prev.isspace()


def find_quotes(text: str) -> list[Span]:
    """Every quotation in ``text``; one running over paragraphs (each reopened) is one span."""
    out: list[Span] = []
    # Found by str.find (a few fast scans), where a regex scan tested every character.
    marks = sorted(i for mark in _MARKS for i in find_all(text, mark))
    # Paragraph breaks found once: searching text between an opener and each later mark
    # again made a long paragraph full of marks quadratic. Every start of "\n\n" counts,
    # overlapping ones included.
    breaks = find_all(text, "\n\n")

    def next_break(lo: int, hi: int) -> int:
        """The first paragraph break starting in [lo, hi - 1), or -1 (str.find semantics)."""
        i = bisect.bisect_left(breaks, lo)
        return breaks[i] if i < len(breaks) and breaks[i] + 2 <= hi else -1

    k = 0
    while k < len(marks):
        i = marks[k]
        fam = _opener(text, i)
        if fam is None:
            k += 1
            continue
        parts: list[str] = []
        seg_start = i + 1
        j = k + 1
        closed = False
        end = len(text)
        while j < len(marks):
            pos = marks[j]
            brk = next_break(seg_start, pos)
            if brk >= 0:
                # Paragraph ended inside the quote: it continues only if the next one reopens.
                parts.append(text[seg_start:brk])
                nxt_par = _PAR_GAP.match(text, brk)
                np = nxt_par.end() if nxt_par else brk
                if np < len(text) and np == pos and _opener(text, pos) == fam:
                    seg_start = pos + 1
                    j += 1
                    continue
                end = brk
                break
            if _closer(text, pos, fam):
                parts.append(text[seg_start:pos])
                closed, end = True, pos + 1
                break
            j += 1
        else:
            brk = next_break(seg_start, len(text))
            end = brk if brk >= 0 else len(text)
            parts.append(text[seg_start:end])
        body = " ".join(p.strip() for p in parts).strip()
        if closed or fam == "d":
            out.append(Span(body, i, end, closed))
        while k < len(marks) and marks[k] < end:
            k += 1
    return [q for q in out if _is_quote(q.text)]


def _is_quote(body: str) -> bool:
    """At least three words, and not a title written in Title Case."""
    words = _WORD.findall(body)
    if len(words) < 3:
        return False
    caps = sum(1 for w in words if w[:1].isupper())
    return not (len(words) <= 6 and caps == len(words) and not re.search(r"[.,!?]", body))


def clean(body: str) -> str:
    """The quote text as reported: inner spaces collapsed, trailing comma dropped."""
    return re.sub(r"\s+", " ", body).strip().rstrip(",").strip()
