"""`digest init`: a site repository that builds, never written over; its workflow, checked by real tools."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from digest.cli import main
from digest.scaffold import SITE_FILES, requirement
from tests.conftest import REPO

WORKFLOW = ".github/workflows/pages.yml"
CHECK = ".github/workflows/check.yml"
TOOLS = Path(sys.executable).parent  # check-jsonschema and zizmor come with the "test" extra


def _init(tmp_path: Path, name: str = "kabar") -> Path:
    """A new site made by `digest init` in ``tmp_path/name``."""
    assert main(["-C", str(tmp_path), "init", name]) == 0
    return tmp_path / name


def _files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its relative path, with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_init_writes_a_site_that_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Into a folder that does not exist yet: the six files, and `digest build` publishes the example in both languages."""
    root = _init(tmp_path)
    assert sorted(_files(root)) == sorted(name for name, _ in SITE_FILES)
    assert not re.search(r"__[A-Z]+__", "".join(p.decode() for p in _files(root).values())), "a placeholder left unfilled"
    assert main(["-C", str(root), "build"]) == 0
    assert "built 1 article → " in capsys.readouterr().out
    pages = [p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("selamat-datang/index.html")]
    assert sorted(pages)[0].startswith("20"), pages
    assert sorted(pages)[1:] == ["en/" + sorted(pages)[0]]
    text = (root / "content" / "selamat-datang.md").read_text(encoding="utf-8")
    assert "\nJakarta, Kabar Redaksi — Situs berita" in text  # the dateline pyproject.toml configures


@pytest.mark.parametrize("existing", [name for name, _ in SITE_FILES])
def test_init_never_overwrites_and_then_writes_nothing(tmp_path: Path, existing: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """One of its files already there: exit 1, the file named, kept as it was, and no other file written."""
    (tmp_path / existing).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / existing).write_text("mine\n", encoding="utf-8")
    assert main(["-C", str(tmp_path), "init"]) == 1
    err = capsys.readouterr().err
    assert f"digest init never replaces a file, and these exist: {existing};" in err
    assert "Traceback" not in err
    assert _files(tmp_path) == {existing: b"mine\n"}


def test_init_refuses_a_folder_inside_a_projects_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`digest init` run in content/ (or below it) by mistake writes nothing there."""
    root = _init(tmp_path)
    before = _files(root)
    for inside in ("content", "content/2024"):
        assert main(["-C", str(root), "init", inside]) == 1
        assert f"{inside}: is inside content/ of the digest project {root}" in capsys.readouterr().err
    assert _files(root) == before
    assert not (root / "content" / "2024").exists()


def test_gitignore_covers_every_file_digest_makes(tmp_path: Path) -> None:
    """After a build (and a second, incremental one), git sees only the files init wrote: site/, the cache, the
    manifest, the lock are all ignored."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = _init(tmp_path)
    assert main(["-C", str(root), "build"]) == 0
    (root / "content" / "selamat-datang.en.md").write_text("---\ntitle: Welcome\n---\n\nChanged.\n", encoding="utf-8")
    assert main(["-C", str(root), "build"]) == 0
    made = {p.relative_to(root).parts[0] for p in root.iterdir()} - {"content", ".github", "pyproject.toml", ".gitignore"}
    assert {"site", ".digest-cache", ".site.manifest", ".digest.lock"} <= made
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert sorted(line[3:] for line in status.splitlines()) == sorted(name for name, _ in SITE_FILES)


def _workflow(path: Path) -> dict[str, Any]:
    """A workflow file as data (PyYAML reads the key `on` as the boolean True)."""
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True)
    return data


def _steps(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in job["steps"] if str(step.get("uses", "")).startswith(action + "@")]


def _safe(path: Path, uses_count: int) -> dict[str, Any]:
    """Check what every workflow holds to: no permissions by default, each job only its own, ``uses_count``
    actions all pinned by commit, checkout keeping no credentials, no template expanded in a script."""
    text, data = path.read_text(encoding="utf-8"), _workflow(path)
    assert data["permissions"] == {}
    assert all(isinstance(job.get("permissions"), dict) and job["permissions"] for job in data["jobs"].values())
    uses = re.findall(r"uses: (\S+)(.*)", text)
    assert len(uses) == uses_count
    assert [u for u, comment in uses if not re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", u)
            or not re.fullmatch(r" # v\d+\.\d+\.\d+", comment)] == []
    checkouts = [step for job in data["jobs"].values() for step in _steps(job, "actions/checkout")]
    assert [step["with"]["persist-credentials"] for step in checkouts] == [False]
    scripts = [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]
    assert scripts
    assert [s for s in scripts if "${{" in s] == []
    return data


def _hardened(path: Path) -> dict[str, Any]:
    """Check the Pages workflow: safe (see :func:`_safe`), the cache kept with its key, each job's permissions.
    Return the workflow."""
    data = _safe(path, 6)
    build = data["jobs"]["build"]
    [cache] = _steps(build, "actions/cache")
    assert cache["with"]["path"].split() == [".digest-cache", "~/.cache/digest"]  # the key folder: see build/secret.py
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    return data


