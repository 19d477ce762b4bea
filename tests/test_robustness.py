"""Nothing a newsroom (or an attacker with a pull request) does crashes digest, leaks through it or destroys a file.

Every case runs real ``digest`` processes on a project built once before: it checks the
exit status, the message and its ``path:line``, that no traceback is shown, and that
the published folder is byte for byte what it was (or, for a repair, what it was before
the damage). One table per class of problem; the Markdown engines get a property test.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.localize import BodyRenderer
from tests.conftest import Project, article
from tests.processes import NOBODY, digest, give_away, shared_project

GOOD = article(title="Baik", body="Jakarta, KabarBerita.id — Berita yang baik.")
META = "---\ntitle: A\ndate: 2023-09-20\n"


@dataclass(frozen=True)
class Case:
    """A thing done to a built project, and what digest must say about it (a line of its output begins so)."""

    setup: Callable[[Project], object]
    says: str
    code: int = 1
    args: tuple[str, ...] = ("build",)


def _md(project: Project, text: str, name: str = "x.md") -> None:
    project.write(name, text)


def _config(project: Project, text: str) -> None:
    (project.root / "pyproject.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def built(project: Project) -> Project:
    """A project with one good article, built once by a digest process."""
    project.write("baik.md", GOOD)
    assert digest(project.root, "build").code == 0
    return project


def _check(built: Project, case: Case) -> str:
    """Run the case; assert exit status, message, no traceback, site untouched on failure; the output."""
    before = built.snapshot()
    case.setup(built)
    ran = digest(built.root, *case.args, timeout=120)
    assert ran.code == case.code, ran.text
    assert any(line.startswith(case.says) for line in ran.err.splitlines()), ran.err
    assert "Traceback" not in ran.text
    if case.code != 0:
        assert built.snapshot() == before
    return ran.text


# ----------------------------------------------------------------------------- front matter

FRONT_MATTER = {
    "no value for title": Case(lambda p: _md(p, "---\ntitle:\ndate: 2023-09-20\n---\nIsi.\n"),
                               "content/x.md:2: error: 'title' has no value"),
    "no value for date": Case(lambda p: _md(p, "---\ntitle: A\ndate:\n---\nIsi.\n"), "content/x.md:3: error: 'date' has no value"),
    "a flag written yes": Case(lambda p: _md(p, META + "draft: yes\n---\nIsi.\n"),
                               "content/x.md:4: error: 'draft' must be true or false: 'yes' is not true or false"),
    "a tab": Case(lambda p: _md(p, "---\ntitle: A\n\tdate: 2023-09-20\n---\nIsi.\n"),
                  "content/x.md:3:1: error: YAML: found a tab character that violates indentation (a tab: YAML indents"),
    "an unquoted colon": Case(lambda p: _md(p, "---\ntitle: Rusia: perang\ndate: 2023-09-20\n---\nIsi.\n"),
                              "content/x.md:2:13: error: YAML: mapping values are not allowed in this context (a value with"),
    "an open quote": Case(lambda p: _md(p, "---\ntitle: \"Rusia\ndate: 2023-09-20\n---\nIsi.\n"),
                          "content/x.md:"),
    "an impossible date names its key": Case(lambda p: _md(p, "---\ntitle: A\ndate: 2023-13-45\n---\nIsi.\n"),
                                             "content/x.md:3: error: 'date' must be an ISO 8601 date"),
    "a date outside the calendar": Case(lambda p: _md(p, "---\ntitle: A\ndate: 0001-01-01T00:00:00+14:00\n---\nIsi.\n"),
                                        "content/x.md:3: error: 'date' must be an ISO 8601"),
    "a control character": Case(lambda p: _md(p, "---\ntitle: Judul\x0b\ndate: 2023-09-20\n---\nIsi.\n"),
                                "content/x.md:2:13: error: a control character (U+000B)"),
    "a closing quote read as Windows-1252": Case(lambda p: _md(p, META + "---\n“Baik,â€\x9d kata dia.\n"),
                                                 "content/x.md:5:9: error: a control character (U+009D), which no page "
                                                 "may hold: 'â€\\x9d' is '”' read in the wrong encoding (Windows-1252): "
                                                 "replace it with '”'"),
    "a slug too long for a folder": Case(lambda p: _md(p, META + "slug: " + "a" * 300 + "\n---\nIsi.\n"),
                                         "content/x.md:4: error: 'slug' must be a URL-safe name: it is 300 characters long"),
}


@pytest.mark.parametrize("name", sorted(FRONT_MATTER))
def test_front_matter_mistakes_are_located(built: Project, name: str) -> None:
    """The YAML editors write by mistake: an error at its line, with what to do."""
    _check(built, FRONT_MATTER[name])


@pytest.mark.parametrize(("front", "url", "shows"), [
    ("title: 2024", "2023/09/20/x/", ">2024</h1>"),  # the h1 has attributes (search)
    ("title: A\nslug: 0123", "2023/09/20/0123/", ">A</h1>"),
    ("title: A\ncountries: [NO]", "2023/09/20/x/", "Norwegia"),
    ("title: A\ntags: [yes, on]", "2023/09/20/x/", '"keywords": ["yes", "on"]'),
    ("title: 12:30", "2023/09/20/x/", ">12:30</h1>"),
    ("title: A\nsource_url: https://contoh.id/berita/kabar hari ini", "2023/09/20/x/",
     'href="https://contoh.id/berita/kabar%20hari%20ini"'),
], ids=["a number", "digits with a leading zero", "Norway", "yes and on", "a time", "an address with spaces"])
def test_text_stays_the_text_the_editor_wrote(built: Project, front: str, url: str, shows: str) -> None:
    """No YAML 1.1 guesses: NO is Norway, 0123 keeps its zero, 2024 is a title."""
    built.write("x.md", f"---\n{front}\ndate: 2023-09-20\n---\nIsi.\n")
    ran = digest(built.root, "build")
    assert ran.code == 0, ran.text
    assert shows in built.site(url + "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------- addresses

ADDRESSES = {
    "javascript: in source_url": Case(lambda p: _md(p, META + 'source_url: "javascript:alert(document.domain)"\n---\nIsi.\n'),
                                      "content/x.md:4: error: 'source_url' must be an http(s) address"),
    "data: in source_url": Case(lambda p: _md(p, META + 'source_url: "data:text/html,<script>alert(1)</script>"\n---\nIsi.\n'),
                                "content/x.md:4: error: 'source_url' must be an http(s) address"),
    "no scheme in source_url": Case(lambda p: _md(p, META + "source_url: //evil.example/x\n---\nIsi.\n"),
                                    "content/x.md:4: error: 'source_url' must be an http(s) address"),
    "updated before date": Case(lambda p: _md(p, META + "updated: 2023-09-19T10:00:00+07:00\n---\nIsi.\n"),
                                "content/x.md:4: error: 'updated' (2023-09-19T10:00:00+07:00) is before 'date'"),
    "updated not a date": Case(lambda p: _md(p, META + "updated: kemarin\n---\nIsi.\n"),
                               "content/x.md:4: error: 'updated' must be an ISO 8601 date or date-time"),
    "base_url without a scheme": Case(lambda p: _config(p, '[tool.digest]\nbase_url = "user.github.io/repo"\n'),
                                      "pyproject.toml:2: error: base_url must be an http(s) URL with a host"),
    "base_url javascript:": Case(lambda p: _config(p, '[tool.digest]\nbase_url = "javascript:alert(1)"\n'),
                                 "pyproject.toml:2: error: base_url must be an http(s) URL with a host"),
    "a category name not text": Case(lambda p: _config(p, '[tool.digest]\n[tool.digest.categories]\nOlahraga = ["Sport"]\n'),
                                     "pyproject.toml:3: error: categories: Olahraga must be the category's English name"),
    "categories not a table": Case(lambda p: _config(p, '[tool.digest]\ncategories = "Sport"\n'),
                                   "pyproject.toml:2: error: categories must be a table"),
    "--base-url without a scheme": Case(lambda p: None, "--base-url: error: base_url must be an http(s) URL",
                                        args=("build", "--base-url", "user.github.io/repo")),
    "--base-url data:": Case(lambda p: None, "--base-url: error: base_url must be an http(s) URL",
                             args=("build", "--base-url", "data:text/html,x")),
}


@pytest.mark.parametrize("name", sorted(ADDRESSES))
def test_only_http_addresses_reach_a_page(built: Project, name: str) -> None:
    """Every URL-valued setting or field: http(s) only, a located error otherwise (no stored XSS)."""
    _check(built, ADDRESSES[name])


# ----------------------------------------------------------------------------- reading files

def _link(project: Project, target: str, name: str = "x.md") -> None:
    os.symlink(target, project.root / "content" / name)


def _own(project: Project, name: str, text: str | None = None) -> Path:
    """The site's own template ``name`` (written with ``text`` when given), its folder made."""
    path = project.root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is not None:
        path.write_text(text, encoding="utf-8")
    return path


