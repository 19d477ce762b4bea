"""The review page of ``digest serve`` (``/_digest/review/``): for editors, never in the published site.

Each article with its extracted facts marked in its text, its translation status and
the consistency warnings of its translation, and for each fact the front-matter line
that corrects it (``not_people: [...]``, ``not_countries: [...]``) with a button that
copies it: a wrong extraction is fixed in seconds, in the article's own file. The page
is made on each request from the files as they are; nothing is cached or written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from digest import names, translations
from digest.build.pipeline import check
from digest.config import Config
from digest.errors import Diagnostic
from digest.model import Article, Facts

_STYLE = """body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1b1f24;background:#fdfcf9}
article{border-top:3px double #e4e1d8;padding:1rem 0}h1{font-family:Georgia,serif}h2{font:700 1.3rem Georgia,serif;margin:0}
.status{font-weight:700;text-transform:uppercase;font-size:.8rem;letter-spacing:.05em}.stale,.missing,.unknown{color:#b3261e}
mark.person{background:#fde68a}mark.country{background:#bfdbfe}mark.date{background:#bbf7d0}mark.quote{background:#f3e8ff}
.text p{margin:.4rem 0}.line{color:#5b6470;font-size:.8rem;margin-right:.5rem}ul.fix{padding-left:1rem}
code{background:#f1eee6;padding:0 .3rem}button{font:inherit;font-size:.85rem;margin-left:.5rem}.warn{color:#92400e}"""
_SCRIPT = """document.addEventListener("click", e => { const b = e.target.closest("[data-copy]");
if (b) navigator.clipboard.writeText(b.dataset.copy).then(() => { b.textContent = "✓"; }); });"""


def page(config: Config) -> str:
    """The whole review page for the project as it is now: what ``digest check`` finds, article by article."""
    report = check(config, parallel=False)
    found = [article for article, _ in report.examined]
    status = {row.original: row for row in translations.statuses(found, "en")}
    newest = sorted(report.examined, key=lambda pair: pair[0].published, reverse=True)
    parts = [_article(article, facts, status[article.original.path], _about(article, report.diagnostics))
             for article, facts in newest]
    errors = "".join(f"<li>{html.escape(str(d))}</li>" for d in report.diagnostics if d.is_error)
    stopped = f'<ul class="warn">{errors}</ul>' if errors else ""  # what stops a build, above every article
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Review · digest</title>"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>{_STYLE}</style></head>"
            f"<body><h1>Review: {len(found)} articles</h1><p>{html.escape(translations.summary(tuple(status.values())))}"
            f"</p>{stopped}{''.join(parts)}<script>{_SCRIPT}</script>"
            "</body></html>")


def _about(article: Article, warnings: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics that name one of the article's files."""
    files = {article.original.path, *(variant.path for variant in article.translations)}
    return [w for w in warnings if w.location.path in files]


def _article(article: Article, facts: Facts, row: translations.Status, warnings: list[Diagnostic]) -> str:
    """One article's section: title, status, warnings, the facts and their corrections, the marked text."""
    said = "".join(f'<li class="warn">{html.escape(str(w))}</li>' for w in warnings)
    return (f'<article id="{html.escape(article.slug)}"><h2>{html.escape(article.original.title)}</h2>'
            f'<p><code>{html.escape(article.original.path)}</code> · English: '
            f'<span class="status {row.status}">{row.status}</span></p>'
            f'{f"<ul>{said}</ul>" if said else ""}{_fixes(article, facts)}'
            f'<div class="text">{_marked(article, facts)}</div></article>')


def _fixes(article: Article, facts: Facts) -> str:
    """Each person and country found, with the front-matter line that removes it if it is wrong."""
    items = [(f"person: {name}", _line("not_people", article.overrides.not_people, name)) for name in facts.people]
    items += [(f"country: {names.country_name(code, 'en')} ({code})",
               _line("not_countries", article.overrides.not_countries, code)) for code in facts.countries]
    rows = "".join(f'<li>{html.escape(what)} — if wrong: <code>{html.escape(fix)}</code>'
                   f'<button type="button" data-copy="{html.escape(fix)}">copy</button></li>' for what, fix in items)
    missing = "missing a person or country? add <code>people: [Name]</code> or <code>countries: [XX]</code>"
    return f'<ul class="fix">{rows}<li>{missing}</li></ul>'


def _line(key: str, already: tuple[str, ...], value: str) -> str:
    """The front-matter line that adds ``value`` to the list ``key`` already holding ``already``."""
    values = [*already, value] if value not in already else list(already)
    return f"{key}: [{', '.join(values)}]"


def _marked(article: Article, facts: Facts) -> str:
    """The original's paragraphs, each with its line number, the facts' words marked."""
    words = [(name, "person") for name in facts.people]
    words += [(d.text, "date") for d in facts.dates] + [(r.text, "date") for r in facts.ranges]
    words += [(q.text, "quote") for q in facts.quotes]
    words += [(names.country_name(code, "id"), "country") for code in facts.countries]
    found = sorted({w for w in words if w[0]}, key=lambda w: -len(w[0]))
    pattern = re.compile("|".join(re.escape(html.escape(w, quote=False)) for w, _ in found)) if found else None
    kinds = {html.escape(w, quote=False): kind for w, kind in found}
    out, line = [], article.original.body_line
    for block in article.original.body.split("\n\n"):
        text = html.escape(block.strip(), quote=False)
        if pattern is not None:
            text = pattern.sub(lambda m: f'<mark class="{kinds[m.group(0)]}">{m.group(0)}</mark>', text)
        if text:
            out.append(f'<p><span class="line">{line}</span>{text}</p>')
        line += block.count("\n") + 2
    return "".join(out)
