"""Full-text search with no server: Pagefind indexes the article pages, one shard at a time.

Pagefind (the ``pagefind`` PyPI package ships its binary) reads ``<html lang>``. The
templates say what is indexed: only ``data-pagefind-body`` parts — an article page's
headline and text, or for an untranslated story's English page its headline and English
facts. Only article pages are given to Pagefind, each in one *shard* (:func:`shard`: its
language and the third of the month it was published in), and each shard is an index
of its own in ``pagefind/<shard>/`` (:func:`index_pages`). ``pagefind/shards.json``
(:func:`manifest`) names the shards of each language; the search page loads the first
and merges the others (Pagefind's ``mergeIndex``). An edit re-indexes the shard of the
pages it changed, not the site. When Pagefind is not installed or the site disables
search, the build leaves search out and says so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

from digest.errors import Diagnostic, error
from digest.model import Output
from digest.views import ArticleView, Page

FOLDER = "pagefind"  # every shard's folder is in it, beside the manifest
MANIFEST = f"{FOLDER}/shards.json"
WINDOWS = (10, 20)  # a shard's days of the month end on these: 1-10, 11-20, 21-31
# Pagefind's ready-made interfaces: the search page has its own (templates/static/search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


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


def files(site: Path, under: str = FOLDER) -> set[str]:
    """The files of the index folder ``under`` (all shards, by default) of ``site``, relative to the site root."""
    return {path.relative_to(site).as_posix() for path in (site / under).rglob("*") if path.is_file()}


def shard(page: Page) -> str | None:
    """The shard a page is indexed in (``id-2024-04-3``: language, month, third of it); None: not indexed.

    Only article pages are searched. The shard follows from the page alone (its language
    and its story's publication day), so an edit leaves every other page in its shard, and
    a shard stays small: a third of a month of one language (about 240 pages at 10,000
    articles over two years), which Pagefind indexes in about half a second.
    """
    if not isinstance(page.view, ArticleView):
        return None
    day = page.view.story.published
    return f"{page.lang}-{day:%Y-%m}-{1 + sum(day.day > end for end in WINDOWS)}"


def folder(name: str) -> str:
    """Where the index of shard ``name`` is, relative to the site root."""
    return f"{FOLDER}/{name}"


def manifest(names: Iterable[str]) -> Output:
    """``pagefind/shards.json``: the shards of each language, in order (the search page loads the first,
    merges the rest)."""
    shards: dict[str, list[str]] = {}
    for name in sorted(names):
        shards.setdefault(name.rsplit("-", 3)[0], []).append(name)
    return Output(MANIFEST, json.dumps(shards, sort_keys=True, separators=(",", ":")).encode())


def index_pages(pages: Iterable[tuple[str, Path | bytes]], out: Path, scratch: Path, binary: Path,
                before: Callable[[], None] | None = None) -> tuple[Diagnostic, ...]:
    """Index ``pages`` (site path, and the published file to link or the bytes to write) into ``out``.

    ``scratch`` is a folder of this process's own on the site's file system: the pages are
    laid out there as on the site (hard links, so nothing is copied), for Pagefind to name
    each by its address; it is removed afterwards.
    """
    for leftover in (scratch, out):  # nothing left of an earlier attempt
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        for path, source in pages:
            _lay(scratch / path, source)
        problems = index(scratch, binary, before, out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)
    return problems


def _lay(target: Path, source: Path | bytes) -> None:
    """One page in the scratch folder: linked from the site, else written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, bytes):
        target.write_bytes(source)
        return
    try:
        os.link(source, target)
    except OSError:  # another file system: copy
        shutil.copyfile(source, target)


def index(site: Path, binary: Path, before: Callable[[], None] | None = None,
          out: Path | None = None) -> tuple[Diagnostic, ...]:
    """Index a built folder into ``out`` (its ``pagefind/`` by default); an error diagnostic if Pagefind fails.

    ``before`` runs in the Pagefind process before it starts: the build ties it to itself,
    so a killed build never leaves Pagefind writing into its staging folder.
    """
    out = out or site / FOLDER
    result = subprocess.run([str(binary), "--site", str(site), "--output-path", str(out), "--quiet"],
                            capture_output=True, text=True, timeout=600,
                            preexec_fn=before)  # a prctl and a signal: nothing a thread could hold
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return (error("pagefind", 0, f"search indexing failed: {detail[0]}"),)
    _settle_entry(out / "pagefind-entry.json")
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
