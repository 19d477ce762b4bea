"""Later mentions of a person by one part of their name: "Boy menjelaskan" after "Boy Rafli Amar".

The people finder needs a title or a speech verb beside a lone word before it calls it a
name, and lists it nowhere when the word is also an ordinary or a place word ("Boy",
"Oesman"). Once the article has named the person in full, the word is them: the speaker
rules need those mentions to know who "katanya" refers to.
"""

from __future__ import annotations

import re
from collections import defaultdict

from digest.extract.people import Mention
from digest.extract.people_data import TITLES
from digest.extract.text import Disjoint

# A capitalised word not preceded by a word character, hyphen or apostrophe. The pattern opens
# with the capital and checks the look-behind after it ("(?<![\w\-'’].)", the same test): the
# engine then skips ahead to capitals instead of trying the look-behind at every offset
# (2.3x faster on the generated corpus's 4 kB texts; the same matches on all of them).
_WORD = re.compile(r"[A-Z](?<![\w\-'’].)[\w'’\-]*(?![\w\-])")


def short_mentions(text: str, people: list[str], link: dict[str, str], found: list[Mention]) -> list[Mention]:
    """``found`` plus each later lone first or last word of a listed two-or-more-word name, in text order.

    A word shared by two people ("Santoso" of Aji Santoso and Dendy Santoso) names neither.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for name in people:
        parts = name.split()
        if len(parts) > 1:
            for part in {parts[0], parts[-1]}:
                if len(part) >= 3 and part not in TITLES:
                    owners[part].add(name)
    first_full: dict[str, int] = {}
    for m in found:
        full = link.get(m.name, m.name)
        first_full.setdefault(full, m.start)
    taken = Disjoint([(m.start, m.end) for m in found])
    extra: list[Mention] = []
    for w in _WORD.finditer(text):
        who = owners.get(w.group())
        if not who or len(who) != 1:
            continue
        (full,) = who
        if w.start() <= first_full.get(full, len(text)) or taken.index_at(w.start()) >= 0:
            continue
        extra.append(Mention(full, w.start(), w.end()))
    return sorted([*found, *extra], key=lambda m: m.start) if extra else found

