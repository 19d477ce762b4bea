"""Reading ``pyproject.toml``: its ``[tool.digest]`` table, and the line each key is written on.

Kept apart from :mod:`digest.config`, which checks the values: finding a line in TOML
text is a different job from knowing what a setting may be.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any

from digest.errors import ConfigError, error
from digest.files import Unreadable, read


def key_line(text: str, key: str) -> int:
    """The line of ``key =`` inside the ``[tool.digest]`` table (1 if not found)."""
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.startswith("[tool.digest")
            if in_table and stripped.rstrip("]").endswith("." + key):
                return number
            continue
        if in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return 1


def path_line(text: str, path: tuple[str, ...]) -> int:
    """The line of the setting at ``path`` (``("country_names", "id", "KP")``): ``KP =`` in its table
    ``[tool.digest.country_names.id]``, or that table's header, or ``id =`` in ``[tool.digest.country_names]``
    (an inline table)…; else the line of the nearest table holding it (1 if none is written)."""
    for depth in range(len(path), 0, -1):
        line = _entry(text, path[: depth - 1], path[depth - 1]) or _header(text, path[:depth])
        if line:
            return line
    return 1


def _entry(text: str, table: tuple[str, ...], entry: str) -> int:
    """The line of ``entry =`` (or ``entry.x =``, quoted or not) in ``[tool.digest.<table>]`` itself (0: none)."""
    header = ".".join(("[tool.digest", *table)) + "]"
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.replace(" ", "") == header
        elif in_table and re.match(rf"[\"']?{re.escape(entry)}[\"']?\s*[=.]", stripped):
            return number
    return 0


def _header(text: str, table: tuple[str, ...]) -> int:
    """The line of the header ``[tool.digest.<table>]`` (0: none)."""
    header = ".".join(("[tool.digest", *table)) + "]"
    return next((number for number, line in enumerate(text.splitlines(), start=1) if line.strip().replace(" ", "") == header), 0)


def read_table(pyproject: Path) -> tuple[dict[str, Any], str]:
    """``[tool.digest]`` of ``pyproject`` (empty when there is no such file) and the file's text."""
    if not os.path.lexists(pyproject):
        return {}, ""
    try:
        data = read(pyproject, pyproject.parent, 1_000_000)
        text = data.decode("utf-8-sig")
    except Unreadable as exc:
        raise ConfigError((error("pyproject.toml", 0, str(exc)),)) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        raise ConfigError((error("pyproject.toml", line, message),)) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 1
        raise ConfigError((error("pyproject.toml", line, f"invalid TOML: {exc}"),)) from None
    tool = document.get("tool", {})
    table = tool.get("digest", {}) if isinstance(tool, dict) else None
    if not isinstance(table, dict):
        raise ConfigError((error("pyproject.toml", _table_line(text), "[tool.digest] must be a table of settings: "
                                 "a line [tool.digest], then key = value lines"),))
    return table, text


def _table_line(text: str) -> int:
    """The line where ``[tool.digest]`` (or ``digest =``, or ``tool``) is written (1 if nowhere)."""
    lines = text.splitlines()
    for pattern in (r"\s*\[\s*tool\.digest", r"\s*(tool\.)?digest\s*=", r"\s*tool\s*=", r"\s*\[\s*tool"):
        for number, line in enumerate(lines, start=1):
            if re.match(pattern, line):
                return number
    return 1
