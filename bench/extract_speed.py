"""Time ``digest.extract.extract`` over the IndoSum corpus: per-article median, p95 and max.

    python bench/extract_speed.py [CORPUS_DIR] [REPETITIONS]

CORPUS_DIR defaults to ../shared/corpus/indosum; a generated benchmark corpus works too
(``/tmp/xcorpus/neutral/content``), whose English translations (``*.en.md``) are skipped.

Prints the number of articles, the one-time setup cost (importing the extractor and the
first call, which builds the gazetteers and compiles the regexes lazily), then one line
per repetition and a summary line (the median over repetitions of each figure): the
machine the project runs on is shared, so a single repetition can be noisy.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _figures(times: list[float]) -> tuple[float, float, float]:
    """(median, p95, max) of per-article times in ms."""
    times = sorted(times)
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], times[-1]


def main(argv: list[str]) -> int:
    """Print per-article timing figures; exit 0 with a message when the corpus is absent."""
    corpus = Path(argv[0]) if argv else ROOT.parent / "shared" / "corpus" / "indosum"
    reps = int(argv[1]) if len(argv) > 1 else 5
    # Originals only: a generated corpus also holds English translations ("*.en.md").
    files = sorted(f for f in corpus.glob("*.md") if not f.name.endswith(".en.md")) if corpus.is_dir() else []
    if not files:
        print(f"skipped: no articles in {corpus}")
        return 0
    t0 = time.perf_counter()
    from digest.extract import extract
    t_import = time.perf_counter() - t0
    from digest.config import load_config
    from digest.load import load_article

    config = load_config(ROOT)
    articles = []
    for f in files:
        article, _ = load_article(f.name, f.read_bytes(), config)  # as the build reads it
        if article is not None:
            articles.append((article.original.body, article.published, article.original.body_line))
    t0 = time.perf_counter()
    extract(articles[0][0], articles[0][1])  # the first call builds gazetteers and regexes
    t_first = time.perf_counter() - t0
    print(f"articles: {len(articles)}")
    print(f"setup (one-time): import {1000 * t_import:.1f} ms + first call {1000 * t_first:.1f} ms")
    rows = []
    for rep in range(reps):
        times = []
        for body, pub, line in articles:
            t = time.perf_counter()
            extract(body, pub, body_line=line)
            times.append(1000 * (time.perf_counter() - t))
        med, p95, worst = _figures(times)
        rows.append((med, p95, worst))
        print(f"rep {rep + 1}: median {med:.2f} ms  p95 {p95:.2f} ms  max {worst:.1f} ms per article")
    med, p95, worst = (statistics.median(col) for col in zip(*rows, strict=True))
    print(f"summary ({reps} reps, median of each): {len(articles)} articles  median {med:.2f} ms  "
          f"p95 {p95:.2f} ms  max {worst:.1f} ms per article")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
