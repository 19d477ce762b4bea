"""Photos in an article body: each ``<img>`` naming a file beside the article becomes a responsive ``<picture>``.

The body HTML is sanitized first; the markup put in here is made from our own values,
every attribute escaped. Addresses are relative to the page (``../../../../media/…``),
so the cached body is right under any ``base_url``. Body images are below the fold:
they load lazily; the lead photo (in the template) is eager with high priority.
"""

from __future__ import annotations

import re
from html import escape, unescape

from digest.model import Picture, Rendition

SIZES = "(max-width: 50rem) 100vw, 50rem"  # the text column is at most 50rem wide
_IMG = re.compile(r"(?P<alone><p>\s*)?<img\b(?P<attributes>[^>]*)>(?(alone)\s*</p>)")  # alone in a paragraph, or not
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def srcset(renditions: tuple[Rendition, ...], prefix: str) -> str:
    """A ``srcset`` value: every rendition with its width."""
    return ", ".join(f"{prefix}{r.name} {r.width}w" for r in renditions)


def picture_html(picture: Picture, alt: str, prefix: str) -> str:
    """A lazily loaded ``<picture>``: WebP sources, a JPEG/PNG fallback, width and height against layout shift."""
    fallback = picture.fallback
    default = next((r for r in fallback if r.width >= 800), fallback[-1])
    return (f'<picture><source type="image/webp" srcset="{escape(srcset(picture.sources("image/webp"), prefix))}" '
            f'sizes="{SIZES}"><img src="{escape(prefix + default.name)}" srcset="{escape(srcset(fallback, prefix))}" '
            f'sizes="{SIZES}" width="{picture.width}" height="{picture.height}" alt="{escape(alt)}" '
            'loading="lazy" decoding="async"></picture>')


def embed(html: str, pictures: dict[str, Picture], prefix: str) -> str:
    """``html`` with each image whose src is a key of ``pictures`` shown as a ``<picture>``; an image
    alone in its paragraph becomes a ``<figure>`` (a paragraph may not hold one)."""
    if not pictures or "<img" not in html:
        return html

    def swap(found: re.Match[str]) -> str:
        attributes = {name: unescape(value) for name, value in _ATTRIBUTE.findall(found.group("attributes"))}
        shown = pictures.get(attributes.get("src", ""))
        if shown is None:
            return found.group()
        made = picture_html(shown, attributes.get("alt", ""), prefix)
        return f'<figure class="photo">{made}</figure>' if found.group("alone") else made

    return _IMG.sub(swap, html)


def up(url: str) -> str:
    """The relative path from a page at ``url`` (a folder, site-relative) back to the site root."""
    return "../" * url.count("/")
