"""Full-page screenshots of the page types, for people to look at: phone and desktop, light and dark.

Each is saved in pytest's temporary folder; with ``DIGEST_SCREENSHOTS=docs/screenshots`` (a
folder) also there, named ``<page type>-<width>-<scheme>.png`` (``front-id-375-light.png``),
which is how the README's pictures are made. The pages readers see most — front, article,
the untranslated article, country and search (with results) — are taken in both languages,
the others in Indonesian. The test holds that each is a real picture: a PNG of the width asked
for, not one colour (a page that failed to render or to load its stylesheet's colours).
"""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PIL import Image

from tests.browser import NEEDS_BROWSER, base_url, browser, color_scheme, pages, query_for, screen, search, site
from tests.pagetypes import DEFAULT, PAGE_TYPES, split

if TYPE_CHECKING:
    from collections.abc import Iterator

    from selenium.webdriver.chrome.webdriver import WebDriver

__all__ = ["base_url", "browser", "pages", "site"]  # the fixtures this module uses
pytestmark = NEEDS_BROWSER
BOTH_LANGUAGES = ("front", "article", "article-untranslated", "country", "search")
SHOTS = [key for key in PAGE_TYPES if split(key)[0] in BOTH_LANGUAGES or split(key)[1] == DEFAULT.code]
WIDTHS = {375: 800, 1366: 900}  # a phone, a laptop: width → height of the first screen


@pytest.fixture(scope="module")
def camera(browser: WebDriver) -> Iterator[WebDriver]:
    """The browser without scrollbars (a picture of a page, not of the window), its screen and
    colour scheme reset when the module is done."""
    browser.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})
    yield browser
    browser.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": False})
    screen(browser, 0, 0)
    color_scheme(browser, "")


def full_page(driver: WebDriver) -> bytes:
    """A PNG of the whole page, top to bottom, at one device pixel per CSS pixel."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    width = driver.execute_script("return document.documentElement.clientWidth")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1}})
    return base64.b64decode(shot["data"])


def committed(png: bytes) -> bytes:
    """The copy kept in the repository: 256 colours, optimized (a few times smaller, and each new set of
    screenshots stays in the history for good), the same to the eye for a flat page of text."""
    buffer = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").quantize(256).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("key", SHOTS)
def test_screenshot(camera: WebDriver, base_url: str, site: Path, pages: dict[str, str], tmp_path: Path, key: str,
                    width: int, scheme: str) -> None:
    """Take the page type's screenshot at this width in this scheme, save it, and check it is a real picture."""
    screen(camera, width, WIDTHS[width])
    color_scheme(camera, scheme)
    camera.get(base_url + pages[key])
    kind, lang = split(key)
    if kind == "search":  # an empty search page shows little: show it answering
        search(camera, query_for(site, pages, lang))
    png = full_page(camera)
    name = f"{key}-{width}-{scheme}.png"
    (tmp_path / name).write_bytes(png)
    if folder := os.environ.get("DIGEST_SCREENSHOTS"):
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(committed(png))
    picture = Image.open(io.BytesIO(png))
    assert picture.format == "PNG"
    assert picture.width == width, f"{name} is {picture.width}px wide"
    low, high = zip(*picture.convert("RGB").getextrema(), strict=True)
    assert low != high, f"{name} is a single colour {low}: nothing rendered"
