"""Consistency checks across a newsroom's articles, for ``digest check``.

Filled by the consistency checks (being written separately): for now it finds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from digest.errors import Diagnostic
from digest.model import Article, Facts


def consistency_warnings(articles: Sequence[Article], facts: Sequence[Facts]) -> list[Diagnostic]:
    """Warnings about the loaded ``articles`` and their ``facts`` (same order, one each); filled by the
    consistency checks."""
    return []
