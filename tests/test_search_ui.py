"""The search page in a real browser: our form on Pagefind's JavaScript API, and what the index holds.

Headless Chromium on the bundled site, with the shared fixtures of ``tests/browser.py`` (its
site build and browser, re-exported below so pytest finds them here). What the index
should hold — an article's headline and body, an untranslated story's English facts,
no page chrome, no list page — is checked through the page a reader uses. Each test
first checks its premise on the built pages (a word is in a body and in no headline,
say), so a content edit that breaks the premise fails as that, not as a search bug.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import NEEDS_BROWSER, base_url, browser, site

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

pytestmark = NEEDS_BROWSER
__all__ = ["base_url", "browser", "site"]  # the shared fixtures: a site and a browser of this module's own

SEARCH = {"id": "cari/", "en": "en/search/"}


@dataclass(frozen=True)
class Article:
    """The text of one article page, by the part of the page it is in."""

    path: str  # relative to the site root, as "2023/09/18/slug/"
    lang: str
    headline: str
    body: str
    rest: str  # the article's header (time, byline, section) and its facts box
    fallback: bool  # an untranslated story's English page


@dataclass(frozen=True)
class Result:
    """One search result as the page shows it."""

    href: str
    title: str
    excerpt: str


@pytest.fixture(scope="module")
def searchable(base_url: str) -> str:
    """The site's address, when the build has a search index (Pagefind installed); else the test is skipped."""
    try:
        urllib.request.urlopen(base_url + "pagefind/shards.json").close()
    except urllib.error.HTTPError:
        pytest.skip("this build has no search index (Pagefind not installed)")
    return base_url


@pytest.fixture(scope="module")
def articles(browser: WebDriver, searchable: str) -> list[Article]:
    """Every article page in both languages, read in the browser (the sitemap names the Indonesian ones)."""
    with urllib.request.urlopen(searchable + "sitemap.xml") as response:
        sitemap = response.read().decode("utf-8")
    originals = sorted(set(re.findall(r"<loc>/(\d{4}/\d\d/\d\d/[^<]+)</loc>", sitemap)))  # root-relative: no host
    assert originals, "the sitemap lists no article"
    found = []
    for lang, prefix in (("id", ""), ("en", "en/")):
        for path in originals:
            browser.get(searchable + prefix + path)
            headline, body, rest, fallback = browser.execute_script(
                "const text = s => [...document.querySelectorAll(s)].map(e => e.textContent).join(' ');"
                "return [text('article h1'), text('article .body'), text('article header, article .facts'),"
                " !!document.querySelector('.notice')]")
            found.append(Article(prefix + path, lang, headline, body, rest, fallback))
    return found


def _words(text: str) -> set[str]:
    """The lower-case words of a text, as a premise compares them."""
    return {word.strip(".,;:!?“”\"'()").lower() for word in text.split()}


def _search(browser: WebDriver, base_url: str, lang: str, query: str) -> list[Result]:
    """Type ``query`` into the search page of ``lang`` and return the results once the count is announced."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base_url + SEARCH[lang])
    box = WebDriverWait(browser, 10).until(lambda d: d.find_element(By.CSS_SELECTOR, "form[role=search] input[name=q]"))
    box.send_keys(query)
    return _results(browser, query)


def _results(browser: WebDriver, query: str) -> list[Result]:
    """The results listed once the live region names ``query`` (it is written after the list)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 15).until(
        lambda d: query in d.execute_script("return document.querySelector('[role=status]')?.textContent || ''"))
    rows: list[list[str]] = browser.execute_script(
        "return [...document.querySelectorAll('#search-results li')].map(li =>"
        " [li.querySelector('a').href, li.querySelector('a').textContent, li.querySelector('p').textContent])")
    return [Result(*row) for row in rows]


def _in_language(results: list[Result], base_url: str, lang: str) -> bool:
    """Whether every result is a page of ``lang`` (English pages are under en/)."""
    return all(r.href.startswith(base_url + "en/") == (lang == "en") for r in results)


@pytest.mark.parametrize(("lang", "word", "path"), [
    ("id", "Cipinang", "2023/09/18/harga-beras-naik-jelang-akhir-tahun/"),
    ("en", "dollar", "en/2023/09/21/rupiah-melemah-usai-keputusan-the-fed/"),
])
def test_search_finds_an_article_by_a_word_of_its_body(browser: WebDriver, searchable: str, articles: list[Article],
                                                       lang: str, word: str, path: str) -> None:
    """A word of an article's text (in no headline) finds that article, and only pages of the search page's language."""
    story = next(a for a in articles if a.path == path)
    assert word.lower() in _words(story.body)
    assert not story.fallback
    assert not any(word.lower() in _words(a.headline) for a in articles), "the premise: the word is in no headline"
    results = _search(browser, searchable, lang, word)
    assert searchable + path in [r.href for r in results]
    assert _in_language(results, searchable, lang), "results from the other language's index"
    assert all(r.title and r.excerpt for r in results)


