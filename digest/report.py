"""Diagnostics as ``digest check`` prints them: text, JSON or GitHub Actions workflow commands.

* ``text``: one ``path:line:col: level: message`` line each, as ``digest build`` prints them.
* ``json``: a list of ``{"file", "line", "col", "severity", "message"}`` objects; ``file``,
  ``line`` and ``col`` are null where the diagnostic has none.
* ``github``: one ``::error file=F,line=L,col=C::message`` command each (``::warning``,
  ``::notice``), escaped as the workflow-command syntax wants, so a message cannot end the
  command early or start another one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from digest.errors import Diagnostic, Level

FORMATS = ("text", "json", "github")
_COMMANDS = {Level.ERROR: "error", Level.WARNING: "warning", Level.NOTE: "notice"}

# The workflow-command escapes: "%" first, so an escape written here is never escaped again.
_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = (*_DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


def _escaped(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    """``text`` with each character of ``escapes`` replaced, in order."""
    for plain, escape in escapes:
        text = text.replace(plain, escape)
    return text


def escape_data(text: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped."""
    return _escaped(text, _DATA_ESCAPES)


def escape_property(text: str) -> str:
    """A workflow command's property value: as a message, and ``:`` and ``,`` too."""
    return _escaped(text, _PROPERTY_ESCAPES)


def as_text(diagnostics: Sequence[Diagnostic]) -> str:
    """One line each, the way ``digest build`` prints them."""
    return "\n".join(str(d) for d in diagnostics)


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON list of one object per diagnostic (see the module's docstring)."""
    import json  # (the plain-text report, every build's, does without)

    return json.dumps([{
        "file": d.location.path or None, "line": d.location.line or None, "col": d.location.column or None,
        "severity": d.level.value, "message": d.message,
    } for d in diagnostics], ensure_ascii=False, indent=1)


def github_command(diagnostic: Diagnostic) -> str:
    """One GitHub Actions workflow command: ``::error file=F,line=L,col=C::message`` (properties it has)."""
    where = diagnostic.location
    properties = [(name, value) for name, value in (("file", where.path), ("line", where.line), ("col", where.column))
                  if value]
    shown = ",".join(f"{name}={escape_property(str(value))}" for name, value in properties)
    return f"::{_COMMANDS[diagnostic.level]}{' ' + shown if shown else ''}::{escape_data(diagnostic.message)}"


def as_github(diagnostics: Sequence[Diagnostic]) -> str:
    """One workflow command per diagnostic, one a line."""
    return "\n".join(github_command(d) for d in diagnostics)


FORMATTERS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {"text": as_text, "json": as_json, "github": as_github}
