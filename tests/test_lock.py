"""The project lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.build.lock import LockedError, build_lock


def test_second_build_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    """Two builds of one project never interleave."""
    with build_lock(tmp_path), pytest.raises(LockedError, match="another digest build is running"), build_lock(tmp_path):
        pass
