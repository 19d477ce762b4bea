"""A statistical named-entity tagger: BIO tags (PER, LOC, ORG) for Indonesian tokens.

A first-order linear-chain model: per-token feature weights (word, shape, affixes,
neighbours, digest's own word lists, what unlabelled text says of each word: its cluster and
how often it is capitalised, and what the train splits say of it: how often it was a person,
a place, a body or nothing, binned) plus tag-to-tag transition weights, decoded with
Viterbi under the BIO constraint (``I-X`` only after ``B-X`` or ``I-X``). The weights are
a conditional random field's (L2-regularised, fitted by CRFsuite's L-BFGS), trained by
``tools/train_tagger.py`` on the *train* splits of IDNer-news-2k and NERGrit and shipped
as ``tagger_model.json.gz`` beside this module; the word clusters and capitalisation rates
come from ``tools/word_clusters.py`` (IndoSum's articles and the train splits' tokens) and
ship as ``tagger_words.json.gz``.

:func:`tag`, :func:`tokenize` and :func:`person_spans` are for whoever wants entities from
running text; the facts extractor asks it about a few doubtful words (``context_tags.py``).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from digest.extract.country_data import EXTRA_NAMES
from digest.extract.lexicon_data import COMMON
from digest.extract.packed import Rows, unpack
from digest.extract.people_data import NON_PERSON_HEADS, NON_PERSON_TAIL, PLACE_HEADS, TITLES
from digest.extract.tagger_data import PLACE_CUES

MODEL_PATH = Path(__file__).with_name("tagger_model.json.gz")
WORDS_PATH = Path(__file__).with_name("tagger_words.json.gz")
TAGS: tuple[str, ...] = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
START = len(TAGS)  # the row of the transition table for "before the first token"

TITLES_LOWER = frozenset(t.lower() for t in TITLES)
_HEADS_LOWER = frozenset(t.lower() for t in NON_PERSON_HEADS)
_PLACE_HEADS_LOWER = frozenset(t.lower() for t in PLACE_HEADS)
_TAIL_LOWER = frozenset(t.lower() for t in NON_PERSON_TAIL)
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]", re.UNICODE)
_SENTENCE_END = frozenset(".!?")


KINDS: tuple[str, ...] = ("O", "PER", "LOC", "ORG")  # the order of a word's counts in :data:`Known`
# Per lower-cased word, how often the train splits tag it O, PER, LOC and ORG (all zeros: never seen).
Known = Callable[[str], Sequence[int]]


@dataclass(frozen=True)
class Model:
    """Weights: per feature, one weight per tag (in :data:`TAGS` order); per (previous tag or START, tag), one;
    and per lower-cased word of the train splits, its counts by :data:`KINDS` (the "known" features' source)."""

    weights: Rows
    transitions: list[list[float]]
    known: Rows


def _shape(word: str) -> str:
    """The word's letters as X/x/d with runs collapsed: "Jakarta" -> "Xx", "G20" -> "Xd", "1.500" -> "d.d"."""
    out: list[str] = []
    for ch in word:
        cls = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != cls:
            out.append(cls)
    return "".join(out)[:6]


@cache
def _country_words() -> frozenset[str]:
    """Every word of a country name digest knows (CLDR's Indonesian and English ones and its own)."""
    from digest.extract.countries import gazetteer

    return frozenset(w for name in (*gazetteer(), *EXTRA_NAMES) for w in name.split() if w[:1].isupper())


@cache
def _corpus_words() -> tuple[dict[str, int], dict[str, int]]:
    """Per lower-cased news word, its cluster and how often it is capitalised (``tools/word_clusters.py``)."""
    data = json.loads(gzip.decompress(WORDS_PATH.read_bytes()))
    return data["clusters"], data["capital"]


def _corpus_features(prefix: str, low: str) -> list[str]:
    """What the unlabelled news corpus says of a word: its cluster and its capitalisation rate in tenths."""
    clusters, capital = _corpus_words()
    return [f"{prefix}c={clusters.get(low, -1)}", f"{prefix}cap={capital.get(low, -1)}"]


def _word_features(prefix: str, word: str) -> Iterator[str]:
    """Features of a neighbour: its lower-cased form, its shape, its corpus cluster and the lists it is in."""
    low = word.lower()
    yield f"{prefix}w={low}"
    yield f"{prefix}s={_shape(word)}"
    yield from _corpus_features(prefix, low)
    if low in TITLES_LOWER:
        yield f"{prefix}title"
    if low in _HEADS_LOWER:
        yield f"{prefix}head"


_NEVER = (0, 0, 0, 0)


def known_in(table: Rows | dict[str, list[int]]) -> Known:
    """The :data:`Known` look-up of a table of word counts (the shipped model's, or training's own)."""
    return lambda low: table.get(low) or _NEVER


def _known_features(prefix: str, counts: Sequence[int]) -> list[str]:
    """What the train splits say of a word, binned: how often it was seen, how much of that as a person and as
    a place (none, up to a third, up to two thirds, more), and its most frequent kind."""
    seen = sum(counts)
    if not seen:
        return [f"{prefix}k=unseen"]
    often = 1 if seen == 1 else 2 if seen < 5 else 3
    # PER and LOC only: a body's share made the tagger run a club's name into the coach's after it
    # ("Arema Aji Santoso" one ORG), and was worth nothing on the dev splits.
    feats = [f"{prefix}k{KINDS[k]}={often},{(3 * counts[k] + seen - 1) // seen}" for k in (1, 2)]
    top = max(range(len(KINDS)), key=lambda k: (counts[k], -k))
    return [*feats, f"{prefix}k-top={KINDS[top]}"]


def token_features(tokens: Sequence[str], i: int, known: Known | None = None) -> list[str]:
    """The features of token ``i`` in its sentence (what the weights are looked up by); ``known``: what
    the train splits say of a word (the shipped model's counts unless training passes counts without
    the sentence at hand)."""
    if known is None:
        known = known_in(model().known)
    feats = _own_features(tokens[i], i)
    feats.extend(_known_features("", known(tokens[i].lower())))
    for offset in (-1, 1):
        if 0 <= i + offset < len(tokens):
            feats.extend(_known_features(f"{offset}", known(tokens[i + offset].lower()))[-1:])
    for offset in (-2, -1, 1, 2):
        j = i + offset
        if 0 <= j < len(tokens):
            feats.extend(_word_features(f"{offset}", tokens[j]))
        else:
            feats.append(f"{offset}=edge")
    feats.extend(_pair_features(tokens, i))
    feats.extend(_cluster_pairs(tokens, i))
    if tokens[i][:1].isupper():
        feats.extend(_run_features(tokens, i))
        feats.extend(_list_cue(tokens, i))
    return feats


def _own_features(word: str, i: int) -> list[str]:
    """The features of a token by itself: its form, shape, affixes, corpus cluster and the lists it is in."""
    low = word.lower()
    cap = word[:1].isupper()
    clusters, capital = _corpus_words()
    feats = ["bias", f"w={low}", f"s={_shape(word)}", f"p1={low[:1]}", f"p2={low[:2]}", f"p3={low[:3]}",
             f"x1={low[-1:]}", f"x2={low[-2:]}", f"x3={low[-3:]}", f"len={min(len(word), 8)}",
             *_corpus_features("", low), f"c|cap|s={clusters.get(low, -1)}|{capital.get(low, -1)}|{_shape(word)}"]
    if i == 0:
        feats.append(f"first,cap={cap}")
    if cap and low in COMMON:
        feats.append("cap-common")  # a capitalised ordinary word: a sentence start or a heading, rarely a name
    if word in _country_words():
        feats.append("country")
    for test, name in ((TITLES_LOWER, "title"), (_HEADS_LOWER, "head"), (_TAIL_LOWER, "tail"),
                       (_PLACE_HEADS_LOWER, "placehead")):
        if low in test:
            feats.append(name)
    return feats


def _pair_features(tokens: Sequence[str], i: int) -> list[str]:
    """Conjunctions of the token with its neighbours (words and shapes), and the neighbours' affixes."""
    word, low = tokens[i], tokens[i].lower()
    feats: list[str] = []
    if i > 0:
        before = tokens[i - 1].lower()
        feats += [f"-1w+s={before}|{_shape(word)}", f"-1x3={before[-3:]}", f"-1p3={before[:3]}"]
        if before in PLACE_CUES and word[:1].isupper():
            feats.append("place-cue")
    if i + 1 < len(tokens):
        after = tokens[i + 1].lower()
        feats += [f"s+1s={_shape(word)}|{_shape(tokens[i + 1])}", f"w+1w={low}|{after}",
                  f"1x3={after[-3:]}", f"1p3={after[:3]}"]
    if 0 < i < len(tokens) - 1:
        feats.append(f"-1w+1w={tokens[i - 1].lower()}|{tokens[i + 1].lower()}")
    return feats


def _cluster_pairs(tokens: Sequence[str], i: int) -> list[str]:
    """The corpus clusters of the token and its neighbours, in pairs (-2: the sentence's edge, -1: no cluster)."""
    clusters, _ = _corpus_words()
    here = clusters.get(tokens[i].lower(), -1)
    left = clusters.get(tokens[i - 1].lower(), -1) if i else -2
    right = clusters.get(tokens[i + 1].lower(), -1) if i + 1 < len(tokens) else -2
    return [f"-1c|c={left}|{here}", f"c|+1c={here}|{right}", f"-1c|+1c={left}|{right}"]


def _run_features(tokens: Sequence[str], i: int) -> list[str]:
    """Where a capitalised token sits in its run of capitalised tokens (a name's extent), its edges and the words around it."""
    start = i
    while start > 0 and tokens[start - 1][:1].isupper():
        start -= 1
    end = i + 1
    while end < len(tokens) and tokens[end][:1].isupper():
        end += 1
    before = tokens[start - 1].lower() if start else "<s>"
    after = tokens[end].lower() if end < len(tokens) else "</s>"
    clusters, _ = _corpus_words()
    return [f"run={min(end - start, 4)},{min(i - start, 3)}", f"run-before={before}", f"run-after={after}",
            f"run-first={tokens[start].lower()}", f"run-last={tokens[end - 1].lower()}",
            f"run-before-c={clusters.get(before, -1)}", f"run-after-c={clusters.get(after, -1)}"]


# What may stand between a name and the word that introduces a list of names ("di Great Bookham, Surrey,
# dekat Leatherhead"): other names, numbers, commas, conjunctions and brackets.
_LIST_GLUE = frozenset({",", "dan", "serta", "atau", "(", ")", '"', "-", "/"})


def _list_cue(tokens: Sequence[str], i: int) -> list[str]:
    """The first ordinary word before a capitalised token's list of names, and its corpus cluster: "di" says
    place for every name of "di Surrey, Leatherhead dan Guildford", not only for the first."""
    j = i - 1
    while j >= 0 and (tokens[j][:1].isupper() or tokens[j][:1].isdigit() or tokens[j].lower() in _LIST_GLUE):
        j -= 1
    cue = tokens[j].lower() if j >= 0 else "<s>"
    clusters, _ = _corpus_words()
    return [f"cue={cue}", f"cue-c={clusters.get(cue, -1)}"]


def _allowed(previous: int, current: int) -> bool:
    """The BIO rule: ``I-X`` follows only ``B-X`` or ``I-X``."""
    name = TAGS[current]
    if not name.startswith("I-"):
        return True
    return previous != START and TAGS[previous] in (f"B-{name[2:]}", name)


_ALLOWED = tuple(tuple(_allowed(p, c) for c in range(len(TAGS))) for p in range(len(TAGS) + 1))


def _emissions(model: Model, features: list[str]) -> list[float]:
    """The per-tag score of one token: the sum of its features' weights."""
    size = len(TAGS)
    scores = [0.0] * size
    index, values = model.weights.index, model.weights.values
    for feature in features:
        at = index.get(feature)
        if at is not None:
            for t in range(size):
                scores[t] += values[at + t]
    return scores


def decode(model: Model, features: Sequence[list[str]]) -> list[int]:
    """The best tag sequence (indices into :data:`TAGS`) for a sentence's token features, by Viterbi."""
    if not features:
        return []
    n, size = len(features), len(TAGS)
    emit = _emissions(model, features[0])
    best = [emit[t] + model.transitions[START][t] if _ALLOWED[START][t] else float("-inf") for t in range(size)]
    back: list[list[int]] = []
    for i in range(1, n):
        emit = _emissions(model, features[i])
        row_back, row_best = [0] * size, [0.0] * size
        for t in range(size):
            choice, score = 0, float("-inf")
            for p in range(size):
                candidate = best[p] + model.transitions[p][t]
                if candidate > score and _ALLOWED[p][t]:
                    choice, score = p, candidate
            row_back[t], row_best[t] = choice, score + emit[t]
        back.append(row_back)
        best = row_best
    path = [max(range(size), key=lambda t: best[t])]
    for row in reversed(back):
        path.append(row[path[-1]])
    path.reverse()
    return path


def lists_fingerprint() -> str:
    """A fingerprint of digest's word lists that the features read, stored in the model by its trainer.

    The lists are code that changes (a new title, a new heads word); a model trained before
    such a change no longer matches what ``tools/train_tagger.py`` would make, and a test
    compares this value with the shipped model's to say it must be retrained.
    """
    words = [sorted(group) for group in (TITLES_LOWER, _HEADS_LOWER, _PLACE_HEADS_LOWER, _TAIL_LOWER, COMMON,
                                         PLACE_CUES, _LIST_GLUE, _country_words())]
    return hashlib.sha256(json.dumps(words, ensure_ascii=False).encode("utf-8")).hexdigest()


@cache
def model() -> Model:
    """The shipped model, read once per process."""
    data = json.loads(gzip.decompress(MODEL_PATH.read_bytes()))
    if tuple(data["tags"]) != TAGS:
        raise ValueError(f"{MODEL_PATH.name}: tags {data['tags']} are not {TAGS}")
    # The weights are stored as integers (each weight times data["scale"]): used as they are, since
    # scaling every weight alike changes no decision, and converting 60,000 rows would double the load time.
    weights, known = unpack(data["weights"]), unpack(data["known"])
    if weights.width != len(TAGS) or known.width != len(KINDS):
        raise ValueError(f"{MODEL_PATH.name}: rows of {weights.width} weights and {known.width} counts")
    return Model(weights, data["transitions"], known)


def tag(tokens: Sequence[str]) -> list[str]:
    """BIO tags (``B-PER``, ``I-LOC``, ``O`` …) for the tokens of one sentence."""
    return [TAGS[t] for t in decode(model(), [token_features(tokens, i) for i in range(len(tokens))])]


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """The tokens of ``text`` as (token, start, end): words (with inner hyphens, apostrophes, dots) and punctuation."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _sentences(tokens: list[tuple[str, int, int]]) -> Iterator[list[tuple[str, int, int]]]:
    """Tokens grouped into sentences at ".", "!" and "?" (and at line breaks, which the tokens do not show)."""
    current: list[tuple[str, int, int]] = []
    for token in tokens:
        current.append(token)
        if token[0] in _SENTENCE_END:
            yield current
            current = []
    if current:
        yield current


def person_spans(text: str) -> list[tuple[int, int]]:
    """The character spans (start, end) of the people the tagger finds in ``text``, in order."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        for sentence in _sentences(tokenize(line.group())):
            tags = tag([t for t, _, _ in sentence])
            for (_, start, end), name in zip(sentence, tags, strict=True):
                if name == "B-PER":
                    spans.append((line.start() + start, line.start() + end))
                elif name == "I-PER" and spans:
                    spans[-1] = (spans[-1][0], line.start() + end)
    return spans
