"""``[tool.digest]`` of the project's ``pyproject.toml`` → a validated :class:`Config`.

The bundled site builds with no config at all. Unknown keys and wrong values are
errors naming ``pyproject.toml:line``; every problem is reported at once. Each key is
one row of a table (:data:`KEYS`): its default and the check that validates it.
Languages are data here, not branches in code: Indonesian first, at the site root.

Every :class:`Config` field says in its metadata what it ``affects`` (see
:data:`AFFECTS`), so the build derives its cache keys from the fields themselves.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from digest.errors import ConfigError, Diagnostic, error
from digest.files import inside
from digest.names import Own, country_codes, misnamed, same_keys
from digest.pyproject import key_line, path_line, read_table

PACKAGE_DIR = Path(__file__).resolve().parent
MARKDOWN_ENGINES = ("commonmark", "python-markdown")  # see localize.BodyRenderer

AFFECTS = {
    "articles": "each article's load, extract and localize result (and so every page)",
    "pages": "the rendered pages, not the articles' results",
    "inputs": "a folder whose files are read: they count by their contents, not by where they are",
    "where": "where files are read or written: no output depends on it",
    "clock": "the build's 'now': the news sitemap's two-day window",
    "new": "only what digest new writes into a new article: no build output depends on it",
}

HOME_COUNTRY = "ID"  # the default home country (a CLDR code: a test holds it)


def _affects(kind: str, default: Any = None, *, required: bool = False) -> Any:
    """A Config field that says what it affects (a key of AFFECTS)."""
    meta = {"affects": kind}
    return field(metadata=meta) if required else field(default=default, metadata=meta)


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
    sections_dir: str = "sections"  # URL segment of the section (category) pages
    authors_dir: str = "authors"  # URL segment of the byline (author) pages
    country_names: Own = ()  # the site's own country names in this language: (code, name), [tool.digest.country_names.<code>]


DEFAULT_LANGUAGES: tuple[Language, ...] = (
    Language("id", "", "negara", "arsip", "cari", "id_ID", "Kabar Sepekan", "rubrik", "penulis"),
    Language("en", "en/", "countries", "archive", "search", "en_US", "The Week in Brief"),
)


@dataclass(frozen=True)
class Config:
    """Everything a build needs to know about the project, validated."""

    root: Path = _affects("where", required=True)
    content_dir: Path = _affects("inputs", required=True)
    output_dir: Path = _affects("where", required=True)
    template_dirs: tuple[Path, ...] = _affects("inputs", required=True)  # the site's own first, then the default theme
    locale_dir: Path = _affects("inputs", required=True)
    languages: tuple[Language, ...] = _affects("articles", DEFAULT_LANGUAGES)
    base_url: str = _affects("pages", "/")  # absolute ("https://x.github.io/repo/") or a path ("/")
    timezone: str = _affects("articles", "Asia/Jakarta")
    page_size: int = _affects("pages", 20)
    max_file_size: int = _affects("articles", 1_000_000)
    allow_embeds: bool = _affects("articles", False)  # allow <iframe> in Markdown raw HTML
    drafts: bool = _affects("pages", False)
    feed_size: int = _affects("pages", 20)  # entries per feed
    cname: str | None = _affects("pages", None)  # custom domain for GitHub Pages
    search: bool = _affects("pages", True)  # index the site with Pagefind when it is installed
    build_time: datetime | None = _affects("clock", None)  # "now" for the news sitemap; None: the clock
    markdown: str = _affects("articles", "commonmark")  # or "python-markdown"
    previewing: bool = _affects("where", False)  # a build for digest serve: its own folder, no search index
    outlet: str | None = _affects("new", None)  # the newsroom in a new article's dateline; None: the site's title
    dateline: str = _affects("new", "Jakarta")  # the place in a new article's dateline
    categories: Own = _affects("articles", ())  # Indonesian category name -> English name (over names.RUBRICS)
    future: bool = _affects("pages", False)  # include articles dated after "now" (scheduled ones)
    home_country: str = _affects("articles", HOME_COUNTRY)  # the site's own country: a story's chips name it last
    list_untranslated: bool = _affects("pages", True)  # False: other languages' lists, feeds and sitemaps leave out
    # the stories not translated into them (their pages are still made, for the language switch)

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

    def category_names(self, lang: Language) -> Own:
        """The site's own category names in ``lang``: ``[tool.digest.categories]`` names them in the other
        languages; in the originals' language a category is named as its editors write it."""
        return () if lang == self.default_language else self.categories


