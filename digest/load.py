"""``content/**/*.md`` → validated :class:`~digest.model.Article` values, plus diagnostics.

Every file is read, decoded, split and validated independently; problems are
collected, never raised, so one build reports all of them. ``slug.en.md`` is paired
with ``slug.md`` in the same folder as its English translation.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from babel import Locale

from digest.config import Config
from digest.errors import Diagnostic, error, note
from digest.frontmatter import Document, FrontMatterError, decode, split
from digest.model import Article, Overrides, Variant

ORIGINAL_KEYS = (
    "title", "date", "slug", "summary", "countries", "not_countries", "people", "not_people",
    "facts", "tags", "category", "author", "source", "source_url", "lang", "draft",
)
TRANSLATION_KEYS = ("title", "summary", "lang")
SLUG_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.))*$")


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR (two letters; no EU, UN, ZZ…)."""
    return _CODES


_CODES = frozenset(
    code for code in Locale("en").territories
    if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
)


@dataclass(frozen=True)
class Loaded:
    """What the load stage found: the articles and every diagnostic."""

    articles: tuple[Article, ...]
    diagnostics: tuple[Diagnostic, ...]


def load_content(config: Config) -> Loaded:
    """Read every article under ``content/`` and pair translations with their originals."""
    diagnostics: list[Diagnostic] = []
    originals: dict[tuple[Path, str], tuple[Document, str, Path]] = {}
    translations: list[tuple[Document, str, str, Path]] = []
    for path in sorted(config.content_dir.rglob("*")) if config.content_dir.is_dir() else ():
        if path.is_dir() or any(part.startswith(".") for part in path.relative_to(config.content_dir).parts):
            continue
        shown = path.relative_to(config.root).as_posix()
        if path.suffix != ".md":
            diagnostics.append(note(shown, 0, "not a Markdown file; ignored"))
            continue
        doc = _read(path, shown, config.max_file_size, diagnostics)
        if doc is None:
            continue
        stem = path.name[: -len(".md")]
        lang_suffix = stem.rsplit(".", 1)[1] if "." in stem else ""
        if lang_suffix and lang_suffix in {lang.code for lang in config.languages[1:]}:
            translations.append((doc, shown, lang_suffix, path.with_name(stem.rsplit(".", 1)[0] + ".md")))
        else:
            originals[(path.parent, stem)] = (doc, shown, path)

    variants: dict[Path, list[Variant]] = {}
    for doc, shown, lang, original_path in translations:
        original = originals.get((original_path.parent, original_path.name[:-3]))
        if original is None:
            diagnostics.append(error(shown, 1, f"translation without an original: {original_path.name} does not exist"))
            continue
        variant = _translation(doc, shown, lang, original[0], original[1], diagnostics)
        if variant is not None:
            variants.setdefault(original_path, []).append(variant)

    articles = []
    for (_, stem), (doc, shown, path) in originals.items():
        article = _article(doc, shown, stem, tuple(variants.get(path, ())), config, diagnostics)
        if article is not None and (config.drafts or not article.draft):
            articles.append(article)
    return Loaded(tuple(articles), tuple(diagnostics))


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
    published = check.get("date", _datetime(config.tz), None, "an ISO 8601 date or date-time, like 2023-09-20 or 2023-09-20T10:00:00+07:00")
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
