"""House rules that a test can hold: imports flow one way through the layers; modules stay small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.layers import violations

MAX_FUNCTION_LINES = 60


def test_digest_keeps_its_layers() -> None:
    """Stages import only the shared modules and their own package; only build/ imports build/;
    the shells use build.pipeline alone; no import cycles; every module in a layer."""
    assert violations(REPO / "digest") == []


# A small package with the shape of digest's, for showing that the rule catches what it must.
_CLEAN = {
    "__init__.py": "",
    "model.py": "from digest.errors import Diagnostic\n",
    "errors.py": "",
    "localize/__init__.py": "from digest.localize.body import render\nfrom digest import model\n",
    "localize/body.py": "from . import commonmark\nfrom digest.model import Story\n",
    "localize/commonmark.py": "",
    "build/__init__.py": "",
    "build/pipeline.py": "from digest.build import memo\nfrom digest import localize\n",
    "build/memo.py": "from digest.localize import body\n",
    "cli.py": "from digest.build.pipeline import build\nfrom digest import serve\n",
    "serve.py": "from digest.build import pipeline\n",
    "consistency/__init__.py": "from digest.consistency import english\nfrom digest import model\n",
    "consistency/english.py": "from digest.extract import facts_of\n",
    "extract/__init__.py": "from digest import model\n",
    "scaffold.py": "from digest.consistency import english\n",
}

_PLANTED = {
    "from digest import x": ("localize/body.py", "from digest import build\n", "digest.localize.body imports digest.build"),
    "import digest.x.y": ("localize/body.py", "import digest.build.pipeline\n",
                          "digest.localize.body imports digest.build.pipeline"),
    "import … as": ("localize/body.py", "import digest.build.memo as m\n", "digest.localize.body imports digest.build.memo"),
    "from digest.x.y import name": ("localize/__init__.py", "from digest.build.pipeline import build\n",
                                    "digest.localize imports digest.build.pipeline"),
    "from .. import x": ("localize/body.py", "from .. import build\n", "digest.localize.body imports digest.build"),
    "from ..x import y": ("localize/body.py", "from ..build import memo\n", "digest.localize.body imports digest.build.memo"),
    "inside a function": ("localize/body.py", "def f():\n    from digest.build import memo\n",
                          "digest.localize.body imports digest.build.memo"),
    "under TYPE_CHECKING": ("localize/body.py", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                            "    from digest.build.memo import X\n", "digest.localize.body imports digest.build.memo"),
    "importlib": ("localize/body.py", "import importlib\nimportlib.import_module('digest.build.memo')\n",
                  "digest.localize.body imports digest.build.memo"),
    "a stage into another": ("localize/body.py", "from digest.load import discover\n",
                             "digest.localize.body imports digest.load"),
    "shared into a stage": ("model.py", "from digest.localize import body\n", "digest.model imports digest.localize.body"),
    "a shell past the facade": ("cli.py", "from digest.build import memo\n", "digest.cli imports digest.build.memo"),
    "build into a shell": ("build/memo.py", "from digest import cli\n", "digest.build.memo imports digest.cli"),
    "a cycle": ("localize/commonmark.py", "from digest.localize import body\n",
                "import cycle: digest.localize.body → digest.localize.commonmark → digest.localize.body"),
    "a check into a stage it does not read": ("consistency/english.py", "from digest.load import discover\n",
                                              "digest.consistency.english imports digest.load"),
    "the build machinery into a check": ("build/memo.py", "from digest.consistency import english\n",
                                         "digest.build.memo imports digest.consistency.english"),
    "a stage into a check": ("localize/body.py", "from digest import consistency\n",
                             "digest.localize.body imports digest.consistency"),
    "a module in no layer": ("gadgets.py", "", "digest.gadgets is in no layer: add it to tests/layers.py"),
}


def _package(tmp_path: Path, extra: dict[str, str]) -> Path:
    root = tmp_path / "digest"
    for name, text in {**_CLEAN, **extra}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "load").mkdir(exist_ok=True)
    (root / "load" / "__init__.py").write_text("def discover(): ...\n", encoding="utf-8")
    return root


def test_the_rule_passes_a_package_that_keeps_it(tmp_path: Path) -> None:
    """The synthetic package, as written, keeps every rule (so the failures below are the planted imports)."""
    assert violations(_package(tmp_path, {})) == []


@pytest.mark.parametrize("form", sorted(_PLANTED))
def test_the_rule_catches_a_planted_import(tmp_path: Path, form: str) -> None:
    """Each import form, planted where the rule forbids it, is reported."""
    name, text, expected = _PLANTED[form]
    original = _CLEAN.get(name, "")
    assert expected in violations(_package(tmp_path, {name: original + text}))


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def test_modules_are_small_and_documented() -> None:
    """Every module is under 400 lines, every function under ~60, every public one documented."""
    for path in sorted((REPO / "digest").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if path.name.endswith("_data.py"):
            continue  # generated or tabular data, not code
        shown = path.relative_to(REPO)
        assert text.count("\n") < 400, f"{shown} has {text.count(chr(10))} lines"
        tree = ast.parse(text)
        for function in _functions(tree):
            length = (function.end_lineno or function.lineno) - function.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{shown}:{function.lineno} {function.name} has {length} lines"
        top = [*tree.body, *(n for c in tree.body if isinstance(c, ast.ClassDef) for n in c.body)]
        for node in top:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                assert ast.get_docstring(node), f"{shown}:{node.lineno} {node.name} has no docstring"


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs exactly the second command of the README's Quick start."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", quick, re.S)
    assert len(blocks) == 2
    assert blocks[1].strip() in (REPO / ".ci" / "run").read_text(encoding="utf-8")


