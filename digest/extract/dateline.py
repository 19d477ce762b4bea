"""The opening dateline: "Jakarta, CNN Indonesia --", "JAKARTA (Pos Kota) –", "Suara.com -"."""

from __future__ import annotations

import re

from digest.model import Dateline

_DASH = r"(?:--|—|–|-)"
# Place, comma, outlet, dash: "Jakarta, KabarBerita.id —"
_PLACE_OUTLET = re.compile(
    r"\A\s*([A-Z][A-Za-z.'’]*(?:[ \t][A-Z][A-Za-z.'’]*){0,3})[ \t]*,[ \t]*"
    r"([A-Z0-9][\w.'’]*(?:[ \t][A-Z0-9][\w.'’]*){0,3})[ \t]*" + _DASH + r"[ \t]+"
)
# Place, outlet in brackets, dash: "JAKARTA (Pos Kota) –"
_PLACE_PAREN = re.compile(
    r"\A\s*([A-Z][A-Za-z.'’]*(?:[ \t][A-Z][A-Za-z.'’]*){0,3})[ \t]*\(([^()\n]{2,40})\)[ \t]*"
    + _DASH + r"[ \t]+"
)
# Outlet only, a web name: "Suara.com - ", "Rimanews - "
_OUTLET_ONLY = re.compile(r"\A\s*([A-Z][\w]*(?:\.[a-z]{2,4}){1,2}|Rimanews|Antaranews)[ \t]+" + _DASH + r"[ \t]+")


def find_dateline(text: str) -> tuple[Dateline | None, int]:
    """The dateline at the start of ``text`` and the offset where the story proper begins."""
    head = text[:200]
    m = _PLACE_OUTLET.match(head)
    if m:
        return Dateline(_place(m.group(1)), m.group(2).strip()), m.end()
    m = _PLACE_PAREN.match(head)
    if m:
        return Dateline(_place(m.group(1)), m.group(2).strip()), m.end()
    m = _OUTLET_ONLY.match(head)
    if m:
        return Dateline("", m.group(1)), m.end()
    return None, 0


def _place(raw: str) -> str:
    """A place name in title case ("JAKARTA" -> "Jakarta")."""
    raw = raw.strip()
    return raw.title() if raw.isupper() else raw
