"""The photos an article names: its front-matter ``image`` and the images of its Markdown body.

Only names are checked here (relative to the article's file, inside ``content/``);
the files themselves are read and decoded later, by the build's media step, which
reports a missing or broken one at the line that names it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from digest.model import ImageSource

EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp", ".gif")  # photo files beside articles: not "ignored" content
IMAGE_KEYS = ("src", "alt", "caption", "credit")
TRANSLATED_KEYS = ("alt", "caption")  # what a translation may say in its own language

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")


def local(src: str) -> bool:
    """True when ``src`` names a file beside the article (not an address, an absolute path or a fragment)."""
    return not re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#)", src)


def resolve(src: str, article: str) -> str:
    """The project-relative path of ``src`` named in the file ``article`` (both with ``/``)."""
    return os.path.normpath(os.path.join(os.path.dirname(article), src)).replace(os.sep, "/")


def src_problem(src: str, path: str, content: str) -> str | None:
    """Why ``src`` (resolved to ``path``) cannot be a photo of the article, if it cannot."""
    if not local(src) or "\\" in src:
        return f"image src {src!r} must be a file beside the article, like kim-xi.jpg (not an address or an absolute path)"
    if not path.startswith(content.rstrip("/") + "/"):
        return f"image src {src!r} is outside {content}/: keep photos beside the articles"
    return None


def lead(value: Any, shown: str, line: int, content: str) -> tuple[ImageSource | None, list[str]]:
    """An original's ``image`` mapping → its lead photo, or the problems with it (all at ``line``)."""
    problems = _shape(value, IMAGE_KEYS)
    if problems:
        return None, problems
    texts = {key: _text(value.get(key)) for key in IMAGE_KEYS}
    for key in ("src", "alt"):
        if texts[key] is None:
            what = "the photo's file, like kim-xi.jpg" if key == "src" else "what the photo shows, for readers who cannot see it"
            problems.append(f"'image' needs '{key}': {what}")
    for key in ("caption", "credit"):
        if key in value and value[key] is not None and texts[key] is None:
            problems.append(f"'image.{key}' must be a text")
    src = texts["src"]
    if src is not None and (problem := src_problem(src, resolve(src, shown), content)):
        problems.append(problem)
    if problems or src is None or texts["alt"] is None:
        return None, problems
    return ImageSource(src, resolve(src, shown), line, texts["alt"], texts["caption"], texts["credit"]), []


def translated(value: Any) -> tuple[str | None, str | None, list[str]]:
    """A translation's ``image`` mapping → its own alt and caption, or the problems with it."""
    problems = _shape(value, TRANSLATED_KEYS, hint=" (a translation gives only its own alt and caption)")
    if problems:
        return None, None, problems
    alt, caption = _text(value.get("alt")), _text(value.get("caption"))
    return alt, caption, []


def figures(body: str, body_line: int, shown: str) -> tuple[ImageSource, ...]:
    """The images of a Markdown body that name files beside the article, each at its line (code blocks skipped)."""
    found = []
    fenced = False
    for number, text in enumerate(body.split("\n")):
        if _FENCE.match(text):
            fenced = not fenced
            continue
        if fenced or "![" not in text:
            continue
        for match in _MARKDOWN_IMAGE.finditer(text):
            src = match.group(2)
            if local(src):
                found.append(ImageSource(src, resolve(src, shown), body_line + number, match.group(1).strip()))
    return tuple(found)


def _shape(value: Any, allowed: tuple[str, ...], hint: str = "") -> list[str]:
    """The problems of an ``image`` value that is not a mapping of the ``allowed`` keys."""
    if not isinstance(value, dict):
        return ["'image' must be a mapping: src: photo.jpg and alt: what it shows, on indented lines"]
    return [f"unknown key 'image.{key}'{hint}; known: {', '.join(allowed)}" for key in value if key not in allowed]


def _text(value: Any) -> str | None:
    """Non-empty text, stripped (None otherwise)."""
    return value.strip() if isinstance(value, str) and value.strip() else None