def theme_dir(name: str) -> Path:
    """Where the default theme's ``templates`` or ``locale`` folder is.

    Inside an installed wheel it is packaged as ``digest/_theme/<name>``; in a
    source checkout (editable install) it is the repository's top-level folder.
    """
    packaged = PACKAGE_DIR / "_theme" / name
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / name


class Invalid(ValueError):
    """A value a key cannot take, with what to write instead (one message per problem).

    ``entries`` names, per message, the entry of a sub-table it is about (its own line): an entry's name, or
    its path of names through nested tables (``("id", "KP")`` in ``[tool.digest.country_names.id]``).
    """

    def __init__(self, *messages: str, entries: tuple[str | tuple[str, ...], ...] = ()) -> None:
        super().__init__(*messages)
        self.messages = messages
        self.entries = entries


def _titles(value: Any, root: Path) -> dict[str, str]:
    codes = [lang.code for lang in DEFAULT_LANGUAGES]
    titles = dict.fromkeys(codes, value) if isinstance(value, str) else value
    if not isinstance(titles, dict) or not all(isinstance(v, str) for v in titles.values()):
        raise Invalid('title must be a string or a table of strings per language (id = "…", en = "…")')
    unknown = [f"title: unknown language '{code}' (languages: id, en)" for code in titles if code not in codes]
    if unknown:
        raise Invalid(*unknown)
    return titles


_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f?#\\]")  # in a base URL: spaces, control characters, a query, a fragment


def _base_url(value: Any, root: Path) -> str:
    """An absolute http(s) URL with a host, or a path that starts with one "/"."""
    found = value.strip() if isinstance(value, str) else ""
    parts = urlsplit(found)
    if found.startswith("/") and not found.startswith("//") and not _UNSAFE.search(found):
        return found if found.endswith("/") else found + "/"
    if parts.scheme in ("http", "https") and parts.hostname and not _UNSAFE.search(found):
        return found if found.endswith("/") else found + "/"
    hint = f" (did you mean https://{found}?)" if re.match(r"^[\w-]+(\.[\w-]+)+(/|$)", found) else ""
    shown = f": not {value!r}" if isinstance(value, str) else ""
    raise Invalid("base_url must be an http(s) URL with a host, like https://user.github.io/repo/, "
                  f"or a path starting with /{shown}{hint}")


def _timezone(value: Any, root: Path) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise Invalid(f"unknown time zone {value!r} (use an IANA name such as Asia/Jakarta)") from None
    return str(value)


def _whole(low: int, high: int | None, message: str) -> Callable[[Any, Path], int]:
    def check(value: Any, root: Path) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
            raise Invalid(message)
        return value

    return check


def _flag(key: str) -> Callable[[Any, Path], bool]:
    def check(value: Any, root: Path) -> bool:
        if not isinstance(value, bool):
            raise Invalid(f"{key} must be true or false")
        return value

    return check


def _cname(value: Any, root: Path) -> str | None:
    if value is not None and (not isinstance(value, str) or not re.match(r"^[a-z0-9.-]+\.[a-z]{2,}$", value)):
        raise Invalid("cname must be a domain name, like news.example.org")
    return value


def _name(key: str) -> Callable[[Any, Path], str | None]:
    """A short one-line name (the outlet, the dateline's place): written into articles as it is."""
    def check(value: Any, root: Path) -> str | None:
        if value is None and key == "outlet":
            return None
        if not isinstance(value, str) or not value.strip() or len(value) > 100 or re.search(r"[\x00-\x1f\x7f]", value):
            raise Invalid(f'{key} must be a name on one line, like "Jakarta" or "KabarBerita.id" (at most 100 characters)')
        return value.strip()

    return check


