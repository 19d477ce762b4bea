"""Marks a rendered body for its page: the dateline as a dateline, and where each quote is.

Both work on the sanitized HTML, so what they find is what a reader sees. The
paragraph that holds a quote gets an ``id`` the facts box links to, so the box names
who is quoted instead of repeating the words beside the body.
"""

from __future__ import annotations

import re
from html import unescape

from digest.model import Quote

_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# "Seoul, KabarBerita.id — " or "JAKARTA (Antara) - " at the very start of the first paragraph:
# a place in capitals or title case, an optional outlet, then a dash.
_DATELINE = re.compile(r"[A-ZÀ-Ý][\w.'’ -]{0,40}?(?:,[^—–<\n]{1,40}?|\s*\([^)<\n]{1,40}\))\s*(?:—|–|--|-)(?=\s)")
_NEEDLE = 60  # the first characters of a quote are enough to find its paragraph


def dateline(html: str) -> str:
    """``html`` with the dateline of its first paragraph in a ``<span class="dateline">``."""
    found = _PARAGRAPH.search(html)
    if found is None:
        return html
    start = found.start(1)
    match = _DATELINE.match(html, start)
    if match is None:
        return html
    return f'{html[:start]}<span class="dateline">{match.group(0)}</span>{html[match.end():]}'


def _plain(fragment: str) -> str:
    """A paragraph's text as read: no tags, entities resolved, spaces collapsed."""
    return " ".join(unescape(_TAG.sub("", fragment)).split())


def quotes(html: str, found: tuple[Quote, ...]) -> tuple[str, tuple[str | None, ...]]:
    """``html`` with an id on each paragraph that holds one of the quotes, and each quote's id
    (None: its words are not in this text, e.g. a translation)."""
    paragraphs = [(m, _plain(m.group(1))) for m in _PARAGRAPH.finditer(html)]
    ids: dict[int, str] = {}  # paragraph start → its id: the number of the first quote it holds
    anchors: list[str | None] = []
    for number, quote in enumerate(found, 1):
        needle = " ".join(quote.text.split())[:_NEEDLE]
        where = next((m.start() for m, text in paragraphs if needle and needle in text), None)
        if where is not None and f'id="kutipan-{number}"' not in html:
            ids.setdefault(where, f"kutipan-{number}")
        anchors.append(ids.get(where) if where is not None else None)
    for start in sorted(ids, reverse=True):  # from the end, so earlier offsets stay right
        html = f'{html[:start]}<p id="{ids[start]}">{html[start + 3:]}'
    return html, tuple(anchors)