def _replace_content(project: Project, with_file: bool) -> None:
    shutil.rmtree(project.root / "content")
    if with_file:
        (project.root / "content").write_text("x", encoding="utf-8")


READING = {
    "a link to /dev/zero": Case(lambda p: _link(p, "/dev/zero"), "content/x.md: error: a link to a file outside the project"),
    "a link to a file outside": Case(lambda p: _link(p, "/etc/hostname"), "content/x.md: error: a link to a file outside"),
    "a named pipe": Case(lambda p: os.mkfifo(p.root / "content" / "x.md"), "content/x.md: error: not a regular file"),
    "a link to a folder": Case(lambda p: _link(p, "/tmp", "sub"), "content/sub: error: a link to a folder"),
    "no content/ folder": Case(lambda p: _replace_content(p, False), "content/: error:"),
    "content/ a file": Case(lambda p: _replace_content(p, True), "content/: error:"),
    "content/ emptied": Case(lambda p: (p.root / "content" / "baik.md").unlink(), "content/: error: holds no articles"),
    "a file over the limit": Case(lambda p: _md(p, META + "---\n" + "kata " * 250_000), "content/x.md:1: error: file is 1,250,"),
    "pyproject.toml not UTF-8": Case(lambda p: (p.root / "pyproject.toml").write_bytes(b'[tool.digest]\ntitle = "caf\xe9"\n'),
                                     "pyproject.toml:2: error: invalid UTF-8"),
    "pyproject.toml a pipe": Case(lambda p: os.mkfifo(p.root / "pyproject.toml"), "pyproject.toml: error: not a regular file"),
    "[tool.digest] not a table": Case(lambda p: _config(p, "[tool]\ndigest = 3\n"),
                                      "pyproject.toml:2: error: [tool.digest] must be a table"),
    "a template that is a pipe": Case(lambda p: os.mkfifo(_own(p, "article.html")),
                                      "templates/article.html: error: template: not a regular file"),
    "templates/ a link out of the project": Case(lambda p: os.symlink("/usr/share", p.root / "templates"),
                                                 "templates/: error: a link to a folder outside the project"),
    "a folder link under static/": Case(lambda p: os.symlink("/usr/share", _own(p, "static/share")),
                                        "templates/static/share: error: a link to a folder"),
}


