"""Split a Markdown file into YAML front matter and body, safely and with line numbers.

Front matter is parsed with PyYAML's safe loader (libyaml's C loader when present):
no Python object tags. Every plain value is read as the text the editor wrote — YAML
1.1's guesses (``NO`` as false, ``0123`` as 83, ``12:30`` as 750, ``2023-09-20`` as a
date) never happen; an empty value, ``~`` or ``null`` is no value; the load stage turns
text into dates, flags and lists where a key wants them. Anchors and aliases are
refused outright, which also refuses "billion laughs" alias bombs before anything is
expanded. Every error is a :class:`~digest.errors.Diagnostic` at the file's own line
and column, with a hint for the mistakes editors make (tabs, an unquoted colon).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from digest.errors import Diagnostic, error

try:  # libyaml is ten times faster; the pure loader is the same grammar
    _Safe: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Safe = yaml.SafeLoader


class _Loader(_Safe):  # type: ignore[misc]  # a class chosen at import time
    """The safe loader with one implicit type: no value. Every other plain scalar is text."""


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])

# What an editor should do about the YAML errors they meet most.
_TAB = "a tab: YAML indents with spaces only; replace the tab with spaces"
_HINTS = (
    ("tab character", _TAB),
    ("mapping values are not allowed", 'a value with ": " in it needs quotes, like title: "Rusia: perang berlanjut"'),
    ("unexpected end of stream", "a quote is never closed: end the value with the quote it starts with"),
)

_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # all but tab and newline: not allowed in HTML text
_FENCE = "---"
_MAX_NODES = 10_000  # front matter is a dozen keys; anything bigger is not an article


@dataclass(frozen=True)
class Document:
    """A parsed file: its front matter mapping, the line of each key, and the body."""

    meta: dict[str, Any]
    key_lines: dict[str, int]  # key -> 1-based line in the file
    body: str
    body_line: int  # 1-based file line of the body's first line


class FrontMatterError(Exception):
    """The file cannot be split or parsed; carries the diagnostic to report."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def decode(path: str, data: bytes, *, publishing: bool = True) -> str:
    """Bytes of a content file → text: UTF-8 (a BOM is accepted), newlines normalised.

    A control character is an error when ``publishing`` (no HTML page may hold one); reading
    facts only (``digest facts``) takes the text as it is, since extraction never shows it.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FrontMatterError(error(path, 1, "file is UTF-16; save it as UTF-8"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FrontMatterError(
            error(path, line, f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8", column)
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FrontMatterError(error(path, line, "file contains NUL bytes; is it a text file?"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if publishing and (found := _CONTROL.search(text)):
        raise FrontMatterError(_control_character(path, text, found))
    return text


def _control_character(path: str, text: str, found: re.Match[str]) -> Diagnostic:
    """The error for a control character, with the character meant when it is mis-decoded UTF-8."""
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    message = f"a control character (U+{ord(found.group()):04X}), which no page may hold: "
    mangled = text[max(0, found.start() - 3) : found.end()]
    for start in range(len(mangled)):
        if (meant := _unmangled(mangled[start:])) is not None:
            return error(path, line, message + f"{mangled[start:]!r} is {meant!r} read in the wrong encoding "
                                              f"(Windows-1252): replace it with {meant!r}", column)
    return error(path, line, message + "remove it (text pasted from another program often brings one)", column)


def _unmangled(mangled: str) -> str | None:
    """What ``mangled`` was before its UTF-8 bytes were read as Windows-1252, if that is what happened.

    Windows leaves five bytes unmapped; readers pass them through as C1 control characters,
    which is how a closing quote (E2 80 9D) ends in U+009D.
    """
    raw = bytearray()
    for char in mangled:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            raw.append(ord(char))
    try:
        meant = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return meant if len(meant) == 1 and not _CONTROL.match(meant) else None


def split(path: str, text: str) -> Document:
    """Separate front matter from body and parse it; raise FrontMatterError on any problem."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise FrontMatterError(
            error(path, 1, "no front matter: the file must start with a '---' line, then YAML, then '---'")
        )
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in (_FENCE, "...")), None)
    if end is None:
        raise FrontMatterError(error(path, 1, "front matter is never closed: add a '---' line after it"))
    yaml_text = "\n".join(lines[1:end])
    meta, key_lines = _parse(path, yaml_text, first_line=2)
    body_lines = lines[end + 1 :]
    return Document(meta, key_lines, "\n".join(body_lines), end + 2)


def _parse(path: str, yaml_text: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse the YAML of the front matter into a mapping and the line of each key."""
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FrontMatterError(error(path, first_line - 1, "front matter is empty: it needs at least a title and a date"))
        _refuse_aliases(path, node, first_line)
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            raise FrontMatterError(
                error(path, node.start_mark.line + first_line, f"front matter is {kind}; it must be 'key: value' lines")
            )
        meta: dict[str, Any] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + first_line
            if key in key_lines:
                raise FrontMatterError(error(path, line, f"key '{key}' appears twice", key_node.start_mark.column + 1))
            key_lines[key] = line
            meta[key] = _construct(path, loader, value_node, first_line)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        column = mark.column + 1 if mark else 0
        problem = exc.problem or exc.context or "invalid YAML"
        tag = re.search(r"constructor for the tag '(?:tag:yaml\.org,2002:)?([^']*)'", str(problem))
        if tag:
            shown = f"!!{tag.group(1)}" if not tag.group(1).startswith("!") else tag.group(1)
            problem = f"refused YAML tag {shown} (only plain values are allowed; nothing was run)"
        raise FrontMatterError(error(path, line, f"YAML: {problem}{_hint(str(problem), yaml_text, mark)}", column)) from None
    except yaml.YAMLError as exc:
        raise FrontMatterError(error(path, first_line, f"YAML: {exc}")) from None
    finally:
        loader.dispose()
    return meta, key_lines


def _hint(problem: str, yaml_text: str, mark: Any) -> str:
    """What to do about a YAML error, when it is one editors often make ("" otherwise)."""
    lines = yaml_text.split("\n")
    at = lines[mark.line][mark.column : mark.column + 1] if mark and mark.line < len(lines) else ""
    if "cannot start any token" in problem and at == "\t":
        return f" ({_TAB})"
    return next((f" ({advice})" for found, advice in _HINTS if found in problem), "")


def _construct(path: str, loader: Any, node: yaml.Node, first_line: int) -> Any:
    """Build one value; a value YAML accepts but Python cannot (2023-13-45) is an error at its line."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.MarkedYAMLError:
        raise
    except (ValueError, TypeError, OverflowError) as exc:
        mark = node.start_mark
        raise FrontMatterError(error(path, mark.line + first_line, f"invalid value: {exc}", mark.column + 1)) from None


def _refuse_aliases(path: str, root: yaml.Node, first_line: int) -> None:
    """Raise on any node reached twice (an alias) or a tree too big to be front matter."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise FrontMatterError(
                error(path, node.start_mark.line + first_line, "YAML anchors and aliases (&, *) are not allowed in front matter")
            )
        seen.add(id(node))
        if len(seen) > _MAX_NODES:
            raise FrontMatterError(error(path, first_line, "front matter is too large"))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
