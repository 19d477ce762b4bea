"""House rules that a test can hold: stage imports flow one way; modules stay small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

STAGES = ("frontmatter", "load", "extract", "localize", "plan", "render", "write")
SHARED_MODULES = {"model", "errors", "config", "urls", "frontmatter"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("digest."):
            names.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[1] for a in node.names if a.name.startswith("digest."))
    return names


def test_stages_import_only_shared_modules() -> None:
    """A stage never imports another stage (load may use frontmatter, its file-level half)."""
    for stage in STAGES:
        module, package = REPO / "digest" / f"{stage}.py", REPO / "digest" / stage
        paths = [module] if module.is_file() else sorted(package.glob("*.py"))
        assert paths, f"no module or package for stage {stage}"
        for path in paths:
            foreign = _imports(path) - SHARED_MODULES - {stage}
            assert not foreign, f"{path.relative_to(REPO)} imports {sorted(foreign)}"


def test_modules_are_small_and_documented() -> None:
    """Every module is under 400 lines and every public function has a docstring."""
    for path in sorted((REPO / "digest").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name.endswith("_data.py"):
            continue  # generated or tabular data, not code
        assert text.count("\n") < 400, f"{path.relative_to(REPO)} has {text.count(chr(10))} lines"
        tree = ast.parse(text)
        top = [*tree.body, *(n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body)]
        for node in top:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{path.relative_to(REPO)}:{node.lineno} {node.name} has no docstring"


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs exactly the second command of the README's Quick start."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(blocks) == 2
    assert blocks[1].strip() in (REPO / ".ci" / "run").read_text(encoding="utf-8")
