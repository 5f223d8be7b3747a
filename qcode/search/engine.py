"""`search()`: a query and filters in, a page of KWIC hits with exact offsets and counts out."""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Literal

from whoosh import query as wq
from whoosh.collectors import TopCollector

from qcode.errors import QcodeError
from qcode.search import filters
from qcode.search.docset import DocnumsQuery
from qcode.search.kwic import find_matches, kwic
from qcode.search.live import LiveIndex, open_index
from qcode.search.phrase import CheckedPhrase
from qcode.search.query import ParsedQuery, parse_query
from qcode.search.rank import scored_matches
from qcode.store import Project

Order = Literal["rank", "document"]
_SCORE = itemgetter(1)
MAX_PAGE_SIZE = 10_000


@dataclass(frozen=True)
class Hit:
    """One matching segment: where it is, who speaks, and the exact [start, end) of each match
    in document code points (so a viewer can jump there and coding can use them)."""

    segment_id: int
    document_uuid: str
    document_name: str
    kind: str
    speaker: str
    paragraph: int
    segment_start: int
    segment_end: int
    matches: list[tuple[int, int]]
    snippet: str
    left: str
    match: str
    right: str
    score: float = 0.0


@dataclass(frozen=True)
class SearchResults:
    """A page of hits with the counts of the whole result set."""

    query: str
    hits: list[Hit]
    total: int
    page: int
    page_size: int
    order: str
    per_document: dict[str, int] = field(default_factory=dict)
    per_kind: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


@dataclass(frozen=True)
class Matched:
    """Every index document a query matched after all filters, and how it was asked."""

    live: LiveIndex
    parsed: ParsedQuery
    query: Any
    docnums: list[int]


def _scope(
    project: Project,
    live: LiveIndex,
    kinds: Sequence[str] | None,
    documents: Sequence[str] | None,
    code: str | None,
    not_code: str | None,
    coder: str | None,
) -> frozenset[int] | None:
    """The docnums the filters allow (None: all). Kinds and documents come from memory, codes
    and coders from SQL (segments overlapping a live coding)."""
    scope: frozenset[int] | None = None

    def narrow(allowed: Iterable[int]) -> None:
        nonlocal scope
        scope = frozenset(allowed) if scope is None else scope.intersection(allowed)

    if kinds:
        narrow(live.docnums_of_kinds(filters.kinds(kinds)))
    if documents:
        narrow(live.docnums_of_documents(frozenset(filters.document_uuids(project, documents))))
    if code or coder:
        narrow(_docnums(live, filters.coded_segments(project, code, coder)))
    if not_code:
        if scope is None:
            scope = frozenset(live.docnum_of.values())
        scope -= _docnums(live, filters.coded_segments(project, not_code, coder))
    return scope


def run_query(
    project: Project,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    code: str | None = None,
    not_code: str | None = None,
    coder: str | None = None,
    documents: Sequence[str] | None = None,
) -> Matched:
    """Parse, filter and collect every matching segment (as index document numbers)."""
    live, parsed, q = prepare(project, query, kinds, code, not_code, coder, documents)
    with live.lock:
        every = scored_matches(live, q)
        docnums = sorted(every) if every is not None else list(live.searcher.docs_for_query(q))
    return Matched(live, parsed, q, docnums)


def prepare(
    project: Project,
    query: str,
    kinds: Sequence[str] | None,
    code: str | None,
    not_code: str | None,
    coder: str | None,
    documents: Sequence[str] | None,
) -> tuple[LiveIndex, ParsedQuery, Any]:
    """The open index, the parsed query, and the Whoosh query with the filters applied."""
    live = open_index(project)
    parsed = parse_query(live, query)
    q = parsed.query
    scope = _scope(project, live, kinds, documents, code, not_code, coder)
    if scope is not None:
        _restrict_phrases(q, scope)
        q = wq.And([q, DocnumsQuery(live, scope, "filters")])
    return live, parsed, q


class _TopAndEvery(TopCollector):  # type: ignore[misc]
    """The best `limit` hits by score and every matching docnum, in one pass."""

    def __init__(self, limit: int) -> None:
        # no block skipping, no pruning of OR branches: every match is visited and counted
        super().__init__(limit=limit, usequality=False, replace=0)
        self.every: list[int] = []

    def _collect(self, global_docnum: int, score: float) -> Any:
        self.every.append(global_docnum)
        return super()._collect(global_docnum, score)


