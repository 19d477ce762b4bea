"""The localize stage: Babel dates, CLDR names, fallbacks — language as a parameter."""

from __future__ import annotations

import locale as process_locale
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import cast

import pytest

from digest.config import load_config
from digest.localize import BodyRenderer, lead_sentence, localize
from digest.model import Article, DateFact, Facts, Quote, RangeFact, Story, Variant

WIB = timezone(timedelta(hours=7))


def _article(translated: bool) -> Article:
    original = Variant("id", "content/a.md", "Judul", None, "Jakarta, KabarBerita.id — Kalimat pertama. Kalimat kedua.", 5)
    english = Variant("en", "content/a.en.md", "Title", "English summary.", "The *English* body.", 4)
    return Article("a", datetime(2023, 9, 20, 23, 30, tzinfo=UTC), original, (english,) if translated else ())


FACTS = Facts(
    countries=("KP", "CN"),
    people=("Kim Jong Un",),
    dates=(DateFact("Selasa (12/9)", date(2023, 9, 12)), DateFact("Senin (12/9)", None)),
    ranges=(RangeFact("Selasa (12/9)-Minggu (17/9)", date(2023, 9, 12), date(2023, 9, 17)),),
    quotes=(Quote("Saya meyakini hubungan kita", "Kim Jong Un"),),
)


@pytest.fixture
def config(tmp_path: Path):  # type: ignore[no-untyped-def]
    return load_config(tmp_path)


def test_dates_and_countries_in_each_language(config) -> None:  # type: ignore[no-untyped-def]
    """The same facts read "Korea Utara"/"North Korea" and a Babel full date per language."""
    told = localize(_article(True), FACTS, config, BodyRenderer(False))
    (id_story, en_story), (id_body, en_body) = told.stories, told.bodies
    # 23:30 UTC on the 20th is the 21st in Jakarta: the page date is the local date.
    assert id_story.date_display == "Kamis, 21 September 2023"
    assert en_story.date_display == "Thursday, September 21, 2023"
    assert [c.name for c in id_story.countries] == ["Korea Utara", "Tiongkok"]
    assert [c.name for c in en_story.countries] == ["North Korea", "China"]  # in the order of the facts
    assert id_story.countries[0].url == "negara/korea-utara/"
    assert en_story.countries[0].url == "en/countries/north-korea/"
    assert id_body.dates[0].display == "Selasa, 12 September 2023"
    assert en_body.dates[0].display == "Tuesday, September 12, 2023"
    assert en_body.dates[1].display is None
    assert en_body.dates[1].iso is None
    assert en_body.ranges[0].iso == "2023-09-12/2023-09-17"


def test_translated_article_has_reciprocal_translations(config) -> None:  # type: ignore[no-untyped-def]
    """Both stories list both real translations, and the English one uses its own text."""
    told = localize(_article(True), FACTS, config, BodyRenderer(False))
    (id_story, en_story), en_body = told.stories, told.bodies[1]
    assert [a.url for a in id_story.translations] == ["2023/09/21/a/", "en/2023/09/21/a/"]
    assert id_story.translations == en_story.translations
    assert en_story.title == "Title"
    assert not en_story.fallback
    assert "<em>English</em>" in en_body.html
    assert en_story.summary == "English summary."
    assert en_story.canonical == en_story.url


def test_untranslated_article_falls_back_without_claiming_a_translation(config) -> None:  # type: ignore[no-untyped-def]
    """English page: the Indonesian text, flagged, canonical to the original, no hreflang."""
    id_story, en_story = localize(_article(False), FACTS, config, BodyRenderer(False)).stories
    assert en_story.fallback
    assert en_story.title_lang == "id"
    assert en_story.title == "Judul"
    assert en_story.translations == ()
    assert id_story.translations == ()
    assert en_story.canonical == id_story.url
    assert id_story.summary == "Kalimat pertama."
    assert en_story.summary == "Indonesian-language report on North Korea and China, quoting Kim Jong Un."


def test_process_locale_is_never_touched(config) -> None:  # type: ignore[no-untyped-def]
    """Localizing both languages leaves the process locale as it was."""
    before = process_locale.setlocale(process_locale.LC_ALL)
    localize(_article(True), FACTS, config, BodyRenderer(False))
    assert process_locale.setlocale(process_locale.LC_ALL) == before


