"""What ``digest init`` and ``digest new`` write: a ready site repository, a new article.

The files come from the templates in ``digest/starter/`` (packaged in the wheel), with
``__NAME__`` placeholders filled in. Neither command ever replaces a file: ``init``
checks every file it would write first and refuses, writing nothing, when any exists.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path

from digest import __version__, translations
from digest.config import Config, load_config
from digest.errors import DigestError
from digest.names import slugify

STARTER = Path(__file__).resolve().parent / "starter"
# The distribution's name on PyPI: "digest" there is an unrelated package.
DISTRIBUTION = "digest-news"

# What init writes: (path in the new site, template in STARTER).
SITE_FILES = (
    ("pyproject.toml", "pyproject.toml.tmpl"),
    (".gitignore", "gitignore.tmpl"),
    (".github/workflows/pages.yml", "pages.yml.tmpl"),
    (".github/workflows/check.yml", "check.yml.tmpl"),
    ("content/selamat-datang.md", "selamat-datang.md.tmpl"),
    ("content/selamat-datang.en.md", "selamat-datang.en.md.tmpl"),
)
_PROJECT_MARKS = ("pyproject.toml", ".digest-cache", ".digest.lock")  # beside content/: a digest project


def fill(template: str, values: dict[str, str]) -> str:
    """The text of ``STARTER/template`` with each ``__KEY__`` replaced by ``values[KEY]``."""
    text = (STARTER / template).read_text(encoding="utf-8")
    # one pass: a value that holds "__DATE__" (a title, say) is written as it is, never filled in again
    return re.sub(r"__([A-Z]+)__", lambda found: values.get(found[1], found[0]), text)


# A pinned digest: one release, or one commit of a git repository (a branch or tag can move).
_PINNED = re.compile(rf"{DISTRIBUTION}(==[0-9][0-9A-Za-z.+!-]*| @ git\+https://[^\s@#]+@[0-9a-f]{{40}})")


def requirement(pin: str | None = None) -> str:
    """The requirement a new site's workflow installs digest with: ``pin`` if given, checked to be pinned."""
    if pin is None:
        return f"{DISTRIBUTION}=={__version__}"
    if not _PINNED.fullmatch(pin.strip()):
        raise DigestError(f"--pin {pin!r}: give one release or one commit, like {DISTRIBUTION}=={__version__} or "
                          f"'{DISTRIBUTION} @ git+https://github.com/you/digest@<the commit's 40 hex digits>'")
    return pin.strip()


def _enclosing_project(folder: Path) -> Path | None:
    """The digest project whose ``content/`` holds ``folder`` (or is it), if there is one."""
    for place in (folder, *folder.parents):
        if place.name == "content" and any(os.path.lexists(place.parent / mark) for mark in _PROJECT_MARKS):
            return place.parent
    return None


def init(target: Path, pin: str | None = None) -> list[str]:
    """Write a new site into ``target`` (made if missing); the paths written, relative to it.

    Raises DigestError, having written nothing, when ``target`` is inside a project's
    ``content/``, when any of the files exists already, or when ``pin`` is not pinned.
    """
    pinned = requirement(pin)
    folder = target.resolve()
    if folder.exists() and not folder.is_dir():
        raise DigestError(f"{target}: is a file, not a folder")
    if (project := _enclosing_project(folder)) is not None:
        raise DigestError(f"{target}: is inside content/ of the digest project {project}; "
                          "a new site needs a folder of its own (outside any content/)")
    existing = [name for name, _ in SITE_FILES if os.path.lexists(folder / name)]
    if existing:
        raise DigestError(f"{target}: digest init never replaces a file, and these exist: {', '.join(existing)}; "
                          "move them away, or start the site in an empty folder")
    (settings, template), *others = SITE_FILES
    _create(folder / settings, fill(template, {}))
    config = load_config(folder)  # the example's dateline is the one the settings just written configure
    values = {"REQUIREMENT": json.dumps(pinned), **_dated(config)}  # JSON text is a quoted YAML string
    for name, template in others:
        _create(folder / name, fill(template, values))
    return [name for name, _ in SITE_FILES]


def _create(path: Path, text: str) -> None:
    """Write a new file; one made meanwhile by someone else is never replaced ("x")."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:
        out.write(text)


def _dated(config: Config) -> dict[str, str]:
    """A new article's date (this minute, in the site's time zone) and its dateline's place and outlet."""
    now = datetime.now(config.tz).replace(second=0, microsecond=0).isoformat()
    return {"DATE": now, "PLACE": config.dateline, "OUTLET": config.outlet or config.default_language.title}


def new_article(config: Config, title: str) -> Path:
    """Write ``content/<slug>.md``, a draft dated now that lists every optional key as a comment."""
    slug = slugify(title)
    if not slug:
        raise DigestError(f"cannot make a file name from the title {title!r}; the file name is made "
                          "from its Latin letters and digits: give one with some, and change the title in the file after")
    path = config.content_dir / f"{slug}.md"
    if os.path.lexists(path):
        raise DigestError(f"{path.relative_to(config.root)} already exists; choose another title")
    _create(path, fill("article.md.tmpl", {"TITLE": json.dumps(title, ensure_ascii=False), **_dated(config)}))
    return path


def new_translation(config: Config, slug: str) -> Path:
    """Write ``x.<lang>.md`` beside the original of ``slug`` (anywhere under ``content/``): a headline-only
    translation with placeholders, ``translated_from`` the original's text as it is now."""
    article = translations.find(translations.load(config), slug)
    lang = config.languages[1].code
    path = config.root / translations.translation_path(article, lang)
    if os.path.lexists(path):
        raise DigestError(f"{translations.translation_path(article, lang)} already exists: digest never replaces a file; "
                          f"digest translations says whether it is current")
    values = {"FROM": translations.text_fingerprint(article.original), "ORIGINAL": Path(article.original.path).name}
    _create(path, fill("translation.md.tmpl", values))
    return path
