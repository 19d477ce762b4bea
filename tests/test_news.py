"""A newsroom's duties: schedules, updates and corrections, the publication time, sections, bylines and tags."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.build import changes
from digest.build.changes import InPlace, NoOp, Rebuild
from digest.build.pipeline import BuildReport, build, preview
from digest.config import Config, load_config
from digest.errors import BuildFailed, ConfigError
from tests.conftest import Project, article

WIB = ZoneInfo("Asia/Jakarta")
BEFORE = datetime(2023, 9, 21, 10, 5, tzinfo=WIB)  # the scheduled article is due at 10:30 that hour
AFTER = datetime(2023, 9, 21, 10, 40, tzinfo=WIB)


def _config(project: Project, now: datetime = BEFORE, **settings: object) -> Config:
    return replace(load_config(project.root), build_time=now, **settings)  # type: ignore[arg-type]


def _populate(project: Project) -> None:
    project.write("a.md", article(title="Banjir", date="2023-09-12T10:00:00+07:00", facts="false", countries="[JP]",
                                  category="Olahraga", author="Rina Wulandari", tags="[banjir, cuaca]",
                                  summary="Ringkasan."))
    project.write("a.en.md", "---\ntitle: Floods\nlang: en\n---\nFloods in Jakarta.\n")
    project.write("b.md", article(title="Pasar", date="2023-09-13T08:00:00+07:00", facts="false", category="Ekonomi"))
    project.write("later.md", article(title="Nanti", date="2023-09-21T10:30:00+07:00", facts="false", countries="[JP]",
                                      category="Olahraga", author="Rina Wulandari"))
    (project.root / "pyproject.toml").write_text('[tool.digest]\nsearch = false\nbase_url = "https://x.example/"\n\n'
                                                 '[tool.digest.categories]\nOlahraga = "Sport"\n', encoding="utf-8")


def _read(root: Path, path: str) -> str:
    return (root / path).read_text(encoding="utf-8")


def _jsonld(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert found is not None
    data = json.loads(found.group(1))
    assert isinstance(data, dict)
    return data


# ------------------------------------------------------------------------ schedules


def test_a_scheduled_article_is_left_out_with_a_note(project: Project) -> None:
    """An article dated after now is on no page, feed or sitemap; the summary says when it is due."""
    _populate(project)
    report = build(_config(project), parallel=False)
    site = project.snapshot()
    assert "2023/09/21/later/index.html" not in site
    assert "en/2023/09/21/later/index.html" not in site
    for name in ("feed.xml", "sitemap.xml", "negara/jepang/index.html", "negara/jepang/feed.xml",
                 "rubrik/olahraga/index.html", "penulis/rina-wulandari/index.html", "en/sections/sport/feed.xml"):
        assert b"later" not in site[name], name
        assert b"Nanti" not in site[name], name
    assert b"Banjir" in site["negara/jepang/index.html"]
    assert report.articles == 2
    assert ("note: 1 scheduled article left out; the next is due 2023-09-21 10:30 WIB "
            "(digest build --future includes them)") in [str(d) for d in report.diagnostics]


def test_future_includes_scheduled_articles_unlabelled(project: Project) -> None:
    """``--future`` publishes them, without the preview's label and without the note."""
    _populate(project)
    report = build(_config(project, future=True), parallel=False)
    page = project.site("2023/09/21/later/index.html").read_text(encoding="utf-8")
    assert "Terjadwal" not in page
    assert b"later" in project.snapshot()["feed.xml"]
    assert not [d for d in report.diagnostics if "scheduled" in d.message]


def test_the_preview_shows_scheduled_articles_labelled(project: Project) -> None:
    """``digest serve`` shows a scheduled article, labelled so in each language; the others are not."""
    _populate(project)
    config = preview(_config(project))
    build(config, parallel=False)
    root = config.output_dir
    assert '<strong class="scheduled">Terjadwal</strong>' in _read(root, "2023/09/21/later/index.html")
    assert '<strong class="scheduled">Scheduled</strong>' in _read(root, "en/2023/09/21/later/index.html")
    assert "Terjadwal" not in _read(root, "2023/09/12/a/index.html")
    assert "Nanti" in _read(root, "index.html")
    assert not project.site().exists()
    path = project.root / "content" / "later.md"  # an edit renders only its own pages: still labelled
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat tambahan.\n", encoding="utf-8")
    build(config, parallel=False)
    page = _read(root, "2023/09/21/later/index.html")
    assert "Kalimat tambahan." in page
    assert '<strong class="scheduled">Terjadwal</strong>' in page


def _decisions(monkeypatch: pytest.MonkeyPatch) -> list[Rebuild]:
    decided: list[Rebuild] = []
    real = changes.decide

    def recorded(*args: object) -> Rebuild:
        decided.append(real(*args))  # type: ignore[arg-type]
        return decided[-1]

    monkeypatch.setattr(changes, "decide", recorded)
    return decided


