"""Photos: renditions without metadata, in the right sizes, with the right markup; bad photos are located errors;
processing is cached by content, and a changed photo gets new names."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from digest import media
from digest.build import media as cached
from digest.build.pipeline import build
from digest.config import load_config
from digest.errors import BuildFailed
from tests.conftest import Project, article
from tests.sitecheck import broken_links, parse

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg(width: int = 1700, height: int = 1000, color: str = "red", gps: bool = True, orientation: int = 1) -> bytes:
    """A JPEG with EXIF (a GPS position, a camera make, an orientation) like a reporter's phone writes."""
    image = Image.new("RGB", (width, height), color)
    image.paste("blue", (0, 0, width // 4, height // 4))  # a mark in the top-left corner, to see rotation
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (6.0, 12.0, 0.0), 3: "E", 4: (106.0, 49.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def bomb(side: int = 100_000) -> bytes:
    """A tiny PNG whose header claims ``side`` × ``side`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b"")


BODY = "Jakarta — Isi berita.\n\n![Banjir di Jakarta](banjir.jpg)\n\nPeta ![peta banjir](banjir.jpg) di sini.\n"
ENGLISH = "---\ntitle: Kim meets Xi\nimage:\n  alt: Kim and Xi shake hands\n---\n\nBody.\n\n![Flood](banjir.jpg)\n"


def _photo_site(project: Project, photo: bytes | None = None, body: str = BODY) -> None:
    project.write("kabar/kim.jpg", photo if photo is not None else jpeg())
    project.write("kabar/banjir.jpg", jpeg(900, 600, "green"))
    image = "\n  src: kim.jpg\n  alt: Kim dan Xi berjabat tangan\n  caption: Pertemuan 2019.\n  credit: KCNA via Reuters"
    project.write("kabar/kim.md", article(title="Kim bertemu Xi", facts="false", image=image, body=body))
    project.write("kabar/kim.en.md", ENGLISH)
    project.write("lain.md", article(title="Lain", date="2023-09-19", facts="false", body="Berita lain."))
    (project.root / "pyproject.toml").write_text('[tool.digest]\nsearch = false\nbase_url = "https://kabar.example/"\n')


def _build(project: Project) -> None:
    build(load_config(project.root), parallel=False)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(path: Path, name: str) -> list[dict[str, str]]:
    parser = _Tags()
    parser.feed(path.read_text())
    return [a for tag, a in parser.tags if tag == name]


def _errors(project: Project) -> dict[str, str]:
    """Build a project that must fail; its errors by ``file:line``."""
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n")
    with pytest.raises(BuildFailed) as failed:
        _build(project)
    return {f"{d.location.path}:{d.location.line}": d.message for d in failed.value.diagnostics if d.is_error}


def _media(project: Project) -> dict[str, Path]:
    return {p.name: p for p in project.site("media").iterdir()}


def test_renditions_have_no_metadata_and_the_sizes_srcset_says(project: Project) -> None:
    _photo_site(project)
    _build(project)
    files = _media(project)
    assert files, "no renditions published"
    page = project.site("2023/09/20/kim/index.html")
    sources = [a for a in _tags(page, "source") + _tags(page, "img") if "srcset" in a]
    listed = {entry.split()[0].rsplit("/", 1)[-1]: int(entry.split()[1][:-1])
              for a in sources for entry in a["srcset"].split(", ")}
    widths_each = [[entry.split()[1] for entry in a["srcset"].split(", ")] for a in sources]
    assert [len(set(each)) for each in widths_each] == [len(each) for each in widths_each]  # each width once per srcset
    assert {name for name in listed if name.startswith(next(iter(listed))[:16])} <= files.keys()
    assert listed.keys() <= files.keys()
    widths = {w for name, w in listed.items() if name.endswith(".jpg") and "kim" not in name}
    assert max(listed.values()) == 1600
    assert 1700 not in listed.values()
    assert {480, 800, 900} <= widths | set(listed.values())  # the 900 px body photo: 480, 800, then its own width
    for name, width in listed.items():
        with Image.open(files[name]) as found:
            assert found.width == width, name
            assert found.width <= 1700
            assert not found.getexif(), f"{name} keeps EXIF"
            assert GPS_IFD not in found.getexif()
            assert "exif" not in found.info
            assert "xmp" not in found.info
            assert "icc_profile" not in found.info
        assert b"PhoneMaker" not in files[name].read_bytes()


def test_markup_lead_eager_body_lazy_og_absolute(project: Project) -> None:
    _photo_site(project)
    _build(project)
    page = project.site("2023/09/20/kim/index.html")
    html = page.read_text()
    images = _tags(page, "img")
    lead = next(a for a in images if a.get("fetchpriority") == "high")
    assert lead["alt"] == "Kim dan Xi berjabat tangan"
    assert lead["width"] == "1600"
    assert lead["height"] == "941"
    assert "loading" not in lead
    body = next(a for a in images if a.get("alt") == "Banjir di Jakarta")
    assert body["loading"] == "lazy"
    assert body["width"] == "900"
    assert body["height"] == "600"
    assert body["src"].startswith("../../../../media/")
    assert (page.parent / body["src"]).is_file()
    assert html.count("<picture>") == 3
    assert "<figcaption" in html
    assert "KCNA via Reuters" in html
    metas = {a.get("property") or a.get("name"): a["content"] for a in _tags(page, "meta") if "content" in a}
    assert re.fullmatch(r"https://kabar\.example/media/[0-9a-f]{16}-1200\.jpg", metas["og:image"])
    assert metas["og:image:width"] == "1200"
    assert metas["twitter:card"] == "summary_large_image"
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert script is not None
    ld = json.loads(script.group(1))
    assert ld["image"]["url"] == metas["og:image"]
    assert ld["image"]["width"] == 1200
    english = project.site("en/2023/09/20/kim/index.html")
    assert next(a for a in _tags(english, "img") if a.get("fetchpriority") == "high")["alt"] == "Kim and Xi shake hands"
    assert (english.parent / next(a for a in _tags(english, "img") if a.get("loading"))["src"]).is_file()
    other = {a.get("name"): a["content"] for a in _tags(project.site("2023/09/19/lain/index.html"), "meta") if "content" in a}
    assert other["twitter:card"] == "summary"


def test_exif_orientation_is_applied(project: Project) -> None:
    _photo_site(project, jpeg(1000, 600, orientation=6))  # 6: the camera was turned; show it rotated 90° clockwise
    _build(project)
    largest = max((p for p in _media(project).values() if p.suffix == ".jpg"), key=lambda p: Image.open(p).height)
    with Image.open(largest) as found:
        assert found.size == (600, 1000)
        corner = found.convert("RGB").getpixel((found.width - 10, 10))
        assert isinstance(corner, tuple)
        assert corner[2] > 200  # the blue corner is now top right


def test_bad_photos_are_located_errors_all_at_once(project: Project) -> None:
    project.write("a.md", article(title="A", facts="false", image="\n  src: a.jpg"))
    project.write("b.md", article(title="B", facts="false", image="\n  src: tidak-ada.jpg\n  alt: x"))
    project.write("c.md", article(title="C", facts="false", body="Teks.\n\n![rusak](rusak.jpg)"))
    project.write("rusak.jpg", jpeg()[:400])
    project.write("d.md", article(title="D", facts="false", image="\n  src: bom.png\n  alt: x"))
    project.write("bom.png", bomb())
    project.write("e.md", article(title="E", facts="false", body="Teks.\n\n![tif](foto.bmp)"))
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "BMP")
    project.write("foto.bmp", buffer.getvalue())
    found = _errors(project)
    assert "needs 'alt'" in found["content/a.md:5"]
    assert "no such file" in found["content/b.md:5"]
    assert "corrupt or truncated" in found["content/c.md:9"]
    assert "decompression bomb" in found["content/d.md:5"]
    assert "not a JPEG, PNG, WebP or GIF" in found["content/e.md:9"]
    assert not project.site().exists()
    shell = subprocess.run([sys.executable, "-m", "digest.cli", "-C", str(project.root), "build"],
                           capture_output=True, text=True, timeout=120, check=False)
    assert shell.returncode == 1
    assert "Traceback" not in shell.stderr + shell.stdout
    assert all(where in shell.stderr + shell.stdout for where in found)


def test_photos_beside_articles_are_not_ignored_files(project: Project) -> None:
    _photo_site(project)
    report = build(load_config(project.root), parallel=False)
    assert not [d for d in report.diagnostics if "not a Markdown file" in d.message]


def test_an_unchanged_photo_is_never_encoded_again(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    _photo_site(project)
    calls: list[int] = []
    real = media.renditions

    def counted(data: bytes) -> tuple[media.Encoded, ...]:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(media, "renditions", counted)
    _build(project)
    assert len(calls) == 2  # the lead photo and the body photo
    project.write("lain.md", article(title="Lain", date="2023-09-19", facts="false", body="Berita lain, diperbarui."))
    assert build(load_config(project.root), parallel=False).cached == 1  # the photo article is not processed again
    text = project.root / "content/kabar/kim.md"
    text.write_text(text.read_text().replace("Isi berita.", "Isi berita yang diperbarui."))
    _build(project)
    assert len(calls) == 2
    assert "diperbarui" in project.site("2023/09/20/kim/index.html").read_text()


def test_a_changed_photo_gets_new_names_and_the_old_ones_leave(project: Project) -> None:
    _photo_site(project)
    _build(project)
    before = set(_media(project))
    project.write("kabar/kim.jpg", jpeg(1300, 800, "yellow"))
    _build(project)
    after = set(_media(project))
    gone, new = before - after, after - before
    assert gone
    assert new
    assert all(name.endswith((".webp", ".jpg")) for name in new)
    html = project.site("2023/09/20/kim/index.html").read_text()
    assert all(name not in html for name in gone)
    assert any(name in html for name in new)
    manifest = (project.root / ".site.manifest").read_text()
    assert not any(name in manifest for name in gone)


def test_renditions_are_written_again_only_when_their_folder_was_touched(project: Project) -> None:
    """Renditions are checked by their folder's stat: after a photo is replaced or an article edited, the
    next build writes nothing; once a file is added to media/ by hand, every rendition is checked again."""
    _photo_site(project)
    _build(project)
    project.write("kabar/kim.jpg", jpeg(1300, 800, "yellow"))  # new renditions in, old ones out
    _build(project)
    again = build(load_config(project.root), parallel=False)
    assert again.written.changed == 0
    assert [stage for stage, _ in again.timings] == ["check", "total"]  # a no-op: nothing read, planned or compared
    path = project.root / "content" / "lain.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat baru.\n", encoding="utf-8")
    edited = build(load_config(project.root), parallel=False).written
    assert 0 < edited.changed <= 2  # the edited article's own pages, no rendition
    assert [stage for stage, _ in build(load_config(project.root), parallel=False).timings] == ["check", "total"]
    victim = sorted(_media(project).values())[0]
    made = victim.read_bytes()
    victim.write_bytes(b"damaged by hand")  # a change in place: the folder's stat does not show it ...
    project.site("media/stray.txt").write_text("by hand")  # ... until a file is added beside it
    assert build(load_config(project.root), parallel=False).written.changed == 1  # each rendition checked, one wrong
    assert victim.read_bytes() == made


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Nesting(HTMLParser):
    """Every element closed in order; no figure or block inside a paragraph."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("figure", "div", "p") and "p" in self.stack:
            self.problems.append(f"<{tag}> inside <p>")
        if tag == "source" and self.stack[-1:] != ["picture"]:
            self.problems.append("<source> outside <picture>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def test_photo_pages_are_valid_html_and_every_rendition_resolves(project: Project) -> None:
    _photo_site(project)
    _build(project)
    site = project.site()
    assert broken_links(site, "/", host="https://kabar.example") == []
    for name in ("2023/09/20/kim/index.html", "en/2023/09/20/kim/index.html"):
        links = parse(site / name).links
        assert sum("/media/" in link for link in links) >= 8  # the srcset candidates are checked as links
        checker = _Nesting()
        checker.feed((site / name).read_text())
        assert checker.problems == []
        assert checker.stack == []
        for image in _tags(site / name, "img"):
            assert image.get("alt")
            assert image["width"].isdigit()
            assert image["height"].isdigit()


def test_a_rendition_deleted_from_the_site_or_the_cache_is_made_again(project: Project) -> None:
    _photo_site(project)
    _build(project)
    published = _media(project)
    victim = sorted(published)[0]
    made = published[victim].read_bytes()
    published[victim].unlink()
    _build(project)  # the damage check: a published file gone is written again
    assert published[victim].read_bytes() == made
    published[victim].unlink()
    for stored in (project.root / ".digest-cache" / "media").iterdir():
        stored.unlink()  # and its cached rendition too: the build starts over without the cache
    _build(project)
    assert published[victim].read_bytes() == made


def test_a_file_digest_did_not_write_where_a_rendition_goes_stops_the_build(project: Project) -> None:
    _photo_site(project)
    _build(project)
    names = sorted(_media(project))
    project.write("kabar/kim.jpg", jpeg(1300, 800, "yellow"))
    shutil.rmtree(project.site())
    _build(project)
    new = sorted(set(_media(project)) - set(names))[0]
    shutil.rmtree(project.site())
    (project.root / ".site.manifest").unlink()
    project.site("media").mkdir(parents=True)
    project.site(f"media/{new}").write_bytes(b"not ours")
    with pytest.raises(BuildFailed) as failed:
        _build(project)
    assert any(new in d.location.path and "not written by digest" in d.message for d in failed.value.diagnostics)
    assert project.site(f"media/{new}").read_bytes() == b"not ours"


def test_image_names_are_checked_where_they_are_written(project: Project) -> None:
    project.write("a.md", article(title="A", facts="false", image="\n  src: https://contoh.id/x.jpg\n  alt: x"))
    project.write("b.md", article(title="B", facts="false", image="\n  src: ../../rahasia.jpg\n  alt: x"))
    project.write("c.md", article(title="C", facts="false", image="foto.jpg"))
    project.write("d.md", article(title="D", facts="false", image="\n  src: d.jpg\n  alt: x\n  lokasi: Jakarta"))
    project.write("d.jpg", jpeg(600, 400))
    project.write("d.en.md", "---\ntitle: D\nimage:\n  src: lain.jpg\n---\n\nBody.\n")
    found = _errors(project)
    assert "must be a file beside the article" in found["content/a.md:5"]
    assert "outside content/" in found["content/b.md:5"]
    assert "must be a mapping" in found["content/c.md:5"]
    assert "unknown key 'image.lokasi'" in found["content/d.md:5"]
    assert "a translation gives only its own alt and caption" in found["content/d.en.md:3"]


def test_photos_are_processed_in_the_pool_with_the_bytes_of_a_serial_build(tmp_path: Path, forks: list[str]) -> None:
    sites = []
    for name, parallel in (("serial", False), ("parallel", True)):
        project = Project(tmp_path / name)
        for i in range(70):  # over memo.PARALLEL_MIN misses: the articles are processed in forked workers
            project.write(f"a{i}.jpg", jpeg(500 + i, 300, gps=False))
            project.write(f"a{i}.md", article(title=f"A {i}", facts="false", image=f"\n  src: a{i}.jpg\n  alt: foto {i}"))
        (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n")
        build(load_config(project.root), parallel=parallel)
        sites.append(project.snapshot())
    assert len(forks) == 2  # one pool processed the articles (and their photos), one rendered the pages
    assert sum(name.startswith("media/") for name in sites[0]) == 70 * 4  # 480 and its own width, WebP and JPEG each
    assert sites[0] == sites[1]


def test_a_photo_over_the_size_limit_is_a_located_error(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cached, "SOURCE_MAX", 1_000)
    project.write("a.jpg", jpeg())
    project.write("a.md", article(title="A", facts="false", image="\n  src: a.jpg\n  alt: x"))
    with pytest.raises(BuildFailed) as failed:
        _build(project)
    assert any(str(d).startswith("content/a.md:5: error: image 'a.jpg': the photo is over") for d in failed.value.diagnostics)


def test_the_pixel_limit_is_digests_own_not_pillows_default() -> None:
    with pytest.raises(media.MediaError, match="too large to decode safely"):
        media.renditions(bomb(8_000))  # 64 megapixels: over digest's 60, under Pillow's default of 89


def test_a_headline_only_translation_shows_the_originals_photos_with_its_own_words(project: Project) -> None:
    """Under an English headline and summary alone, the page shows the original's body photos (as pictures, not
    broken <img>s) and the lead photo with the translation's own alt text."""
    _photo_site(project)
    project.write("kabar/kim.en.md", "---\ntitle: Kim meets Xi\nsummary: The two leaders met.\nimage:\n"
                                     "  alt: Kim and Xi shake hands\n---\n")
    _build(project)
    page = project.site("en/2023/09/20/kim/index.html")
    body = page.read_text(encoding="utf-8").split('<div class="body', 1)[1]  # the lead paragraph, then the rest
    assert body.count("<picture>") == 2
    assert 'alt="Banjir di Jakarta"' in body
    assert 'src="banjir.jpg"' not in body
    assert [a["alt"] for a in _tags(page, "img") if a.get("fetchpriority") == "high"] == ["Kim and Xi shake hands"]
    assert broken_links(project.site()) == []


def test_the_front_pages_lead_is_the_newest_days_story_with_a_photo(project: Project) -> None:
    """A later story of the same day without a photo does not take the lead from the one with a photo, which the
    front page shows large with its picture; the later one is listed after it."""
    from tests.sitecheck import tree

    _photo_site(project)
    project.write("sore.md", article(title="Kabar sore", date="2023-09-20T17:00:00+07:00", facts="false"))
    _build(project)
    front = tree(project.site("index.html"))
    lead = front.one("article", "lead")
    assert "with-photo" in lead.attrs["class"]
    assert lead.one("h2").text() == "Kim bertemu Xi"
    assert [img.attrs["alt"] for img in lead.all("img")] == ["Kim dan Xi berjabat tangan"]
    assert lead.one("img").attrs["src"].startswith("/media/")
    assert [t.one("h3").text() for t in front.all("li", "teaser")][0] == "Kabar sore"


def test_a_photo_added_to_a_body_by_an_edit_is_recorded_as_digests_own(project: Project) -> None:
    """A body-only edit that adds an inline photo writes its renditions in place; they go on the manifest,
    so a later full rebuild replaces them instead of stopping at files it takes for someone else's."""
    _photo_site(project)
    project.write("peta.jpg", jpeg(800, 500, "purple"))
    _build(project)
    before = set(_media(project))
    path = project.root / "content" / "lain.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n![Peta baru](peta.jpg)\n", encoding="utf-8")
    _build(project)
    new = set(_media(project)) - before
    assert new
    manifest = (project.root / ".site.manifest").read_text()
    assert all(name in manifest for name in new)
    (project.root / "pyproject.toml").write_text('[tool.digest]\nsearch = false\nbase_url = "https://lain.example/"\n')
    _build(project)  # every page again (a new base URL): nothing in the way
    assert new <= set(_media(project))
