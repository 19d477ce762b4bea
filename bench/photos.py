"""The benchmark corpus with photos: every article gets a small generated JPEG as its lead ``image``.

Used by ``run.py --photos``. It copies a generated corpus's ``neutral`` layout once and
adds to each original a 960×540 JPEG of its own (a distinct colour and band, so every
photo has its own content hash and renditions), named in its front matter. Unlike the
rest of the benchmark it needs Pillow, which digest installs.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

SIZE = (960, 540)  # published at 480, 800 and 960 px: three widths, WebP and JPEG each


def jpeg(number: int, shade: int = 0) -> bytes:
    """A small photo of its own for article ``number`` (``shade`` varies it for a "replace the photo" edit)."""
    from PIL import Image, ImageDraw  # only --photos needs Pillow

    image = Image.new("RGB", SIZE, ((number * 37 + shade) % 256, (number * 11) % 256, (number // 256 * 53) % 256))
    band = number % (SIZE[1] - 40)
    ImageDraw.Draw(image).rectangle((0, band, SIZE[0], band + 40), fill=(255 - shade % 256, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def with_photos(neutral: Path) -> Path:
    """A copy of the ``neutral`` corpus beside it where every original names its own photo (made once)."""
    target = neutral.with_name("neutral-photos")
    if (target / ".photos-done").is_file():
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(neutral, target, ignore=shutil.ignore_patterns("site", ".digest-cache", ".site.*"))
    originals = sorted(p for p in (target / "content").rglob("*.md") if p.name.count(".") == 1)
    for number, article in enumerate(originals):
        article.with_suffix(".jpg").write_bytes(jpeg(number))
        text = article.read_text(encoding="utf-8")
        head = f"---\nimage:\n  src: {article.stem}.jpg\n  alt: Foto ilustrasi artikel {number}\n"
        article.write_text(head + text.removeprefix("---\n"), encoding="utf-8")
    (target / ".photos-done").write_text(f"{len(originals)}\n")
    return target


def replace_photo(article: Path, shade: int) -> None:
    """Give ``article`` a new photo under the same file name (a photo edit)."""
    article.with_suffix(".jpg").write_bytes(jpeg(0, shade))
