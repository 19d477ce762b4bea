"""The command line: exit codes, the error format, site/ untouched on failure, facts and new."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from digest.cli import main
from digest.load import ORIGINAL_KEYS
from tests.conftest import Project, article, shared


def _run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "digest.cli", "-C", str(project.root), *args],
                          capture_output=True, text=True, timeout=120)


def test_build_prints_what_it_built(project: Project) -> None:
    """A good build exits 0 and says how many articles and pages, and how long."""
    project.write("a.md", article())
    result = _run(project, "build")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("built 1 article → ")
    assert " s (load+extract+localize " in result.stdout
    assert project.site("2023/09/20/a/index.html").is_file()


def test_failed_build_reports_all_errors_and_leaves_site_untouched(project: Project) -> None:
    """Two bad files: both reported as path:line, exit 1, no traceback, site/ byte-identical."""
    project.write("a.md", article())
    assert _run(project, "build").returncode == 0
    before = project.snapshot()
    project.write("b.md", "---\ntitle: B\ndate: 2023-09-20\nauthr: X\n---\nIsi.\n")
    project.write("c.md", "---\ntitle: [C\n---\nIsi.\n")
    result = _run(project, "build")
    assert result.returncode == 1
    assert "content/b.md:4: error: unknown key 'authr' (did you mean 'author'?)" in result.stderr
    assert "content/c.md:3:1: error: YAML:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.rstrip().endswith("build failed: 2 errors; site/ left unchanged")
    assert project.snapshot() == before


def test_facts_json_of_the_seed_is_the_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`digest facts --json` on the seed article prints exactly the gold facts."""
    seed, gold = shared("seed", "kim-surati-xi.md"), json.loads(shared("seed", "gold.json").read_text())
    assert main(["-C", str(tmp_path), "facts", "--json", str(seed)]) == 0
    facts = json.loads(capsys.readouterr().out)
    for key in ("people", "dates", "ranges", "quotes", "sources", "dateline"):
        assert facts[key] == gold[key], key
    assert sorted(facts["countries"]) == sorted(gold["countries"])


