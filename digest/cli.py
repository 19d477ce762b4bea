"""The ``digest`` command: build, check, serve, init, new, translations, facts, ner.

Content errors are printed as ``path:line: level: message`` with exit status 1 and
no traceback; usage errors exit 2 (argparse's convention). One guard in :func:`main`
turns anything else — a full disk, a folder nobody may write — into one line naming
the file involved, with a hint (``--debug`` shows the traceback instead); Ctrl-C is
exit status 130 and a closed output pipe (``digest facts … | head``) ends quietly.
"""

from __future__ import annotations

import argparse
import atexit
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from digest import report
from digest.build.pipeline import BuildReport, build, check, drifted, facts, ner, preview, warm
from digest.config import load_config
from digest.errors import ConfigError, Diagnostic, DigestError, Level, unexpected
from digest.files import Unreadable, read

PIPE_CLOSED = 141  # the status of a command whose output's reader went away (128 + SIGPIPE, as a shell's)


class UsageError(DigestError):
    """A command given the wrong arguments, in a way argparse cannot tell: exit status 2, as argparse's."""

    exit_code = 2


def count(number: int, thing: str, things: str | None = None) -> str:
    """ "1 article", "2 articles" """
    return f"{number:,} {thing if number == 1 else things or thing + 's'}"


def _summary(report: BuildReport) -> str:
    """The line ``digest build`` prints after a successful build (diagnostics go to stderr)."""
    for diagnostic in report.diagnostics:
        print(diagnostic, file=sys.stderr)
    stages = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in report.timings[:-1])
    total = report.timings[-1][1]
    return (f"built {count(report.articles, 'article')} → {count(report.pages, 'page')}, "
            f"{count(report.written.files, 'file')} ({report.written.changed:,} changed, "
            f"{count(report.cached, 'article')} from cache) in {total:.2f} s ({stages})")


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site once."""
    config = load_config(Path(args.root), drafts=args.drafts, base_url=args.base_url, future=args.future)
    report = build(config)
    print(_summary(report))
    if args.report_json:
        import json  # (only asked for: the command's every other use does without)

        Path(args.report_json).write_text(json.dumps({
            "articles": report.articles, "pages": report.pages, "files": report.written.files,
            "changed": report.written.changed, "cached": report.cached, "timings": dict(report.timings),
            "diagnostics": [str(d) for d in report.diagnostics],
        }, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Validate content and settings without building: 0 when nothing is an error (nor, with --strict, a warning)."""
    try:
        config = load_config(Path(args.root))
    except ConfigError as exc:  # the settings' problems in the format asked for, like any other
        return _checked(exc.diagnostics, args, "checked no articles: the settings are unusable")
    found = check(config)
    return _checked(found.diagnostics, args, f"checked {count(found.articles, 'article')} in {found.seconds:.2f} s")