def _restrict_phrases(q: Any, scope: frozenset[int]) -> None:
    """Let phrases confirm only candidates the filters allow (the costly part of a phrase)."""
    if isinstance(q, CheckedPhrase):
        q.scope = scope
    for kid in q.children() if not q.is_leaf() else ():
        _restrict_phrases(kid, scope)


def _in_order(live: LiveIndex, docnums: Sequence[int], n: int) -> list[int]:
    """The first `n` docnums in document order."""
    return heapq.nsmallest(n, docnums, key=live.order_key)


def _docnums(live: LiveIndex, segment_ids: set[int]) -> set[int]:
    get = live.docnum_of.get
    return {d for d in map(get, segment_ids) if d is not None}


def search(
    project: Project,
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    code: str | None = None,
    not_code: str | None = None,
    coder: str | None = None,
    documents: Sequence[str] | None = None,
    order: Order = "rank",
    page: int = 1,
    page_size: int = 50,
) -> SearchResults:
    """Search the project's segments; see the module `qcode.search` for the query syntax."""
    started = time.perf_counter()
    if order not in ("rank", "document"):
        raise QcodeError(f"unknown order {order!r}; use rank or document")
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise QcodeError(f"pages are numbered from 1 and hold 1 to {MAX_PAGE_SIZE} hits")
    first = (page - 1) * page_size
    live, parsed, q = prepare(project, query, kinds, code, not_code, coder, documents)
    with live.lock:
        every = scored_matches(live, q)
        if every is not None:  # the usual case: every match scored in bulk
            docnums: Sequence[int] = list(every)
            if order == "document":
                ranked = [(d, every[d]) for d in _in_order(live, docnums, first + page_size)]
            else:
                ranked = heapq.nlargest(first + page_size, every.items(), key=_SCORE)
        elif order == "document":
            docnums = list(live.searcher.docs_for_query(q))
            ranked = [(d, 0.0) for d in _in_order(live, docnums, first + page_size)]
        else:
            collector = _TopAndEvery(first + page_size)
            live.searcher.search_with_collector(q, collector)
            ranked = [(d, s) for s, d in collector.results().top_n]
            docnums = collector.every
    ranked = ranked[first:]
    hits = make_hits(live, parsed, [d for d, _ in ranked], dict(ranked))
    per_doc = Counter(map(live.doc_at.__getitem__, docnums))
    per_document: dict[str, int] = {}
    per_kind: dict[str, int] = {}
    for uuid, n in sorted(per_doc.items(), key=lambda kv: live.document_sort_key(kv[0])):
        row = live.documents.get(uuid)
        if row is None:
            continue
        per_document[row.name] = n
        per_kind[row.kind] = per_kind.get(row.kind, 0) + n
    return SearchResults(
        query=query,
        hits=hits,
        total=len(docnums),
        page=page,
        page_size=page_size,
        order=order,
        per_document=per_document,
        per_kind=per_kind,
        seconds=time.perf_counter() - started,
    )


def make_hits(
    live: LiveIndex,
    parsed: ParsedQuery,
    docnums: Sequence[int],
    scores: dict[int, float] | None = None,
) -> list[Hit]:
    """Hits for index documents, with their matched words found again in the segment text."""
    out: list[Hit] = []
    for d in docnums:
        row = live.segments.get(live.segment_of[d])
        doc = live.documents.get(row.document_uuid) if row is not None else None
        if row is None or doc is None:
            continue
        text = live.text(doc.uuid)[row.start : row.end]
        local = find_matches(text, parsed.highlight)
        snippet, left, match, right = kwic(text, local)
        out.append(
            Hit(
                segment_id=row.id,
                document_uuid=doc.uuid,
                document_name=doc.name,
                kind=doc.kind,
                speaker=row.speaker,
                paragraph=row.ordinal,
                segment_start=row.start,
                segment_end=row.end,
                matches=[(row.start + s, row.start + e) for s, e in local],
                snippet=snippet,
                left=left,
                match=match,
                right=right,
                score=(scores or {}).get(d, 0.0),
            )
        )
    return out
