"""The statistical tagger's word on one word in its context, for the rules' doubtful cases.

Tagging a whole article costs ~0.1 ms a token, ten times the rules' budget; a window of a
few words around the word in doubt costs a fraction of a millisecond, and only runs the
rules cannot decide alone ask for one.
"""

from __future__ import annotations

from digest.extract.tagger import tag, tokenize

_BEFORE = 40  # characters of context either side: a few words, within the sentence mostly
_AFTER = 30


def person_word_at(text: str, pos: int) -> bool:
    """True when the tagger tags the word starting at ``pos`` in ``text`` as part of a person's name."""
    lo = max(0, text.rfind("\n", max(0, pos - _BEFORE), pos) + 1, pos - _BEFORE)
    hi = text.find("\n", pos, pos + _AFTER)
    window = text[lo:hi if hi >= 0 else pos + _AFTER]
    tokens = tokenize(window)
    if lo > 0 and tokens and tokens[0][1] == 0 and not text[lo - 1].isspace():
        tokens = tokens[1:]  # a word cut by the window's edge
    index = next((i for i, (_, s, _) in enumerate(tokens) if lo + s == pos), -1)
    if index < 0:
        return False
    return tag([t for t, _, _ in tokens])[index].endswith("-PER")
