"""Train ``digest/extract/tagger_model.json.gz``: the named-entity tagger's weights.

An offline script, outside the ``digest`` package. Reproducible, offline, standard library
only: a fixed seed and sorted inputs give the same model bytes on every run::

    python tools/train_tagger.py ../shared

Inputs: the *train* splits of IDNer-news-2k and NERGrit (``facts-dev/ner/*.train.conll``,
``token<TAB>tag``, a blank line between sentences). The dev and validation splits are
never read: they are for scoring only (``score.py --ner-cmd "digest ner"``).
"""

from __future__ import annotations

import gzip
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from digest.extract.tagger import KINDS, MODEL_PATH, START, TAGS, Known, Model, decode, lists_fingerprint, token_features

TRAIN_FILES = ("idner-news-2k.train.conll", "nergrit.train.conll")
SEED = 2  # 16 and 1 score alike on the dev splits but split a coach's name from his club less well
EPOCHS = 10
SCALE = 1000  # weights are stored as integers: round(weight * SCALE)
# The source corpora's type names, mapped to the common set (the shared files are normalised already).
TYPE_NAMES = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "PLACE": "LOC", "GPE": "LOC",
              "ORG": "ORG", "ORGANISATION": "ORG", "ORGANIZATION": "ORG"}

Sentence = tuple[list[str], list[int]]


def common_tag(tag: str) -> str:
    """A corpus tag in the common BIO set (:data:`TAGS`); types outside PER, LOC, ORG become O."""
    prefix, _, kind = tag.partition("-")
    if prefix not in ("B", "I") or kind not in TYPE_NAMES:
        return "O"
    return f"{prefix}-{TYPE_NAMES[kind]}"


def read_conll(path: Path) -> list[Sentence]:
    """The sentences of a ``token<TAB>tag`` file as (tokens, tag indices)."""
    sentences: list[Sentence] = []
    tokens: list[str] = []
    tags: list[int] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if tokens:
                sentences.append((tokens, tags))
            tokens, tags = [], []
            continue
        token, _, tag = line.rpartition("\t")
        tokens.append(token)
        tags.append(TAGS.index(common_tag(tag.strip())))
    return sentences


class Averaged:
    """An averaged perceptron's weights: the current ones, and the step-weighted sum of updates for the average."""

    def __init__(self) -> None:
        size = len(TAGS)
        self.model = Model({}, [[0.0] * size for _ in range(size + 1)], {})
        self.sums: dict[str, list[float]] = {}
        self.transition_sums = [[0.0] * size for _ in range(size + 1)]
        self.step = 1

    def update(self, features: list[list[str]], gold: list[int], guess: list[int]) -> None:
        """Reward the gold tags' features and transitions and penalise the guessed ones where they differ."""
        size = len(TAGS)
        for i, (g, p) in enumerate(zip(gold, guess, strict=True)):
            if g != p:
                for feature in features[i]:
                    row = self.model.weights.setdefault(feature, [0.0] * size)
                    sums = self.sums.setdefault(feature, [0.0] * size)
                    row[g] += 1
                    row[p] -= 1
                    sums[g] += self.step
                    sums[p] -= self.step
            before_g, before_p = (gold[i - 1], guess[i - 1]) if i else (START, START)
            if (before_g, g) != (before_p, p):
                for (b, t), delta in (((before_g, g), 1), ((before_p, p), -1)):
                    self.model.transitions[b][t] += delta
                    self.transition_sums[b][t] += delta * self.step

    def averaged(self) -> dict[str, object]:
        """The averaged weights as the model file stores them: integers, features with no weight left out."""
        def average(row: list[float], sums: list[float]) -> list[int]:
            return [round((w - s / self.step) * SCALE) for w, s in zip(row, sums, strict=True)]

        weights = {f: average(row, self.sums[f]) for f, row in sorted(self.model.weights.items())}
        return {"tags": list(TAGS), "scale": SCALE, "lists": lists_fingerprint(),
                "transitions": [average(r, s) for r, s in zip(self.model.transitions, self.transition_sums, strict=True)],
                "weights": {f: row for f, row in weights.items() if any(row)}}


def _kind(tag: int) -> int:
    """The index in :data:`KINDS` of a tag's kind (``B-LOC`` and ``I-LOC``: LOC)."""
    return (tag + 1) // 2


def known_counts(sentences: list[Sentence]) -> dict[str, list[int]]:
    """Per lower-cased word of ``sentences``, how often it is tagged as each of :data:`KINDS`."""
    table: dict[str, list[int]] = {}
    for tokens, tags in sentences:
        for token, tag in zip(tokens, tags, strict=True):
            table.setdefault(token.lower(), [0] * len(KINDS))[_kind(tag)] += 1
    return dict(sorted(table.items()))


def _known_without(table: dict[str, list[int]], tokens: Sequence[str], tags: Sequence[int]) -> Known:
    """The counts of ``table`` with one sentence's own words taken out: in training, a word is "known" only
    from other sentences, as a word of new text is (else every training word would look familiar)."""
    own: dict[str, Counter[int]] = {}
    for token, tag in zip(tokens, tags, strict=True):
        own.setdefault(token.lower(), Counter())[_kind(tag)] += 1

    def known(low: str) -> Sequence[int]:
        counts = table.get(low, [0] * len(KINDS))
        mine = own.get(low)
        return [n - mine[k] for k, n in enumerate(counts)] if mine else counts

    return known


def train(sentences: list[Sentence], epochs: int = EPOCHS, seed: int = SEED) -> dict[str, object]:
    """Train on ``sentences`` (in a seeded shuffled order per epoch); the averaged model as stored."""
    learner = Averaged()
    table = known_counts(sentences)
    featured = [([token_features(tokens, i, _known_without(table, tokens, tags)) for i in range(len(tokens))], tags)
                for tokens, tags in sentences]
    order = random.Random(seed)
    for epoch in range(epochs):
        order.shuffle(featured)
        wrong = 0
        for features, gold in featured:
            guess = decode(learner.model, features)
            if guess != gold:
                wrong += sum(g != p for g, p in zip(gold, guess, strict=True))
                learner.update(features, gold, guess)
            learner.step += 1
        print(f"epoch {epoch + 1}: {wrong} tokens wrong", file=sys.stderr)
    return {**learner.averaged(), "known": table}


def write(model: dict[str, object], path: Path = MODEL_PATH) -> bytes:
    """Write the model (or other data) compactly and deterministically (sorted keys, no gzip time stamp); its bytes."""
    text = json.dumps(model, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    data = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return data


def main(argv: Iterable[str]) -> int:
    """Train from the shared folder named on the command line and write the model into the package."""
    args = list(argv)
    if len(args) != 1:
        print("usage: python tools/train_tagger.py ../shared", file=sys.stderr)
        return 2
    ner = Path(args[0]) / "facts-dev" / "ner"
    started = time.perf_counter()
    sentences = [s for name in TRAIN_FILES for s in read_conll(ner / name)]
    data = write(train(sentences))
    print(f"wrote {MODEL_PATH} ({len(data):,} bytes) from {len(sentences):,} sentences "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
