"""What every browser test shares: the bundled site built and served, one headless Chromium, its flags.

A test module imports the fixtures it uses (``from tests.browser import base_url, browser``):
each module then gets one built site and one browser of its own (module scope), never a copy of
this code. Chromium and chromedriver are Debian's (``.ci/run`` installs them); without them
every test marked with :data:`NEEDS_BROWSER` is skipped.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from digest.build.pipeline import build
from digest.config import load_config
from tests.conftest import REPO, SHARED
from tests.pagetypes import catalogue, html_file

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
NEEDS_BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="chromium and chromium-driver are not installed"),
]
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# machine's closed network refuses; as root it needs --no-sandbox.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage")


def build_bundled(root: Path, base_url: str | None = None) -> Path:
    """Build the bundled content (with the seed article when ../shared has it) in ``root``; its site folder."""
    shutil.copytree(REPO / "content", root / "content")
    seed = SHARED / "seed" / "kim-surati-xi.md"
    if seed.is_file():
        shutil.copy(seed, root / "content")
    build(load_config(root, base_url=base_url))
    return root / "site"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No line per request on stderr."""


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free localhost port (it may be filled after the server starts); its URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site, built once for the module that uses it."""
    return build_bundled(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    """The page-type catalogue of that site: ``front-id`` → its URL path (tests/pagetypes.py)."""
    return catalogue(site)


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """That site served on localhost: its root URL."""
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    """A headless Chromium driven through chromedriver."""
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    driver: WebDriver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def color_scheme(driver: WebDriver, scheme: str) -> None:
    """Emulate ``prefers-color-scheme`` (``light``/``dark``) for the pages loaded next; "" ends it."""
    features = [{"name": "prefers-color-scheme", "value": scheme}] if scheme else []
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": features})


def screen(driver: WebDriver, width: int, height: int) -> None:
    """Emulate a screen of ``width`` × ``height`` CSS pixels: a phone's (touch viewport, overlay
    scrollbars) below 1000 px, a desktop's above; ``screen(driver, 0, 0)`` ends it."""
    if not width:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        return
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 1000})


def sideways(driver: WebDriver) -> int:
    """How many CSS pixels the loaded page scrolls sideways (0 or less: none)."""
    return int(driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def tool(variable: str, installed: str) -> Path:
    """A file of a Node tool: ``$variable`` if set, else ``installed`` under the repository
    (``.ci/node_modules``, where ``.ci/run`` puts them); skip the test when it is not there."""
    path = Path(os.environ.get(variable) or REPO / installed)
    if not path.is_file():
        pytest.skip(f"{path} is not here (npm ci --prefix .ci installs it; or set {variable})")
    return path


# An article's address ends /YYYY/MM/DD/<slug>/ (README, "What it builds"): how a test tells a
# story link from the other links of a page, whatever the markup around it.
ARTICLE_LINKS = r"""return [...document.querySelectorAll('main a[href]')]
  .filter(a => /\/\d{4}\/\d{2}\/\d{2}\/[^/]+\/$/.test(new URL(a.href).pathname) && a.innerText.trim())"""


def headline(site: Path, path: str) -> str:
    """The text of the first <h1> of a built page."""
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html_file(site, path).read_text(encoding="utf-8"), re.S)
    assert found, f"/{path} has no <h1>"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def query_for(site: Path, pages: dict[str, str], lang: str) -> str:
    """A word the search in ``lang`` must find: the longest in the headline of that language's article."""
    return str(max(re.findall(r"\w{4,}", headline(site, pages[f"article-{lang}"])), key=len))


def search(driver: WebDriver, query: str) -> int:
    """On a loaded search page, type ``query`` into its box and wait until the results stop
    changing; how many story links they show (the test fails after 15 s with none)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = WebDriverWait(driver, 10).until(lambda d: d.find_element(
        By.CSS_SELECTOR, "input[type=search], search input, [role=search] input, main input[type=text], main input:not([type])"))
    box.send_keys(query)
    seen: list[int] = []

    def settled(d: WebDriver) -> bool:
        seen.append(len(d.execute_script(ARTICLE_LINKS)))
        return len(seen) > 1 and seen[-1] == seen[-2] > 0

    WebDriverWait(driver, 15, poll_frequency=0.3).until(settled, f"no results for {query!r}")
    return seen[-1]
