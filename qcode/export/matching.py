"""Name matching that survives case, Unicode forms, curly quotes, soft hyphens and line breaks."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: Characters read as a straight apostrophe or a hyphen-minus.
APOSTROPHES = frozenset("\u2018\u2019\u201b\u02bc\u02b9\u2032\u0060\u00b4\uff07")
DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
#: Not a letter before or after a whole name: `_`, digits and punctuation bound a name.
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


@functools.lru_cache(maxsize=8192)
def fold_char(c: str) -> str:
    """What one character reads as for matching: "" for invisible ones, else lower-case base."""
    if c in APOSTROPHES:
        return "'"
    if c in DASHES:
        return "-"
    if c.isspace():
        return " "
    if unicodedata.category(c) == "Cf" or unicodedata.combining(c):
        return ""  # soft hyphen, zero-width characters, byte-order mark, combining accents
    decomposed = unicodedata.normalize("NFKD", c.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Folded:
    """`text` folded for matching, with where each folded character came from."""

    original: str
    text: str
    starts: tuple[int, ...]  # index in `original` of the character behind text[i]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """The original [start, end) behind folded [a, b), with trailing invisible marks."""
        start, end = self.starts[a], self.starts[b - 1] + 1
        while end < len(self.original) and fold_char(self.original[end]) == "":
            end += 1  # a combining accent, soft hyphen or zero-width mark belongs to the name
        return start, end


def fold(text: str) -> Folded:
    """Fold `text`: case, accents and compatibility forms, quotes, dashes, runs of spaces."""
    out: list[str] = []
    starts: list[int] = []
    last = ""
    for i, c in enumerate(text):
        piece = fold_char(c)
        if not piece or (piece == " " and last == " "):
            continue
        for ch in piece:
            out.append(ch)
            starts.append(i)
        last = piece[-1]
    return Folded(text, "".join(out), tuple(starts))


def fold_key(text: str) -> str:
    """The folded form of a term, without surrounding spaces (two terms equal when these are)."""
    return fold(text).text.strip()


def term_pattern(term: str, whole_word: bool) -> str:
    """A regular expression over folded text that finds `term` however it was typed."""
    key = fold_key(term)
    parts: list[str] = []
    for i, ch in enumerate(key):
        if ch == " ":
            parts.append(" ?" if i and key[i - 1] in ".'" else " ")
        elif ch == "-":
            parts.append("(?: ?- ?| )")
        elif ch == ".":
            parts.append(r"\.?")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    return f"{_NOT_LETTER_BEFORE}{body}{_NOT_LETTER_AFTER}" if whole_word else body


@dataclass(frozen=True)
class Hit:
    """One occurrence: which term (by index), where in the original text, and if whole."""

    index: int
    start: int
    end: int
    whole_word: bool


class Matcher:
    """Finds many terms at once (longest first) and maps every hit to exact original spans."""

    def __init__(self, terms: Sequence[tuple[str, bool]]) -> None:
        self.terms = list(terms)
        order = sorted(range(len(terms)), key=lambda i: (-len(fold_key(terms[i][0])), i))
        alternatives = [
            f"(?P<t{i}>{term_pattern(terms[i][0], terms[i][1])})"
            for i in order
            if fold_key(terms[i][0])
        ]
        self._regex = re.compile("|".join(alternatives)) if alternatives else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def hits(self, text: str, lo: int = 0, hi: int | None = None) -> Iterator[Hit]:
        """Every non-overlapping hit in `text[lo:hi]`, in order, in original offsets."""
        if self._regex is None or not text:
            return
        hi = len(text) if hi is None else hi
        folded = fold(text[lo:hi])
        for m in self._regex.finditer(folded.text):
            name = m.lastgroup or ""
            a, b = folded.span(m.start(), m.end())
            before = folded.text[m.start() - 1] if m.start() else " "
            after = folded.text[m.end()] if m.end() < len(folded.text) else " "
            whole = not _is_letter(before) and not _is_letter(after)
            yield Hit(int(name[1:]), lo + a, lo + b, whole)

    def search(self, text: str) -> bool:
        return self._regex is not None and self._regex.search(fold(text).text) is not None


def _is_letter(ch: str) -> bool:
    return ch.isalpha()
