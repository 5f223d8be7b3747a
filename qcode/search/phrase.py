"""Fast phrases and proximity: candidates from the postings, confirmed by one regular expression.

Whoosh checks phrases by comparing position lists in pure Python, hundreds of milliseconds for a
phrase of two common words. Here the segments holding the phrase's rarest word are read from its
postings, and each one's lower-case text is checked with a pattern built from every word form of
each stem and the allowed distances — the same rule as positions: every word counts, stop words
included. `str.find` jumps to each place the first word may start and the pattern is only tried
there, about five times faster than letting the regular expression scan every character.
"""

from __future__ import annotations

import math
import re
from typing import Any

from whoosh import query as wq
from whoosh.matching import NullMatcher

from qcode.search.analysis import WORD
from qcode.search.docset import SafeListMatcher
from qcode.search.live import LiveIndex
from qcode.search.schema import SEGMENT

_TOKEN = WORD.pattern
_SEP = r"[^\w]+"
_END = r"(?!\w)"


def phrase_pattern(forms: list[list[str]], gaps: tuple[int, ...], slop: int) -> re.Pattern[str]:
    """A pattern for lower-case text matching the words in order, from the start of the first:
    with exactly the distances of the query for an exact phrase (slop 1), or at most
    `max(slop, gap)` words apart for proximity. Use it with `.match` where the first word starts.
    """
    window = max(slop, *gaps) if gaps else slop

    def alternatives(words: list[str]) -> str:
        return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"

    parts = [alternatives(forms[0]), _END]
    for words, gap in zip(forms[1:], gaps, strict=True):
        lo, hi = (gap - 1, gap - 1) if slop <= 1 else (0, window - 1)
        parts += [f"(?:{_SEP}(?:{_TOKEN})){{{lo},{hi}}}", _SEP, alternatives(words), _END]
    return re.compile("".join(parts))


def _common_start(words: list[str]) -> str:
    """The longest string every word starts with."""
    first, last = min(words), max(words)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


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
        self.prefix = _common_start(forms[0])
        self.live = live
        self._confirmed: dict[int, tuple[list[int], list[float]]] = {}
        #: docnums (of the whole searcher) the search's filters allow; None for all
        self.scope: set[int] | None = None

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
        candidates: list[int] = list(reader.postings(self.fieldname, rarest).all_ids())
        lower = self.live.lower_texts()
        base = self.live.offsets.get(id(reader))
        if base is None:  # a reader this searcher did not open: map through the segment ids
            column = reader.column_reader(SEGMENT)
            docnum_of = self.live.docnum_of
            globals_ = [docnum_of.get(column[d], -1) for d in candidates]
        else:
            globals_ = [base + d for d in candidates]
        scope = self.scope
        prefix, match = self.prefix, self.pattern.match
        hits: list[tuple[int, int, int]] = []  # docnum, occurrences, length
        for local, docnum in zip(candidates, globals_, strict=True):
            if docnum < 0 or (scope is not None and docnum not in scope):
                continue
            text = lower[docnum]
            n = 0
            i = text.find(prefix)
            while i >= 0:
                if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")) and match(text, i):
                    n += 1
                i = text.find(prefix, i + 1)
            if n:
                hits.append((local, n, len(text)))
        self._confirmed[key] = result = _bm25(hits, reader.doc_count_all())
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


def _bm25(hits: list[tuple[int, int, int]], total: int) -> tuple[list[int], list[float]]:
    """Scores like Whoosh's BM25F, counting the phrase as one term."""
    if not hits:
        return [], []
    k1, b = 1.2, 0.75
    idf = math.log(1 + (total - len(hits) + 0.5) / (len(hits) + 0.5))
    average = sum(length for _, _, length in hits) / len(hits)
    scores = [
        idf * n * (k1 + 1) / (n + k1 * (1 - b + b * length / average)) for _, n, length in hits
    ]
    return [d for d, _, _ in hits], scores
