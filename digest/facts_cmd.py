"""``digest facts``: the headline facts of one article file, as the build sees them."""

from __future__ import annotations

from typing import Any

from digest.articles import facts_of
from digest.config import Config
from digest.errors import BuildFailed
from digest.extract import facts_to_json
from digest.load import load_article
from digest.model import Facts


def facts_for_file(shown: str, data: bytes, config: Config) -> tuple[Facts, dict[str, Any]]:
    """Load one article, extract and correct its facts; raise BuildFailed on bad input."""
    article, diagnostics = load_article(shown, data, config)
    if article is None or any(d.is_error for d in diagnostics):
        raise BuildFailed(diagnostics)
    facts = facts_of(article)
    return facts, facts_to_json(facts)