@pytest.mark.parametrize("name", sorted(READING))
def test_only_regular_files_inside_the_project_are_read(built: Project, name: str) -> None:
    """Links out of the project, pipes, devices, missing or wrong folders: errors, never a hang or an empty site."""
    _check(built, READING[name])


def test_a_link_to_a_file_inside_the_project_is_read(built: Project) -> None:
    """Links are not forbidden as such: one to a file of the project reads it."""
    built.write("../shared/kabar.md", article(title="Lewat tautan"))
    _link(built, "../shared/kabar.md", "kabar.md")
    ran = digest(built.root, "build")
    assert ran.code == 0, ran.text
    assert "Lewat tautan" in built.site("2023/09/20/kabar/index.html").read_text(encoding="utf-8")


# -------------------------------------------------------------------- settings and templates

SETTINGS = {
    "output inside content/": Case(lambda p: _config(p, '[tool.digest]\noutput = "content/site"\n'),
                                   "pyproject.toml:2: error: output must be a folder inside the project"),
    "output at .git": Case(lambda p: _config(p, '[tool.digest]\noutput = ".git"\n'), "pyproject.toml:2: error: output must be"),
    "output at a file": Case(lambda p: _config(p, '[tool.digest]\noutput = "content/baik.md"\n'),
                             "pyproject.toml:2: error: output must be a folder"),
    "output at README.md": Case(lambda p: _config(p, '[tool.digest]\noutput = "pyproject.toml"\n'),
                                "pyproject.toml:2: error: output must be a folder"),
    "a template that fails": Case(lambda p: _own(p, "article.html", "{{ 1 / 0 }}"),
                                  "templates/article.html:1: error: template: ZeroDivisionError"),
    "a template that includes itself": Case(lambda p: _own(p, "article.html", '{% include "article.html" %}'),
                                            "templates/article.html:1: error: template: includes or extends itself"),
    "case-only twins": Case(lambda p: (p.write("Berita.md", GOOD), p.write("berita.md", GOOD)),
                            "content/Berita.md:1: error: writes pages whose addresses differ only in case"),
    "a missing -C folder": Case(lambda p: None, "-C ", args=()),
}


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_settings_and_templates_fail_cleanly(built: Project, name: str) -> None:
    """A setting that would destroy sources, a template that breaks, twin URLs: located errors."""
    case = SETTINGS[name]
    if not case.args:  # -C to a folder that is not there
        ran = digest(built.root / "missing", "build")
        assert ran.code == 1
        assert ran.err.startswith(f"-C {built.root / 'missing'}: no such folder")
        assert "Traceback" not in ran.text
        return
    _check(built, case)


