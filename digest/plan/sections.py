"""Section and byline pages: one paginated list (and Atom feed) per category and per author, in each language.

A category is named in each language as its stories show it (``[tool.digest.categories]``, else
the built-in rubrics of ``names.RUBRICS``), so its page in another language is named from the
original's name, which every story keeps (``Story.category_key``); an author's name is the same
in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from digest import names, urls
from digest.config import Config, Language
from digest.model import Story
from digest.plan.feeds import _feed
from digest.plan.pages import chrome, listed, paginated
from digest.views import Page, Teaser


@dataclass(frozen=True)
class Listing:
    """The stories of one section or byline in one language, newest first."""

    name: str  # as shown in the language
    first: str  # its first page
    template: str
    path_in: Callable[[Language], str]  # its first page in any language
    stories: list[Story]


def _section_in(original: str, config: Config, lang: Language) -> str:
    """A section's page in ``lang``, from the category's name in the original."""
    return urls.section(lang, names.category_name(original, lang.code, config.category_names(lang)))


def listings(lang: Language, stories: list[Story], config: Config) -> list[Listing]:
    """Every section and byline of ``lang`` that has stories, sections first, each in order of first appearance,
    each holding the stories lists show (see pages.listed)."""
    found: dict[str, Listing] = {}
    for story in stories:
        if story.category and story.category_url and story.category_key:
            if story.category_url not in found:
                found[story.category_url] = Listing(story.category, story.category_url, "section.html",
                                                    partial(_section_in, story.category_key, config), [])
            if listed(story, config):
                found[story.category_url].stories.append(story)
    bylines: dict[str, Listing] = {}
    for story in stories:
        if story.author and story.author_url:
            if story.author_url not in bylines:
                bylines[story.author_url] = Listing(story.author, story.author_url, "byline.html",
                                                    partial(urls.byline, name=story.author), [])
            if listed(story, config):
                bylines[story.author_url].stories.append(story)
    return [*found.values(), *bylines.values()]


def section_pages(lang: Language, stories: list[Story], config: Config, search: bool) -> Iterator[Page]:
    """The paginated section and byline pages of one language; ``stories`` are newest first."""
    look = chrome(lang, search)
    for listing in listings(lang, stories, config):
        yield from paginated(lang, look, listing.stories, listing.first, listing.template, config, listing.path_in,
                             heading=listing.name, linked_only=True)


def section_feeds(lang: Language, stories: list[Story], config: Config, teasers: Callable[[Story], Teaser]) -> Iterator[Page]:
    """The Atom feed of every section and byline of one language."""
    for listing in listings(lang, stories, config):
        yield _feed(lang, listing.stories, listing.first, f"{listing.name} · {lang.title}", config, teasers)
