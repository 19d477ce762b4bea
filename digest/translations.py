"""Which articles have an up-to-date translation: ``digest translations`` and what ``--mark-current`` writes.

A translation says which text it was made from in its ``translated_from`` key: the
:func:`text_fingerprint` of the original's title, summary and body at the time. When the
original's text changes, the two fingerprints differ and the translation is *stale*.
Front-matter-only edits to the original (tags, category, date, countries, an image…)
change no fingerprint: a translation inherits those, so they leave nothing to translate.

The statuses are a pure function of loaded articles (:func:`statuses`); content is read
by the loader, through ``build.pipeline.articles`` (a shell reaches the stages only there).
No page shows any of this: ``translated_from`` is editorial metadata.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from digest.build.pipeline import articles
from digest.config import Config
from digest.errors import DigestError
from digest.model import Article, Variant

# Each status with what an editor should do about it, in the order the summary line counts them.
ADVICE = {
    "current": "",
    "partial": "headline-only: its title and summary are translated, the text is not",
    "unknown": "no translated_from: run digest translations --mark-current SLUG after checking it",
    "missing": "no translation: digest new --translate SLUG",
    "stale": "the original's text changed since it was translated: revise it, then --mark-current SLUG",
}
FINGERPRINT_BYTES = 6  # 12 hex digits: what load/fields.py accepts for translated_from


def text_fingerprint(variant: Variant) -> str:
    """The fingerprint of a variant's text: its title, its summary (empty when none is written) and its Markdown
    body, each with every run of whitespace made one space and the ends trimmed, joined by newlines, hashed with
    blake2b to 12 hex digits. Re-wrapping lines or adding blank lines changes nothing; a changed word does."""
    parts = (variant.title, variant.summary or "", variant.body)
    normal = "\n".join(" ".join(part.split()) for part in parts)
    return hashlib.blake2b(normal.encode("utf-8", "surrogatepass"), digest_size=FINGERPRINT_BYTES).hexdigest()


@dataclass(frozen=True, slots=True)
class Status:
    """One article's translation into one language: where its files are and whether it needs work."""

    slug: str
    original: str  # the original's file, relative to the project
    translation: str  # the translation's file (where it would be when missing)
    lang: str
    status: str  # a key of ADVICE
    fingerprint: str  # of the original's text now
    translated_from: str | None  # what the translation says it was made from


def translation_path(article: Article, lang: str) -> str:
    """The file of ``article``'s translation into ``lang``: ``x.<lang>.md`` beside ``x.md``."""
    return article.original.path.removesuffix(".md") + f".{lang}.md"


def status_of(article: Article, lang: str) -> Status:
    """The translation status of one article: missing, stale, partial, unknown or current (checked in that order:
    a headline-only translation of a changed text is stale, since its headline may no longer be right)."""
    now = text_fingerprint(article.original)
    variant = article.variant(lang)
    made_from = variant.translated_from if variant else None
    if variant is None:
        status = "missing"
    elif made_from is not None and made_from != now:
        status = "stale"
    elif variant.partial:
        status = "partial"
    else:
        status = "unknown" if made_from is None else "current"
    return Status(article.slug, article.original.path, translation_path(article, lang), lang, status, now, made_from)


def statuses(found: Iterable[Article], lang: str) -> tuple[Status, ...]:
    """Every article's translation status into ``lang``, by slug."""
    return tuple(sorted((status_of(article, lang) for article in found), key=lambda s: (s.slug, s.original)))


def summary(rows: tuple[Status, ...]) -> str:
    """ "17 articles: 8 current, 1 partial, 7 missing, 1 stale" (only the statuses that occur)."""
    counts = Counter(row.status for row in rows)
    parts = [f"{counts[name]} {name}" for name in ADVICE if counts[name]]
    noun = "article" if len(rows) == 1 else "articles"
    return f"{len(rows)} {noun}: {', '.join(parts) or 'none'}"


def table(rows: tuple[Status, ...]) -> str:
    """The rows as aligned columns for a terminal: slug, original file, status, what to do."""
    lines = [("slug", "original", "translation", "")]
    lines += [(row.slug, row.original, row.status, ADVICE[row.status].replace("SLUG", row.slug)) for row in rows]
    widths = [max(len(line[column]) for line in lines) for column in range(3)]
    return "\n".join("  ".join((*(cell.ljust(width) for cell, width in zip(line, widths, strict=False)), line[3])).rstrip()
                     for line in lines)


