"""Run the extractor on one article: ``python -m digest.extract --json - < article.md``."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import yaml

from digest.extract import extract, facts_to_json

_JAKARTA = ZoneInfo("Asia/Jakarta")


def split_article(source: str) -> tuple[dict[str, object], str, int]:
    """(front matter, body, 1-based line of the body's first line) of a Markdown article."""
    if not source.startswith("---"):
        return {}, source, 1
    end = source.find("\n---", 3)
    if end < 0:
        return {}, source, 1
    meta = yaml.safe_load(source[3:end]) or {}
    rest = source[end + 4:]
    nl = rest.find("\n")
    rest = rest[nl + 1:] if nl >= 0 else ""
    skipped = source[: len(source) - len(rest)].count("\n")
    stripped = rest.lstrip("\n")
    skipped += len(rest) - len(stripped)
    return (meta if isinstance(meta, dict) else {}), stripped, skipped + 1


def published_at(value: object) -> datetime:
    """The front matter ``date`` as an aware datetime (plain dates: midnight in Jakarta)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=_JAKARTA)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), _JAKARTA)
    if isinstance(value, str):
        return published_at(datetime.fromisoformat(value))
    return datetime.now(_JAKARTA)


def main(argv: list[str]) -> int:
    """Read an article from stdin (or a file path), print its facts as JSON."""
    args = [a for a in argv if a != "--json"]
    source = sys.stdin.read() if not args or args[0] == "-" else open(args[0], encoding="utf-8").read()
    meta, body, line = split_article(source)
    facts = extract(body, published_at(meta.get("date")), path=args[0] if args else "-", body_line=line)
    print(json.dumps(facts_to_json(facts), ensure_ascii=False))
    for d in facts.diagnostics:
        print(d, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
