"""The whole build on the bundled content (and the seed article when ../shared is present)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digest.build.pipeline import build
from digest.config import load_config
from tests.conftest import REPO, SHARED, Project
from tests.conftest import article as article_text
from tests.sitecheck import broken_links, pages, parse, target, url_of

ARTICLE_URL = re.compile(r"^/(en/)?\d{4}/\d{2}/\d{2}/[^/]+/$")
SEED = SHARED / "seed" / "kim-surati-xi.md"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content (plus the seed article if available), built once for this module."""
    import shutil

    root = tmp_path_factory.mktemp("bundled")
    shutil.copytree(REPO / "content", root / "content")
    if SEED.is_file():
        shutil.copy(SEED, root / "content" / SEED.name)
    build(load_config(root))
    return root / "site"


def _originals() -> list[Path]:
    return sorted(p for p in (REPO / "content").rglob("*.md") if p.name.count(".") == 1)


def test_bundled_content_meets_the_brief() -> None:
    """At least 12 articles, 5 translations, 6 countries' worth of stories and a draft."""
    originals = _originals()
    assert len(originals) >= 12
    assert sum(p.with_suffix(".en.md").is_file() for p in originals) >= 5
    assert any("draft: true" in p.read_text(encoding="utf-8") for p in originals)


def test_every_internal_link_resolves(site: Path) -> None:
    """A crawl of every page finds no broken internal link or asset."""
    assert len(pages(site)) > 30
    assert broken_links(site) == []


def test_every_article_has_both_language_pages(site: Path) -> None:
    """Each published article has an Indonesian and an English page."""
    articles = [p for p in pages(site) if p.relative_to(site).parts[0].isdigit()]
    assert articles
    for page in articles:
        rel = page.relative_to(site).as_posix()
        assert (site / "en" / rel).is_file(), rel


def test_hreflang_is_reciprocal_and_only_between_translations(site: Path) -> None:
    """Every hreflang target links back; untranslated articles claim no translation."""
    translated = {p.name.removesuffix(".en.md") for p in (REPO / "content").rglob("*.en.md")
                  if "draft: true" not in p.with_name(p.name.replace(".en.md", ".md")).read_text(encoding="utf-8")}
    claiming = set()
    for page in pages(site):
        here = url_of(site, page)
        alternates = parse(page).hreflang
        slug = here.rstrip("/").rsplit("/", 1)[-1]
        if ARTICLE_URL.match(here):
            assert bool(alternates) == (slug in translated), here
            claiming.update([slug] if alternates else [])
        if not alternates:
            continue
        assert alternates.get(parse(page).lang or "") == here, f"{here} lacks a self reference"
        for _lang, url in alternates.items():
            other = target(site, url)
            assert other is not None, url
            assert other.is_file(), url
            assert parse(other).hreflang == alternates, f"{url} does not link back to {here}"
    assert translated, "the bundled content has no translation"
    assert claiming == translated  # exactly the translated articles' pages claim a translation


def test_untranslated_english_page_marks_indonesian_body(site: Path) -> None:
    """An English page without translation: English chrome, notice, lang="id" body, canonical to original."""
    for original in _originals():
        if original.with_suffix(".en.md").is_file() or "draft: true" in original.read_text(encoding="utf-8"):
            continue
        (page,) = site.glob(f"en/*/*/*/{original.stem}/index.html")
        html = page.read_text(encoding="utf-8")
        assert '<html lang="en">' in html
        assert "This story is in Indonesian" in html
        assert '<div class="body rest" lang="id">' in html
        canonical = parse(page).canonical
        assert canonical is not None
        assert "/en/" not in canonical
        break
    else:
        pytest.fail("the bundled content has no untranslated article")


