"""Shared text handling: Markdown stripping, positions to file lines, small regex helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# Markdown constructs that only wrap text; removed per line so line numbers stay true.
_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\n]{0,500}\)")
_EMPH = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")
_TAGS = re.compile(r"<[^<>\n]{0,200}>")

# Upper-case letters for "capitalised word" tests (Latin incl. accented forms).
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
WORDCH = "0-9A-Za-zÀ-ÖØ-öø-ÿ"


def strip_markdown(body: str) -> str:
    """The body as plain text with one output line per input line."""
    out: list[str] = []
    for line in body.split("\n"):
        line = _LEAD.sub("", line)
        line = _LINK.sub(r"\1", line)
        line = _TAGS.sub("", line)
        line = _EMPH.sub("", line)
        out.append(line.rstrip("\r"))
    return "\n".join(out)


@dataclass(frozen=True)
class Doc:
    """A plain-text body with helpers to map offsets to file lines and paragraphs."""

    text: str
    body_line: int = 1

    @cached_property
    def _newlines(self) -> list[int]:
        return [i for i, ch in enumerate(self.text) if ch == "\n"]

    def line_of(self, pos: int) -> int:
        """The 1-based file line of character offset ``pos``."""
        import bisect

        return self.body_line + bisect.bisect_left(self._newlines, pos)

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """(start, end) offsets of the non-blank paragraphs, in order."""
        spans: list[tuple[int, int]] = []
        for m in re.finditer(r"[^\n]+(?:\n[ \t]*[^\s][^\n]*)*", self.text):
            if m.group(0).strip():
                spans.append((m.start(), m.end()))
        return spans

    def paragraph_index(self, pos: int) -> int:
        """Index of the paragraph containing ``pos`` (or the one before it)."""
        import bisect

        starts = [s for s, _ in self.paragraphs]
        return max(0, bisect.bisect_right(starts, pos) - 1)


def alternation(words: list[str] | set[str]) -> str:
    """A regex alternation of literal words, longest first (so prefixes never shadow)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


_SENT_START = re.compile(r"(?:^|[.!?:;]['\"”’)]?\s+|[\"“‘(\[]\s*|\n\s*|\s[-–—]{1,2}\s+)$")


def sentence_initial(text: str, pos: int) -> bool:
    """True when ``pos`` starts a sentence, a paragraph or a quotation."""
    return bool(_SENT_START.search(text[max(0, pos - 6):pos]))
