"""What each front-matter value may be: checks that turn the text an editor wrote into a value.

The front matter arrives as text (see ``frontmatter.py``): a check either returns the
value the key wants or raises :class:`ValueError` saying what is wrong. Every address a
page will link to goes through :func:`web_address`, so no ``javascript:`` or ``data:``
URL reaches a page, whatever key it comes in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from digest.names import country_codes

SLUG_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*$")
SLUG_MAX = 200  # characters: a folder name every filesystem takes (255 bytes), with room to spare
TRUE, FALSE = ("true", "True", "TRUE"), ("false", "False", "FALSE")  # YAML 1.2's spellings

def text(value: Any) -> str:
    """Non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("")
    return value.strip()


def flag(value: Any) -> bool:
    """true or false."""
    if isinstance(value, bool):
        return value
    if value in TRUE or value in FALSE:
        return value in TRUE
    raise ValueError(f"{value!r} is not true or false" if isinstance(value, str) else "")


def texts(value: Any) -> tuple[str, ...]:
    """A list of texts (each the text the editor wrote)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError("")
    return tuple(v.strip() for v in value)


def codes(value: Any) -> tuple[str, ...]:
    """A list of ISO 3166-1 alpha-2 country codes, in any case."""
    found = tuple(code.upper() for code in texts(value))
    bad = [code for code in found if code not in country_codes()]
    if bad:
        raise ValueError(f"not ISO 3166-1 alpha-2: {', '.join(bad)}")
    return found


def date_only(value: Any) -> bool:
    """Whether a front-matter time is a day without a time of day ("2023-09-24"): pages then show no time."""
    if isinstance(value, str):
        return re.fullmatch(r"\s*\d{4}-\d\d-\d\d\s*", value) is not None
    return isinstance(value, date) and not isinstance(value, datetime)


def moment(tz: ZoneInfo) -> Callable[[Any], datetime]:
    """An ISO 8601 date or date-time; without a zone it is in ``tz``; it must exist in ``tz`` too."""
    def convert(value: Any) -> datetime:
        if isinstance(value, str):
            # YAML's own form puts a space before the zone ("2023-09-20 10:00:00 +07:00").
            value = datetime.fromisoformat(re.sub(r"\s+(?=[+-]\d\d:?\d\d$|Z$)", "", value.strip()))
        if isinstance(value, datetime):
            found = value if value.tzinfo else value.replace(tzinfo=tz)
        elif isinstance(value, date):
            found = datetime.combine(value, time(0, 0), tz)
        else:
            raise ValueError("")
        try:
            found.astimezone(tz)
            found.astimezone(UTC)
        except (OverflowError, ValueError):
            raise ValueError(f"{found.isoformat()} falls outside the calendar in the site's time zone ({tz.key})") from None
        return found

    return convert


def slug(value: Any) -> str:
    """A URL-safe name: letters, digits, '-', '_' and '.', not too long for a folder name."""
    found = text(value)
    if not SLUG_RE.match(found):
        raise ValueError(f"{found!r} may hold only letters, digits, '-', '_' and '.' (no '/', '\\' or '..')")
    if len(found) > SLUG_MAX:
        raise ValueError(f"it is {len(found)} characters long; at most {SLUG_MAX}")
    return found


TEXT_FINGERPRINT = re.compile(r"[0-9a-f]{12}")  # what ``digest translations`` writes (translations.py)


def text_fingerprint(value: Any) -> str:
    """A fingerprint of an original's text: 12 lower-case hex digits."""
    found = text(value)
    if not TEXT_FINGERPRINT.fullmatch(found):
        raise ValueError(f"{found!r} is not 12 hex digits (0-9, a-f); digest translations --mark-current SLUG writes it")
    return found


def web_address(value: Any) -> str:
    """An absolute http(s) address with a host: the only kind a page links to from front matter.

    Spaces pasted into one (a line broken inside a long address) are written %20, as a
    browser would send them.
    """
    found = re.sub(r"\s", lambda space: quote(space.group()), text(value))
    parts = urlsplit(found)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or re.search(r"[\x00-\x1f\x7f]", found):
        raise ValueError(f"{found!r} is not an http(s) address")
    return found
