"""The build, as a table of contents: load → extract → localize → plan → render → write.

Each stage is a function of frozen values; diagnostics are collected from every
stage and the build fails once, before anything is written, if any is an error.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from digest.config import Config
from digest.errors import BuildFailed, Diagnostic
from digest.extract import apply_overrides, extract
from digest.load import load_content
from digest.localize import BodyRenderer, localize
from digest.model import Article, Facts, Output, Story
from digest.plan import plan
from digest.render import Renderer
from digest.write import Written, build_lock, write_site


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
    """Build the whole site from ``config.content_dir`` into ``config.output_dir``."""
    clock = _Clock()
    loaded = load_content(config)
    clock.lap("load")
    facts = [facts_of(article) for article in loaded.articles]
    clock.lap("extract")
    body = BodyRenderer(config.allow_embeds)
    stories: list[tuple[Story, ...]] = [localize(a, f, config, body) for a, f in zip(loaded.articles, facts)]
    clock.lap("localize")
    planned = plan(stories, config)
    clock.lap("plan")
    rendered = Renderer(config).render_all(planned.pages)
    clock.lap("render")
    diagnostics = (*loaded.diagnostics, *(d for f in facts for d in f.diagnostics), *planned.diagnostics, *rendered.diagnostics)
    if any(d.is_error for d in diagnostics):
        raise BuildFailed(diagnostics)
    written = _write(rendered.outputs, config)
    clock.lap("write")
    return BuildReport(len(loaded.articles), len(planned.pages), written, tuple(sorted(diagnostics)), clock.laps())


def _write(outputs: tuple[Output, ...], config: Config) -> Written:
    """Write the site under the project's build lock."""
    with build_lock(config.root):
        return write_site(outputs, config.output_dir)


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
