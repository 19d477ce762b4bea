"""`digest check`: the build's diagnostics without a build, in text, JSON or GitHub workflow commands."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from digest import consistency
from digest.cli import main, parser
from digest.errors import Diagnostic, Level, Location, error, note, warning
from digest.report import as_github, as_json, escape_data, escape_property, github_command
from tests.conftest import REPO, Project, article

_BAD = {  # two bad files, as test_cli's failed build has them
    "b.md": ("---\ntitle: B\ndate: 2023-09-20\nauthr: X\n---\nIsi.\n", "content/b.md:4: error: unknown key 'authr'"),
    "c.md": ("---\ntitle: [C\n---\nIsi.\n", "content/c.md:3:1: error: YAML:"),
}


def _check(project: Project, *args: str) -> int:
    return main(["-C", str(project.root), "check", *args])


def test_a_clean_project_passes_and_builds_nothing(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Exit 0, a summary naming the articles, and no site/ (nor its manifest) written."""
    project.write("a.md", article())
    project.write("a.en.md", article(title="Title", body="Jakarta — Text."))
    assert _check(project) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("checked 1 article in "), captured.out
    assert captured.err == ""
    assert not project.site().exists()
    assert not list(project.root.glob(".site*"))


def test_bad_files_are_all_reported_and_site_is_untouched(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """Two bad files: both as path:line, exit 1, and an existing site/ byte-identical."""
    project.write("a.md", article())
    assert main(["-C", str(project.root), "build"]) == 0
    before = project.snapshot()
    for name, (text, _) in _BAD.items():
        project.write(name, text)
    capsys.readouterr()
    assert _check(project) == 1
    captured = capsys.readouterr()
    for _, expected in _BAD.values():
        assert expected in captured.err
    assert "Traceback" not in captured.err
    assert "2 errors" in captured.out
    assert project.snapshot() == before


def test_json_lists_every_diagnostic(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json: standard output is one JSON list of {file, line, col, severity, message}."""
    for name, (text, _) in _BAD.items():
        project.write(name, text)
    assert _check(project, "--format", "json") == 1
    found = json.loads(capsys.readouterr().out)
    assert [(d["file"], d["line"], d["col"], d["severity"]) for d in found] == [
        ("content/b.md", 4, None, "error"), ("content/c.md", 3, 1, "error")]
    assert all(set(d) == {"file", "line", "col", "severity", "message"} for d in found)
    assert found[0]["message"].startswith("unknown key 'authr'")


def test_github_prints_one_command_per_diagnostic(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """--format github: an ::error command for each, with file, line and column."""
    for name, (text, _) in _BAD.items():
        project.write(name, text)
    assert _check(project, "--format", "github") == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=content/b.md,line=4::unknown key 'authr'")
    assert lines[1].startswith("::error file=content/c.md,line=3,col=1::YAML")


def _one_warning(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The consistency checks replaced by one that warns once; the number of articles it was given."""
    given: list[int] = []

    def warns(articles: object, facts: object) -> list[Diagnostic]:
        given.append(len(articles))  # type: ignore[arg-type]
        return [warning("content/a.md", 2, "Kim Jong-un here, Kim Jong Un elsewhere")]

    monkeypatch.setattr(consistency, "consistency_warnings", warns)
    return given


def test_strict_turns_a_warning_into_failure(project: Project, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A consistency warning is shown and passes; with --strict it exits 1."""
    given = _one_warning(monkeypatch)
    project.write("a.md", article())
    project.write("b.md", article(title="Lain"))
    assert _check(project) == 0
    assert "content/a.md:2: warning: Kim Jong-un here" in capsys.readouterr().err
    assert given == [2]
    assert _check(project, "--strict") == 1
    assert "1 warning (--strict)" in capsys.readouterr().out
    assert _check(project, "--strict", "--format", "github") == 1
    assert capsys.readouterr().out.startswith("::warning file=content/a.md,line=2::Kim Jong-un here")


def test_unusable_settings_are_reported_in_the_format_asked(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad pyproject.toml is a diagnostic like any other: JSON, exit 1."""
    project.write("a.md", article())
    (project.root / "pyproject.toml").write_text("[tool.digest]\ntimezone = 'Mars/Olympus'\n", encoding="utf-8")
    assert _check(project, "--format", "json") == 1
    [found] = json.loads(capsys.readouterr().out)
    assert (found["file"], found["severity"]) == ("pyproject.toml", "error")


@pytest.mark.parametrize(("plain", "data", "prop"), [
    ("plain text", "plain text", "plain text"),
    ("100%", "100%25", "100%25"),
    ("a\rb", "a%0Db", "a%0Db"),
    ("a\nb", "a%0Ab", "a%0Ab"),
    ("a:b", "a:b", "a%3Ab"),
    ("a,b", "a,b", "a%2Cb"),
    ("%0A", "%250A", "%250A"),  # an escape already in the text is escaped, not passed through
    ("50%,\r\n:x", "50%25,%0D%0A:x", "50%25%2C%0D%0A%3Ax"),
])
def test_workflow_command_escapes(plain: str, data: str, prop: str) -> None:
    """Every character the workflow-command syntax escapes, in a message and in a property value."""
    assert escape_data(plain) == data
    assert escape_property(plain) == prop


@pytest.mark.parametrize(("diagnostic", "command"), [
    (error("content/a.md", 3, "bad", 7), "::error file=content/a.md,line=3,col=7::bad"),
    (warning("content/a.md", 0, "odd"), "::warning file=content/a.md::odd"),
    (note("", 0, "fyi"), "::notice::fyi"),
    (error("content/x,y:z%.md", 1, "two\nlines, 100%: done"),
     "::error file=content/x%2Cy%3Az%25.md,line=1::two%0Alines, 100%25: done"),
])
def test_github_command(diagnostic: Diagnostic, command: str) -> None:
    """Only the properties a diagnostic has; file names and messages escaped as their place needs."""
    assert github_command(diagnostic) == command
    assert as_github([diagnostic, diagnostic]) == f"{command}\n{command}"


def test_json_schema_of_a_diagnostic_without_a_place() -> None:
    """A note about the whole project: file, line and col are null."""
    found = json.loads(as_json([Diagnostic(Location(""), Level.NOTE, "ü")]))
    assert found == [{"file": None, "line": None, "col": None, "severity": "note", "message": "ü"}]


def test_check_is_a_subcommand_of_the_pre_commit_hook() -> None:
    """.pre-commit-hooks.yaml at the repository root runs `digest check`, a real subcommand, on the right files."""
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "digest-check"
    assert (hook["language"], hook["pass_filenames"]) == ("python", False)
    program, *args = hook["entry"].split()
    assert program == "digest"
    assert parser().parse_args(args).func.__name__ == "cmd_check"
    pattern = re.compile(hook["files"])
    assert [p for p in ("content/a.md", "pyproject.toml", "templates/base.html", "README.md", "src/content/x")
            if pattern.search(p)] == ["content/a.md", "pyproject.toml", "templates/base.html"]
