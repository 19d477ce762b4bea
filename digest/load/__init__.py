"""``content/**/*.md`` → validated :class:`~digest.model.Article` values, plus diagnostics.

Every file is read, decoded, split and validated independently; problems are
collected, never raised, so one build reports all of them. ``slug.en.md`` is paired
with ``slug.md`` in the same folder as its English translation.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale

from digest.config import Config
from digest.errors import Diagnostic, error, note
from digest.load.frontmatter import Document, FrontMatterError, decode, split
from digest.model import Article, Overrides, Variant

ORIGINAL_KEYS = (
    "title", "date", "slug", "summary", "countries", "not_countries", "people", "not_people",
    "facts", "tags", "category", "author", "source", "source_url", "lang", "draft",
)
TRANSLATION_KEYS = ("title", "summary", "lang")
SLUG_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*$")


_CODES = frozenset(
    code for code in map(str, Locale("en").territories)
    if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
)


@dataclass(frozen=True, slots=True)
class Group:
    """The files of one article: its original and its translations (by language code)."""

    original: Path
    translations: tuple[tuple[str, Path], ...] = ()

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every file of the group, original first."""
        return (self.original, *(path for _, path in self.translations))


def discover(config: Config) -> tuple[tuple[Group, ...], tuple[Diagnostic, ...]]:
    """List ``content/`` into article groups, noting stray files and orphan translations."""
    diagnostics: list[Diagnostic] = []
    originals: dict[str, list[tuple[str, Path]]] = {}
    translations: list[tuple[str, str, str]] = []
    other_langs = {lang.code for lang in config.languages[1:]}
    root = str(config.root) + os.sep
    for folder, dirs, files in os.walk(config.content_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # hidden folders are not content
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.startswith("."):
                continue
            if not name.endswith(".md"):
                diagnostics.append(note(path.removeprefix(root).replace(os.sep, "/"), 0, "not a Markdown file; ignored"))
                continue
            base, _, suffix = name[: -len(".md")].rpartition(".")
            if base and suffix in other_langs:
                translations.append((suffix, path, os.path.join(folder, base + ".md")))
            else:
                originals[path] = []
    for lang, path, original in translations:
        if original in originals:
            originals[original].append((lang, Path(path)))
        else:
            shown = path.removeprefix(root).replace(os.sep, "/")
            diagnostics.append(error(shown, 1, f"translation without an original: {os.path.basename(original)} does not exist"))
    return tuple(Group(Path(path), tuple(langs)) for path, langs in originals.items()), tuple(diagnostics)


def load_group(group: Group, config: Config) -> tuple[Article | None, tuple[Diagnostic, ...]]:
    """Read and validate one article and its translations (drafts included)."""
    diagnostics: list[Diagnostic] = []
    shown = group.original.relative_to(config.root).as_posix()
    doc = _read(group.original, shown, config.max_file_size, diagnostics)
    variants = []
    for lang, path in group.translations:
        t_shown = path.relative_to(config.root).as_posix()
        t_doc = _read(path, t_shown, config.max_file_size, diagnostics)
        if t_doc is not None and doc is not None:
            variant = _translation(t_doc, t_shown, lang, doc, shown, diagnostics)
            if variant is not None:
                variants.append(variant)
    if doc is None:
        return None, tuple(diagnostics)
    article = _article(doc, shown, group.original.name[: -len(".md")], tuple(variants), config, diagnostics)
    return article, tuple(diagnostics)


def _read(path: Path, shown: str, limit: int, diagnostics: list[Diagnostic]) -> Document | None:
    """Read, decode and split one file, recording a diagnostic on failure."""
    try:
        size = path.stat().st_size
        if size > limit:
            diagnostics.append(error(shown, 1, f"file is {size:,} bytes, over the limit of {limit:,} (max_file_size)"))
            return None
        return split(shown, decode(shown, path.read_bytes()))
    except FrontMatterError as exc:
        diagnostics.append(exc.diagnostic)
    except OSError as exc:
        diagnostics.append(error(shown, 0, f"cannot read: {exc.strerror}"))
    return None


class _Checker:
    """Validates one document's front matter, recording each problem at its key's line."""

    def __init__(self, doc: Document, shown: str, allowed: tuple[str, ...], diagnostics: list[Diagnostic]) -> None:
        self.doc, self.shown, self.diagnostics = doc, shown, diagnostics
        self.ok = True
        for key in doc.meta:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                more = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.fail(key, f"unknown key '{key}'{more}")

    def fail(self, key: str, message: str, line: int = 0) -> None:
        """Record an error at ``line``, else at the line of ``key`` (line 1 if it is missing)."""
        self.ok = False
        self.diagnostics.append(error(self.shown, line or self.doc.key_lines.get(key, 1), message))

    def get(self, key: str, kind: Callable[[Any], Any], default: Any, what: str) -> Any:
        """The value of ``key`` converted by ``kind``; record ``what`` was expected on failure."""
        if key not in self.doc.meta or self.doc.meta[key] is None:
            return default
        try:
            return kind(self.doc.meta[key])
        except (TypeError, ValueError) as exc:
            detail = f": {exc}" if str(exc) else ""
            self.fail(key, f"'{key}' must be {what}{detail}")
            return default


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise TypeError("")
    return value.strip()


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise TypeError("")
    return tuple(str(v).strip() for v in value)


def _codes(value: Any) -> tuple[str, ...]:
    codes = tuple(code.upper() for code in _texts(value))
    bad = [code for code in codes if code not in _CODES]
    if bad:
        raise ValueError(f"not ISO 3166-1 alpha-2: {', '.join(bad)}")
    return codes


def _datetime(tz: ZoneInfo) -> Callable[[Any], datetime]:
    def convert(value: Any) -> datetime:
        if isinstance(value, str):
            value = datetime.fromisoformat(value.strip())
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=tz)
        if isinstance(value, date):
            return datetime.combine(value, time(0, 0), tz)
        raise TypeError("")

    return convert


