"""Fast phrases and proximity: candidates from the postings, confirmed by one regular expression.

Whoosh checks phrases by comparing position lists in pure Python, hundreds of milliseconds for a
phrase of two common words. Here the segments holding the phrase's rarest word are read from its
postings, and each one's lower-case text is checked with a pattern built from every word form of
each stem and the allowed distances — the same rule as positions: every word counts, stop words
included. The pattern starts with the first word's forms as plain text (so the regular
expression engine jumps from one place the word occurs to the next) and checks the word
boundary before it with a lookbehind afterwards: one `findall` per candidate segment.
"""

from __future__ import annotations

import math
import re
from itertools import compress
from typing import Any

from whoosh import query as wq
from whoosh.matching import NullMatcher

from qcode.search.analysis import WORD
from qcode.search.docset import SafeListMatcher, read_postings
from qcode.search.live import LiveIndex
from qcode.search.schema import SEGMENT

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


class CheckedPhrase(wq.Phrase):  # type: ignore[misc]
    """A Whoosh phrase whose matches are the segments holding all its words whose text the
    pattern confirms, scored by BM25 over the phrase's occurrences."""

    def __init__(
        self,
        fieldname: str,
        words: list[str],
        slop: int,
        boost: float,
        forms: list[list[str]],
        pattern: re.Pattern[str],
        live: LiveIndex,
    ) -> None:
        super().__init__(fieldname, words, slop=slop, boost=boost)
        self.pattern = pattern
        self.live = live
        self._confirmed: dict[int, tuple[list[int], list[float]]] = {}
        #: docnums (of the whole searcher) the search's filters allow; None for all
        self.scope: frozenset[int] | None = None

    def normalize(self) -> Any:
        return self

    def copy(self) -> Any:
        return self

    def _confirm(self, reader: Any) -> tuple[list[int], list[float]]:
        """Sorted docnums of the segments holding the phrase, with a BM25 score of it in each.

        Candidates are the segments holding the phrase's rarest word; the pattern checks the
        others, so no posting list of a common word is ever read.
        """
        key = id(reader)
        if key in self._confirmed:
            return self._confirmed[key]
        rarest = min(self.words, key=lambda w: reader.doc_frequency(self.fieldname, w))
        candidates = read_postings(reader, self.fieldname, rarest, weights=False)[0]
        lower = self.live.lower_texts()
        base = self.live.offsets.get(id(reader))
        if base is None:  # a reader this searcher did not open: map through the segment ids
            column = reader.column_reader(SEGMENT)
            docnum_of = self.live.docnum_of
            globals_ = [docnum_of.get(column[d], -1) for d in candidates]
        else:
            globals_ = [base + d for d in candidates]
        if self.scope is not None or base is None:
            scope = self.scope
            kept = [
                i
                for i, docnum in enumerate(globals_)
                if docnum >= 0 and (scope is None or docnum in scope)
            ]
            candidates = [candidates[i] for i in kept]
            globals_ = [globals_[i] for i in kept]
        texts = list(map(lower.__getitem__, globals_))
        # one findall per candidate, mapped in C: occurrences of the phrase in each
        counts = list(map(len, map(self.pattern.findall, texts)))
        found = list(compress(candidates, counts))
        lengths = list(compress(map(len, texts), counts))
        counts = list(compress(counts, counts))
        self._confirmed[key] = result = (found, _bm25(counts, lengths, reader.doc_count_all()))
        return result

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        field = searcher.schema[self.fieldname]
        if any((self.fieldname, field.to_bytes(w)) not in reader for w in self.words):
            return NullMatcher()
        ids, scores = self._confirm(reader)
        if not ids:
            return NullMatcher()
        if self.boost != 1.0:
            scores = [s * self.boost for s in scores]
        return SafeListMatcher(ids, weights=scores)


def _bm25(counts: list[int], lengths: list[int], total: int) -> list[float]:
    """Scores like Whoosh's BM25F, counting the phrase as one term: `counts` occurrences in
    segments of `lengths` characters (the average taken over the segments holding it)."""
    if not counts:
        return []
    k1, b = 1.2, 0.75
    idf = math.log(1 + (total - len(counts) + 0.5) / (len(counts) + 0.5))
    fixed, per_char = k1 * (1 - b), k1 * b * len(lengths) / sum(lengths)
    factor = idf * (k1 + 1)
    return [
        factor * n / (n + fixed + per_char * length)
        for n, length in zip(counts, lengths, strict=True)
    ]
