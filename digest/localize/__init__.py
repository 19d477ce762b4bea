"""(Article, Facts, Language) → :class:`~digest.model.Story` and ``Body``: display strings for one language.

Dates are formatted by Babel and country names come from CLDR, with the language
passed as a parameter — the process locale is never touched. Markdown is rendered
once per written variant and sanitized; an untranslated article's page in another
language reuses the original's body and says so (``Story.fallback``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from html import unescape
from typing import Any

from digest import names, urls
from digest.config import Config, Language
from digest.localize import autosummary, figures, marks
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


@dataclass(frozen=True, slots=True)
class _Written:
    """One written language of an article: whose title and summary its story shows, and whose text."""

    variant: Variant  # the title, summary, correction and photo words
    text: Variant  # the body: the variant itself, or the original under a headline-only translation
    html: str  # the body rendered
    summary: str


@dataclass(frozen=True, slots=True)
class _Told:
    """What every language's story of one article is made from."""

    article: Article
    facts: Facts
    config: Config
    render: BodyRenderer
    written: dict[str, _Written]  # by language code
    local: datetime  # the publication time in the site's zone
    page: dict[str, str]  # the article's page in each language
    translations: tuple[Alternate, ...]  # hreflang: the languages it is written in
    anchors: tuple[str | None, ...]  # each quote's paragraph id in the original's text (None: not found)


def localize(article: Article, facts: Facts, config: Config, render: BodyRenderer,
             pictures: dict[str, Picture] | None = None) -> Localized:
    """Every language's Story and Body of one article (the original's language first).

    ``pictures`` holds the renditions of the photos it names, by project-relative path.
    """
    original = article.original
    # The quotes are the original's words: its paragraphs that hold them get the ids the facts box links to.
    original_html, anchors = marks.quotes(marks.dateline(render(original.body)), facts.quotes)
    written: dict[str, _Written] = {}
    for variant in (original, *article.translations):
        text = original if variant.partial else variant
        html = original_html if text is original else marks.dateline(render(text.body))
        written[variant.lang] = _Written(variant, text, html, variant.summary or lead_sentence(html))
    local = article.published.astimezone(config.tz)
    # One string per page URL, however many places name it: the stories are pickled
    # together for the cache, and shared objects stay shared when unpickled.
    page = {lang.code: urls.article(lang, local, article.slug) for lang in config.languages}
    # A headline-only translation counts as one: its page is the article's page in that language, with
    # its own headline and standfirst, which the original's page does not have. So it is in hreflang both
    # ways and canonical to itself (canonical to the original would tell search engines to show English
    # readers the Indonesian page, and drop the English headline from their results).
    languages = [lang for lang in config.languages if lang.code in written]
    translations = tuple(urls.alternate(lang, page[lang.code], lang.code) for lang in languages) if len(languages) > 1 else ()
    context = _Told(article, facts, config, render, written, local, page, translations, anchors)
    told = [_told(context, lang) for lang in config.languages]
    if pictures:
        told = [_pictured(article, story, body, written.get(story.lang) or written[original.lang], pictures)
                for story, body in told]
    return Localized(tuple(story for story, _ in told), tuple(body for _, body in told))


def _pictured(article: Article, story: Story, body: Body, words: _Written, pictures: dict[str, Picture]) -> tuple[Story, Body]:
    """A story with its lead photo (in its own language's words) and the list of every photo file; its body
    with each image shown as a responsive picture."""
    lead = article.image
    image = None
    if lead is not None and lead.path in pictures:
        image = replace(pictures[lead.path], alt=words.variant.image_alt or lead.alt,
                        caption=words.variant.image_caption or lead.caption, credit=lead.credit)
    media: dict[str, Rendition] = {r.name: r for found in pictures.values() for r in found.renditions}
    shown = {figure.src: pictures[figure.path] for figure in words.text.figures if figure.path in pictures}
    html = figures.embed(body.html, shown, figures.up(story.url))
    return (replace(story, image=image, media=tuple(media[name] for name in sorted(media))),
            replace(body, html=html))


def _told(context: _Told, lang: Language) -> tuple[Story, Body]:
    """One language's Story and Body of an article."""
    article, facts, config, page = context.article, context.facts, context.config, context.page
    own = context.written.get(lang.code)
    words = own or context.written[article.original.lang]
    dates, ranges = _dates(facts, lang.code)
    # In the order of the facts (the most mentioned first), the site's own country last: a story about
    # Japan and Indonesia, told to Indonesians, is news about Japan.
    codes = sorted(facts.countries, key=lambda code: code == config.home_country)
    countries = tuple(CountryRef(code, urls.country_name(code, lang), urls.flag(code), urls.country(lang, code))
                      for code in codes)
    switch = tuple(urls.alternate(other, page[other.code], lang.code) for other in config.languages if other.code != lang.code)
    story = Story(
        slug=article.slug, source_path=article.original.path, lang=lang.code, url=page[lang.code],
        title=words.variant.title, title_lang=words.variant.lang, fallback=own is None, published=context.local,
        canonical=page[words.variant.lang], partial=words.variant.partial,
        date_display=urls.full_date(context.local.date(), lang.code),
        countries=countries, translations=context.translations, switch=switch, tags=article.tags,
        author=article.author, source=article.source, source_url=article.source_url,
        date_only=article.date_only, standfirst=words.variant.summary or None,
        **_summary(article, facts, lang, words, countries, own is None),
        **_sections(article, lang, config),
    )
    correction = _correction(article, lang, context.render)
    # The quotes' ids are on the original's text: this page when it shows that text, else the original's page.
    shown_there = None if words.text.lang == article.original.lang else page[article.original.lang]
    body = Body(html=words.html, lang=words.text.lang, people=facts.people, dates=dates, ranges=ranges,
                quotes=facts.quotes, quote_lang=article.original.lang, sources=facts.sources,
                quote_anchors=context.anchors, quote_page=shown_there, **correction)
    return story, body


def _summary(article: Article, facts: Facts, lang: Language, words: _Written, countries: tuple[CountryRef, ...],
             fallback: bool) -> dict[str, Any]:
    """A story's summary and its language: the variant's own, or for a story not written in ``lang`` an
    automatic one in ``lang`` from its facts (where ``lang`` has the words for one)."""
    made = None
    if fallback:
        original = article.original.lang
        rubric = names.rubric(article.category, lang.code) if article.category else None
        speakers = [quote.speaker for quote in facts.quotes if quote.speaker]
        made = autosummary.summary(lang.code, urls.language_name(original, lang.code), rubric,
                                   [ref.name for ref in countries], speakers, facts.people, facts.sources)
    if made is None:
        return {"summary": words.summary, "summary_lang": words.variant.lang}
    return {"summary": made, "summary_lang": lang.code, "summary_auto": True}


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
