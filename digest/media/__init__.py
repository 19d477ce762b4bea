"""A photo's bytes → its published renditions: oriented, stripped of metadata, in several widths.

Pillow decodes the photo once, applies its EXIF orientation, and encodes each width
(never wider than the source) as WebP and as a JPEG — or a PNG when it has
transparency. Nothing of the source's metadata is written: no EXIF, GPS, XMP or ICC
block survives, so a reporter's camera never publishes where they stood. Bad input
(a file that is not a JPEG, PNG, WebP or GIF; a corrupt or truncated one; a
decompression bomb) raises :class:`MediaError` with what to do; it never crashes or
hangs the build. The stage knows nothing of caching: ``build/media.py`` keeps the
results by content hash.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

WIDTHS = (480, 800, 1200, 1600)  # what srcset offers; the source's own width joins them when narrower than 1600
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # what browsers show everywhere; anything else is refused
MAX_PIXELS = 60_000_000  # a 60-megapixel photo is a big camera's; beyond, it is a bomb or a mistake
QUALITY = 82
WEBP_EFFORT = 3  # of 0-6: a third faster than the default 4, for a few per cent more bytes
VERSION = "1"  # bump when the encoding changes: published names carry it, so caches and browsers see new files


class MediaError(ValueError):
    """A photo that cannot be published, and what to do about it."""


@dataclass(frozen=True, slots=True)
class Encoded:
    """One rendition's bytes: width, height, MIME type and file extension."""

    width: int
    height: int
    mime: str
    ext: str
    data: bytes


def renditions(data: bytes) -> tuple[Encoded, ...]:
    """Every rendition of one photo, narrowest first, WebP then the fallback at each width."""
    from PIL import Image  # here, not at the top: a build with no new photo never loads Pillow (20 ms)

    image = _opened(data)
    alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    image = image.convert("RGBA" if alpha else "RGB")
    image.info = {}  # what Pillow carried over from the source (ICC, EXIF, XMP…) is not written
    made = []
    for width in widths(image.width):
        height = max(1, round(image.height * width / image.width))
        scaled = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        scaled.info = {}
        made.append(_encoded(scaled, "WEBP", "image/webp", "webp", quality=QUALITY, method=WEBP_EFFORT))
        if alpha:
            made.append(_encoded(scaled, "PNG", "image/png", "png", optimize=True))
        else:
            made.append(_encoded(scaled, "JPEG", "image/jpeg", "jpg", quality=QUALITY, optimize=True, progressive=True))
    return tuple(made)


def widths(source: int) -> tuple[int, ...]:
    """The widths a source ``source`` px wide is published in: the listed ones below it, then its own (at most 1600)."""
    widest = min(source, WIDTHS[-1])
    return (*(w for w in WIDTHS if w < widest), widest)


def _opened(data: bytes) -> Image.Image:
    """The decoded photo, upright; raise MediaError for anything that is not a sound JPEG, PNG, WebP or GIF."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow warns past it and raises past twice that: both are refused below
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
            if image.format == "JPEG":  # decode a camera's 6000 px at a half or a quarter: DCT scaling costs nothing
                image.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))  # still at least 1600 px each way, whatever the orientation
            image.load()  # the first frame of a GIF; decoding now finds truncation here
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise MediaError(f"the image is too large to decode safely (over {MAX_PIXELS:,} pixels, or a decompression "
                         "bomb): resize it before adding it") from None
    except UnidentifiedImageError:
        raise MediaError("not a JPEG, PNG, WebP or GIF image: convert it to one of those") from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, TypeError, struct.error) as exc:
        raise MediaError(f"the image is corrupt or truncated ({exc}): export it again") from None
    return upright if upright is not None else image


def _encoded(image: Image.Image, kind: str, mime: str, ext: str, **options: object) -> Encoded:
    """One rendition encoded; the options name no metadata, so none is written."""
    out = io.BytesIO()
    image.save(out, kind, **options)
    return Encoded(image.width, image.height, mime, ext, out.getvalue())
