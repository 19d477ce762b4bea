"""What the render stage reads from the theme: templates, UI catalogs and static files.

Every one is read as content is (``digest/files.py``): a regular file inside the folder
it belongs to, at most a size limit. A site's ``templates/`` may come from a pull
request too: a template or asset that links outside the project, a pipe, a folder
link under ``static/`` are errors with their path, never read.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

import jinja2
from babel.support import NullTranslations, Translations
from jinja2.loaders import split_template_path

from digest import urls
from digest.config import Config
from digest.errors import Diagnostic, error
from digest.files import THEME_LIMIT, Unreadable, read
from digest.model import Output


def compile_catalog(locale_dir: Path, lang: str) -> bytes | None:
    """The compiled (.mo) form of a language's ``messages.po``; None when it has none."""
    po = locale_dir / lang / "LC_MESSAGES" / "messages.po"
    if not po.is_file():
        return None
    # Imported here: a build whose compiled catalogs are kept (see Renderer) never parses a .po file.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(read(po, locale_dir, THEME_LIMIT)), locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def translations(compiled: bytes | None) -> NullTranslations:
    """The translations of a compiled catalog (none: every message as written)."""
    return NullTranslations() if compiled is None else Translations(io.BytesIO(compiled))


class TemplateUnreadable(jinja2.TemplateError):
    """A template file that is not read: a link out of its folder, a pipe, not UTF-8."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(reason)
        self.path, self.reason = path, reason


class TemplateLoader(jinja2.BaseLoader):
    """Templates from the template folders, the site's own first, each a regular file inside its folder."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self._folders = folders

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        """The text of ``template``, the file it came from, and a check that it is unchanged."""
        parts = split_template_path(template)
        for folder in self._folders:
            path = folder.joinpath(*parts)
            if not os.path.lexists(path):
                continue
            try:
                source = read(path, folder, THEME_LIMIT).decode("utf-8")
            except Unreadable as exc:
                raise TemplateUnreadable(path, str(exc)) from None
            except UnicodeDecodeError:
                raise TemplateUnreadable(path, "not UTF-8 text; save it as UTF-8") from None
            return source, str(path), partial(_unchanged, path, os.path.getmtime(path))
        raise jinja2.TemplateNotFound(template)


def _unchanged(path: Path, mtime: float) -> bool:
    """Whether a template file is as it was when read (Jinja2 asks before reusing a compiled template)."""
    try:
        return os.path.getmtime(path) == mtime
    except OSError:
        return False


def static_files(config: Config) -> tuple[list[Output], list[Diagnostic]]:
    """The theme's ``static/`` files, the site's own overriding the default's, and what could not be read."""
    found: dict[str, Output] = {}
    problems: list[Diagnostic] = []
    for folder in reversed(config.template_dirs):
        static = folder / "static"
        for path in _files(static, problems, config):
            name = path.relative_to(static).as_posix()
            try:
                found[name] = Output(urls.static(name), read(path, folder, THEME_LIMIT))
            except Unreadable as exc:
                problems.append(error(shown(path, config), 0, str(exc)))
    return [found[name] for name in sorted(found)], problems


def _files(static: Path, problems: list[Diagnostic], config: Config) -> list[Path]:
    """Every file under ``static`` (not hidden), noting folder links, which are not followed."""
    paths: list[Path] = []
    for folder, dirs, files in os.walk(static):
        for name in [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            problems.append(error(shown(Path(folder, name), config), 0,
                                  "a link to a folder: digest does not follow it; copy the files into static/ instead"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)))
        paths += [Path(folder, name) for name in sorted(files) if not name.startswith(".")]
    return paths


def shown(path: Path | str, config: Config) -> str:
    """A file name relative to the project when it is inside it (a link is named where it is, not where it leads)."""
    try:
        return Path(os.path.abspath(path)).relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
