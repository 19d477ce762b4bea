"""Page keys: the fingerprint of everything a page shows, so that a page whose key is unchanged is not rendered again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from digest.build.fingerprint import Encoder
from digest.build.memo import Articles, Processed
from digest.model import Alternate, CountryRef
from digest.views import ArticleView, Chrome, Page, Teaser

_SHARED = (Chrome, CountryRef, Alternate, Teaser, datetime)  # parts many pages show: encoded once per build
_OWNED = ("translations", "switch", "published")  # a story's parts that its pages show again


def _known(results: Iterable[Processed]) -> dict[int, str]:
    """Fingerprints of the stories, and of the parts of them pages repeat, by object identity.

    A story's listing covers every field of it, so it changes whenever one of these
    parts does; a part shared by an article's two stories (one publication time) is
    covered by either's. The empty tuple is one object for all: it is left out.
    """
    known = {}
    for result in results:
        for story, listing in zip(result.stories, result.listings, strict=True):
            known[id(story)] = listing
            for name in _OWNED:
                part = getattr(story, name)
                if part != ():
                    known[id(part)] = f"{listing}.{name}"
    return known


def page_keys(pages: Sequence[Page], results: Iterable[Processed], articles: Articles) -> list[str]:
    """The fingerprint of everything each page shows, besides the site-wide inputs.

    A story stands in by its listing fingerprint (made when it was localized); an
    article page adds the key of its body, which the plan does not hold.
    """
    encoder = Encoder(_known(results), _SHARED)
    return [encoder.digest(page, articles.body_key(page.view.story) if isinstance(page.view, ArticleView) else None)
            for page in pages]