@pytest.mark.parametrize("previewing", [False, True])
def test_a_rebuild_notices_a_scheduled_article_falling_due(project: Project, monkeypatch: pytest.MonkeyPatch,
                                                           previewing: bool) -> None:
    """No file changed, the same hour: before the due time nothing is done, after it the article is published
    (and a preview's label is gone), as a clean build would."""
    _populate(project)
    make = preview if previewing else (lambda c: c)
    build(make(_config(project)), parallel=False)
    decided = _decisions(monkeypatch)
    build(make(_config(project, datetime(2023, 9, 21, 10, 29, tzinfo=WIB))), parallel=False)
    report = build(make(_config(project, AFTER)), parallel=False)
    assert [type(d) for d in decided] == [NoOp, InPlace]
    root = make(_config(project)).output_dir
    page = _read(root, "2023/09/21/later/index.html")
    assert "Terjadwal" not in page
    assert "Nanti" in _read(root, "rubrik/olahraga/index.html")
    assert not [d for d in report.diagnostics if "scheduled" in d.message]
    assert changes.last_state(make(_config(project))).due is None
    if not previewing:
        clean = Project(project.root.parent / "clean")
        for path in (project.root / "content").iterdir():
            clean.write(path.name, path.read_bytes())
        (clean.root / "pyproject.toml").write_bytes((project.root / "pyproject.toml").read_bytes())
        build(_config(clean, AFTER), parallel=False)
        assert project.snapshot() == clean.snapshot()


def test_a_body_edit_to_a_scheduled_article_publishes_nothing(project: Project) -> None:
    """The short way (its own pages only) leaves a scheduled article out too."""
    _populate(project)
    build(_config(project), parallel=False)
    path = project.root / "content" / "later.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nKalimat tambahan.\n", encoding="utf-8")
    report = build(_config(project), parallel=False)
    assert not project.site("2023/09/21/later").exists()
    assert any("1 scheduled article left out" in d.message for d in report.diagnostics)


# ------------------------------------------------------------ updates and corrections


def _updated(project: Project) -> BuildReport:
    path = project.root / "content" / "a.md"
    text = path.read_text(encoding="utf-8").replace("facts: false", "facts: false\nupdated: 2023-09-14T09:15:00+07:00\n"
                                                    "correction: 'Nama *kota* salah. <script>alert(1)</script>'")
    path.write_text(text, encoding="utf-8")
    return build(_config(project), parallel=False)


def test_an_update_moves_date_modified_the_feed_and_the_sitemap(project: Project) -> None:
    """``updated`` is the JSON-LD dateModified, the feed entry's <updated> and the sitemap's lastmod."""
    _populate(project)
    build(_config(project), parallel=False)
    page = project.site("2023/09/12/a/index.html").read_text(encoding="utf-8")
    assert "dateModified" not in _jsonld(page)
    _updated(project)
    page = project.site("2023/09/12/a/index.html").read_text(encoding="utf-8")
    assert _jsonld(page)["dateModified"] == "2023-09-14T09:15:00+07:00"
    assert _jsonld(page)["datePublished"] == "2023-09-12T10:00:00+07:00"
    entry = re.search(r"<entry>(?:(?!</entry>).)*Banjir(?:(?!</entry>).)*</entry>", _read(project.site(), "feed.xml"), re.DOTALL)
    assert entry is not None
    assert "<updated>2023-09-14T09:15:00+07:00</updated>" in entry.group()
    assert "<published>2023-09-12T10:00:00+07:00</published>" in entry.group()
    sitemap = _read(project.site(), "sitemap.xml")
    assert re.search(r"<loc>https://x.example/2023/09/12/a/</loc>\s*<lastmod>2023-09-14T09:15:00\+07:00</lastmod>", sitemap)
    assert 'Diperbarui <time datetime="2023-09-14T09:15:00+07:00">Kamis, 14 September 2023, 09.15 WIB</time>' in page
    english = project.site("en/2023/09/12/a/index.html").read_text(encoding="utf-8")
    assert 'Updated <time datetime="2023-09-14T09:15:00+07:00">Thursday, September 14, 2023, 09:15 WIB</time>' in english