def test_seed_article_pages(site: Path) -> None:
    """The seed article: both pages, Babel dates, four country links each way, listed on those pages."""
    if not SEED.is_file():
        pytest.skip("../shared/seed is not here")
    id_page = site / "2023/09/20/kim-surati-xi/index.html"
    en_page = site / "en/2023/09/20/kim-surati-xi/index.html"
    id_html, en_html = id_page.read_text(encoding="utf-8"), en_page.read_text(encoding="utf-8")
    assert ("2023-09-20T10:00:00+07:00", "Rabu, 20 September 2023, 10.00 WIB") in parse(id_page).times
    assert ("2023-09-20T10:00:00+07:00", "Wednesday, September 20, 2023, 10:00 WIB") in parse(en_page).times
    for slug in ("korea-utara", "tiongkok", "rusia", "ukraina"):
        assert f'href="/negara/{slug}/"' in id_html
        assert "/2023/09/20/kim-surati-xi/" in (site / "negara" / slug / "index.html").read_text(encoding="utf-8")
    for slug in ("north-korea", "china", "russia", "ukraine"):
        assert f'href="/en/countries/{slug}/"' in en_html
        assert "/en/2023/09/20/kim-surati-xi/" in (site / "en/countries" / slug / "index.html").read_text(encoding="utf-8")


def test_country_pages_list_exactly_the_articles_that_mention_them(site: Path) -> None:
    """For every country page, its teasers are exactly the articles whose facts box names it."""
    for lang_dir in ("negara", "en/countries"):
        countries = sorted((site / lang_dir).glob("*/index.html"))
        assert len(countries) >= 6, f"{lang_dir}: the bundled content names fewer than six countries"
        for page in countries:
            country_url = url_of(site, page)
            listed = {link for link in parse(page).links if ARTICLE_URL.match(link)}
            mentioning = set()
            for article in pages(site):
                url = url_of(site, article)
                if ARTICLE_URL.match(url) and url.startswith("/en/") == country_url.startswith("/en/"):
                    html = article.read_text(encoding="utf-8")
                    facts = html.split('class="facts"', 1)[1].split("</aside>", 1)[0] if 'class="facts"' in html else ""
                    if f'href="{country_url}"' in facts:
                        mentioning.add(url)
            assert listed, country_url
            assert listed == mentioning, country_url


_DATE = r"\d{4}-\d{2}-\d{2}"
_VALID_DATETIME = re.compile(rf"^{_DATE}(T\d{{2}}:\d{{2}}(:\d{{2}}(\.\d+)?)?(Z|[+-]\d{{2}}:\d{{2}}))?$")


def test_every_time_element_holds_one_valid_date_or_time(site: Path) -> None:
    """HTML's <time datetime> takes one date or date-time, never a span ("a/b" fails the Nu checker):
    every value on every page is one; spans of days carry their ends as data attributes."""
    texts = [page.read_text(encoding="utf-8") for page in pages(site)]
    found = [value for text in texts for value in re.findall(r'<time datetime="([^"]*)"', text)]
    assert len(found) > 100
    assert [value for value in found if not _VALID_DATETIME.match(value)] == []
    spans = [m for text in texts for m in re.findall(r'data-start="([^"]*)" data-end="([^"]*)"', text)]
    assert spans
    assert all(re.fullmatch(_DATE, start) and re.fullmatch(_DATE, end) and start < end for start, end in spans)


def test_indonesian_days_are_not_zero_padded(site: Path) -> None:
    """Indonesian newsrooms write "Senin, 9 Oktober 2023", not CLDR's "09 Oktober"."""
    text = "".join(page.read_text(encoding="utf-8") for page in pages(site) if page.relative_to(site).parts[0] != "en")
    days = re.findall(r"(?:Senin|Selasa|Rabu|Kamis|Jumat|Sabtu|Minggu), (\d{1,2}) [A-Z][a-z]+ \d{4}", text)
    assert any(len(day) == 1 for day in days)  # the bundled content has days before the 10th
    assert [day for day in days if day.startswith("0")] == []


