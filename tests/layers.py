"""The layering rule of ``digest/``, checked on the source: every import form resolved to a module.

Layers, from the bottom:

* shared values and rules — ``model``, ``views``, ``errors``, ``config``, ``pyproject``, ``urls``, ``files``, ``names``,
  ``search_binary`` (where Pagefind is): import only each other;
* the stages — ``load``, ``extract``, ``localize``, ``plan``, ``render``, ``write``, ``search``, ``media``:
  each imports only the shared modules and its own package;
* the checks — ``consistency`` (a translation against its original): imports the shared modules,
  ``extract`` and its own package, and only the shells and ``build.pipeline.check`` import it;
* the build machinery — ``build/``: imports anything but the shells;
* the shells — ``cli``, ``serve``, ``scaffold`` (what init and new write), ``translations`` (their status),
  ``report`` (how ``digest check`` prints diagnostics), ``review`` (the review page of ``digest serve``):
  import the shared modules, each other, ``build.pipeline`` and the checks only.

Imports inside functions, under ``if TYPE_CHECKING:``, relative ones and
``importlib.import_module("…")`` with a literal name all count. No module may take part
in an import cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

SHARED = ("model", "views", "errors", "config", "pyproject", "urls", "files", "names", "search_binary")
STAGES = ("load", "extract", "localize", "plan", "render", "write", "search", "media")
SHELLS = ("cli", "serve", "scaffold", "translations", "report", "review")
FACADE = "digest.build.pipeline"  # what the shells may use of the build machinery
CHECKS = ("consistency",)  # stage-like modules that read extract's output; only the shells and the facade use them
CHECKS_READ = ("stage:extract",)  # the stages a check may import besides the shared modules


def modules(root: Path) -> dict[str, Path]:
    """Every module of the package at ``root`` (the folder named ``digest``) by its dotted name."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The module ``name`` refers to: itself, or the nearest enclosing module that exists."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that ``module`` (at ``path``) imports, in any form."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        for name in names:
            target = _resolve(name, known) if name.split(".")[0] == "digest" else None
            if target is not None and target != module:
                found.add(target)
    return found


def layer(module: str) -> str | None:
    """The layer of a module: "shared", "stage:<name>", "check:<name>", "build" or "shell" (None: unclassified)."""
    parts = module.split(".")
    if parts == ["digest"] or (len(parts) == 2 and parts[1] in SHARED):
        return "shared"
    if len(parts) >= 2 and parts[1] in STAGES:
        return f"stage:{parts[1]}"
    if len(parts) >= 2 and parts[1] in CHECKS:
        return f"check:{parts[1]}"
    if len(parts) >= 2 and parts[1] == "build":
        return "build"
    if len(parts) == 2 and parts[1] in SHELLS:
        return "shell"
    return None


def allowed(importer: str, imported: str) -> bool:
    """Whether the layering rule lets ``importer`` import ``imported``."""
    source, target = layer(importer), layer(imported)
    if target == "shared":
        return True
    if target is not None and target.startswith("check:"):
        return source == "shell" or source == target or importer == FACADE  # digest check runs them
    if source is not None and source.startswith("check:"):
        return target == source or target in CHECKS_READ
    if source == "build":
        return target != "shell"
    if source == "shell":
        return target == "shell" or imported == FACADE
    return source is not None and source == target  # a stage within its own package


def violations(root: Path) -> list[str]:
    """Every module outside the layers, every forbidden import and every import cycle under ``root``."""
    known = modules(root)
    graph = {module: imports(module, path, known) for module, path in known.items()}
    problems = [f"{module} is in no layer: add it to tests/layers.py" for module in graph if layer(module) is None]
    problems += [f"{module} imports {target}" for module, targets in graph.items()
                 for target in sorted(targets) if not allowed(module, target)]
    problems += [f"import cycle: {' → '.join(cycle)}" for cycle in cycles(graph)]
    return problems


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected group of modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append([*sorted(group), sorted(group)[0]])

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found
