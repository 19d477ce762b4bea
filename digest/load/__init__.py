"""``content/**/*.md`` → validated :class:`~digest.model.Article` values, plus diagnostics.

Every file is read, decoded, split and validated independently; problems are
collected, never raised, so one build reports all of them. ``slug.en.md`` is paired
with ``slug.md`` in the same folder as its English translation.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from babel import localedata

from digest.config import Config
from digest.errors import Diagnostic, error, note
from digest.files import Stat, Unreadable, read
from digest.load import fields, images
from digest.model import Article, ImageSource, Overrides, Variant

if TYPE_CHECKING:
    from digest.load.frontmatter import Document

ORIGINAL_KEYS = (
    "title", "date", "slug", "summary", "countries", "not_countries", "people", "not_people",
    "facts", "tags", "category", "author", "source", "source_url", "lang", "draft",
    "updated", "correction",
    "image",
)
TRANSLATION_KEYS = ("title", "summary", "lang", "correction",
                    "image", "translated_from")
ONLY_TRANSLATIONS = ("translated_from",)  # keys a translation may have and an original may not
REQUIRED = ("title", "date")
_LANGUAGE_RE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")  # fr, pt-BR, zh_Hant: not "0" or "summit"


class Group(NamedTuple):
    """The files of one article: its original and its translations (by language code).

    Paths are kept as text: every build lists every article, and a ``Path`` costs ten
    times a string to make (0.15 s for 15,000 files); only the articles read again need one.
    A named tuple, not a frozen dataclass: an edit's build makes one per article from what
    the last build recalled, and 100,000 frozen dataclasses took 0.12 s to make.
    """

    original: str
    translations: tuple[tuple[str, str], ...] = ()

    @property
    def paths(self) -> tuple[str, ...]:
        """Every file of the group, original first."""
        return (self.original, *(path for _, path in self.translations))


def discover(config: Config, listed: Mapping[str, Stat] | None = None) -> tuple[tuple[Group, ...], tuple[Diagnostic, ...]]:
    """List ``content/`` into article groups, noting stray files, orphan translations and what cannot be read.

    ``listed``: the build's own walk of ``content/`` (every entry but hidden ones, by path,
    with its stat: a link to a folder has the folder's), so the folder is not walked a
    second time (0.2 s at 10,000 articles). An entry with a negative size — one that walk
    could not stat, or a folder it could not list — has it walk again, to say why.
    """
    if not config.content_dir.is_dir():
        return (), (_no_content(config),)
    if listed is not None and any(size < 0 for size, _, _ in listed.values()):
        listed = None
    walk = _Walk(config, listed)
    groups = []
    for path, langs in walk.originals.items():
        groups.append(Group(path, tuple(langs)))
    if not groups and not any(d.is_error for d in walk.diagnostics):  # an emptied checkout must not publish an empty site
        return (), (*walk.diagnostics, error("content/", 0, "holds no articles (no .md files): digest does not publish "
                                                            "an empty site; write a first article with digest new \"Judul\""))
    return tuple(groups), tuple(walk.diagnostics)


class _Walk:
    """One walk of ``content/``: the originals with their translations, and what it noticed."""

    def __init__(self, config: Config, listed: Mapping[str, Stat] | None) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.originals: dict[str, list[tuple[str, str]]] = {}
        self._root = str(config.root) + os.sep
        self._langs = {lang.code for lang in config.languages[1:]}
        self._main = config.languages[0].code
        translations: list[tuple[str, str, str]] = []
        folders = os.walk(config.content_dir, onerror=self._unreadable) if listed is None else _listing(listed)
        for folder, dirs, files in folders:
            dirs[:] = self._folders(folder, dirs)
            translations += self._files(folder, files)
        for lang, path, original in translations:
            if original in self.originals:
                self.originals[original].append((lang, path))
            else:
                message = f"translation without an original: {os.path.basename(original)} does not exist"
                self.diagnostics.append(error(self._shown(path), 1, message))

    def _shown(self, path: str) -> str:
        return path.removeprefix(self._root).replace(os.sep, "/")

    def _unreadable(self, problem: OSError) -> None:
        where = self._shown(str(problem.filename))
        self.diagnostics.append(error(where, 0, f"cannot read this folder ({problem.strerror}): its articles would be left out"))

    def _folders(self, folder: str, names: list[str]) -> list[str]:
        """The folders to walk into: not hidden ones, and no link to a folder (noted as an error)."""
        kept = []
        for name in sorted(names):
            if name.startswith("."):
                continue
            if os.path.islink(os.path.join(folder, name)):
                self.diagnostics.append(error(self._shown(os.path.join(folder, name)), 0, "a link to a folder: digest does "
                                              "not follow it; move the folder into content/ instead"))
                continue
            kept.append(name)
        return kept

    def _files(self, folder: str, names: list[str]) -> list[tuple[str, str, str]]:
        """Enter the originals among ``names``; return the translations (language, path, original's path)."""
        translations = []
        for name in sorted(names):
            path = os.path.join(folder, name)
            if name.startswith(".") or name.upper() == "README.MD":
                continue  # hidden files are not content; a README is for people browsing the repository
            if name.lower().endswith(images.EXTENSIONS):
                continue  # a photo beside its article: read when an article names it
            if not name.endswith(".md"):
                self.diagnostics.append(note(self._shown(path), 0, "not a Markdown file; ignored"))
                continue
            base, _, suffix = name[: -len(".md")].rpartition(".")
            if base and suffix in self._langs:
                translations.append((suffix, path, os.path.join(folder, base + ".md")))
            elif base and (problem := self._foreign(base, suffix)):
                self.diagnostics.append(error(self._shown(path), 1, problem))
            else:
                self.originals[path] = []
        return translations

    def _foreign(self, base: str, suffix: str) -> str | None:
        """Why ``base.suffix.md`` is a translation this site cannot publish, if its suffix names a language.

        Published as an original, it would be a second, mislabelled article.
        """
        if not _LANGUAGE_RE.match(suffix) or not localedata.exists(suffix.replace("-", "_")):
            return None
        code = suffix.lower()
        if code == self._main:
            return f"'.{suffix}' marks a translation, but {code} is the language of the originals: name it {base}.md"
        if code in self._langs:
            return f"write the language in lowercase: {base}.{code}.md"
        known = ", ".join((self._main, *sorted(self._langs)))
        return (f"a translation into '{suffix}', a language this site does not publish (its languages: {known}); "
                "rename it, or remove it")


def _listing(listed: Mapping[str, Stat]) -> Iterator[tuple[str, list[str], list[str]]]:
    """The folders of a walk's answer as ``os.walk`` lists them: top-down, each folder's entries
    split into folders (links to folders among them) and the rest (only folders with entries)."""
    folders: dict[str, tuple[list[str], list[str]]] = {}
    for path, (_, _, mode) in listed.items():
        folder, _, name = path.rpartition(os.sep)
        dirs, files = folders.setdefault(folder, ([], []))
        (dirs if stat.S_ISDIR(mode) else files).append(name)
    for folder in sorted(folders, key=lambda name: name.split(os.sep)):  # a folder before its subfolders, by name
        yield folder, *folders[folder]


def _no_content(config: Config) -> Diagnostic:
    """Why there is nothing to build: no content/ folder (or a file in its place)."""
    what = "is a file, not a folder" if config.content_dir.exists() else "does not exist"
    inside = " (this folder is itself a content/ folder: run digest in the one above it)" if config.root.name == "content" else ""
    return error("content/", 0, f"{config.content_dir} {what}{inside}: digest builds the articles in a content/ folder; run "
                                "digest in your site's folder (or pass -C DIR), start one with digest init, or write a "
                                "first article with digest new \"Judul\"")


Reader = Callable[[Path, Path, int], bytes]  # files.read's signature: (path, within, limit) -> its bytes


def load_group(group: Group, config: Config, reader: Reader = read) -> tuple[Article | None, tuple[Diagnostic, ...]]:
    """Read and validate one article and its translations (drafts included).

    ``reader`` reads each file (the build's cache passes one that keeps the bytes, to sign
    exactly what was loaded).
    """
    diagnostics: list[Diagnostic] = []
    original = Path(group.original)
    shown = original.relative_to(config.root).as_posix()
    doc = _read(original, shown, config, diagnostics, reader)
    variants = []
    for lang, name in group.translations:
        path = Path(name)
        t_shown = path.relative_to(config.root).as_posix()
        t_doc = _read(path, t_shown, config, diagnostics, reader)
        if t_doc is not None and doc is not None:
            variant = _translation(t_doc, t_shown, lang, doc, shown, diagnostics)
            if variant is not None:
                variants.append(variant)
    if doc is None:
        return None, tuple(diagnostics)
    article = _article(doc, shown, original.name[: -len(".md")], tuple(variants), config, diagnostics)
    return article, tuple(diagnostics)


def _read(path: Path, shown: str, config: Config, diagnostics: list[Diagnostic], reader: Reader) -> Document | None:
    """Read, decode and split one file, recording a diagnostic on failure."""
    # Here, not at the top: discovery is this package's too, and a build that loads no article needs no YAML.
    from digest.load.frontmatter import FrontMatterError, decode, split

    try:
        return split(shown, decode(shown, reader(path, config.root, config.max_file_size)))
    except FrontMatterError as exc:
        diagnostics.append(exc.diagnostic)
    except Unreadable as exc:
        diagnostics.append(error(shown, 1 if "bytes" in str(exc) else 0, str(exc)))
    return None


class _Checker:
    """Validates one document's front matter, recording each problem at its key's line."""

    def __init__(self, doc: Document, shown: str, allowed: tuple[str, ...], diagnostics: list[Diagnostic]) -> None:
        self.doc, self.shown, self.diagnostics = doc, shown, diagnostics
        self.ok = True
        for key in doc.meta:
            if key not in allowed:
                import difflib  # (only for a mistake)

                hint = difflib.get_close_matches(key, allowed, n=1)
                more = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.fail(key, f"unknown key '{key}'{more}")

    def fail(self, key: str, message: str, line: int = 0) -> None:
        """Record an error at ``line``, else at the line of ``key`` (line 1 if it is missing)."""
        self.ok = False
        self.diagnostics.append(error(self.shown, line or self.doc.key_lines.get(key, 1), message))

    def required(self, keys: tuple[str, ...]) -> None:
        """Record an error for each of ``keys`` that is missing or has no value."""
        for key in keys:
            if key not in self.doc.meta:
                self.fail(key, f"missing required key '{key}'")
            elif self.doc.meta[key] is None:
                self.fail(key, f"'{key}' has no value: write it after '{key}:'")

    def get(self, key: str, kind: Callable[[Any], Any], default: Any, what: str) -> Any:
        """The value of ``key`` converted by ``kind`` (``default`` when absent or empty); record ``what``
        was expected on failure."""
        value = self.doc.meta.get(key)
        if value is None:
            return default
        try:
            return kind(value)
        except (TypeError, ValueError) as exc:
            detail = f": {exc}" if str(exc) else ""
            self.fail(key, f"'{key}' must be {what}{detail}")
            return default


def _article(doc: Document, shown: str, stem: str, translations: tuple[Variant, ...],
             config: Config, diagnostics: list[Diagnostic]) -> Article | None:
    """Validate an original's front matter and body into an Article (None if invalid)."""
    check = _Checker(doc, shown, ORIGINAL_KEYS, diagnostics)
    check.required(REQUIRED)
    title = check.get("title", fields.text, None, "a non-empty text")
    published = check.get("date", fields.moment(config.tz), None,
                          "an ISO 8601 date or date-time, like 2023-09-20 or 2023-09-20T10:00:00+07:00")
    lang = check.get("lang", fields.text, config.default_language.code, "a language code")
    if lang != config.default_language.code:
        check.fail("lang", f"an original must be in '{config.default_language.code}'; put translations in {stem}.<lang>.md")
    slug = check.get("slug", fields.slug, None, "a URL-safe name")
    if slug is None:
        try:
            slug = fields.slug(stem)
        except ValueError as exc:
            check.fail("slug", f"file name is not a URL-safe slug ({exc}); rename it or set 'slug'")
    summary = check.get("summary", fields.text, None, "a non-empty text")
    overrides = Overrides(
        countries=check.get("countries", fields.codes, (), "a list of country codes, like [KP, CN]"),
        not_countries=check.get("not_countries", fields.codes, (), "a list of country codes, like [ID]"),
        people=check.get("people", fields.texts, (), "a list of names"),
        not_people=check.get("not_people", fields.texts, (), "a list of names"),
        extract=check.get("facts", fields.flag, True, "true or false"),
    )
    texts = {key: check.get(key, fields.text, None, "a text") for key in ("category", "author", "source")}
    source_url = check.get("source_url", fields.web_address, None, "an http(s) address, like https://www.antaranews.com/berita/…")
    tags = check.get("tags", fields.texts, (), "a list of tags, like [ekonomi, pasar]")
    draft = check.get("draft", fields.flag, False, "true or false")
    updated = _updated(check, published, config)
    correction = check.get("correction", fields.text, None, "a text (Markdown)")
    image = _lead_image(check, config)
    if not doc.body.strip():
        check.fail("", "article has no body: write the text after the closing '---'", doc.body_line)
    if not check.ok:
        return None
    original = Variant(lang, shown, title, summary, doc.body, doc.body_line, correction=correction,
                       figures=images.figures(doc.body, doc.body_line, shown))
    return Article(slug=slug, published=published, original=original, translations=translations,
                   date_only=fields.date_only(doc.meta.get("date")), tags=tags, draft=draft, overrides=overrides,
                   source_url=source_url, updated=updated, **texts, image=image)


def _updated(check: _Checker, published: Any, config: Config) -> Any:
    """The ``updated`` time of an article: a date-time not before its ``date`` (None when absent)."""
    updated = check.get("updated", fields.moment(config.tz), None,
                        "an ISO 8601 date or date-time, like 2023-09-21T08:30:00+07:00")
    if updated is not None and published is not None and updated < published:
        check.fail("updated", f"'updated' ({updated.isoformat()}) is before 'date' ({published.isoformat()}): "
                              "an update comes after publication")
        return None
    return updated


def _lead_image(check: _Checker, config: Config) -> ImageSource | None:
    """The original's lead photo from its ``image`` key (None: none, or an error recorded)."""
    if check.doc.meta.get("image") is None:
        return None
    content = config.content_dir.relative_to(config.root).as_posix()
    found, problems = images.lead(check.doc.meta["image"], check.shown, check.doc.key_lines["image"], content)
    for problem in problems:
        check.fail("image", problem)
    return found


def _translation(doc: Document, shown: str, lang: str, original: Document, original_shown: str,
                 diagnostics: list[Diagnostic]) -> Variant | None:
    """Validate a translation's front matter and body into a Variant (None if invalid).

    A translation inherits everything but its title, summary and body from the
    original; repeating an inherited key is accepted only with the same value. One with
    a title and a summary but no body translates the headline only (``Variant.partial``).
    """
    check = _Checker(doc, shown, (*ORIGINAL_KEYS, *ONLY_TRANSLATIONS), diagnostics)
    for key, value in doc.meta.items():
        if key in ORIGINAL_KEYS and key not in TRANSLATION_KEYS and original.meta.get(key) != value:
            where = f"{original_shown}:{original.key_lines[key]}" if key in original.key_lines else original_shown
            check.fail(key, f"'{key}' differs from the original ({where}); a translation inherits it: remove it here")
    check.required(("title",))
    title = check.get("title", fields.text, None, "a non-empty text")
    declared = check.get("lang", fields.text, lang, "a language code")
    if declared != lang:
        check.fail("lang", f"lang is '{declared}' but the file name says '{lang}'")
    summary = check.get("summary", fields.text, None, "a non-empty text")
    correction = check.get("correction", fields.text, None, "a text (Markdown)")
    source = check.get("translated_from", fields.text_fingerprint, None, "the fingerprint of the original's text")
    alt, caption, problems = images.translated(doc.meta["image"]) if doc.meta.get("image") is not None else (None, None, [])
    for problem in problems:
        check.fail("image", problem)
    if not doc.body.strip() and summary is None:  # a title and a summary alone: a headline-only translation
        check.fail("", "translation has no body: write the text after the closing '---', or give it a 'summary' to "
                       "publish its headline and summary over the original's text", doc.body_line)
    return Variant(lang, shown, title, summary, doc.body, doc.body_line, correction=correction, image_alt=alt,
                   image_caption=caption, figures=images.figures(doc.body, doc.body_line, shown),
                   translated_from=source) if check.ok else None


def load_article(shown: str, data: bytes, config: Config) -> tuple[Article | None, tuple[Diagnostic, ...]]:
    """Read one original article from bytes (for ``digest facts``), with its diagnostics."""
    from digest.load.frontmatter import FrontMatterError, decode, split  # (see _read)

    diagnostics: list[Diagnostic] = []
    try:
        doc = split(shown, decode(shown, data, publishing=False))
    except FrontMatterError as exc:
        return None, (exc.diagnostic,)
    stem = Path(shown).name.removesuffix(".md") if shown.endswith(".md") else "article"
    article = _article(doc, shown, stem, (), config, diagnostics)
    return article, tuple(diagnostics)
