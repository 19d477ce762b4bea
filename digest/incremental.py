"""What a rebuild can skip: nothing changed at all, or pages whose inputs are the same.

After each successful build, ``.digest-cache/build.pickle`` records a signature of
every input (content and template files by size and mtime, the settings, digest's
code), the key of every page, and the manifest of the site that was published. The
next build compares: identical inputs and an untouched site mean there is nothing to
do; otherwise only pages whose key or site-wide inputs changed are rendered again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from digest.articles import Batch
from digest.cache import Entry, Store, code_version
from digest.config import Config
from digest.errors import Diagnostic

STATE = "build"


@dataclass(frozen=True)
class BuildState:
    """What the last successful build saw and wrote."""

    inputs: str = ""  # signature of every input file and setting
    site_wide: str = ""  # signature of what every page depends on (templates, catalogs, settings)
    keys: dict[str, str] = field(default_factory=dict)  # output path -> page key
    manifest: tuple[int, int] = (-1, -1)  # size and mtime of site/.digest-manifest
    articles: int = 0
    pages: int = 0
    files: int = 0
    diagnostics: tuple[Diagnostic, ...] = ()  # warnings and notes, shown again by a no-op build
    hour: str = ""  # the build hour (the news sitemap's window)
    generation: str = ""  # which article contents the cache held after this build (articles.generation)
    article_notes: tuple[Diagnostic, ...] = ()  # the diagnostics found in the articles themselves


def stat_tree(*roots: str | Path) -> dict[str, tuple[int, int]]:
    """Size and mtime of every file under the given folders (or of the given files).

    Hidden entries are left out, as the build ignores them. One stat per file: the
    folder listing already says which entries are folders. Files that vanish during
    the walk are skipped.
    """
    found: dict[str, tuple[int, int]] = {}
    folders = []
    for root in map(str, roots):
        if os.path.isdir(root):
            folders.append(root)
        elif os.path.isfile(root):
            st = os.stat(root)
            found[root] = (st.st_size, st.st_mtime_ns)
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                else:
                    st = entry.stat()
                    found[entry.path] = (st.st_size, st.st_mtime_ns)
            except OSError:
                continue
    return found


def _walk(folder: Path, tree: dict[str, tuple[int, int]] | None = None) -> list[str]:
    """Size and mtime of every file under ``folder`` (or in its ``tree``), as sorted text lines."""
    return sorted(f"{path}\0{size}\0{mtime}" for path, (size, mtime) in (tree or stat_tree(folder)).items())


def _hash_files(folder: Path) -> str:
    """SHA-256 of the names and bytes of every file under ``folder``."""
    digest = hashlib.sha256()
    for line in _walk(folder):
        path = line.split("\0", 1)[0]
        digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + Path(path).read_bytes())
    return digest.hexdigest()


def site_wide(config: Config, search: bool) -> str:
    """The inputs every page depends on: code, templates, catalogs and settings."""
    digest = hashlib.sha256(code_version().encode())
    for folder in (*config.template_dirs, config.locale_dir):
        digest.update(_hash_files(folder).encode())
    settings = (config.languages, config.base_url, config.timezone, config.page_size, config.feed_size,
                config.allow_embeds, config.markdown, config.cname, search, config.drafts)
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def input_signature(config: Config, wide: str, hour: str, tree: dict[str, tuple[int, int]]) -> str:
    """Everything a build reads, by size and mtime (and the hour, for the news sitemap).

    ``tree`` is ``stat_tree(config.content_dir)``, made once per build and also used for
    the per-article stat signatures.
    """
    digest = hashlib.sha256((wide + hour).encode())
    for line in _walk(config.content_dir, tree):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def manifest_stat(site: Path) -> tuple[int, int]:
    """Size and mtime of the published site's manifest ((-1, -1) when there is none)."""
    try:
        st = (site / ".digest-manifest").stat()
    except OSError:
        return (-1, -1)
    return (st.st_size, st.st_mtime_ns)


class StateStore:
    """Reads and writes the BuildState through the checksummed cache store."""

    def __init__(self, config: Config) -> None:
        self._store = Store(config.root, STATE, config)

    def load(self) -> BuildState:
        """The last build's state, or an empty one."""
        entry = self._store.load().get(STATE)
        return entry.result if entry is not None and isinstance(entry.result, BuildState) else BuildState()

    def save(self, state: BuildState) -> None:
        """Record this build's state."""
        self._store.save({STATE: Entry("", "", state)})


def own_pages_only(state: BuildState, wide: str, hour: str, site: Path, batch: Batch, search: bool) -> bool:
    """True when this build's changes show on the changed articles' own pages and nowhere else.

    That is: the last build succeeded from exactly the cache this build started from,
    with the same site-wide inputs in the same hour, its site is untouched, no article
    came or went, and every changed article is listed as before (same URL, title,
    summary, date, countries… — only its body or facts changed). Then lists, feeds
    and sitemaps are as published and need not even be planned. Not with search:
    Pagefind indexes the whole tree.
    """
    return (not search and state.generation == batch.before and not batch.removed and state.site_wide == wide
            and state.hour == hour and site.is_dir() and manifest_stat(site) == state.manifest
            and all(change.listed_same for change in batch.changes))


@dataclass(frozen=True)
class WritePlan:
    """Which pages to render, and whether to apply them in place or swap in a new tree."""

    fresh: tuple[bool, ...]  # per page: render it (else: reuse the previous file)
    in_place: bool


IN_PLACE_MAX = 500  # pages: up to this many changes (or 5% of the site) are applied in place, journaled


def write_plan(state: BuildState, wide: str, site: Path, paths: list[str], keys: list[str], search: bool) -> WritePlan:
    """Compare this build's page keys with the last build's.

    Previous files are reusable only if the site-wide inputs are the same and the
    published site is the one the last build recorded. Few changes go in place (not
    with search: Pagefind indexes a whole tree); otherwise a new tree is staged, with
    unchanged pages linked from the old one — or rendered, if their file is missing.
    """
    reusable = state.site_wide == wide and site.is_dir() and manifest_stat(site) == state.manifest
    fresh = [not reusable or state.keys.get(path) != key for path, key in zip(paths, keys)]
    in_place = reusable and not search and sum(fresh) <= max(IN_PLACE_MAX, len(paths) // 20)
    if reusable and not in_place:
        fresh = [f or not (site / path).is_file() for path, f in zip(paths, fresh)]
    return WritePlan(tuple(fresh), in_place)