@pytest.mark.parametrize(
    ("body", "lead"),
    [
        ("Jakarta, KabarBerita.id — Presiden tiba. Lalu pulang.", "Presiden tiba."),
        ("JAKARTA (Pos Kota) – Seorang pemuda luka. Dua.", "Seorang pemuda luka."),
        ("Tokyo, CNN Indonesia -- Yen melemah pada Senin (4/9). Dua.", "Yen melemah pada Senin (4/9)."),
        ("## Subjudul\n\nKalimat **tebal** dan [tautan](https://x.org). Dua.", "Kalimat tebal dan tautan."),
        ("Harga naik 2,5 persen. Dua.", "Harga naik 2,5 persen."),
        ("Isi <script>alert(2)</script> [a](javascript:x) <img src=x onerror=y> sah. Dua.", "Isi a sah."),
        ("Kode `snake_case` &amp; 3 > 2 kata *A*_B_. Dua.", "Kode snake_case & 3 > 2 kata AB."),
    ],
)
def test_lead_sentence_drops_dateline_and_markup(body: str, lead: str) -> None:
    """The default summary is the first sentence a reader sees: no dateline, Markdown or raw HTML."""
    assert lead_sentence(BodyRenderer(False)(body)) == lead


def test_raw_html_is_sanitized() -> None:
    """Scripts, event handlers and javascript: links never reach the page; iframes only when allowed."""
    render = BodyRenderer(allow_embeds=False)
    html = render('Teks <script>alert(1)</script> <a href="javascript:alert(1)" onclick="x()">a</a> <iframe src="https://x.org"></iframe>')
    assert "<script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "<iframe" in BodyRenderer(allow_embeds=True)('<iframe src="https://x.org"></iframe>')


def test_markdown_links_cannot_run_script() -> None:
    """A Markdown link or image with a javascript: or data: URL loses its URL."""
    html = BodyRenderer(allow_embeds=False)("[klik](javascript:alert(1)) ![x](data:text/html,<script>alert(1)</script>) [ok](https://x.org)")
    assert "javascript:" not in html
    assert "data:text/html" not in html
    assert "<script" not in html
    assert 'href="https://x.org"' in html
    assert 'rel="noopener noreferrer"' in html


def _normalized(html: str) -> list[tuple[str, str]]:
    """HTML as a list of (tag or text) events, whitespace collapsed: what a reader sees."""
    from html.parser import HTMLParser

    events: list[tuple[str, str]] = []

    class Walk(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            events.append(("<", tag + "".join(f" {k}={v}" for k, v in sorted(attrs))))

        def handle_endtag(self, tag: str) -> None:
            events.append((">", tag))

        def handle_data(self, data: str) -> None:
            if data.strip():
                events.append(("t", " ".join(data.split())))

    Walk(convert_charrefs=True).feed(html)
    return events


def test_both_markdown_engines_agree_on_the_bundled_content() -> None:
    """CommonMark (cmark-gfm) and Python-Markdown render every bundled article alike."""
    from digest.load.frontmatter import decode, split
    from tests.conftest import REPO

    fast, reference = BodyRenderer(False, "commonmark"), BodyRenderer(False, "python-markdown")
    files = sorted((REPO / "content").rglob("*.md"))
    assert len(files) >= 12
    for path in files:
        body = split(path.name, decode(path.name, path.read_bytes())).body
        assert _normalized(fast(body)) == _normalized(reference(body)), path.name


def test_python_markdown_is_imported_only_for_its_engine() -> None:
    """The default engine needs no Python-Markdown (importing it cost every rebuild 20 ms)."""
    show = ("import sys; from digest.localize import BodyRenderer; BodyRenderer(False, sys.argv[1])('*a*'); "
            "print('markdown' in sys.modules)")
    imported = [subprocess.run([sys.executable, "-c", show, engine], capture_output=True, text=True, check=True).stdout.strip()
                for engine in ("commonmark", "python-markdown")]
    assert imported == ["False", "True"]


def _rss_kib() -> int:
    """This process's resident set size in KiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS line")


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="needs Linux /proc")
def test_commonmark_gives_the_package_html_and_frees_it() -> None:
    import cmarkgfm

    from digest.localize import commonmark

    text = "## Judul\n\n" + "Kalimat *penting* dengan [tautan](https://example.org/) dan `kode`.\n\n" * 300
    options = commonmark.Options.CMARK_OPT_UNSAFE
    assert commonmark.to_html(text, options) == cmarkgfm.markdown_to_html(text, options=options)
    html_kib = len(commonmark.to_html(text, options)) // 1024
    commonmark.to_html(text, options)  # warm the allocator
    before = _rss_kib()
    for _ in range(2000):
        commonmark.to_html(text, options)
    grown = _rss_kib() - before
    # Leaking each result would grow the process by 2,000 × html_kib (about 50 MiB).
    assert grown < 2000 * html_kib // 10, (grown, html_kib)


def test_stories_unpickled_apart_share_their_repeated_values(config) -> None:  # type: ignore[no-untyped-def]
    """Two cache entries' stories come back equal to what was stored, sharing countries, words and URLs."""
    from digest.build.store import Sharing, dumps

    render, sharing = BodyRenderer(False), Sharing()
    first, second = (cast(tuple[Story, ...], sharing.loads(dumps(localize(_article(translated), FACTS, config, render).stories)))
                     for translated in (True, False))
    assert first == localize(_article(True), FACTS, config, render).stories
    assert first[0].countries[0] is second[0].countries[0]  # one CountryRef per country and language
    assert first[1].lang is second[1].lang
    assert first[1].date_display is second[1].date_display
    assert second[1].fallback
    assert second[1].canonical is second[0].url


def test_countries_keep_the_facts_order_with_the_home_country_last(tmp_path: Path) -> None:
    """Chips follow the facts (the most mentioned first), but the site's own country comes last:
    ``home_country`` (Indonesia by default) names which."""
    facts = Facts(countries=("ID", "JP", "KR"))
    default = localize(_article(False), facts, load_config(tmp_path / "a"), BodyRenderer(False)).stories
    assert [[c.code for c in story.countries] for story in default] == [["JP", "KR", "ID"]] * 2
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "pyproject.toml").write_text('[tool.digest]\nhome_country = "JP"\n')
    japanese = localize(_article(False), facts, load_config(tmp_path / "b"), BodyRenderer(False)).stories[0]
    assert [c.code for c in japanese.countries] == ["ID", "KR", "JP"]


