"""The plan stage: URLs, pagination, day groups, country pages, collisions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from digest.config import load_config
from digest.localize import BodyRenderer, localize
from digest.model import Article, CountryRef, Facts, Story, Variant
from digest.plan import plan
from digest.views import ArticleView, CountryIndexView, ListView, Page

WIB = timezone(timedelta(hours=7))


def _stories(tmp_path: Path, specs: Sequence[tuple[str, int, tuple[str, ...]]], page_size: int = 20):  # type: ignore[no-untyped-def]
    (tmp_path / "pyproject.toml").write_text(f"[tool.digest]\npage_size = {page_size}\n")
    config = load_config(tmp_path)
    render = BodyRenderer(False)
    out: list[tuple[Story, ...]] = []
    for slug, day, countries in specs:
        variant = Variant("id", f"content/{slug}.md", slug.title(), None, "Isi.", 5)
        article = Article(slug, datetime(2023, 9, day, 9, tzinfo=WIB), variant)
        out.append(localize(article, Facts(countries=countries), config, render).stories)
    return out, config


def _list(page: Page) -> ListView:
    """The view of a list page."""
    assert isinstance(page.view, ListView), page.url
    return page.view


def test_every_page_of_both_languages(tmp_path: Path) -> None:
    """Articles, front pages, country index and country pages exist in id and en."""
    stories, config = _stories(tmp_path, [("a", 20, ("KP",)), ("b", 21, ("KP", "CN"))])
    urls = {page.url for page in plan(stories, config).pages}
    assert {"", "en/", "negara/", "en/countries/", "2023/09/20/a/", "en/2023/09/21/b/"} <= urls
    assert {"negara/korea-utara/", "negara/tiongkok/", "en/countries/north-korea/", "en/countries/china/"} <= urls


def test_country_page_lists_exactly_its_articles(tmp_path: Path) -> None:
    """China's page lists only the article that mentions China; counts agree."""
    stories, config = _stories(tmp_path, [("a", 20, ("KP",)), ("b", 21, ("KP", "CN")), ("c", 22, ())])
    pages = {page.url: page for page in plan(stories, config).pages}
    china = pages["negara/tiongkok/"].view
    assert isinstance(china, ListView)
    assert [t.url for d in china.days for t in d.teasers] == ["2023/09/21/b/"]
    index = pages["en/countries/"].view
    assert isinstance(index, CountryIndexView)
    assert [(e.country.name, e.count) for e in index.entries] == [("China", 1), ("North Korea", 2)]