def test_facts_reads_stdin_and_applies_overrides(project: Project) -> None:
    """Front-matter corrections apply to `digest facts` as to the build."""
    text = article(body="Jakarta, KabarBerita.id — Presiden Jepang bertemu warga Mesir.", not_countries="[EG]", countries="[FR]")
    result = subprocess.run([sys.executable, "-m", "digest.cli", "-C", str(project.root), "facts", "--json", "-"],
                            input=text, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert sorted(json.loads(result.stdout)["countries"]) == ["FR", "JP"]


def test_facts_of_bad_file_is_an_error(project: Project) -> None:
    """A file without front matter: a located error and exit 1."""
    path = project.write("x.md", "Tanpa front matter.\n")
    result = _run(project, "facts", str(path))
    assert result.returncode == 1
    assert ":1: error: no front matter" in result.stderr


def test_new_writes_a_draft_that_builds(project: Project) -> None:
    """`digest new` writes a dated draft skeleton; it builds with --drafts and not without."""
    result = _run(project, "new", "Harga Cabai Naik Lagi")
    assert result.returncode == 0, result.stderr
    path = project.root / "content" / "harga-cabai-naik-lagi.md"
    assert path.is_file()
    assert _run(project, "new", "Harga Cabai Naik Lagi").returncode == 1
    assert "built 0 articles" in _run(project, "build").stdout
    assert "built 1 article → " in _run(project, "build", "--drafts").stdout


def test_bad_config_is_reported_with_its_line(project: Project) -> None:
    """A config error is located in pyproject.toml and exits 1."""
    (project.root / "pyproject.toml").write_text("[tool.digest]\nbase_ur = 'x'\n")
    result = _run(project, "build")
    assert result.returncode == 1
    assert "pyproject.toml:2: error: unknown key 'base_ur'" in result.stderr


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_that_is_not_one(project: Project, port: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A port out of range or not a number is a usage error before anything is built."""
    project.write("a.md", article())
    with pytest.raises(SystemExit) as stopped:
        main(["-C", str(project.root), "serve", "--port", port])
    assert stopped.value.code == 2
    assert f"{port!r} is not a port: give a number from 0 to 65535" in capsys.readouterr().err
    assert not project.site().exists()


def test_new_with_a_title_without_latin_letters_says_why(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A title digest cannot make a file name from is an error that names it; nothing is written."""
    assert main(["-C", str(project.root), "new", "日本語"]) == 1
    assert "cannot make a file name from the title '日本語'" in capsys.readouterr().err
    assert list((project.root / "content").iterdir()) == []


# Every key an original may have, and those other work adds (image, updated, correction): each is in the skeleton.
SKELETON_KEYS = (*ORIGINAL_KEYS, "image", "updated", "correction")


def test_new_writes_the_configured_dateline_and_every_key(project: Project) -> None:
    """The outlet and place come from [tool.digest]; every optional key is a comment; the extractor reads the
    dateline; the draft builds, and so does it with every key digest knows uncommented."""
    (project.root / "pyproject.toml").write_text('[tool.digest]\noutlet = "Warta Medan"\ndateline = "Medan"\n')
    assert _run(project, "new", "Banjir di Deli").returncode == 0
    path = project.root / "content" / "banjir-di-deli.md"
    text = path.read_text(encoding="utf-8")
    assert "\n\nMedan, Warta Medan — Tulis paragraf pembuka di sini.\n" in text
    assert "KabarBerita" not in text
    assert [key for key in SKELETON_KEYS if not re.search(rf"^(# )?{key}:", text, re.MULTILINE)] == []
    facts = _run(project, "facts", "--json", str(path))
    assert json.loads(facts.stdout)["dateline"] == {"place": "Medan", "outlet": "Warta Medan"}
    assert "built 1 article → " in _run(project, "build", "--drafts").stdout
    # every key but draft (already set) and image (it needs a real photo beside the article)
    known = "|".join(key for key in ORIGINAL_KEYS if key not in ("draft", "image"))
    path.write_text(re.sub(rf"^# ({known}):", r"\1:", text, flags=re.MULTILINE), encoding="utf-8")
    built = _run(project, "build", "--drafts")
    assert built.returncode == 0, built.stderr
    assert "built 1 article → " in built.stdout


def test_new_without_settings_names_the_site(project: Project) -> None:
    """No outlet configured: the dateline is Jakarta and the site's Indonesian title."""
    (project.root / "pyproject.toml").write_text('[tool.digest]\ntitle = { id = "Suara Kampung", en = "Village Voice" }\n')
    assert _run(project, "new", "Pasar Baru").returncode == 0
    text = (project.root / "content" / "pasar-baru.md").read_text(encoding="utf-8")
    assert "\n\nJakarta, Suara Kampung — " in text


@pytest.mark.parametrize("folder", ["empty", "content"])
def test_build_outside_a_site_says_so_and_leaves_nothing(tmp_path: Path, folder: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """In an empty folder, or in a site's content/ by mistake: exit 1 with the reason, and no lock, cache or site made."""
    where = tmp_path / folder
    where.mkdir()
    (where / "a.md").write_text(article(), encoding="utf-8")
    assert main(["-C", str(where), "build"]) == 1
    err = capsys.readouterr().err
    assert "content/: error: " in err
    assert "start one with digest init" in err
    assert ("this folder is itself a content/ folder" in err) == (folder == "content")
    assert sorted(p.name for p in where.iterdir()) == ["a.md"]


def test_new_writes_a_title_as_it_is(project: Project) -> None:
    """A title that looks like one of the skeleton's placeholders is the title, not the date."""
    assert _run(project, "new", "__DATE__ dan __OUTLET__").returncode == 0
    text = (project.root / "content" / "date-dan-outlet.md").read_text(encoding="utf-8")
    assert '\ntitle: "__DATE__ dan __OUTLET__"\n' in text


_EXITING = """
import atexit, sys
from digest.cli import run
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
sys.argv = ["digest", *sys.argv[1:]]
run()
"""


def test_the_command_flushes_its_output_and_runs_exit_handlers(project: Project) -> None:
    """The installed command exits without freeing its objects: nothing it printed may be lost
    (a pipe holds output in a buffer), exit handlers still run, and the status is main's."""
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    body = " ".join(f"Kata{i} di Indonesia, Selasa (12/9)." for i in range(3000))
    piped = subprocess.run([sys.executable, "-c", _EXITING, "-C", str(project.root), "facts", "--json", "-"],
                           input=f"---\ntitle: Uji\ndate: 2023-09-20\n---\n{body}\n",
                           capture_output=True, text=True, check=False, env=buffered)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["countries"] == ["ID"]
    assert "exit handler ran" in piped.stderr
    failed = subprocess.run([sys.executable, "-c", _EXITING, "-C", str(project.root / "nowhere"), "build"],
                            capture_output=True, text=True, check=False, env=buffered)
    assert failed.returncode == 1
    assert "no such folder" in failed.stderr
    assert "exit handler ran" in failed.stderr
