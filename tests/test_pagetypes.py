"""The page-type catalogue (tests/pagetypes.py) finds a real page of every type in the bundled site.

Every reader-facing test is parametrized by this catalogue, so an empty or wrong one would
make them test nothing: here each entry must exist, be distinct, and be the kind of page it
claims to be, told by what a crawler reads (``<html lang>``, canonical and hreflang links).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser import pages, site
from tests.pagetypes import DEFAULT, LANGUAGES, PAGE_TYPES, html_file, split
from tests.sitecheck import parse

__all__ = ["pages", "site"]  # the fixtures this module uses


def test_the_catalogue_has_every_page_type(pages: dict[str, str]) -> None:
    """Each page type in each language is found, at a path of its own."""
    assert sorted(pages) == sorted(PAGE_TYPES), f"missing: {sorted(set(PAGE_TYPES) - set(pages))}"
    assert len(set(pages.values())) == len(pages), "two page types share a path"


@pytest.mark.parametrize("key", PAGE_TYPES)
def test_each_catalogued_page_exists_in_its_language(site: Path, pages: dict[str, str], key: str) -> None:
    """The catalogued path is a built HTML file whose <html lang> is the page type's language."""
    kind, lang = split(key)
    file = html_file(site, pages[key])
    assert file.is_file(), f"{key}: /{pages[key]} is not in the built site"
    assert parse(file).lang == lang, f"{key}: /{pages[key]} is not a page in {lang}"


def test_the_untranslated_article_points_at_its_original(site: Path, pages: dict[str, str]) -> None:
    """The untranslated article is the Indonesian original's page in another language: canonical to the original."""
    untranslated = [key for key in PAGE_TYPES if split(key)[0] == "article-untranslated"]
    assert untranslated
    for key in untranslated:
        original = "/" + DEFAULT.prefix + pages[key].removeprefix(LANGUAGES[split(key)[1]].prefix)
        canonical = parse(html_file(site, pages[key])).canonical or ""
        assert urlsplit(canonical).path == original, f"{key}: canonical {canonical}, not {original}"


def test_the_translated_article_has_real_alternates(site: Path, pages: dict[str, str]) -> None:
    """The translated article's pages name each other as hreflang alternates (only real translations do)."""
    page = parse(html_file(site, pages[f"article-{DEFAULT.code}"]))
    other = [lang for lang in page.hreflang if lang not in (DEFAULT.code, "x-default")]
    assert other, f"/{pages[f'article-{DEFAULT.code}']} names no translation"
    assert all(urlsplit(page.hreflang[lang]).path == "/" + pages[f"article-{lang}"] for lang in other), page.hreflang