def test_english_search_finds_an_untranslated_story_by_a_country_in_its_facts(
        browser: WebDriver, searchable: str, articles: list[Article]) -> None:
    """"Egypt" is only in the English facts box of an Indonesian-only story ("Mesir" in its text): English search finds it."""
    path = "en/2023/10/04/festival-budaya-mahasiswa-indonesia-kairo/"
    story = next(a for a in articles if a.path == path)
    assert story.fallback
    assert "Egypt" in story.rest
    assert not any("egypt" in _words(a.headline + " " + a.body) for a in articles), "the premise: Egypt is only in facts"
    results = _search(browser, searchable, "en", "Egypt")
    assert [r.href for r in results] == [searchable + path]
    assert results[0].title == story.headline


@pytest.mark.parametrize("word", ["Tokoh", "Kartika"])  # the facts box's "People"; an author, named only in bylines
def test_the_article_header_and_facts_box_are_not_searched(browser: WebDriver, searchable: str, articles: list[Article],
                                                           word: str) -> None:
    """A word found only in articles' headers or facts boxes finds nothing: excerpts and matches come from the text."""
    indonesian = [a for a in articles if a.lang == "id"]
    assert any(word.lower() in _words(a.rest) for a in indonesian), "the premise: the word is in a header or facts box"
    assert not any(word.lower() in _words(a.headline + " " + a.body) for a in indonesian), "… and in no headline or text"
    assert _search(browser, searchable, "id", word) == []


@pytest.mark.parametrize("word", ["BMKG", "Arafah"])  # in front-page summaries, in no article's text
def test_list_pages_are_not_searched(browser: WebDriver, searchable: str, articles: list[Article], word: str) -> None:
    """A word that only the front page shows (a summary written for it) finds nothing: list pages are not in the index."""
    browser.get(searchable)
    assert word in browser.execute_script("return document.querySelector('main').textContent")
    assert not any(word.lower() in _words(a.headline + " " + a.body) for a in articles if a.lang == "id")
    assert _search(browser, searchable, "id", word) == []


@pytest.fixture(params=["light", "dark"])
def scheme(request: pytest.FixtureRequest, browser: WebDriver) -> Iterator[str]:
    """The browser told the reader prefers this colour scheme, for one test."""
    feature = {"name": "prefers-color-scheme", "value": request.param}
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [feature]})
    try:
        yield request.param
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


# An element's text colour and the colour behind it, as sRGB bytes: any CSS colour syntax is
# painted on a canvas and read back; backgrounds are composited up the ancestors to the page.
_COLOURS = """
const paint = c => { const x = document.createElement('canvas').getContext('2d');
  x.fillStyle = c; x.fillRect(0, 0, 1, 1); const d = x.getImageData(0, 0, 1, 1).data;
  return [d[0], d[1], d[2], d[3] / 255]; };
const over = (top, below) => below.map((v, i) => i < 3 ? top[i] * top[3] + v * (1 - top[3]) : 1);
const behind = e => { const layers = [];
  for (let n = e; n; n = n.parentElement) layers.push(paint(getComputedStyle(n).backgroundColor));
  return layers.reverse().reduce((below, top) => over(top, below), [255, 255, 255, 1]); };
return [...document.querySelectorAll(arguments[0])].map(e => { const s = getComputedStyle(e), bg = behind(e);
  return [over(paint(s.webkitTextFillColor || s.color), bg).slice(0, 3), bg.slice(0, 3)]; });
"""


def _contrast(pair: list[list[float]]) -> float:
    """WCAG 2's contrast ratio of two sRGB colours (0–255 each)."""
    def luminance(rgb: list[float]) -> float:
        linear = [c / 255 / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(pair[0]), luminance(pair[1])), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _contrasts(browser: WebDriver, selector: str) -> list[float]:
    """The contrast of the text of every element ``selector`` matches against what is behind it."""
    pairs: list[list[list[float]]] = browser.execute_script(_COLOURS, selector)
    assert pairs, f"nothing matches {selector}"
    return [_contrast(pair) for pair in pairs]


def test_the_typed_query_is_visible(browser: WebDriver, searchable: str, scheme: str) -> None:
    """What the reader types stands out from the box in both schemes (the Default UI's was 1.54:1 in dark)."""
    browser.get(searchable + SEARCH["id"])
    assert browser.execute_script(f"return matchMedia('(prefers-color-scheme: {scheme})').matches")
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "input[name=q]").send_keys("Korea")
    assert min(_contrasts(browser, "input[name=q]")) >= 4.5


