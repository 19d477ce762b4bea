"""(Article, Facts, Language) → :class:`~digest.model.Story` and ``Body``: display strings for one language.

Dates are formatted by Babel and country names come from CLDR, with the language
passed as a parameter — the process locale is never touched. Markdown is rendered
once per written variant and sanitized; an untranslated article's page in another
language reuses the original's body and says so (``Story.fallback``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from html import unescape
from typing import Any

from digest import names, urls
from digest.config import Config, Language
from digest.localize import figures
from digest.localize.body import BodyRenderer
from digest.model import Alternate, Article, Body, CountryRef, DateRef, Facts, Localized, Picture, Rendition, Story, Variant

__all__ = ["BodyRenderer", "lead_sentence", "localize"]

_DATELINE = re.compile(r"^[A-ZÀ-Ý][\w.'’ -]{0,40}?(?:,[^—–\n]{1,40}?|\s*\([^)\n]{1,40}\))\s*(?:—|–|--|-)\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’]?\s+(?=[\"“‘A-ZÀ-Ý0-9])")
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def lead_sentence(html: str) -> str:
    """The first sentence of a body's first paragraph, without dateline or markup.

    It is read from the rendered, sanitized HTML, so every Markdown construct, entity
    and raw tag is already resolved: what a reader sees, not the source's punctuation.
    """
    found = _PARAGRAPH.search(html)
    text = " ".join(unescape(_TAG.sub("", found.group(1))).split()) if found else ""
    text = _DATELINE.sub("", text, count=1)
    return _SENTENCE_END.split(text, maxsplit=1)[0].strip()


def _dates(facts: Facts, lang: str) -> tuple[tuple[DateRef, ...], tuple[DateRef, ...]]:
    """Date and range facts with their days formatted in ``lang``."""
    def day(value: date | None) -> str | None:
        return urls.full_date(value, lang) if value else None

    dates = tuple(DateRef(d.text, d.date.isoformat() if d.date else None, day(d.date)) for d in facts.dates)
    ranges = tuple(
        DateRef(
            r.text,
            f"{r.start.isoformat()}/{r.end.isoformat()}" if r.start and r.end else None,
            urls.date_span(r.start, r.end, lang) if r.start and r.end else None,
        )
        for r in facts.ranges
    )
    return dates, ranges


def localize(article: Article, facts: Facts, config: Config, render: BodyRenderer,
             pictures: dict[str, Picture] | None = None) -> Localized:
    """Every language's Story and Body of one article (the original's language first).

    ``pictures`` holds the renditions of the photos it names, by project-relative path.
    """
    written: dict[str, tuple[Variant, str, str]] = {}
    for variant in (article.original, *article.translations):
        html = render(variant.body)
        written[variant.lang] = (variant, html, variant.summary or lead_sentence(html))
    local = article.published.astimezone(config.tz)
    # One string per page URL, however many places name it: the stories are pickled
    # together for the cache, and shared objects stay shared when unpickled.
    page = {lang.code: urls.article(lang, local, article.slug) for lang in config.languages}
    languages = [lang for lang in config.languages if lang.code in written]
    translations = tuple(urls.alternate(lang, page[lang.code], lang.code) for lang in languages) if len(languages) > 1 else ()
    told = [_told(article, facts, lang, written, local, translations, page, config, render) for lang in config.languages]
    if pictures:
        told = [_pictured(article, story, body, written[story.title_lang][0], pictures) for story, body in told]
    return Localized(tuple(story for story, _ in told), tuple(body for _, body in told))


def _pictured(article: Article, story: Story, body: Body, variant: Variant, pictures: dict[str, Picture]) -> tuple[Story, Body]:
    """A story with its lead photo (in its own language's words) and the list of every photo file; its body
    with each image shown as a responsive picture."""
    lead = article.image
    image = None
    if lead is not None and lead.path in pictures:
        image = replace(pictures[lead.path], alt=variant.image_alt or lead.alt,
                        caption=variant.image_caption or lead.caption, credit=lead.credit)
    media: dict[str, Rendition] = {r.name: r for found in pictures.values() for r in found.renditions}
    shown = {figure.src: pictures[figure.path] for figure in variant.figures if figure.path in pictures}
    html = figures.embed(body.html, shown, figures.up(story.url))
    return (replace(story, image=image, media=tuple(media[name] for name in sorted(media))),
            replace(body, html=html))


def _told(article: Article, facts: Facts, lang: Language, written: dict[str, tuple[Variant, str, str]],
          local: datetime, translations: tuple[Alternate, ...], page: dict[str, str], config: Config,
          render: BodyRenderer) -> tuple[Story, Body]:
    """One language's Story and Body of an article."""
    variant, html, summary = written.get(lang.code, written[article.original.lang])
    dates, ranges = _dates(facts, lang.code)
    # In the order of the facts (the most mentioned first), the site's own country last: a story about
    # Japan and Indonesia, told to Indonesians, is news about Japan.
    codes = sorted(facts.countries, key=lambda code: code == config.home_country)
    countries = tuple(CountryRef(code, urls.country_name(code, lang), urls.flag(code), urls.country(lang, code))
                      for code in codes)
    switch = tuple(urls.alternate(other, page[other.code], lang.code) for other in config.languages if other.code != lang.code)
    story = Story(
        slug=article.slug, source_path=article.original.path, lang=lang.code, url=page[lang.code],
        title=variant.title, title_lang=variant.lang, summary=summary,
        fallback=variant.lang != lang.code, published=local,
        canonical=page[variant.lang],
        date_display=urls.full_date(local.date(), lang.code),
        countries=countries, translations=translations, switch=switch, tags=article.tags,
        author=article.author, source=article.source, source_url=article.source_url,
        **_sections(article, lang, config),
    )
    correction = _correction(article, lang, render)
    body = Body(html=html, people=facts.people, dates=dates, ranges=ranges, quotes=facts.quotes,
                quote_lang=article.original.lang, sources=facts.sources, **correction)
    return story, body


def _sections(article: Article, lang: Language, config: Config) -> dict[str, Any]:
    """A story's update time, its category as named in ``lang`` (see names.category_name) and the section and
    byline pages it links to."""
    original = article.category
    category = names.category_name(original, lang.code, config.category_names(lang)) if original else None
    return {
        "updated": article.updated.astimezone(config.tz) if article.updated else None,
        "category": category,
        "category_key": original,
        "category_url": urls.section(lang, category) if category else None,
        "author_url": urls.byline(lang, article.author) if article.author else None,
    }


def _correction(article: Article, lang: Language, render: BodyRenderer) -> dict[str, Any]:
    """The correction note in ``lang`` (the translation's own, else the original's), rendered and sanitized."""
    own = article.variant(lang.code)
    variant = own if own is not None and own.correction else article.original
    if not variant.correction:
        return {}
    return {"correction": render(variant.correction), "correction_lang": variant.lang}
