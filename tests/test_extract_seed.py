"""The seed article comes out exactly as its hand-made gold.json, through the path ``digest facts`` takes."""

from __future__ import annotations

import json
from pathlib import Path

from digest.build.pipeline import facts
from digest.config import load_config
from tests.conftest import shared


def test_seed_matches_gold(tmp_path: Path) -> None:
    """Every field of the seed's extraction equals gold.json (countries as a set)."""
    gold = json.loads(shared("seed", "gold.json").read_text(encoding="utf-8"))
    seed = shared("seed", "kim-surati-xi.md")
    _, got = facts(seed.name, seed.read_bytes(), load_config(tmp_path))
    assert set(got["countries"]) == set(gold["countries"])
    assert len(got["countries"]) == len(gold["countries"])
    for key in ("people", "dates", "ranges", "quotes", "sources", "dateline"):
        assert got[key] == gold[key], key
