"""``[tool.digest]`` of the project's ``pyproject.toml`` → a validated :class:`Config`.

The bundled site builds with no config at all. Unknown keys and wrong types are
errors naming ``pyproject.toml:line``; every problem is reported at once.
Languages are data here, not branches in code: Indonesian first, at the site root.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.errors import ConfigError, Diagnostic, error

PACKAGE_DIR = Path(__file__).resolve().parent
MARKDOWN_ENGINES = ("commonmark", "python-markdown")  # see localize.BodyRenderer


@dataclass(frozen=True)
class Language:
    """A language the site is published in, and the URL words that belong to it."""

    code: str  # BCP 47 / Babel locale id: "id", "en"
    prefix: str  # URL prefix under the site root: "" or "en/"
    countries_dir: str  # URL segment of the country pages
    archive_dir: str  # URL segment of the monthly archives
    search_dir: str  # URL segment of the search page
    og_locale: str  # Open Graph locale: "id_ID"
    title: str  # the site's title in this language


DEFAULT_LANGUAGES: tuple[Language, ...] = (
    Language("id", "", "negara", "arsip", "cari", "id_ID", "Kabar Sepekan"),
    Language("en", "en/", "countries", "archive", "search", "en_US", "The Week in Brief"),
)

KNOWN_KEYS = (
    "title", "base_url", "timezone", "page_size", "feed_size", "output", "max_file_size",
    "allow_embeds", "cname", "search", "markdown",
)


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know about the project, validated."""

    root: Path
    content_dir: Path
    output_dir: Path
    template_dirs: tuple[Path, ...]  # the site's own first, then the default theme
    locale_dir: Path
    languages: tuple[Language, ...] = DEFAULT_LANGUAGES
    base_url: str = "/"  # absolute ("https://x.github.io/repo/") or a path ("/")
    timezone: str = "Asia/Jakarta"
    page_size: int = 20
    max_file_size: int = 1_000_000
    allow_embeds: bool = False  # allow <iframe> in Markdown raw HTML
    drafts: bool = False
    feed_size: int = 20  # entries per feed
    cname: str | None = None  # custom domain for GitHub Pages
    search: bool = True  # index the site with Pagefind when it is installed
    build_time: datetime | None = None  # "now" for the news sitemap; None: the clock
    markdown: str = "commonmark"  # or "python-markdown"

    @property
    def absolute(self) -> bool:
        """True when the base URL has a scheme and host, as feeds and sitemaps need."""
        return "://" in self.base_url

    @property
    def base_path(self) -> str:
        """The URL path the site is served under: "/" or "/repo/"."""
        match = re.match(r"^[a-z][a-z0-9+.-]*://[^/]+(/.*)?$", self.base_url)
        path = (match.group(1) or "/") if match else self.base_url
        return path if path.endswith("/") else path + "/"

    @property
    def tz(self) -> ZoneInfo:
        """The site's time zone, for naive dates and URL dates."""
        return ZoneInfo(self.timezone)

    @property
    def default_language(self) -> Language:
        """The language of the site root (and of every original article)."""
        return self.languages[0]

    def language(self, code: str) -> Language:
        """The configured language with this code."""
        for lang in self.languages:
            if lang.code == code:
                return lang
        raise KeyError(code)


def theme_dir(name: str) -> Path:
    """Where the default theme's ``templates`` or ``locale`` folder is.

    Inside an installed wheel it is packaged as ``digest/_theme/<name>``; in a
    source checkout (editable install) it is the repository's top-level folder.
    """
    packaged = PACKAGE_DIR / "_theme" / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


def _key_line(text: str, key: str) -> int:
    """The line of ``key =`` inside the ``[tool.digest]`` table (1 if not found)."""
    in_table = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.startswith("[tool.digest")
            if in_table and stripped.rstrip("]").endswith("." + key):
                return number
            continue
        if in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return number
    return 1


