"""The built site in a real browser: headless Chromium at phone and desktop widths.

Skipped when Debian's chromium and chromium-driver are not installed (``.ci/run``
installs them). Screenshots land in pytest's temporary folder for a human look.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from digest.build.pipeline import build
from digest.config import load_config
from tests.conftest import REPO, SHARED

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium and chromium-driver are not installed"),
]
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The bundled site (with the seed article when present), served on localhost."""
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(REPO / "content", root / "content")
    seed = SHARED / "seed" / "kim-surati-xi.md"
    if seed.is_file():
        shutil.copy(seed, root / "content")
    build(load_config(root))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root / "site"))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """A headless Chromium driven through chromedriver."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


PAGES = ["", "en/", "negara/", "en/countries/", "negara/indonesia/"]


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_the_screen(browser, base_url: str, path: str, width: int, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """No page scrolls sideways, text is at least 16 px, and the stylesheet applied."""
    browser.set_window_size(width, 900)
    browser.get(base_url + path)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at {width}px"
    size = browser.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 16
    assert browser.execute_script("return getComputedStyle(document.querySelector('.wrap')).maxWidth") != "none"
    browser.save_screenshot(str(tmp_path / f"{path.replace('/', '_') or 'home'}-{width}.png"))


@pytest.mark.parametrize("width", [360, 1280])
def test_article_pages_in_both_languages(browser, base_url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    """Article pages fit; the English fallback page marks its body Indonesian for the browser."""
    browser.set_window_size(width, 900)
    browser.get(base_url)
    first = browser.execute_script("return document.querySelector('.teaser h3 a').getAttribute('href')")
    for path in (first, "/en" + first):
        browser.get(base_url.rstrip("/") + path)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
        assert browser.execute_script("return document.querySelector('h1').getBoundingClientRect().height") > 0
    body_lang = browser.execute_script("return document.querySelector('.body').closest('[lang]').lang")
    notice = browser.execute_script("return !!document.querySelector('.notice')")
    assert body_lang == ("id" if notice else "en")


def test_language_switch_navigates(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Clicking the language link on the front page lands on the English front page."""
    from selenium.webdriver.common.by import By

    browser.get(base_url)
    browser.find_element(By.CSS_SELECTOR, "nav a[hreflang='en']").click()
    assert browser.current_url == base_url + "en/"
    assert browser.execute_script("return document.documentElement.lang") == "en"


WIDE_TEXT_PAGES = [*PAGES, "2023/09/18/harga-beras-naik-jelang-akhir-tahun/", "en/archive/", "rubrik/ekonomi/", "404.html"]


@pytest.mark.parametrize("path", WIDE_TEXT_PAGES)
def test_pages_fit_320_px_at_200_percent_text(browser, base_url: str, path: str) -> None:  # type: ignore[no-untyped-def]
    """WCAG 1.4.4/1.4.10: at 320 px with text at 200 %, the menu wraps and nothing scrolls sideways."""
    browser.set_window_size(320, 900)
    browser.get(base_url + path)
    browser.execute_script("document.documentElement.style.fontSize = '200%'")
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at 320px with 200% text"


def test_the_footer_sits_at_the_bottom_of_a_short_page(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """On a page shorter than the screen (an author's one story), the footer ends at the bottom edge."""
    browser.set_window_size(1280, 3000)
    browser.get(base_url + "penulis/siti-rahmawati/")
    bottom, height = browser.execute_script(
        "return [document.querySelector('footer').getBoundingClientRect().bottom, window.innerHeight]")
    assert abs(bottom - height) <= 1, f"the footer ends at {bottom}px of {height}px"


def test_print_leaves_out_navigation_and_keeps_the_story(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Printed, an article has no menu, language switch or footer; the headline, facts and text remain."""
    browser.set_window_size(1280, 900)
    browser.get(base_url + "2023/09/18/harga-beras-naik-jelang-akhir-tahun/")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script(
            "return Object.fromEntries(['.masthead nav', '.switch', 'footer', 'h1', '.facts', '.body']"
            ".map(s => [s, getComputedStyle(document.querySelector(s)).display !== 'none']))")
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert shown == {".masthead nav": False, ".switch": False, "footer": False, "h1": True, ".facts": True, ".body": True}


def test_the_site_has_an_icon(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    """Every page names an SVG icon that loads (no console 404 for /favicon.ico)."""
    browser.get(base_url)
    href = browser.execute_script("return document.querySelector('link[rel=icon]').href")
    browser.get(href)
    assert "<svg" in browser.page_source