def _slug(value: Any) -> str:
    text = _text(str(value) if isinstance(value, int) else value)
    if not SLUG_RE.match(text):
        raise ValueError(f"{text!r} may hold only letters, digits, '-', '_' and '.' (no '/', '\\' or '..')")
    return text


def _article(doc: Document, shown: str, stem: str, translations: tuple[Variant, ...],
             config: Config, diagnostics: list[Diagnostic]) -> Article | None:
    """Validate an original's front matter and body into an Article (None if invalid)."""
    check = _Checker(doc, shown, ORIGINAL_KEYS, diagnostics)
    title = check.get("title", _text, None, "a non-empty text")
    published = check.get("date", _datetime(config.tz), None,
                          "an ISO 8601 date or date-time, like 2023-09-20 or 2023-09-20T10:00:00+07:00")
    for key, label in (("title", "title"), ("date", "date")):
        if key not in doc.meta:
            check.fail(key, f"missing required key '{label}'")
    lang = check.get("lang", _text, config.default_language.code, "a language code")
    if lang != config.default_language.code:
        check.fail("lang", f"an original must be in '{config.default_language.code}'; put translations in {stem}.<lang>.md")
    slug = check.get("slug", _slug, None, "a URL-safe name")
    if slug is None:
        try:
            slug = _slug(stem)
        except ValueError as exc:
            check.fail("slug", f"file name is not a URL-safe slug ({exc}); rename it or set 'slug'")
    summary = check.get("summary", _text, None, "a non-empty text")
    overrides = Overrides(
        countries=check.get("countries", _codes, (), "a list of country codes, like [KP, CN]"),
        not_countries=check.get("not_countries", _codes, (), "a list of country codes, like [ID]"),
        people=check.get("people", _texts, (), "a list of names"),
        not_people=check.get("not_people", _texts, (), "a list of names"),
        extract=check.get("facts", _bool, True, "true or false"),
    )
    fields = {key: check.get(key, _text, None, "a text") for key in ("category", "author", "source", "source_url")}
    tags = check.get("tags", _texts, (), "a list of tags, like [ekonomi, pasar]")
    draft = check.get("draft", _bool, False, "true or false")
    if not doc.body.strip():
        check.fail("", "article has no body: write the text after the closing '---'", doc.body_line)
    if not check.ok:
        return None
    original = Variant(lang, shown, title, summary, doc.body, doc.body_line)
    return Article(slug=slug, published=published, original=original, translations=translations,
                   tags=tags, draft=draft, overrides=overrides, **fields)


def _translation(doc: Document, shown: str, lang: str, original: Document, original_shown: str,
                 diagnostics: list[Diagnostic]) -> Variant | None:
    """Validate a translation's front matter and body into a Variant (None if invalid).

    A translation inherits everything but its title, summary and body from the
    original; repeating an inherited key is accepted only with the same value.
    """
    check = _Checker(doc, shown, ORIGINAL_KEYS, diagnostics)
    for key, value in doc.meta.items():
        if key in ORIGINAL_KEYS and key not in TRANSLATION_KEYS and original.meta.get(key) != value:
            where = f"{original_shown}:{original.key_lines[key]}" if key in original.key_lines else original_shown
            check.fail(key, f"'{key}' differs from the original ({where}); a translation inherits it: remove it here")
    title = check.get("title", _text, None, "a non-empty text")
    if "title" not in doc.meta:
        check.fail("title", "missing required key 'title'")
    declared = check.get("lang", _text, lang, "a language code")
    if declared != lang:
        check.fail("lang", f"lang is '{declared}' but the file name says '{lang}'")
    summary = check.get("summary", _text, None, "a non-empty text")
    if not doc.body.strip():
        check.fail("", "translation has no body: write the text after the closing '---'", doc.body_line)
    return Variant(lang, shown, title, summary, doc.body, doc.body_line) if check.ok else None


def load_article(shown: str, data: bytes, config: Config) -> tuple[Article | None, tuple[Diagnostic, ...]]:
    """Read one original article from bytes (for ``digest facts``), with its diagnostics."""
    diagnostics: list[Diagnostic] = []
    try:
        doc = split(shown, decode(shown, data))
    except FrontMatterError as exc:
        return None, (exc.diagnostic,)
    stem = Path(shown).name.removesuffix(".md") if shown.endswith(".md") else "article"
    article = _article(doc, shown, stem, (), config, diagnostics)
    return article, tuple(diagnostics)
