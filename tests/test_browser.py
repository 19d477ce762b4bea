"""The built site in a real browser: headless Chromium at phone and desktop widths.

Skipped when Debian's chromium and chromium-driver are not installed (``.ci/run``
installs them). Screenshots land in pytest's temporary folder for a human look.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import NEEDS_BROWSER, base_url, browser, sideways, site

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

__all__ = ["base_url", "browser", "site"]  # the fixtures this module uses
pytestmark = NEEDS_BROWSER


PAGES = ["", "en/", "negara/", "en/countries/", "negara/indonesia/"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_the_screen(browser: WebDriver, base_url: str, path: str, width: int, tmp_path: Path) -> None:
    """No page scrolls sideways, text is at least 16 px, and the stylesheet applied."""
    browser.set_window_size(width, 900)
    browser.get(base_url + path)
    overflow = sideways(browser)
    assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at {width}px"
    size = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16
    assert browser.execute_script("return getComputedStyle(document.querySelector('.wrap')).maxWidth") != "none"
    browser.save_screenshot(str(tmp_path / f"{path.replace('/', '_') or 'home'}-{width}.png"))


@pytest.mark.parametrize("width", [360, 1280])
def test_article_pages_in_both_languages(browser: WebDriver, base_url: str, width: int) -> None:
    """Article pages fit; the English fallback page marks its body Indonesian for the browser."""
    browser.set_window_size(width, 900)
    browser.get(base_url)
    first = browser.execute_script("return document.querySelector('.teaser h3 a').getAttribute('href')")
    for path in (first, "/en" + first):
        browser.get(base_url.rstrip("/") + path)
        assert sideways(browser) <= 0, f"{path} scrolls sideways at {width}px"
        assert browser.execute_script("return document.querySelector('h1').getBoundingClientRect().height") > 0
    body_lang = browser.execute_script("return document.querySelector('.body').closest('[lang]').lang")
    notice = browser.execute_script("return !!document.querySelector('.notice')")
    assert body_lang == ("id" if notice else "en")


def test_language_switch_navigates(browser: WebDriver, base_url: str) -> None:
    """Clicking the language link on the front page lands on the English front page."""
    from selenium.webdriver.common.by import By

    browser.get(base_url)
    browser.find_element(By.CSS_SELECTOR, "nav a[hreflang='en']").click()
    assert browser.current_url == base_url + "en/"
    assert browser.execute_script("return document.documentElement.lang") == "en"


def test_the_footer_sits_at_the_bottom_of_a_short_page(browser: WebDriver, base_url: str) -> None:
    """On a page shorter than the screen (an author's one story), the footer ends at the bottom edge."""
    browser.set_window_size(1280, 3000)
    browser.get(base_url + "penulis/siti-rahmawati/")
    bottom, height = browser.execute_script(
        "return [document.querySelector('footer').getBoundingClientRect().bottom, window.innerHeight]")
    assert abs(bottom - height) <= 1, f"the footer ends at {bottom}px of {height}px"


def test_print_leaves_out_navigation_and_keeps_the_story(browser: WebDriver, base_url: str) -> None:
    """Printed, an article has no menu, language switch or footer; the headline, the facts (open) and text remain."""
    browser.set_window_size(760, 900)  # a sheet of paper is about this wide: the narrow layout, facts collapsed
    browser.get(base_url + "2023/09/18/harga-beras-naik-jelang-akhir-tahun/")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script(
            "return Object.fromEntries(['.masthead nav', 'footer', 'h1', '.facts dl', '.body']"
            ".map(s => [s, document.querySelector(s).checkVisibility()]))")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == {".masthead nav": False, "footer": False, "h1": True, ".facts dl": True, ".body": True}


def test_the_site_has_an_icon(browser: WebDriver, base_url: str) -> None:
    """Every page names an SVG icon that loads (no console 404 for /favicon.ico)."""
    browser.get(base_url)
    href = browser.execute_script("return document.querySelector('link[rel=icon]').href")
    browser.get(href)
    assert "<svg" in browser.page_source