def test_both_twins_are_named(built: Project) -> None:
    """A duplicate URL is reported once at each file, naming the other."""
    built.write("y.md", article(title="Y", slug="baik"))
    ran = digest(built.root, "build")
    assert "content/baik.md:1: error: writes the same page /2023/09/20/baik/, as content/y.md does" in ran.err
    assert "content/y.md:1: error: writes the same page /2023/09/20/baik/, as content/baik.md does" in ran.err
    assert ran.err.count("writes the same page") == 2


# ----------------------------------------------------------- files digest did not write

def test_a_hand_written_file_in_the_output_folder_is_never_replaced(project: Project) -> None:
    """output = "docs" over a hand-written docs/index.html: an error naming both; the file kept."""
    project.write("baik.md", GOOD)
    _config(project, '[tool.digest]\noutput = "docs"\n')
    (project.root / "docs").mkdir()
    (project.root / "docs" / "index.html").write_text("<p>tulisan tangan</p>", encoding="utf-8")
    ran = digest(project.root, "build")
    assert ran.code == 1
    assert ran.err.startswith("docs/index.html: error: this file was not written by digest, and the build would put "
                              "the page / here")
    assert ran.err.rstrip().endswith("build failed: 1 error; docs/ left unchanged")
    assert (project.root / "docs" / "index.html").read_text(encoding="utf-8") == "<p>tulisan tangan</p>"
    assert sorted(p.name for p in (project.root / "docs").iterdir()) == ["index.html"]


@pytest.mark.parametrize("name", ["robots.txt", "404.html", "static/style.css", ".nojekyll"])
def test_a_file_placed_before_the_first_build_is_kept(project: Project, name: str) -> None:
    """A robots.txt (or 404.html, a style sheet, .nojekyll) put in site/ before the first build: the build stops."""
    project.write("baik.md", GOOD)
    placed = project.site(name)
    placed.parent.mkdir(parents=True)
    placed.write_text("milik saya", encoding="utf-8")
    ran = digest(project.root, "build")
    assert ran.code == 1
    assert f"site/{name}: error: this file was not written by digest" in ran.err
    assert placed.read_text(encoding="utf-8") == "milik saya"


def test_the_manifest_is_not_published(built: Project) -> None:
    """The list of generated files lives beside site/, not in it; a hand-placed file elsewhere is carried."""
    built.site("google123.html").write_text("verifikasi", encoding="utf-8")
    built.write("baik.md", GOOD.replace("Baik", "Baik sekali"))
    assert digest(built.root, "build").code == 0
    assert not built.site(".digest-manifest").exists()
    assert "index.html" in (built.root / ".site.manifest").read_text(encoding="utf-8").split()
    assert built.site("google123.html").read_text(encoding="utf-8") == "verifikasi"


