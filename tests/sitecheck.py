"""Helpers that read a built site the way a crawler does: links, alternates, text."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class PageParser(HTMLParser):
    """Collects the links, alternates and <html lang> of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.hreflang: dict[str, str] = {}
        self.canonical: str | None = None
        self.lang: str | None = None
        self.times: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self._in_time: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        for key in ("href", "src"):
            if key in a and tag in ("a", "link", "script", "img", "iframe", "source"):
                self.links.append(a[key])
        if "srcset" in a and tag in ("img", "source"):  # every candidate of a responsive image is a link too
            self.links.extend(candidate.split()[0] for candidate in a["srcset"].split(",") if candidate.strip())
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.hreflang[a["hreflang"]] = a["href"]
        if tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]
        if tag == "time":
            self._in_time = a.get("datetime", "")

    def handle_data(self, data: str) -> None:
        if self._in_time is not None and data.strip():
            self.times.append((self._in_time, data.strip()))
            self._in_time = None


def parse(path: Path) -> PageParser:
    """Parse one HTML file."""
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    """Every HTML file of a site."""
    return sorted(site.rglob("*.html"))


def url_of(site: Path, page: Path, base_path: str = "/") -> str:
    """The URL path a file is served at."""
    rel = page.relative_to(site).as_posix()
    return base_path + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target(site: Path, url: str, base_path: str = "/") -> Path | None:
    """The file a root-relative URL under ``base_path`` resolves to, or None if outside the site."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(base_path):
        return None
    rel = path[len(base_path):]
    file = site / rel
    return file / "index.html" if rel == "" or rel.endswith("/") else file


def broken_links(site: Path, base_path: str = "/", host: str = "") -> list[str]:
    """Every internal link or asset of every page that does not resolve to a file, or to an element of
    that page when it names one (``#kutipan-1``)."""
    broken = []
    for page in pages(site):
        here = url_of(site, page, base_path)
        for link in parse(page).links:
            if link.startswith("mailto:"):
                continue
            absolute = urljoin(host + here, link)
            if absolute.startswith(("http://", "https://")) and not (host and absolute.startswith(host)):
                continue
            path, fragment = urlsplit(absolute).path, urlsplit(absolute).fragment
            resolved = target(site, path, base_path)
            if resolved is None or not resolved.is_file() or (fragment and fragment not in _ids(resolved)):
                broken.append(f"{here} → {link}")
    return broken


_IDS: dict[Path, set[str]] = {}


def _ids(page: Path) -> set[str]:
    """The element ids of a page (each page parsed once per test run)."""
    if page not in _IDS:
        _IDS[page] = parse(page).ids if page.suffix == ".html" else set()
    return _IDS[page]


class Node:
    """An element of a parsed page: enough of a DOM for tests to ask what is inside what."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        """The element's text, spaces collapsed."""
        return " ".join("".join(c if isinstance(c, str) else c.text() for c in self.children).split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        """Every element inside this one (document order) with ``tag`` and the class ``cls``."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.attrs.get("class", "").split()):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        """The only element inside this one with ``tag`` and ``cls`` (an AssertionError otherwise)."""
        found = self.all(tag, cls)
        assert len(found) == 1, f"{len(found)} <{tag or '*'} class={cls}> elements, expected one"
        return found[0]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TreeBuilder(HTMLParser):
    """Builds :class:`Node` trees (the default theme closes every element it opens)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = self._open = Node("#document", {}, None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self._open)
        self._open.children.append(node)
        if tag not in _VOID:
            self._open = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self._open
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self._open = node.parent

    def handle_data(self, data: str) -> None:
        self._open.children.append(data)


def tree(path: Path) -> Node:
    """A page as a tree of :class:`Node` elements."""
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.root
