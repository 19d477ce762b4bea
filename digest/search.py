"""Full-text search with no server: Pagefind indexes the article pages, one shard at a time.

Pagefind (the ``pagefind`` PyPI package ships its binary) reads ``<html lang>``. The
templates say what is indexed: only ``data-pagefind-body`` parts — an article page's
headline and text, or for an untranslated story's English page its headline and English
facts. Only article pages are given to Pagefind, each in one *shard* (:func:`shard`: its
language and the third of the month it was published in; :func:`split` into ranges of
days when that holds more than :data:`SHARD_MAX` pages), and each shard is an index
of its own in ``pagefind/<shard>/`` (:func:`index_files`). ``pagefind/shards.json``
(:func:`manifest`) names the shards of each language; the search page loads the first
and merges the others (Pagefind's ``mergeIndex``). An edit re-indexes the shard of the
pages it changed, not the site, or, when few of a shard's pages changed, only its
language's recent shard, the manifest naming the kept entries the search page drops
(:func:`manifest`, :func:`entry_ids`). When Pagefind is not installed or the site disables
search, the build leaves search out and says so.
"""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from digest.errors import Diagnostic, error
from digest.model import Output
from digest.search_binary import executable as executable  # where it always was, for callers that index
from digest.views import ArticleView, Page

Runner = Callable[[Sequence[str], float], subprocess.CompletedProcess[str]]  # runs Pagefind: argv, timeout
FOLDER = "pagefind"  # every shard's folder is in it, beside the manifest
MANIFEST = f"{FOLDER}/shards.json"
RECENT = "recent"  # the last part of a language's recent shard's name (:func:`recent`)
WINDOWS = (10, 20)  # a shard's days of the month end on these: 1-10, 11-20, 21-31
SHARD_MAX = 500  # pages: a fuller third of a month (a busier site) is split into ranges of its days
ARGUMENT_MAX = 100_000  # bytes of a glob on Pagefind's command line (Linux takes 128 KiB in one argument)
# Pagefind's ready-made interfaces: the search page has its own (templates/static/search.js).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


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


def day(page: Page) -> int:
    """The day of the month an article page's story was published (what :func:`split` divides a window by)."""
    assert isinstance(page.view, ArticleView)
    return page.view.story.published.day