@pytest.mark.parametrize("damage", ["deleted", "edited", "chmod"])
def test_a_damaged_published_file_is_repaired(built: Project, damage: str) -> None:
    """rm site/index.html (or editing or chmod-ing it): the next build sees it by its stat and restores it."""
    before = built.snapshot()
    page = built.site("index.html")
    if damage == "deleted":
        page.unlink()
    elif damage == "edited":
        page.write_text("rusak", encoding="utf-8")
    else:
        page.chmod(0o600)
    ran = digest(built.root, "build")
    assert ran.code == 0
    assert "(1 changed" in ran.out or damage == "chmod"
    assert built.snapshot() == before


# --------------------------------------------------------------------------- dates at edges

RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


def test_times_are_rfc_3339_even_with_a_local_mean_time_offset(project: Project) -> None:
    """Asia/Jakarta in 1900 was +07:07:12: feeds, sitemaps, JSON-LD and <time> never carry the seconds."""
    project.write("x.md", article(title="Lama", date="1900-01-02T10:00:00"))
    _config(project, '[tool.digest]\nbase_url = "https://x.example/"\nsearch = false\n')
    assert digest(project.root, "build").code == 0
    written = [*re.findall(r"<(?:updated|published|lastmod)>([^<]+)<", project.site("feed.xml").read_text(encoding="utf-8")),
               *re.findall(r"<lastmod>([^<]+)<", project.site("sitemap.xml").read_text(encoding="utf-8"))]
    page = project.site("1900/01/02/x/index.html").read_text(encoding="utf-8")
    written += [*re.findall(r'datetime="([^"]*T[^"]+)"', page), *re.findall(r'"datePublished": "([^"]+)"', page)]
    assert len(written) >= 5
    assert [w for w in written if not RFC3339.match(w)] == []


def test_urls_archives_and_feeds_agree_at_any_year(project: Project) -> None:
    """An article of the year 999: its URL, its archive month and the links between them agree."""
    from tests.sitecheck import broken_links

    project.write("x.md", article(title="Tua", date="0999-05-01"))
    assert digest(project.root, "build").code == 0
    assert project.site("0999/05/01/x/index.html").is_file()
    assert project.site("arsip/0999/05/index.html").is_file()
    assert broken_links(project.site()) == []


# -------------------------------------------------------------------------------- the cache

def test_a_cache_folder_that_is_a_file_is_a_warning(built: Project) -> None:
    """.digest-cache replaced by a file: the build goes on without a cache, says so, and succeeds."""
    shutil.rmtree(built.root / ".digest-cache")
    (built.root / ".digest-cache").write_text("bukan folder", encoding="utf-8")
    built.write("baik.md", GOOD.replace("Baik", "Baik sekali"))
    ran = digest(built.root, "build")
    assert ran.code == 0, ran.text
    assert "warning: the cache .digest-cache/ cannot be used (it is a file, not a folder: delete it)" in ran.err
    assert "Baik sekali" in built.site("2023/09/20/baik/index.html").read_text(encoding="utf-8")


# -------------------------------------------------------------- another user, permissions

@pytest.fixture
def open_project() -> Iterator[Project]:
    """A built project that belongs to an unprivileged user (who runs digest in these tests)."""
    with shared_project() as project:
        project.write("baik.md", GOOD)
        give_away(project.root)
        assert digest(project.root, "build", user=NOBODY).code == 0
        yield project


def test_an_unreadable_folder_is_an_error_not_a_missing_section(open_project: Project) -> None:
    """A content folder digest may not read: an error naming it, site/ as it was (its articles not removed)."""
    open_project.write("rubrik/a.md", article(title="Rubrik"))
    give_away(open_project.root)
    assert digest(open_project.root, "build", user=NOBODY).code == 0
    before = open_project.snapshot()
    (open_project.root / "content" / "rubrik").chmod(0o000)
    try:
        ran = digest(open_project.root, "build", user=NOBODY)
    finally:
        (open_project.root / "content" / "rubrik").chmod(0o755)
    assert ran.code == 1
    assert "content/rubrik: error: cannot read this folder (Permission denied)" in ran.err
    assert open_project.snapshot() == before