def test_the_correction_is_shown_sanitized_in_its_language(project: Project) -> None:
    """The correction is a note box, its Markdown rendered and its script removed; an English page shows the
    original's note marked as Indonesian, unless the translation gives its own."""
    _populate(project)
    _updated(project)
    page = project.site("2023/09/12/a/index.html").read_text(encoding="utf-8")
    box = re.search(r'<aside class="correction" role="note">(.*?)</aside>', page, re.DOTALL)
    assert box is not None
    assert "Nama <em>kota</em> salah." in box.group(1)
    assert "<script" not in box.group(1)
    assert "alert" not in box.group(1)
    assert '<aside class="correction" role="note" lang="id">' in _read(project.site(), "en/2023/09/12/a/index.html")
    project.write("a.en.md", "---\ntitle: Floods\nlang: en\ncorrection: The *city* was misnamed.\n---\nFloods in Jakarta.\n")
    build(_config(project), parallel=False)
    english = _read(project.site(), "en/2023/09/12/a/index.html")
    assert '<aside class="correction" role="note">' in english
    assert "The <em>city</em> was misnamed." in english
    assert "correction" not in _read(project.site(), "2023/09/13/b/index.html")


def test_updated_before_date_is_a_located_error(project: Project) -> None:
    """An update dated before publication fails the build at its line, site/ untouched."""
    _populate(project)
    project.write("c.md", article(title="C", date="2023-09-12T10:00:00+07:00", updated="2023-09-11T10:00:00+07:00"))
    with pytest.raises(BuildFailed) as failed:
        build(_config(project), parallel=False)
    messages = [str(d) for d in failed.value.diagnostics]
    assert any(m.startswith("content/c.md:4: error: 'updated' (2023-09-11T10:00:00+07:00) is before 'date'")
               for m in messages), messages
    assert not project.site().exists()


def test_the_publication_time_reads_as_readers_expect(project: Project) -> None:
    """"Selasa, 12 September 2023, 10.00 WIB" in a <time> with an RFC 3339 datetime; other zones by offset."""
    _populate(project)
    project.write("d.md", article(title="D", date="2023-09-12T10:00:00+09:00", facts="false"))
    project.write("e.md", article(title="E", date="2023-09-12T10:00:00+05:30", facts="false"))
    build(_config(project), parallel=False)
    page = _read(project.site(), "2023/09/12/a/index.html")
    assert '<time datetime="2023-09-12T10:00:00+07:00">Selasa, 12 September 2023, 10.00 WIB</time>' in page
    english = _read(project.site(), "en/2023/09/12/a/index.html")
    assert '<time datetime="2023-09-12T10:00:00+07:00">Tuesday, September 12, 2023, 10:00 WIB</time>' in english
    # Shown in the site's zone: 10:00 WIT is 08:00 WIB, 10:00 at +05:30 is 11:30 WIB.
    assert "Selasa, 12 September 2023, 08.00 WIB" in _read(project.site(), "2023/09/12/d/index.html")
    assert "Selasa, 12 September 2023, 11.30 WIB" in _read(project.site(), "2023/09/12/e/index.html")