def test_the_language_switch_names_each_language_as_its_readers_do(site: Path) -> None:
    """The switch reads "Bahasa Indonesia" (CLDR's own name, "Indonesia", is also the country) and
    "English", each link marked with its language and going to the counterpart page."""
    english = (site / "en" / "index.html").read_text(encoding="utf-8")
    indonesian = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="/" hreflang="id" lang="id" rel="alternate">Bahasa Indonesia</a>' in english
    assert '<a href="/en/" hreflang="en" lang="en" rel="alternate">English</a>' in indonesian


def test_country_names_are_in_newsroom_style(project: Project) -> None:
    """"Myanmar" and "RD Kongo"/"DR Congo", not CLDR's "Myanmar (Burma)" and "Congo - Kinshasa": in chips,
    on the country pages and in their addresses, in both languages."""
    project.write("a.md", article_text(countries="[MM, CD, KP]", facts="false"))
    (project.root / "pyproject.toml").write_text("[tool.digest]\nsearch = false\n")
    build(load_config(project.root))
    site = project.site()
    text = "".join(page.read_text(encoding="utf-8") for page in pages(site))
    assert (site / "negara" / "myanmar" / "index.html").is_file()
    assert (site / "en" / "countries" / "dr-congo" / "index.html").is_file()
    assert (site / "negara" / "rd-kongo" / "index.html").is_file()
    assert "Korea Utara" in text  # CLDR's names stay where they are what a reporter writes
    assert "North Korea" in text
    assert [name for name in ("Burma", "Kinshasa") if name in text] == []



def test_the_site_names_countries_its_own_way(project: Project) -> None:
    """``[tool.digest.country_names.<lang>]`` renames a country over CLDR's and the newsroom table's names:
    in chips, on its page and in its address, in that language only; the other language keeps CLDR's."""
    project.write("a.md", article_text(countries="[KP, MM]", facts="false"))
    (project.root / "pyproject.toml").write_text('[tool.digest]\nsearch = false\n\n[tool.digest.country_names.id]\n'
                                                 'KP = "Korut"\n\n[tool.digest.country_names.en]\nMM = "Burma"\n')
    build(load_config(project.root))
    site = project.site()
    chips = (site / "2023/09/20/a/index.html").read_text(encoding="utf-8").split('class="facts"', 1)[1]
    assert 'href="/negara/korut/"><span aria-hidden="true" data-pagefind-ignore>🇰🇵</span> Korut</a>' in chips
    assert "Korea Utara" not in chips
    assert "<h1><span aria-hidden=\"true\">🇰🇵</span> Korut</h1>" in (site / "negara/korut/index.html").read_text(encoding="utf-8")
    assert not (site / "negara" / "korea-utara").exists()
    assert (site / "negara" / "myanmar" / "index.html").is_file()
    assert (site / "en" / "countries" / "burma" / "index.html").is_file()
    assert (site / "en" / "countries" / "north-korea" / "index.html").is_file()
    assert not (site / "en" / "countries" / "myanmar").exists()


KIM_BODY = ("Seoul, KabarBerita.id — Korut dan Rusia bertemu. “Kami akan terus bekerja sama erat,” kata Kim Jong Un, "
            "dilansir Reuters.")


def _english_edition(project: Project, settings: str = "") -> Path:
    """A site with a translated, a headline-only translated and an untranslated story, built."""
    project.write("full.md", article_text("Lengkap", date="2023-09-18T10:00:00+07:00", facts="false", countries="[JP]"))
    project.write("full.en.md", "---\ntitle: Complete\n---\nThe English text.\n")
    project.write("head.md", article_text("Separuh", date="2023-09-19T10:00:00+07:00", category="ekonomi",
                                          body="Jakarta, KabarBerita.id — Harga beras naik. Kalimat kedua."))
    project.write("head.en.md", "---\ntitle: Rice Prices Rise\nsummary: Rice prices rose for a second week.\n---\n")
    project.write("none.md", article_text("Korut Bertemu Rusia", category="internasional", body=KIM_BODY))
    (project.root / "pyproject.toml").write_text(f'[tool.digest]\nsearch = false\n{settings}', encoding="utf-8")
    build(load_config(project.root))
    return project.site()


