"""The dev scorer's figures meet the project's targets (skipped when ../shared is absent)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCORER = ROOT.parent / "shared" / "facts-dev" / "score.py"

TARGETS = {"countries": 0.95, "people": 0.85, "dates": 0.95, "quotes": 0.97, "sources": 0.92}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The scorer's JSON report for the extractor run as a command."""
    if not SCORER.exists():
        pytest.skip("../shared/facts-dev is absent")
    out = tmp_path_factory.mktemp("score") / "report.json"
    cmd = f'"{sys.executable}" -m digest.extract --json -'
    subprocess.run([sys.executable, str(SCORER), "--facts-cmd", cmd, "--json", str(out)],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("field", sorted(TARGETS))
def test_field_f1(report: dict, field: str) -> None:
    """Each field's micro F1 reaches its target."""
    assert report["facts"][field]["f1"] >= TARGETS[field]


def test_speaker_accuracy(report: dict) -> None:
    """Speakers of matched quotes are right at least 85% of the time."""
    facts = report["facts"]
    acc = facts.get("speaker_accuracy", facts["quotes"].get("speaker_accuracy"))
    assert acc is not None and acc >= 0.85


def test_no_command_errors(report: dict) -> None:
    """The extractor never crashes or times out on a dev article."""
    assert not report.get("facts_errors")
