"""Every match of a query tree with its BM25 score, asked of the index file's FTS5 table.

The parts FTS5 answers exactly (words, wildcards, exact phrases, AND / OR / NOT of them) become
one MATCH expression, scored by FTS5's own `bm25()`. A phrase with stop words inside it, or a
proximity search, is a NEAR proposing candidates whose text the phrase's pattern confirms.
Filters by document (kinds, attributes, chosen documents) go into the same SQL as a test of the
row id's document number; filters by segment (codes, speakers) are sets of row ids. Scores add
up over AND and OR, as BM25 does over a query's terms.
"""

from __future__ import annotations

import operator
import sqlite3
from itertools import repeat

from qcode.search import cache, plan
from qcode.search.live import LiveIndex

Scores = dict[int, float]


def _docs_sql(docs: frozenset[int] | None, column: str) -> str:
    if docs is None:
        return ""
    return f" AND ({column} >> {cache.SHIFT}) IN ({','.join(map(str, sorted(docs)))})"


class Evaluator:
    """Evaluates query trees against one open index (hold `live.lock`)."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live
        self.db: sqlite3.Connection = live.db

    # -- pure FTS5 expressions -----------------------------------------------------------------

    def fts(self, node: plan.Node) -> str | None:
        """`node` as one FTS5 MATCH expression, or None when FTS5 cannot answer it exactly."""
        if isinstance(node, plan.Terms):
            if not node.stems or node.boost != 1.0:
                return None
            quoted = [cache.quote(s) for s in node.stems]
            return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"
        if isinstance(node, plan.And | plan.Or) and node.boost == 1.0 and node.kids:
            parts = [self.fts(kid) for kid in node.kids]
            if any(p is None for p in parts):
                return None
            joiner = " AND " if isinstance(node, plan.And) else " OR "
            return "(" + joiner.join(p for p in parts if p) + ")"
        if isinstance(node, plan.Phrase):
            if node.boost != 1.0 or node.slop > 1 or any(g != 1 for g in node.gaps):
                return None
            return '"' + " ".join(cache.encode(s) for s in node.stems) + '"'
        if isinstance(node, plan.AndNot):
            a, b = self.fts(node.a), self.fts(node.b)
            if a is None or b is None:
                return None
            return f"({a} NOT {b})"
        return None

    def match(self, expression: str, docs: frozenset[int] | None) -> Scores:
        """Every row matching a MATCH expression, with its score."""
        if docs is not None and not docs:
            return {}
        rows = self.db.execute(
            "SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH ?" + _docs_sql(docs, "rowid"),
            (expression,),
        )
        return {rowid: -score for rowid, score in rows}

    # -- the tree --------------------------------------------------------------------------------

    def run(self, node: plan.Node, docs: frozenset[int] | None = None) -> Scores:
        """Every segment `node` matches among those of `docs` (None: all), with its score."""
        expression = self.fts(node)
        if expression is not None:
            return self.match(expression, docs)
        if isinstance(node, plan.Terms):
            if not node.stems:
                return {}
            return _boosted(self.run(plan.Terms(node.stems), docs), node.boost)
        if isinstance(node, plan.Phrase):
            return self.phrase(node, docs)
        if isinstance(node, plan.Docs):
            within = node.numbers if docs is None else node.numbers & docs
            return dict.fromkeys(self.rows_of(within), 0.0)
        if isinstance(node, plan.Rows):
            return dict.fromkeys(_in_docs(node.rowids, docs), 0.0)
        if isinstance(node, plan.Everything):
            return dict.fromkeys(self.rows_of(docs), 0.0)
        if isinstance(node, plan.Not):
            banned = self.run(node.kid, docs)
            return {r: 0.0 for r in self.rows_of(docs) if r not in banned}
        if isinstance(node, plan.AndNot):
            kept = self.run(node.a, docs)
            if not kept:
                return kept
            banned = self.run(node.b, docs)
            return {r: s for r, s in kept.items() if r not in banned}
        if isinstance(node, plan.AndMaybe):
            kept = self.run(node.a, docs)
            extra = self.run(node.b, docs) if kept else {}
            return {r: s + extra.get(r, 0.0) for r, s in kept.items()}
        if isinstance(node, plan.And):
            return _boosted(self._and(node, docs), node.boost)
        if isinstance(node, plan.Or):
            return _boosted(self._or(node, docs), node.boost)
        raise TypeError(f"unknown query node {node!r}")

    def _and(self, node: plan.And, docs: frozenset[int] | None) -> Scores:
        kids = list(node.kids)
        if len(kids) == 1:
            return self.run(kids[0], docs)
        for kid in kids:
            if isinstance(kid, plan.Docs):
                docs = kid.numbers if docs is None else docs & kid.numbers
        if docs is not None and not docs:
            return {}
        row_sets = [kid.rowids for kid in kids if isinstance(kid, plan.Rows)]
        rest = [kid for kid in kids if not isinstance(kid, plan.Docs | plan.Rows)]
        pure = [e for e in map(self.fts, rest) if e is not None]
        others = [kid for kid in rest if self.fts(kid) is None]
        scored: list[Scores] = []
        if pure:
            scored.append(self.match(pure[0] if len(pure) == 1 else " AND ".join(pure), docs))
        for kid in others:
            if scored and not scored[0]:
                return {}
            scored.append(self.run(kid, docs))
        if not scored:
            out: Scores = dict.fromkeys(self.rows_of(docs), 0.0)
        else:
            scored.sort(key=len)
            out = scored[0]
            for part in scored[1:]:
                out = {r: s + part[r] for r, s in out.items() if r in part}
        for rowids in row_sets:
            out = {r: s for r, s in out.items() if r in rowids}
        return out

    def _or(self, node: plan.Or, docs: frozenset[int] | None) -> Scores:
        pure = [e for e in map(self.fts, node.kids) if e is not None]
        parts = [self.run(kid, docs) for kid in node.kids if self.fts(kid) is None]
        if pure:
            parts.append(self.match(" OR ".join(pure), docs))
        if not parts:
            return {}
        parts.sort(key=len, reverse=True)
        out = dict(parts[0])
        get = out.get
        for part in parts[1:]:
            for r, s in part.items():
                out[r] = get(r, 0.0) + s
        return out

    def phrase(self, node: plan.Phrase, docs: frozenset[int] | None) -> Scores:
        """Segments where FTS5 finds the stems close enough in any order, confirmed by the
        phrase's pattern in their text (the order, and words of any kind between them)."""
        if docs is not None and not docs:
            return {}
        tokens = [cache.encode(s) for s in node.stems]
        reach = sum(node.gaps) if node.slop <= 1 else node.window * len(node.gaps)
        expression = "NEAR(" + " ".join(f'"{t}"' for t in tokens) + f", {reach})"
        rows = self.db.execute(
            "SELECT fts.rowid, bm25(fts), seg.text FROM fts JOIN seg ON seg.id = fts.rowid"
            " WHERE fts MATCH ?" + _docs_sql(docs, "fts.rowid"),
            (expression,),
        )
        search = node.pattern.search
        boost = node.boost
        return {rowid: -score * boost for rowid, score, text in rows if search(text.lower())}

    def rows_of(self, docs: frozenset[int] | None) -> list[int]:
        """Every row id, or those of these documents."""
        if docs is None:
            return [r for (r,) in self.db.execute("SELECT id FROM seg")]
        out: list[int] = []
        for number in sorted(docs):
            lo, hi = number << cache.SHIFT, (number + 1) << cache.SHIFT
            out += [
                r
                for (r,) in self.db.execute("SELECT id FROM seg WHERE id >= ? AND id < ?", (lo, hi))
            ]
        return out


def _in_docs(rowids: frozenset[int], docs: frozenset[int] | None) -> list[int]:
    if docs is None:
        return sorted(rowids)
    return sorted(r for r in rowids if r >> cache.SHIFT in docs)


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {r: s * boost for r, s in scores.items()}


def document_numbers(rowids: list[int] | dict[int, float]) -> map[int]:
    """The document number of each row id."""
    return map(operator.rshift, rowids, repeat(cache.SHIFT))
