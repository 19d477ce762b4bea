"""WCAG 1.4.10 (reflow) and 1.4.4 (resize text): no page type scrolls sideways on a narrow phone.

Every page type of the catalogue, in both languages, at 320 px (the reflow criterion's width)
and 375 px (the commonest phone), with text at 100 % and at 200 %.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.browser import NEEDS_BROWSER, base_url, browser, pages, sideways, site
from tests.pagetypes import PAGE_TYPES

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

__all__ = ["base_url", "browser", "pages", "site"]  # the fixtures this module uses
pytestmark = NEEDS_BROWSER


@pytest.mark.parametrize("width", [320, 375])
@pytest.mark.parametrize("key", PAGE_TYPES)
def test_no_page_type_scrolls_sideways(browser: WebDriver, base_url: str, pages: dict[str, str], key: str,
                                       width: int) -> None:
    """At this width, with text at 100 % and then 200 % (the root font size, as a reader's setting
    scales it), the page is no wider than the window: menus, lists and tables wrap."""
    browser.set_window_size(width, 900)
    browser.get(base_url + pages[key])
    assert browser.execute_script("return window.innerWidth") == width, "the window is not this narrow"
    wide = {}
    for size in ("100%", "200%"):
        browser.execute_script("document.documentElement.style.fontSize = arguments[0]", size)
        wide[size] = sideways(browser)
    assert all(px <= 0 for px in wide.values()), f"{key} /{pages[key]} at {width}px scrolls sideways by {wide} (px)"
