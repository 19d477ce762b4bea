"""Derive ``digest/extract/tagger_words.json.gz``: word clusters and capitalisation rates for the NER tagger.

An offline script, outside the ``digest`` package. Reproducible, offline, standard library only:
the corpus is read in sorted order and the clustering has no randomness, so every run writes
the same bytes::

    python tools/word_clusters.py ../shared

Input: the unlabelled news articles ``corpus/indosum/*.md`` (their bodies, front matter left
out) and the tokens, without their tags, of the NER corpora's *train* splits
(``facts-dev/ner/*.train.conll``: NERGrit's encyclopaedic sentences bring villages, districts and
biographies' names the news rarely has); never the dev or validation splits. Output, per
lower-cased word seen at least :data:`MIN_COUNT` times:

* its *cluster*: words grouped by the words seen just before and just after them, by the
  exchange algorithm (each word moved, in turn, to the cluster that best predicts its
  contexts), so that "Bandung" lands with the other places and "Retno" with first names;
* its *capital* rate: how often it is written capitalised where a sentence does not start,
  in tenths (a name is nearly always capitalised, an ordinary word nearly never).
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from digest.extract.tagger import WORDS_PATH, tokenize
from tools.train_tagger import TRAIN_FILES, read_conll, write

CLUSTERS = 128
MIN_COUNT = 3
ITERATIONS = 8
_EDGE = "<s>"


def sentences(folder: Path) -> Iterator[list[str]]:
    """The tokens of every body line of every article in ``folder``, a line at a time, in file-name order."""
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            text = text.split("\n---\n", 1)[-1]
        for line in text.splitlines():
            tokens = [token for token, _, _ in tokenize(line)]
            if tokens:
                yield tokens


def train_sentences(ner: Path) -> Iterator[list[str]]:
    """The tokens of every sentence of the NER train splits in ``ner`` (their tags are not used here)."""
    for name in TRAIN_FILES:
        for tokens, _ in read_conll(ner / name):
            yield tokens


def capital_rates(lines: list[list[str]], vocabulary: set[str]) -> dict[str, int]:
    """Per word, in tenths, how often it is capitalised where it does not start a sentence."""
    seen: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for tokens in lines:
        for i in range(1, len(tokens)):
            if tokens[i - 1] in ".!?\"“:":
                continue
            low = tokens[i].lower()
            if low in vocabulary and tokens[i][:1].isalpha():
                seen[low] += 1
                capital[low] += tokens[i][:1].isupper()
    return {w: round(10 * capital[w] / n) for w, n in sorted(seen.items())}


def _xlogx(x: int) -> float:
    """``x log x``, 0 at 0: the terms of the clustering's log-likelihood."""
    return x * math.log(x) if x > 0 else 0.0


class Exchange:
    """Hard clusters of words by their neighbours, improved one word at a time (the exchange algorithm).

    The objective is the log-likelihood of each word's left and right neighbours given its
    cluster: the sum over (context, cluster) of ``n log n`` minus, over clusters, ``n log n`` of
    the cluster's total.
    """

    def __init__(self, contexts: list[Counter[int]], clusters: int) -> None:
        self.contexts = contexts
        self.totals = [sum(c.values()) for c in contexts]
        self.of = [i % clusters for i in range(len(contexts))]  # words come most frequent first
        self.by_context: dict[int, Counter[int]] = {}
        self.size = [0] * clusters
        for word in range(len(contexts)):
            self._add(word, self.of[word], 1)

    def _add(self, word: int, cluster: int, sign: int) -> None:
        """Count ``word``'s contexts into (sign 1) or out of (sign -1) ``cluster``."""
        for context, n in self.contexts[word].items():
            row = self.by_context.setdefault(context, Counter())
            row[cluster] += sign * n
        self.size[cluster] += sign * self.totals[word]

    def _best(self, word: int) -> int:
        """The cluster whose members' contexts best predict ``word``'s (with ``word`` taken out of its own)."""
        gains = [-(_xlogx(s + self.totals[word]) - _xlogx(s)) for s in self.size]
        base = 0.0
        for context, n in self.contexts[word].items():
            alone = _xlogx(n)
            base += alone
            for cluster, m in self.by_context[context].items():
                if m:
                    gains[cluster] += _xlogx(m + n) - _xlogx(m) - alone
        return max(range(len(gains)), key=lambda c: (gains[c] + base, -c))

    def sweep(self) -> int:
        """Move every word, in order, to its best cluster; how many moved."""
        moved = 0
        for word in range(len(self.contexts)):
            old = self.of[word]
            self._add(word, old, -1)
            new = self._best(word)
            self._add(word, new, 1)
            if new != old:
                self.of[word] = new
                moved += 1
        return moved


def neighbour_counts(lines: list[list[str]], words: list[str]) -> list[Counter[int]]:
    """Per word (by index in ``words``), the counts of its left (even ids) and right (odd ids) neighbours."""
    index = {w: i for i, w in enumerate(words)}
    other = len(words)  # every rarer word and the line's edges share one context id
    contexts: list[Counter[int]] = [Counter() for _ in words]
    for tokens in lines:
        ids = [other, *(index.get(t.lower(), other) for t in tokens), other]
        for i in range(1, len(ids) - 1):
            if ids[i] != other:
                contexts[ids[i]][2 * ids[i - 1]] += 1
                contexts[ids[i]][2 * ids[i + 1] + 1] += 1
    return contexts


def derive(lines: list[list[str]], clusters: int = CLUSTERS, iterations: int = ITERATIONS) -> dict[str, object]:
    """The clusters and capital rates of the words of ``lines``, as the data file stores them."""
    counts = Counter(t.lower() for tokens in lines for t in tokens)
    words = sorted((w for w, n in counts.items() if n >= MIN_COUNT), key=lambda w: (-counts[w], w))
    exchange = Exchange(neighbour_counts(lines, words), clusters)
    for sweep in range(iterations):
        print(f"sweep {sweep + 1}: {exchange.sweep():,} words moved", file=sys.stderr)
    return {"clusters": dict(sorted(zip(words, exchange.of, strict=True))),
            "capital": capital_rates(lines, set(words))}


def main(argv: Iterable[str]) -> int:
    """Derive the word data from the shared folder named on the command line and write it into the package."""
    args = list(argv)
    if len(args) != 1:
        print("usage: python tools/word_clusters.py ../shared", file=sys.stderr)
        return 2
    started = time.perf_counter()
    shared = Path(args[0])
    lines = [*sentences(shared / "corpus" / "indosum"), *train_sentences(shared / "facts-dev" / "ner")]
    data = write(derive(lines), WORDS_PATH)
    print(f"wrote {WORDS_PATH} ({len(data):,} bytes) from {len(lines):,} lines "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