def test_results_are_readable_in_both_schemes(browser: WebDriver, searchable: str, scheme: str) -> None:
    """WCAG AA (4.5:1) for result links, excerpts and the highlighted words, light and dark."""
    results = _search(browser, searchable, "id", "Korea")
    assert results
    for selector in ("#search-results h2 a", "#search-results p", "#search-results mark", "[role=status]"):
        worst = min(_contrasts(browser, selector))
        assert worst >= 4.5, f"{selector}: {worst:.2f}:1 in the {scheme} scheme"


def test_the_search_box_has_a_visible_label(browser: WebDriver, searchable: str) -> None:
    """A <label for> names the box (the Default UI had only a title), shown on the page; the form is a search landmark."""
    from selenium.webdriver.common.by import By

    browser.get(searchable + SEARCH["en"])
    box = browser.find_element(By.CSS_SELECTOR, "form[role=search] input[type=search][name=q]")
    label = browser.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']")
    assert label.text.strip()
    assert label.is_displayed()
    assert label.size["width"] > 1
    assert box.accessible_name == label.text.strip()  # the name a screen reader says comes from the label


def test_a_query_in_the_address_is_searched_on_load(browser: WebDriver, searchable: str) -> None:
    """/cari/?q=word shows that search: a link to a search can be shared."""
    browser.get(searchable + SEARCH["id"] + "?q=" + urllib.parse.quote("Cipinang"))
    results = _results(browser, "Cipinang")
    assert searchable + "2023/09/18/harga-beras-naik-jelang-akhir-tahun/" in [r.href for r in results]
    assert browser.execute_script("return document.querySelector('input[name=q]').value") == "Cipinang"