def _headline_only() -> Article:
    """An article whose English translation has a title and a summary, and no body."""
    original = Variant("id", "content/a.md", "Judul", None, "Jakarta, KabarBerita.id — Kalimat pertama. Kalimat kedua.", 5)
    english = Variant("en", "content/a.en.md", "Title", "English standfirst.", "", 4)
    return Article("a", datetime(2023, 9, 20, 3, tzinfo=UTC), original, (english,))


def test_a_headline_only_translation_puts_its_words_over_the_original_text(config) -> None:  # type: ignore[no-untyped-def]
    """The English page shows the English headline and standfirst over the Indonesian body (marked as such);
    it is a real English page: canonical to itself, in hreflang both ways."""
    told = localize(_headline_only(), FACTS, config, BodyRenderer(False))
    (id_story, en_story), (id_body, en_body) = told.stories, told.bodies
    assert (en_story.title, en_story.title_lang, en_story.summary, en_story.summary_lang) == \
        ("Title", "en", "English standfirst.", "en")
    assert en_story.partial
    assert not en_story.fallback
    assert not en_story.summary_auto
    assert (en_body.lang, en_body.html) == ("id", id_body.html)
    assert "Kalimat kedua" in en_body.html
    assert en_story.canonical == en_story.url
    assert [a.url for a in en_story.translations] == [id_story.url, en_story.url]
    assert id_story.translations == en_story.translations
    assert (id_story.partial, id_body.lang, id_story.summary) == (False, "id", "Kalimat pertama.")


def test_an_untranslated_story_gets_an_automatic_english_summary(config) -> None:  # type: ignore[no-untyped-def]
    """An English reader of an untranslated story reads what its facts say, in English, labelled automatic;
    the title stays Indonesian, and the Indonesian story keeps its own summary."""
    facts = Facts(countries=("KP", "RU"), people=("Kim Jong Un", "Vladimir Putin"),
                  quotes=(Quote("Kami akan terus bekerja sama", "Kim Jong Un"), Quote("Tanpa nama sama sekali", None)),
                  sources=("Reuters", "KCNA"))
    article = replace(_article(False), category="internasional")
    id_story, en_story = localize(article, facts, config, BodyRenderer(False)).stories
    assert en_story.summary == "Indonesian-language world report on North Korea and Russia, quoting Kim Jong Un; " \
                               "sources: Reuters, KCNA."
    assert (en_story.summary_lang, en_story.summary_auto, en_story.title_lang) == ("en", True, "id")
    assert (id_story.summary, id_story.summary_lang, id_story.summary_auto) == ("Kalimat pertama.", "id", False)
    translated = localize(_article(True), facts, config, BodyRenderer(False)).stories[1]
    assert (translated.summary, translated.summary_auto) == ("English summary.", False)