def _teaser_of(html: str, url: str) -> str:
    """The teaser (its <li>, or the front page's lead story) that links to ``url`` on a list page."""
    found = [item for item in re.split(r'<li class="teaser">|<article class="lead', html)[1:] if f'href="{url}"' in item]
    assert len(found) == 1, url
    return re.split(r"</li>\n|</article>", found[0], maxsplit=1)[0]


def test_english_pages_of_headline_only_and_untranslated_stories(project: Project) -> None:
    """A headline-only translation: English headline and standfirst over the Indonesian text (lang="id"), a
    notice, canonical to itself with hreflang; an untranslated story: its Indonesian headline under an
    "Indonesian only" label, and an English summary made from its facts, labelled, as its standfirst."""
    site = _english_edition(project)
    head = (site / "en/2023/09/19/head/index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>Rice Prices Rise</h1>", head)
    assert re.search(r'<p class="standfirst"[^>]*>Rice prices rose for a second week.</p>', head)
    assert "Only the headline and summary of this article are in English" in head
    assert '<div class="body rest" lang="id">' in head  # the Indonesian text: not in the English search index
    assert "Kalimat kedua" in head
    assert parse(site / "en/2023/09/19/head/index.html").canonical == "/en/2023/09/19/head/"
    assert parse(site / "en/2023/09/19/head/index.html").hreflang == {
        "id": "/2023/09/19/head/", "en": "/en/2023/09/19/head/", "x-default": "/2023/09/19/head/"}
    automatic = "Indonesian-language world report on North Korea and Russia, quoting Kim Jong Un; source: Reuters."
    none = (site / "en/2023/09/20/none/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h1 [^>]*lang="id">Korut Bertemu Rusia</h1>', none)
    assert f'<p class="standfirst" data-pagefind-body><span class="auto">Automatic summary:</span> {automatic}</p>' in none
    assert "This story is in Indonesian" in none
    assert "Indonesian-language" not in (site / "2023/09/20/none/index.html").read_text(encoding="utf-8")
    front = (site / "en/index.html").read_text(encoding="utf-8")
    untranslated = _teaser_of(front, "/en/2023/09/20/none/")
    headline = re.search(r"<h[23]", untranslated)  # the lead's headline is an h2, a teaser's an h3
    assert headline is not None
    assert untranslated.index('<p class="label">Indonesian only</p>') < headline.start()
    assert f'<p class="standfirst"><span class="auto">Automatic summary:</span> {automatic}</p>' in untranslated
    headline_only = _teaser_of(front, "/en/2023/09/19/head/")
    assert headline_only.index('<p class="label">Full text in Indonesian</p>') < headline_only.index("<h3>")
    assert '<p class="standfirst">Rice prices rose for a second week.</p>' in headline_only
    assert 'class="label"' not in _teaser_of(front, "/en/2023/09/18/full/")
    assert "Automatic summary" not in (site / "en/2023/09/18/full/index.html").read_text(encoding="utf-8")
    assert '<p class="label">' not in (site / "index.html").read_text(encoding="utf-8")


def test_the_english_feed_gives_the_automatic_summary(project: Project) -> None:
    """The English feed's entry of an untranslated story: the Indonesian title, marked so, and the automatic
    English summary, labelled and not marked Indonesian; a headline-only translation's entry is all English."""
    import xml.etree.ElementTree as ET

    site = _english_edition(project)
    atom, xml = "{http://www.w3.org/2005/Atom}", "{http://www.w3.org/XML/1998/namespace}lang"
    entries = {entry.findtext(f"{atom}id", "").rsplit("/", 2)[-2]: entry
               for entry in ET.parse(site / "en/feed.xml").getroot().iter(f"{atom}entry")}
    assert sorted(entries) == ["full", "head", "none"]
    title, summary = entries["none"].find(f"{atom}title"), entries["none"].find(f"{atom}summary")
    assert title is not None
    assert summary is not None
    assert (title.text, title.get(xml)) == ("Korut Bertemu Rusia", "id")
    assert summary.get(xml) is None
    assert (summary.text or "").startswith("Automatic summary: Indonesian-language world report on North Korea")
    head = entries["head"].find(f"{atom}summary")
    assert head is not None
    assert (head.text, head.get(xml)) == ("Rice prices rose for a second week.", None)


def test_english_lists_can_leave_untranslated_stories_out(project: Project) -> None:
    """``list_untranslated = false``: English lists, feeds and the sitemap show translated stories only (a
    headline-only translation is one); the untranslated story's English page is still made, and every list page
    it links to, empty and out of the sitemap; Indonesian pages list everything."""
    site = _english_edition(project, "list_untranslated = false\n")
    untranslated, others = "/en/2023/09/20/none/", ("/en/2023/09/19/head/", "/en/2023/09/18/full/")
    for page in ("en/index.html", "en/archive/2023/09/index.html", "en/feed.xml", "sitemap.xml"):
        text = (site / page).read_text(encoding="utf-8")
        assert untranslated not in text, page
    for page in ("en/index.html", "en/archive/2023/09/index.html", "en/feed.xml"):
        text = (site / page).read_text(encoding="utf-8")
        assert [url for url in others if url not in text] == [], page
    assert (site / "en/2023/09/20/none/index.html").is_file()
    assert "/en/2023/09/20/none/" in (site / "2023/09/20/none/index.html").read_text(encoding="utf-8")  # the switch
    index = (site / "en/countries/index.html").read_text(encoding="utf-8")
    assert "Japan" in index
    assert "North Korea" not in index
    for empty in ("en/countries/north-korea/", "en/sections/world/"):
        html = (site / empty / "index.html").read_text(encoding="utf-8")
        assert untranslated not in html
        assert 'class="teaser"' not in html
        assert (site / empty / "feed.xml").is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/en/countries/north-korea/<" not in sitemap
    assert "/en/sections/world/<" not in sitemap
    assert "/en/countries/japan/<" in sitemap
    assert "/negara/korea-utara/<" in sitemap
    assert "/2023/09/20/none/" in (site / "negara/korea-utara/index.html").read_text(encoding="utf-8")
    assert "/2023/09/20/none/" in (site / "index.html").read_text(encoding="utf-8")
    assert broken_links(site) == []


def test_english_lists_show_every_story_by_default(project: Project) -> None:
    """Without the setting, the untranslated story is on the English front page, its country's page and feed."""
    site = _english_edition(project)
    for page in ("en/index.html", "en/countries/north-korea/index.html", "en/feed.xml", "en/sections/world/index.html"):
        assert "/en/2023/09/20/none/" in (site / page).read_text(encoding="utf-8"), page
    assert "/en/countries/north-korea/<" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_the_bundled_site_has_a_headline_only_translation(site: Path) -> None:
    """The bundled content shows the feature: an x.en.md with a title and a summary only, whose English page
    gives them over the Indonesian text, with a notice, and lists it under its English headline."""
    partial = [p for p in (REPO / "content").rglob("*.en.md") if not p.read_text(encoding="utf-8").split("---", 2)[2].strip()]
    assert partial, "the bundled content has no headline-only translation"
    for path in partial:
        slug = path.name.removesuffix(".en.md")
        (page,) = site.glob(f"en/*/*/*/{slug}/index.html")
        html = page.read_text(encoding="utf-8")
        assert '<p class="standfirst"' in html
        assert "Only the headline and summary of this article are in English" in html
        assert '<div class="body rest" lang="id">' in html
        assert parse(page).canonical == url_of(site, page)
        assert "Full text in Indonesian" in (site / "en" / "index.html").read_text(encoding="utf-8")