def split(name: str, dated: Sequence[tuple[int, str]]) -> dict[str, list[str]]:
    """The pages of the window ``name`` (day of the month, path): in that one shard, or when they are more than
    :data:`SHARD_MAX`, in as many shards of consecutive days as it takes (``id-2024-04-21``: from the 21st).

    A shard's pages stay those of its days, so an edit moves no other page; a window that
    grows past the bound is indexed again as its parts. The bound keeps a busier site's
    shards, and so an edit's indexing and each Pagefind process's memory, the size of
    ~500 pages (a tenth of a month of 100,000 articles over two years would be ~800).
    """
    month, third = name.rsplit("-", 1)
    first = (1, *(end + 1 for end in WINDOWS))[int(third) - 1]
    span = (*WINDOWS, 31)[int(third) - 1] - first + 1  # days the window may hold
    parts = min(span, -(-len(dated) // SHARD_MAX))
    if parts <= 1:
        return {name: [path for _, path in dated]}
    found: dict[str, list[str]] = {}
    for number, path in dated:
        part = (number - first) * parts // span
        start = first - (-part * span // parts)  # the first day of that part
        found.setdefault(f"{month}-{start:02d}", []).append(path)
    return found


def folder(name: str) -> str:
    """Where the index of shard ``name`` is, relative to the site root."""
    return f"{FOLDER}/{name}"


def recent(lang: str) -> str:
    """The name of ``lang``'s recent shard (``id-recent``): the pages changed since their own shard was indexed."""
    return f"{lang}-{RECENT}"


def is_recent(name: str) -> bool:
    """True for a language's recent shard."""
    return name.endswith("-" + RECENT)


def language(name: str) -> str:
    """The language of shard ``name`` (``id-2024-04-3``, ``pt-BR-2024-04-21``, ``id-recent``)."""
    return name.removesuffix("-" + RECENT) if is_recent(name) else name.rsplit("-", 3)[0]


def manifest(names: Iterable[str], drop: Mapping[str, Sequence[str]] | None = None) -> Output:
    """``pagefind/shards.json``: the shards of each language, in order (the search page loads the first,
    merges the rest), and under ``"drop"`` the entries of each language it leaves out of results (pages
    a recent shard holds anew, and removed ones)."""
    shards: dict[str, Any] = {}
    for name in sorted(names):
        shards.setdefault(language(name), []).append(name)
    shards["drop"] = {lang: list(ids) for lang, ids in sorted((drop or {}).items()) if ids}
    return Output(MANIFEST, json.dumps(shards, sort_keys=True, separators=(",", ":")).encode())


_FRAGMENT = b"pagefind_dcd"  # what a Pagefind fragment starts with, once decompressed


def entry_ids(site: Path, files: Iterable[str], pages: Sequence[str]) -> tuple[str, ...] | None:
    """The id Pagefind gave each page (output path) of a shard whose index files are ``files`` under
    ``site``: the name of the page's fragment, which a search result carries as its ``id``. None when a
    page has none, or a fragment cannot be read: the shard is then indexed again instead."""
    found: dict[str, str] = {}
    for name in files:
        if not name.endswith(".pf_fragment"):
            continue
        try:
            data = gzip.decompress((site / name).read_bytes())
            url = json.loads(data[len(_FRAGMENT):])["url"] if data.startswith(_FRAGMENT) else None
        except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile):
            return None
        if isinstance(url, str):
            found[url] = posixpath.basename(name).removesuffix(".pf_fragment")
    ids = [found.get(_url(path)) for path in pages]
    return None if None in ids else tuple(id_ for id_ in ids if id_ is not None)


def _url(path: str) -> str:
    """The address Pagefind records for the page at ``path`` (relative to the folder it indexed)."""
    return "/" + (path.removesuffix("index.html") if path == "index.html" or path.endswith("/index.html") else path)


def index_files(site: Path, paths: Sequence[str], out: Path, scratch: Path, binary: Path,
                run: Runner | None = None) -> tuple[Diagnostic, ...]:
    """Index the pages ``paths`` of the folder ``site``, as they are there, into ``out``.

    Pagefind runs over ``site`` itself, told by a glob to read these pages and no other
    (:func:`glob`), so nothing is laid out: linking a shard's pages into a folder of their
    own and removing it again cost more than Pagefind's own work on them. A glob too long
    for one argument falls back to :func:`index_pages`.
    """
    pattern = glob(paths)
    if pattern is None:
        return index_pages(((path, site / path) for path in paths), out, scratch, binary, run)
    shutil.rmtree(out, ignore_errors=True)  # nothing left of an earlier attempt
    problems = index(site, binary, run, out, pattern)
    _drop_unused(out)
    return problems


_GLOB_SPECIAL = re.compile(r"([\\*?$:<>\[\]{},!])")


def glob(paths: Sequence[str]) -> str | None:
    """A Pagefind glob that names exactly ``paths`` (relative to the site), or None when it would be too long.

    Their common folder comes first, so that Pagefind walks that folder only (a month of a
    language, for a shard), then the rest of each path as one alternative in braces.
    """
    folder = posixpath.commonpath([posixpath.dirname(path) for path in paths])
    start = len(folder) + 1 if folder else 0
    pattern = (_escaped(folder) + "/" if folder else "") + "{" + ",".join(_escaped(p[start:]) for p in paths) + "}"
    return pattern if len(pattern.encode()) <= ARGUMENT_MAX else None


def _escaped(text: str) -> str:
    """``text`` with the characters a glob reads as patterns escaped."""
    return _GLOB_SPECIAL.sub(r"\\\1", text)


def index_pages(pages: Iterable[tuple[str, Path | bytes]], out: Path, scratch: Path, binary: Path,
                run: Runner | None = None) -> tuple[Diagnostic, ...]:
    """Index ``pages`` (site path, and the published file to link or the bytes to write) into ``out``.

    ``scratch`` is a folder of this process's own on the site's file system: the pages are
    laid out there as on the site (hard links, so nothing is copied), for Pagefind to name
    each by its address; it is removed afterwards. Only pages that are not yet on disk (an
    edit's, rendered for an in-place update) need this.
    """
    for leftover in (scratch, out):  # nothing left of an earlier attempt
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        for path, source in pages:
            _lay(scratch / path, source)
        problems = index(scratch, binary, run, out)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    _drop_unused(out)
    return problems


def _drop_unused(out: Path) -> None:
    """Remove the files of Pagefind's own interfaces from an index folder: the search page has its own."""
    for name in UNUSED:
        (out / name).unlink(missing_ok=True)


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


def index(site: Path, binary: Path, run: Runner | None = None,
          out: Path | None = None, pattern: str | None = None) -> tuple[Diagnostic, ...]:
    """Index a built folder (its pages that ``pattern`` names, or all) into ``out`` (its ``pagefind/`` by default);
    an error diagnostic if Pagefind fails.

    ``run`` starts Pagefind and waits for it (a plain subprocess by default). The build
    passes one that ties Pagefind to the build, so a killed build never leaves it writing
    into a staging folder.
    """
    out = out or site / FOLDER
    chosen = [] if pattern is None else ["--glob", pattern]
    result = (run or _run)([str(binary), "--site", str(site), "--output-path", str(out), "--quiet", *chosen], 600)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return (error("pagefind", 0, f"search indexing failed: {detail[0]}"),)
    _settle_entry(out / "pagefind-entry.json")
    return ()


def _run(argv: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    """Pagefind as a plain subprocess, its output captured."""
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)


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