def test_the_back_button_returns_to_the_last_search(browser: WebDriver, searchable: str) -> None:
    """A new search is a new entry in the history, with its query in the address: Back shows the one before."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(searchable + SEARCH["id"] + "?q=Cipinang")
    _results(browser, "Cipinang")
    box = browser.find_element(By.CSS_SELECTOR, "input[name=q]")
    box.clear()
    box.send_keys("beras", Keys.ENTER)
    assert _results(browser, "beras")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(browser.current_url).query) == {"q": ["beras"]}
    browser.back()
    assert _results(browser, "Cipinang")
    assert browser.current_url.endswith("?q=Cipinang")
    assert browser.execute_script("return document.querySelector('input[name=q]').value") == "Cipinang"


def test_without_javascript_the_form_shows_and_says_why_it_cannot_search(browser: WebDriver, searchable: str) -> None:
    """With scripts off, the form is still there (it submits ?q=) and the noscript note says search needs JavaScript."""
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get(searchable + SEARCH["en"])
        assert browser.find_element(By.CSS_SELECTOR, "form[role=search] input[name=q]").is_displayed()
        assert "JavaScript" in browser.find_element(By.TAG_NAME, "main").text
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_more_results_load_on_demand_and_take_the_focus(browser: WebDriver, searchable: str) -> None:
    """Ten results at first; "More results" lists the next ones and moves the focus to the first of them."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    results = _search(browser, searchable, "id", "Indonesia")
    count = browser.execute_script("return document.querySelector('[role=status]').textContent")
    assert int(re.sub(r"\D", "", count)) > 10, f"the premise: more than ten stories say Indonesia ({count})"
    assert len(results) == 10
    more = browser.find_element(By.ID, "search-more")
    assert more.is_displayed()
    more.click()
    WebDriverWait(browser, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#search-results li")) > 10)
    assert browser.execute_script(
        "return document.activeElement.closest('li') === document.querySelectorAll('#search-results li')[10]")


def test_the_search_page_fits_320_px_at_200_percent_text(browser: WebDriver, searchable: str) -> None:
    """WCAG 1.4.10 with results shown: the box and button wrap, nothing scrolls sideways."""
    browser.set_window_size(320, 900)
    try:
        browser.get(searchable + SEARCH["id"] + "?q=Korea")
        browser.execute_script("document.documentElement.style.fontSize = '200%'")
        assert _results(browser, "Korea")
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the search page scrolls sideways by {overflow}px"
    finally:
        browser.set_window_size(1280, 900)


def test_an_incremental_rebuild_keeps_search_current(browser: WebDriver, tmp_path: Path) -> None:
    """A word edited out is no longer found and the new one is; a deleted article is found by no word; each after a
    rebuild that re-indexes only the edited article's shard (the site's other shards keep their files)."""
    from digest import search
    from digest.build.pipeline import build
    from digest.config import load_config
    from tests.browser import serving
    from tests.conftest import Project, article

    if search.executable() is None:
        pytest.skip("Pagefind is not installed")
    project = Project(tmp_path / "proj")
    words = {"a0": "kudanil", "a1": "harimau", "a2": "cendrawasih"}
    for i, (name, word) in enumerate(words.items()):  # three shards: early, mid and late September
        project.write(f"{name}.md", article(title=f"Berita {i}", date=f"2023-09-{5 + 10 * i:02d}T10:00:00+07:00",
                                            facts="false", body=f"Jakarta — Warga melihat {word} di taman kota."))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = true\n")
    config = load_config(project.root)
    build(config)
    with serving(project.site()) as url:
        assert [r.href for r in _search(browser, url, "id", "kudanil")] == [url + "2023/09/05/a0/"]
        a0 = project.root / "content" / "a0.md"
        a0.write_text(a0.read_text(encoding="utf-8").replace("kudanil", "zebrakuda"), encoding="utf-8")
        kept = project.site("pagefind/id-2023-09-2/pagefind-entry.json").stat().st_ino
        assert build(config).written.changed < 20  # an incremental rebuild, not a new site
        assert project.site("pagefind/id-2023-09-2/pagefind-entry.json").stat().st_ino == kept
        assert [r.href for r in _search(browser, url, "id", "zebrakuda")] == [url + "2023/09/05/a0/"]
        assert _search(browser, url, "id", "kudanil") == []
        assert [r.href for r in _search(browser, url, "id", "harimau")] == [url + "2023/09/15/a1/"]
        (project.root / "content" / "a1.md").unlink()
        build(config)
        assert _search(browser, url, "id", "harimau") == []
        assert [r.href for r in _search(browser, url, "id", "cendrawasih")] == [url + "2023/09/25/a2/"]


def test_an_edit_in_a_full_shard_is_searched_in_the_recent_shard(browser: WebDriver, tmp_path: Path) -> None:
    """An edit to one article of a shard of ten indexes only the language's recent shard (the shard keeps its
    files): the new word finds the article once, the removed word nothing, a word of every article each article
    once with the right count; a deleted article is found by no word, and the count drops with it."""
    from digest import search
    from digest.build.pipeline import build
    from digest.config import load_config
    from tests.browser import serving
    from tests.conftest import Project, article

    if search.executable() is None:
        pytest.skip("Pagefind is not installed")
    project = Project(tmp_path / "proj")
    words = ["kudanil", "harimau", "cendrawasih", "komodo", "orangutan", "rusa", "gajah", "badak", "penyu", "elang"]
    for i, word in enumerate(words):  # one shard: the last third of September
        project.write(f"a{i}.md", article(title=f"Berita {i}", date=f"2023-09-{21 + i}T10:00:00+07:00",
                                          facts="false", body=f"Jakarta — Warga melihat {word} di taman kota."))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = true\n")
    config = load_config(project.root)
    build(config)
    kept = project.site("pagefind/id-2023-09-3/pagefind-entry.json").stat().st_ino
    a0 = project.root / "content" / "a0.md"
    a0.write_text(a0.read_text(encoding="utf-8").replace("kudanil", "zebrakuda"), encoding="utf-8")
    build(config)
    manifest = json.loads(project.site("pagefind/shards.json").read_bytes())
    assert manifest["id"] == ["id-2023-09-3", "id-recent"]
    assert len(manifest["drop"]["id"]) == 1
    assert project.site("pagefind/id-2023-09-3/pagefind-entry.json").stat().st_ino == kept
    with serving(project.site()) as url:
        assert [r.href for r in _search(browser, url, "id", "zebrakuda")] == [url + "2023/09/21/a0/"]
        assert _search(browser, url, "id", "kudanil") == []
        everyone = _search(browser, url, "id", "taman")
        assert sorted(r.href for r in everyone) == sorted(url + f"2023/09/{21 + i}/a{i}/" for i in range(10))
        assert "10" in browser.execute_script("return document.querySelector('[role=status]').textContent")
        (project.root / "content" / "a1.md").unlink()
        build(config)
        assert project.site("pagefind/id-2023-09-3/pagefind-entry.json").stat().st_ino == kept
        assert _search(browser, url, "id", "harimau") == []
        assert len(_search(browser, url, "id", "taman")) == 9
        assert "9" in browser.execute_script("return document.querySelector('[role=status]').textContent")
        assert [r.href for r in _search(browser, url, "id", "zebrakuda")] == [url + "2023/09/21/a0/"]