def _markdown(value: Any, root: Path) -> str:
    if value not in MARKDOWN_ENGINES:
        raise Invalid('markdown must be "commonmark" or "python-markdown"')
    return str(value)


def _categories(value: Any, root: Path) -> tuple[tuple[str, str], ...]:
    """``[tool.digest.categories]``: an Indonesian category name = its English name, both non-empty text."""
    if not isinstance(value, dict):
        raise Invalid('categories must be a table: [tool.digest.categories], then lines like Olahraga = "Sport"')
    bad = [name for name, shown in value.items() if not isinstance(shown, str) or not shown.strip()]
    if bad:
        raise Invalid(*(f"categories: {name} must be the category's English name, a text like \"Sport\""
                        for name in bad), entries=tuple(bad))
    twice = same_keys(value)
    if twice:
        raise Invalid(*(f"categories: {second} names the same category as {first} (names are matched whatever their case)"
                        for first, second in twice), entries=tuple(second for _, second in twice))
    return tuple((name.strip(), shown.strip()) for name, shown in value.items())


def _home_country(value: Any, root: Path) -> str:
    """An ISO 3166-1 alpha-2 code, in any case.

    The default is not looked up: CLDR's list of codes costs every command that reads the
    settings 40 ms (Babel and its English data), a third of a no-op build's budget.
    """
    code = value.strip().upper() if isinstance(value, str) else None
    if code is None or (code != HOME_COUNTRY and code not in country_codes()):
        shown = f": not {value!r}" if isinstance(value, str) else ""
        raise Invalid(f'home_country must be an ISO 3166-1 alpha-2 country code, like "ID"{shown}')
    return code


def _country_names(value: Any, root: Path) -> dict[str, Own]:
    """``[tool.digest.country_names.<language>]``: country code = its name in that language."""
    rule = 'country_names must hold a table per language: [tool.digest.country_names.id], then lines like KP = "Korea Utara"'
    if not isinstance(value, dict) or not all(isinstance(table, dict) for table in value.values()):
        raise Invalid(rule)
    codes = [lang.code for lang in DEFAULT_LANGUAGES]
    problems: list[tuple[str, tuple[str, ...]]] = [
        (f"country_names: unknown language '{lang}' (languages: {', '.join(codes)})", (lang,)) for lang in value
        if lang not in codes]
    found: dict[str, Own] = {}
    for lang, table in value.items():
        if lang in codes:
            own = tuple((code.strip().upper(), name.strip()) for code, name in table.items() if isinstance(name, str))
            problems += [(message, (lang, *path)) for message, path in misnamed(lang, table, own)]
            found[lang] = own
    if problems:
        raise Invalid(*(message for message, _ in problems), entries=tuple(path for _, path in problems))
    return found


_KEEP_OUT = ("content", "templates", ".git", ".digest-cache")  # never under, over or at the output folder


def _link_in(root: Path, value: str) -> Path | None:
    """The first symbolic link on the way from ``root`` to the folder ``value`` names, if any."""
    path = root
    for part in Path(value).parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


def _output(value: Any, root: Path) -> Path:
    """A folder inside the project that holds none of its sources, and is held by none."""
    rule = "output must be a folder inside the project, not the project root, content/ or templates/"
    if not isinstance(value, str) or not value.strip():
        raise Invalid(rule)
    if link := _link_in(root, value):
        raise Invalid(f"{rule}: {link.relative_to(root).as_posix()!r} is a link to {os.readlink(link)}; digest replaces "
                      "its output folder as a whole, so it writes only to a real folder: remove the link")
    output_dir = (root / value).resolve()
    if root not in output_dir.parents:
        raise Invalid(rule)
    for name in _KEEP_OUT:
        kept = (root / name).resolve()
        relation = ("the folder" if output_dir == kept else "inside" if kept in output_dir.parents
                    else "a folder holding" if output_dir in kept.parents else "")
        if relation:
            raise Invalid(f"{rule}: {value!r} is {relation} {name}/")
    if any(part.startswith(".") for part in output_dir.relative_to(root).parts):
        raise Invalid(f"{rule}: {value!r} is a hidden folder (digest keeps its own files in hidden folders beside it)")
    if output_dir.exists() and not output_dir.is_dir():
        raise Invalid(f"{rule}: {value!r} is a file")
    return output_dir


