"""axe-core on every page type, both languages, light and dark: no serious or critical violation.

axe-core (npm, pinned in ``.ci/package.json``; ``$DIGEST_AXE`` names another ``axe.min.js``)
is injected into each page as Chromium shows it, with ``prefers-color-scheme`` emulated
through the DevTools protocol, so colour contrast is checked in each scheme. The search page
is checked as loaded and again with a query typed and its results shown. Skipped when
axe-core or Chromium is missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import NEEDS_BROWSER, base_url, browser, color_scheme, pages, query_for, search, site, tool
from tests.pagetypes import LANGS, PAGE_TYPES

if TYPE_CHECKING:
    from collections.abc import Iterator

    from selenium.webdriver.chrome.webdriver import WebDriver

__all__ = ["base_url", "browser", "pages", "site"]  # the fixtures this module uses
pytestmark = NEEDS_BROWSER
SCHEMES = ("light", "dark")
Axe = Callable[[], list[str]]  # checks the page shown now
# Minor and moderate findings are advice (axe's own words: "best practice"); serious and
# critical ones keep a reader out.
RUN = """const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(
  result => done(result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}; ${v.help}): ${v.nodes.map(n => n.target.join(" ")).join(", ")}`)),
  error => done([`axe failed: ${error}`]));"""


@pytest.fixture(scope="module")
def axe(browser: WebDriver) -> Iterator[Axe]:
    """A check of the page the browser shows now: axe's serious and critical violations, each as
    ``rule (impact): target selectors``. The browser is at a desktop size; its colour scheme is
    reset afterwards."""
    source = tool("DIGEST_AXE", ".ci/node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")
    browser.set_window_size(1280, 900)
    browser.set_script_timeout(60)

    def violations() -> list[str]:
        browser.execute_script(source)
        return [str(found) for found in browser.execute_async_script(RUN)]

    yield violations
    color_scheme(browser, "")


def load(driver: WebDriver, url: str, scheme: str) -> None:
    """Load ``url`` in the colour scheme, and check that the page sees that scheme."""
    color_scheme(driver, scheme)
    driver.get(url)
    assert driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")


def test_axe_finds_a_planted_violation(browser: WebDriver, base_url: str, pages: dict[str, str], axe: Axe) -> None:
    """An image without a text alternative, put into a page, is reported: axe ran and its findings reach us."""
    load(browser, base_url + pages["front-id"], "light")
    browser.execute_script("document.querySelector('main').append(Object.assign(new Image(), {src: 'x.png'}))")
    assert any(found.startswith("image-alt (critical;") for found in axe())


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("key", PAGE_TYPES)
def test_page_types_have_no_serious_violations(browser: WebDriver, base_url: str, pages: dict[str, str], axe: Axe,
                                               key: str, scheme: str) -> None:
    """No serious or critical axe violation on this page type in this scheme."""
    load(browser, base_url + pages[key], scheme)
    found = axe()
    assert found == [], f"{key} /{pages[key]} ({scheme}): " + "; ".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("lang", LANGS)
def test_search_results_have_no_serious_violations(browser: WebDriver, base_url: str, site: Path, pages: dict[str, str],
                                                   axe: Axe, lang: str, scheme: str) -> None:
    """With a query typed and its results shown, the search page has no serious or critical violation."""
    load(browser, base_url + pages[f"search-{lang}"], scheme)
    search(browser, query_for(site, pages, lang))
    found = axe()
    assert found == [], f"search-{lang} with results ({scheme}): " + "; ".join(found)