def _checked(diagnostics: Sequence[Diagnostic], args: argparse.Namespace, done: str) -> int:
    """Print ``diagnostics`` in ``args.format`` and a summary; the exit status they make."""
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = sum(1 for d in diagnostics if d.level is Level.WARNING)
    failing = errors + (warnings if args.strict else 0)
    summary = f"{done}: {count(errors, 'error')}, {count(warnings, 'warning')}{' (--strict)' if args.strict else ''}"
    shown = report.FORMATTERS[args.format](diagnostics)
    if args.format == "text":  # as digest build prints them: problems on stderr, the summary on stdout
        if shown:
            print(shown, file=sys.stderr)
        print(summary)
    else:  # standard output carries only the machine-readable part
        if shown or args.format == "json":
            print(shown)
        print(summary, file=sys.stderr)
    return 1 if failing else 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the site with live reload."""
    # livereload pulls in tornado; only load it when serving
    from digest.serve import serve

    root = Path(args.root).resolve()
    loopback = args.host in ("127.0.0.1", "localhost", "::1")
    if not loopback:
        print(f"warning: serving on {args.host}: other machines on the network can read the preview", file=sys.stderr)
    memory: dict[str, object] = {}  # the article cache, kept between rebuilds
    base = load_config(root).base_path
    from digest import review

    def rebuild(changed: frozenset[str] | None = None) -> str:
        return _summary(build(preview(load_config(root, drafts=args.drafts)), memory=memory, changed=changed))

    serve(root, args.port, args.host, rebuild, preview(load_config(root)).output_dir, base, any_host=not loopback,
          review=lambda: review.page(load_config(root, drafts=True)), drifted=lambda: drifted(memory), warm=warm)
    return 0



def cmd_new(args: argparse.Namespace) -> int:
    """Write a new article skeleton with today's date, or (``--translate SLUG``) a translation's."""
    if (args.title is None) == (args.translate is None):
        raise UsageError("digest new: give a title (digest new \"Judul\") or --translate SLUG, not both")
    from digest import scaffold  # each command imports what only it uses: `digest build` starts faster

    config = load_config(Path(args.root))
    if args.translate is not None:
        path = scaffold.new_translation(config, args.translate)
        print(f"wrote {path.relative_to(config.root)} (a headline-only translation: replace its TODO title and summary; "
              "write the translated text below its front matter)")
        return 0
    path = scaffold.new_article(config, args.title)
    print(f"wrote {path.relative_to(config.root)} (a draft: remove 'draft: true' to publish; "
          "the optional keys are listed in it as comments)")
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    """List every article's translation status, or mark translations current."""
    from digest import translations

    config = load_config(Path(args.root))
    if args.mark_current:
        for written in translations.mark_current(config, args.mark_current):
            print(f"marked {written} current")
        return 0
    rows = translations.statuses(translations.load(config), config.languages[1].code)
    shown = translations.chosen(rows, tuple(name for name in ("missing", "stale") if getattr(args, name)))
    print(translations.as_json(shown) if args.json else f"{translations.table(shown)}\n{translations.summary(rows)}")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Write a new site repository into DIR: settings, an example article, .gitignore, two workflows."""
    from digest import scaffold

    target = Path(args.root) / args.dir
    written = scaffold.init(target, args.pin)
    print(f"wrote a new digest site in {target}: {', '.join(written)}")
    step = "digest build" if target.resolve() == Path.cwd() else f"cd {target} && digest build"
    print(f"next: {step}  (then push it to GitHub: see .github/workflows/pages.yml; check.yml checks pull requests)")
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    """Print the headline facts of one article."""
    config = load_config(Path(args.root))
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else read(Path(args.file), None, config.max_file_size)
    except Unreadable as exc:
        raise DigestError(f"{args.file}: {exc}") from None
    shown = "<stdin>" if args.file == "-" else args.file
    found, text = facts(shown, data, config)
    for diagnostic in found.diagnostics:
        print(diagnostic, file=sys.stderr)
    import json  # (see cmd_build)

    print(json.dumps(text, ensure_ascii=False, indent=None if args.json else 2) if args.json else _facts_text(text))
    return 0


def cmd_ner(args: argparse.Namespace) -> int:
    """Tag tokens read one per line (a blank line between sentences): one tag per line, blank lines kept."""
    lines = sys.stdin.buffer.read().decode("utf-8", errors="replace").splitlines()
    # a line "token<TAB>gold tag" (a CoNLL file piped in as it is) is tagged by its token
    tokens = [line.split("\t")[0].strip() for line in lines]
    sentences: list[list[str]] = [[]]
    for token in tokens:
        if token:
            sentences[-1].append(token)
        elif sentences[-1]:
            sentences.append([])
    tags = iter(tag for sentence in ner(sentences) for tag in sentence)
    sys.stdout.write("".join(f"{next(tags) if token else ''}\n" for token in tokens))
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
    # a control character from the article could drive the terminal (C1 0x9B starts an escape)
    return re.sub("[\x00-\x09\x0b-\x1f\x7f-\x9f]", "\ufffd", "\n".join(lines))


def _port(text: str) -> int:
    """A TCP port number from the command line (0: any free port)."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 0 to 65535")
    return port


def parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    top = argparse.ArgumentParser(prog="digest", description="Build the bilingual news digest.")
    top.add_argument("-C", "--root", default=".", help="project folder (default: current folder)")
    top.add_argument("--debug", action="store_true", help="show the traceback of an unexpected error")
    sub = top.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build site/ from content/")
    b.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    b.add_argument("--future", action="store_true", help="include scheduled articles (dated after now)")
    b.add_argument("--base-url", help="URL the site is served from, e.g. https://user.github.io/repo/")
    b.add_argument("--report-json", metavar="FILE", help="also write what was built and per-stage seconds as JSON")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate content and settings without writing site/ (exit 1 on errors)")
    c.add_argument("--format", choices=report.FORMATS, default="text",
                   help="text (path:line: level: message), json, or github (workflow commands); default: text")
    c.add_argument("--strict", action="store_true", help="warnings count as errors (exit 1)")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("serve", help="build, serve on localhost and reload on edits")
    s.add_argument("--port", type=_port, default=8000, help="port to serve on, 0 for any free one (default: 8000)")
    s.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    s.add_argument("--drafts", action="store_true", help="include drafts")
    s.set_defaults(func=cmd_serve)
    i = sub.add_parser("init", help="start a new site: settings, an example article, .gitignore, Pages and check workflows")
    i.add_argument("dir", nargs="?", default=".", help="the folder for the new site (default: the current one)")
    i.add_argument("--pin", help="what the site's workflow installs: a release (digest-news==X.Y.Z, the default: this "
                                 "one) or a git commit ('digest-news @ git+https://…/digest@<40 hex digits>')")
    i.set_defaults(func=cmd_init)
    n = sub.add_parser("new", help="write a new article skeleton with today's date")
    n.add_argument("title", nargs="?", help="the new article's headline (its file name is made from it)")
    n.add_argument("--translate", metavar="SLUG", help="instead, write the English translation of the article SLUG "
                                                       "beside it: a headline-only one to fill in")
    n.set_defaults(func=cmd_new)
    t = sub.add_parser("translations", help="list each article's English translation: missing, partial, stale, current")
    t.add_argument("--json", action="store_true", help="print a JSON list of objects")
    t.add_argument("--missing", action="store_true", help="only the articles with no translation (with --stale: either)")
    t.add_argument("--stale", action="store_true", help="only the translations of a text that changed since")
    t.add_argument("--mark-current", nargs="+", metavar="SLUG", help="write the original's fingerprint into each "
                                                                    "translation's translated_from: checked, it is current")
    t.set_defaults(func=cmd_translations)
    f = sub.add_parser("facts", help="print an article's headline facts")
    f.add_argument("file", help="an article file, or - for standard input")
    f.add_argument("--json", action="store_true", help="print JSON")
    f.set_defaults(func=cmd_facts)
    r = sub.add_parser("ner", help="tag tokens (one per line on stdin, a blank line between sentences) "
                                   "with named-entity tags (B-PER, I-LOC, O …), one per line")
    r.set_defaults(func=cmd_ner)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parser().parse_args(argv)
    try:
        if not Path(args.root).is_dir():
            raise DigestError(f"-C {args.root}: no such folder")
        return int(args.func(args))
    except DigestError as exc:
        print(exc.format(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("digest: interrupted; the published site is the last complete build", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader of our output went away (digest facts … | head): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return PIPE_CLOSED
    except Exception as exc:  # the one guard: anything unforeseen is a line, not a traceback
        if args.debug:
            raise
        print(unexpected(exc), file=sys.stderr)
        return 1


def run() -> None:
    """The installed ``digest`` command: :func:`main`, then an exit that skips freeing its objects.

    Python's own exit frees every object the build holds (the stats of 25,000 published
    files, its caches): 0.03–0.04 s of each no-op rebuild at 10,000 articles, for memory the
    system takes back anyway. Exit handlers still run and output is flushed first; a
    reader that went away before the flush ends it quietly, as :func:`main` does.
    """
    status = main()
    atexit._run_exitfuncs()  # what a normal exit would run: pools' and temporary files' handlers
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = PIPE_CLOSED
    os._exit(status)


if __name__ == "__main__":
    run()
