"""Values the build state keeps as a stored part plus a patch: the stats of files, and the page keys.

An edit's build changes a few of the 250,000 published files' stats, a few of the 150,000
in the walk of ``content/`` and a few page keys, at 100,000 articles. Loaded from the state
file, each of these values knows the part it came from (:class:`~digest.build.sealed.Later`);
patched, it is saved as that part and the patch, so the state file keeps the part as it is
(up to :data:`PATCH_MAX` entries: beyond, the value is saved whole, as a part of its own).
Loaded back, it is read from its part only when first used.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from digest.build.sealed import Later
from digest.files import Stat

PATCH_MAX = 4_096  # entries: a value patched more than this is saved whole, as a part of its own
_BLOCK = 1024  # files: Stats.moved compares the stats a block at a time
_BLOCKS_MAX = 64  # blocks that differ: beyond this many, Stats.moved leaves it to a dict


class Stats:
    """Every published file and its stat, compact: the names NUL-joined, the stats in one array.

    A 100,000-article site has 250,000 files: as a dict of tuples the state took 0.1 s
    to unpickle; this takes a fortieth of that, and the site check reads it in order.

    Stats loaded from a state file know the part they came from; patched (an edit), they
    are saved as that part and the patch (up to :data:`PATCH_MAX` files), so an edit's build
    writes neither the 25 MB of the published files' stats nor the 21 MB of the walk of
    ``content/`` again. Such stats are read from their part only when first used.
    """

    def __init__(self, tree: dict[str, Stat] | None = None) -> None:
        tree = tree or {}
        self._names: str | None = "\0".join(tree)
        self._values: array[int] | None = array("q", [number for stat in tree.values() for number in stat])
        self._origin: Later[tuple[str, array[int]]] | None = None  # the stored stats these are a patch of
        self._patch: dict[str, Stat] = {}  # ... and the patch

    @classmethod
    def _made(cls, names: str, values: array[int], origin: Later[tuple[str, array[int]]] | None = None,
              patch: dict[str, Stat] | None = None) -> Stats:
        made = cls()
        made._names, made._values, made._origin, made._patch = names, values, origin, patch or {}
        return made

    @property
    def names(self) -> str:
        """The files' names, NUL-joined."""
        if self._names is None:
            self._load()
        assert self._names is not None
        return self._names

    @property
    def values(self) -> array[int]:
        """Size, mtime and mode of each file in turn."""
        if self._values is None:
            self._load()
        assert self._values is not None
        return self._values

    def _load(self) -> None:
        """Read the stored stats these are a patch of, and apply the patch."""
        assert self._origin is not None
        names, values = self._origin.get()
        self._names, self._values = _applied(names, values, self._patch)

    def __reduce__(self) -> tuple[object, tuple[Later[tuple[str, array[int]]], dict[str, Stat]]]:
        return (_stored, _saved(self._origin, self._patch, lambda: (self.names, self.values)))

    def patched(self, removed: list[str], written: dict[str, Stat]) -> Stats:
        """These stats with some files removed and some written (the array changed in place); a removal
        goes through a dict (0.1 s at 250,000 files), and leaves nothing to patch."""
        if removed:
            tree = self.as_dict()
            for name in removed:
                tree.pop(name, None)
            return Stats({**tree, **written})
        patch = {**self._patch, **written} if self._origin is not None else None
        return Stats._made(*_applied(self.names, self.values, written), self._origin, patch)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.values) and _index(self.names, name) >= 0

    def __len__(self) -> int:
        return len(self.values) // 3

    def split(self) -> list[str]:
        """The names, in order."""
        return self.names.split("\0") if self.values else []

    def digest(self) -> str:
        """A fingerprint of the names and stats in their order.

        The walk of ``content/`` lists an unchanged folder in the same order, so this stands
        for its contents without sorting them first (0.15 s of a no-op build at 100,000
        articles, on the one process that walks). Listed in another order, the same files
        only cost a rebuild that finds nothing to do.
        """
        hashed = hashlib.blake2b(self.names.encode("utf-8", "surrogatepass"), digest_size=16)
        hashed.update(self.values.tobytes())
        return hashed.hexdigest()

    def moved(self, now: Stats) -> set[str] | None:
        """The names whose stat differs in ``now``, when ``now`` has the very same names in the same
        order (a walk of an unchanged folder lists it so); None when it has not, or when too many differ
        to be worth finding this way (the caller compares the two as dicts).

        An edit's build asks at 100,000 articles: comparing the arrays a block at a time, and
        looking into only the blocks that differ, took a few milliseconds where building a
        dict of the last walk and comparing every path took 0.2 s.
        """
        if self.names != now.names or len(self.values) != len(now.values):
            return None
        mine, theirs, step = self.values, now.values, 3 * _BLOCK
        blocks = [at for at in range(0, len(mine), step) if mine[at : at + step] != theirs[at : at + step]]
        if len(blocks) > _BLOCKS_MAX:
            return None
        names = self.split() if blocks else []
        return {names[i // 3] for at in blocks for i in range(at, min(at + step, len(mine)), 3)
                if mine[i : i + 3] != theirs[i : i + 3]}

    def as_dict(self) -> dict[str, Stat]:
        """The files and their stats as a dict."""
        v = self.values
        return {name: (v[3 * i], v[3 * i + 1], v[3 * i + 2]) for i, name in enumerate(self.split())}


Saved = TypeVar("Saved")


def _saved(origin: Later[Saved] | None, patch: dict[str, Any], whole: Callable[[], Saved]) -> tuple[Later[Saved], dict[str, Any]]:
    """How a patched value is saved: its stored part and the patch, or (with no part, or a patch past
    :data:`PATCH_MAX` entries) the whole value, as a part of its own."""
    if origin is not None and len(patch) <= PATCH_MAX:
        return origin, patch
    return Later(whole()), {}


def _index(names: str, name: str) -> int:
    """Where ``name`` is among the NUL-joined ``names`` (-1: not there), found in the text itself: neither
    a list of them (250,000 names took a tenth of a second to make) nor a copy of the text."""
    if not names or not name or "\0" in name:
        return -1
    if names == name or names.startswith(name + "\0"):
        return 0
    at = names.find("\0" + name + "\0")  # the NUL before it
    if at < 0:
        if not names.endswith("\0" + name):
            return -1
        at = len(names) - len(name) - 1
    return names.count("\0", 0, at) + 1


def _stored(origin: Later[tuple[str, array[int]]], patch: dict[str, Stat]) -> Stats:
    """Stats as a state file keeps them: a stored part and a patch, read on first use."""
    made = Stats()
    made._names = made._values = None
    made._origin, made._patch = origin, dict(patch)
    return made


def _applied(names: str, values: array[int], written: dict[str, Stat]) -> tuple[str, array[int]]:
    """``names`` and ``values`` with the files ``written`` given their stats (those not among them added at the end)."""
    values, added = array("q", values), {}
    if not values:
        where = dict.fromkeys(written, -1)
    elif len(written) <= 16:  # found in the text itself (see _index); a longer patch looks them up in a dict
        where = {name: _index(names, name) for name in written}
    else:
        at = {name: i for i, name in enumerate(names.split("\0"))}
        where = {name: at.get(name, -1) for name in written}
    for name, stat in written.items():
        if where[name] < 0:
            added[name] = stat
            continue
        values[3 * where[name] : 3 * where[name] + 3] = array("q", stat)
    if not added:
        return names, values
    joined = "\0".join(added)
    return (f"{names}\0{joined}" if values else joined), values + array("q", [n for stat in added.values() for n in stat])


class Keys(Mapping[str, str]):
    """Output path -> page key, for every page a build left: a dict, or a stored part plus a patch."""

    def __init__(self, keys: Mapping[str, str] | None = None) -> None:
        self._keys: dict[str, str] | None = dict(keys or {})
        self._origin: Later[dict[str, str]] | None = None  # the stored keys these are a patch of
        self._patch: dict[str, str] = {}  # ... and the patch

    def patched(self, new: Mapping[str, str]) -> Keys:
        """These keys with some pages' keys new (an edit's): its stored part is not read for it."""
        made = Keys()
        if self._origin is None:
            made._keys = {**self._whole(), **new}
        else:
            made._keys = {**self._keys, **new} if self._keys is not None else None
            made._origin, made._patch = self._origin, {**self._patch, **new}
        return made

    def _whole(self) -> dict[str, str]:
        if self._keys is None:
            assert self._origin is not None
            self._keys = {**self._origin.get(), **self._patch}
        return self._keys

    def __getitem__(self, path: str) -> str:
        return self._whole()[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole())

    def __len__(self) -> int:
        return len(self._whole())

    def __reduce__(self) -> tuple[object, tuple[Later[dict[str, str]], dict[str, str]]]:
        return (_stored_keys, _saved(self._origin, self._patch, self._whole))


def _stored_keys(origin: Later[dict[str, str]], patch: dict[str, str]) -> Keys:
    """Keys as a state file keeps them: a stored part and a patch, read on first use."""
    made = Keys()
    made._keys, made._origin, made._patch = None, origin, dict(patch)
    return made