def test_the_new_sites_workflow_installs_a_pinned_digest_on_a_schedule(tmp_path: Path) -> None:
    """The workflow init writes: hardened, digest installed at one version, rebuilt every hour."""
    data = _hardened(_init(tmp_path) / WORKFLOW)
    [install] = [step for step in data["jobs"]["build"]["steps"] if "pip install" in step.get("run", "")]
    assert install["run"] == 'python -m pip install "$DIGEST"'
    assert install["env"]["DIGEST"] == requirement()
    assert re.fullmatch(r"digest-news==\d+\.\d+\.\d+", requirement())  # not "digest": that name on PyPI is another package
    assert [entry["cron"] for entry in data["on"]["schedule"]] == ["17 * * * *"]
    assert data["on"]["push"] == {"branches": ["main"]}


def test_the_new_sites_check_workflow_checks_pull_requests(tmp_path: Path) -> None:
    """check.yml: `digest check --format github` on every pull request, reading only, digest installed as pages.yml
    installs it (the same pinned line), the same actions at the same commits."""
    root = _init(tmp_path)
    data = _safe(root / CHECK, 2)
    assert list(data["on"]) == ["pull_request"]
    [job] = data["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    runs = [step for step in job["steps"] if "run" in step]
    assert [step["run"] for step in runs] == ['python -m pip install "$DIGEST"', "digest check --format github"]
    pages = _hardened(root / WORKFLOW)["jobs"]["build"]["steps"]
    assert runs[0]["env"] == next(step["env"] for step in pages if step.get("run") == runs[0]["run"])
    used = {step["uses"] for step in pages if "uses" in step}
    assert {step["uses"] for step in job["steps"] if "uses" in step} <= used


def test_this_repositorys_workflow_is_hardened() -> None:
    """.github/workflows/pages.yml of digest itself holds to the same rules."""
    _hardened(REPO / WORKFLOW)


def _tool(name: str) -> Path:
    """A checking tool installed beside this Python (the "test" extra), or a skip saying so."""
    path = TOOLS / name
    if not path.is_file():
        pytest.skip(f"{name} is not installed beside {sys.executable}: pip install -e '.[test]'")
    return path


@pytest.fixture(params=["pages.yml written by digest init", "check.yml written by digest init", "this repository's"])
def workflow(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """Each workflow digest has: the two init writes, and its own."""
    if request.param == "this repository's":
        return REPO / WORKFLOW
    return _init(tmp_path) / (CHECK if request.param.startswith("check.yml") else WORKFLOW)


def test_workflow_is_valid_by_githubs_schema(workflow: Path) -> None:
    """check-jsonschema with its vendored schema of GitHub workflows (no network) accepts it."""
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", workflow],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_in_the_workflow(workflow: Path) -> None:
    """zizmor, offline and pedantic: no broad permissions, kept credentials, unpinned actions or template injection."""
    result = subprocess.run([_tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", workflow],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_a_wheel_of_digest_starts_a_site_anywhere(tmp_path: Path) -> None:
    """The wheel holds what init writes (digest/starter/) and the theme: from it alone, outside this checkout,
    `digest init` and `digest build` make a site."""
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp_path / "wheel", REPO],
                           capture_output=True, text=True, timeout=300)
    if built.returncode != 0 and "hatchling" in built.stderr:
        pytest.skip(f"cannot build a wheel here (no hatchling to be had): {built.stderr[-300:]}")
    assert built.returncode == 0, built.stderr
    [wheel] = (tmp_path / "wheel").glob("digest_news-*.whl")
    shutil.unpack_archive(wheel, tmp_path / "installed", "zip")
    assert (tmp_path / "installed" / "digest" / "starter" / "pages.yml.tmpl").is_file()
    # the unpacked wheel comes first on the path, before this checkout's editable install
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "installed")}
    for command in (["init", "kabar"], ["-C", "kabar", "build"]):
        result = subprocess.run([sys.executable, "-m", "digest.cli", *command], cwd=tmp_path, env=env,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    assert str(tmp_path / "installed" / "digest") in subprocess.run(
        [sys.executable, "-c", "import digest; print(digest.__file__)"], cwd=tmp_path, env=env,
        capture_output=True, text=True, check=True).stdout
    assert (tmp_path / "kabar" / "site" / "en" / "index.html").is_file()


def test_init_pins_the_commit_it_is_given(tmp_path: Path) -> None:
    """--pin with a git commit: the workflow installs exactly that, as a quoted YAML string, still hardened."""
    pin = "digest-news @ git+https://github.com/acme/digest@" + "0123456789abcdef" * 2 + "01234567"
    assert main(["-C", str(tmp_path), "init", "kabar", "--pin", pin]) == 0
    data = _hardened(tmp_path / "kabar" / WORKFLOW)
    assert [step["env"]["DIGEST"] for step in data["jobs"]["build"]["steps"] if "DIGEST" in step.get("env", {})] == [pin]
    checking = _safe(tmp_path / "kabar" / CHECK, 2)["jobs"]["check"]["steps"]
    assert [step["env"]["DIGEST"] for step in checking if "DIGEST" in step.get("env", {})] == [pin]


@pytest.mark.parametrize("pin", [
    "digest-news", "digest", "digest==0.1.0", "digest-news>=0.1", "digest-news @ git+https://github.com/acme/digest@main",
    "digest-news @ git+https://github.com/acme/digest", "digest-news==0.1.0\nrun: evil", "digest-news==${{ github.ref }}",
])
def test_init_refuses_a_digest_that_is_not_pinned(tmp_path: Path, pin: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A range, a branch, no version, another package or an injected line: exit 1, and the folder is not made."""
    assert main(["-C", str(tmp_path), "init", "kabar", "--pin", pin]) == 1
    assert "give one release or one commit" in capsys.readouterr().err
    assert not (tmp_path / "kabar").exists()