def test_zone_names() -> None:
    """WIB, WITA, WIT by their offsets; any other zone by its offset from UTC."""
    from digest import urls

    moment = datetime(2023, 9, 12, 3, 0, tzinfo=ZoneInfo("UTC"))
    shown = [urls.moment_display(moment.astimezone(ZoneInfo(zone)), "id")
             for zone in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Kolkata", "UTC", "America/Sao_Paulo")]
    assert shown == ["Selasa, 12 September 2023, 10.00 WIB", "Selasa, 12 September 2023, 11.00 WITA",
                     "Selasa, 12 September 2023, 12.00 WIT", "Selasa, 12 September 2023, 08.30 UTC+05:30",
                     "Selasa, 12 September 2023, 03.00 UTC", "Selasa, 12 September 2023, 00.00 UTC-03:00"]


# ---------------------------------------------------------------- sections and bylines


def test_section_and_byline_pages_in_both_languages(project: Project) -> None:
    """One page and feed per category and author per language, the English category named from config
    (the built-in rubric's name where none is given), linked from the article, in the sitemap, with hreflang."""
    _populate(project)
    build(_config(project), parallel=False)
    site = project.snapshot()
    for name in ("rubrik/olahraga/index.html", "rubrik/olahraga/feed.xml", "rubrik/ekonomi/index.html",
                 "en/sections/sport/index.html", "en/sections/sport/feed.xml", "en/sections/business/index.html",
                 "penulis/rina-wulandari/index.html", "penulis/rina-wulandari/feed.xml",
                 "en/authors/rina-wulandari/index.html", "en/authors/rina-wulandari/feed.xml"):
        assert name in site, name
    sport = site["en/sections/sport/index.html"].decode()
    assert "<h1>Sport</h1>" in sport
    assert "Floods" in sport
    assert "Pasar" not in sport
    assert 'hreflang="id" href="https://x.example/rubrik/olahraga/"' in sport
    assert "<h1>Olahraga</h1>" in site["rubrik/olahraga/index.html"].decode()
    assert "<title>Sport · The Week in Brief</title>" in site["en/sections/sport/feed.xml"].decode()
    page = site["2023/09/12/a/index.html"].decode()
    assert '<a href="/rubrik/olahraga/">Olahraga</a>' in page.replace("https://x.example", "")
    assert '<a href="/penulis/rina-wulandari/" rel="author">Rina Wulandari</a>' in page.replace("https://x.example", "")
    english = site["en/2023/09/12/a/index.html"].decode()
    assert '<a href="/en/sections/sport/">Sport</a>' in english.replace("https://x.example", "")
    assert _jsonld(english)["articleSection"] == "Sport"
    sitemap = site["sitemap.xml"].decode()
    for url in ("rubrik/olahraga/", "en/sections/sport/", "penulis/rina-wulandari/", "en/authors/rina-wulandari/"):
        assert f"<loc>https://x.example/{url}</loc>" in sitemap
    business = site["en/sections/business/index.html"].decode()
    assert "<h1>Business</h1>" in business
    assert 'hreflang="id" href="https://x.example/rubrik/ekonomi/"' in business
    assert 'hreflang="en" href="https://x.example/en/sections/business/"' in site["rubrik/ekonomi/index.html"].decode()


def test_lower_case_categories_are_shown_capitalised(project: Project) -> None:
    """``category: ekonomi`` reads "Ekonomi" on Indonesian pages and "Business" on English ones (the built-in
    rubrics, matched whatever the case); the Indonesian address stays rubrik/ekonomi/."""
    project.write("a.md", article(facts="false", category="ekonomi"))
    project.write("b.md", article(title="Dua", facts="false", category="Ekonomi", date="2023-09-21"))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n", encoding="utf-8")
    build(_config(project), parallel=False)
    site = project.snapshot()
    section = site["rubrik/ekonomi/index.html"].decode()
    assert "<h1>Ekonomi</h1>" in section
    assert "Judul" in section
    assert "Dua" in section
    assert '<a href="/rubrik/ekonomi/">Ekonomi</a>' in site["2023/09/20/a/index.html"].decode()
    assert '<a href="/en/sections/business/">Business</a>' in site["en/2023/09/20/a/index.html"].decode()
    assert [name for name in site if "sections/" in name and "business" not in name] == []


def test_a_section_is_paginated_newest_first(project: Project) -> None:
    """A section longer than page_size has pages, the newest story first."""
    for day in range(10, 15):
        project.write(f"s{day}.md", article(title=f"Laga {day}", date=f"2023-09-{day}T10:00:00+07:00", facts="false",
                                            category="Olahraga"))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\npage_size = 2\n", encoding="utf-8")
    build(_config(project), parallel=False)
    first = _read(project.site(), "rubrik/olahraga/index.html")
    assert first.index("Laga 14") < first.index("Laga 13")
    assert "Laga 12" not in first
    assert "Laga 10" in _read(project.site(), "rubrik/olahraga/page/3/index.html")


def test_tags_appear_on_the_article_page(project: Project) -> None:
    """An article's tags are listed on its page in every language."""
    _populate(project)
    build(_config(project), parallel=False)
    for name in ("2023/09/12/a/index.html", "en/2023/09/12/a/index.html"):
        tags = re.search(r'<ul class="tags" aria-label="[^"]+">(.*?)</ul>', _read(project.site(), name), re.DOTALL)
        assert tags is not None
        assert tags.group(1).strip() == "<li>banjir</li><li>cuaca</li>"


def test_a_category_name_that_is_no_text_is_a_located_error(project: Project) -> None:
    """A non-string English name is an error at its own line of pyproject.toml."""
    (project.root / "pyproject.toml").write_text('[tool.digest]\nsearch = false\n\n[tool.digest.categories]\n'
                                                 'Olahraga = "Sport"\nEkonomi = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError) as failed:
        load_config(project.root)
    assert [str(d) for d in failed.value.diagnostics] == [
        'pyproject.toml:6: error: categories: Ekonomi must be the category\'s English name, a text like "Sport"']


def test_the_command_line_leaves_out_and_includes_with_future(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """``digest build`` names the scheduled article it leaves out; ``digest build --future`` publishes it."""
    from digest.cli import main

    project.write("now.md", article(title="Kini", date="2023-09-12T10:00:00+07:00", facts="false"))
    project.write("far.md", article(title="Kelak", date="2099-01-02T10:00:00+07:00", facts="false"))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n", encoding="utf-8")
    assert main(["-C", str(project.root), "build"]) == 0
    said = capsys.readouterr()
    assert "1 scheduled article left out; the next is due 2099-01-02 10:00 WIB" in said.out + said.err
    assert not project.site("2099").exists()
    assert main(["-C", str(project.root), "build", "--future"]) == 0
    assert project.site("2099/01/02/far/index.html").is_file()
