"""Diagnostics as data.

Every problem digest finds in a project is a :class:`Diagnostic` carrying a
:class:`Location`. Stages collect them instead of raising, so one build reports
every problem at once; the pipeline raises a single :class:`BuildFailed` at the
end, before anything is written.

Error tree::

    DigestError            anything digest reports without a traceback (exit 1)
    ├── BuildFailed        one or more error diagnostics from a build
    └── ConfigError        the project configuration is unusable
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Level(StrEnum):
    """How serious a diagnostic is: errors fail the build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file: path (as shown to the user), 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the project, printed as ``path:line:col: level: message``."""

    location: Location
    level: Level
    message: str

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location.path else ""  # a note about the whole project has no file
        return f"{where}{self.level.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        """True when this diagnostic must fail the build."""
        return self.level is Level.ERROR


def error(path: str | Path, line: int, message: str, column: int = 0) -> Diagnostic:
    """Build an error diagnostic at ``path:line:column``."""
    return Diagnostic(Location(str(path), line, column), Level.ERROR, message)


def warning(path: str | Path, line: int, message: str, column: int = 0) -> Diagnostic:
    """Build a warning diagnostic at ``path:line:column``."""
    return Diagnostic(Location(str(path), line, column), Level.WARNING, message)


def note(path: str | Path, line: int, message: str, column: int = 0) -> Diagnostic:
    """Build an informational note at ``path:line:column``."""
    return Diagnostic(Location(str(path), line, column), Level.NOTE, message)


_ERRNO_HINTS = {
    errno.ENOSPC: "the disk is full: free some space, then build again",
    errno.EDQUOT: "the disk quota is used up: free some space, then build again",
    errno.EACCES: "permission denied: check who owns it and that you may write there",
    errno.EPERM: "not permitted: check who owns it and that you may write there",
    errno.EROFS: "the disk is read-only",
    errno.ENAMETOOLONG: "a name too long for this filesystem: shorten the slug or the file name",
}


def unexpected(exc: BaseException) -> str:
    """One line for an error digest did not foresee: what happened, to which file, and what to do."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        hint = _ERRNO_HINTS.get(exc.errno or 0, exc.strerror or str(exc))
        return f"digest: {hint}{where} (the published site is the last complete build)"
    return (f"digest: unexpected error, {type(exc).__name__}: {exc} (the published site is the last complete build); "
            "run again with --debug to see where, and please report it")



class DigestError(Exception):
    """An error digest reports to the user as text, with exit status 1 and no traceback."""

    exit_code = 1

    def format(self) -> str:
        """The message as the CLI prints it."""
        return str(self)


class ConfigError(DigestError):
    """The project configuration cannot be used; carries every problem found."""

    def __init__(self, diagnostics: tuple[Diagnostic, ...]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


class BuildFailed(DigestError):
    """A build found error diagnostics; nothing was written.

    ``site`` names the output folder left as it was; without one (``digest facts``, which
    writes nothing) the last line says no facts were read.
    """

    def __init__(self, diagnostics: tuple[Diagnostic, ...], site: str | None = "site") -> None:
        self.diagnostics = tuple(sorted(diagnostics))
        errors = sum(1 for d in self.diagnostics if d.is_error)
        lines = [str(d) for d in self.diagnostics]
        counted = f"{errors} error{'s' if errors != 1 else ''}"
        lines.append(f"build failed: {counted}; {site}/ left unchanged" if site else f"no facts: {counted}")
        super().__init__("\n".join(lines))
