"""Where the Pagefind binary is: the one question about search a build asks before it knows it must index.

Kept apart from :mod:`digest.search` (which imports the page views, and with them Babel)
and answered without importing the ``pagefind`` package (its service module imports
asyncio and logging): a no-op build asks it, and those imports were a third of its time.
The places looked in are the ones ``pagefind.service.get_executable`` looks in, in its
order: ``PAGEFIND_BINARY_PATH``, the binary wheels ``pagefind_bin_extended`` and
``pagefind_bin``, then ``pagefind_extended`` or ``pagefind`` on ``PATH``.
"""

from __future__ import annotations

import os
import shutil
from importlib.util import find_spec
from pathlib import Path

_NAMES = ("pagefind_extended", "pagefind")
_SUFFIXES = (".exe", "") if os.name == "nt" else ("",)


def executable() -> Path | None:
    """The Pagefind binary to run, or None when none is installed."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    for wheel in ("pagefind_bin_extended", "pagefind_bin"):
        found = _in_wheel(wheel)
        if found is not None:
            return found
    on_path = shutil.which("pagefind_extended") or shutil.which("pagefind")
    return Path(on_path) if on_path else None


def _in_wheel(package: str) -> Path | None:
    """The binary inside an installed binary wheel's package folder, if it is there."""
    try:
        spec = find_spec(package)
    except (ImportError, ValueError):
        return None
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        for name in _NAMES:
            for suffix in _SUFFIXES:
                candidate = Path(folder) / f"{name}{suffix}"
                if candidate.is_file():
                    return candidate
    return None
