"""Lighthouse on the front page and an article: at least 0.95 in each of its four categories.

Lighthouse (npm, pinned in ``.ci/package.json``; ``$DIGEST_LIGHTHOUSE`` names another CLI)
audits a build whose ``base_url`` is the address it is served at, as a published site is —
canonical links, hreflang and the sitemap in robots.txt are absolute only then. It runs as
its default, a mid-range phone on a throttled connection, in Debian's Chromium. Skipped when
Lighthouse, Node.js or Chromium is missing.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser import CHROMIUM, FLAGS, NEEDS_BROWSER, build_bundled, serving, tool
from tests.pagetypes import DEFAULT, catalogue

pytestmark = NEEDS_BROWSER
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LEAST = 0.95
# The performance score is Lighthouse's simulation of a slow phone from what this machine
# measured, and a shared two-core machine (CI's, with the test suite beside it) measures
# noisily: one busy moment costs points. So a page gets up to three runs while its performance
# is below the mark, and each category its best score; the others do not vary between runs.
RUNS = 3


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The bundled site built with ``base_url`` set to the localhost address it is served at;
    that address and the site's page-type catalogue."""
    root = tmp_path_factory.mktemp("lighthouse")
    with serving(root / "site") as url:  # the port must be known before the build that names it
        yield url, catalogue(build_bundled(root, base_url=url))


def lighthouse(url: str) -> dict[str, Any]:
    """One Lighthouse run on ``url``: its JSON report."""
    cli = tool("DIGEST_LIGHTHOUSE", ".ci/node_modules/.bin/lighthouse")
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    run = subprocess.run(
        [str(cli), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(FLAGS)}"],
        capture_output=True, text=True, timeout=180, check=False, env={**os.environ, "CHROME_PATH": str(CHROMIUM)})
    assert run.returncode == 0, f"lighthouse failed on {url}: {run.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(run.stdout)
    return report


def shortfalls(report: dict[str, Any], category: str) -> list[str]:
    """The audits that cost a category points: id, score and what Lighthouse says of it."""
    audits = report["audits"]
    return [f"{ref['id']} {audits[ref['id']]['score']:.2f} {audits[ref['id']].get('displayValue', '')}".strip()
            for ref in report["categories"][category]["auditRefs"]
            if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1]


@pytest.mark.parametrize("key", [f"front-{DEFAULT.code}", f"article-{DEFAULT.code}"])
def test_lighthouse_scores(published: tuple[str, dict[str, str]], key: str) -> None:
    """Performance, accessibility, best practices and SEO each score at least 0.95 (the best of up to three runs)."""
    url, pages = published
    best: dict[str, tuple[float, dict[str, Any]]] = {}
    for _ in range(RUNS):
        report = lighthouse(url + pages[key])
        for category in CATEGORIES:
            score = report["categories"][category]["score"] or 0.0
            if category not in best or score > best[category][0]:
                best[category] = (score, report)
        if best["performance"][0] >= LEAST:  # another run would change only the performance score
            break
    low = {category: found for category, found in best.items() if found[0] < LEAST}
    assert sorted(best) == sorted(CATEGORIES), f"Lighthouse scored only {sorted(best)}"
    assert not low, f"{key} /{pages[key]}: " + "; ".join(
        f"{category} {score:.2f} ({', '.join(shortfalls(report, category))})" for category, (score, report) in low.items())