@dataclass(frozen=True)
class Key:
    """One key of ``[tool.digest]``: its default and the check that turns a value into a setting."""

    default: Any
    check: Callable[[Any, Path], Any]


# In the order they are checked (and their problems reported).
KEYS: dict[str, Key] = {
    "title": Key({}, _titles),
    "base_url": Key("/", _base_url),
    "timezone": Key("Asia/Jakarta", _timezone),
    "page_size": Key(20, _whole(1, 1000, "page_size must be a whole number from 1 to 1000")),
    "feed_size": Key(20, _whole(1, 1000, "feed_size must be a whole number from 1 to 1000")),
    "cname": Key(None, _cname),
    "markdown": Key("commonmark", _markdown),
    "search": Key(True, _flag("search")),
    "max_file_size": Key(1_000_000, _whole(1, None, "max_file_size must be a positive number of bytes")),
    "allow_embeds": Key(False, _flag("allow_embeds")),
    "output": Key("site", _output),
    "outlet": Key(None, _name("outlet")),
    "dateline": Key("Jakarta", _name("dateline")),
    "categories": Key({}, _categories),
    "country_names": Key({}, _country_names),
    "home_country": Key(HOME_COUNTRY, _home_country),
    "list_untranslated": Key(True, _flag("list_untranslated")),
}


def _settings(table: dict[str, Any], text: str, root: Path, base_url: str | None) -> dict[str, Any]:
    """Every key's checked value; raise ConfigError with every problem found."""
    problems: list[Diagnostic] = []
    for key in table:
        if key not in KEYS:
            import difflib  # (here: only a misspelt key needs it, and every command reads the settings)

            hint = difflib.get_close_matches(key, list(KEYS), n=1)
            more = f" (did you mean '{hint[0]}'?)" if hint else ""
            problems.append(error("pyproject.toml", key_line(text, key), f"unknown key '{key}' in [tool.digest]{more}"))
    values = {}
    for key, spec in KEYS.items():
        given = base_url if key == "base_url" and base_url is not None else table.get(key, spec.default)
        where = ("--base-url", 0) if key == "base_url" and base_url is not None else ("pyproject.toml", key_line(text, key))
        try:
            values[key] = spec.check(given, root)
        except Invalid as exc:
            paths = [(key, entry) if isinstance(entry, str) else (key, *entry) for entry in exc.entries]
            lines = [path_line(text, path) for path in paths] or [where[1]] * len(exc.messages)
            problems.extend(error(where[0], line, message) for line, message in zip(lines, exc.messages, strict=True))
    if problems:
        raise ConfigError(tuple(problems))
    return values


def load_config(root: Path, *, drafts: bool = False, base_url: str | None = None,
                future: bool = False) -> Config:
    """Read and validate ``root/pyproject.toml`` (if any); raise ConfigError with every problem."""
    root = root.resolve()
    table, text = read_table(root / "pyproject.toml")
    values = _settings(table, text, root, base_url)
    titles, own = values.pop("title"), values.pop("country_names")
    # Reproducible builds: SOURCE_DATE_EPOCH fixes "now" (the news sitemap's window).
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    build_time = datetime.fromtimestamp(int(epoch), ZoneInfo(values["timezone"])) if epoch.isdigit() else None
    own_templates, default_templates = root / "templates", theme_dir("templates")
    if own_templates.is_dir() and not inside(root, own_templates):
        raise ConfigError((error("templates/", 0, "a link to a folder outside the project: digest reads templates only "
                                                  "from inside it; copy them in instead"),))
    return Config(
        root=root,
        content_dir=root / "content",
        output_dir=values.pop("output"),
        template_dirs=tuple(dict.fromkeys(p.resolve() for p in (own_templates, default_templates) if p.is_dir())),
        locale_dir=theme_dir("locale"),
        languages=tuple(replace(lang, title=titles.get(lang.code, lang.title), country_names=own.get(lang.code, ()))
                        for lang in DEFAULT_LANGUAGES),
        drafts=drafts,
        future=future,
        build_time=build_time,
        **values,
    )
