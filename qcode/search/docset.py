"""Whoosh queries and matchers of our own: segment-set filters, and a corrected AND NOT."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import AndNotMatcher, FilterMatcher, ListMatcher, NullMatcher
from whoosh.reading import TermNotFound

from qcode.search.live import LiveIndex


def read_postings(
    reader: Any, fieldname: str, text: str, weights: bool = True
) -> tuple[list[int], list[float]]:
    """A term's (live) docnums in a segment reader and its frequency in each (none unless
    `weights`), read a block at a time rather than posting by posting: Whoosh's `all_ids()`
    makes three method calls per id and decodes the ids with a Python generator."""
    try:
        m = reader.postings(fieldname, text)
    except TermNotFound:
        return [], []
    deleted: frozenset[int] = frozenset()
    if isinstance(m, FilterMatcher):
        deleted, m = reader.deleted_docs_set, m.child
    ids: list[int] = []
    tfs: list[float] = []
    if not isinstance(m, W3LeafMatcher):  # another codec: the slow, public way
        while m.is_active():
            ids.append(m.id())
            tfs.append(m.weight() if weights else 1.0)
            m.next()
    else:
        while m.is_active():
            if m._data is None:
                m._read_data()
            raw_ids, raw_weights = m._data[0], m._data[1]
            skip, count = m._i, m._blocklength
            ids += raw_ids[skip:] if m._byteids else list(accumulate(raw_ids))[skip:]
            if weights:
                if raw_weights is None or isinstance(raw_weights, float):
                    tfs += [float(raw_weights or 1.0)] * (count - skip)
                else:
                    tfs += raw_weights[skip:]
            m._next_block()
    if not weights:
        tfs = []
    if deleted:
        kept = [i for i, d in enumerate(ids) if d not in deleted]
        ids = [ids[i] for i in kept]
        tfs = [tfs[i] for i in kept] if tfs else []
    return ids, tfs


class SafeListMatcher(ListMatcher):  # type: ignore[misc]
    """Whoosh's list matcher, safe to ask for its id once exhausted (Whoosh's AndNot does ask),
    and working out its best score once instead of at every block."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weights = self._weights
        self._best = max(weights) if weights else (self._all_weights or 1.0)

    def id(self) -> int:
        if self._i < len(self._ids):
            return int(self._ids[self._i])
        return _PAST_THE_END

    def block_max_weight(self) -> float:
        return float(self._best)


_PAST_THE_END = 2**62


class DocnumsQuery(wq.Query):  # type: ignore[misc]
    """Matches the given index documents (segments) with a score of 0: a filter, not evidence.

    Used for attribute fields (`force:C`), source kinds, chosen documents and the code filters:
    an OR of a hundred document terms would be merged posting by posting; this is one sorted
    list per segment reader.
    """

    def __init__(self, live: LiveIndex, docnums: Iterable[int], label: str = "") -> None:
        self.live = live
        self.docnum_set = docnums if isinstance(docnums, frozenset) else frozenset(docnums)
        self._sorted: list[int] | None = None
        self.label = label
        self.boost = 1.0

    @property
    def docnums(self) -> list[int]:
        """The docnums in order (sorted when first needed: bulk ranking only needs the set)."""
        if self._sorted is None:
            self._sorted = sorted(self.docnum_set)
        return self._sorted

    def __repr__(self) -> str:
        return f"DocnumsQuery({self.label or len(self.docnums)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DocnumsQuery) and other.docnum_set == self.docnum_set

    def __hash__(self) -> int:
        return hash(self.docnum_set)

    def is_leaf(self) -> bool:
        return True

    def normalize(self) -> Any:
        return self

    def copy(self) -> Any:
        return self

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.docnum_set)

    def estimate_min_size(self, ixreader: Any) -> int:
        return len(self.docnum_set)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        reader = searcher.reader()
        base = self.live.offsets.get(id(reader))
        if base is None:
            raise RuntimeError("a segment filter used with another index's reader")
        lo = bisect.bisect_left(self.docnums, base)
        hi = bisect.bisect_left(self.docnums, base + reader.doc_count_all())
        local = [d - base for d in self.docnums[lo:hi]]
        if reader.has_deletions():
            local = [d for d in local if not reader.is_deleted(d)]
        if not local:
            return NullMatcher()
        return SafeListMatcher(local, all_weights=0.0)


class _AndNotMatcher(AndNotMatcher):  # type: ignore[misc]
    """Whoosh's AndNot matcher starts on its first positive id even when the negative side
    holds it too (it only checks when both start on the same id); this one checks always."""

    def _find_first(self) -> None:
        if self.a.is_active() and self.b.is_active():
            self._find_next()


class AndNot(wq.AndNot):  # type: ignore[misc]
    """`a AND NOT b`, with the corrected matcher."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        scored = self.a.matcher(searcher, context)
        banned = self.b.matcher(searcher, searcher.boolean_context())
        return _AndNotMatcher(scored, banned)
