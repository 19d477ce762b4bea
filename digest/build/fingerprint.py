"""Fingerprints: the one function that every cache key, page key and signature is made with.

:func:`fingerprint` hashes a canonical encoding of plain values — text, numbers, dates,
paths, bytes, tuples and (frozen) dataclasses, field by field — so two values have the
same fingerprint exactly when they are equal, in any process and on any day (Python's
``hash()`` is salted per process). Anything else is refused rather than guessed at.

Everything a key depends on is derived, never listed by hand: the settings that shape
output are the :class:`~digest.config.Config` fields whose metadata says so, and the
code version of a cached value is a hash of the modules that make it (:data:`CODE`).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from functools import cache
from operator import attrgetter
from pathlib import Path
from stat import S_ISDIR, S_ISLNK

from digest.config import Config
from digest.files import THEME_LIMIT, Stat, Unreadable, read, stat_of

PACKAGE = Path(__file__).resolve().parent.parent

# The modules whose code makes each kind of cached value. Pages are made from articles,
# so their version includes the articles' one. A module in neither (the CLI, the dev
# server, the machinery that only moves bytes) can change without invalidating any cache.
CODE: dict[str, tuple[str, ...]] = {
    "articles": ("model.py", "errors.py", "config.py", "pyproject.py", "urls.py", "names.py", "files.py",
                 "load", "extract", "localize",
                 "build/memo.py", "build/article.py", "build/store.py", "build/sealed.py", "build/secret.py",
                 "build/fingerprint.py", "media", "build/media.py"),
    "pages": ("views.py", "plan", "render", "search.py", "build/changes.py", "build/state.py", "build/keys.py",
              "build/emit.py", "build/pipeline.py", "build/shards.py", "build/patches.py",
              "build/templates.py", "build/recall.py"),
}
# consistency: the checks of translations against their originals (``digest check``), in no page.
OUTSIDE = ("__init__.py", "cli.py", "search_binary.py", "serve.py", "scaffold.py", "translations.py", "report.py",
           "review.py", "write", "build/__init__.py", "build/lock.py", "build/pool.py", "build/tool.py",
           "consistency")
LIBRARIES: dict[str, tuple[str, ...]] = {
    "articles": ("babel", "markdown", "cmarkgfm", "nh3", "pyyaml",
                 "pillow"),
    "pages": ("jinja2", "markupsafe", "pagefind"),  # Pagefind's version: its index files and their format
}


def fingerprint(*values: object) -> str:
    """A short hex fingerprint of ``values`` (see :class:`Encoder`)."""
    return Encoder().digest(*values)


class Encoder:
    """Canonical encodings of values.

    ``known`` gives the fingerprints of values made elsewhere (a story's, computed where
    it was localized), by object identity; they stand for the value instead of its
    encoding. Instances of the ``shared`` classes are encoded once per encoder: one
    encoder fingerprints one build's pages, which share a language's chrome, a
    country, a teaser. (Which classes are shared only changes how fast, never what.)
    """

    def __init__(self, known: Mapping[int, str] | None = None, shared: tuple[type, ...] = ()) -> None:
        self._shared = shared
        # id -> encoding of the values known or already encoded, and the objects (kept alive, so ids stay theirs)
        self._done: dict[int, str] = {key: f"k{value}" for key, value in (known or {}).items()}
        self._kept: list[object] = []

    def digest(self, *values: object) -> str:
        """The fingerprint of ``values``."""
        parts: list[str] = []
        self._items(values, parts)
        return hashlib.blake2b("".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def _items(self, items: Iterable[object], parts: list[str]) -> None:
        """Append the encoding of each item: a type tag, then a self-delimiting form.

        Written as one loop, with the common cases first: a build encodes millions of
        values, most of them text.
        """
        done = self._done
        for item in items:
            kind = type(item)
            if kind is str:
                parts.append(f"s{len(item)}:{item}")  # type: ignore[arg-type]
            elif item is None or kind is bool or kind is int:
                parts.append(f"{item!r};")
            elif (hit := done.get(id(item))) is not None:
                parts.append(hit)
            elif kind is tuple or kind is list:
                parts.append("(")
                self._items(item, parts)  # type: ignore[arg-type]
                parts.append(")")
            else:
                parts.append(self._object(item, kind))

    def _object(self, value: object, kind: type) -> str:
        """The encoding of a dataclass instance (its class and fields) or of another value."""
        fields = _fields(kind)
        if fields is None:
            encoded = _scalar(value)
        else:
            parts = [f"<{kind.__module__}.{kind.__qualname__}"]
            self._items(fields(value), parts)
            parts.append(">")
            encoded = "".join(parts)
        if isinstance(value, self._shared):
            self._done[id(value)] = encoded
            self._kept.append(value)
        return encoded


_FIELDS: dict[type, Callable[[object], tuple[object, ...]] | None] = {}


def _fields(kind: type) -> Callable[[object], tuple[object, ...]] | None:
    """What reads every field of a dataclass, in order, in one call (None: not a dataclass)."""
    if kind in _FIELDS:
        return _FIELDS[kind]
    getter: Callable[[object], tuple[object, ...]] | None = None
    if dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind)]
        many = attrgetter(*names) if len(names) > 1 else None  # gives a tuple for two names or more
        getter = many or (lambda value: tuple(getattr(value, name) for name in names))
    _FIELDS[kind] = getter
    return getter


def _scalar(value: object) -> str:
    """The encoding of a value that is neither text, a number, a tuple nor a dataclass."""
    if isinstance(value, datetime):
        return f"t{value.isoformat()}@{value.tzinfo};"
    if isinstance(value, date | time):
        return f"d{value.isoformat()};"
    if isinstance(value, float):
        return f"f{value!r};"
    if isinstance(value, Path):
        text = str(value)
        return f"p{len(text)}:{text}"
    if isinstance(value, bytes):
        return f"b{hashlib.sha256(value).hexdigest()};"
    if isinstance(value, enum.Enum):
        return f"e{type(value).__qualname__}.{value.name};"
    raise TypeError(f"cannot fingerprint a {type(value).__name__}: give it a canonical encoding in fingerprint.py")


# ------------------------------------------------------------------- code and settings


def affects(config: Config, *kinds: str) -> tuple[object, ...]:
    """The values of the settings whose ``affects`` metadata is one of ``kinds``."""
    return tuple(getattr(config, f.name) for f in dataclasses.fields(config) if f.metadata["affects"] in kinds)


@cache
def code_version(stage: str, package: Path = PACKAGE) -> str:
    """A fingerprint of the code that makes the ``stage`` cached values ("articles", "pages").

    It covers the modules :data:`CODE` names for that stage (and, for pages, the
    articles' ones) and the versions of the libraries whose output is kept.
    """
    stages = ("articles", stage) if stage != "articles" else ("articles",)
    files = sorted(path for name in (entry for s in stages for entry in CODE[s])
                   for path in _modules(package / name))
    return fingerprint(*((path.relative_to(package).as_posix(), path.read_bytes()) for path in files),
                       *(_version(name) for s in stages for name in LIBRARIES[s]))


def _modules(path: Path) -> list[Path]:
    """The code at ``path``: the file itself, or every Python file in the package there and the models it reads."""
    # a model's weights decide output as much as code does (extract/tagger_model.json.gz)
    return sorted([*path.rglob("*.py"), *path.rglob("*.json.gz")]) if path.is_dir() else [path]


def _version(name: str) -> str:
    """A library's installed version, or "none"."""
    found = _installed().get(_normal(name))
    if found is not None:
        return f"{name}={found}"
    from importlib import metadata  # installed otherwise (an egg, a zip): ask it, at 40 ms of imports

    try:
        return f"{name}={metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return f"{name}=none"


def _normal(name: str) -> str:
    """A distribution's name as the installer writes it in a folder name (PEP 503, ``-`` as ``_``)."""
    return re.sub(r"[-_.]+", "_", name).lower()


@cache
def _installed() -> dict[str, str]:
    """Every distribution's version by its normal name, from the ``<name>-<version>.dist-info`` folders
    that pip writes on ``sys.path`` (the first one on the path, as the import system finds it)."""
    found: dict[str, str] = {}
    for folder in reversed(sys.path):  # (so the first folder on the path is written last)
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            stem = entry.removesuffix(".dist-info")
            if stem != entry and stem.count("-") == 1:
                name, version = stem.split("-")
                found[_normal(name)] = version
    return found


# ------------------------------------------------------------------------ file contents


def file_digest(paths: Iterable[str], within: Path, limit: int, known: Mapping[str, bytes | None] | None = None) -> str:
    """The fingerprint of some files' names and bytes, read as the load stage reads them
    (a file it would not read counts as unreadable, None). ``known``: bytes already read, by path."""
    contents: list[tuple[str, bytes | None]] = []
    for path in paths:
        if known is not None and path in known:
            contents.append((os.path.basename(path), known[path]))
            continue
        try:
            contents.append((os.path.basename(path), read(Path(path), within, limit)))
        except Unreadable:
            contents.append((os.path.basename(path), None))
    return fingerprint(*contents)


class KeptReads:
    """A reader that keeps what it read, by path (None: unreadable), for :func:`file_digest`.

    The load stage reads an article's files with it, so the article's cache entry is
    signed with the bytes it was made from, each file read once: reading them again
    afterwards cost a tenth of loading, and an edit saved in between would have signed
    the new text over the old result.
    """

    def __init__(self) -> None:
        self.read: dict[str, bytes | None] = {}

    def __call__(self, path: Path, within: Path, limit: int) -> bytes:
        """``files.read``, remembered."""
        try:
            data = read(path, within, limit)
        except Unreadable:
            self.read[str(path)] = None
            raise
        self.read[str(path)] = data
        return data


UNLISTED: Stat = (-1, -1, -1)  # the stat of a folder the walk cannot list


def stat_tree(*roots: str | Path) -> dict[str, Stat]:
    """Size, mtime and mode of every file under the given folders (or of the given files).

    Hidden entries are left out, as the build ignores them. One ``lstat`` per entry, and
    a second only for a link (whose target's stat is recorded: a link to a folder has
    the folder's stat, and is not followed). An entry that cannot be stat-ed (a broken
    link, a file gone during the walk) and a folder that cannot be listed have
    :data:`UNLISTED`: discovery reports them, so making them readable again is a change.

    Every build walks ``content/`` before it knows anything else, so the loop is tight:
    ``listdir`` and ``lstat`` by name took 60 ms over 15,000 files where ``scandir``'s
    entries took 100 ms (each entry is an object, its path and stat more).
    """
    found: dict[str, Stat] = {}
    folders = []
    for root in map(str, roots):
        if os.path.isdir(root):
            folders.append(root)
        elif os.path.isfile(root):
            found[root] = stat_of(os.stat(root))
    lstat, follow = os.lstat, os.stat
    while folders:
        folder = folders.pop()
        try:
            names = os.listdir(folder)
        except OSError:
            found[folder] = UNLISTED
            continue
        base = folder if folder.endswith(os.sep) else folder + os.sep
        for name in names:
            if name.startswith("."):
                continue
            path = base + name
            try:
                seen = lstat(path)
                if S_ISLNK(seen.st_mode):
                    seen = follow(path)
                elif S_ISDIR(seen.st_mode):
                    folders.append(path)
                    continue
            except OSError:
                found[path] = UNLISTED  # a broken link, or gone: discovery walks again to see which
                continue
            found[path] = (seen.st_size, seen.st_mtime_ns, seen.st_mode)
    return found


def updated_tree(root: Path, before: Mapping[str, Stat], changed: frozenset[str]) -> dict[str, Stat]:
    """What :func:`stat_tree` of ``root`` gives, from its answer ``before`` and the paths changed since.

    Only files are updated this way: a file saved, added or removed in a folder the walk
    already knew. Anything else among ``changed`` — a folder, a path that was one, one in a
    folder the walk did not know, an entry the walk could not read — has it walk again.
    Paths outside ``root`` and hidden ones are not the walk's, and are passed over.
    """
    base = str(root) + os.sep
    if any(stat == UNLISTED for stat in before.values()):
        return stat_tree(root)
    tree = dict(before)
    folders = {path.rpartition(os.sep)[0] for path in before} | {str(root)}
    for path in changed:
        inside = path[len(base):] if path.startswith(base) else None
        if inside is None or any(part.startswith(".") for part in inside.split(os.sep)):
            continue
        try:
            seen = os.lstat(path)
        except OSError:
            seen = None
        if path in folders or path.rpartition(os.sep)[0] not in folders or (seen is not None and S_ISDIR(seen.st_mode)):
            return stat_tree(root)
        if seen is None:
            tree.pop(path, None)
            continue
        try:
            tree[path] = stat_of(os.stat(path))  # as the walk: a link has its target's stat
        except OSError:
            return stat_tree(root)  # a broken link: the walk records it, and discovery says why
    return tree


def folder_contents(folder: Path) -> tuple[tuple[str, bytes | None], ...]:
    """The path and bytes of every file under ``folder``, in path order (for a fingerprint); None for a
    file that would not be read (the stage reading it reports why)."""
    contents: list[tuple[str, bytes | None]] = []
    for path in sorted(stat_tree(folder)):
        try:
            contents.append((path, read(Path(path), folder, THEME_LIMIT)))
        except Unreadable:
            contents.append((path, None))
    return tuple(contents)


def stat_signature(paths: Iterable[str], known: Mapping[str, Stat] | None = None) -> str:
    """Name, size, modification time and mode of each file: unchanged signature, unchanged files.

    ``known`` holds what was already read (the build's walk of ``content/``).
    """
    signature = []
    for path in paths:
        seen = known.get(path) if known else None
        if seen is None:
            try:
                seen = stat_of(os.stat(path))
            except OSError:
                seen = (-1, -1, -1)
        signature.append(f"{os.path.basename(path)}\0{seen[0]}\0{seen[1]}\0{seen[2]}")
    return "\n".join(signature)
