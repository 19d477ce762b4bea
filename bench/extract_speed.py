"""Time ``digest.extract.extract`` over the IndoSum corpus: median and p95 ms per article.

    python bench/extract_speed.py [CORPUS_DIR] [REPETITIONS]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from digest.extract import extract  # noqa: E402
from digest.extract.__main__ import published_at, split_article  # noqa: E402


def main(argv: list[str]) -> int:
    """Print per-article timing figures; exit 0 with a message when the corpus is absent."""
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus" / "indosum"
    reps = int(argv[1]) if len(argv) > 1 else 3
    files = sorted(corpus.glob("*.md")) if corpus.is_dir() else []
    if not files:
        print(f"skipped: no articles in {corpus}")
        return 0
    articles = []
    for f in files:
        meta, body, line = split_article(f.read_text(encoding="utf-8"))
        articles.append((body, published_at(meta.get("date")), line))
    t0 = time.perf_counter()
    extract(articles[0][0], articles[0][1])  # first call builds gazetteers and regexes
    print(f"warm-up (lazy setup): {1000 * (time.perf_counter() - t0):.1f} ms")
    for rep in range(reps):
        times = []
        for body, pub, line in articles:
            t = time.perf_counter()
            extract(body, pub, body_line=line)
            times.append(1000 * (time.perf_counter() - t))
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"rep {rep + 1}: {len(times)} articles  median {statistics.median(times):.2f} ms  "
              f"p95 {p95:.2f} ms  max {times[-1]:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
