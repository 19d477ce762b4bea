"""Compiled templates kept between builds: Jinja2's bytecode and the catalogs, sealed, per site-wide key and language.

Compiling the theme's templates took 0.2 s of every rebuild that renders a page (an
edit renders two), more than rendering them. Jinja2 can keep each template's compiled
code (:class:`jinja2.BytecodeCache`); this one keeps it in ``.digest-cache/templates/``:

* one folder per site-wide key (the code, every template and catalog file's bytes, the
  settings): translations are compiled into the templates, so other catalogs or
  settings never read these; a build with a new key removes the other folders;
* one folder per language within it, for the same reason (Jinja2 names a template's
  code by the template's name alone);
* each language's compiled UI catalog (``messages.mo``) beside its templates: parsing the
  .po file cost a rebuild 16 ms, and the folder's key covers the catalog's bytes;
* every file sealed like the rest of the cache (:mod:`digest.build.secret`): loading
  compiled code runs it, so only what this user's digest wrote is loaded. Jinja2 itself
  also checks the template's source and its own and Python's versions.

A file that cannot be read or written is compiled again, never an error.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from digest.build.sealed import CACHE, opened, sealed

FOLDER = "templates"
CATALOG = "messages.mo"  # the language's compiled UI catalog, beside its compiled templates


class TemplateCache(jinja2.BytecodeCache):
    """The compiled templates of one site-wide key and language, in their own folder."""

    def __init__(self, root: Path, site_wide: str, lang: str) -> None:
        self._base = root / CACHE / FOLDER
        self._key = site_wide[:16]
        self._folder = self._base / self._key / lang

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill ``bucket`` with the stored code, if it is there and sealed by this user's digest."""
        try:
            payload = opened((self._folder / f"{bucket.key}.code").read_bytes())
        except (OSError, ValueError):
            return
        try:
            bucket.bytecode_from_string(bytes(payload))  # Jinja2 resets the bucket if it is stale
        except Exception:  # a truncated or foreign file: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Store ``bucket``'s code."""
        self._store(self._folder / f"{bucket.key}.code", bucket.bytecode_to_string())

    def catalog(self, make: Callable[[], bytes | None]) -> bytes | None:
        """The language's compiled catalog kept with its templates, or the one ``make`` compiles, then kept.

        Parsing the .po file was 16 ms of a rebuild that renders a page; the folder's key
        covers the catalog files' bytes, so a kept one is never stale. Sealed like the
        code: translations are written into pages unescaped.
        """
        target = self._folder / CATALOG
        try:
            return bytes(opened(target.read_bytes()))
        except (OSError, ValueError):
            pass
        made = make()
        if made is not None:
            self._store(target, made)
        return made

    def _store(self, target: Path, payload: bytes) -> None:
        """Write ``payload`` sealed at ``target`` atomically (a temporary file, then a rename: workers may race)."""
        temporary = target.with_name(f"{target.name}.tmp{os.getpid()}")
        try:
            self._prepare()
            temporary.write_bytes(sealed(payload))
            os.replace(temporary, target)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)

    def _prepare(self) -> None:
        """Make this key's folder, removing the folders of other keys (they are never read again)."""
        if self._folder.is_dir():
            return
        with contextlib.suppress(OSError):
            for other in self._base.iterdir():
                if other.name != self._key:
                    shutil.rmtree(other, ignore_errors=True)
        self._folder.mkdir(parents=True, exist_ok=True)

    def clear(self) -> None:
        """Remove this key's compiled templates (Jinja2's interface; digest removes stale keys by itself)."""
        shutil.rmtree(self._folder, ignore_errors=True)
