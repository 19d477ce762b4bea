"""Distinct people from their mentions: later partial mentions merge into full names.

("Putin" after "Vladimir Putin"; "Trump" then "Donald Trump" becomes one person.) It
works on names alone, so it needs nothing from ``people``, which finds the mentions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

from digest.extract.alias_data import NICKNAMES, SURNAMES


def canonical(name: str) -> str:
    """The full name of a well-known short form ("Jokowi" -> "Joko Widodo"); other names as given."""
    return NICKNAMES.get(name) or SURNAMES.get(name) or name


class Roster:
    """The distinct people found so far, indexed by name token for fast look-ups.

    Matching a mention against every known person was quadratic in the number of people;
    the index narrows each look-up to the people who share a token with the mention.
    """

    def __init__(self, people: list[str] | None = None) -> None:
        self.people: list[str] = []
        # Indices (sorted) of the people whose name has a given token / adjacent token pair
        # anywhere, and of those whose name starts with a given token / pair.
        self._having: dict[tuple[str, ...], list[int]] = {}
        self._starting: dict[tuple[str, ...], list[int]] = {}
        for p in people or []:
            self.add(p)

    def _index(self, i: int) -> None:
        key = _key(self.people[i])
        grams = {key[j:j + 1] for j in range(len(key))} | {key[j:j + 2] for j in range(len(key) - 1)}
        for g in grams:
            _insert(self._having.setdefault(g, []), i)
        if key:
            _insert(self._starting.setdefault(key[:2], []), i)

    def add(self, name: str) -> None:
        """Append a new person."""
        self.people.append(name)
        self._index(len(self.people) - 1)

    def replace(self, i: int, name: str) -> None:
        """Person ``i`` is known by a fuller name from now on."""
        self.people[i] = name
        self._index(i)  # old entries stay; every look-up re-checks the current name

    def resolve(self, fragment: str) -> str | None:
        """The latest person whose name is ``fragment`` or contains it, or None."""
        key = _key(fragment)
        if not key:
            return None
        for i in reversed(self._having.get(key[:2], ())):
            if _contains(_key(self.people[i]), key):
                return self.people[i]
        full = canonical(fragment)
        return self.resolve(full) if full != fragment else None  # "Jokowi": "Joko Widodo"

    def first_inside(self, key: tuple[str, ...]) -> int:
        """Index of the earliest person whose whole name occurs in ``key``, or -1."""
        # Such a name starts at some position j of the key with its first one or two tokens.
        starts = {key[j:j + 1] for j in range(len(key))} | {key[j:j + 2] for j in range(len(key) - 1)}
        cands = sorted({i for g in starts for i in self._starting.get(g, ())})
        return next((i for i in cands if _contains(key, _key(self.people[i]))), -1)


def _insert(indices: list[int], i: int) -> None:
    """Insert ``i`` into a sorted list unless it is there already."""
    if not indices or indices[-1] < i:
        indices.append(i)  # the usual case: a person just added has the largest index
        return
    k = bisect.bisect_left(indices, i)
    if k == len(indices) or indices[k] != i:
        indices.insert(k, i)


def merge(names: Iterable[str]) -> tuple[list[str], dict[str, str]]:
    """(distinct people by first full mention, mention text -> full name), from the names mentioned in order."""
    roster = Roster()
    link: dict[str, str] = {}
    for name in names:
        target = roster.resolve(name)
        if target is not None:
            link[name] = target
            continue
        # A longer name that contains an earlier short one replaces it ("Trump" then "Donald Trump").
        i = roster.first_inside(_key(name))
        if i >= 0:
            link[roster.people[i]] = name
            roster.replace(i, name)
        else:
            roster.add(name)
        link[name] = name
    _merge_short_forms(roster.people, link)
    for k, v in list(link.items()):
        # Links always point to a name containing the source; the bound guards against a
        # cycle between two spellings with the same key all the same.
        for _ in range(len(link)):
            if v not in link or link[v] == v:
                break
            v = link[v]
        link[k] = v
    return roster.people, link


def _merge_short_forms(people: list[str], link: dict[str, str]) -> None:
    """A nickname or lone surname of someone also named in full is that person, listed once.

    The full form takes the place of whichever was mentioned first ("Jokowi ... Joko Widodo").
    """
    for short in [p for p in people if canonical(p) != p]:
        full = _key(canonical(short))
        same = next((p for p in people if p != short and (_contains(_key(p), full) or _contains(full, _key(p)))),
                    None)
        if same is None:
            continue
        i, j = people.index(short), people.index(same)
        people[min(i, j)] = same
        del people[max(i, j)]
        for k, v in link.items():
            if v == short:
                link[k] = same


@lru_cache(maxsize=1 << 14)
def _key(name: str) -> tuple[str, ...]:
    return tuple(_NONWORD.sub(" ", name.replace("-", " ").lower()).split())


_NONWORD = re.compile(r"[^\w\s]")


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return 0 < n <= len(big) and any(big[i:i + n] == small for i in range(len(big) - n + 1))