def load_config(root: Path, *, drafts: bool = False, base_url: str | None = None) -> Config:
    """Read and validate ``root/pyproject.toml`` (if any); raise ConfigError with every problem."""
    root = root.resolve()
    pyproject = root / "pyproject.toml"
    table: dict[str, Any] = {}
    text = ""
    problems: list[Diagnostic] = []
    if pyproject.is_file():
        text = pyproject.read_text(encoding="utf-8")
        try:
            table = tomllib.loads(text).get("tool", {}).get("digest", {})
        except tomllib.TOMLDecodeError as exc:
            line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(exc))) else 1
            raise ConfigError((error("pyproject.toml", line, f"invalid TOML: {exc}"),)) from None

    def bad(key: str, message: str) -> None:
        problems.append(error("pyproject.toml", _key_line(text, key), message))

    for key in table:
        if key not in KNOWN_KEYS:
            hint = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            bad(key, f"unknown key '{key}' in [tool.digest]" + (f" (did you mean '{hint[0]}'?)" if hint else ""))

    languages = DEFAULT_LANGUAGES
    titles = table.get("title", {})
    if isinstance(titles, str):
        titles = {lang.code: titles for lang in languages}
    if not isinstance(titles, dict) or not all(isinstance(v, str) for v in titles.values()):
        bad("title", "title must be a string or a table of strings per language (id = \"…\", en = \"…\")")
        titles = {}
    for code in titles:
        if code not in {lang.code for lang in languages}:
            bad("title", f"title: unknown language '{code}' (languages: id, en)")
    languages = tuple(replace(lang, title=titles.get(lang.code, lang.title)) for lang in languages)

    url = base_url if base_url is not None else table.get("base_url", "/")
    if not isinstance(url, str) or not re.match(r"^(https?://[^/\s]+)?/?[^\s]*$", url):
        bad("base_url", "base_url must be an http(s) URL or a path, like https://user.github.io/repo/")
        url = "/"
    url = url if url.endswith("/") else url + "/"

    tz = table.get("timezone", "Asia/Jakarta")
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        bad("timezone", f"unknown time zone {tz!r} (use an IANA name such as Asia/Jakarta)")
        tz = "Asia/Jakarta"

    page_size = table.get("page_size", 20)
    if not isinstance(page_size, int) or isinstance(page_size, bool) or not 1 <= page_size <= 1000:
        bad("page_size", "page_size must be a whole number from 1 to 1000")
        page_size = 20
    feed_size = table.get("feed_size", 20)
    if not isinstance(feed_size, int) or isinstance(feed_size, bool) or not 1 <= feed_size <= 1000:
        bad("feed_size", "feed_size must be a whole number from 1 to 1000")
        feed_size = 20
    cname = table.get("cname")
    if cname is not None and (not isinstance(cname, str) or not re.match(r"^[a-z0-9.-]+\.[a-z]{2,}$", cname)):
        bad("cname", "cname must be a domain name, like news.example.org")
        cname = None
    engine = table.get("markdown", "commonmark")
    if engine not in MARKDOWN_ENGINES:
        bad("markdown", "markdown must be \"commonmark\" or \"python-markdown\"")
        engine = "commonmark"
    search = table.get("search", True)
    if not isinstance(search, bool):
        bad("search", "search must be true or false")
        search = True

    max_size = table.get("max_file_size", 1_000_000)
    if not isinstance(max_size, int) or isinstance(max_size, bool) or max_size < 1:
        bad("max_file_size", "max_file_size must be a positive number of bytes")
        max_size = 1_000_000

    embeds = table.get("allow_embeds", False)
    if not isinstance(embeds, bool):
        bad("allow_embeds", "allow_embeds must be true or false")
        embeds = False

    output = table.get("output", "site")
    output_dir = (root / output).resolve() if isinstance(output, str) else root / "site"
    forbidden = {root, (root / "content").resolve(), (root / "templates").resolve()}
    if not isinstance(output, str) or output_dir in forbidden or root not in output_dir.parents:
        bad("output", "output must be a folder inside the project, not the project root, content/ or templates/")
        output_dir = root / "site"

    if problems:
        raise ConfigError(tuple(problems))

    # Reproducible builds: SOURCE_DATE_EPOCH fixes "now" (the news sitemap's window).
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    build_time = datetime.fromtimestamp(int(epoch), ZoneInfo(tz)) if epoch.isdigit() else None

    own_templates = root / "templates"
    default_templates = theme_dir("templates")
    dirs = tuple(dict.fromkeys(p.resolve() for p in (own_templates, default_templates) if p.is_dir()))
    return Config(
        root=root,
        content_dir=root / "content",
        output_dir=output_dir,
        template_dirs=dirs,
        locale_dir=theme_dir("locale"),
        languages=languages,
        base_url=url,
        timezone=tz,
        page_size=page_size,
        max_file_size=max_size,
        allow_embeds=embeds,
        drafts=drafts,
        feed_size=feed_size,
        cname=cname,
        search=search,
        build_time=build_time,
        markdown=engine,
    )