def as_json(rows: tuple[Status, ...]) -> str:
    """The rows as a JSON list of objects (the schema is in the README)."""
    return json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=1)


def chosen(rows: tuple[Status, ...], wanted: tuple[str, ...]) -> tuple[Status, ...]:
    """The rows whose status is one of ``wanted`` (every row when nothing is wanted)."""
    return tuple(row for row in rows if not wanted or row.status in wanted)


def load(config: Config) -> tuple[Article, ...]:
    """Every article of the project; DigestError with each problem at its file:line when any cannot be read."""
    found, diagnostics = articles(config)
    errors = [d for d in diagnostics if d.is_error]
    if errors:
        counted = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        raise DigestError("\n".join([*(str(d) for d in sorted(diagnostics)), f"no translation status: {counted}"]))
    return found


def find(found: tuple[Article, ...], slug: str) -> Article:
    """The article called ``slug``; DigestError naming the closest slugs when there is none."""
    named = [article for article in found if article.slug == slug]
    if len(named) == 1:
        return named[0]
    if named:
        raise DigestError(f"{slug}: more than one article has this slug: {', '.join(a.original.path for a in named)}")
    slugs = sorted(article.slug for article in found)
    # a slug's beginning is what an editor types; difflib finds the misspelt ones
    close = ([known for known in slugs if known.startswith(slug)] or difflib.get_close_matches(slug, slugs, n=3, cutoff=0.6))[:3]
    hint = f" (did you mean {', '.join(close)}?)" if close else "; digest translations lists every slug"
    raise DigestError(f"{slug}: no article has this slug{hint}")


_KEY = re.compile(rb"translated_from[ \t]*:")
_TITLE = re.compile(rb"title[ \t]*:")


def marked(data: bytes, fingerprint: str) -> bytes:
    """A translation file's bytes with its ``translated_from:`` line saying ``fingerprint`` (added after the title
    when it has none); every other byte as it was. The front matter ends where the loader ends it: at the first
    later line that is ``---`` or ``...``."""
    lines = data.splitlines(keepends=True)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (b"---", b"...")), None)
    if not lines or lines[0].removeprefix(b"\xef\xbb\xbf").rstrip() != b"---" or end is None:
        raise ValueError("no front matter")
    line = b"translated_from: " + fingerprint.encode("ascii")
    for i in range(1, end):
        if _KEY.match(lines[i]):
            lines[i] = line + lines[i][len(lines[i].rstrip(b"\r\n")):]  # the line's own line ending
            return b"".join(lines)
    title = next((i for i in range(1, end) if _TITLE.match(lines[i])), None)
    if title is None:
        raise ValueError("no title line")
    after = next((i for i in range(title + 1, end) if not lines[i][:1].isspace()), end)  # past its continuation lines
    ending = lines[title][len(lines[title].rstrip(b"\r\n")):] or b"\n"
    return b"".join([*lines[:after], line + ending, *lines[after:]])


def mark_current(config: Config, slugs: Iterable[str]) -> list[str]:
    """Write each named article's current fingerprint into its translation's ``translated_from``; the files
    written. Every slug is checked before any file is written."""
    found = load(config)
    lang = config.languages[1].code
    chosen_articles = [find(found, slug) for slug in slugs]
    for article in chosen_articles:
        if article.variant(lang) is None:
            raise DigestError(f"{article.slug}: {translation_path(article, lang)} does not exist: there is no translation "
                              f"to mark; write one with digest new --translate {article.slug}")
    written = []
    for article in chosen_articles:
        path = config.root / translation_path(article, lang)
        _replace(path, marked(path.read_bytes(), text_fingerprint(article.original)))
        written.append(translation_path(article, lang))
    return written


def _replace(path: Path, data: bytes) -> None:
    """Write ``data`` over ``path`` at once (a reader never sees half a file), keeping its permissions."""
    temporary = path.with_name(f".{path.name}.digest-new")
    temporary.write_bytes(data)
    os.chmod(temporary, path.stat().st_mode & 0o7777)
    os.replace(temporary, path)