def test_a_fixed_read_error_does_not_stay(open_project: Project) -> None:
    """A file digest may not read is an error; once chmod fixes it, the next build reads it."""
    path = open_project.write("b.md", article(title="Terkunci"))
    give_away(open_project.root)
    path.chmod(0o000)
    ran = digest(open_project.root, "build", user=NOBODY)
    assert ran.code == 1
    assert "content/b.md: error: cannot read: Permission denied" in ran.err
    path.chmod(0o644)
    ran = digest(open_project.root, "build", user=NOBODY)
    assert ran.code == 0, ran.text
    assert "Terkunci" in open_project.site("2023/09/20/b/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("owned", [".", "2023/09/20/baik"])
def test_a_site_another_user_owns_in_place_is_found_before_writing(open_project: Project, owned: str) -> None:
    """A small update into folders digest may not change: found before anything is written, named; nothing changed."""
    _config(open_project, "[tool.digest]\nsearch = false\n")
    give_away(open_project.root)
    assert digest(open_project.root, "build", user=NOBODY).code == 0
    before = open_project.snapshot()
    give_away(open_project.site(owned), 0)
    open_project.write("baik.md", GOOD.replace("Baik", "Baik sekali"))
    give_away(open_project.root / "content")
    ran = digest(open_project.root, "build", user=NOBODY)
    assert ran.code == 1
    assert "Traceback" not in ran.text
    shown = "site" if owned == "." else f"site/{owned}"
    assert f"{shown}: error: digest may not change this folder (it belongs to another user" in ran.err
    assert open_project.snapshot() == before


def test_a_site_another_user_owns_is_replaced_whole_and_set_aside(open_project: Project) -> None:
    """A whole new site goes in beside one another user owns: published, the old one set aside with a warning,
    and later builds do not trip over it."""
    give_away(open_project.site(), 0)
    open_project.write("baik.md", GOOD.replace("Baik", "Baik sekali"))
    # a setting every page depends on: a whole new site (an edit alone is applied in place, search on or off)
    (open_project.root / "pyproject.toml").write_text("[tool.digest]\npage_size = 3\n", encoding="utf-8")
    give_away(open_project.root / "content")
    ran = digest(open_project.root, "build", user=NOBODY)
    assert ran.code == 0, ran.text
    assert "warning: could not remove the previous site (Permission denied" in ran.err
    assert "Baik sekali" in open_project.site("2023/09/20/baik/index.html").read_text(encoding="utf-8")
    open_project.write("baik.md", GOOD.replace("Baik", "Baik lagi"))
    give_away(open_project.root / "content")
    again = digest(open_project.root, "build", user=NOBODY)
    assert again.code == 0, again.text
    assert "Traceback" not in again.text


# ------------------------------------------------------------------- the other commands

def test_digest_facts_on_what_is_not_an_article(tmp_path: Path) -> None:
    """digest facts on a missing file or a folder: one line, exit 1."""
    for target, says in ((tmp_path / "tidak-ada.md", "cannot read: No such file or directory"), (tmp_path, "not a regular file")):
        ran = digest(tmp_path, "facts", str(target))
        assert ran.code == 1
        assert ran.err.startswith(f"{target}: {says}")
        assert "Traceback" not in ran.text


def test_digest_facts_reads_text_no_page_could_hold(tmp_path: Path) -> None:
    """Facts are read from text a build would refuse (a mangled quote), never shown raw at a terminal;
    an article digest cannot read is "no facts", not a build that failed."""
    path = tmp_path / "a.md"
    path.write_text(article(body="Jakarta — “Kami siap,â€\x9d kata Joko Widodo di Jepang.\x9b31m"), encoding="utf-8")
    ran = digest(tmp_path, "facts", "--json", str(path))
    assert ran.code == 0, ran.text
    assert "JP" in ran.out
    shown = digest(tmp_path, "facts", str(path))
    assert shown.code == 0
    assert "Joko Widodo" in shown.out
    assert not re.search("[\x80-\x9f]", shown.out)
    path.write_text("---\ntitle: A\n---\nIsi.\n", encoding="utf-8")
    failed = digest(tmp_path, "facts", str(path))
    assert failed.code == 1
    assert failed.err.splitlines()[-1] == "no facts: 1 error"


def test_a_readme_in_content_is_not_an_article(built: Project) -> None:
    """A folder's README.md (GitHub shows it to people browsing content/) is left out without a word."""
    before = built.snapshot()
    built.write("README.md", "# Artikel\n\nSatu berkas per artikel.\n")
    ran = digest(built.root, "build")
    assert ran.code == 0, ran.text
    assert "README" not in ran.text
    assert built.snapshot() == before


def test_digest_facts_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """digest facts … | head: when the reader goes away, no traceback."""
    import subprocess
    import sys

    path = tmp_path / "a.md"
    path.write_text(article(body="Jakarta — Presiden Joko Widodo bertemu warga Jepang. " * 2000), encoding="utf-8")
    command = [sys.executable, "-m", "digest.cli", "-C", str(tmp_path), "facts", "--json", str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        process.stdout.close()
        _, err = process.communicate(timeout=60)
    assert b"Traceback" not in err
    assert process.returncode == 141


def test_messages_count_right(built: Project) -> None:
    """One article is "1 article"; drafts left out are counted; no note is blamed on a missing pyproject.toml."""
    built.write("draf.md", article(title="Draf", draft="true"))
    ran = digest(built.root, "build")
    assert ran.out.startswith("built 1 article → ")
    assert "note: 1 draft is left out (draft: true); digest build --drafts includes them" in ran.err
    assert "pyproject.toml" not in ran.err


# -------------------------------------------------------------------------------- Markdown

@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(
    list("*_`#>[]()!<>&-+=|~\\\n \t") + ["\x00", "\ud800", "é", "😀", "1.", "```", "<div>", "&#0;", "&#xD800;", "\x85", "\u2028"]),
    max_size=100).map("".join)))
