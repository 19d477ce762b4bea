"""The model file's packed rows: what is packed is what is read back, and a damaged pack is refused."""

from __future__ import annotations

import pytest

from digest.extract.packed import pack, unpack


def test_rows_read_back_as_packed() -> None:
    """Every row comes back under its name, negative numbers included; an unknown name has none."""
    rows = {"w=jakarta": [3, -1200, 0], "bias": [-7, 8, 2_000_000_000], "s=Xx": [0, 0, -1]}
    packed = unpack(pack(rows, 3))
    assert {name: list(packed.get(name) or []) for name in rows} == rows
    assert packed.get("w=bandung") is None


def test_rows_of_the_wrong_width_are_refused() -> None:
    """A row shorter than the width would shift every row after it: refused when packing."""
    with pytest.raises(ValueError, match="width"):
        pack({"a": [1, 2], "b": [3]}, 2)


def test_a_pack_with_numbers_missing_is_refused() -> None:
    """A pack whose numbers do not fill its rows is damaged: reading it fails instead of misreading it."""
    packed = pack({"a": [1, 2], "b": [3, 4]}, 2)
    with pytest.raises(ValueError, match="numbers"):
        unpack({**packed, "width": 3})
