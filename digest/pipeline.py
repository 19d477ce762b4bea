"""The build, as a table of contents: load → extract → localize → plan → render → write.

Each stage is a function of frozen values; diagnostics are collected from every
stage and the build fails once, before anything is written, if any is an error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pathlib import Path

from digest import search
from digest.config import Config
from digest.errors import BuildFailed, Diagnostic, note
from digest.extract import apply_overrides, extract
from digest.load import load_content
from digest.localize import BodyRenderer, localize
from digest.model import Article, Facts, Story
from digest.plan import plan
from digest.render import Renderer
from digest.write import Written, build_lock, discard, publish, stage


@dataclass(frozen=True)
class BuildReport:
    """What a build made, what it noticed, and how long each stage took."""

    articles: int
    pages: int
    written: Written
    diagnostics: tuple[Diagnostic, ...]
    timings: tuple[tuple[str, float], ...]


def facts_of(article: Article) -> Facts:
    """The headline facts of an article: extracted from its original, then corrected by its editor."""
    original = article.original
    found = extract(original.body, article.published, path=original.path, body_line=original.body_line) \
        if article.overrides.extract else Facts()
    return apply_overrides(found, article.overrides)


def build(config: Config) -> BuildReport:
    """Build the whole site from ``config.content_dir`` into ``config.output_dir``.

    The project's build lock is held throughout, so a second build of the same
    project stops at once with a clear message instead of interleaving.
    """
    with build_lock(config.root):
        return _build(config)


def _build(config: Config) -> BuildReport:
    """The stages in order; nothing is written unless every stage is free of errors."""
    clock = _Clock()
    loaded = load_content(config)
    clock.lap("load")
    facts = [facts_of(article) for article in loaded.articles]
    clock.lap("extract")
    body = BodyRenderer(config.allow_embeds)
    stories: list[tuple[Story, ...]] = [localize(a, f, config, body) for a, f in zip(loaded.articles, facts)]
    clock.lap("localize")
    pagefind = search.executable() if config.search else None
    planned = plan(stories, config, search=pagefind is not None)
    clock.lap("plan")
    rendered = Renderer(config).render_all(planned.pages, planned.files)
    clock.lap("render")
    diagnostics = (*loaded.diagnostics, *(d for f in facts for d in f.diagnostics), *planned.diagnostics,
                   *rendered.diagnostics, *_notes(config, pagefind))
    if any(d.is_error for d in diagnostics):
        raise BuildFailed(diagnostics)
    staged = stage(rendered.outputs, config.output_dir)
    clock.lap("write")
    indexed = search.index(staged.path, pagefind) if pagefind else ()
    if indexed:
        discard(config.output_dir)
        raise BuildFailed((*diagnostics, *indexed))
    clock.lap("search")
    publish(staged, config.output_dir, generated_dirs=("pagefind",) if pagefind else ())
    return BuildReport(len(loaded.articles), len(planned.pages), staged.written, tuple(sorted(diagnostics)), clock.laps())


def _notes(config: Config, pagefind: Path | None) -> tuple[Diagnostic, ...]:
    """What the user should know about this build's settings."""
    notes = []
    if pagefind is None:
        why = "disabled in [tool.digest]" if not config.search else "Pagefind is not installed (pip install 'pagefind[extended]')"
        notes.append(note("pyproject.toml", 0, f"search skipped: {why}"))
    if not config.absolute:
        notes.append(note("pyproject.toml", 0, "base_url has no host: feeds, sitemap and canonical links are root-relative; "
                                               "set base_url or pass --base-url https://…/ when publishing"))
    return tuple(notes)


class _Clock:
    """Wall-clock time per stage, for the build summary and the benchmark."""

    def __init__(self) -> None:
        self._start = self._last = time.perf_counter()
        self._laps: list[tuple[str, float]] = []

    def lap(self, stage: str) -> None:
        """Record the time since the previous lap under ``stage``."""
        now = time.perf_counter()
        self._laps.append((stage, now - self._last))
        self._last = now

    def laps(self) -> tuple[tuple[str, float], ...]:
        """Every stage's time, then the total."""
        return (*self._laps, ("total", self._last - self._start))
