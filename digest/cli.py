"""The ``digest`` command: build, serve, new, facts.

Content errors are printed as ``path:line: level: message`` with exit status 1 and
no traceback; usage errors exit 2 (argparse's convention).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from digest.build.pipeline import BuildReport, build, facts
from digest.config import load_config
from digest.errors import DigestError


def _summary(report: BuildReport) -> str:
    """The line ``digest build`` prints after a successful build (diagnostics go to stderr)."""
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    lines = []
    stages = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in report.timings[:-1])
    total = report.timings[-1][1]
    lines.append(
        f"built {report.articles} articles → {report.pages} pages, {report.written.files} files "
        f"({report.written.changed} changed, {report.cached} articles from cache) in {total:.2f} s ({stages})"
    )
    return "\n".join(lines)


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site once."""
    config = load_config(Path(args.root), drafts=args.drafts, base_url=args.base_url)
    report = build(config)
    print(_summary(report))
    if args.report_json:
        Path(args.report_json).write_text(json.dumps({
            "articles": report.articles, "pages": report.pages, "files": report.written.files,
            "changed": report.written.changed, "cached": report.cached, "timings": dict(report.timings),
            "diagnostics": [str(d) for d in report.diagnostics],
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the site with live reload."""
    # livereload pulls in tornado; only load it when serving
    from digest.serve import serve

    root = Path(args.root).resolve()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"warning: serving on {args.host}: other machines on the network can read the preview", file=sys.stderr)
    memory: dict[str, object] = {}  # the article cache, kept between rebuilds
    # Search is left out of previews: a full Pagefind run per save would dominate the loop.
    serve(root, args.port, args.host,
          lambda: _summary(build(replace(load_config(root, drafts=args.drafts), search=False), memory=memory)))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new article skeleton with today's date."""
    from digest.urls import slugify

    config = load_config(Path(args.root))
    slug = slugify(args.title)
    if not slug:
        raise DigestError(f"cannot make a file name from the title {args.title!r}; give a title with letters")
    path = config.content_dir / f"{slug}.md"
    if path.exists():
        raise DigestError(f"{path.relative_to(config.root)} already exists; choose another title")
    now = datetime.now(config.tz).replace(second=0, microsecond=0)
    title = json.dumps(args.title, ensure_ascii=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"---\ntitle: {title}\ndate: {now.isoformat()}\ntags: []\ndraft: true\n---\n\n"
        "Jakarta, KabarBerita.id — Tulis paragraf pembuka di sini.\n",
        encoding="utf-8",
    )
    print(f"wrote {path.relative_to(config.root)} (a draft: remove 'draft: true' to publish)")
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    """Print the headline facts of one article."""
    config = load_config(Path(args.root))
    data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    shown = "<stdin>" if args.file == "-" else args.file
    found, text = facts(shown, data, config)
    for diagnostic in found.diagnostics:
        print(diagnostic, file=sys.stderr)
    print(json.dumps(text, ensure_ascii=False, indent=None if args.json else 2) if args.json else _facts_text(text))
    return 0


def _facts_text(facts: dict) -> str:  # type: ignore[type-arg]
    """Facts as readable lines for a person at a terminal."""
    lines = [f"countries: {', '.join(facts['countries']) or '—'}", f"people:    {', '.join(facts['people']) or '—'}"]
    lines += [f"date:      {d['date'] or 'unclear'}  ← {d['text']}" for d in facts["dates"]]
    lines += [f"range:     {r['start']} – {r['end']}  ← {r['text']}" for r in facts["ranges"]]
    lines += [f"quote:     “{q['text']}” — {q['speaker'] or 'unnamed'}" for q in facts["quotes"]]
    lines.append(f"sources:   {', '.join(facts['sources']) or '—'}")
    if facts.get("dateline"):
        lines.append(f"dateline:  {facts['dateline']['place']}, {facts['dateline']['outlet'] or '—'}")
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    top = argparse.ArgumentParser(prog="digest", description="Build the bilingual news digest.")
    top.add_argument("-C", "--root", default=".", help="project folder (default: current folder)")
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build site/ from content/")
    b.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    b.add_argument("--base-url", help="URL the site is served from, e.g. https://user.github.io/repo/")
    b.add_argument("--report-json", metavar="FILE", help="also write what was built and per-stage seconds as JSON")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="build, serve on localhost and reload on edits")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    s.add_argument("--drafts", action="store_true", help="include drafts")
    s.set_defaults(func=cmd_serve)
    n = sub.add_parser("new", help="write a new article skeleton with today's date")
    n.add_argument("title")
    n.set_defaults(func=cmd_new)
    f = sub.add_parser("facts", help="print an article's headline facts")
    f.add_argument("file", help="an article file, or - for standard input")
    f.add_argument("--json", action="store_true", help="print JSON")
    f.set_defaults(func=cmd_facts)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DigestError as exc:
        print(exc.format(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
