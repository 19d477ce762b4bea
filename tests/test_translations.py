"""``digest translations`` and ``digest new --translate``: each article's translation status, marking, scaffolding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from digest.cli import main
from digest.config import load_config
from digest.translations import load, text_fingerprint
from tests.conftest import Project, article

BODY = "Jakarta, KabarBerita.id — Isi berita yang panjang.\n\nParagraf kedua."
ENGLISH = "Jakarta, KabarBerita.id — The long story.\n\nThe second paragraph."


def _fingerprint(project: Project, slug: str) -> str:
    """The current fingerprint of an article's original, as the loader reads it."""
    found = load(load_config(project.root))
    return text_fingerprint(next(a for a in found if a.slug == slug).original)


def _digest(project: Project, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command line in ``project``: exit status, standard output, standard error."""
    status = main(["-C", str(project.root), *args])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def newsroom(project: Project) -> Project:
    """Five articles, one translation of each kind: current, stale, partial, unknown, and one missing."""
    for slug in ("current", "stale", "partial", "unknown", "missing"):
        project.write(f"{slug}.md", article(f"Berita {slug}", body=BODY, tags="[a]"))
    project.write("sub/deep.md", article("Berita dalam", body=BODY))
    for slug in ("current", "stale"):
        project.write(f"{slug}.en.md", article(f"News {slug}", date="", body=ENGLISH))
    project.write("partial.en.md", article("News partial", date="", body="", summary="A headline only."))
    project.write("unknown.en.md", article("News unknown", date="", body=ENGLISH))
    now = {slug: _fingerprint(project, slug) for slug in ("current", "stale")}
    project.write("current.en.md", article("News current", date="", body=ENGLISH, translated_from=now["current"]))
    project.write("stale.en.md", article("News stale", date="", body=ENGLISH, translated_from=now["stale"]))
    project.write("stale.md", article("Berita stale", body=BODY + "\n\nParagraf baru.", tags="[a]"))
    return project


def test_the_table_shows_each_status_and_counts_them(newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """One row per article with its original file and status, what to do, then the counts."""
    status, out, _ = _digest(newsroom, capsys, "translations")
    assert status == 0
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:-1]}
    assert {slug: cells[1] for slug, cells in rows.items()} == {
        "current": "current", "stale": "stale", "partial": "partial", "unknown": "unknown", "missing": "missing",
        "deep": "missing"}
    assert rows["deep"][0] == "content/sub/deep.md"
    assert "no translated_from: run digest translations --mark-current unknown after checking it" in out
    assert out.splitlines()[-1] == "6 articles: 1 current, 1 partial, 1 unknown, 2 missing, 1 stale"


def test_json_lists_every_article_with_its_fingerprints(newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """--json: a list of objects with the keys the README documents."""
    status, out, _ = _digest(newsroom, capsys, "translations", "--json")
    assert status == 0
    rows = {row["slug"]: row for row in json.loads(out)}
    assert len(rows) == 6
    stale = rows["stale"]
    assert set(stale) == {"slug", "original", "translation", "lang", "status", "fingerprint", "translated_from"}
    assert stale["original"] == "content/stale.md"
    assert stale["translation"] == "content/stale.en.md"
    assert stale["fingerprint"] == _fingerprint(newsroom, "stale") != stale["translated_from"]
    assert rows["missing"]["translated_from"] is None
    assert rows["deep"]["translation"] == "content/sub/deep.en.md"


def test_filters_combine_as_either(newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """--missing, --stale, and both together (either status); the counts are always of every article."""
    def slugs(*flags: str) -> set[str]:
        return {row["slug"] for row in json.loads(_digest(newsroom, capsys, "translations", "--json", *flags)[1])}

    assert slugs("--missing") == {"missing", "deep"}
    assert slugs("--stale") == {"stale"}
    assert slugs("--stale", "--missing") == {"missing", "deep", "stale"}
    out = _digest(newsroom, capsys, "translations", "--stale")[1]
    assert [line.split()[0] for line in out.splitlines()[1:-1]] == ["stale"]
    assert out.splitlines()[-1].startswith("6 articles: ")


def test_a_front_matter_edit_or_rewrapped_text_leaves_a_translation_current(
        newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """The fingerprint covers the title, summary and text, whitespace aside: new tags or line breaks change nothing."""
    newsroom.write("current.md", article("Berita  current", body=BODY.replace(" yang ", "\nyang  "),
                                         tags="[b, c]", category="ekonomi"))
    assert json.loads(_digest(newsroom, capsys, "translations", "--json")[1])[0]["status"] == "current"
    newsroom.write("current.md", article("Berita current", body=BODY, summary="Ringkasan baru.", tags="[a]"))
    assert json.loads(_digest(newsroom, capsys, "translations", "--json")[1])[0]["status"] == "stale"


def test_a_headline_only_translation_of_a_changed_text_is_stale(
        newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Its headline may no longer fit the story: stale comes before partial."""
    newsroom.write("partial.en.md", article("News partial", date="", body="", summary="A headline only.",
                                            translated_from=_fingerprint(newsroom, "partial")))
    newsroom.write("partial.md", article("Berita partial berubah", body=BODY, tags="[a]"))
    rows = {row["slug"]: row["status"] for row in json.loads(_digest(newsroom, capsys, "translations", "--json")[1])}
    assert rows["partial"] == "stale"


def test_mark_current_rewrites_only_that_line(newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """--mark-current replaces a translated_from line, or adds one after the title, and keeps every other byte."""
    stale = newsroom.root / "content/stale.en.md"
    before = stale.read_bytes()
    unknown = newsroom.write("unknown.en.md", b"---\r\ntitle: >-\r\n  News\r\n  unknown\r\nsummary: S  # kept\r\n---\r\n"
                                              b"The text.\r\n")
    status, out, _ = _digest(newsroom, capsys, "translations", "--mark-current", "stale", "unknown")
    assert status == 0
    assert out == "marked content/stale.en.md current\nmarked content/unknown.en.md current\n"
    old_line = [line for line in before.split(b"\n") if line.startswith(b"translated_from:")][0]
    assert stale.read_bytes() == before.replace(old_line, f"translated_from: {_fingerprint(newsroom, 'stale')}".encode())
    assert unknown.read_bytes() == (b"---\r\ntitle: >-\r\n  News\r\n  unknown\r\ntranslated_from: "
                                    + _fingerprint(newsroom, "unknown").encode()
                                    + b"\r\nsummary: S  # kept\r\n---\r\nThe text.\r\n")
    rows = {row["slug"]: row["status"] for row in json.loads(_digest(newsroom, capsys, "translations", "--json")[1])}
    assert rows["stale"] == rows["unknown"] == "current"


def test_mark_current_refuses_a_missing_translation_and_writes_nothing(
        newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A slug without a translation, or no such slug: exit 1, no file touched (every slug is checked first)."""
    stale = (newsroom.root / "content/stale.en.md").read_bytes()
    status, _, err = _digest(newsroom, capsys, "translations", "--mark-current", "stale", "missing")
    assert status == 1
    assert "content/missing.en.md does not exist: there is no translation to mark" in err
    assert (newsroom.root / "content/stale.en.md").read_bytes() == stale
    status, _, err = _digest(newsroom, capsys, "translations", "--mark-current", "stael")
    assert status == 1
    assert "stael: no article has this slug (did you mean stale?)" in err


def test_new_translate_writes_a_headline_only_translation(newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """new --translate writes x.en.md beside the original, wherever it is, with the original's fingerprint now."""
    status, out, _ = _digest(newsroom, capsys, "new", "--translate", "deep")
    assert status == 0
    assert out.startswith("wrote content/sub/deep.en.md (a headline-only translation")
    written = (newsroom.root / "content/sub/deep.en.md").read_text(encoding="utf-8")
    assert f"\ntranslated_from: {_fingerprint(newsroom, 'deep')}\n" in written
    assert 'title: "TODO: translate the headline into English"' in written
    assert written.endswith("\n---\n")
    rows = {row["slug"]: row for row in json.loads(_digest(newsroom, capsys, "translations", "--json")[1])}
    assert rows["deep"]["status"] == "partial"
    assert _digest(newsroom, capsys, "build", "--drafts")[0] == 0  # as written it builds: a valid translation


def test_new_translate_never_replaces_a_file(newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """An existing translation is left as it was: exit 1 with a reason."""
    before = (newsroom.root / "content/unknown.en.md").read_bytes()
    status, _, err = _digest(newsroom, capsys, "new", "--translate", "unknown")
    assert status == 1
    assert "content/unknown.en.md already exists: digest never replaces a file" in err
    assert (newsroom.root / "content/unknown.en.md").read_bytes() == before


def test_new_translate_names_the_closest_slugs(newsroom: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown slug: exit 1, the slugs it may have meant, nothing written."""
    files = sorted(Path(newsroom.root, "content").rglob("*"))
    status, _, err = _digest(newsroom, capsys, "new", "--translate", "misisng")
    assert status == 1
    assert "misisng: no article has this slug (did you mean missing?)" in err
    close = _digest(newsroom, capsys, "new", "--translate", "sta")[2]
    assert close.strip() == "sta: no article has this slug (did you mean stale?)"
    assert sorted(Path(newsroom.root, "content").rglob("*")) == files
    assert _digest(newsroom, capsys, "new", "Judul", "--translate", "stale")[0] == 2


@pytest.mark.parametrize("value", ["abc", "0123456789AB", "0123456789abc", "[1, 2]"])
def test_a_bad_translated_from_is_an_error_at_its_line(project: Project, capsys: pytest.CaptureFixture[str],
                                                       value: str) -> None:
    """translated_from must be 12 lower-case hex digits: else file:line, and digest translations exits 1."""
    project.write("a.md", article(body=BODY))
    project.write("a.en.md", article("News", date="", body=ENGLISH, summary="S.", translated_from=value))
    status, out, err = _digest(project, capsys, "translations")
    assert status == 1
    assert out == ""
    assert "content/a.en.md:4: error: 'translated_from' must be the fingerprint of the original's text" in err
    assert _digest(project, capsys, "build")[0] == 1


def test_an_original_may_not_say_what_it_was_translated_from(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """translated_from belongs to a translation: in an original it is an unknown key."""
    project.write("a.md", article(body=BODY, translated_from="0123456789ab"))
    status, _, err = _digest(project, capsys, "translations")
    assert status == 1
    assert "content/a.md:4: error: unknown key 'translated_from'" in err
