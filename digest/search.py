"""Full-text search with no server: Pagefind indexes the staged site after rendering.

Pagefind (the ``pagefind`` PyPI package ships its binary) reads ``<html lang>`` and
writes one index per language into ``pagefind/``. The templates say what is indexed:
only ``data-pagefind-body`` parts, so only article pages — their headline and text, or
for an untranslated story's English page its headline and English facts — and no list
page. When Pagefind is not installed or the site disables search, the build leaves
search out and says so.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

from digest.errors import Diagnostic, error


def executable() -> Path | None:
    """The Pagefind binary shipped by the pagefind package, or None when absent."""
    try:
        from pagefind.service import _must_get_executable  # the package's own lookup
    except ImportError:
        return None
    try:
        return Path(_must_get_executable())
    except Exception:  # the package raises a bare Exception when no binary wheel is installed
        return None


def files(site: Path) -> set[str]:
    """The files Pagefind wrote into ``site`` (its index folder), relative to the site root."""
    return {path.relative_to(site).as_posix() for path in (site / "pagefind").rglob("*") if path.is_file()}


def index(site: Path, binary: Path, before: Callable[[], None] | None = None) -> tuple[Diagnostic, ...]:
    """Index a built site in place; an error diagnostic if Pagefind fails.

    ``before`` runs in the Pagefind process before it starts: the build ties it to itself,
    so a killed build never leaves Pagefind writing into its staging folder.
    """
    result = subprocess.run([str(binary), "--site", str(site), "--quiet"], capture_output=True, text=True, timeout=600,
                            preexec_fn=before)  # a prctl and a signal: nothing a thread could hold
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return (error("pagefind", 0, f"search indexing failed: {detail[0]}"),)
    _settle_entry(site / "pagefind" / "pagefind-entry.json")
    return ()


def _settle_entry(path: Path) -> None:
    """Pagefind's entry file with its languages in order of their code.

    Pagefind writes them in the order of a randomly seeded hash map, so with two languages
    in the index the same site gave different bytes from one build to the next (a clean
    build no longer matched an incremental one). Every other file it writes is the same
    each time. The file is rewritten in Pagefind's own compact form.
    """
    if not path.is_file():  # nothing indexed, nothing to order
        return
    entry = json.loads(path.read_bytes())
    entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
