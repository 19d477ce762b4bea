"""A reader's way through the site on a phone, in both languages, and where the story starts.

The path: the edition's front page → its lead (first) story → the language switch → the same
story in the other language → back to that language's front page. Every step is a click, as a
reader makes it, and each lands on a page in the right language with a heading. Links are told
apart by their addresses (an article's ends ``/YYYY/MM/DD/<slug>/``), not by today's markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser import ARTICLE_LINKS, NEEDS_BROWSER, base_url, browser, pages, screen, site
from tests.pagetypes import LANGS, LANGUAGES, PAGE_TYPES, split

if TYPE_CHECKING:
    from collections.abc import Iterator

    from selenium.webdriver.chrome.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

__all__ = ["base_url", "browser", "pages", "site"]  # the fixtures this module uses
pytestmark = NEEDS_BROWSER
ARTICLES = [key for key in PAGE_TYPES if split(key)[0].startswith("article")]
# The story's text, found by what marks it as the story: the element that holds it (today
# .body; itemprop=articleBody is the schema.org name), else the paragraphs of the part Pagefind
# indexes as the page's body, outside its header, asides, figures and notes.
FIRST_PARAGRAPH = """const body = document.querySelector('.body, [itemprop="articleBody"]');
const first = (body && body.querySelector('p')) || [...document.querySelectorAll('[data-pagefind-body] p')]
  .find(p => !p.closest('header, aside, figure, nav, footer, [role=note]'));
return first ? first.getBoundingClientRect().top + window.scrollY : null;"""


@pytest.fixture(scope="module")
def phone(browser: WebDriver) -> Iterator[WebDriver]:
    """The browser as a 375 × 800 phone."""
    screen(browser, 375, 800)
    yield browser
    screen(browser, 0, 0)


def words(text: str) -> str:
    """Text as a reader compares it: case and spacing aside."""
    return " ".join(text.split()).casefold()


def arrive(driver: WebDriver, url: str, lang: str) -> str:
    """Check the page the last click led to: its address, its language, its heading; the heading's text."""
    assert driver.current_url == url, f"landed on {driver.current_url}, not {url}"
    assert driver.execute_script("return document.documentElement.lang") == lang, f"{url} is not in {lang}"
    heading = str(driver.execute_script("const h = document.querySelector('h1'); return h ? h.textContent.trim() : ''"))
    assert heading, f"{url} has no heading"
    return heading


def shown(driver: WebDriver, css: str, to: str | None = None) -> WebElement:
    """The first link matching ``css`` (and leading ``to`` that address, if given) that a reader can see."""
    from selenium.webdriver.common.by import By

    visible = [link for link in driver.find_elements(By.CSS_SELECTOR, css)
               if link.is_displayed() and to in (None, link.get_attribute("href"))]
    assert visible, f"{driver.current_url} shows no {css} link" + (f" to {to}" if to else "")
    return visible[0]


@pytest.mark.parametrize("lang", LANGS)
def test_a_reader_goes_from_the_edition_to_a_story_and_its_translation_and_back(phone: WebDriver, base_url: str,
                                                                                lang: str) -> None:
    """Front page → lead story → language switch → counterpart → that language's front page."""
    other = next(code for code in LANGS if code != lang)
    home, other_home = base_url + LANGUAGES[lang].prefix, base_url + LANGUAGES[other].prefix
    phone.get(home)
    arrive(phone, home, lang)
    stories: list[WebElement] = phone.execute_script(ARTICLE_LINKS)
    assert stories, f"the front page {home} links to no story"
    lead, teaser = stories[0].get_attribute("href") or "", words(stories[0].text)
    stories[0].click()
    headline = arrive(phone, lead, lang)
    assert words(headline) in teaser, f"the story's headline {headline!r} is not the teaser's {teaser!r}"
    assert phone.execute_script("return document.querySelector('meta[property=\"og:type\"]').content") == "article"
    counterpart = other_home + lead.removeprefix(home)
    shown(phone, f"a[hreflang={other}]").click()
    arrive(phone, counterpart, other)
    assert phone.execute_script("return document.querySelector('meta[property=\"og:type\"]').content") == "article"
    shown(phone, "a[href]", to=other_home).click()
    arrive(phone, other_home, other)
    assert phone.execute_script(ARTICLE_LINKS), f"{other_home} is not an edition: it links to no story"


@pytest.mark.parametrize("key", ARTICLES)
def test_the_story_starts_on_the_first_screen(phone: WebDriver, base_url: str, pages: dict[str, str], key: str) -> None:
    """On a 375 × 800 phone, the story's first paragraph begins within the first 900 px of the page:
    a reader sees the story, not only the boxes about it, before scrolling far."""
    phone.get(base_url + pages[key])
    top = phone.execute_script(FIRST_PARAGRAPH)
    assert top is not None, f"{key} /{pages[key]}: no paragraph of the story found"
    assert top <= 900, f"{key} /{pages[key]}: the story's first paragraph starts at {top:.0f}px, below 900px"



@pytest.mark.parametrize("key", PAGE_TYPES)
def test_a_page_asks_no_other_host_for_anything(phone: WebDriver, base_url: str, pages: dict[str, str], key: str) -> None:
    """Every resource a page loads (stylesheet, icon, photos, search's script, index and WebAssembly) comes
    from the site itself: no fonts, scripts or trackers from third parties."""
    phone.get(base_url + pages[key])
    loaded = phone.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert any(name.endswith("style.css") for name in loaded), loaded
    assert [name for name in loaded if not name.startswith(base_url)] == []


def test_the_stylesheet_is_small() -> None:
    """The theme's CSS stays under 30 KB: one request, nothing to trim for a phone on a slow network."""
    from tests.conftest import REPO

    css = sorted((REPO / "templates" / "static").glob("*.css"))
    assert css
    assert sum(path.stat().st_size for path in css) <= 30_000
