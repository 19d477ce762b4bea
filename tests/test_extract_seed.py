"""The seed article comes out exactly as its hand-made gold.json."""

import json
from pathlib import Path

import pytest

from digest.extract import extract, facts_to_json
from digest.extract.__main__ import published_at, split_article

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed"


def test_seed_matches_gold() -> None:
    """Every field of the seed's extraction equals gold.json (countries as a set)."""
    if not (SEED / "gold.json").exists():
        pytest.skip("../shared/seed is absent")
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))
    meta, body, line = split_article((SEED / "kim-surati-xi.md").read_text(encoding="utf-8"))
    got = facts_to_json(extract(body, published_at(meta["date"]), body_line=line))
    assert set(got["countries"]) == set(gold["countries"])
    assert len(got["countries"]) == len(gold["countries"])
    for key in ("people", "dates", "ranges", "quotes", "sources", "dateline"):
        assert got[key] == gold[key], key
