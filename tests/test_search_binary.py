"""Where digest finds Pagefind: where the pagefind package itself would look, without importing it."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.search_binary import executable


def test_the_binary_is_the_one_the_pagefind_package_finds() -> None:
    """With Pagefind's wheels installed, both lookups name the same file."""
    service = pytest.importorskip("pagefind.service")
    theirs = service.get_executable()
    if theirs is None:
        pytest.skip("no Pagefind binary is installed")
    assert executable() == Path(theirs)


def test_the_environment_names_the_binary_first(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """PAGEFIND_BINARY_PATH wins over any installed wheel, as in the pagefind package."""
    chosen = tmp_path / "my-pagefind"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(chosen))
    assert executable() == chosen


def test_no_binary_anywhere_is_none(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No environment variable, no wheel, nothing on PATH: search is skipped, not failed."""
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setattr("digest.search_binary.find_spec", lambda name: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert executable() is None


def test_a_binary_on_the_path_is_found(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without the wheels, a pagefind on PATH is used."""
    binary = tmp_path / "pagefind"
    binary.write_text("#!/bin/sh\n", encoding="utf-8")
    binary.chmod(0o755)
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.setattr("digest.search_binary.find_spec", lambda name: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert executable() == binary
