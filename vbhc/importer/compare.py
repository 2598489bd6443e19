"""The paragraphs of an edited document set against those the data renders to."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from vbhc.importer import wordtext

_SIMILAR = 0.5  # a replaced block pairs paragraphs only this alike (else added + removed)


@dataclass(frozen=True)
class Pair:
    """A rendered paragraph and what the edited document holds in its place.

    ``rendered`` None: a paragraph added in Word; ``edited`` None: one deleted in Word.
    """

    rendered: int | None
    edited: int | None


def changed_pairs(rendered: list[list[wordtext.Char]], edited: list[list[wordtext.Char]]
                  ) -> list[Pair]:
    """Return the paragraphs whose text or emphasis differ, paired where they can be.

    Paragraphs are aligned on their plain text (difflib over the sequence); a pair whose
    text is equal still counts when its emphasis changed.
    """
    old = [wordtext.plain(p) for p in rendered]
    new = [wordtext.plain(p) for p in edited]
    pairs: list[Pair] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                base = wordtext.base_emphasis(rendered[i])
                if wordtext.marked(rendered[i], base) != wordtext.marked(edited[j], base):
                    pairs.append(Pair(i, j))
            continue
        if i2 - i1 == j2 - j1:  # -- as many paragraphs in place of as many: each edited --
            pairs.extend(Pair(i, j) for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            pairs.extend(_pair_block(old, new, range(i1, i2), range(j1, j2)))
    return pairs


def _pair_block(old: list[str], new: list[str], olds: range, news: range) -> list[Pair]:
    """Pair a replaced block's paragraphs in order, each with the next similar one."""
    pairs: list[Pair] = []
    remaining = list(news)
    for i in olds:
        match = None
        for position, j in enumerate(remaining):
            if difflib.SequenceMatcher(None, old[i], new[j], autojunk=False).ratio() >= _SIMILAR:
                match = position
                break
        if match is None:
            pairs.append(Pair(i, None))
            continue
        pairs.extend(Pair(None, j) for j in remaining[:match])
        pairs.append(Pair(i, remaining[match]))
        remaining = remaining[match + 1:]
    pairs.extend(Pair(None, j) for j in remaining)
    return pairs
