"""The catalogue of bad inputs: each is reported at its exact place and leaves site/ untouched.

Every case adds bad files to a project that has already been built once, runs
``digest build``, and checks the exit status, the exact ``path:line[:col]`` of the
diagnostic, that no traceback is shown, and that ``site/`` is byte-identical.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import pytest

from digest.cli import main
from tests.conftest import Project, article

GOOD = article(title="Baik", body="Jakarta, KabarBerita.id — Berita yang baik.")
META = "---\ntitle: A\ndate: 2023-09-20\n"
BOMB = "---\ntitle: A\ndate: 2023-09-20\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 12)) + "---\nIsi.\n"

CASES: list[tuple[str, dict[str, bytes], str]] = [
    ("no front matter", {"x.md": b"Isi saja tanpa front matter.\n"}, "content/x.md:1: error: no front matter"),
    ("never closed", {"x.md": b"---\ntitle: A\ndate: 2023-09-20\nIsi.\n"}, "content/x.md:1: error: front matter is never closed"),
    ("YAML syntax", {"x.md": b"---\ntitle: Rusia: perang\ndate: 2023-09-20\n---\nIsi.\n"}, "content/x.md:2:13: error: YAML: mapping values are not allowed"),
    ("a list", {"x.md": b"---\n- title\n- date\n---\nIsi.\n"}, "content/x.md:2: error: front matter is a list"),
    ("a scalar", {"x.md": b"---\njudul berita\n---\nIsi.\n"}, "content/x.md:2: error: front matter is a single value"),
    ("list title", {"x.md": b"---\ntitle: [a, b]\ndate: 2023-09-20\n---\nIsi.\n"}, "content/x.md:2: error: 'title' must be a non-empty text"),
    ("impossible date", {"x.md": b"---\ntitle: A\ndate: 2023-13-45\n---\nIsi.\n"}, "content/x.md:3: error: 'date' must be an ISO 8601 date or date-time, like 2023-09-20 or 2023-09-20T10:00:00+07:00: month must be in 1..12"),
    ("unparseable date", {"x.md": b"---\ntitle: A\ndate: kemarin sore\n---\nIsi.\n"}, "content/x.md:3: error: 'date' must be an ISO 8601 date"),
    ("not a country code", {"x.md": (META + "countries: [KP, XY]\n---\nIsi.\n").encode()}, "content/x.md:4: error: 'countries' must be a list of country codes, like [KP, CN]: not ISO 3166-1 alpha-2: XY"),
    ("unknown key", {"x.md": (META + "auther: Sari\n---\nIsi.\n").encode()}, "content/x.md:4: error: unknown key 'auther' (did you mean 'author'?)"),
    ("python tag", {"x.md": (META + "tags: !!python/object/apply:os.system ['touch PWNED']\n---\nIsi.\n").encode()}, "content/x.md:4:7: error: YAML: refused YAML tag !!python/object/apply:os.system"),
    ("alias bomb", {"x.md": BOMB.encode()}, "content/x.md:4: error: YAML anchors and aliases (&, *) are not allowed"),
    ("invalid UTF-8", {"x.md": (META + "---\nKopi caf\xe9 enak.\n").encode("latin-1")}, "content/x.md:5:9: error: invalid UTF-8 (byte 0xe9)"),
    ("UTF-16", {"x.md": (META + "---\nIsi.\n").encode("utf-16")}, "content/x.md:1: error: file is UTF-16; save it as UTF-8"),
    ("empty body", {"x.md": (META + "---\n\n   \n").encode()}, "content/x.md:5: error: article has no body"),
    ("huge file", {"x.md": (META + "---\n" + "kata " * 250_000).encode()}, "content/x.md:1: error: file is 1,250,"),
    ("same URL twice", {"x.md": (META + "slug: baik\n---\nIsi.\n").encode()}, "content/x.md:1: error: writes the same page /2023/09/20/baik/, as content/baik.md does"),
    ("orphan translation", {"hilang.en.md": b"---\ntitle: Lost\n---\nBody.\n"}, "content/hilang.en.md:1: error: translation without an original: hilang.md does not exist"),
    ("slug with /", {"x.md": (META + "slug: a/b\n---\nIsi.\n").encode()}, "content/x.md:4: error: 'slug' must be a URL-safe name"),
    ("slug with \\", {"x.md": (META + "slug: 'a\\b'\n---\nIsi.\n").encode()}, "content/x.md:4: error: 'slug' must be a URL-safe name"),
    ("slug with ..", {"x.md": (META + "slug: ../../etc\n---\nIsi.\n").encode()}, "content/x.md:4: error: 'slug' must be a URL-safe name"),
    ("file name unsafe in a URL", {"berita baru?.md": (META + "---\nIsi.\n").encode()}, "content/berita baru?.md:1: error: file name is not a URL-safe slug"),
]


@pytest.fixture
def built(project: Project) -> Project:
    """A project with one good article, built once."""
    project.write("baik.md", GOOD)
    assert main(["-C", str(project.root), "build"]) == 0
    return project


@pytest.mark.parametrize(("files", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_located_and_site_untouched(built: Project, files: dict[str, bytes], expected: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """The diagnostic names the exact place; exit 1; no traceback; site/ byte-identical."""
    before = built.snapshot()
    capsys.readouterr()
    for name, data in files.items():
        built.write(name, data)
    cwd = os.getcwd()
    os.chdir(built.root)  # a python tag that ran would write PWNED here
    try:
        status = main(["-C", str(built.root), "build"])
    finally:
        os.chdir(cwd)
    err = capsys.readouterr().err
    assert status == 1
    assert any(line.startswith(expected) for line in err.splitlines()), err
    assert "Traceback" not in err
    assert err.rstrip().endswith("site/ left unchanged")
    assert built.snapshot() == before
    assert not (built.root / "PWNED").exists()


def test_all_problems_are_reported_together(built: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Five bad files: five errors in one run, sorted by file."""
    for i, (_, files, _) in enumerate(CASES[:5]):
        for data in files.values():
            built.write(f"bad{i}.md", data)
    assert main(["-C", str(built.root), "build"]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert [line.split(":")[0] for line in errors] == [f"content/bad{i}.md" for i in range(5)]


def test_alias_bomb_is_refused_fast_in_bounded_memory(built: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Nine to the eleventh aliases are refused in well under a second and a few MB."""
    built.write("bomb.md", BOMB)
    tracemalloc.start()
    started = time.perf_counter()
    assert main(["-C", str(built.root), "build"]) == 1
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5
    assert peak < 50_000_000
    assert "anchors and aliases" in capsys.readouterr().err


@pytest.mark.parametrize("data", [
    ("\ufeff" + GOOD).encode("utf-8"),
    GOOD.replace("\n", "\r\n").encode("utf-8"),
], ids=["BOM", "CRLF"])
def test_bom_and_crlf_are_accepted(project: Project, data: bytes) -> None:
    """A byte-order mark and Windows line endings build like plain UTF-8."""
    project.write("baik.md", data)
    assert main(["-C", str(project.root), "build"]) == 0
    assert "Baik" in project.site("2023/09/20/baik/index.html").read_text(encoding="utf-8")


def test_non_markdown_file_is_ignored_with_a_note(built: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A stray .docx in content/ is noted and the build succeeds."""
    built.write("catatan.docx", b"PK\x03\x04")
    assert main(["-C", str(built.root), "build"]) == 0
    assert "content/catatan.docx: note: not a Markdown file; ignored" in capsys.readouterr().err


@pytest.mark.parametrize(("output", "link"), [("site", "site"), ("docs/public", "docs")])
def test_an_output_folder_reached_through_a_link_is_refused(project: Project, tmp_path: Path, output: str, link: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A link on the way to the output folder is named, and what it points to is left alone (digest would replace it)."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "public").mkdir(parents=True)
    (elsewhere / "public" / "keep.txt").write_text("mine")
    (project.root / link).symlink_to(elsewhere if link == "docs" else elsewhere / "public")
    (project.root / "pyproject.toml").write_text(f'[tool.digest]\noutput = "{output}"\n')
    project.write("baik.md", GOOD)
    assert main(["-C", str(project.root), "build"]) == 1
    assert f"error: output must be a folder inside the project, not the project root, content/ or templates/: " \
           f"'{link}' is a link to " in capsys.readouterr().err
    assert [p.name for p in (elsewhere / "public").iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("output", [".", "content", "templates", "../elsewhere", "/tmp"])
def test_dangerous_output_folders_are_refused(project: Project, output: str, capsys: pytest.CaptureFixture[str]) -> None:
    """digest never builds into (and so never deletes) the project, its sources, or outside it."""
    (project.root / "pyproject.toml").write_text(f'[tool.digest]\noutput = "{output}"\n')
    project.write("baik.md", GOOD)
    assert main(["-C", str(project.root), "build"]) == 1
    assert "pyproject.toml:2: error: output must be a folder inside the project" in capsys.readouterr().err
    assert (project.root / "content" / "baik.md").is_file()
