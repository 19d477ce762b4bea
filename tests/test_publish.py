"""Publishing for the open web: base paths, feeds, sitemaps, head metadata, JSON-LD, escaping."""

from __future__ import annotations

import importlib
import json
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.build.pipeline import build
from digest.config import load_config
from tests.conftest import REPO, SHARED, Project, article
from tests.sitecheck import broken_links, parse

BASE = "https://example.github.io/digest/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml",
      "a": "http://www.w3.org/2005/Atom", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
NOW = datetime(2023, 10, 10, 12, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled content (plus the seed when present) built for a GitHub Pages project site."""
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(REPO / "content", root / "content")
    seed = SHARED / "seed" / "kim-surati-xi.md"
    if seed.is_file():
        shutil.copy(seed, root / "content")
    build(replace(load_config(root, base_url=BASE), build_time=NOW))
    return root / "site"


def _xml_links(site: Path) -> list[str]:
    links = []
    for path in [*site.rglob("*.xml")]:
        root = ET.parse(path).getroot()
        links += [e.text or "" for e in root.iter(f"{{{NS['s']}}}loc")]
        links += [e.get("href", "") for e in root.iter() if e.tag in (f"{{{NS['a']}}}link", f"{{{NS['x']}}}link")]
        links += [e.text or "" for e in root.iter(f"{{{NS['a']}}}id")]
    return links


def test_every_link_works_under_the_base_path(site: Path) -> None:
    """Pages, assets, feeds and sitemap entries all resolve under /digest/."""
    assert broken_links(site, "/digest/", "https://example.github.io") == []
    for link in _xml_links(site):
        assert link.startswith(BASE), link
        rel = link[len(BASE):]
        target = site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel
        assert target.is_file(), link
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="/digest/static/style.css"' in html
    assert 'href="/static/' not in html


def test_feeds_are_valid_atom(site: Path) -> None:
    """Every feed parses strictly and with feedparser; entries have zoned dates and absolute links."""
    feedparser = pytest.importorskip("feedparser")
    feeds = sorted(site.rglob("feed.xml"))
    expected = {"feed.xml", "en/feed.xml", "negara/indonesia/feed.xml", "en/countries/indonesia/feed.xml"}
    assert {f.relative_to(site).as_posix() for f in feeds} >= expected
    for path in feeds:
        root = ET.parse(path).getroot()
        assert root.tag == f"{{{NS['a']}}}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") in ("id", "en")
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert 0 < len(parsed.entries) <= 20
        for entry in parsed.entries:
            assert entry.link.startswith(BASE)
            assert entry.published[-6] in "+-"
            assert entry.summary
    html = (site / "en/index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="The Week in Brief" href="/digest/en/feed.xml"' in html


def test_sitemap_alternates_are_reciprocal_with_self_and_x_default(site: Path) -> None:
    """Each URL's hreflang set includes itself and x-default, and every alternate lists the same set."""
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS) or ""
        assert url.findtext("s:lastmod", namespaces=NS), loc
        entries[loc] = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
    assert len(entries) > 50
    untranslated = [loc for loc, alts in entries.items() if "/en/" in loc and not alts and loc.count("/") > 8]
    assert not untranslated, "untranslated English article listed"
    for loc, alternates in entries.items():
        if not alternates:
            continue
        assert loc in alternates.values(), loc
        assert "x-default" in alternates, loc
        for href in alternates.values():
            assert entries.get(href or "") == alternates, f"{href} does not return the alternates of {loc}"
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_a_large_site_gets_a_sitemap_index_of_parts_within_the_limit(site: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the per-file limit, /sitemap.xml indexes parts that list every URL of the one-file sitemap once."""
    root = tmp_path / "large"
    shutil.copytree(site.parent / "content", root / "content")
    # importlib: the package's name "feeds" is a function
    monkeypatch.setattr(importlib.import_module("digest.plan.feeds"), "SITEMAP_URLS", 20)
    build(replace(load_config(root, base_url=BASE), build_time=NOW))
    index = ET.parse(root / "site" / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    parts = [entry.findtext("s:loc", namespaces=NS) or "" for entry in index.findall("s:sitemap", NS)]
    assert all(entry.findtext("s:lastmod", namespaces=NS) for entry in index.findall("s:sitemap", NS))
    listed: list[str] = []
    for n, loc in enumerate(parts, start=1):
        assert loc == f"{BASE}sitemap-{n}.xml"
        urls = [url.findtext("s:loc", namespaces=NS) or "" for url in ET.parse(root / "site" / f"sitemap-{n}.xml").getroot()]
        assert 0 < len(urls) <= 20
        listed += urls
    whole = [url.findtext("s:loc", namespaces=NS) for url in ET.parse(site / "sitemap.xml").getroot()]
    assert len(parts) == -(-len(whole) // 20)
    assert listed == whole


def test_news_sitemap_lists_the_last_two_days(site: Path) -> None:
    """Only articles published within two days before the build time are in the news sitemap."""
    root = ET.parse(site / "sitemap-news.xml").getroot()
    dates = [datetime.fromisoformat(e.text or "") for e in root.iter(f"{{{NS['n']}}}publication_date")]
    assert dates
    assert all(NOW.timestamp() - 2 * 86400 <= d.timestamp() <= NOW.timestamp() for d in dates)


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(str(a.get("property") or a.get("name")), []).append(a.get("content") or "")
        if tag == "script":
            self._script = a

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_article_head_has_open_graph_canonical_and_news_article(site: Path) -> None:
    """Canonical, og:* and the NewsArticle JSON-LD with the article's countries."""
    page = next(site.glob("2023/*/*/korut-luncurkan-rudal-balistik/index.html"))
    head = _head(page)
    assert head.meta["og:type"] == ["article"]
    assert head.meta["og:locale"] == ["id_ID"]
    assert head.meta["og:locale:alternate"] == ["en_US"]
    assert head.meta["og:url"][0].startswith(BASE)
    assert head.meta["twitter:card"] == ["summary"]
    (data,) = [json.loads(text) for attrs, text in head.scripts if attrs.get("type") == "application/ld+json"]
    assert data["@type"] == "NewsArticle"
    assert data["inLanguage"] == "id"
    assert data["datePublished"].endswith("+07:00")
    assert {c["identifier"] for c in data["about"]} >= {"KP", "KR"}
    assert parse(page).canonical == head.meta["og:url"][0]


def test_untranslated_english_page_points_canonical_to_original(site: Path) -> None:
    """An English fallback page is canonical to the Indonesian page and claims no alternate locale."""
    page = next(site.glob("en/2023/*/*/harga-beras-naik-jelang-akhir-tahun/index.html"))
    head = _head(page)
    canonical = parse(page).canonical or ""
    assert canonical.startswith(BASE)
    assert "/en/" not in canonical
    assert "og:locale:alternate" not in head.meta
    assert head.meta["og:locale"] == ["en_US"]


def test_archives_use_babel_month_names(site: Path) -> None:
    """Month pages in both languages, linked from the archive index, with CLDR month names."""
    index = (site / "arsip/index.html").read_text(encoding="utf-8")
    assert 'href="/digest/arsip/2023/09/">September 2023' in index
    assert "Oktober 2023" in index
    assert "October 2023" in (site / "en/archive/index.html").read_text(encoding="utf-8")
    assert "korut-luncurkan-rudal-balistik" in (site / "en/archive/2023/09/index.html").read_text(encoding="utf-8")


def test_github_pages_files(site: Path) -> None:
    """.nojekyll, a bilingual 404 page with working links, and a search page per language."""
    assert (site / ".nojekyll").is_file()
    text = (site / "404.html").read_text(encoding="utf-8")
    assert "Halaman tidak ditemukan" in text
    assert "Page not found" in text
    assert 'href="/digest/en/"' in text
    if (site / "pagefind").is_dir():
        assert (site / "cari/index.html").is_file()
        assert (site / "en/search/index.html").is_file()
        assert list((site / "pagefind").glob("id-*/pagefind.id_*.pf_meta"))
        assert list((site / "pagefind").glob("en-*/pagefind.en_*.pf_meta"))


HOSTILE = "</script><script>alert(1)</script> \" ' \x0b <b>&amp; ]]> <!--"


def test_hostile_text_cannot_escape(project: Project) -> None:
    """A hostile title and summary stay text in JSON-LD, feeds and meta tags."""
    (project.root / "pyproject.toml").write_text(f'[tool.digest]\nbase_url = "{BASE}"\nsearch = false\n')
    hostile = json.dumps(HOSTILE)
    project.write("a.md", f"---\ntitle: {hostile}\nsummary: {hostile}\nauthor: {hostile}\npeople: [{hostile}]\n"
                          "date: 2023-09-20\n---\nIsi.\n")
    build(load_config(project.root))
    page = project.site("2023/09/20/a/index.html")
    head = _head(page)
    scripts = [attrs for attrs, _ in head.scripts]
    assert scripts == [{"type": "application/ld+json"}], "a script element escaped"
    (data,) = [json.loads(text) for _, text in head.scripts]
    clean = HOSTILE.replace("\x0b", "")  # XML 1.0 cannot carry the control character
    assert data["headline"] == HOSTILE
    assert head.meta["og:title"][0].startswith("</script><script>")
    # The English feed's summary of this untranslated story is automatic, and names its hostile person.
    for feed, summary in ((project.site("feed.xml"), clean), (project.site("en/feed.xml"), f"naming {clean}.")):
        entry = ET.parse(feed).getroot().find("a:entry", NS)
        assert entry is not None
        assert entry.findtext("a:title", namespaces=NS) == clean
        assert (entry.findtext("a:summary", namespaces=NS) or "").endswith(summary)
    ET.parse(project.site("sitemap-news.xml"))


def test_cname_from_config(project: Project) -> None:
    """A configured custom domain is written to CNAME."""
    (project.root / "pyproject.toml").write_text('[tool.digest]\ncname = "kabar.example.org"\nsearch = false\n')
    project.write("a.md", article())
    build(load_config(project.root))
    assert project.site("CNAME").read_text() == "kabar.example.org\n"


def test_pages_workflow_builds_with_the_pages_base_url() -> None:
    """The workflow installs, builds with configure-pages' base URL, uploads site/ and deploys."""
    import yaml

    workflow = yaml.safe_load((REPO / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    uses = [step.get("uses", "") for step in steps]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    run = " ".join(step.get("run", "") for step in steps)
    assert "pip install ." in run
    # the URL reaches the script through env, never expanded inside it (zizmor's template-injection)
    [built] = [step for step in steps if "digest build" in step.get("run", "")]
    assert built["run"] == 'digest build --base-url "$BASE_URL/"'
    assert built["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = workflow["jobs"]["deploy"]["steps"]
    assert deploy[0]["uses"].startswith("actions/deploy-pages@")
    assert workflow["jobs"]["deploy"]["permissions"]["id-token"] == "write"  # the deploy job's own, not the workflow's
