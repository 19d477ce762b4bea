"""The reader's pages of the bundled site: the front page as an edition, the article page story first.

Expectations are computed from the site's own article pages (their facts boxes, their
times), never written out, so they hold for any content.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.sitecheck import Node, tree
from tests.test_site import site

__all__ = ["site"]  # the bundled site, built once for this module as for test_site


def _article(site: Path, href: str) -> Node:
    """The article page a root-relative link leads to."""
    return tree(site / href.strip("/") / "index.html")


def _listed(front: Node) -> list[Node]:
    """The front page's stories: its lead, then every teaser."""
    return front.all("article", "lead") + front.all("li", "teaser")


def _countries(page: Node) -> list[Node]:
    """The country links of an article page's facts box, in its order."""
    facts = page.all("details", "facts")
    return [a for box in facts for chips in box.all("ul", "chips") for a in chips.all("a")]


def _published(page: Node) -> datetime:
    """An article page's publication time, from its meta line."""
    return datetime.fromisoformat(page.one("p", "meta").one("time").attrs["datetime"])


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_front_page_is_an_edition(site: Path, prefix: str) -> None:
    """Masthead with the site title as the page heading; the edition's days, its story and country counts."""
    front = tree(site / prefix / "index.html")
    (title,) = [h.text() for h in front.all("h1")]
    assert title == front.one("title").text()
    listed = _listed(front)
    articles = [_article(site, node.one("h2" if node.tag == "article" else "h3").one("a").attrs["href"]) for node in listed]
    assert len(articles) >= 12
    days = sorted(_published(page).date().isoformat() for page in articles)
    span = front.one("p", "edition-line").one("span", "range")
    assert (span.attrs["data-start"], span.attrs["data-end"]) == (days[0], days[-1])
    countries = {a.attrs["href"] for page in articles for a in _countries(page)}
    line = front.one("p", "edition-line").text()
    counted = [int(n) for n in re.findall(r"\d+", line.split("·", 1)[1])]
    assert counted[:2] == [len(articles), len(countries)], line


def test_the_lead_is_the_newest_days_story(site: Path) -> None:
    """One lead story, from the newest day, shown before every teaser."""
    front = tree(site / "index.html")
    lead = front.one("article", "lead")
    newest = max(_published(_article(site, t.one("h3").one("a").attrs["href"])) for t in front.all("li", "teaser"))
    lead_time = _published(_article(site, lead.one("h2").one("a").attrs["href"]))
    assert lead_time.date() >= newest.date()


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_teasers_show_time_byline_and_three_countries_at_most(site: Path, prefix: str) -> None:
    """Each listed story: its time (as on its page), its byline, at most three country chips and "+N" for the rest,
    the most mentioned first and the home country last."""
    front = tree(site / prefix / "index.html")
    checked = 0
    for node in _listed(front):
        page = _article(site, node.one("h2" if node.tag == "article" else "h3").one("a").attrs["href"])
        every = [a.text() for a in _countries(page)]
        chips = [a.text() for a in node.all("a") if "/" in a.attrs["href"] and a.parent is not None and a.parent.tag == "li"]
        assert chips == every[:3], page.one("h1").text()
        more = node.all("li", "more")
        assert [int(re.sub(r"\D", "", m.text())) for m in more] == ([len(every) - 3] if len(every) > 3 else [])
        author = page.one("p", "meta").all("a")
        byline = node.one("p", "byline").text()
        assert not author or author[0].text() in byline
        times = node.one("p", "byline").all("time")
        if times:
            assert datetime.fromisoformat(times[0].attrs["datetime"]) == _published(page)
            assert times[0].text() in page.one("p", "meta").text()
            checked += 1
    assert checked >= 10


def _story(site: Path, lang: str, translated: bool) -> Node:
    """An article page in ``lang`` of a story with (or without) an English translation."""
    for original in sorted((REPO / "content").glob("*.md")):
        if original.name.count(".") != 1 or "draft: true" in original.read_text(encoding="utf-8"):
            continue
        if original.with_suffix(".en.md").is_file() == translated:
            (page,) = (site / ("en" if lang == "en" else "")).glob(f"[0-9]*/*/*/{original.stem}/index.html")
            return tree(page)
    raise AssertionError("no such story in the bundled content")


