"""Phrases and proximity: one regular expression confirming the candidates the index proposes.

FTS5 answers exact phrases itself. A phrase with stop words inside ("head of department": any
one word between) or a proximity search (in order, within N words) it cannot express: it
proposes the segments where the stems stand close enough in any order (NEAR), and each one's
lower-case text is checked with a pattern built from every word form of each stem and the
allowed distances — the same rule as positions: every word counts, stop words included. The
pattern starts with the first word's forms as plain text (so the regular expression engine jumps
from one place the word occurs to the next) and checks the word boundary before it with a
lookbehind afterwards.
"""

from __future__ import annotations

import re

from qcode.search.analysis import WORD

_TOKEN = WORD.pattern
_SEP = r"[^\w]+"
_END = r"(?!\w)"


def phrase_pattern(forms: list[list[str]], gaps: tuple[int, ...], slop: int) -> re.Pattern[str]:
    """A pattern for lower-case text matching the words in order, from the start of the first:
    with exactly the distances of the query for an exact phrase (slop 1), or at most
    `max(slop, gap)` words apart for proximity. `findall` gives each non-overlapping occurrence.
    """
    window = max(slop, *gaps) if gaps else slop

    def alternatives(words: list[str], first: bool = False) -> str:
        ordered = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
        if first:  # the word, then a look back: no letter may come before it
            ordered = [f"{w}(?<!\\w{w})" for w in ordered]
        return "(?:" + "|".join(ordered) + ")"

    parts = [alternatives(forms[0], first=True), _END]
    for words, gap in zip(forms[1:], gaps, strict=True):
        lo, hi = (gap - 1, gap - 1) if slop <= 1 else (0, window - 1)
        parts += [f"(?:{_SEP}(?:{_TOKEN})){{{lo},{hi}}}", _SEP, alternatives(words), _END]
    return re.compile("".join(parts))