def test_both_markdown_engines_take_any_text(text: str) -> None:
    """cmark-gfm and Python-Markdown render any text, even lone surrogates and NULs, to UTF-8 HTML."""
    for engine in ("commonmark", "python-markdown"):
        html = BodyRenderer(False, engine)(text)
        assert isinstance(html, str)
        html.encode("utf-8")


def test_a_full_disk_is_one_line_and_keeps_site_and_cache(built: Project, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """ENOSPC while writing the new site (simulated: no disk fills up in a test): one line, site/ and cache kept."""
    import errno

    from digest import write
    from digest.cli import main

    before = built.snapshot()
    cache = sorted(p.name for p in (built.root / ".digest-cache").iterdir())
    def full(*args: object, **kwargs: object) -> bool:
        raise OSError(errno.ENOSPC, "No space left on device", str(built.root / ".site.staging" / "index.html"))

    monkeypatch.setattr(write.Stager, "put", full)
    monkeypatch.setattr(write, "apply", full)  # an edit is applied in place (search on or off), a new site staged
    built.write("baik.md", GOOD.replace("Baik", "Baik sekali"))
    capsys.readouterr()
    assert main(["-C", str(built.root), "build"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("digest: the disk is full: free some space, then build again: ")
    assert built.snapshot() == before
    assert sorted(p.name for p in (built.root / ".digest-cache").iterdir()) == cache
    assert not (built.root / ".site.staging").exists()


def test_a_full_disk_under_the_cache_never_wipes_it(built: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite's "database or disk is full" while the cache is updated: a warning, and the cache file is kept."""
    import sqlite3

    from digest.build.pipeline import build
    from digest.config import load_config

    (store,) = (built.root / ".digest-cache").glob("articles-*.sqlite")
    real = sqlite3.Connection.executemany

    class Full(sqlite3.Connection):
        def executemany(self, sql: str, rows: object) -> sqlite3.Cursor:
            if sql.startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return real(self, sql, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(sqlite3, "connect", lambda path, *a, **k: Full(path, *a, **k))
    built.write("baik.md", GOOD.replace("Baik", "Baik sekali"))
    report = build(load_config(built.root))
    assert any("cannot be used (database or disk is full)" in str(d) for d in report.diagnostics)
    assert store.is_file()
    assert "Baik sekali" in built.site("2023/09/20/baik/index.html").read_text(encoding="utf-8")
