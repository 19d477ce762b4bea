"""digest/search.py: Pagefind over a written folder, with the same bytes for the same site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest import search

PAGE = ('<!doctype html><html lang="{lang}"><head><title>{word}</title></head>'
        '<body><h1 data-pagefind-body>{word}</h1></body></html>')


def test_the_index_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    """Pagefind orders the languages of its entry file at random; digest writes them in order of their code."""
    binary = search.executable()
    if binary is None:
        pytest.skip("Pagefind is not installed")
    entries = []
    for run in range(6):  # unordered, six runs would agree by chance once in 32
        site = tmp_path / f"site{run}"
        for lang, word in (("id", "berita"), ("en", "news")):
            (site / lang).mkdir(parents=True)
            (site / lang / "index.html").write_text(PAGE.format(lang=lang, word=word), encoding="utf-8")
        assert search.index(site, binary) == ()
        entries.append((site / "pagefind" / "pagefind-entry.json").read_bytes())
    assert len(set(entries)) == 1
    assert list(json.loads(entries[0])["languages"]) == ["en", "id"]
