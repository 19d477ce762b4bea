"""An article's photos → :class:`~digest.model.Picture` values, renditions cached by content hash.

Runs where the article is processed (a forked worker during a clean build). Each
photo's bytes are hashed; its renditions are kept in ``.digest-cache/media/`` as
``<hash>-<width>.<ext>`` with a small JSON index ``<hash>.json`` written last, so an
unchanged photo is never decoded or encoded again — whichever article names it, and
however often that article is edited. The renditions are plain image bytes, not
pickles; the index carries a keyed hash of each (the cache's own key, see
``secret.py``), so a rendition committed or restored by someone else is never published.
Published names carry the hash (``media/<hash16>-800.webp``): a changed photo gets new
names, and the old files leave the site with the pages that named them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from digest import media, urls
from digest.build.sealed import CacheDamaged
from digest.build.secret import secret
from digest.config import Config
from digest.errors import Diagnostic, error
from digest.files import Unreadable, read
from digest.model import Article, ImageSource, Picture, Rendition

FOLDER = "media"  # under the cache
SOURCE_MAX = 50_000_000  # bytes: a photo from a camera, not a raw scan


@dataclass(frozen=True, slots=True)
class Photos:
    """The photos of one article: each by its project-relative path, the files they came from, the problems."""

    pictures: dict[str, Picture]
    files: tuple[str, ...]  # project-relative paths of every photo the article names (its cache depends on them)
    diagnostics: tuple[Diagnostic, ...]


def named(article: Article) -> list[tuple[str, ImageSource]]:
    """Every photo an article names, with the file that names it: the lead, then each variant's body images."""
    found = [(article.original.path, article.image)] if article.image is not None else []
    for variant in (article.original, *article.translations):
        found += [(variant.path, figure) for figure in variant.figures]
    return found


def photos(article: Article, config: Config) -> Photos:
    """Read and publish-prepare every photo ``article`` names; a missing or broken one is an error at its line."""
    pictures: dict[str, Picture] = {}
    problems: list[Diagnostic] = []
    failed: set[str] = set()
    files = []
    for where, source in named(article):
        if source.path not in files:
            files.append(source.path)
        if source.path in pictures or source.path in failed:
            if source.path in failed:
                problems.append(error(where, source.line, f"image {source.src!r}: see the error above"))
            continue
        try:
            pictures[source.path] = picture(config.root / source.path, config)
        except (Unreadable, media.MediaError) as exc:
            failed.add(source.path)
            problems.append(error(where, source.line, f"image {source.src!r}: {_why(exc, config.root / source.path)}"))
    return Photos(pictures, tuple(files), tuple(problems))


def _why(exc: Exception, path: Path) -> str:
    """What is wrong with a photo file, in words an editor can act on."""
    if isinstance(exc, Unreadable) and not path.exists() and not path.is_symlink():
        return "no such file beside the article: check the name (it is case-sensitive) or add the photo"
    if isinstance(exc, Unreadable) and "over the limit" in str(exc):
        return f"the photo is over {SOURCE_MAX // 1_000_000} MB: export it smaller (2,000 px wide is plenty)"
    return str(exc)


def picture(path: Path, config: Config) -> Picture:
    """One photo's renditions, from the cache when its bytes were seen before (no alt text yet)."""
    data = read(path, config.root, SOURCE_MAX)
    key = hashlib.blake2b(media.VERSION.encode() + b"\0" + data, digest_size=16).hexdigest()
    folder = config.root / ".digest-cache" / FOLDER
    found = _cached(folder, key)
    if found is None:
        found = _made(folder, key, media.renditions(data))
    widest = found[-1]
    return Picture(key, widest.width, widest.height, found, alt="")


def _cached(folder: Path, key: str) -> tuple[Rendition, ...] | None:
    """The renditions of ``key`` recorded in the cache (None: not made yet, or the index is not ours)."""
    try:
        index = json.loads((folder / f"{key}.json").read_bytes())
        made = tuple(_rendition(key, int(w), int(h), str(mime), ext) for w, h, mime, ext, _ in index)
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return made or None


def _rendition(key: str, width: int, height: int, mime: str, ext: object) -> Rendition:
    """A rendition's site path and cache file; raises ValueError for an extension this code never writes."""
    if ext not in ("webp", "jpg", "png"):
        raise ValueError(ext)
    return Rendition(f"{urls.MEDIA}{key[:16]}-{width}.{ext}", width, height, mime, f"{key}-{width}.{ext}")


def _made(folder: Path, key: str, encoded: tuple[media.Encoded, ...]) -> tuple[Rendition, ...]:
    """Store new renditions (each file in place atomically, the index last) and describe them.

    A cache that cannot be written costs only speed: the renditions are made again next time
    (a build without a cache folder fails later, when it publishes them, and says why).
    """
    index = [[r.width, r.height, r.mime, r.ext, _seal(r.data)] for r in encoded]
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        for r in encoded:
            _put(folder / f"{key}-{r.width}.{r.ext}", r.data)
        _put(folder / f"{key}.json", json.dumps(index).encode())
    return tuple(_rendition(key, r.width, r.height, r.mime, r.ext) for r in encoded)


def _put(path: Path, data: bytes) -> None:
    """Write a file under its final name at once (two workers may make the same photo)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _seal(data: bytes) -> str:
    """A keyed hash of a rendition: only this user's builds can vouch for its bytes."""
    return hashlib.blake2b(data, digest_size=16, key=secret().key).hexdigest()


def rendition_bytes(root: Path, cache: str) -> bytes:
    """The bytes of a rendition (its cache file ``<hash>-<w>.<ext>``), as this user's build made them.

    Raises CacheDamaged when the file is gone or its seal does not match, so the build
    starts over without the cache and makes it again.
    """
    folder = root / ".digest-cache" / FOLDER
    key, _, rest = cache.partition("-")
    try:
        for w, _, _, ext, seal in json.loads((folder / f"{key}.json").read_bytes()):
            if f"{w}.{ext}" == rest:
                data = (folder / cache).read_bytes()
                if _seal(data) == seal:
                    return data
    except (OSError, ValueError, TypeError):
        pass
    raise CacheDamaged(f"the photo {cache}")
