"""The load stage: validation of every key, translation pairing, all problems at once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from digest.config import load_config
from digest.errors import Diagnostic
from digest.files import realpath
from digest.load import discover, load_group
from digest.model import Article
from tests.conftest import Project, article


@dataclass
class Loaded:
    """What loading a project gave: its articles (drafts only if asked) and every diagnostic."""

    articles: tuple[Article, ...]
    diagnostics: tuple[Diagnostic, ...]


def _load(project: Project, drafts: bool = False) -> Loaded:
    """Load every article as a build does: discover the groups, then load each."""
    config = load_config(project.root, drafts=drafts)
    groups, diagnostics = discover(config)
    articles, found = [], list(diagnostics)
    for group in groups:
        loaded, problems = load_group(group, config)
        found.extend(problems)
        if loaded is not None and (drafts or not loaded.draft):
            articles.append(loaded)
    return Loaded(tuple(articles), tuple(found))


def _messages(project: Project) -> list[str]:
    return [str(d) for d in _load(project).diagnostics]


def test_article_and_translation_are_paired(project: Project) -> None:
    """slug.en.md becomes the English variant of slug.md and inherits its date."""
    project.write("a/kabar.md", article("Kabar", tags="[ekonomi]", countries="[kp, CN]"))
    project.write("a/kabar.en.md", "---\ntitle: News\nlang: en\n---\nThe body.\n")
    loaded = _load(project)
    assert loaded.diagnostics == ()
    (only,) = loaded.articles
    assert only.slug == "kabar"
    assert only.tags == ("ekonomi",)
    assert only.overrides.countries == ("KP", "CN")
    english = only.variant("en")
    assert english is not None
    assert english.title == "News"
    assert only.published == datetime(2023, 9, 20, 10, tzinfo=timezone(timedelta(hours=7)))


def test_naive_date_is_in_site_time_zone(project: Project) -> None:
    """A plain date means midnight in Asia/Jakarta."""
    project.write("a.md", article(date="2023-09-20"))
    (only,) = _load(project).articles
    assert only.published.utcoffset() == timedelta(hours=7)


def test_every_problem_is_reported_with_its_line(project: Project) -> None:
    """Unknown keys (with a suggestion), bad types and bad codes are all reported, each at its line."""
    project.write("bad.md", article(tagz="[a]", countries="[KP, XX]", draft="'yes'"))
    project.write("worse.md", "---\ntitle: [a, b]\ndate: kemarin\n---\nIsi.\n")
    messages = _messages(project)
    assert "content/bad.md:4: error: unknown key 'tagz' (did you mean 'tags'?)" in messages
    assert any(m.startswith("content/bad.md:5: error: 'countries'") and "XX" in m for m in messages)
    assert any(m.startswith("content/bad.md:6: error: 'draft' must be true or false") for m in messages)
    assert any(m.startswith("content/worse.md:2: error: 'title' must be") for m in messages)
    assert any(m.startswith("content/worse.md:3: error: 'date' must be an ISO 8601") for m in messages)


def test_missing_required_keys_and_empty_body(project: Project) -> None:
    """No title, no date, no body: each is an error."""
    project.write("a.md", "---\nauthor: X\n---\n\n")
    messages = _messages(project)
    assert any("missing required key 'title'" in m for m in messages)
    assert any("missing required key 'date'" in m for m in messages)
    assert any("has no body" in m for m in messages)


def test_translation_without_original_and_inherited_keys(project: Project) -> None:
    """An orphan translation is an error; a translation may not redefine inherited keys."""
    project.write("orphan.en.md", "---\ntitle: T\n---\nBody\n")
    project.write("b.md", article())
    project.write("b.en.md", "---\ntitle: T\ndate: 2023-01-01\n---\nBody\n")
    messages = _messages(project)
    assert any(m.startswith("content/orphan.en.md:1: error: translation without an original") for m in messages)
    assert any(m.startswith("content/b.en.md:3: error: 'date' differs from the original (content/b.md:3)") for m in messages)


def test_a_translation_into_a_language_the_site_lacks_is_an_error(project: Project) -> None:
    """``x.fr.md``, ``x.EN.md`` or ``x.id.md`` is not published as a second, mislabelled article: each is an error
    saying what to do; a dot that names no language (``versi-2.0.md``) is part of an original's name."""
    project.write("b.md", article())
    for name in ("b.fr.md", "b.EN.md", "b.id.md", "b.pt-BR.md"):
        project.write(name, "---\ntitle: T\n---\nBody\n")
    project.write("versi-2.0.md", article("Versi dua"))
    loaded = _load(project)
    assert sorted(a.slug for a in loaded.articles) == ["b", "versi-2.0"]
    assert sorted(str(d) for d in loaded.diagnostics) == [
        "content/b.EN.md:1: error: write the language in lowercase: b.en.md",
        "content/b.fr.md:1: error: a translation into 'fr', a language this site does not publish "
        "(its languages: id, en); rename it, or remove it",
        "content/b.id.md:1: error: '.id' marks a translation, but id is the language of the originals: name it b.md",
        "content/b.pt-BR.md:1: error: a translation into 'pt-BR', a language this site does not publish "
        "(its languages: id, en); rename it, or remove it",
    ]