def test_front_page_newest_first_grouped_by_day_and_paginated(tmp_path: Path) -> None:
    """Five articles, two per page: three pages, newest first, day headings localized."""
    specs = [(f"s{i}", 18 + i // 2, ()) for i in range(5)]
    stories, config = _stories(tmp_path, specs, page_size=2)
    pages = {page.url: page for page in plan(stories, config).pages}
    first, second, third, english = (_list(pages[url]) for url in ("", "page/2/", "page/3/", "en/"))
    assert [t.url for d in first.days for t in d.teasers] == ["2023/09/20/s4/", "2023/09/19/s3/"]
    assert first.days[0].heading == "Rabu, 20 September 2023"
    assert english.days[0].heading == "Wednesday, September 20, 2023"
    assert (first.pager.prev, first.pager.next) == (None, "page/2/")
    assert (second.pager.prev, second.pager.next) == ("", "page/3/")
    assert third.pager.next is None
    assert len(third.days[0].teasers) == 1
    assert [alt.url for alt in pages["page/2/"].switch] == ["en/page/2/"]


def test_untranslated_article_page_has_no_hreflang(tmp_path: Path) -> None:
    """Article pages carry hreflang only for real translations; list pages for both languages."""
    stories, config = _stories(tmp_path, [("a", 20, ())])
    pages = {page.url: page for page in plan(stories, config).pages}
    assert pages["en/2023/09/20/a/"].translations == ()
    assert isinstance(pages["en/2023/09/20/a/"].view, ArticleView)
    assert [alt.url for alt in pages["en/2023/09/20/a/"].switch] == ["2023/09/20/a/"]
    assert [alt.lang for alt in pages["en/"].translations] == ["id", "en"]


def test_two_articles_with_one_url_collide(tmp_path: Path) -> None:
    """Same slug on the same day: an error naming both files."""
    stories, config = _stories(tmp_path, [("a", 20, ()), ("a", 20, ())])
    messages = [str(d) for d in plan(stories, config).diagnostics]
    assert messages
    assert messages[0].startswith("content/a.md:1: error: writes the same page /2023/09/20/a/, as content/a.md does")


def test_a_teaser_is_rendered_once_per_view_and_again_when_it_changes(tmp_path: Path) -> None:
    """The list renderer's teaser memo: same view → same HTML without rendering; a new title for the same URL shows."""
    from digest.render import Renderer
    from digest.views import Teaser

    (tmp_path / "content").mkdir()
    renderer = Renderer(load_config(tmp_path))
    teaser: Any = renderer._envs["id"].globals["teaser"]
    korea = CountryRef("KP", "Korea Utara", "🇰🇵", "negara/korea-utara/")
    first = Teaser("Judul <lama>", "id", "2023/09/20/a/", "Ringkasan.", "id", "2023-09-20T10:00:00+07:00", (korea,), False,
                   chips=(korea,))
    rendered: list[str] = []
    load = teaser._env.get_template

    def counted(name: str, *rest: Any) -> Any:
        rendered.append(name)
        return load(name, *rest)

    teaser._env.get_template = counted
    html = teaser(first)
    assert "Judul &lt;lama&gt;" in html
    assert 'href="/negara/korea-utara/"' in html
    assert 'lang="' not in html
    assert teaser(first) == html
    assert rendered.count("_teaser.html") == 1
    on_korea = replace(first, chips=())  # on Korea's own page: no chip for Korea
    assert 'href="/negara/korea-utara/"' not in teaser(on_korea)
    assert teaser(first) == html  # both kept: a story on the front page and on a country page renders twice, not each time
    assert rendered.count("_teaser.html") == 2
    renamed = teaser(replace(first, title="Judul baru"))
    assert "Judul baru" in renamed
    assert "lama" not in renamed
    assert rendered.count("_teaser.html") == 3


def test_a_teaser_shows_three_chips_and_counts_the_rest(tmp_path: Path) -> None:
    """At most three chips, in the story's order, and how many were left out; a country page leaves its own
    country out of each teaser's chips; the article's own page keeps every country."""
    stories, config = _stories(tmp_path, [("a", 20, ("KP", "CN", "RU", "JP", "KR")), ("b", 21, ("CN",))])
    pages = {page.url: page for page in plan(stories, config).pages}
    front = {t.url: t for d in _list(pages["en/"]).days for t in d.teasers}
    assert [c.code for c in front["en/2023/09/20/a/"].chips] == ["KP", "CN", "RU"]
    assert front["en/2023/09/20/a/"].more == 2
    assert [c.code for c in front["en/2023/09/21/b/"].chips] == ["CN"]
    assert front["en/2023/09/21/b/"].more == 0
    china = {t.url: t for d in _list(pages["en/countries/china/"]).days for t in d.teasers}
    assert [c.code for c in china["en/2023/09/20/a/"].chips] == ["KP", "RU", "JP"]
    assert china["en/2023/09/20/a/"].more == 1
    assert china["en/2023/09/21/b/"].chips == ()
    assert len(china["en/2023/09/21/b/"].countries) == 1  # feeds name every country
    article = pages["en/2023/09/20/a/"].view
    assert isinstance(article, ArticleView)
    assert [c.code for c in article.story.countries] == ["KP", "CN", "RU", "JP", "KR"]
