"""Every match of a query with its BM25 score, worked out in bulk instead of hit by hit.

Whoosh's collectors call half a dozen Python methods per matching segment (id, score, the
field length from a column, the heap), about 3 µs each: 25 ms for a word in 8,000 segments.
Here the query tree is evaluated to `{docnum: score}` with dict and set operations: a word's
postings are read a block at a time and scored against field lengths cached once per searcher,
phrases hand over their confirmed lists whole, AND / OR / AND NOT / filters combine whole
dicts. Scores are Whoosh's own (BM25F, sums over AND and OR, a filter adds nothing), so the
ranking is the same. A query this does not know (e.g. ANDMAYBE) gives None: use Whoosh.
"""

from __future__ import annotations

from typing import Any

from whoosh import query as wq
from whoosh.matching import ListMatcher
from whoosh.scoring import BM25F

from qcode.search.docset import AndNot, DocnumsQuery, read_postings
from qcode.search.live import LiveIndex
from qcode.search.schema import TEXT

Scores = dict[int, float]


class _Unsupported(Exception):
    """A query node this module does not evaluate."""


def scored_matches(live: LiveIndex, q: Any) -> Scores | None:
    """Every index document `q` matches with its score, or None when `q` holds a query kind
    this module does not evaluate (the caller then lets Whoosh collect). Hold `live.lock`."""
    try:
        return _Evaluator(live).scores(q)
    except _Unsupported:
        return None


class _Evaluator:
    def __init__(self, live: LiveIndex) -> None:
        self.live = live
        self.searcher = live.searcher
        self.context = self.searcher.context()

    def scores(self, q: Any) -> Scores:
        if isinstance(q, DocnumsQuery):
            return dict.fromkeys(q.docnums, 0.0)
        if type(q) is wq.Term and q.fieldname == TEXT and q.boost == 1.0:
            return self._text_term(q.text)
        if type(q) is AndNot:
            banned = self.ids(q.b)
            return {d: s for d, s in self.scores(q.a).items() if d not in banned}
        if type(q) is wq.And:
            return self._and(q)
        if type(q) is wq.Or and not q.minmatch and not q.scale:
            return self._or(q)
        if q.is_leaf():
            return self._leaf(q)
        raise _Unsupported(type(q).__name__)

    def ids(self, q: Any) -> set[int] | frozenset[int]:
        """The documents `q` matches, scores unneeded (the banned side of AND NOT)."""
        if isinstance(q, DocnumsQuery):
            return q.docnum_set
        if type(q) is wq.Term and q.fieldname == TEXT:
            found: set[int] = set()
            for sub, base in self.searcher.leaf_searchers():
                found.update(base + d for d in read_postings(sub.reader(), TEXT, q.text, False)[0])
            return found
        try:
            return set(self.scores(q))
        except _Unsupported:
            return set(self.searcher.docs_for_query(q))

    def _boosted(self, q: Any, scores: Scores) -> Scores:
        if q.boost != 1.0:
            boost = q.boost
            return {d: s * boost for d, s in scores.items()}
        return scores

    def _and(self, q: Any) -> Scores:
        subs = q.subqueries
        if not subs:
            return {}
        if len(subs) == 1:  # as Whoosh: a lone child's matcher, without the AND's boost
            return self.scores(subs[0])
        filters = [s for s in subs if isinstance(s, DocnumsQuery)]
        scored = [self.scores(s) for s in subs if not isinstance(s, DocnumsQuery)]
        if not scored:
            out: Scores = dict.fromkeys(
                sorted(frozenset.intersection(*(f.docnum_set for f in filters))), 0.0
            )
            return self._boosted(q, out)
        scored.sort(key=len)
        out = scored[0]
        for allowed in [f.docnum_set for f in filters] + scored[1:]:
            if isinstance(allowed, dict):
                out = {d: s + allowed[d] for d, s in out.items() if d in allowed}
            else:
                out = {d: s for d, s in out.items() if d in allowed}
            if not out:
                break
        return self._boosted(q, out)

    def _or(self, q: Any) -> Scores:
        subs = q.subqueries
        if not subs:
            return {}
        if len(subs) == 1:
            return self.scores(subs[0])
        parts = sorted((self.scores(s) for s in subs), key=len, reverse=True)
        out = dict(parts[0])
        get = out.get
        for part in parts[1:]:
            for d, s in part.items():
                out[d] = get(d, 0.0) + s
        return self._boosted(q, out)

    def _leaf(self, q: Any) -> Scores:
        """Any other leaf query through its own Whoosh matcher, leaf reader by leaf reader."""
        out: Scores = {}
        for sub, base in self.searcher.leaf_searchers():
            m = q.matcher(sub, self.context)
            if not m.is_active():
                continue
            if type(m).__name__ == "SafeListMatcher" and isinstance(m, ListMatcher):
                ids, weights = m._ids, m._weights  # a phrase's confirmed list: take it whole
                if weights is None:
                    weights = [m._all_weights or 1.0] * len(ids)
                out.update(zip([base + d for d in ids], weights, strict=True))
                continue
            while m.is_active():
                out[base + m.id()] = m.score()
                m.next()
        return out

    def _text_term(self, text: str) -> Scores:
        """One word of the text field: BM25F over its postings, a block at a time."""
        searcher = self.searcher
        weighting = searcher.weighting
        if type(weighting) is not BM25F or weighting._field_B:
            return self._leaf(wq.Term(TEXT, text))
        if not searcher.doc_frequency(TEXT, text):  # (and Whoosh's idf fails on no documents)
            return {}
        norms = self.live.length_norms(weighting.B, weighting.K1)
        idf = searcher.idf(TEXT, text)
        factor = idf * (weighting.K1 + 1)
        out: Scores = {}
        for sub, base in searcher.leaf_searchers():
            ids, tfs = read_postings(sub.reader(), TEXT, text)
            pairs = zip([base + d for d in ids], tfs, strict=True)
            out.update({d: factor * tf / (tf + norms[d]) for d, tf in pairs})
        return out