def test_translation_may_repeat_inherited_keys_unchanged(project: Project) -> None:
    """Repeating the original's date or countries in a translation is harmless."""
    project.write("b.md", article(countries="[KP]"))
    project.write("b.en.md", "---\ntitle: T\ndate: 2023-09-20T10:00:00+07:00\ncountries: [KP]\nlang: en\n---\nBody\n")
    loaded = _load(project)
    assert loaded.diagnostics == ()
    assert loaded.articles[0].variant("en") is not None


def test_unsafe_slugs_are_refused(project: Project) -> None:
    """A slug with '/', '\\' or '..' could write outside its folder: refused."""
    for name, slug in (("a.md", "'../x'"), ("b.md", "'a/b'"), ("c.md", "'a\\\\b'")):
        project.write(name, article(slug=slug))
    messages = _messages(project)
    assert sum("'slug' must be a URL-safe name" in m for m in messages) == 3


def test_drafts_only_when_asked(project: Project) -> None:
    """draft: true articles are skipped unless drafts are requested."""
    project.write("a.md", article(draft="true"))
    assert _load(project).articles == ()
    assert len(_load(project, drafts=True).articles) == 1


def test_non_markdown_files_are_noted_and_ignored(project: Project) -> None:
    """A stray file in content/ is a note, not an error; a photo beside the articles is neither."""
    project.write("a.md", article())
    project.write("catatan.txt", "x")
    project.write("foto.jpg", b"\xff\xd8")
    project.write("FOTO2.JPEG", b"\xff\xd8")
    (diag,) = _load(project).diagnostics
    assert str(diag) == "content/catatan.txt: note: not a Markdown file; ignored"


def test_a_translation_with_a_title_and_summary_only_translates_the_headline(project: Project) -> None:
    """``x.en.md`` with a title and a summary and no body is a headline-only translation, not an error."""
    project.write("a.md", article("Kabar"))
    project.write("a.en.md", "---\ntitle: News\nsummary: The English standfirst.\n---\n\n")
    loaded = _load(project)
    assert loaded.diagnostics == ()
    english = loaded.articles[0].variant("en")
    assert english is not None
    assert (english.title, english.summary, english.partial) == ("News", "The English standfirst.", True)
    original = loaded.articles[0].variant("id")
    assert original is not None
    assert not original.partial


def test_a_translation_missing_its_title_or_its_body_and_summary_is_an_error(project: Project) -> None:
    """No body and no summary, or no title (with or without a body): each an error at its file and line,
    saying what to write."""
    project.write("a.md", article("Kabar"))
    project.write("a.en.md", "---\ntitle: News\n---\n\n")
    project.write("b.md", article("Kabar"))
    project.write("b.en.md", "---\nsummary: The English standfirst.\n---\n")
    project.write("c.md", article("Kabar"))
    project.write("c.en.md", "---\nlang: en\n---\nThe body.\n")
    assert sorted(_messages(project)) == [
        "content/a.en.md:4: error: translation has no body: write the text after the closing '---', or give it a "
        "'summary' to publish its headline and summary over the original's text",
        "content/b.en.md:1: error: missing required key 'title'",
        "content/c.en.md:1: error: missing required key 'title'",
    ]


def test_real_paths_are_those_python_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What decides that a file is inside the project: the C library's real path where it resolves one,
    the same as Python's everywhere, links into, out of and around the folder included."""
    inner, outer = tmp_path / "project", tmp_path / "elsewhere"
    (inner / "content").mkdir(parents=True)
    outer.mkdir()
    (inner / "content" / "a.md").write_text("x")
    (outer / "b.md").write_text("x")
    links = {"in.md": "a.md", "out.md": "../../elsewhere/b.md", "dangling.md": "gone.md", "loop.md": "loop.md",
             "up": "..", "abs.md": str(outer / "b.md")}
    for name, target in links.items():
        (inner / "content" / name).symlink_to(target)
    monkeypatch.chdir(inner)
    paths = ["content/a.md", "content/../content/a.md", "content/up/content/in.md", "content/up/../elsewhere/b.md",
             "content/nothing/x.md", "content/a.md/x", str(tmp_path) + "//project/./content", *(f"content/{n}" for n in links)]
    assert [realpath(p) for p in paths] == [os.path.realpath(p) for p in paths]
    assert realpath(Path("content/out.md")).endswith(os.sep + os.path.join("elsewhere", "b.md"))  # links are followed