@pytest.mark.parametrize(("lang", "translated"), [("id", True), ("en", True), ("en", False)])
def test_the_article_page_puts_the_story_first(site: Path, lang: str, translated: bool) -> None:
    """Headline, standfirst, byline and time, then the lead paragraph; the facts only after it."""
    page = _story(site, lang, translated)
    story = page.one("article", "story")
    order = [n for n in story.all() if n.tag == "h1" or "standfirst" in n.attrs.get("class", "")
             or "meta" in n.attrs.get("class", "") or "facts" in n.attrs.get("class", "")
             or "lead-para" in n.attrs.get("class", "")]
    names = [n.tag if n.tag == "h1" else n.attrs["class"].split()[-1] for n in order]
    assert names[:2] == ["h1", "standfirst"]
    assert names.index("meta") < names.index("lead-para") < names.index("facts")


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_facts_box_names_who_is_quoted_and_lists_each_day_once(site: Path, prefix: str) -> None:
    """No quote repeated in any facts box: each speaker once, linked to the paragraph with the words; no day twice."""
    found = sorted((site / prefix).glob("[0-9]*/*/*/*/index.html"))
    boxes = [box for page in found for box in tree(page).all("details", "facts")]
    assert len(boxes) >= 12
    for facts in boxes:
        assert facts.all("blockquote") == []
        speakers = [a.text() for a in facts.all("a") if "#kutipan-" in a.attrs.get("href", "")]
        assert len(set(speakers)) == len(speakers), speakers
        days = [t.attrs.get("datetime") or t.attrs.get("data-start") for t in facts.all()
                if t.tag in ("time", "span") and ("datetime" in t.attrs or "data-start" in t.attrs)]
        assert len(days) == len(set(days)), days
    assert sum("#kutipan-" in a.attrs.get("href", "") for box in boxes for a in box.all("a")) >= 10


def test_each_speaker_is_named_once_with_the_first_quote_found() -> None:
    """Two quotes of one speaker give one name; its link is the first quote whose paragraph was found."""
    from digest.model import Body, Quote
    from digest.views import ArticleView, Quoted

    quotes = (Quote("a", "Budi"), Quote("b", None), Quote("c", "Budi"), Quote("d", "Sari"))
    body = Body("<p>x</p>", "id", (), (), (), quotes, "id", (), quote_anchors=(None, "kutipan-2", "kutipan-3", None),
                quote_page="2023/09/12/a/")
    assert ArticleView.quoted(body) == (Quoted("Budi", "2023/09/12/a/", "kutipan-3"),
                                        Quoted(None, "2023/09/12/a/", "kutipan-2"), Quoted("Sari", "2023/09/12/a/", None))


def test_quotes_are_found_in_the_text_they_were_taken_from() -> None:
    """A quote's paragraph gets an id (one per paragraph, however many quotes it holds); words not in the
    text (a translation's) give no id."""
    from digest.localize import marks
    from digest.model import Quote

    html = "<p>Pembuka.</p>\n<p>“Kami siap &amp; <em>bersatu</em>,” kata Budi. “Lagi,” ujarnya.</p>\n<p>Penutup.</p>"
    marked, anchors = marks.quotes(html, (Quote("Kami siap & bersatu", "Budi"), Quote("Lagi", "Budi"),
                                          Quote("We are ready", "Budi")))
    assert anchors == ("kutipan-1", "kutipan-1", None)
    assert marked.count('id="kutipan-1"') == 1
    assert '<p id="kutipan-1">“Kami' in marked


def test_the_dateline_is_marked(site: Path) -> None:
    """The body's opening "Seoul, Outlet —" is a dateline element at the start of the first paragraph."""
    page = _story(site, "id", True)
    first = page.one("div", "lead-para").one("p")
    assert isinstance(first.children[0], Node)
    assert first.children[0].attrs.get("class") == "dateline"
    assert first.children[0].text().endswith("—")


def test_a_story_dated_without_a_time_shows_no_time(site: Path) -> None:
    """Front matter "date: 2023-09-24" (no time of day): no "00.00 WIB" on its page or in the lists."""
    dated = [p for p in sorted((REPO / "content").glob("*.md"))
             if re.search(r"^date: \d{4}-\d\d-\d\d\s*$", p.read_text(encoding="utf-8"), re.M)]
    assert dated, "the bundled content has no article dated without a time"
    (page,) = site.glob(f"[0-9]*/*/*/{dated[0].stem}/index.html")
    assert "WIB" not in tree(page).one("p", "meta").text()
    front = tree(site / "index.html")
    (teaser,) = [t for t in _listed(front) if f"/{dated[0].stem}/" in t.all("a")[0].attrs["href"]]
    assert teaser.one("p", "byline").all("time") == []
