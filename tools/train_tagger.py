"""Train ``digest/extract/tagger_model.json.gz``: the named-entity tagger's weights.

An offline script, outside the ``digest`` package. Reproducible and offline: CRFsuite's L-BFGS
is deterministic, so the same inputs give the same model bytes on every run. It needs
``python-crfsuite`` (``pip install -e '.[train]'``); digest itself decodes the weights and
does not::

    python tools/train_tagger.py ../shared

Inputs: the *train* splits of IDNer-news-2k and NERGrit (``facts-dev/ner/*.train.conll``,
``token<TAB>tag``, a blank line between sentences). The dev and validation splits are
never read: they are for scoring only (``score.py --ner-cmd "digest ner"``).
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from digest.extract.packed import pack
from digest.extract.tagger import KINDS, MODEL_PATH, START, TAGS, Known, lists_fingerprint, token_features

TRAIN_FILES = ("idner-news-2k.train.conll", "nergrit.train.conll")
ITERATIONS = 200  # L-BFGS's cap
# The L2 weight: 0.5 and 1.0 score alike on the dev splits; an L1 term (sparser weights) cost NERGrit 0.01.
L2 = 0.5
SCALE = 1000  # weights are stored as integers: round(weight * SCALE)
# Rows whose every weight is smaller are left out (75,000 of 277,000 features kept): a quarter of the
# file and load time, for 0.001 of NERGrit's F1; at 0.05 it would cost 0.002.
PRUNE = 0.02
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


def train(sentences: list[Sentence], iterations: int = ITERATIONS) -> dict[str, object]:
    """Fit the tagger's weights to ``sentences`` (CRFsuite's L-BFGS, L2-regularised); the model as stored."""
    import pycrfsuite  # training only: the package decodes the weights itself and needs no CRFsuite

    table = known_counts(sentences)
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in sentences:
        known = _known_without(table, tokens, tags)
        trainer.append([token_features(tokens, i, known) for i in range(len(tokens))], [TAGS[t] for t in tags])
    trainer.set_params({"c1": 0.0, "c2": L2, "max_iterations": iterations, "feature.possible_transitions": True})
    with tempfile.TemporaryDirectory() as scratch:
        path = str(Path(scratch) / "tagger.crfsuite")
        trainer.train(path)
        tagger = pycrfsuite.Tagger()
        tagger.open(path)
        info = tagger.info()
        tagger.close()
    print(f"{len(trainer.logparser.iterations)} iterations, loss {trainer.logparser.last_iteration['loss']:.1f}",
          file=sys.stderr)
    return {**stored(info.state_features, info.transitions), "known": pack(table, len(KINDS))}


def stored(state: dict[tuple[str, str], float], transitions: dict[tuple[str, str], float]) -> dict[str, object]:
    """CRFsuite's weights as the model file stores them: per feature a row over :data:`TAGS`, integers (times
    :data:`SCALE`), rows whose weights are all below :data:`PRUNE` left out; CRFsuite has no start
    weights, so the START row is zeros."""
    index = {name: t for t, name in enumerate(TAGS)}
    rows: dict[str, list[float]] = {}
    for (feature, label), weight in state.items():
        rows.setdefault(feature, [0.0] * len(TAGS))[index[label]] = weight
    table = [[0.0] * len(TAGS) for _ in range(START + 1)]
    for (before, label), weight in transitions.items():
        table[index[before]][index[label]] = weight

    def ints(row: list[float]) -> list[int]:
        return [round(w * SCALE) for w in row]

    return {"tags": list(TAGS), "scale": SCALE, "lists": lists_fingerprint(), "transitions": [ints(r) for r in table],
            "weights": pack({f: ints(row) for f, row in rows.items() if max(map(abs, row)) >= PRUNE}, len(TAGS))}


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
