"""A golden rendering of a small project, checked in under tests/golden/.

Regenerate after an intended change with ``DIGEST_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`` and review the diff. The golden project turns extraction off
(``facts: false``) so it pins the rendering, not the extractor.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from digest.build.pipeline import build
from digest.config import load_config

GOLDEN = Path(__file__).parent / "golden"


def _html(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_golden_site(tmp_path: Path) -> None:
    """Every page of the golden project renders exactly as checked in."""
    shutil.copytree(GOLDEN / "project", tmp_path / "project")
    build(load_config(tmp_path / "project"))
    got = _html(tmp_path / "project" / "site")
    if os.environ.get("DIGEST_UPDATE_GOLDEN"):
        shutil.rmtree(GOLDEN / "site", ignore_errors=True)
        for name, text in got.items():
            (GOLDEN / "site" / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / "site" / name).write_text(text, encoding="utf-8")
    expected = _html(GOLDEN / "site")
    assert sorted(got) == sorted(expected)
    for name in expected:
        assert got[name] == expected[name], f"{name} differs from tests/golden/site/{name}"


def test_golden_escapes_titles() -> None:
    """The checked-in golden itself shows escaped markup from front matter, never raw tags."""
    page = (GOLDEN / "site" / "2023/09/18/pasar-beras/index.html").read_text(encoding="utf-8")
    assert "Harga Beras &lt;Premium&gt; Naik &amp; Stok Aman" in page
    assert "<Premium>" not in page
