"""The index's text analysis (words, lower case, stop words, Porter stems) and re-tokenising."""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh.lang.porter import stem as porter_stem

#: A word: a number with its decimal point ("3.5"), an abbreviation ("U.K."), or a run of
#: letters and digits. Unlike Whoosh's default, "us.we" (a typing slip) is two words.
WORD = re.compile(r"\d+(?:[.,]\d+)+|(?:[^\W\d_]\.){2,}|\w+")
MIN_LENGTH = 2
#: Words too common to index (the list the index was first built with, Whoosh's English one).
# fmt: off
STOPS: frozenset[str] = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if", "in",
        "is", "it", "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to", "us", "we",
        "when", "will", "with", "yet", "you", "your",
    }
)
# fmt: on

_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """The Porter stem of a lower-case word (memoised: a corpus has few distinct words)."""
    found = _stems.get(word)
    if found is None:
        if len(_stems) > 500_000:
            _stems.clear()
        found = _stems[word] = porter_stem(word)
    return found


def indexable(word: str) -> bool:
    """Whether a lower-case word is indexed at all (long enough and not a stop word)."""
    return len(word) >= MIN_LENGTH and word not in STOPS


@dataclass(frozen=True, slots=True)
class Word:
    """One indexed word of a text: its stem, lower-case form, position and [start, end).

    Positions count every word (stop words included) so that phrases and proximity keep their
    distances."""

    stem: str
    lower: str
    pos: int
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The indexed words of a text exactly as the index sees them (offsets in code points)."""
    out: list[Word] = []
    for pos, match in enumerate(WORD.finditer(text)):
        lower = match.group().lower()
        if indexable(lower):
            out.append(Word(stem(lower), lower, pos, match.start(), match.end()))
    return out


def stems(text: str) -> list[str]:
    """The stems a text is indexed (and a query word searched) under."""
    return [w.stem for w in words(text)]


def value_keys(value: str, query: bool = False) -> list[str]:
    """The keys of an attribute value or speaker name: the whole value lower-cased (spaces
    collapsed) and, unless it is a query's, each of its words, so that `force:C` finds
    "Force C" and `force:"Force C"` finds it exactly."""
    whole = " ".join(value.lower().split())
    parts = [whole] if query else [whole, *WORD.findall(whole)]
    return [p for p in dict.fromkeys(parts) if p]
