"""Named rows of integers, packed: how the tagger's model file stores its weights and counts.

A model has 75,000 weight rows. As JSON objects of lists they took 0.3 s to read,
paid by every build that extracts one edited article; packed — the names as one text,
the numbers as one little-endian array — they read in a tenth of that, and a row is
looked up by its name's offset into the array.
"""

from __future__ import annotations

import base64
import sys
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Rows:
    """Rows of ``width`` integers by name: the row of ``name`` is ``values[index[name] : index[name] + width]``."""

    index: dict[str, int]
    values: array[int]
    width: int

    def get(self, name: str) -> Sequence[int] | None:
        """The row of ``name``, or None."""
        at = self.index.get(name)
        return None if at is None else self.values[at : at + self.width]


def pack(rows: Mapping[str, Sequence[int]], width: int) -> dict[str, object]:
    """``rows`` as the model file stores them (names in sorted order; each row exactly ``width`` long)."""
    names = sorted(rows)
    if any("\n" in name for name in names) or any(len(rows[name]) != width for name in names):
        raise ValueError("a row's name holds a line break, or a row is not of the given width")
    values = array("i", [number for name in names for number in rows[name]])
    if sys.byteorder == "big":
        values.byteswap()
    return {"names": "\n".join(names), "width": width, "values": base64.b64encode(values.tobytes()).decode("ascii")}


def unpack(data: Mapping[str, object]) -> Rows:
    """The rows :func:`pack` stored."""
    names, width, encoded = data["names"], data["width"], data["values"]
    if not (isinstance(names, str) and isinstance(width, int) and isinstance(encoded, str)):
        raise ValueError("not packed rows")
    values = array("i", base64.b64decode(encoded))
    if sys.byteorder == "big":
        values.byteswap()
    keys = names.split("\n") if names else []
    if len(values) != width * len(keys):
        raise ValueError(f"packed rows: {len(keys)} names but {len(values)} numbers of width {width}")
    return Rows(dict(zip(keys, range(0, len(values), width), strict=True)), values, width)
