"""The page-type catalogue: one URL path for every kind of page, in each language, found in a built site.

The reader-facing tests (accessibility, validity, reflow, screenshots) run once per page *type*,
not per template or today's markup, so they hold after a redesign. The paths are read off the
built site — the first article with and without a translation, the first country, month, section
and author folder — never written here as slugs; only the URL words are the languages' own
(``config.Language``). A type the site has no page for is missing from the catalogue, and
``tests/test_pagetypes.py`` fails on it.
"""

from __future__ import annotations

from pathlib import Path

from digest.config import DEFAULT_LANGUAGES, Language

LANGUAGES = {lang.code: lang for lang in DEFAULT_LANGUAGES}
LANGS = tuple(LANGUAGES)
DEFAULT = DEFAULT_LANGUAGES[0]
KINDS = ("front", "article", "article-untranslated", "countries", "country", "archive", "month",
         "section", "author", "search", "404")
# Every page type, named "<kind>-<lang>". An untranslated article is an original seen from another
# language, so it has no page in the default language; the 404 page is one bilingual file.
_ONE_LANGUAGE = {"article-untranslated": LANGS[1:], "404": LANGS[:1]}
PAGE_TYPES = tuple(f"{kind}-{lang}" for kind in KINDS for lang in _ONE_LANGUAGE.get(kind, LANGS))


def split(key: str) -> tuple[str, str]:
    """``article-untranslated-en`` → (``article-untranslated``, ``en``)."""
    kind, _, lang = key.rpartition("-")
    return kind, lang


def html_file(site: Path, path: str) -> Path:
    """The file a catalogued URL path is served from."""
    return site / path / "index.html" if path == "" or path.endswith("/") else site / path


def _first(site: Path, pattern: str) -> str | None:
    """The URL path of the first folder page (sorted) that matches ``pattern`` under the site."""
    found = sorted(site.glob(f"{pattern}/index.html"))
    return found[0].parent.relative_to(site).as_posix() + "/" if found else None


def _articles(site: Path) -> tuple[str | None, str | None]:
    """The first article of the default language with a translation, and the first without one."""
    content = site.parent / "content"
    translated = untranslated = None
    for page in sorted(site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/[0-9][0-9]/*/index.html")):
        path = page.parent.relative_to(site).as_posix() + "/"
        others = [lang for lang in DEFAULT_LANGUAGES[1:] if any(content.rglob(f"{page.parent.name}.{lang.code}.md"))]
        if others and translated is None:
            translated = path
        if not others and untranslated is None:
            untranslated = path
    return translated, untranslated


def _language_pages(site: Path, lang: Language, translated: str | None, untranslated: str | None) -> dict[str, str | None]:
    here = lang.prefix
    found: dict[str, str | None] = {
        "front": here,
        "article": translated and here + translated,
        "countries": here + lang.countries_dir + "/",
        "country": _first(site, f"{here}{lang.countries_dir}/*"),
        "archive": here + lang.archive_dir + "/",
        "month": _first(site, f"{here}{lang.archive_dir}/[0-9][0-9][0-9][0-9]/[0-9][0-9]"),
        "section": _first(site, f"{here}{lang.sections_dir}/*"),
        "author": _first(site, f"{here}{lang.authors_dir}/*"),
        "search": here + lang.search_dir + "/",
    }
    if lang != DEFAULT:
        found["article-untranslated"] = untranslated and here + untranslated
    else:
        found["404"] = "404.html"
    return found


def catalogue(site: Path) -> dict[str, str]:
    """Every page type the built ``site`` has a page for → that page's URL path (``""`` is the front page)."""
    translated, untranslated = _articles(site)
    found: dict[str, str] = {}
    for lang in DEFAULT_LANGUAGES:
        for kind, path in _language_pages(site, lang, translated, untranslated).items():
            if path is not None and html_file(site, path).is_file():
                found[f"{kind}-{lang.code}"] = path
    return found
